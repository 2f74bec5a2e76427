"""The kinds of supervision a pair holds (clinical, professional, line management, practice),
and the rule that follows from them: the personal prompts (wellbeing, what the work stirred up,
the wellness plan) are not offered in a line-management session unless the supervisee turns
them on for that session.

The kinds are the options of the supervision set's question tagged `session_kind`, so an
organisation's own set can name its own. A pair's kinds are set by the admin who makes the
pair; both members see them, and each session can say which kind it was."""

from __future__ import annotations

from collections.abc import Iterable

from reflect import runtime
from reflect.questions import QuestionSet
from reflect.questions.schema import SingleChoiceQuestion

LINE_MANAGEMENT = "line_management"


def current_set() -> QuestionSet:
    """The supervision question set in use now.

    Raises:
        LookupError: the catalogue has no supervision set.
    """
    sets = runtime.current().catalogue.by_kind("supervision")
    if not sets:
        raise LookupError("no supervision question set")
    return sets[0]


def options() -> dict[str, str]:
    """The kinds of supervision: option id to label, in the set's order."""
    question = current_set().tagged("session_kind")
    return {o.id: o.label for o in question.options} if isinstance(question, SingleChoiceQuestion) else {}


def unknown(kinds: Iterable[str]) -> list[str]:
    """The kinds given that are not kinds of supervision."""
    known = options()
    return [k for k in kinds if k not in known]


def stored(kinds: Iterable[str]) -> str:
    """The kinds as a pair keeps them: known ids, in the set's order, comma-separated."""
    wanted = set(kinds)
    return ",".join(k for k in options() if k in wanted)


def parsed(value: str | None) -> tuple[str, ...]:
    return tuple(k for k in (value or "").split(",") if k)


def labels(kinds: Iterable[str]) -> tuple[str, ...]:
    known = options()
    return tuple(known.get(k, k.replace("_", " ").capitalize()) for k in kinds)


def session_kind(recorded: str | None, pair_kinds: tuple[str, ...]) -> str | None:
    """The kind a session counts as: the one recorded on it, else the pair's only kind."""
    if recorded:
        return recorded
    return pair_kinds[0] if len(pair_kinds) == 1 else None


def personal_offered(recorded: str | None, pair_kinds: tuple[str, ...], turned_on: bool) -> bool:
    """Whether a session offers the personal prompts: always, except in line management,
    where only the supervisee's turning them on for that session offers them."""
    return turned_on or session_kind(recorded, pair_kinds) != LINE_MANAGEMENT
