"""What the second reader leaves alone by a rule's `context`, as the rules do: an ordinary
shared experience for a rule about everyone ("everyone finds the first week on the ward
strange"), and the writer's own part of someone's hard time for a rule about someone else's
story ("when my sister was ill, what I remember is feeling helpless")."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reflect.everyone_shapes import ordinary_to_all
from reflect.others_story_shapes import my_part

if TYPE_CHECKING:
    from spacy.tokens import Doc


def set_aside(context: tuple[str, ...], doc: Doc, start: int, end: int) -> bool:
    """Whether a hit at these offsets is left alone by a rule with this `context`."""
    if "universal" in context and ordinary_to_all(doc, start, end):
        return True
    return "my_part" in context and my_part(doc, start, end)
