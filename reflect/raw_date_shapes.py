"""How the phrasing guide reads something still raw said through its date, whatever the words:
a loss, a death, news or a crisis of the writer's own set days or weeks from now ("my dad died
last tuesday", "my miscarriage, it was three weeks ago", "the funeral's on friday", "my mum
went into the hospice yesterday", "my house got repossessed last month"). Something come
through is dated in years ("when my marriage broke down ten years ago"). The too_raw rule asks
for it by name (`shapes:` in prompts/phrasing.yaml), through `reflect.shapes.SHAPES`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reflect.language import clause_subject, is_question, span_of

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

# A loss, a death, news or a crisis, by its verb or its noun.
_EVENTS = frozenset(
    {"die", "death", "funeral", "hospice", "miscarriage", "miscarry", "arrest", "repossess", "evict", "eviction", "split",
     "breakup", "diagnose", "diagnosis", "relapse", "assault", "attack", "rape", "sack", "redundancy", "divorce", "overdose",
     "bury", "cancer", "pass", "separate", "dump", "leave", "lose", "section"}
)
# Verbs that are an event only with something of mine lost or someone leaving me.
_WITH_WHAT = {"pass": ("away",), "leave": ("me", "us"), "lose": ("baby", "job", "house", "home", "flat", "mum", "dad", "partner", "pregnancy", "brother", "sister", "son", "daughter", "husband", "wife"), "dump": ("me",), "split": ("up",)}
_DAYS = frozenset({"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "weekend"})
_RECENT_UNITS = frozenset({"day", "days", "week", "weeks", "fortnight", "month"})
_FEW = frozenset({"a", "one", "two", "three", "four", "five", "six", "few", "couple", "1", "2", "3", "4", "5", "6", "10", "ten"})
_OTHERS = frozenset({"her", "his", "their", "your"})


def _recent(sentence) -> Token | None:
    """ "yesterday", "last night", "last tuesday", "three weeks ago", "a fortnight ago", "on
    friday", "this morning"."""
    words = list(sentence)
    for i, t in enumerate(words):
        low = t.lower_
        before = words[i - 1].lower_ if i else ""
        if low in ("yesterday", "tonight", "tomorrow"):
            return t
        if low in _DAYS | {"night", "week", "month"} and (before in ("last", "this", "on") or before == "the" and low == "weekend"):
            if low in ("week", "month") and before == "this":
                continue  # "this week" is read as now by the rule's own words
            return t
        if low == "morning" and before == "this":
            return t
        if low == "ago" and i >= 2 and words[i - 1].lower_ in _RECENT_UNITS and (words[i - 2].lower_ in _FEW or words[i - 2].lower_ == "of"):
            return t
    return None


def _mine(event: Token) -> bool:
    """The event is the writer's: "my dad died", "my miscarriage", "i got sacked", "the funeral"
    (no one else's named), not "her dad died"."""
    owners = [c for c in event.children if c.dep_ in ("poss", "nsubj", "nsubjpass")]
    if not owners and event.dep_ == "conj" and event.pos_ == "VERB":
        owners = [c for c in event.head.children if c.dep_ in ("nsubj", "nsubjpass")]  # "walked out and left me"
    for owner in owners:
        if owner.lower_ in _OTHERS or owner.lower_ in ("he", "she", "they", "you"):
            return False
        if owner.lower_ in ("my", "our", "i", "we") or any(c.lower_ in ("my", "our") for c in owner.children):
            return True
        if any(c.lower_ in _OTHERS or c.dep_ == "poss" for c in owner.children):
            return False
    # "the funeral", "the hospice": a noun with no owner is mine, in a note of my own news,
    # unless the clause is someone else's ("her mum went into the hospice").
    if event.pos_ != "NOUN" or owners:
        return False
    subject = clause_subject(event)
    return subject is None or not (
        subject.lower_ in ("he", "she", "they", "you") or any(c.lower_ in _OTHERS for c in subject.children)
    )


def _passed(event: Token) -> bool:
    """ "my grandad passed on sunday": "pass" said of a person with nothing passed, no particle
    ("passed out") and no way through ("passed through", "passed by") is a death."""
    return event.lemma_.lower() == "pass" and not any(
        c.dep_ in ("dobj", "prt", "dative", "acomp", "xcomp") or c.dep_ == "prep" and c.lower_ in ("through", "by", "over", "round", "around", "to")
        for c in event.children
    ) and any(c.dep_ == "nsubj" and c.pos_ in ("NOUN", "PROPN") for c in event.children)


def raw_by_date(doc: Doc) -> list[tuple[int, int]]:
    """Spans where a loss or crisis of the writer's is dated days or weeks ago, or days ahead."""
    spans = []
    for sentence in doc.sents:
        if is_question(sentence):
            continue
        when = None
        for event in sentence:
            lemma = event.lemma_.lower()
            if lemma not in _EVENTS or event.pos_ not in ("VERB", "NOUN"):
                continue
            needs = _WITH_WHAT.get(lemma)
            if needs is not None and not any(t.lower_ in needs for t in event.subtree if t.i > event.i) and not _passed(event):
                continue
            if not _mine(event):
                continue
            when = _recent(sentence) if when is None else when
            if when is not None:
                spans.append(span_of(min(event, when, key=lambda t: t.i), max(event, when, key=lambda t: t.i)))
                break
    return spans


SHAPES = {"raw_by_date": raw_by_date}
