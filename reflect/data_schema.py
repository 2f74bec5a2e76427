"""What the schemas of the data files in `prompts/` are built from: the frozen model base, the
id and text types, the error that carries a location below the model, and a citation of the
briefing papers. Question sets (`reflect.questions.schema`) and phrasing rules
(`reflect.phrasing_rules`) both build on it."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints


class SchemaError(ValueError):
    """A validation problem located below the model that found it.

    `loc` is appended to pydantic's location by the loader, e.g. ("sections", 1,
    "questions", 0, "id") for a duplicate question id found by the set-level check.
    """

    def __init__(self, message: str, *, loc: tuple[str | int, ...] = ()) -> None:
        super().__init__(message)
        self.loc = tuple(loc)


def reject_yaml_booleans(value: Any) -> Any:
    """The value as it is; an error naming the trap when YAML read it as true or false."""
    # YAML 1.1 reads unquoted yes/no/on/off as booleans, a classic trap for option ids.
    if isinstance(value, bool):
        raise ValueError(
            "YAML read this as true/false (yes, no, on and off are booleans in YAML): "
            'put it in quotes, e.g. "yes"'
        )
    return value


Id = Annotated[
    str,
    BeforeValidator(reject_yaml_booleans),
    StringConstraints(pattern=r"^[a-z0-9_]+$", min_length=1, max_length=64),
]
Text = Annotated[str, BeforeValidator(reject_yaml_booleans), StringConstraints(min_length=1)]
CoverKey = Annotated[str, StringConstraints(pattern=r"^[a-z0-9_]+$", min_length=1)]


class FrozenModel(BaseModel):
    """A data file's model: frozen, and refusing unknown fields so a typo is reported."""

    model_config = ConfigDict(extra="forbid", frozen=True)


def check_unique(ids: list[str], *, field: str, what: str) -> None:
    """Raise SchemaError naming the second use of any id in `ids`."""
    seen: set[str] = set()
    for index, item_id in enumerate(ids):
        if item_id in seen:
            raise SchemaError(f"duplicate {what} id '{item_id}'", loc=(field, index, "id"))
        seen.add(item_id)


class Citation(FrozenModel):
    """A place in the briefing papers: the paper, the section heading as printed, and the
    paragraph within that section (counting each bulleted item as a paragraph)."""

    id: Id
    paper: Text
    section: Text
    paragraph: int = Field(ge=1)
    note: str | None = None

    def __str__(self) -> str:
        return f"{self.paper}, '{self.section}', paragraph {self.paragraph}"
