"""More ways of making the person's experience smaller, whatever the words: it could be worse
("it could've been so much worse", "things could always be worse") and others have it worse
("others have it far worse", "some people are a lot worse off"), said with no one's own set
beside it ("at least you've still got your job", "believe me", "than you" are the comparing
rule's, as the corpora have them). The minimising rule asks for them by name (`shapes:` in
prompts/phrasing.yaml). And words the writer says they did not say ("I didn't want to say it's
nothing", "I wasn't going to tell her to cheer up") are not said (`unsaid`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reflect.language import FIRST_PERSON, is_negated, span_of

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

_REPORTING = frozenset({"say", "tell", "remind", "reply", "add", "reassure", "point"})
_MODALS = frozenset({"could", "might", "can", "may", "would"})
_OTHERS = frozenset({"others", "other", "people", "some", "lots", "loads", "plenty", "many", "folk", "folks", "ppl", "millions"})
_THEM = frozenset({"you", "u", "he", "she", "they", "it", "that", "this", "things", "nobody", "no", "one", "none", "nothing"})


def _worse(token: Token) -> bool:
    return token.lower_ in ("worse", "worser") or (token.lemma_.lower() == "bad" and token.tag_ in ("JJR", "RBR"))


def could_be_worse(doc: Doc) -> list[tuple[int, int]]:
    """Spans where the person's trouble is set beside a worse one: it could be worse ("it could
    be a lot worse", "could've been so much worse", "things could always be worse"), or others
    have it worse ("others have it far worse", "some people are much worse off")."""
    spans = []
    for worse in doc:
        if not _worse(worse):
            continue
        verb = worse.head
        while verb.dep_ in ("ccomp", "xcomp") and verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
            verb = verb.head
        # A tag after it ("could've been worse, couldn't it") asks for agreement, it denies nothing.
        if verb.pos_ not in ("VERB", "AUX") or any(c.dep_ == "neg" and c.i < worse.i for c in verb.children):
            continue
        subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") and c.i < worse.i), None)
        if subject is not None and (subject.lower_ in FIRST_PERSON or subject.lower_ in ("we", "us")):
            continue  # "I could have done worse", "we could be worse off": the writer's own
        helpers = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
        could = verb.lemma_ == "be" and bool(helpers & _MODALS) and (subject is None or subject.lower_ in _THEM)
        others = subject is not None and subject.lower_ in _OTHERS and verb.lemma_.lower() in ("have", "be") and not helpers & _MODALS
        # "believe me", "than you", "mine was": set beside the writer's or the person's own, it is
        # a contest (the comparing rule's), not making it smaller.
        contest = any(
            t.lower_ in ("me", "mine", "my", "myself") or t.lower_ == "you" and t.head.lower_ == "than"
            or t.lower_ == "i" and t.head.lemma_.lower() not in _REPORTING for t in worse.sent
        )
        if (could or others) and not contest:
            spans.append(span_of(subject if subject is not None and subject.i < worse.i else verb, worse))
    return spans


_SAYING = frozenset({"say", "tell", "call", "suggest", "imply", "mention", "add"})


def unsaid(doc: Doc, start: int, end: int) -> bool:
    """The words at these offsets are in a clause the writer says they did not say: "I didn't
    want to say it's nothing", "I wasn't going to tell her to cheer up", "I'd never say that's
    life" (what someone else did not say is not the writer's either way)."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return False
    for above in span.root.ancestors:
        if above.lemma_.lower() in _SAYING and above.pos_ == "VERB":
            chain = [above, *above.ancestors][:3]
            return any(is_negated(v) for v in chain if v.pos_ in ("VERB", "AUX"))
    return False


SHAPES = {"could_be_worse": could_be_worse}
