"""How the phrasing guide reads distress explained away: put down to an everyday passing cause,
so that it sounds smaller than it feels ("it's just the tiredness talking", "that'll only be the
time of year", "probably just the new tablets settling in", "the crying is just the drink
wearing off", "i put it down to her being overtired", "it's probably down to the clocks going
back"). The minimising rule asks for it by name (`shapes:` in prompts/phrasing.yaml) through
`reflect.shapes.SHAPES`; its context keeps only what the writer says (the person's own "it's only
a blip" noted is theirs).

What is named is read by its lemma: an everyday cause (tiredness, the weather, hormones, the
tablets, nerves, a monday, the time of year), or any thing said to be doing the feeling for them
("the drugs talking", "your mind playing tricks", "the anniversary coming up"). An appointment,
a review or "the two of us" is no cause of distress ("it's only a short review today"), and a
cause denied is the careful way to say it ("it's not just the tiredness, is it?")."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reflect.language import FIRST_PERSON, is_negated

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

# "just", "only", "merely", "simply", "nothing but": the word that makes a cause the whole of it.
_ONLY = frozenset({"just", "only", "merely", "simply", "jus", "onli"})
# Everyday passing causes a feeling is put down to.
_CAUSES = frozenset(
    {"tiredness", "tired", "exhaustion", "sleep", "hormone", "hormones", "weather", "season", "anniversary", "med",
     "meds", "medication", "pill", "tablet", "hangover", "stress", "nerve", "nerves", "boredom", "monday", "mondays", "hunger",
     "winter", "january", "christmas", "exam", "exams", "clocks", "lag", "age", "phase", "blues", "cold", "virus", "bug",
     "caffeine", "withdrawal", "comedown", "adrenaline", "overtiredness", "menopause", "teething", "jitters", "wobble",
     "wobbles", "blip", "fatigue", "sleepiness"}
)
# A cause said through what it is of: "the time of year", "a change of season", "lack of sleep".
_PERIODS = frozenset({"year", "month", "season", "day", "week"})
_OF_A_CAUSE = frozenset({"time", "change", "lack", "bit", "case", "touch", "dose"})
# What the cause is said to be doing in their place: "talking", "playing tricks", "settling in".
_DOING = frozenset({"talk", "get", "settle", "wear", "kick", "play", "catch", "come", "speak", "mess", "build", "creep", "take", "do"})
# Whose distress: an "it", "that" or a feeling, not an appointment, a plan or a person.
_NOT_DISTRESS = frozenset(
    {"review", "appointment", "meeting", "visit", "call", "session", "assessment", "form", "letter", "plan", "group", "course",
     "test", "check", "referral", "wait", "list", "journey", "drive", "walk", "bus", "train", "house", "flat", "room"}
)
# Putting it down to a cause: "put it down to", "blamed it on", "chalked it up to".
_PUT_DOWN = frozenset({"put", "blame", "chalk", "pin", "attribute"})
_HEDGES = frozenset({"probably", "prob", "prolly", "likely", "most", "all", "maybe", "reckon", "think", "bet", "guess", "sure", "surely"})
_BE = frozenset({"be", "'s", "s", "is", "was", "its", "thats", "it's", "that's", "'ll", "will"})


def _cause(noun: Token) -> bool:
    """An everyday passing cause ("the weather", "the time of year", "lack of sleep"), or a
    thing said to be doing the feeling ("the drugs talking", "the dark nights getting to him")."""
    if noun.lemma_.lower() in _OF_A_CAUSE:
        of = [g for c in noun.children if c.lower_ == "of" for g in c.children if g.dep_ == "pobj"]
        return any(g.lemma_.lower() in _PERIODS or _cause(g) for g in of)
    if noun.lemma_.lower() in _CAUSES or noun.lower_ in _CAUSES:
        return True
    doing = [c for c in noun.children if c.dep_ in ("acl", "relcl") and c.tag_ == "VBG"]
    after = noun.doc[noun.i + 1] if noun.i + 1 < len(noun.doc) else None
    if after is not None and after.tag_ == "VBG":
        doing.append(after)
    return any(v.lemma_.lower() in _DOING for v in doing) and noun.pos_ in ("NOUN", "PROPN")


def _noun_after(only: Token) -> Token | None:
    """The noun a "just" or "only" leads to, a few words on: "just the new meds", "only the
    change of season", "just her being overtired"."""
    doc = only.doc
    for i in range(only.i + 1, min(only.i + 5, only.sent.end)):
        token = doc[i]
        if token.is_punct or token.lower_ in ("and", "but", "so"):
            return None
        if token.pos_ == "VERB" or token.pos_ == "AUX" and token.tag_ != "VB":
            return None  # "it's only been a month": a time gone by, not a cause
        if token.pos_ in ("NOUN", "PROPN"):
            # "the time of the month", "the jet lag": the head of the phrase.
            while token.dep_ == "compound" and token.head.i > token.i:
                token = token.head
            return token
    return None


def _frame(only: Token) -> Token | None:
    """The word that makes the "just" a cause given: "it's", "that'll be", "the crying is",
    with "probably" or "i reckon" between; the "just" itself when a note opens on it
    ("probably just the new meds settling in"). None when it stands anywhere else."""
    doc = only.doc
    for i in range(only.i - 1, max(only.sent.start, only.i - 4) - 1, -1):
        token = doc[i]
        if token.lower_ in _BE or token.lemma_ == "be":
            return token
        if token.is_punct:
            return only
        if token.lower_ not in _HEDGES:
            return None
    return only if only.i - only.sent.start < 4 else None


def _denied(frame: Token, only: Token) -> bool:
    """A "not" between the frame and the "just": "it's not just the tiredness", "it isn't only
    the weather" (the careful way to say it)."""
    return any(t.dep_ == "neg" or t.lower_ in ("not", "n't", "never") for t in frame.doc[frame.i : only.i])


def _distress_subject(frame: Token) -> bool:
    """What is explained is not an appointment or a plan ("it's only a short review"), nor the
    writer ("i'm just the messenger")."""
    if frame.lemma_ != "be" or frame.pos_ not in ("AUX", "VERB"):
        return True  # "its", "thats" or a note: an "it" or a "that"
    subject = next((c for c in frame.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None:
        return True
    if subject.lower_ in FIRST_PERSON | {"we"}:
        return False
    return subject.lemma_.lower() not in _NOT_DISTRESS


def explained_away(doc: Doc) -> list[tuple[int, int]]:
    """Spans where the writer puts the person's distress down to an everyday passing cause (see
    the module's docstring), not denied and not of an appointment."""
    spans = []
    for token in doc:
        frame = _frame(token) if token.lower_ in _ONLY else None
        if frame is not None:
            noun = _noun_after(token)
            if noun is None or not _cause(noun) or not _distress_subject(frame) or _denied(frame, token):
                continue
            end = max(noun.right_edge.i, noun.i)
            spans.append((token.idx, doc[end].idx + len(doc[end])))
        elif token.lemma_.lower() in _PUT_DOWN and token.pos_ == "VERB":
            subject = next((c for c in token.children if c.dep_ in ("nsubj",)), None)
            if subject is None or subject.lower_ not in ("i", "we") or is_negated(token):
                continue  # "he put it down to the new tablets himself": his own reading
            to = [c for c in token.subtree if c.lower_ in ("to", "on", "up") and c.i > token.i]
            if any(t.lower_ == "down" for t in token.subtree) or token.lemma_ != "put" and to:
                spans.append((token.idx, token.right_edge.idx + len(token.right_edge)))
    return spans


SHAPES = {"explained_away": explained_away}
