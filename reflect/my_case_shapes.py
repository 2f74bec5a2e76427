"""How the phrasing guide reads the person's future foretold from the writer's own case: my past
given as the ground for their outcome ("i came off them after six months so you'll be off yours
by the summer too", "my first christmas after the split was the worst so hers will be too",
"from what happened to me he'll probably find the second month the hardest", "going by my own
experience you'll be back at work by spring"). No two experiences are the same. The
overgeneralising rule asks for it by name (`shapes:` in prompts/phrasing.yaml) through
`reflect.shapes.SHAPES`.

A forecast is a verb with "will" (or "going to", or "probably" in the present) whose subject is
the person ("you", "he", "she", "hers"); it rests on my case when it follows a past clause of
mine with "so", carries "too" beside one, or is said "from", "going by" or "judging by" what
happened to me. Said with "might" or "may" it is a possibility, not a forecast ("it eased for
me after a few weeks so it might for you too"); denied, it is no forecast ("you won't
necessarily feel the way i did")."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reflect.language import REPORTING_LEMMAS

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

_FUTURE = frozenset({"will", "'ll", "ll", "shall", "gonna"})
_LIKELY = frozenset({"probably", "prob", "prolly", "likely", "definitely", "surely", "bound"})
_PERSON = frozenset({"you", "u", "ya", "he", "she", "they", "yours", "hers", "his", "theirs"})
_ALSO = frozenset({"too", "either", "also"})
# "from what happened to me", "going by my own experience", "judging by mine", "based on mine".
_FROM = frozenset({"from", "by", "on"})
_MINE = frozenset({"me", "my", "mine", "myself"})


def _subject(verb: Token) -> Token | None:
    return next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)


def _forecast(verb: Token) -> bool:
    if verb.pos_ not in ("VERB", "AUX") or verb.dep_ in ("aux", "auxpass"):
        return False
    subject = _subject(verb)
    if subject is None or subject.lower_ not in _PERSON or any(c.dep_ == "neg" for c in verb.children):
        return False
    if any(t.lower_ in _MINE for t in verb.subtree if t.i > verb.i):
        return False  # "you'll get my notes too": something of mine given, not their outcome
    helpers = [c for c in verb.children if c.dep_ == "aux"]
    if any(h.lower_ in _FUTURE or h.lemma_ == "will" for h in helpers):
        return True
    going = any(h.lower_ in ("going", "gon") for h in helpers)
    likely = verb.tag_ in ("VBP", "VBZ") and any(c.lower_ in _LIKELY for c in verb.children if c.dep_ == "advmod")
    return going or likely


def _mine_then(token: Token) -> bool:
    """A past clause of mine: "i came off them", "my first christmas was the worst" (not "i
    told her", which only reports)."""
    if token.tag_ != "VBD" or token.lemma_.lower() in REPORTING_LEMMAS:
        return False
    subject = _subject(token)
    if subject is not None and (subject.lower_ in ("i", "mine") or any(c.lower_ == "my" for c in subject.children)):
        return True
    # A "my" a few words before, which parsers often hang elsewhere: "i told her my first
    # christmas after the split was the worst" (not someone else's: "she was", "he did").
    doc = token.doc
    window = doc[max(token.sent.start, token.i - 6) : token.i]
    return (subject is None or subject.lower_ not in _PERSON) and any(t.lower_ == "my" for t in window)


def _from_my_case(sentence: Span) -> bool:
    """"from what happened to me", "going by my experience", "judging by mine"."""
    for token in sentence:
        if token.lower_ in _FROM and token.dep_ in ("prep", "agent"):
            words = [t for t in token.subtree if t.i > token.i][:6]
            if any(t.lower_ in _MINE for t in words):
                return True
    return False


def forecast_from_mine(doc: Doc) -> list[tuple[int, int]]:
    """Spans where the person's outcome is foretold from the writer's own case (see the
    module's docstring)."""
    spans = []
    for sentence in doc.sents:
        mine = [t for t in sentence if _mine_then(t)]
        from_mine = _from_my_case(sentence)
        if not mine and not from_mine:
            continue
        for verb in sentence:
            if not _forecast(verb):
                continue
            so = any(c.lower_ == "so" and c.dep_ in ("mark", "advmod", "cc") for c in verb.children) or (
                verb.i > 0 and doc[_subject(verb).left_edge.i - 1].lower_ == "so"
            )
            also = any(c.lower_ in _ALSO or c.lower_ == "well" for c in verb.children if c.dep_ == "advmod")
            before = [t for t in mine if t.i < verb.i]
            if from_mine or (so and before) or (also and mine):
                first = min([verb.left_edge.i] + [t.left_edge.i for t in before[-1:]])
                spans.append((doc[first].idx, verb.right_edge.idx + len(verb.right_edge)))
    return spans


SHAPES = {"forecast_from_mine": forecast_from_mine}
