"""How the phrasing guide reads the focus moved onto the writer, shown rather than named: the
person's own matters put off or held back because of the writer ("said his own stuff could
wait", "he didn't like bringing his problems to me now", "she phoned next morning to check I
was alright", "she hoped I'd be okay"), and all of the writer's story told or to be told ("I
want to tell him everything, the hospital, the divorce, the lot", "I'll explain everything that
happened with my own depression"), or told at length ("I went through the whole thing year by
year", "I'm about to tell her about my year off sick and it's going to be a long one"). Not the person asked after by the writer ("I checked she was
alright"), nor everything the person told ("she told me everything"), nor a process explained
("I explained everything about the referral"). The focus_on_me rule asks for it by name
(`shapes:` in prompts/phrasing.yaml), through `reflect.shapes.SHAPES`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reflect.language import is_question, span_of

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

_THEIRS = frozenset({"his", "her", "their"})
_THEY = frozenset({"he", "she", "they"})
_MATTERS = frozenset({"stuff", "problem", "issue", "worry", "thing", "plan", "news", "week", "trouble", "concern"})
_BRINGING = frozenset({"bring", "burden", "bother", "trouble", "load", "dump", "offload", "share", "tell"})
_FINE = frozenset({"alright", "ok", "okay", "fine", "coping", "safe", "well"})
_CHECKING = frozenset({"check", "ask", "hope", "see", "worry", "make"})
_TELLING = frozenset({"tell", "explain", "share", "describe"})
_ALL = frozenset({"everything", "lot"})


def _subject(verb: Token) -> Token | None:
    return next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)


def _theirs_waits(verb: Token) -> bool:
    """ "his own stuff could wait", "her plan can wait"."""
    subject = _subject(verb)
    return (
        verb.lemma_.lower() == "wait"
        and subject is not None
        and subject.lemma_.lower() in _MATTERS
        and any(c.lower_ in _THEIRS for c in subject.children)
    )


def _held_back_from_me(verb: Token) -> bool:
    """ "he didn't like bringing his problems to me", "she didn't want to burden me"."""
    if verb.lemma_.lower() not in _BRINGING:
        return False
    head = verb.head
    if head.lemma_.lower() not in ("like", "want", "feel", "wish") or not any(c.dep_ == "neg" for c in head.children):
        return False
    subject = _subject(head)
    if subject is None or subject.lower_ not in _THEY:
        return False
    return any(t.lower_ == "me" for t in verb.subtree)


def _me_checked_on(verb: Token) -> bool:
    """ "she phoned to check I was alright", "she hoped I'd be okay"."""
    if verb.lemma_.lower() not in _CHECKING:
        return False
    clause = next((c for c in verb.children if c.dep_ == "ccomp"), None)
    if clause is None or not any(c.dep_ == "nsubj" and c.lower_ == "i" for c in clause.children):
        return False
    if not any(c.lower_ in _FINE for c in clause.children):
        return False
    head = verb
    for _ in range(3):
        subject = _subject(head)
        if subject is not None:
            return subject.lower_ in _THEY
        if head.head is head:
            return False
        head = head.head
    return False


def _all_of_mine(verb: Token) -> Token | None:
    """ "tell him everything, the hospital, the divorce, the lot", "explain everything that
    happened with my own depression": all of the writer's story told."""
    if verb.lemma_.lower() not in _TELLING:
        return None
    head = verb
    while head.dep_ in ("xcomp", "conj") and head.head is not head:
        head = head.head
    subject = _subject(head)
    if subject is None or subject.lower_ != "i":
        return None
    told = next((c for c in verb.children if c.dep_ == "dobj" and c.lower_ in _ALL), None)
    if told is None:
        return None
    # "everything, the hospital, the divorce, the lot": a list of it, closed by "the lot".
    closed = next((t for t in verb.subtree if t.lower_ == "lot" and t.i > told.i), None)
    if closed is not None:
        return closed
    return told.right_edge if any(t.lower_ in ("my", "mine") for t in told.subtree) else None


_THROUGH = frozenset({"go", "take", "talk"})
_LONG_HEADS = frozenset({"time", "one", "while"})


def _at_length(sentence) -> Token | None:
    """How long the telling runs: "a long one", "long time", "it might take a while", "year by
    year", "all of it"."""
    words = list(sentence)
    for i, t in enumerate(words):
        low = t.lower_
        nxt = [w.lower_ for w in words[i + 1 : i + 3]]
        if low == "long" and t.head.lemma_.lower() in _LONG_HEADS and "ago" not in [w.lower_ for w in words[i + 1 : i + 4]]:
            return t  # not "a long time ago", a date
        if low == "while" and t.dep_ == "dobj" and t.head.lemma_.lower() == "take":
            return t
        if low in ("year", "month") and nxt[:1] == ["by"] and nxt[1:] == [low]:
            return t
        if low == "all" and nxt == ["of", "it"]:
            return t
    return None


def _told_of(verb: Token, length: Token) -> bool:
    """The length belongs to a clause told of, not to the telling."""
    return any(length.i in {t.i for t in c.subtree} for c in verb.children if c.dep_ in ("ccomp", "advcl"))


def _telling_mine(verb: Token) -> bool:
    """ "I went through the whole thing", "take him through my life story", "telling her my story"."""
    lemma = verb.lemma_.lower()
    if lemma not in _TELLING | _THROUGH or verb.pos_ != "VERB" or any(c.dep_ == "neg" for c in verb.children):
        return False
    if lemma in _THROUGH and not any(c.lower_ == "through" for c in verb.children):
        return False
    head = verb
    while head.dep_ in ("xcomp", "conj") and head.head is not head:
        head = head.head
    subject = _subject(verb) or _subject(head)
    if subject is None or subject.lower_ != "i":
        return False
    # What is told, not a clause told of ("i told her i was scared for a long time"): that is
    # a hard time's length, not the telling's.
    inner = {t.i for c in verb.children if c.dep_ in ("ccomp", "advcl") for t in c.subtree}
    after = [t for t in verb.subtree if t.i > verb.i and t.i not in inner]
    return any(t.lower_ == "my" and t.head.pos_ == "NOUN" for t in after) or any(
        t.lower_ == "thing" and any(c.lower_ == "whole" for c in t.children) for t in after
    )


def theirs_put_off(doc: Doc) -> list[tuple[int, int]]:
    """Spans where the person's own matters wait, are held back from me, or give way to asking after me."""
    spans = []
    for sentence in doc.sents:
        if is_question(sentence):
            continue
        for verb in sentence:
            if _theirs_waits(verb) or _held_back_from_me(verb) or _me_checked_on(verb):
                spans.append(span_of(verb.left_edge, verb))
    return spans


def told_it_all(doc: Doc) -> list[tuple[int, int]]:
    """Spans where the writer tells, or will tell, all of their story, or tells it at length."""
    spans = []
    for sentence in doc.sents:
        if is_question(sentence):
            continue
        length = _at_length(sentence)
        for verb in sentence:
            if (last := _all_of_mine(verb)) is not None:
                spans.append(span_of(verb, last))
            elif length is not None and _telling_mine(verb) and not _told_of(verb, length):
                spans.append(span_of(verb, length))
    return spans


SHAPES = {"theirs_put_off": theirs_put_off, "told_it_all": told_it_all}
