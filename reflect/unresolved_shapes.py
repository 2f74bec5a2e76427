"""How the phrasing guide reads something still raw said through what is not over yet, whatever
the words: the writer's own matter still open ("the divorce isn't final yet", "it's not over",
"it's still going through court"), something the writer has not yet done with it ("I haven't
even told my own team yet", "I haven't really let myself grieve yet"), news waited on ("I'm
waiting on my own scan results"), or a hard thing going on now ("I'm currently off my meds",
"I'm having treatment for cancer at the moment", "I'm in the middle of a divorce right now").
Not someone else's ("her case isn't over yet"), nor a plan not yet made ("I haven't decided yet
whether to share it"), nor what the writer has not yet told the person ("I haven't told her
yet"). The too_raw rule asks for it by name (`shapes:` in prompts/phrasing.yaml), through
`reflect.shapes.SHAPES`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reflect.language import clause_subject, is_question, span_of

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

_ME = frozenset({"i", "we", "myself"})
_OTHERS = frozenset({"he", "she", "they", "you", "her", "his", "their", "your", "him", "them"})
# What the writer has not yet done with something hard: told anyone, grieved, dealt with it.
_NOT_YET_DONE = frozenset({"tell", "grieve", "deal", "process", "sort", "accept", "heal", "recover", "move", "let", "come", "get", "face"})
_CLOSED = frozenset({"over", "final", "finished", "sorted", "settled", "resolved", "through", "finalised", "finalized"})
_WAITED_ON = frozenset({"result", "scan", "biopsy", "test", "diagnosis", "hearing", "verdict", "decision", "outcome", "sentencing", "tribunal", "court"})
_HARD_NOW = frozenset({"treatment", "chemo", "chemotherapy", "radiotherapy", "divorce", "separation", "court", "tribunal", "custody", "cancer",
                       "relapse", "withdrawal", "eviction", "grief", "miscarriage", "investigation", "med", "medication"})
_NOW = frozenset({"currently", "still", "presently"})
_NOW_PHRASES = (("at", "the", "moment"), ("right", "now"), ("at", "the", "minute"), ("at", "present"), ("middle", "of"))


def _mine(subject: Token | None) -> bool:
    """The clause is the writer's, or about a matter of theirs ("the divorce", "it", "my case")."""
    if subject is None:
        return False
    if subject.lower_ in _ME:
        return True
    if subject.lower_ in _OTHERS or any(c.lower_ in _OTHERS for c in subject.children):
        return False
    return subject.pos_ in ("NOUN", "PRON") and subject.lemma_.lower() not in ("people", "person", "client", "one", "everyone", "someone")


def _present(verb: Token) -> bool:
    return verb.tag_ != "VBD" and not any(c.tag_ == "VBD" and c.dep_ in ("aux", "auxpass") for c in verb.children)


def _not_yet(yet: Token) -> Token | None:
    """ "I haven't even told my own team yet", "the divorce isn't final yet"."""
    verb = yet.head
    negated = lambda v: any(c.dep_ == "neg" for c in v.children)
    holder = verb if negated(verb) else verb.head if negated(verb.head) else None
    if holder is None or not _present(holder):
        return None
    subject = clause_subject(holder)
    if verb.lemma_.lower() == "be" or verb.lower_ in _CLOSED or any(c.lower_ in _CLOSED for c in verb.children):
        return verb if _mine(subject) and subject.lower_ not in _ME else None
    if subject is None or subject.lower_ not in _ME or verb.lemma_.lower() not in _NOT_YET_DONE:
        return None
    if verb.lemma_.lower() == "tell" and any(c.dep_ in ("dobj", "dative") and c.lower_ in _OTHERS for c in verb.children):
        return None  # what I have not yet told the person is a plan, not a wound
    return verb


def _not_over(word: Token) -> bool:
    """ "it's not over", "the case isn't settled": a matter of mine said to be still open."""
    if word.lower_ not in _CLOSED or word.dep_ not in ("acomp", "advmod"):
        return False
    verb = word.head
    if verb.lemma_.lower() != "be" or not _present(verb) or not any(c.dep_ == "neg" for c in verb.children):
        return False
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    return subject is not None and _mine(subject) and subject.lower_ not in _ME


def _now_marked(verb: Token) -> bool:
    words = [t.lower_ for t in verb.subtree]
    if any(c.lower_ in _NOW for c in verb.children):
        return True
    return any(tuple(words[i : i + len(p)]) == p for p in _NOW_PHRASES for i in range(len(words)))


def _going_on_now(verb: Token) -> bool:
    """ "I'm waiting on my scan results", "it's still going through court", "I'm currently off
    my meds", "I'm having treatment for cancer at the moment"."""
    if verb.pos_ not in ("VERB", "AUX") or not _present(verb):
        return False
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if not _mine(subject):
        return False
    lemma = verb.lemma_.lower()
    if lemma == "wait" and subject.lower_ in _ME:
        return any(t.lemma_.lower() in _WAITED_ON for c in verb.children if c.dep_ == "prep" for t in c.subtree)
    if lemma == "go" and any(c.lower_ == "through" for c in verb.children) and any(c.lower_ == "still" for c in verb.children):
        return any(t.lemma_.lower() in _HARD_NOW for t in verb.subtree if t.i > verb.i)
    if subject.lower_ not in _ME or not _now_marked(verb):
        return False
    inner = [t for t in verb.subtree if t.i > verb.i and t.dep_ != "conj" and t.head.dep_ != "conj"]
    if lemma == "be" and any(t.lemma_.lower() in ("med", "medication") and t.head.lower_ == "off" for t in inner):
        return True
    return any(t.lemma_.lower() in _HARD_NOW - {"med", "medication"} for t in inner)


def not_over_yet(doc: Doc) -> list[tuple[int, int]]:
    """Spans where a hard matter of the writer's own is still open, waited on or going on now."""
    spans = []
    for sentence in doc.sents:
        if is_question(sentence):
            continue
        for token in sentence:
            if token.lower_ == "yet" and (verb := _not_yet(token)) is not None:
                spans.append(span_of(verb, token))
            elif _not_over(token):
                spans.append(span_of(token.head, token))
            elif _going_on_now(token):
                spans.append(span_of(token, token.right_edge))
    return spans


SHAPES = {"not_over_yet": not_over_yet}
