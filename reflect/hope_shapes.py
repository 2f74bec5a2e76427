"""How the phrasing guide reads hope worn down by numbers, whatever the words: most people, or
only a few, or people like the person said to fail ("only about 1 in 10 people get off the
methadone for good", "most people who come through here end up back within the year", "people
like him rarely stay sober", "the research shows most people with that diagnosis dont really
change"), and the odds, figures or chances said to be against them ("the stats for relapse
are really high", "the odds arent great at your age"). The hope_eroding rule asks for it by
name (`shapes:` in prompts/phrasing.yaml), through `reflect.shapes.SHAPES`. Numbers
that leave the way open stay clean ("lots of people do get back to work", "numbers dont tell
us what will happen to him")."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reflect.language import heads, is_question, span_of

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

_PEOPLE = frozenset({"people", "person", "client", "patient", "user", "man", "woman", "lad", "addict", "one", "folk", "folks"})
# Getting better, said as what most people do not do.
_GETTING_BETTER = frozenset(
    {"change", "recover", "improve", "get", "go", "stay", "come", "work", "manage", "cope", "make", "last", "stick", "keep", "return", "live", "do"}
)
_RARELY = frozenset({"rarely", "seldom", "never", "hardly", "barely"})
_FAILING = frozenset({"relapse", "fail", "die", "reoffend", "drop", "lapse"})
_ODDS = frozenset({"stat", "stats", "statistic", "odds", "odd", "chance", "number", "figure", "rate", "likelihood", "prognosis", "outlook"})
_AGAINST = frozenset({"low", "slim", "poor", "bleak", "zero", "nil", "against", "grim", "tiny"})
_GOOD = frozenset({"good", "great", "promising", "high", "favourable", "brilliant"})
# A rate that is bad when high: "the stats for relapse are high".
_BAD_RATE = frozenset({"relapse", "failure", "dropout", "readmission", "death", "suicide", "return", "reoffending"})


def _negated(verb: Token) -> bool:
    return any(c.dep_ == "neg" for c in verb.children)


def _few_or_most(subject: Token) -> bool:
    """ "most people", "few clients", "only 1 in 10 people", "people like him"."""
    words = {c.lower_ for c in subject.subtree if c.i < subject.i}
    if words & {"most", "few"} or subject.lower_ == "most":
        return "only" in words or "most" in words or "few" in words and "a" not in words
    if "in" in words and any(c.like_num for c in subject.subtree if c.i < subject.i):
        return True  # "1 in 10 people"
    # "people like him", not "people like us": a group the writer is in is a claim about all
    # of us (overgeneralising), not a forecast for the person.
    return any(c.dep_ == "prep" and c.lower_ == "like" and not any(g.lower_ in ("us", "me", "myself") for g in c.children) for c in subject.children)


# Staying or going is getting better only towards something: "stay sober", "go back to work"
# ("most people dont stay in hospital long" is no forecast against them).
_WELL = frozenset({"well", "sober", "clean", "dry", "off", "out", "back", "better", "free"})


def _towards_better(verb: Token) -> bool:
    if verb.lemma_.lower() not in ("stay", "go", "come", "keep", "get"):
        return True
    return any(c.lower_ in _WELL for c in verb.children) or any(c.dep_ == "acomp" for c in verb.children)


def _failing(verb: Token, only: bool) -> bool:
    """The people said not to get better: negated, "rarely", "end up back", "relapse"; or, with
    "only" before them, said to get better at all ("only 1 in 10 get off it")."""
    lemma = verb.lemma_.lower()
    if lemma in _FAILING:
        return True
    if any(c.lower_ in _RARELY for c in verb.children) and lemma in _GETTING_BETTER:
        return True
    if _negated(verb) and lemma in _GETTING_BETTER and _towards_better(verb):
        return True
    if lemma in ("end", "come", "go", "wind") and any(c.lower_ == "back" for c in verb.children):
        return True
    return only and lemma in _GETTING_BETTER and not _negated(verb)


def _odds_against(verb: Token, subject: Token) -> bool:
    """ "the odds arent great", "the chances are slim", "the stats for relapse are high"."""
    said = [c for c in verb.children if c.dep_ in ("acomp", "attr", "advmod", "prep")]
    words = {t.lower_ for c in said for t in c.subtree}
    if words & _AGAINST:
        return True
    if _negated(verb) and words & _GOOD:
        return True
    bad_rate = any(t.lemma_.lower() in _BAD_RATE for t in subject.subtree)
    return bad_rate and bool(words & {"high", "huge", "massive"})


def odds_against_them(doc: Doc) -> list[tuple[int, int]]:
    """Spans where numbers are said to be against the person: most, few or people like them
    said to fail, or the odds said to be poor."""
    spans = []
    for sentence in doc.sents:
        if is_question(sentence):
            continue
        for verb in sentence:
            # A verb, or a word with a subject read as a noun ("most people ... end up back").
            subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subject is None or verb.pos_ not in ("VERB", "AUX", "NOUN"):
                continue
            lemma = subject.lemma_.lower()
            if (lemma in _PEOPLE or subject.lower_ == "most") and _few_or_most(subject):
                only = any(t.lower_ == "only" for t in subject.subtree)
                if _failing(verb, only):
                    spans.append(span_of(subject.left_edge, verb))
            elif (lemma in _ODDS or subject.lower_ in _ODDS) and verb.lemma_ == "be" and _odds_against(verb, subject):
                spans.append(span_of(subject.left_edge, verb.right_edge))
    return spans


# --- an illness said to stay for good, aims said to come down ------------------------------

# Ending or getting better, said of an illness or of things: "the voices might never fully stop",
# "things don't usually change much", "I don't think that ever changes".
_ENDING = frozenset({"stop", "change", "end", "improve", "disappear", "clear", "ease", "lift", "heal", "go", "leave", "shift", "settle"})
_FOR_EVER = frozenset({"ever", "never", "fully", "completely", "totally", "properly", "much", "really", "usually"})
_WHO = frozenset({"i", "you", "he", "she", "they", "we", "people", "person", "one", "anyone", "someone", "nobody"})
_LASTING = frozenset({"thing", "condition", "illness", "problem", "struggle", "battle", "sentence", "disability", "disease"})
_HOPING = frozenset({"hope", "wish", "pray"})
_MODAL = frozenset({"might", "may", "will", "'ll", "would", "could", "ll", "wo"})
# A fear of the past told ("I thought it would never end"), not a forecast said to the person.
_THOUGHT = frozenset({"think", "fear", "worry", "believe", "feel", "assume", "expect", "reckon", "imagine"})


def _now_or_ahead(verb: Token) -> bool:
    """Not a story of the past: "the voices didn't go for me, but ..." is told, not forecast."""
    return verb.tag_ != "VBD" and not any(c.tag_ == "VBD" or c.lower_ in ("did", "was", "were") for c in verb.children)


def _hoped(verb: Token) -> bool:
    return any(head.lemma_.lower() in _HOPING for head in heads(verb))


def _never_ends(verb: Token) -> bool:
    if verb.lemma_.lower() not in _ENDING or verb.pos_ != "VERB" or not _now_or_ahead(verb) or _hoped(verb):
        return False
    if verb.tag_ == "VBN":
        return False  # "it's never really lifted": my own story so far, not a forecast
    if any(c.dep_ in ("dobj", "dative", "xcomp") for c in verb.children):
        return False  # "it never stopped me", "it won't change my mind", "it wouldn't stop bleeding"
    if any(c.lower_ in ("would", "could") for c in verb.children) or verb.dep_ == "ccomp" and verb.head.tag_ == "VBD" and verb.head.lemma_.lower() in _THOUGHT:
        return False  # "I thought it would never end": a past fear told, not a forecast
    if verb.lemma_.lower() in ("go", "leave") and not any(c.lower_ in ("away", "completely", "fully") for c in verb.children):
        return False
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None:
        # "I don't think that ever changes": the tagger takes the subject "that" for a mark.
        subject = next((c for c in verb.children if c.dep_ == "mark" and c.lower_ == "that"), None)
    if subject is None or subject.lemma_.lower() in _WHO or subject.pos_ == "PROPN":
        return False  # "she never stops", "people never change" (said of all, another rule)
    if any(c.dep_ == "mark" and c.lower_ in ("if", "unless", "until", "till", "when") for c in verb.children):
        return False
    marked = {c.lower_ for c in verb.children}
    negated = "never" in marked or any(c.dep_ == "neg" for c in verb.children)
    # "I don't think that ever changes": the thinking is what is negated.
    head = verb.head if verb.dep_ == "ccomp" else None
    if not negated and head is not None and head.lemma_.lower() in ("think", "reckon", "expect", "imagine", "see"):
        negated = any(c.dep_ == "neg" for c in head.children)
    return negated and bool(marked & _FOR_EVER | (marked & _MODAL))


def _for_life(token: Token) -> bool:
    """ "till I die" hung on being on something; "it's a lifelong thing"."""
    if token.lemma_.lower() == "die" and any(c.lower_ in ("till", "until", "til") for c in token.children):
        head = token.head
        return head.lemma_.lower() in ("be", "stay", "take", "need", "have") and _now_or_ahead(head)
    if token.lower_ in ("lifelong", "life-long") and token.head.lemma_.lower() in _LASTING:
        return token.head.dep_ == "attr"
    return False


def _hope_after(verb: Token) -> bool:
    """ "..., but many people find ways to live well with them": the sentence turns to hope,
    with nothing negated after the turn."""
    sentence = list(verb.sent)
    turn = next((t for t in sentence if t.i > verb.i and t.lower_ in ("but", "though", "although")), None)
    if turn is None:
        return False
    return not any(t.dep_ == "neg" or t.lower_ in ("never", "no", "nothing") for t in sentence if t.i > turn.i)


def for_good(doc: Doc) -> list[tuple[int, int]]:
    """Spans where an illness, or how things are, is said to stay for good: never ending, never
    changing, with you till you die, a lifelong thing."""
    spans = []
    for sentence in doc.sents:
        if is_question(sentence):
            continue
        for token in sentence:
            if (_never_ends(token) or _for_life(token)) and not _hope_after(token):
                spans.append(span_of(token.left_edge if token.dep_ != "ROOT" else token, token))
    return spans


_AIMS = frozenset({"sight", "expectation", "aim", "goal", "bar", "ambition", "hope", "target"})
_LOW = frozenset({"lower", "low", "down", "small"})
_BIG = frozenset({"big", "high", "far", "much"})
_TOO_HARD = frozenset({"much", "hard", "difficult", "stressful", "big", "demanding", "late", "tough"})
_THEM = frozenset({"you", "her", "him", "them", "u"})


def _too_much_for_them(word: Token) -> bool:
    """ "it might be too much for you", "at his age it's hard to start again"."""
    if word.lower_ not in _TOO_HARD or word.dep_ != "acomp":
        return False
    verb = word.head
    if any(c.dep_ == "mark" and c.lower_ in ("if", "when", "unless") for c in verb.children):
        return False
    too = any(c.lower_ == "too" for c in word.children)
    for_them = any(c.lower_ == "for" and any(g.lower_ in _THEM for g in c.children) for c in list(verb.children) + list(word.children))
    forecast = any(c.lower_ in _MODAL for c in verb.children)
    if too and for_them and forecast:
        return True
    # "at his age": their age makes it hard, hung on the clause or on the saying of it.
    near = list(verb.children) + (list(verb.head.children) if verb.dep_ == "ccomp" else [])
    return any(
        c.lower_ == "at" and any(g.lemma_.lower() == "age" and any(p.lower_ in ("his", "her", "your", "their") for p in g.children) for g in c.children)
        for c in near
    )


def aims_lowered(doc: Doc) -> list[tuple[int, int]]:
    """Spans where the person's aims are said to come down: "set her sights a bit lower", "better
    not to dream so big", "it might be too much for you", "at his age it's hard to start again"."""
    spans = []
    for sentence in doc.sents:
        if is_question(sentence):
            continue
        for token in sentence:
            lemma = token.lemma_.lower()
            if lemma in _AIMS and token.dep_ == "dobj" and any(c.lower_ in _LOW for c in token.head.children):
                spans.append(span_of(token.head, token))
            elif lemma in ("dream", "aim", "reach") and token.pos_ == "VERB" and _negated(token) and any(
                t.lower_ in _BIG for t in token.subtree if t.i > token.i
            ):
                spans.append(span_of(token, token.right_edge))
            elif _too_much_for_them(token):
                spans.append(span_of(token.head, token))
    return spans


SHAPES = {"odds_against_them": odds_against_them, "for_good": for_good, "aims_lowered": aims_lowered}
