"""How the phrasing guide reads a working relationship drifting through favours, gifts, time
and invitations, whatever the words: a gift bought or brought for the person ("bought her a
little present out of my own pocket", "I'll bring in my daughter's old baby clothes for her"),
a gift from them kept close ("she gave me a bracelet for my birthday and I wear it"), time of
my own given ("I stayed an extra hour after my shift again"), the person asked into my life
("inviting her to my birthday drinks"), and leisure shared ("now we train together on
saturdays"). A friend request is left to the identifying guard's reading of social media. Not a gift
handed on as the team does ("put the chocolates in the staff room"), nor things the service
gives ("I gave her a leaflet", "I brought her a glass of water"). The blurring_relationship
rule asks for it by name (`shapes:` in prompts/phrasing.yaml), through
`reflect.shapes.SHAPES`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reflect.language import is_negated, is_question, span_of

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

_THEM = frozenset({"her", "him", "them", "she", "he", "they"})
_GIFTS = frozenset({"present", "gift", "bracelet", "necklace", "ring", "jewellery", "perfume", "flowers", "clothes", "clothe", "voucher", "toy"})
_KEPT_CLOSE = frozenset({"wear", "keep", "treasure", "use", "display"})
_OCCASIONS = frozenset({"birthday", "party", "drinks", "drink", "wedding", "barbecue", "bbq", "house", "home", "christening", "do", "leaving", "dinner", "tea"})
_LEISURE = frozenset({"train", "swim", "run", "shop", "play", "drink", "party", "socialise", "socialize", "holiday", "hang", "gym", "jog", "dance"})
_MY_TIME = frozenset({"shift", "day", "weekend", "lunch", "break", "hours"})


def _to_them(verb: Token) -> bool:
    """The person is given it: "bought her ...", "... for her"."""
    for c in verb.children:
        if c.dep_ in ("dative", "dobj") and c.lower_ in _THEM:
            return True
        if c.lower_ == "for" and any(g.lower_ in _THEM for g in c.children):
            return True
    return False


def _my_own(verb: Token) -> bool:
    """Out of my own pocket, my own money, my family's things."""
    words = [t.lower_ for t in verb.subtree]
    return "own" in words and any(w in ("pocket", "money", "cash") for w in words)


def _gift_given(verb: Token) -> bool:
    lemma = verb.lemma_.lower()
    if lemma not in ("buy", "bring", "give", "get", "make", "knit", "send") or is_negated(verb):
        return False
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subject is not None and subject.lower_ not in ("i", "we"):
        return False
    if not _to_them(verb):
        return False
    gift = any(t.lemma_.lower() in _GIFTS or t.lower_ in _GIFTS for t in verb.subtree if t.i > verb.i)
    return gift or lemma == "buy" or _my_own(verb)


def _gift_kept(verb: Token) -> bool:
    """ "she gave me a bracelet ... and I wear it"."""
    if verb.lemma_.lower() != "give" or not any(c.dep_ in ("dative", "dobj") and c.lower_ == "me" for c in verb.children):
        return False
    if not any(t.lemma_.lower() in _GIFTS or t.lower_ in _GIFTS for t in verb.subtree if t.i > verb.i):
        return False
    return any(c.dep_ == "conj" and c.lemma_.lower() in _KEPT_CLOSE and any(g.lower_ == "i" for g in c.children) for c in verb.children)


def _my_time_given(verb: Token) -> bool:
    """ "I stayed an extra hour after my shift"."""
    if verb.lemma_.lower() not in ("stay", "stop", "hang", "work", "come") or is_negated(verb):
        return False
    if not any(c.dep_ == "nsubj" and c.lower_ == "i" for c in verb.children):
        return False
    words = list(verb.subtree)
    extra = any(t.lower_ in ("extra", "late", "behind", "unpaid", "over") for t in words)
    after_mine = any(t.lower_ == "after" and any(g.lemma_.lower() in _MY_TIME and any(p.lower_ == "my" for p in g.children) for g in t.children) for t in words)
    return extra and after_mine


def _invited(verb: Token) -> bool:
    """ "inviting her to my birthday drinks"."""
    if verb.lemma_.lower() not in ("invite", "ask", "bring", "take") or is_negated(verb):
        return False
    if not any(c.dep_ == "dobj" and c.lower_ in _THEM for c in verb.children):
        return False
    return any(
        c.lower_ in ("to", "round", "over") and any(g.lemma_.lower() in _OCCASIONS and any(p.lower_ in ("my", "our") for p in g.subtree) for g in c.children)
        for c in verb.children
    )


def _together(verb: Token) -> bool:
    """ "now we train together on saturdays", "we go swimming together"."""
    leisure = verb.lemma_.lower() in _LEISURE or verb.lemma_.lower() == "go" and any(c.lemma_.lower() in _LEISURE for c in verb.children)
    return (
        leisure
        and any(c.dep_ == "nsubj" and c.lower_ == "we" for c in verb.children)
        and any(t.lower_ == "together" for t in verb.subtree)
        and not is_negated(verb)
    )


def gift_or_favour(doc: Doc) -> list[tuple[int, int]]:
    """Spans where a gift, my own time, an invitation or leisure shared draws the person into my life."""
    spans = []
    for sentence in doc.sents:
        if is_question(sentence):
            continue
        for verb in sentence:
            if any(read(verb) for read in (_gift_given, _gift_kept, _my_time_given, _invited, _together)):
                spans.append(span_of(verb, verb.right_edge))
    return spans


SHAPES = {"gift_or_favour": gift_or_favour}
