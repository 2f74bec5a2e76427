"""How the phrasing guide reads someone else's hard days told in detail, shown rather than
named: someone of the writer's (a relative, a friend, a colleague, "a colleague of mine") and then
what their days were like ("my mum had postnatal depression, she didn't get out of bed for a
year", "a colleague of mine went off with stress, couldn't get out of bed for weeks"), or their
last weeks described ("i described my dad's last weeks in the hospice to her"). Someone else's
story is theirs to tell. Not the writer's own part ("when my mum was ill i couldn't sleep for
weeks": the writer's days), nor what the person said of theirs. The third_party_story rule asks
for it by name (`shapes:` in prompts/phrasing.yaml) through `reflect.shapes.SHAPES`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reflect.language import PEOPLE_NOUNS, span_of

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

# Not the writer's own people at work or in care: the person, a client, a manager.
_NOT_KIN = frozenset({"client", "patient", "person", "people", "supervisor", "manager", "doctor", "nurse", "worker", "user", "resident", "family"})
_KIN = PEOPLE_NOUNS - _NOT_KIN | {"nan", "mam", "stepdad", "stepmum", "ex", "mate", "pal", "aunty", "grandmother", "grandfather"}
_THEY = frozenset({"he", "she", "they"})
# Days a hard time takes: not getting out of bed, not leaving the house, not eating, not working.
_DAYS = frozenset({"bed", "house", "room", "flat", "home"})
_DONE = frozenset({"eat", "sleep", "work", "wash", "cope", "function"})
# How long it went on: "for a year", "for weeks", "all winter".
_SPELL = frozenset({"day", "week", "month", "year", "fortnight", "winter", "summer", "ages"})
_TELL = frozenset({"describe", "detail", "recount"})
_LAST = frozenset({"last", "final", "dying"})


def _of_mine(token: Token) -> bool:
    """"my mum", "my dad's", "a colleague of mine"."""
    if token.lemma_.lower() not in _KIN and token.lower_ not in _KIN:
        return False
    if any(c.lower_ in ("my", "our") for c in token.children):
        return True
    return any(c.lower_ == "of" and any(g.lower_ in ("mine", "ours") for g in c.children) for c in token.children)


def _their_days(verb: Token, kin: list[Token]) -> bool:
    """"she didn't get out of bed for a year", "couldn't get out of bed for weeks", said of
    someone of mine (a "he" or "she", or a clause joined on to one about them)."""
    if verb.pos_ not in ("VERB", "AUX") or not any(c.dep_ == "neg" for c in verb.children):
        return False
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None:
        head = verb.head if verb.dep_ in ("conj", "advcl", "ccomp", "xcomp") else None
        subject = next((c for c in head.children if c.dep_ == "nsubj"), None) if head is not None else None
    if subject is None or not (subject.lower_ in _THEY or subject in kin):
        return False
    if not any(k.i < verb.i for k in kin):
        return False
    words = {t.lemma_.lower() for t in verb.subtree}
    if not words & _SPELL:
        return False  # "my brothers don't talk about it much": no spell of hard days told
    return verb.lemma_.lower() in _DONE or bool(words & _DAYS) and verb.lemma_.lower() in ("get", "leave", "go")


def _last_days_told(verb: Token) -> bool:
    """"i described my dad's last weeks in the hospice to her"."""
    if verb.lemma_.lower() not in _TELL:
        return False
    for obj in (c for c in verb.children if c.dep_ == "dobj"):
        words = [t for t in obj.subtree if t.i < obj.i]
        kin = any(t.lemma_.lower() in _KIN or t.lower_.rstrip("s'") in _KIN for t in words)
        if any(c.lower_ in _LAST for c in obj.children) and kin and any(t.lower_ in ("my", "our") for t in words):
            return True
    return False


def their_days_told(doc: Doc) -> list[tuple[int, int]]:
    """Spans where the hard days of someone of the writer's are told (see the docstring)."""
    spans = []
    for sentence in doc.sents:
        kin = [t for t in sentence if _of_mine(t)]
        for verb in sentence:
            if (kin and _their_days(verb, kin)) or _last_days_told(verb):
                spans.append(span_of(verb.left_edge, verb.right_edge))
    return spans


SHAPES = {"their_days_told": their_days_told}
