"""A hard story of the writer's own told as what others did to them, or as a run of places
they were sent through, whatever the words: the school excluded me, the college wouldn't take
me, my family stopped inviting me, each team closed my case, I was discharged with a leaflet,
my son was taken into care, I never heard another word, there was nothing more they could do;
I was passed from one team to the next, in and out of foster homes, from A&E to the crisis
house to a ward. The missing_coping rule asks for these by name (`shapes:` in
prompts/phrasing.yaml). Each is the writer's own by its shape (the writer is the one it was
done to), so `DONE_TO_WRITER` names the shapes whose spans count as the writer's own even when
another is the subject of the clause."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reflect.language import REPORTING_LEMMAS, clause_subject, is_negated, span_of

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

_ME = frozenset({"me", "us", "i", "we"})
_MINE = frozenset({"my", "our"})

# What others do against someone, by lemma, with the particle or preposition it needs (none:
# the verb says it alone): "excluded me", "cut me off", "sent me back", "turned the kids against me".
_AGAINST: dict[str, tuple[str, ...]] = {
    "exclude": (), "expel": (), "suspend": (), "sanction": (), "sack": (), "dismiss": (), "discharge": (), "reject": (),
    "ignore": (), "mock": (), "bully": (), "blame": (), "disbelieve": (), "abandon": (), "disown": (), "shun": (), "evict": (),
    "bar": (), "ban": (), "section": (), "restrain": (), "detain": (), "humiliate": (), "belittle": (),
    "fob": ("off",), "cut": ("off",), "write": ("off",), "shut": ("out",), "lock": ("out", "up"), "kick": ("out",),
    "throw": ("out",), "turf": ("out",), "chuck": ("out",), "send": ("back", "away", "home", "off"),
    "turn": ("away", "against", "down"), "take": ("away", "off", "into"), "let": ("go",), "laugh": ("at",),
    "give": ("on",), "close": (), "stop": (), "drop": (), "tell": (),
}
# A possession of the writer's that others can take or close: "closed my case", "took my kids away".
_MY_THINGS = frozenset(
    {"case", "file", "referral", "kid", "child", "son", "daughter", "baby", "licence", "license", "benefit", "money",
     "place", "tenancy", "flat", "room", "bed", "job"}
)
# What others would not do for the writer: "wouldn't take me", "didn't believe me", "never rang me back".
_ACCEPTING = frozenset({"take", "see", "believe", "accept", "help", "want", "listen", "ring", "call", "answer", "house", "treat"})
# What "stopped" others doing with the writer: "stopped inviting me", "stopped visiting us".
_WITH_ME = frozenset({"invite", "visit", "call", "ring", "text", "ask", "see", "speak", "talk", "include", "help"})


def _after(verb: Token) -> set[str]:
    return {t.lower_ for t in verb.children if t.i > verb.i and t.dep_ in ("prt", "prep", "advmod", "dative", "ccomp")}


def _objects(verb: Token) -> list[Token]:
    found = [c for c in verb.children if c.dep_ in ("dobj", "dative", "nsubj") and c.i > verb.i]
    found += [g for c in verb.children if c.dep_ in ("prep", "dative") for g in c.children if g.dep_ == "pobj"]
    return found


def _mine(token: Token) -> bool:
    return token.lower_ in _ME or any(c.dep_ == "poss" and c.lower_ in _MINE for c in token.children)


def _by_another(verb: Token) -> bool:
    subject = clause_subject(verb)
    return subject is None or subject.lower_ not in ("i", "we", "you", "nothing", "nobody", "noone")


def _against_me(verb: Token) -> bool:
    """Another did something against the writer: "the school excluded me", "they let me go",
    "my ex turned the kids against me", "each one closed my case", "my family stopped inviting me"."""
    lemma = verb.lemma_.lower()
    if lemma not in _AGAINST or verb.tag_ == "VBN" or not _by_another(verb) or is_negated(verb):
        return False
    needed = _AGAINST[lemma]
    if needed and not set(needed) & _after(verb) and not any(t.lower_ in needed for t in verb.subtree if verb.i < t.i <= verb.i + 3):
        return False
    if lemma == "tell":  # sent away: "the receptionist told me to go home"
        return any(o.lower_ in _ME for o in _objects(verb)) and any(
            c.dep_ == "xcomp" and c.lemma_.lower() in ("go", "leave") and any(g.lower_ in ("home", "away") for g in c.children) for c in verb.children
        )
    if lemma == "stop":
        return any(c.dep_ == "xcomp" and c.lemma_.lower() in _WITH_ME and any(_mine(o) and o.lower_ in _ME for o in _objects(c)) for c in verb.children)
    objects = _objects(verb)
    if any(o.lower_ in _ME for o in objects):
        return True
    # Something of mine taken, closed or cut off: "took my kids away", "closed my case".
    return lemma in ("close", "take", "cut", "stop") and any(_mine(o) and o.lemma_.lower() in _MY_THINGS for o in objects)


def _done_to_me_passive(verb: Token) -> bool:
    """It was done to the writer: "I was discharged with a leaflet", "my son was taken into
    care", "we were evicted", "I got sectioned"."""
    lemma = verb.lemma_.lower()
    if lemma not in _AGAINST or verb.tag_ != "VBN" or is_negated(verb):
        return False
    subject = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
    if subject is None or not (subject.lower_ in _ME or _mine(subject) and subject.lemma_.lower() in _MY_THINGS):
        return False
    needed = _AGAINST[lemma]
    return not needed or bool(set(needed) & _after(verb)) or lemma == "take" and any(c.lower_ in ("into", "away", "off") for c in verb.children)


def _refused_me(verb: Token) -> bool:
    """Another would not take, see or believe the writer: "the college wouldn't take me",
    "the gp didn't believe me", "they never rang me back"."""
    if verb.lemma_.lower() not in _ACCEPTING or verb.pos_ != "VERB" or not is_negated(verb):
        return False
    subject = clause_subject(verb)
    if subject is None or subject.lower_ in ("i", "we", "you") or subject.lower_ in ("nothing", "nobody", "noone", "none"):
        return False  # "nobody listened" is `nobody_there`'s
    return any(o.lower_ in _ME for o in _objects(verb))


def _never_heard(verb: Token) -> bool:
    """The writer never heard back: "i never heard another word", "we didn't hear anything back"."""
    if verb.lemma_.lower() != "hear" or not is_negated(verb):
        return False
    subject = clause_subject(verb)
    if subject is None or subject.lower_ not in ("i", "we"):
        return False
    return any(t.lower_ in ("word", "back", "anything", "nothing", "owt") for t in verb.subtree if t.i > verb.i)


def _nothing_more_to_do(token: Token) -> bool:
    """ "there was nothing more they could do for me", "nothing else anyone could do"."""
    if token.lower_ != "nothing":
        return False
    more = any(c.lower_ in ("more", "else") for c in token.children)
    could = any(c.dep_ == "relcl" and c.lemma_.lower() == "do" for c in token.children)
    return more and could


def done_to_me(doc: Doc) -> list[tuple[int, int]]:
    """Spans where others did something against the writer, or would not do for them what was
    needed, or the writer never heard back: a hard part of the writer's own story."""
    spans = []
    for token in doc:
        if token.pos_ in ("VERB", "AUX") and (_against_me(token) or _done_to_me_passive(token) or _refused_me(token) or _never_heard(token)):
            spans.append(span_of(token, token.right_edge if token.right_edge.i - token.i < 8 else token))
        elif _nothing_more_to_do(token):
            spans.append(span_of(token, token.right_edge))
    return spans


# --- a run of places the writer was sent through -------------------------------------------------

_MOVED = frozenset({"pass", "bounce", "shunt", "shuffle", "move", "ping", "push", "send", "transfer", "go", "end"})


def _in_and_out_of(token: Token) -> bool:
    """ "in and out of foster homes", "in and out of hospital"."""
    if token.lower_ != "in":
        return False
    out = next((c for c in token.children if c.dep_ == "conj" and c.lower_ == "out"), None)
    return out is not None and any(c.lower_ == "of" and any(g.dep_ == "pobj" for g in c.children) for c in (*out.children, *token.children))


def _places_in_a_row(verb: Token) -> bool:
    """ "from a&e to the crisis house to a ward", "from one team to the next", "bounced
    between services": the writer moved on by others, place after place."""
    preps = [c for c in verb.children if c.dep_ == "prep"]
    origin = [p for p in preps if p.lower_ == "from"]
    onward = [p for p in preps if p.lower_ == "to"]
    if origin and len(onward) >= 2:
        return True
    if origin and onward:
        first = next((g for g in origin[0].children if g.dep_ == "pobj"), None)
        then = next((g for g in onward[0].children if g.dep_ == "pobj"), None)
        one = first is not None and any(c.lower_ == "one" for c in (first, *first.children))
        return one and then is not None and then.lower_ in ("next", "another", "other")
    return verb.lemma_.lower() in ("bounce", "shunt", "shuffle", "pass", "ping") and any(p.lower_ in ("between", "around", "round") for p in preps)


def passed_between(doc: Doc) -> list[tuple[int, int]]:
    """Spans where the writer was moved through one place or service after another ("i was
    passed from one team to the next", "in and out of foster homes", "i went from a&e to the
    crisis house to a ward"): a hard part of the writer's own story."""
    spans = []
    for token in doc:
        if _in_and_out_of(token):
            subject = clause_subject(token)
            if subject is None or subject.lower_ in ("i", "we"):
                spans.append(span_of(token, token.right_edge))
        elif token.lemma_.lower() in _MOVED and token.pos_ == "VERB" and not is_negated(token) and _places_in_a_row(token):
            subject = clause_subject(token)
            if subject is not None and subject.lower_ in ("i", "we"):
                spans.append(span_of(token, token.right_edge))
    return spans


SHAPES = {"done_to_me": done_to_me, "passed_between": passed_between}
# Shapes whose spans are the writer's own by their shape, whoever is the clause's subject, and
# tell a story in fewer words than others ("the police took my statement and i never heard
# another word", "i was in and out of childrens homes my whole childhood").
DONE_TO_WRITER = frozenset({"done_to_me", "passed_between"})


def told_as_a_run(doc: Doc) -> bool:
    """The text tells more than one happening, beside any saying of it ("the police took my
    statement and i never heard another word", "my son was taken into care when i was
    unwell"), not one mention ("i had been bullied at school as well")."""
    happenings = [
        t for t in doc
        if t.pos_ in ("VERB", "AUX") and t.dep_ not in ("aux", "auxpass") and t.lemma_.lower() not in REPORTING_LEMMAS | {"share"}
    ]
    return len(happenings) >= 2
