"""What the second reader leaves alone by a rule's `context`, as the rules do: an ordinary
shared experience for a rule about everyone ("everyone finds the first week on the ward
strange"), the writer's own part of someone's hard time for a rule about someone else's
story ("when my sister was ill, what I remember is feeling helpless"), and a note about someone
else with no "I", "me" or "my" in it for a rule of the writer's own state ("she's really
struggling at the moment"); an offer declined for a rule read only where affirmed ("she asked
to come round to mine and I explained I can't"), and counts side by side that are no contest
for a rule of whose struggle was worse ("she's had two sessions and I've had three"), and the
writer looking back on their own telling, or keeping it short, for a rule of the focus moved
onto them ("i realised afterwards i'd talked too much about myself")."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reflect.everyone_shapes import ordinary_to_all
from reflect.guard_context import declined
from reflect.language import FIRST_PERSON, root_of
from reflect.language_shapes import counts_no_contest, said_of_someone_else
from reflect.others_story_shapes import my_part
from reflect.relation_shapes import reflected_on

if TYPE_CHECKING:
    from spacy.tokens import Doc


def set_aside(context: tuple[str, ...], doc: Doc, start: int, end: int) -> bool:
    """Whether a hit at these offsets is left alone by a rule with this `context`."""
    if "universal" in context and ordinary_to_all(doc, start, end):
        return True
    if "own" in context and _about_someone_else(doc, start, end):
        return True
    if "affirmed" in context and declined(doc, start, end):
        return True
    if "contest" in context and counts_no_contest(doc, start, end):
        return True
    if "reflected" in context and reflected_on(doc, start, end):
        return True
    return "my_part" in context and my_part(doc, start, end)


def _about_someone_else(doc: Doc, start: int, end: int) -> bool:
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or any(t.lower_ in FIRST_PERSON for t in span):
        return False
    root = root_of(doc, start, end)
    return root is not None and said_of_someone_else(root)
