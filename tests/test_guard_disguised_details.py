"""A detail written to slip past a reader is still found. Characters a person does not see do
not hide a detail from the guard, nor wording from the phrasing guide: a zero-width space or soft hyphen inside a name, a number or a phrase, and
letters or digits in full-width or styled forms ("０７７００ ９００１２３", bold "𝐃𝐚𝐯𝐞"), are read
as the plain text a reader sees, and each suggestion still points at the writer's own
characters. An NHS number is found with dots or slashes between its groups as well as spaces
and dashes (its check digit still decides). The sentences here are in no corpus file."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.phrasing_support import GUIDE, fired, found

INVISIBLE = ("\u200b", "\u00ad", "\u2060", "\ufeff", "\u200d", "\u200c", "\u202e", "\U000e0041")

# Each sentence with the identifying rule it must raise and the word a hidden character goes in.
IDENTIFYING = (
    ("popped round to see marguerite after clinic", "identifying_name", "marguerite"),
    ("his mobile is 07912 345678 if the team need it", "identifying_phone", "07912"),
    ("she gave me her email, kerry.lomas@hotmail.co.uk", "identifying_email", "kerry.lomas"),
    ("they live at 41 Quarry Bank Road now", "identifying_address", "Quarry"),
    ("new postcode is BD7 2HQ apparently", "identifying_postcode", "BD7"),
    ("nhs no 943 476 5919 on the referral", "identifying_nhs_number", "943"),
)
WORDING = (
    ("i know how you feel, honestly", "i_know_how_you_feel", "know"),
    ("everyone hates their first week on a ward", "overgeneralising", "everyone"),
)


def _hide(text: str, word: str, character: str, at: int) -> str:
    """`text` with `character` put inside `word`, after its `at`-th letter (1 to len - 1)."""
    start = text.index(word)
    cut = start + 1 + at % (len(word) - 1)
    return text[:cut] + character + text[cut:]


@settings(max_examples=40, deadline=None)
@given(case=st.sampled_from(IDENTIFYING), character=st.sampled_from(INVISIBLE), at=st.integers(0, 50))
def test_an_invisible_character_inside_a_detail_does_not_hide_it(case: tuple[str, str, str], character: str, at: int) -> None:
    text, rule, word = case
    hidden = _hide(text, word, character, at)
    hits = found(hidden)
    assert rule in hits, f"{rule} missed in {hidden!r}: {hits}"
    # The suggestion points at the writer's own characters, the hidden one among them.
    assert any(character in h for h in hits[rule]), hits[rule]


@settings(max_examples=20, deadline=None)
@given(case=st.sampled_from(WORDING), character=st.sampled_from(INVISIBLE[:4]), at=st.integers(0, 50))
def test_an_invisible_character_inside_wording_does_not_hide_it(case: tuple[str, str, str], character: str, at: int) -> None:
    text, rule, word = case
    assert rule in fired(_hide(text, word, character, at))


def _full_width(text: str) -> str:
    """ASCII letters and digits as their full-width forms (U+FF01 to U+FF5E)."""
    return "".join(chr(ord(c) + 0xFEE0) if c.isascii() and c.isalnum() else c for c in text)


def _bold(word: str) -> str:
    """A word in mathematical bold letters, as styled-text tools for social media write it."""
    return "".join(chr(0x1D400 + ord(c) - ord("A")) if c.isupper() else chr(0x1D41A + ord(c) - ord("a")) if c.islower() else c for c in word)


@pytest.mark.parametrize(("text", "rule", "word"), IDENTIFYING)
def test_full_width_letters_and_digits_are_read_as_plain(text: str, rule: str, word: str) -> None:
    wide = text.replace(word, _full_width(word))
    hits = found(wide)
    assert rule in hits, f"{rule} missed in {wide!r}: {hits}"
    assert any(_full_width(word) in h for h in hits[rule]), hits[rule]


def test_a_name_in_styled_letters_is_a_name() -> None:
    styled = f"met with {_bold('Dave')} again about the move"
    hits = found(styled)
    assert hits.get("identifying_name") == [_bold("Dave")]


@pytest.mark.parametrize(
    "text",
    [
        "we talked about the café by the station and how busy it gets",  # an accented letter stays as it is
        "naïve of me maybe, but i felt hopeful after today",
        "the ﬁrst session went well, we agreed a plan together",  # a ligature from a pasted document
        "scored ½ on the rating scale, up from last time",
    ],
)
def test_folding_adds_nothing_to_clean_text(text: str) -> None:
    assert fired(text) == set()


def test_offsets_still_point_into_the_text_as_given() -> None:
    text = "\u200bi know how\u00ad you feel, met with Da\u200bve"
    for suggestion in GUIDE.check(text):
        assert text[suggestion.start : suggestion.end] == suggestion.matched_text


@pytest.mark.parametrize(
    "text",
    ["nhs 943.476.5919 on the letter", "her nhs no is 943/476/5919", "nhs no.943 476 5919", "number on the system is 943-476-5919"],
)
def test_an_nhs_number_with_any_separator_is_found(text: str) -> None:
    assert "identifying_nhs_number" in found(text)


@pytest.mark.parametrize("text", ["the reading was 943.476.5910 apparently", "ref 123.456.7890 on the invoice"])
def test_ten_digits_that_fail_the_check_digit_are_no_nhs_number(text: str) -> None:
    assert "identifying_nhs_number" not in found(text)
