"""Reported speech read as it was said: after "said", "told her" ... the verbs move forward a
tense and "she", "he" or "they" become "you" ("I told her she'd never get off them" -> "I told
her you'll never get off them"), so rules written for direct speech read reported speech too.
`writers_frames` finds the "I said" or "I told her" that opens a sentence on a clause: what the
writer said to the person is the writer's own telling, and the rules of the writer's own state
read that clause without its frame (`said_as_mine`)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Protocol, TypeVar

from reflect.language import Mapped, apply_edits

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from reflect.phrasing_rules import PhrasingRule

_REPORTING = re.compile(
    r"\b(?:said|says|told (?:her|him|them|you|me|the [a-z]{2,15})|explained|mentioned|admitted|suggested|warned|"
    r"reminded (?:her|him|them)|reassured (?:her|him|them))(?: that)?\b",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"[.!?](?:\s|$)")
_SHIFT_WORD = re.compile(r"\b(?:was|were|wasn't|weren't|would|wouldn't|could|couldn't|didn't|hadn't|had)\b|'d\b", re.IGNORECASE)
_FORWARD = {
    "was": "is", "were": "are", "wasn't": "isn't", "weren't": "aren't", "would": "will", "wouldn't": "won't",
    "could": "can", "couldn't": "can't", "didn't": "don't", "hadn't": "haven't",
}
_PARTICIPLES = frozenset(
    {"been", "had", "got", "gotten", "taken", "done", "gone", "felt", "seen", "lost", "made", "given", "found", "known", "tried", "heard", "come"}
)
_SKIPPED = frozenset({"never", "still", "just", "really", "always", "not", "already", "ever", "also", "all"})
_PLURAL_SUBJECTS = frozenset({"i", "you", "we", "they"})


_TOLD = re.compile(r"\b(?:told|tell|telling|tells|asked|reminded|warned|reassured|advised) (her|him|them)\b(?: that)?", re.IGNORECASE)
_ADDRESSEE = {
    "her": {"she": "you", "her": "your", "herself": "yourself"},
    "him": {"he": "you", "his": "your", "him": "you", "himself": "yourself"},
    "them": {"they": "you", "their": "your", "them": "you", "themselves": "yourself", "themself": "yourself"},
}
# A verb after "you" instead of "she", "he" or "they", already moved forward a tense.
_AGREE = {
    "was": "are", "were": "are", "is": "are", "has": "have", "had": "have", "does": "do", "doesn't": "don't",
    "didn't": "don't", "wasn't": "aren't", "isn't": "aren't", "hasn't": "haven't", "hadn't": "haven't",
    "would": "will", "could": "can", "wouldn't": "won't", "couldn't": "can't", "'s": "'re", "'d": "'ll",
}
_NOT_VERBS = frozenset({"always", "never", "just", "still", "really", "only", "also", "this", "is", "was", "has", "does", "yes", "thus", "less", "us"})


def _agree(verb: str, following: str) -> str:
    low = verb.lower()
    if low == "'s":
        return "'ve" if following.lower() in ("been", "got") else "'re"
    if low == "'d":
        return "'ve" if following.lower() in _PARTICIPLES else "'ll"
    if low in _AGREE:
        return _AGREE[low]
    if low.endswith("ies") and len(low) > 4:
        return verb[:-3] + "y"
    if low.endswith(("shes", "ches", "xes", "sses", "oes")):
        return verb[:-2]
    if low.endswith("s") and not low.endswith(("ss", "us", "is")) and len(low) > 3 and low not in _NOT_VERBS:
        return verb[:-1]
    return verb


def _to_addressee(text: str) -> list[tuple[int, int, str]]:
    """Edits that read what was told to someone as said to them: "I told her she'd never get
    off them" -> "... you'll never get off them", "told him to pull himself together" ->
    "... pull yourself together"."""
    edits = []
    for told in _TOLD.finditer(text):
        swaps = _ADDRESSEE[told.group(1).lower()]
        end_match = _SENTENCE_END.search(text, told.end())
        end = end_match.start() if end_match else len(text)
        words = r"\b(" + "|".join(swaps) + r")\b"
        for match in re.finditer(words, text[told.end() : end], re.IGNORECASE):
            start, stop = told.end() + match.start(), told.end() + match.end()
            word = match.group(1).lower()
            new = swaps[word]
            if word in ("she", "he", "they"):
                verb = re.match(r"('s|'d|[A-Za-z']+)(?:\s+([A-Za-z']+))?", text[stop:]) if text[stop:stop + 1] == "'" else \
                    re.match(r"\s+([A-Za-z']+)(?:\s+([A-Za-z']+))?", text[stop:])
                if verb is not None and word != "they":
                    agreed = _agree(verb.group(1), verb.group(2) or "")
                    edits.append((start, stop + verb.end(1), new + text[stop : stop + verb.start(1)] + agreed))
                    continue
            edits.append((start, stop, new))
    return edits


def present(read: Mapped) -> Mapped:
    """`read` with reported speech put back as it was said: after "said", "told her" ... the
    verbs move forward a tense ("I told her you'd never get off them" -> "... you'll never
    get off them"), so rules written for direct speech read reported speech too."""
    edits = []
    text = read.text
    for report in _REPORTING.finditer(text):
        end_match = _SENTENCE_END.search(text, report.end())
        end = end_match.start() if end_match else len(text)
        for match in _SHIFT_WORD.finditer(text, report.end(), end):
            word = match.group().lower()
            if word == "'d" or word == "had":
                following = [w.lower() for w in re.findall(r"[A-Za-z']+", text[match.end() : match.end() + 40])]
                next_word = next((w for w in following if w not in _SKIPPED), "")
                previous = re.findall(r"[A-Za-z']+", text[max(0, match.start() - 12) : match.start()])
                subject = previous[-1].lower() if previous else ""
                if word == "'d":
                    new = "'ve" if next_word in _PARTICIPLES else "'ll"
                else:
                    new = "have" if subject in _PLURAL_SUBJECTS or subject.endswith("s") else "has"
            elif word == "didn't":
                previous = re.findall(r"[A-Za-z']+", text[max(0, match.start() - 12) : match.start()])
                subject = previous[-1].lower() if previous else ""
                new = "doesn't" if subject in ("he", "she", "it", "that", "this") else "don't"
            else:
                new = _FORWARD[word]
                previous = re.findall(r"[A-Za-z']+", text[max(0, match.start() - 4) : match.start()])
                if word in ("was", "wasn't") and previous and previous[-1] == "I":
                    new = "am" if word == "was" else "'m not"
                    if word == "wasn't":
                        edits.append((match.start() - 1, match.end(), new))
                        continue
            edits.append((match.start(), match.end(), new))
    return apply_edits(read, _to_addressee(text) + edits)


# --- what the writer said, read as the writer's own words --------------------------------------

_ADDRESSED = frozenset({"her", "him", "them", "you", "me"})
_OPENERS = frozenset({"and", "so", "then", "but", "well", "anyway"})
_NO_CLAUSE = frozenset({"to", "about", "no", "yes", "yeah", "nah", "ok", "okay", "sorry", "nothing", "thanks", "goodbye", "bye", "hello", "hi"})


def writers_frames(doc: Doc) -> list[tuple[int, int]]:
    """The offsets of each "I said" or "I told her" (with its "to him", its "that", and an
    "and" or "so" before it) that opens a sentence, when what follows is a clause of its own
    ("I said my anxiety's been through the roof", "So I told him it gets easier"): what the
    writer said to the person is still the writer's wording. Not "I told her my story", "I
    told her to ask", "I said no" or "I said it as a friend", where no clause follows; nor a
    frame inside a sentence ("she asked ... and I said ..."), whose clause is read with it."""
    frames = []
    for verb in doc:
        if verb.lower_ not in ("said", "told") or verb.i == 0:
            continue
        subject = doc[verb.i - 1]
        if subject.lower_ != "i" or subject.head.i != verb.i:
            continue
        start = subject.sent.start
        while start < subject.i and doc[start].lower_ in _OPENERS:
            start += 1
        if start != subject.i:
            continue
        end = verb.i + 1
        if verb.lower_ == "told":
            if end >= len(doc) or doc[end].lower_ not in _ADDRESSED:
                continue  # "I told the group ...", "I told my supervisor ...": not the person
            end += 1
        elif verb.lower_ == "said" and end + 1 < len(doc) and doc[end].lower_ == "to" and doc[end + 1].lower_ in _ADDRESSED:
            end += 2
        if end < len(doc) and doc[end].lower_ == "that":
            end += 1
        if end >= len(doc) or any(c.dep_ == "xcomp" for c in verb.children) or doc[end].is_punct or doc[end].lower_ in _NO_CLAUSE or doc[end].pos_ == "INTJ":
            continue
        clause = any(c.dep_ == "ccomp" and c.left_edge.i >= end for c in verb.children) or verb.dep_ in ("ccomp", "parataxis") and verb.head.i > verb.i
        if clause:
            frames.append((subject.sent[0].idx, doc[end].idx))
    return frames


class _Found(Protocol):
    rule_id: str
    start: int
    end: int


_S = TypeVar("_S", bound=_Found)


def said_as_mine(framed: list[_S], clause: list[_S], rules: dict[str, PhrasingRule]) -> list[_S]:
    """The suggestions for a text with the writer's "I said" frames, given those for the text
    as it stands (`framed`) and for the clauses alone (`clause`): a rule of the writer's own
    state (one that does not read reported speech forward: "I said my anxiety's been through
    the roof" is the writer's anxiety, told to the person) reads the clauses alone, as the
    writer's telling; every other rule reads the text as it stands, reported speech and all."""
    kept = [s for s in clause if not rules[s.rule_id].read_reported] + [s for s in framed if rules[s.rule_id].read_reported]
    fired = {s.rule_id for s in kept}
    kept = [s for s in kept if not fired & set(rules[s.rule_id].quiet_when)]
    return sorted(kept, key=lambda s: (s.start, s.end, s.rule_id))
