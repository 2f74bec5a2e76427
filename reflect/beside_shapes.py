"""Two ideas read whatever the words, for the fourteenth round's shapes.

Time will make it small (the minimising rule's `looked_back_on`): the person is told they will
look back on it and laugh ("in a year's time she would look back on all this and laugh", "you'll
laugh about this one day"), or that it will look small, silly or funny by then ("it would all
look much smaller in a few months", "ten years from now this will be a funny story", "it'll seem
trivial by the summer"): a future, said or reported, with a time or a looking back.

The writer's own set beside the person's (the comparing rule's `mine_beside_theirs`): a
comparative with "than" that has mine on one side and theirs on the other ("my depression had
been a lot deeper than what he was describing", "her wait was shorter than mine"), theirs said
to be small "by comparison" when mine is told in the same sentence ("my labour went on for three
days, so hers sounded quite quick by comparison"), "nothing like what I went through" of the
person's trouble, and "twice the size of his"."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reflect.language import FIRST_PERSON, clause_subject, is_negated, span_of

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

_FUTURE = frozenset({"will", "'ll", "ll", "wo", "would", "'d", "gon", "going"})
_THE_PERSON = frozenset({"you", "u", "ya", "he", "she", "they"})
_THE_TROUBLE = frozenset({"it", "this", "that", "things", "everything", "all", "these"})
_TIMES = frozenset({"year", "month", "week", "day", "time", "now", "summer", "spring", "winter", "autumn", "christmas", "then", "term", "future"})
_LIGHT = frozenset({"small", "smaller", "silly", "funny", "trivial", "tiny", "minor", "nothing", "daft", "laughable"})
_LIGHT_NOUNS = frozenset({"story", "memory", "joke", "anecdote", "blip"})


def _future(verb: Token) -> bool:
    helpers = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
    if helpers & {"would", "'d"}:
        return verb.dep_ in ("ccomp", "conj") or any(t.lower_ in ("tell", "say") for t in verb.ancestors)
    return bool(helpers & _FUTURE)


def _timed(verb: Token) -> bool:
    """A time hung on the clause: "in a year's time", "ten years from now", "by the summer"."""
    return any(t.lemma_.lower() in _TIMES for c in verb.children if c.dep_ in ("prep", "npadvmod", "advmod", "advcl") for t in c.subtree)


def looked_back_on(doc: Doc) -> list[tuple[int, int]]:
    spans = []
    for verb in doc:
        if verb.pos_ not in ("VERB", "AUX") or not _future(verb) or is_negated(verb):
            continue
        subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is None:
            continue
        lemma = verb.lemma_.lower()
        words = {t.lower_ for t in verb.subtree}
        if subject.lower_ in _THE_PERSON:
            back = lemma == "look" and any(c.lower_ == "back" for c in verb.children)
            if back and "laugh" in words or lemma == "laugh" and (_timed(verb) or "back" in words):
                spans.append(span_of(subject, verb.right_edge))
            continue
        if subject.lower_ not in _THE_TROUBLE or lemma not in ("look", "seem", "feel", "be", "sound"):
            continue
        said = [c for c in verb.children if c.dep_ in ("acomp", "attr", "oprd")]
        light = any(
            s.lemma_.lower() in _LIGHT or s.lower_ in _LIGHT
            or s.lemma_.lower() in _LIGHT_NOUNS and any(a.lower_ in ("funny", "distant", "silly", "good") for a in s.children)
            for s in said
        )
        if light and _timed(verb):
            spans.append(span_of(subject, verb.right_edge))
    return spans


_THEIRS = frozenset({"you", "u", "he", "she", "they", "him", "her", "them", "his", "hers", "yours", "theirs", "your", "their"})
_MINE = FIRST_PERSON | {"i"}


def _side(tokens) -> str | None:
    words = {t.lower_ for t in tokens}
    if words & _MINE and not words & _THEIRS:
        return "mine"
    if words & _THEIRS and not words & _MINE:
        return "theirs"
    return None


def _subject_side(token: Token) -> str | None:
    verb = token
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    return None if subject is None else _side(subject.subtree)


def _opposite(one: str | None, other: str | None) -> bool:
    return one is not None and other is not None and one != other


_SAYING = frozenset({"say", "tell", "ask", "reply", "add", "think", "feel", "reckon"})


def _said_by_someone_else(token: Token) -> bool:
    """In what the person or someone else said ("he said sounds like you've had it worse than me")."""
    for above in token.ancestors:
        if above.lemma_.lower() in _SAYING and above.pos_ == "VERB":
            subject = clause_subject(above)  # "he went quiet and said ...": the subject of the first verb
            if subject is not None and subject.lower_ not in _MINE:
                return True
    return False


def mine_beside_theirs(doc: Doc) -> list[tuple[int, int]]:
    spans = []
    for token in doc:
        low = token.lower_
        if _said_by_someone_else(token):
            continue
        # "I talked more than he did" is how much, not whose trouble was worse (counts are `more_than_theirs`).
        if token.tag_ in ("JJR", "RBR") and token.lemma_.lower() not in ("more", "less", "much", "little", "few", "many"):
            # "than his", or "than hers ever got", where "than" opens a clause of its own.
            than = next((c for c in token.children if c.lower_ == "than"), None) or next(
                (c for c in token.children if any(m.dep_ == "mark" and m.lower_ == "than" for m in c.children)), None
            )
            if than is not None and _opposite(_subject_side(token), _side(t for t in than.subtree if t.lower_ != "than")):
                spans.append(span_of(token, than.right_edge))
        elif low == "comparison" and token.head.lower_ in ("by", "in"):
            verb = token.head.head
            side = _subject_side(verb)
            others = [t for t in token.sent if t.dep_ in ("nsubj", "nsubjpass") and t.head.i != verb.i]
            if side is not None and any(_opposite(side, _side(t.subtree)) for t in others):
                spans.append(span_of(verb, token))
        elif low == "like" and token.i > 0 and doc[token.i - 1].lower_ == "nothing":
            said = _side(token.subtree)
            if said == "mine" and any(t.lower_ in _THEIRS and t.dep_ in ("nsubj", "nsubjpass") for t in token.sent):
                spans.append(span_of(doc[token.i - 1], token.right_edge))
        elif low in ("twice", "double", "treble", "times"):
            noun = token.head.head if token.head.pos_ == "NUM" else token.head  # "three times the length of his"
            of = next((c for c in noun.children if c.lower_ == "of"), None) if noun.pos_ == "NOUN" else None
            if of is not None and _opposite(_subject_side(noun), _side(of.subtree)):
                spans.append(span_of(token, of.right_edge))
    return spans


SHAPES = {"looked_back_on": looked_back_on, "mine_beside_theirs": mine_beside_theirs}
