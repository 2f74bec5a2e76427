"""How the phrasing guide reads the talk turned onto the writer and kept there, shown rather than
named: the person caring for the writer in the time that was theirs ("by the end it felt like
she was supporting me more than i was supporting her", "he was asking after me all session and
i let him", "she spent the visit reassuring me"), and the talk drifting onto the writer's own
story ("we drifted onto my own bereavement and stayed there", "it wandered onto my divorce",
"spent the walk telling her about my own anxiety"). Not kindness in passing ("she asked how my
week had been, i said fine and asked about hers"), nor the talk brought back ("we got onto my
holiday briefly, then back to her plans"). The focus_on_me rule asks for them by name (`shapes:`
in prompts/phrasing.yaml) through `reflect.shapes.SHAPES`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reflect.language import is_question, span_of

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

_THEY = frozenset({"he", "she", "they"})
# Caring for someone: said of the person to the writer, the roles have turned.
_CARE = frozenset({"support", "comfort", "console", "reassure", "counsel", "mother", "nurse", "soothe", "calm"})
# Asking after someone: kindness in passing unless it took the time ("all session").
_ASK_AFTER = frozenset({"ask", "check", "listen", "look", "worry", "fuss"})
# The time that was theirs: "all session", "the whole visit", "most of the hour", "the rest of the call".
_TIME = frozenset({"session", "visit", "hour", "call", "appointment", "time", "meeting", "walk", "group", "afternoon", "morning", "day"})
_WHOLE = frozenset({"all", "whole", "most", "rest", "entire", "end"})
# The talk moving: "drifted onto", "wandered onto", "slid into", "got stuck on".
_DRIFT = frozenset({"drift", "wander", "slide", "slip", "veer", "stray", "stick", "turn", "switch", "shift", "move"})
# What drifts: the talk itself, or "we" talking.
_TALK = frozenset({"we", "it", "conversation", "talk", "chat", "session", "discussion", "things", "focus", "subject", "call", "visit"})
_BACK = frozenset({"back", "briefly", "quickly", "moment", "minute", "sentence"})


def _the_time_of_it(sentence: Span) -> bool:
    """The sentence speaks of the time given: "all session", "by the end of the visit"."""
    return any(
        t.lemma_.lower() in _TIME and (any(c.lower_ in _WHOLE for c in t.children) or t.head.lower_ == "of" and t.head.head.lower_ in _WHOLE)
        for t in sentence
    )


def _more_than_i(verb: Token) -> bool:
    """"more than i was supporting her": the writer's own part said to be the smaller."""
    return any(t.lower_ == "than" for t in verb.subtree) and any(t.lower_ == "i" for t in verb.subtree if t.i > verb.i)


def _caring_for_me(verb: Token) -> bool:
    lemma = verb.lemma_.lower()
    if verb.pos_ != "VERB" or any(c.dep_ == "neg" for c in verb.children):
        return False
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None and verb.dep_ in ("xcomp", "advcl", "acl"):
        # "she spent the whole call reassuring me": the subject of the verb it hangs on.
        above = verb.head if verb.head.pos_ in ("VERB", "AUX") else verb.head.head
        subject = next((c for c in above.children if c.dep_ == "nsubj"), None)
    if subject is None or subject.lower_ not in _THEY:
        return False
    me = any(c.lower_ == "me" and c.dep_ == "dobj" for c in verb.children) or any(
        c.dep_ == "prep" and any(g.lower_ == "me" for g in c.children) for c in verb.children
    )
    if not me:
        return False
    if lemma in _CARE:
        return _the_time_of_it(verb.sent) or _more_than_i(verb)
    return lemma in _ASK_AFTER and _the_time_of_it(verb.sent)


def _drifted_to_mine(verb: Token) -> bool:
    """"we drifted onto my own bereavement", "spent the walk telling her about my anxiety"."""
    lemma = verb.lemma_.lower()
    if verb.pos_ != "VERB" or any(t.lower_ in _BACK for t in verb.sent):
        return False
    if lemma in _DRIFT:
        subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is None or subject.lemma_.lower() not in _TALK or any(c.dep_ == "dobj" for c in verb.children):
            return False  # "one of the lads slid into my dms": a person, not the talk
        return any(
            c.dep_ == "prep" and c.lower_ in ("onto", "into", "on", "to") and any(g.dep_ == "pobj" and any(p.lower_ == "my" for p in g.children) for g in c.children)
            for c in verb.children
        )
    if lemma == "spend":
        subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if subject is not None and subject.lower_ not in ("i", "we"):
            return False  # "the group spent the afternoon on my idea": theirs to spend
        # "spent the walk telling her about my ...", "spent the drive talking about my ...".
        hung = [c for c in verb.children] + [g for c in verb.children if c.dep_ == "dobj" for g in c.children]
        told = [c for c in hung if c.dep_ in ("xcomp", "advcl", "acl") and c.lemma_.lower() in ("tell", "talk", "go")]
        return any(
            p.lower_ == "about" and any(g.dep_ == "pobj" and any(x.lower_ == "my" for x in g.children) for g in p.children)
            for c in told for p in c.children
        )
    return False


def turned_to_me(doc: Doc) -> list[tuple[int, int]]:
    """Spans where the time turned to caring for the writer or drifted onto their story."""
    spans = []
    for sentence in doc.sents:
        if is_question(sentence):
            continue
        for verb in sentence:
            if _caring_for_me(verb) or _drifted_to_mine(verb):
                spans.append(span_of(verb.left_edge, verb.right_edge))
    return spans


SHAPES = {"turned_to_me": turned_to_me}
