"""How the phrasing guide reads hope worn down by numbers, whatever the words: most people, or
only a few, or people like the person said to fail ("only about 1 in 10 people get off the
methadone for good", "most people who come through here end up back within the year", "people
like him rarely stay sober", "the research shows most people with that diagnosis dont really
change"), and the odds, figures or chances said to be against them ("the stats for relapse
are really high", "the odds arent great at your age"). The hope_eroding rule asks for it by
name (`shapes:` in prompts/phrasing.yaml), through `reflect.language_shapes.SHAPES`. Numbers
that leave the way open stay clean ("lots of people do get back to work", "numbers dont tell
us what will happen to him")."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reflect.language import is_question, span_of

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


SHAPES = {"odds_against_them": odds_against_them}
