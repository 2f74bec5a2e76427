"""How the phrasing guide reads the person's telling cut short for mine, whatever the words:
the person starts on theirs and the writer takes over with their own ("she was telling me
about her first night on the ward and i jumped in with mine", "he tried twice to say
something about his brother and both times i carried on with my story", "he was getting into
his housing and somehow we got on to my divorce"), or the time runs out while the writer is
still on their own story ("our time ran out while i was still explaining how my eating
disorder started"). The focus_on_me rule asks for it by name (`shapes:` in
prompts/phrasing.yaml), through `reflect.shapes.SHAPES`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reflect.language import span_of

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

_THEM = frozenset({"he", "she", "they"})
# The person starting on theirs: telling, trying, opening up, getting into it.
_THEIR_TELLING = frozenset(
    {"tell", "talk", "say", "start", "begin", "try", "get", "open", "mention", "explain", "speak", "bring", "share", "describe", "come"}
)
# The writer taking over: carrying on, jumping in, going on, ending up, getting on to mine.
_TAKING_OVER = frozenset(
    {"carry", "jump", "butt", "go", "get", "end", "launch", "take", "turn", "steer", "bang", "rabbit", "ramble", "talk", "tell", "start", "cut"}
)
_OVER_PARTICLES = frozenset({"on", "in", "over", "into", "off", "up"})
# Kept short: "ended up sharing a bit about mine" is no taking over.
_BRIEF = frozenset({"bit", "little", "briefly", "quickly", "line", "sentence", "word", "moment"})
_AT_LENGTH = frozenset({"ages", "age", "hours", "forever", "instead", "whole", "rest", "long"})
_TELLING_MINE = frozenset({"tell", "talk", "explain", "describe", "go", "share", "ramble", "rabbit", "bang"})
_TIME = frozenset({"time", "session", "hour", "visit", "appointment", "call", "minute", "min"})


def _negated(verb: Token) -> bool:
    """Negated in its own words ("i didnt bring in my own stuff"), not by a clause it hangs on
    ("we never got to her plan" leaves "our time ran out while i was still explaining" told)."""
    return any(c.dep_ == "neg" or c.lower_ in ("never", "not", "n't") for c in verb.children)


def _subject(verb: Token) -> Token | None:
    """The verb's own subject, or that of the verb it is joined to ("i jumped in ... and went on")."""
    for current in (verb, verb.head if verb.dep_ == "conj" else None):
        if current is None:
            continue
        found = next((c for c in current.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if found is not None:
            return found
    return None


def _own_phrase(token: Token, verb: Token) -> bool:
    """The word hangs on the verb with no clause of its own between ("i ended up going on about
    my dad"), not in what was told ("i ended up telling him the bailiffs came to mine")."""
    for above in token.ancestors:
        if above.i == verb.i:
            return True
        subject = next((c for c in above.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is not None and subject.lower_ != "i" and not any(c.lower_ == "my" for c in subject.children):
            return False  # "how my eating disorder started" is still mine
    return False


def _mine_after(verb: Token) -> Token | None:
    """ "my story", "mine", "me" said after the verb, in what hangs on it."""
    return next(
        (t for t in verb.subtree if t.i > verb.i and (t.lower_ in ("mine", "myself") or t.lower_ == "my" and t.dep_ == "poss") and _own_phrase(t, verb)),
        None,
    )


def _over(verb: Token) -> bool:
    """Taken over, not a line shared: a particle ("carried on", "jumped in", "took over",
    "ended up"), a length ("for ages", "the whole hour", "instead") or "got on to my ..."."""
    lemma = verb.lemma_.lower()
    if any(t.lower_ in _BRIEF for t in verb.subtree):
        return False
    particle = any(c.dep_ == "prt" and c.lower_ in _OVER_PARTICLES for c in verb.children)
    if particle and lemma not in ("tell", "talk", "start"):
        return True
    if lemma == "get" and any(c.lower_ in ("onto", "on", "into") for c in verb.children):
        return True  # "we got onto my rehab"
    return any(t.lower_ in _AT_LENGTH or t.lemma_.lower() in _AT_LENGTH for t in verb.subtree if t.i > verb.i)


def _theirs_started(sentence, before: int) -> bool:
    """The person started on theirs before this point: "she was telling me about her dad",
    "he tried to say something", or the time ran out ("our time ran out")."""
    for verb in sentence:
        if verb.i >= before or verb.pos_ not in ("VERB", "AUX") or _negated(verb):
            continue
        subject = _subject(verb)
        if subject is None:
            continue
        if subject.lower_ in _THEM and verb.lemma_.lower() in _THEIR_TELLING:
            return True
    return False


def _time_ran_out(sentence) -> bool:
    """ "our time ran out", "we ran out of time", "the session was up"."""
    for verb in sentence:
        if verb.lemma_.lower() != "run" or not any(c.lower_ in ("out", "over") for c in verb.children):
            continue
        subject = _subject(verb)
        if subject is not None and (subject.lemma_.lower() in _TIME or subject.lower_ == "we"):
            return True
    return False


def mine_over_theirs(doc: Doc) -> list[tuple[int, int]]:
    """Spans where the writer's own story took over after the person had started on theirs, or
    filled the time until it ran out."""
    spans = []
    for sentence in doc.sents:
        ran_out = None
        for verb in sentence:
            lemma = verb.lemma_.lower()
            if verb.pos_ != "VERB" or lemma not in _TAKING_OVER and lemma not in _TELLING_MINE or _negated(verb):
                continue
            subject = _subject(verb)
            if subject is None or subject.lower_ not in ("i", "we"):
                continue
            mine = _mine_after(verb)
            if mine is None:
                continue
            if lemma in _TAKING_OVER and _over(verb) and _theirs_started(sentence, subject.i):
                spans.append(span_of(verb, mine))
                continue
            # "our time ran out while i was still explaining how my eating disorder started".
            if lemma in _TELLING_MINE and subject.lower_ == "i":
                ran_out = _time_ran_out(sentence) if ran_out is None else ran_out
                if ran_out:
                    spans.append(span_of(verb, mine))
    return spans


SHAPES = {"mine_over_theirs": mine_over_theirs}
