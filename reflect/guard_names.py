"""More places where a note puts a person's name, read on the words around it (the small
pipeline misreads notes, so word order decides where its parse does not):
- a given name of two short syllables joined by a hyphen, as Korean, Chinese and Vietnamese
  names are typed ("helped ji-woo fill in her form", "me and min-jun", "told seo-yeon");
- the one a meeting or a sharing was with, "with" typed "w/" too ("supervision w/ kt", "sharing
  with dev was for him", "a 1:1 w/ jb");
- the one a call, message or visit came from, even a word that is a name ("call from precious re
  her son's meds", "text from hope", "vm from okafor");
- the one worried or talked about, by a name the names lists hold ("i'm worried about macleod,
  he hasn't been in", "asked about siobhan");
and, the other way, the parts of a number plate that a names list holds ("his car reg is ab12
cde": not "reg", not "cde"). Works on the guard's lighter reading (tags and dependencies, no lemmas)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from reflect.guard_messages import Words
from reflect.guard_people import NOT_INITIALS
from reflect.guard_words import SHORT_NAMES, WORD_NAMES

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token


# First halves of hyphenated everyday words: "co-op", "re-do", "x-ray", "self-harm".
_PREFIXES = frozenset(
    {"co", "re", "pre", "non", "ex", "anti", "self", "sub", "semi", "mid", "post", "inter", "multi", "pro", "de", "un", "bi", "tri", "mini",
     "micro", "over", "under", "out", "ok", "lo", "hi", "uh", "um", "mm", "yo", "ha", "hee", "bo", "so", "no", "oh", "er", "e", "t", "u", "x"}
)
# Endings typed after a hyphen: "viber-ing", "whatsapp-ed", "insta-ish".
_SUFFIXES = frozenset({"ing", "ed", "d", "s", "er", "ers", "ish", "y", "ly", "esque", "ie", "ies", "ness"})
# Words after which "with X" is the one met or shared with: "supervision w/ kt", "sharing with dev".
_MET = frozenset(
    {"supervision", "sup", "supervisor", "session", "1:1", "121", "review", "meeting", "appt", "appointment", "visit", "catch-up", "catchup",
     "call", "shared", "sharing", "share", "shares", "opened", "opening", "spoke", "spoken", "talked", "talking", "chatted", "sat", "met"}
)
_WITH = frozenset({"with", "w/", "w", "wiv"})
# What comes from someone: "call from precious", "a text from hope", "vm from okafor".
_FROM_SOMEONE = frozenset({"call", "calls", "message", "msg", "text", "email", "visit", "letter", "voicemail", "vm", "note", "card", "referral", "complaint"})
# Worried or talked about someone: "worried about macleod".
_ABOUT_SOMEONE = frozenset(
    {"worried", "worry", "worrying", "concerned", "concern", "anxious", "asked", "asking", "talked", "talking", "spoke", "speaking", "heard",
     "thinking", "thought", "chatted", "rang", "called", "phoned", "emailed", "texted", "wondering", "update"}
)
_PLATE = re.compile(r"^[a-z]{1,2}\d{1,3}$")
_VEHICLES = frozenset({"car", "van", "bike", "motor", "vehicle", "number", "plate", "taxi", "cab"})


def _ends_a_name(doc: Doc, k: int) -> bool:
    """Nothing after the word at `k` makes it a word qualifying a noun ("shared with dev team")."""
    return k >= len(doc) or doc[k].is_punct or not doc[k].tag_.startswith("NN") or doc[k].lower_ in ("re", "about")


def _a_name_word(token: Token, words: Words) -> bool:
    """A name by the lists, or a word no dictionary has, or initials typed in lower case."""
    word = token.lower_
    if not token.is_alpha or word in NOT_INITIALS:
        return False
    first, last = words.names.first, words.names.last
    if word in SHORT_NAMES or word in WORD_NAMES or word in first or word in last:
        return True
    if 2 <= len(word) <= 3 and not re.search(r"[aeiouy]", word):
        return True  # "kt", "jb", "pjm": initials
    return len(word) >= 3 and not words.everyday(word)


def more_people(doc: Doc, words: Words, allow: frozenset[str]) -> list[tuple[int, int]]:
    """Spans of names in the places this module reads (see its docstring)."""
    spans = []
    for token in doc:
        i, word = token.i, token.lower_
        if word in allow:
            continue
        before = doc[i - 1].lower_ if i > 0 else ""
        # a given name of two syllables joined by a hyphen: "ji-woo"
        if i + 2 < len(doc) and doc[i + 1].text in ("-", "‐") and not token.whitespace_ and not doc[i + 1].whitespace_:
            second = doc[i + 2]
            if (
                token.is_alpha and second.is_alpha and 2 <= len(word) <= 5 and 2 <= len(second.lower_) <= 6 and word not in _PREFIXES and second.lower_ not in _SUFFIXES
                and not words.everyday(f"{word}-{second.lower_}") and re.search(r"[aeiouy]", word)
                and (not words.everyday(word) or any(p in words.names.first and not words.everyday(p) for p in (word, second.lower_)))
                and (i == token.sent.start or doc[i - 1].is_punct or doc[i - 1].tag_.startswith("VB") or before in ("with", "to", "for", "and", "&", "n", "at", "from", "w/"))
            ):
                spans.append((token.idx, second.idx + len(second)))
                continue
        if i < 2 or any(c.dep_ in ("det", "poss") for c in token.children):
            continue
        two_before = doc[i - 2].lower_
        found = (
            (before in _WITH and two_before in _MET)
            or (before == "from" and two_before in _FROM_SOMEONE)
        ) and _a_name_word(token, words) and _ends_a_name(doc, i + 1)
        about = before == "about" and two_before in _ABOUT_SOMEONE and token.is_alpha and not words.everyday(word) and (
            word in words.names.first or word in words.names.last
        ) and _ends_a_name(doc, i + 1)
        if found or about:
            spans.append((token.idx, token.idx + len(token)))
    return spans


def part_of_a_plate(token: Token) -> bool:
    """A word of a number plate, not a name: "reg" after a car or van ("his car reg is ..."), and
    the letters after the plate's first part ("ab12 cde")."""
    doc, i = token.doc, token.i
    before = doc[i - 1].lower_ if i > 0 else ""
    if token.lower_ in ("reg", "regs") and before in _VEHICLES:
        return True
    return len(token) == 3 and token.is_alpha and bool(_PLATE.match(before))
