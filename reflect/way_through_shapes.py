"""A way through told in words no cue lists, read by shape: something or someone held the
writer up ("what carried me was my sister's sofa", "the allotment kept me sane", "my faith
saw me through", "the kids held me together"), or, after the hard part, the writer finished
what had beaten them before ("dropped out twice, the third time i went part time and i
finished it"). The missing_coping rule reads a story with one of these as having its way
forward (`found_a_way`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reflect.language import clause_subject, is_negated

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

_ME = frozenset({"me", "us"})
# Verbs of holding someone up: "carried me", "kept me going", "saw me through", "held me together".
_HOLDING = frozenset({"carry", "keep", "hold", "save", "see", "pull", "steady", "ground", "anchor", "sustain", "rescue", "get", "bring", "help"})
# What a verb of holding needs beside "me" when it says nothing alone ("kept me going", not "kept me in").
_HOLDING_NEEDS = {
    "keep": ("going", "sane", "afloat", "alive", "together", "grounded", "steady", "upright", "busy", "right"),
    "hold": ("together", "up"),
    "see": ("through",),
    "pull": ("through", "round", "out"),
    "get": ("through",),
    "bring": ("back", "round", "through"),
}
# Finishing what had beaten the writer before.
_FINISHING = frozenset({"finish", "complete", "graduate", "pass", "succeed"})
_NO_SUBJECTS = frozenset({"nothing", "nobody", "noone", "none", "no"})


def _held_me(verb: Token) -> bool:
    lemma = verb.lemma_.lower()
    if lemma not in _HOLDING or verb.pos_ != "VERB" or is_negated(verb):
        return False
    if not any(c.dep_ == "dobj" and c.lower_ in _ME for c in verb.children):
        return False
    subject = clause_subject(verb)
    if subject is not None and (subject.lower_ in _NO_SUBJECTS or subject.lower_ in ("i", "we", "you")):
        return False
    # "what carried me was ...", "that's what got me": a pseudo-cleft names what held the writer.
    if subject is not None and subject.lower_ == "what" and subject.head.i == verb.i:
        return lemma not in ("get", "bring", "help", "keep", "hold") or _completed(verb, lemma)
    return _completed(verb, lemma) or lemma in ("carry", "save", "steady", "ground", "anchor", "sustain", "rescue")


def _completed(verb: Token, lemma: str) -> bool:
    needs = _HOLDING_NEEDS.get(lemma)
    if not needs:
        return lemma not in ("get", "bring", "help", "keep", "hold")
    near = [t for t in verb.subtree if verb.i < t.i <= verb.i + 4]
    return any(t.lower_ in needs for t in near)


def _finished_after(verb: Token, after: int) -> bool:
    """ "..., and i finished it": the writer finished something, after the hard part."""
    if verb.lemma_.lower() not in _FINISHING or verb.tag_ != "VBD" or verb.idx < after or is_negated(verb):
        return False
    if any(c.lower_ in ("out", "away", "on", "off") for c in verb.children):
        return False  # "passed out", "passed away", "passed it on"
    subject = clause_subject(verb)
    return subject is not None and subject.head.i == verb.i and subject.lower_ in ("i", "we")


def found_a_way(doc: Doc, hard: list[tuple[int, int]]) -> bool:
    """The story has a way through in its own words: something held the writer up, or after
    the first hard part (`hard`: offsets of the hard parts) the writer finished what had
    beaten them."""
    first = min((a for a, _ in hard), default=None)
    for token in doc:
        if _held_me(token):
            return True
        if first is not None and _finished_after(token, first + 1):
            return True
    return False
