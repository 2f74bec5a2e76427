"""A place the identifying-details guard reads from what is next to it: a door told by the
building, shop or landmark beside, above, behind or opposite it, in a small place or with its
number ("the flat over the launderette on ...", "three doors up from the co-op in staithes",
"the caravan behind the garage at lower heyford", "the corner shop opposite the rugby club in
llanharan", "the block across from the fire station, flat 14", "near to the big mosque in small
town of batley carr", "just past the hesketh bank turning"). The parse often hangs the "in X"
of such a phrase on the verb, so the reading walks the words: a word of position, a definite
thing after it, and within the same stretch of the sentence the small place it is in (read as
`Analyzer._own_places` reads one: no well-known city, no everyday word), a flat or house number,
or a landmark by a name no dictionary has. "a flat above a shop", "next to the window", "near
the park in town", "opposite the station in leeds" stay clean. Works on the guard's lighter
reading (tags, no lemmas)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

# Words of position that tell a place by what is beside it.
_POSITION = frozenset(
    {"above", "over", "behind", "opposite", "beside", "past", "near", "nr", "outside", "below", "under", "underneath", "facing", "across", "beyond"}
)
# Two-word positions: "next to", "next door to", "across from", "doors up from", "round the back of", "close to".
_POSITION_BEFORE = {"to": frozenset({"next", "door", "near", "close"}), "from": frozenset({"across", "up", "down", "along", "away", "over", "round"}), "of": frozenset({"back", "side", "front", "top", "end"})}
# After these the words that follow say where the place itself is: "in X", "at X", "out of X".
_WHERE = frozenset({"in", "at", "of", "outside", "near"})
# Words skipped between "in" and the place's name: "in the small town of batley carr".
_LEAD_IN = frozenset({"the", "small", "little", "tiny", "town", "village", "hamlet", "of", "near"})
# What ends the stretch in which the place is told: a new clause.
_STOP_TAGS = frozenset({"VBD", "VBZ", "VBP", "MD", "PRP", "WRB", "WP"})
_NUMBERED = frozenset({"flat", "no", "number", "house", "apartment", "unit", "bungalow", "caravan", "pitch", "plot"})
_ROAD_NUMBER = re.compile(r"^[abm]\d{1,4}(?:\(m\))?$")


class _Reader(Protocol):
    def _run_after(self, doc: Doc, i: int) -> list[Token]: ...

    def _place_like(self, run: list[Token], allow: frozenset[str]) -> bool: ...

    def _unknown(self, text: str) -> bool: ...

    def everyday(self, word: str) -> bool: ...


def _a_position(doc: Doc, i: int) -> bool:
    """Token `i` is a word of position before a definite thing: "behind the", "next to the",
    "doors up from the", "round the back of the"."""
    word = doc[i].lower_
    if word in _POSITION:
        return word not in ("over", "past", "under", "across") or doc[i].tag_ == "IN"
    before = _POSITION_BEFORE.get(word)
    if before is None or i == 0:
        return False
    prior = doc[i - 1].lower_
    if word == "from" and prior in ("up", "down", "along"):
        return i > 1 and doc[i - 2].lower_ in ("doors", "door", "houses", "road", "street", "lane", "bit")
    return prior in before


def _definite_thing(doc: Doc, i: int) -> int | None:
    """The index of the noun the position word at `i` points to ("the big mosque", "the co-op"),
    when it is definite, within four words; else None."""
    k = i + 1
    if k < len(doc) and doc[k].lower_ in ("to", "from"):  # "near to the", "across from the"
        k += 1
    if k >= len(doc) or doc[k].lower_ not in ("the", "that", "this"):
        return None
    end = None
    for j in range(k + 1, min(k + 6, len(doc))):
        t = doc[j]
        if t.is_punct and t.text not in ("-", "'"):
            break
        if t.tag_.startswith("NN") or t.text == "-":
            end = j
        elif end is not None or (t.tag_ not in ("JJ", "JJR", "JJS", "CD", "NNP", "VBG", "HYPH", "POS") and t.dep_ not in ("amod", "compound", "nummod")):
            break
    return end


def _number_after(doc: Doc, j: int, end: int) -> bool:
    """A flat or house number in the stretch: "flat 14", "no 9", "number 32"."""
    return any(doc[k].lower_ in _NUMBERED and k + 1 < end and doc[k + 1].like_num for k in range(j, end))


def near_a_landmark(doc: Doc, reader: _Reader, allow: frozenset[str]) -> list[tuple[int, int]]:
    """Spans of a place told by what is next to it: the position, the thing and the small place,
    number or named landmark that pins it down."""
    spans = []
    for i, token in enumerate(doc):
        if not _a_position(doc, i):
            continue
        thing = _definite_thing(doc, i)
        if thing is None:
            continue
        # the stretch: up to the next clause, at most ten words on
        end = thing + 1
        while end < len(doc) and end - thing <= 10 and doc[end].tag_ not in _STOP_TAGS and doc[end].lower_ not in ("and", "but", "so", "cos", "because", "when", "if"):
            end += 1
        # a name before a thing that is a word ("the hesketh bank turning"), not a typo alone ("the reivew")
        named = reader.everyday(doc[thing].lower_) and [t for t in doc[i + 1 : thing] if t.is_alpha and len(t) >= 4 and t.lower_ not in allow and reader._unknown(t.text) and not reader.everyday(t.lower_)]
        last = thing if named else None  # "past the hesketh bank turning": a landmark by its name
        for k in range(thing + 1, end):
            if doc[k].lower_ not in _WHERE and not (doc[k].lower_ == "out" and k + 1 < end and doc[k + 1].lower_ == "of"):
                if _ROAD_NUMBER.match(doc[k].lower_) and doc[k - 1].lower_ == "the":
                    last = k  # "on the a59": a road by its number
                continue
            start = k + 1
            while start < end and doc[start].lower_ in _LEAD_IN:
                start += 1
            if start >= end:
                continue
            run = reader._run_after(doc, start)
            if run and run[-1].i < end + 1 and reader._place_like(run, allow):
                last = run[-1].i
                break
        if last is None and _number_after(doc, thing + 1, end):
            last = max(k + 1 for k in range(thing + 1, end) if doc[k].lower_ in _NUMBERED and k + 1 < end and doc[k + 1].like_num)
        if last is not None:
            spans.append((token.idx, doc[last].idx + len(doc[last])))
    return spans
