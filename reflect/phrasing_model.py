"""A second reader beside the phrasing rules: a small trained classifier over language features.

The rules (`prompts/phrasing.yaml`) are precise on the shapes they were written for; wording
no one here has seen slips past them. This reader adds recall: one logistic regression per
pattern rule (one-vs-rest), over features of spaCy's reading that do not hang on the exact
words: lemmas and lemma pairs, parts of speech with lemmas, dependency arcs (head, relation,
word), who the sentence is about (first person, the person, someone else), tense, modal and
imperative markers, questions, and what a negation governs.

It reads each sentence of a text and returns the sentences whose score passes the rule's
threshold. The weights and
thresholds are data (`reflect/data/phrasing_model.json`), built from the development corpora
(never the blind set) by `scripts/build_phrasing_model.py`; rebuilding gives the same file.
Reading is a dot product over a few hundred features: well under a millisecond a sentence.
Nothing here sends text anywhere.
"""

from __future__ import annotations

import json
import math
from array import array
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

if TYPE_CHECKING:
    from spacy.tokens import Doc

MODEL_FILE = Path(__file__).resolve().parent / "data" / "phrasing_model.json"
MIN_WORDS = 3

_FIRST = frozenset({"i", "me", "my", "mine", "myself", "we", "us", "our", "ours", "ourselves", "im", "ive", "id"})
_SECOND = frozenset({"you", "your", "yours", "yourself", "u", "ur", "ya", "yourselves"})
_THIRD = frozenset({"he", "she", "they", "him", "her", "them", "his", "hers", "their", "theirs", "himself", "herself", "themselves"})
_MODALS = frozenset({"should", "must", "will", "'ll", "ll", "would", "could", "might", "can", "need", "have", "gotta", "ought"})
_UNIVERSAL = frozenset({"everyone", "everybody", "nobody", "anyone", "anybody", "all", "every", "always", "never", "noone", "evry1", "every1"})
_WH = frozenset({"how", "what", "why", "when", "where", "who", "which", "do", "does", "did", "are", "is", "have", "has", "can", "could", "would", "will"})


def _person(token) -> str:
    word = token.lower_
    if word in _FIRST:
        return "first"
    if word in _SECOND:
        return "you"
    if word in _THIRD or token.ent_type_ == "PERSON":
        return "other"
    if token.pos_ in ("NOUN", "PROPN"):
        return "noun"
    return "thing"


def _lemma(token) -> str:
    lemma = token.lemma_.lower() if token.lemma_ else token.lower_
    return token.lower_ if lemma == "-pron-" else lemma


def features(tokens: Iterable) -> list[str]:
    """The features of a run of tokens (a sentence, or two neighbouring sentences): a sorted
    list without repeats, so the same text always gives the same features."""
    toks = [t for t in tokens if not t.is_space]
    found: set[str] = set()
    words = [t for t in toks if not t.is_punct]
    lemmas = [_lemma(t) for t in words]
    for i, lemma in enumerate(lemmas):
        found.add("w:" + lemma)
        found.add("p:" + words[i].pos_ + ":" + lemma)
        if i + 1 < len(lemmas):
            found.add("b:" + lemma + "_" + lemmas[i + 1])
        if i + 2 < len(lemmas):
            found.add("t:" + lemma + "_" + lemmas[i + 1] + "_" + lemmas[i + 2])
    for t in words:
        if t.dep_ in ("ROOT", "punct") or t.head is t:
            continue
        head = _lemma(t.head)
        found.add("d:" + head + ">" + t.dep_ + ">" + _lemma(t))
        found.add("g:" + t.dep_ + ">" + _lemma(t))
        if t.dep_ in ("nsubj", "nsubjpass"):
            who = _person(t)
            found.add("s:" + who + ">" + head)
            found.add("s:" + who)
            if t.head.tag_ in ("VBD", "VBN"):
                found.add("s:" + who + ":past")
            elif t.head.tag_ in ("VBP", "VBZ", "VBG"):
                found.add("s:" + who + ":present")
            for aux in t.head.children:
                if aux.dep_ == "aux" and _lemma(aux) in _MODALS:
                    found.add("m:" + who + ":" + _lemma(aux))
                if aux.dep_ == "neg":
                    found.add("n:" + who + ":" + head)
        if t.dep_ == "neg":
            found.add("n:" + head)
            found.add("neg")
        if t.dep_ in ("dobj", "pobj", "poss") and _person(t) in ("first", "you", "other"):
            found.add("o:" + t.dep_ + ":" + _person(t))
    for t in words:
        if t.dep_ == "ROOT":
            has_subject = any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in t.children)
            if t.tag_ == "VB" and not has_subject:
                found.add("imperative")
                found.add("imperative:" + _lemma(t))
            found.add("root:" + _lemma(t))
            found.add("root_tag:" + t.tag_)
    people = {_person(t) for t in words}
    for who in ("first", "you", "other"):
        if who in people:
            found.add("has:" + who)
    if "first" in people and "you" in people:
        found.add("has:first+you")
    if "first" not in people:
        found.add("has:no_first")
    if any(t.lower_ in _UNIVERSAL for t in words):
        found.add("universal")
    text = "".join(t.text_with_ws for t in toks).strip()
    if text.endswith("?") or (words and words[0].lower_ in _WH and "?" in text):
        found.add("question")
    if any(t.tag_ == "VBD" for t in words):
        found.add("tense:past")
    if any(t.tag_ in ("VBP", "VBZ") for t in words):
        found.add("tense:present")
    return sorted(found)


@dataclass(frozen=True)
class Hit:
    """A span of the reading (character offsets into the read text) and the rule it is like."""

    rule: str
    start: int
    end: int
    score: float


class PhrasingModel:
    """Weights and thresholds read from the model file; `hits` scores a reading's sentences."""

    def __init__(self, data: dict) -> None:
        self.rules: tuple[str, ...] = tuple(data["rules"])
        self.thresholds: dict[str, float] = dict(data["thresholds"])
        self.bias: dict[str, float] = dict(data["bias"])
        # Only the weights that are not zero are kept, packed: feature -> its number, and for
        # feature number n the pairs (rule index, weight) at positions offsets[n] to
        # offsets[n + 1] of two flat arrays. About 2 MB resident rather than the 10 MB of a
        # Python list of pairs per feature (110,000 float and tuple objects).
        self._feature: dict[str, int] = {}
        self._offsets = array("l", [0])
        self._rule = array("b")
        self._weight = array("d")
        for feature, pairs in data["weights"].items():
            self._feature[feature] = len(self._feature)
            for k, w in pairs:
                self._rule.append(int(k))
                self._weight.append(float(w))
            self._offsets.append(len(self._rule))
        # The names kept are fresh copies, not the parsed file's own strings: those sit among
        # the file's other objects, and one kept there would hold a whole block of memory after
        # the rest is freed (about 12 MB stayed resident this way).
        self._feature = {name[:-1] + name[-1:]: n for name, n in self._feature.items()}

    @classmethod
    def load(cls, path: Path = MODEL_FILE) -> PhrasingModel:
        return cls(json.loads(path.read_text(encoding="utf-8")))

    def scores(self, found: list[str]) -> dict[str, float]:
        """Each rule's probability for a list of features."""
        totals = [self.bias[r] for r in self.rules]
        scale = 1.0 / math.sqrt(len(found)) if found else 0.0
        offsets, rule, weight = self._offsets, self._rule, self._weight
        for feature in found:
            n = self._feature.get(feature)
            if n is None:
                continue
            start, end = offsets[n], offsets[n + 1]
            for k, w in zip(rule[start:end], weight[start:end]):
                totals[k] += w * scale
        return {rule: 1.0 / (1.0 + math.exp(-max(-60.0, min(60.0, total)))) for rule, total in zip(self.rules, totals)}

    def hits(self, doc: Doc, rules: frozenset[str] | None = None) -> list[Hit]:
        """The sentences whose score passes a rule's threshold. A sentence of fewer than
        `MIN_WORDS` words ("Honestly.") is too short to be like anything."""
        wanted = [r for r in self.rules if rules is None or r in rules]
        found: list[Hit] = []
        if not wanted:
            return found
        for sentence in doc.sents:
            if sum(1 for t in sentence if not t.is_punct and not t.is_space) < MIN_WORDS:
                continue
            score = self.scores(features(sentence))
            found += [Hit(r, sentence.start_char, sentence.end_char, score[r]) for r in wanted if score[r] >= self.thresholds[r]]
        return found


@lru_cache(maxsize=1)
def model() -> PhrasingModel | None:
    """The shipped model, loaded once; None when the file is absent (the rules then read alone)."""
    if not MODEL_FILE.exists():
        return None
    return PhrasingModel.load()

