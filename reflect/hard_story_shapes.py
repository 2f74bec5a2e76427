"""More ways the writer's own story reaches its hardest point, whatever the words: what was tried
came to nothing, nobody was there, I had to give something up, years of my life were taken,
someone of mine left me, I lost something of mine, a hard time took everything, and everyday
life stopped thing after thing. The missing_coping rule asks for these by name (`shapes:` in
prompts/phrasing.yaml) through `reflect.story_shapes.STORY_SHAPES`; a rule reads them as a hard
part of a story, and the whole stories among them (`WHOLE`) as a story however short."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reflect.language import REPORTING_LEMMAS, clause_subject, is_negated, span_of

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

_ME = frozenset({"i", "me", "we", "us"})
_MINE = frozenset({"my", "our"})


def _by_me(verb: Token) -> bool:
    subject = clause_subject(verb)
    return subject is not None and subject.lower_ in ("i", "we")


def _possessed(token: Token) -> bool:
    return any(c.dep_ == "poss" and c.lower_ in _MINE for c in token.children)


# --- what was tried came to nothing -------------------------------------------------------------

# What one tries when things are hard: the things that can come to nothing.
_TRIED = frozenset(
    {"it", "that", "they", "this", "tablet", "pill", "med", "meds", "medication", "antidepressant", "therapy", "counselling",
     "counseling", "counsellor", "doctor", "gp", "treatment", "course", "group", "session", "injection", "service", "team"}
)
_OF_USE = frozenset({"work", "help", "touch", "shift", "change"})


def came_to_nothing(doc: Doc) -> list[tuple[int, int]]:
    """Spans where what the writer tried came to nothing: it did nothing ("the tablets did
    nothing for me", "they did nothing"), or it didn't work or help ("counselling didn't help
    either", "that didn't work"). A hard part of a story, not its way through."""
    spans = []
    for verb in doc:
        lemma = verb.lemma_.lower()
        subject = clause_subject(verb)
        if subject is None or subject.head.i != verb.i or subject.lemma_.lower() not in _TRIED:
            continue
        if lemma == "do" and verb.pos_ == "VERB" and any(c.dep_ == "dobj" and c.lower_ == "nothing" for c in verb.children):
            spans.append(span_of(subject, verb.right_edge))
        elif lemma in _OF_USE and verb.pos_ == "VERB" and verb.tag_ in ("VB", "VBD") and is_negated(verb):
            spans.append(span_of(subject, verb))
    return spans


# --- nobody was there ----------------------------------------------------------------------------

# What no one did for the writer: came, cared, noticed, listened, believed, wanted to know.
_THERE_FOR = frozenset(
    {"come", "care", "notice", "listen", "believe", "understand", "help", "visit", "ask", "check", "reach", "know", "want",
     "call", "ring", "bother", "speak", "talk", "see", "hear", "look"}
)


def _nobody(subject: Token) -> bool:
    if subject.lower_ in ("nobody", "noone", "no-one"):
        return True
    return subject.lower_ == "one" and any(c.lower_ == "no" for c in subject.children)


def nobody_there(doc: Doc) -> list[tuple[int, int]]:
    """Spans where nobody was there for the writer ("nobody wants to know me", "no one could
    reach me", "nobody noticed", "no one came"): a hard part of a story."""
    spans = []
    for verb in doc:
        if verb.lemma_.lower() not in _THERE_FOR or verb.pos_ not in ("VERB", "AUX"):
            continue
        subject = clause_subject(verb)
        if subject is None or subject.head.i != verb.i or not _nobody(subject):
            continue
        # "nobody at the drop in knew the times had changed": people in a place, and news.
        if any(c.dep_ == "prep" for c in subject.children):
            continue
        own = [t for c in verb.children if c.i > verb.i and c.dep_ not in ("conj", "cc") for t in c.subtree]  # not "..., and i go into work"
        objects = [t for t in own if t.dep_ in ("dobj", "pobj")]
        if objects and not any(t.lower_ in _ME for t in objects) and verb.lemma_.lower() != "want":
            continue
        told_of = [c for c in verb.children if c.dep_ in ("ccomp", "xcomp", "prep", "dobj") and c.i > verb.i]
        if verb.lemma_.lower() == "know" and told_of and not any(t.lower_ in _ME for t in objects):
            continue  # "nobody knew the times had changed"; but "nobody knows", "nobody knew"
        spans.append(span_of(subject, verb.right_edge))
    return spans


# --- I had to give something up --------------------------------------------------------------

_GIVING_UP = {"drop": ("out",), "give": ("up",), "leave": (), "quit": (), "stop": (), "move": ("out", "back"), "sell": (), "pack": ("in", "up")}
# Put out of something: "I was let go", "we were kicked out", "I got laid off".
_PUT_OUT = {"let": ("go",), "lay": ("off",), "kick": ("out",), "throw": ("out",), "chuck": ("out",), "strike": ("off",), "turf": ("out",)}


def had_to_give_up(doc: Doc) -> list[tuple[int, int]]:
    """Spans where the writer had to give something up or was put out of it ("I had to drop
    out in my second year", "we had to sell the house", "I was let go after my admission",
    "I dropped out of uni"): a hard part of a story."""
    spans = []
    for verb in doc:
        lemma = verb.lemma_.lower()
        after = {t.lower_ for t in verb.children if t.i > verb.i} | {t.lower_ for t in verb.subtree if verb.i < t.i <= verb.i + 2}
        if lemma in _PUT_OUT and verb.tag_ == "VBN" and any(w in after for w in _PUT_OUT[lemma]):
            if any(c.dep_ in ("nsubjpass", "nsubj") and c.lower_ in ("i", "we") for c in verb.children) and not is_negated(verb):
                spans.append(span_of(verb, verb))
            continue
        if lemma not in _GIVING_UP or verb.pos_ != "VERB" or is_negated(verb):
            continue
        forced = verb.dep_ == "xcomp" and verb.head.lemma_ == "have" and verb.head.tag_ == "VBD"
        particle = bool(_GIVING_UP[lemma]) and any(w in after for w in _GIVING_UP[lemma])
        if forced and _by_me(verb.head) and not is_negated(verb.head):
            spans.append(span_of(verb.head, verb))
        elif lemma == "drop" and particle and verb.tag_ == "VBD" and _by_me(verb):
            spans.append(span_of(verb, verb))
    return spans


# --- years of my life taken -----------------------------------------------------------------------

_STRETCH = frozenset(
    {"year", "years", "life", "childhood", "youth", "twenties", "thirties", "forties", "teens",
     "teenage", "teenager", "adolescence", "school", "schooling"}
)
_TAKING_TIME = frozenset({"eat", "take", "steal", "rob", "waste", "lose", "miss", "swallow"})
_GONE = frozenset({"go", "disappear", "vanish", "slip"})


def _a_stretch_of_mine(phrase: Token) -> bool:
    """ "years of my life", "my twenties", "every bit of being a teenager", "my whole youth"."""
    words = list(phrase.subtree)
    # By the word as typed: "forty of my tablets" is no stretch of a life, "my forties" is.
    stretch = [t for t in words if t.lower_ in _STRETCH or t.lemma_.lower() == "year"]
    if not stretch:
        return False
    return any(t.lower_ in _MINE for t in words) or any(t.lower_ == "being" for t in words)


def time_of_life_taken(doc: Doc) -> list[tuple[int, int]]:
    """Spans where a hard time took a stretch of the writer's life, or they missed it ("the ocd
    ate up years of my life", "I missed every bit of being a teenager", "my whole thirties
    went on looking after my mam", "my twenties just vanished"): a whole story however short."""
    spans = []
    for verb in doc:
        lemma = verb.lemma_.lower()
        if verb.pos_ != "VERB" or is_negated(verb):
            continue
        if lemma in _TAKING_TIME:
            for phrase in (c for c in verb.children if c.dep_ in ("dobj", "dative")):
                if _a_stretch_of_mine(phrase):
                    spans.append(span_of(verb, phrase.right_edge))
        elif lemma in _GONE and verb.tag_ == "VBD":
            subject = clause_subject(verb)
            if subject is not None and subject.head.i == verb.i and subject.lower_ in _STRETCH and _possessed(subject):
                spans.append(span_of(subject, verb))
    return spans


# --- someone of mine left me ---------------------------------------------------------------------

_MY_PEOPLE = frozenset(
    {"wife", "husband", "partner", "ex", "boyfriend", "girlfriend", "fiance", "fiancee", "family", "friend", "mate", "mum", "mam",
     "dad", "parent", "everyone", "everybody", "he", "she", "they", "missus", "fella"}
)
_LEAVING = frozenset({"leave", "dump", "abandon", "desert", "disown", "drop", "ditch"})


def left_me(doc: Doc) -> list[tuple[int, int]]:
    """Spans where someone of the writer's left them ("my wife left me", "my family disowned
    me", "he walked out on us"): a hard part of a story."""
    spans = []
    for verb in doc:
        lemma = verb.lemma_.lower()
        if verb.pos_ != "VERB" or is_negated(verb):
            continue
        subject = clause_subject(verb)
        if subject is None or subject.head.i != verb.i or subject.lemma_.lower() not in _MY_PEOPLE:
            continue
        objects = [c for c in verb.children if c.dep_ == "dobj"]
        left = lemma in _LEAVING and len(objects) == 1 and objects[0].lower_ in _ME
        walked = lemma == "walk" and any(t.lower_ == "out" for t in verb.children) and any(t.lower_ in _ME for t in verb.subtree if t.i > verb.i)
        if left or walked:
            spans.append(span_of(subject, verb.right_edge))
    return spans


# --- I lost something of mine; a hard time took everything --------------------------------------

_OF_MINE = frozenset(
    {"confidence", "job", "home", "house", "flat", "mind", "hope", "faith", "trust", "friend", "friends", "marriage", "kid",
     "kids", "child", "children", "career", "health", "license", "licence", "business", "place", "way", "identity", "self",
     "independence", "savings", "sight", "hearing", "baby", "partner", "wife", "husband", "mum", "mam", "dad"}
)
_TAKE = frozenset({"take", "cost", "lose", "wreck", "ruin", "destroy", "wipe", "swallow"})


def lost_mine(doc: Doc) -> list[tuple[int, int]]:
    """Spans where the writer lost something of theirs, in any tense ("I lose my confidence
    completely", "we lost our home"), or a hard time took everything or something of theirs
    ("the fire took everything we owned", "my gambling lost us the house"): a hard part of a
    story."""
    spans = []
    for verb in doc:
        lemma = verb.lemma_.lower()
        if lemma not in _TAKE or verb.pos_ != "VERB" or is_negated(verb):
            continue
        objects = [c for c in verb.children if c.dep_ == "dobj"]
        if lemma == "lose" and _by_me(verb):
            if any(o.lemma_.lower() in _OF_MINE and _possessed(o) for o in objects):
                spans.append(span_of(verb, verb.right_edge))
            continue
        subject = clause_subject(verb)
        if subject is None or subject.head.i != verb.i or subject.lower_ in _ME or subject.pos_ == "PROPN":
            continue
        from_me = any(c.dep_ == "dative" and c.lower_ in _ME for c in verb.children)
        everything = any(o.lower_ in ("everything", "all") for o in objects)
        mine = any(o.lemma_.lower() in _OF_MINE for o in objects)
        if everything or (mine and from_me):
            spans.append(span_of(verb, verb.right_edge))
    return spans


# --- everyday life stopped, thing after thing ---------------------------------------------------


def stopped_everything(doc: Doc) -> list[tuple[int, int]]:
    """Spans where the writer stopped one thing after another, or everything ("I stopped going
    out, stopped seeing people, stopped everything", "I gave up on everything"): a whole story
    however short."""
    stops = []
    for verb in doc:
        if verb.lemma_.lower() not in ("stop", "give", "quit") or verb.pos_ != "VERB" or is_negated(verb):
            continue
        if verb.lemma_.lower() == "give" and not any(c.lower_ == "up" for c in verb.children):
            continue
        subject = clause_subject(verb)
        if subject is not None and subject.head.i != verb.i:
            subject = None  # "told her I stopped going out, stopped seeing people": the same "I"
        if subject is not None and subject.lower_ not in ("i", "we"):
            continue
        everything = any(t.lower_ == "everything" for t in verb.subtree if t.i > verb.i)
        stops.append((verb, everything, subject is not None))
    if not any(mine for _, _, mine in stops):
        return []
    if len(stops) >= 2 or any(everything for _, everything, mine in stops if mine):
        return [span_of(stops[0][0], stops[-1][0].right_edge)]
    return []


# --- day after day, night after night ----------------------------------------------------------

# What a hard time is spent doing, over and over.
_DWELLING = frozenset({"cry", "sob", "drink", "sit", "lie", "hide", "shake", "stare", "awake", "panic", "scream", "wander", "pace"})
_DAYS = frozenset({"day", "night", "morning", "evening", "week", "weekend", "month"})


def _over_and_over(token: Token) -> bool:
    """ "all day", "every night", "all night long", "night after night", "for weeks"."""
    if token.lemma_.lower() not in _DAYS:
        return False
    repeated = any(c.lower_ in ("all", "every", "each", "whole") for c in token.children)
    after = any(c.lower_ == "after" and any(g.lemma_.lower() == token.lemma_.lower() for g in c.children) for c in token.children)
    stretch = token.tag_ == "NNS" and token.head.lower_ in ("for", "many") or any(c.lower_ in ("many", "whole") for c in token.children)
    return repeated or after or stretch


def day_after_day(doc: Doc) -> list[tuple[int, int]]:
    """Spans where the writer spent day after day in a hard time ("i'm awake all night and
    crying all day", "i sit in the flat all day with the curtains shut", "we were drinking every
    night"): a hard part of a story, in any tense."""
    spans = []
    for word in doc:
        if word.lemma_.lower() not in _DWELLING or word.pos_ not in ("VERB", "ADJ") or is_negated(word):
            continue
        clause = word.head if word.pos_ == "ADJ" or word.dep_ == "conj" and word.head.pos_ in ("AUX", "VERB") else word
        subject = clause_subject(clause)
        if subject is not None and subject.lower_ not in ("i", "we") and not any(c.dep_ == "conj" and c.lower_ in ("i", "me") for c in subject.children):
            continue
        near = [t for t in (*word.subtree, *(c for c in clause.children if c.dep_ in ("npadvmod", "prep", "advmod"))) if t.i >= word.i - 1]
        times = [t for n in near for t in n.subtree if _over_and_over(t)]
        if times:
            spans.append(span_of(word, max(times, key=lambda t: t.i)))
    return spans


# --- a story told in the present of its own time ---------------------------------------------

_THEN_NOUNS = frozenset({"year", "winter", "summer", "spring", "autumn", "time", "month", "week", "day", "night", "christmas", "term"})
_NOW = frozenset({"now", "nowadays", "currently", "still", "anymore", "lately", "today", "tonight"})


def told_of_then(sentence: Span) -> bool:
    """The sentence tells a past time in the present tense, as a story is often told ("back
    then it's two in the morning and i'm on the bathroom floor", "that first winter i sit in
    the flat all day", "the first months after the baby i'm awake all night", "when we first
    come here we have nothing", "at uni i'm drinking every night"): it is set then, not now."""
    if any(t.lower_ in _NOW for t in sentence):
        return False
    # The writer's own present, as a story is told: "i'm on the floor", "we have nothing" (not
    # "the first year after a diagnosis is hell for everybody").
    if not any(t.tag_ in ("VBP", "VBZ") and t.lemma_ not in REPORTING_LEMMAS and _by_me(t) for t in sentence):
        return False
    for t in sentence:
        low = t.lower_
        if low == "then" and any(n.lower_ == "back" for n in (t.nbor(-1) if t.i > sentence.start else t,)):
            return True
        if low == "ago" or low == "first" and t.head.lemma_.lower() in ("come", "arrive", "move", "get", "start"):
            return True
        if t.lemma_.lower() in _THEN_NOUNS and any(c.lower_ in ("that", "those") or c.lower_ == "first" for c in t.children):
            return True
        if low in ("uni", "university", "college", "school") and t.head.lower_ == "at" and t.head.head.lemma_ != "be":
            return True
        # "i come to this country alone": an arrival, told in the present as it is remembered.
        if t.lemma_ in ("come", "arrive") and t.tag_ in ("VBP", "VB") and any(
            c.lower_ in ("here", "uk", "england", "britain") or c.lower_ == "to" and any(g.lemma_ in ("country", "uk", "england", "britain") for g in c.children)
            for c in t.children
        ):
            return True
    return False


SHAPES = {
    "day_after_day": day_after_day,
    "came_to_nothing": came_to_nothing,
    "nobody_there": nobody_there,
    "had_to_give_up": had_to_give_up,
    "time_of_life_taken": time_of_life_taken,
    "left_me": left_me,
    "lost_mine": lost_mine,
    "stopped_everything": stopped_everything,
}
# Shapes that tell a whole story however short it is.
WHOLE = frozenset({"time_of_life_taken", "stopped_everything"})


# --- a story named, not told ----------------------------------------------------------------------

_TELLING = frozenset({"tell", "talk", "say", "share", "mention", "chat", "go", "ramble", "rabbit", "bang", "witter", "open"})


def only_named(doc: Doc | None, start: int, end: int) -> bool:
    """The hard thing at these offsets is only what the writer told about, named as a topic
    ("I got carried away telling her about my own breakdown", "told her all about my panic
    attacks"), not the story itself: whether that story had a way through is not in the
    words, so it is not read as one that stops at the hardest part."""
    if doc is None:
        return False
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return False
    for token in span:
        inside = False
        for above in [token, *token.ancestors]:
            if above.lower_ == "about" and above.dep_ == "prep" and above.head.lemma_.lower() in _TELLING:
                inside = True
                break
            if above.pos_ == "VERB" and above.i != token.i:
                break
        if not inside:
            return False
    return True
