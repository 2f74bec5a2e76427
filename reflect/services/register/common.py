"""What the register's modules share: its errors, an entry as a person enters it, the filters
of a search or download, and the register categories with their labels."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from reflect import runtime
from reflect.questions.schema import RegisterCategories
from reflect.services.errors import Refused

CONTRIBUTOR_SUFFIX = " (uses the service)"


class RegisterError(Refused, ValueError):
    """The request can't be carried out as asked; the message says why, kindly."""


class IdentifyingDetails(RegisterError):
    """The text seems to hold details that could identify a person using the service."""


@dataclass(frozen=True)
class EntryInput:
    """One talent as a person enters it. Ids come from the register categories data file."""

    category: str
    description: str
    # None: the team (personal experience is team-only unless its owner chooses otherwise).
    visibility: str | None = None
    willing_to: tuple[str, ...] = ()
    availability: str = ""
    level: str | None = None
    language: str | None = None
    team_id: int | None = None
    # For a private category (personal experience): the owner's opt-in to CSV/XLSX exports.
    export_ok: bool = False


@dataclass(frozen=True)
class RegisterFilters:
    """What a search or a download of the register is narrowed to: entries holding every word
    of `query`, in this category and language, whose owner is willing to do `willing_to`, of
    this team. Empty fields narrow nothing."""

    query: str = ""
    category: str | None = None
    language: str | None = None
    willing_to: str | None = None
    team_id: int | None = None


# --- data and validation ------------------------------------------------------------------


def choices() -> RegisterCategories:
    """The register categories, levels, visibility and willing-to options (data in `prompts/`)."""
    return runtime.current().catalogue.register


def label(options: Iterable, option_id: str | None) -> str:
    """The label of the option with this id (the id itself when the data file no longer has it)."""
    return next((o.label for o in options if o.id == option_id), option_id or "")
