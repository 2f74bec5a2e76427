"""One reading of a rule's `context` for the rules' hits and the second reader's sentences.

`set_aside` tells whether a hit is left alone by the rule's context; the phrasing guide asks it
of every hit of a rule's patterns, tokens and shapes, and of every sentence the second reader
(`reflect.phrasing_model`) finds, so each context is tested in one place:
- `contact`: the contact is refused or declined, or a message only shown or read out;
- `statement`: a question to the person (not one that answers itself, for a rule about everyone:
  "doesn't everyone feel like that?" is a claim, with or without its question mark; nor the
  writer's own struggle asked of themselves, "how am i meant to help anyone when i can't sleep?");
- `own`: not the writer's own statement (for the second reader's sentence: a note about someone
  else with no "I", "me" or "my" in it, "she's really struggling at the moment"); and, for a
  rule of the writer's state now, words saying the writer is well now;
- `writer`, `asserted` and a rule quiet for supervisors: a client's words noted, a wish, or
  sharing taken to the writer's own supervisor (`_not_for_the_person`);
- `universal`: "everyone" denied ("not everyone") or an ordinary shared experience ("everyone
  finds the first week on the ward strange");
- `said`: words the writer says they did not say ("I didn't want to say it's nothing");
- `my_part`: another's hard time only sets the time of the writer's own part;
- `reflected`: the writer looks back on their own telling, or kept it short ("i realised
  afterwards i'd talked too much about myself", "kept it to one sentence");
- `affirmed`: an offer or contact the writer declined ("she asked to come round to mine and I
  explained I can't"), and, for a rule's hit, its own verb negated ("I'm not struggling");
- `mentioned`: the rule's wording talked about, not said ("we talked about why 'I know how you
  feel' can shut things down"); `options`: the writer's way laid beside what others found
  (`reflect.mention_shapes`, which also reads a second reader's sentence that is wholly the
  person's words, for `own` and `writer`);
- `known`: what the writer knows is what the person told them, or how hard a service is to
  get ("i know how you feel about the new key worker, you told me", "i know how hard it is to
  get a gp appointment"); `in_hand`: the writer's trouble with one thing laughed off or taken to
  their manager ("i cant cope with this heat haha") (`reflect.known_shapes`);
- `contest` and `handed_back` (the second reader's sentence only): counts side by side that are
  no contest ("she's had two sessions and I've had three"); the writer turns back to the person
  with a question ("..., and asked about his").

Where the two differ, they differ on purpose: the second reader's hit is a whole sentence, whose
root is not the word the rule's idea hangs on, so the tests that read one word's clause (`own`'s
subject, `affirmed`'s negation) are read on a rule's hit only, and the sentence-wide ones stand
in for them; and a rule reads counts by its shape (`more_than_theirs`, which finds only a
contest), so its words of comparing ("mine didn't give a toss") and of time taken ("the whole
session went on my divorce") stand whatever counts or questions sit beside them.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from reflect.everyone_shapes import ordinary_to_all, rhetorical
from reflect.guard_context import declined, not_between_us
from reflect.known_shapes import been_to_the_place, hard_to_obtain, heard_from_them, one_thing_in_hand
from reflect.language import FIRST_PERSON, denies_universal, is_negated, is_own, is_question, root_of, run_on
from reflect.mention_shapes import beside_others, mentioned, my_telling_held_back, their_words
from reflect.language_shapes import counts_no_contest, returns_to_person, said_of_someone_else, told_to_support, voiced_by_other, wished_for
from reflect.others_story_shapes import my_part
from reflect.own_state_shapes import asked_of_myself
from reflect.relation_shapes import reflected_on
from reflect.smaller_shapes import unsaid

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from reflect.phrasing_rules import PhrasingRule

_WELL_NOW = re.compile(
    r"\bI(?:'m| am) (?:now |feeling |doing )?(?:in a (?:good|better|much better|great) place|(?:doing )?(?:well|ok|okay|fine|better|great) now|settled now)\b"
    r"|\b(?:but|otherwise|and) I(?:'m| am) (?:fine|ok|okay|alright|grand|good)\b",
    re.IGNORECASE,
)
# Verbs of turning something down: the person's own refusal is no offer the writer declined.
_REFUSING = frozenset({"decline", "refuse", "ignore"})


def set_aside(rule: PhrasingRule, doc: Doc, start: int, end: int, *, sentence: bool = False) -> bool:
    """Whether the hit at these offsets of `doc`'s text is left alone by the rule's `context`.
    `sentence`: the hit is a sentence the second reader found, not a rule's own hit."""
    context = rule.context
    if not context:
        return False
    if "contact" in context and not_between_us(doc, start, end):
        return True
    root = root_of(doc, start, end)
    if root is None:
        return False
    # A question that answers itself ("doesn't everyone feel like that?") is a claim, with or
    # without its question mark ("doesnt everybody get like that").
    claim = "universal" in context and rhetorical(root.sent)
    # The writer's own struggle asked of themselves ("how am i meant to help anyone when i can
    # barely eat?") is a statement in effect.
    if "statement" in context and is_question(root.sent) and not claim and not asked_of_myself(root.sent):
        return True
    if "own" in context and (_about_someone_else(doc, start, end) if sentence else not is_own(root)):
        return True
    # For the second reader's sentence, read to the end of a sentence the parser split with no stop.
    if "own" in context and not rule.read_reported and _WELL_NOW.search(doc.text, start, run_on(root.sent).end_char if sentence else end):
        return True  # "... and I'm in a good place now"
    if _not_for_the_person(rule, root) or sentence and ("own" in context or "writer" in context) and (their_words(doc, start, end) or my_telling_held_back(doc, start, end)):
        return True
    if "universal" in context and not claim and (denies_universal(doc, start, end) or ordinary_to_all(doc, start, end)):
        return True
    if "said" in context and unsaid(doc, start, end):
        return True
    if "my_part" in context and my_part(doc, start, end):
        return True
    if "reflected" in context and reflected_on(doc, start, end):
        return True
    if "affirmed" in context and (_writer_declined(doc, start, end) or not sentence and is_negated(root)):
        return True
    if "known" in context and (heard_from_them(doc, start, end) or hard_to_obtain(doc, start, end) or been_to_the_place(doc, start, end)):
        return True
    if "in_hand" in context and one_thing_in_hand(doc, start, end):
        return True
    if "mentioned" in context and mentioned(doc, start, end) or "options" in context and beside_others(doc, start, end):
        return True
    if not sentence:
        return False
    # The second reader's sentence only: its counts and its brief sharing. A rule's counts are
    # read by `more_than_theirs`, and its words of comparing or of time taken stand as they are.
    return "contest" in context and counts_no_contest(doc, start, end) or "handed_back" in context and returns_to_person(doc)


def _not_for_the_person(rule: PhrasingRule, root: Token) -> bool:
    """The hit is in a client's words the writer noted ("she thinks she'll always be like
    this"), for a rule that reads only the writer's own; in what someone only hopes or
    wishes ("I hope you'll never have to go through that again"), for a rule that reads what
    is asserted; or it was taken to the writer's own supervisor or manager, for a rule that
    stays quiet for them."""
    if ("own" in rule.context or "writer" in rule.context) and voiced_by_other(root):
        return True
    if "asserted" in rule.context and wished_for(root):
        return True
    return "supervisor_manager" in rule.quiet_for and told_to_support(root.sent)


def _writer_declined(doc: Doc, start: int, end: int) -> bool:
    """An offer or contact the writer turned down (`declined`: "she asked to come round to
    mine and I explained I can't"), not one the person refused ("she refused to talk, so I
    said I know exactly how you feel", "he turned it down")."""
    if not declined(doc, start, end):
        return False
    sent = doc.char_span(start, end, alignment_mode="expand").sent
    after = doc[sent.end].sent.end if sent.end < len(doc) else sent.end
    return not any(_refusing(t) and said_of_someone_else(t) for t in doc[sent.start : after])


def _refusing(token: Token) -> bool:
    """A verb of turning something down: "refused", "declined", "ignored it", "turned it down",
    "wouldn't accept"."""
    lemma = token.lemma_.lower()
    if lemma == "turn":
        return any(c.lower_ == "down" for c in token.children)
    return lemma in _REFUSING or lemma == "accept" and is_negated(token)


def _about_someone_else(doc: Doc, start: int, end: int) -> bool:
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or any(t.lower_ in FIRST_PERSON for t in span):
        return False
    root = root_of(doc, start, end)
    return root is not None and said_of_someone_else(root)
