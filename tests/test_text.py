"""Control characters are cleaned from people's text, and no text breaks a spreadsheet export."""

import unicodedata

import pytest

from hypothesis import given, settings
from hypothesis import strategies as st

from reflect.reports import tables
from reflect.text import clean_control_characters


def test_word_line_breaks_become_new_lines_and_other_controls_go():
    assert clean_control_characters("one\x0btwo\r\nthree\rfour\u2028five") == "one\ntwo\nthree\nfour\nfive"
    assert clean_control_characters("a\x00b\x07c\x1bd\x7fe\x9ff\tg") == "abcdef\tg"


@given(st.text())
def test_cleaned_text_holds_no_control_character_but_newline_and_tab(text):
    cleaned = clean_control_characters(text)
    assert all(c in "\n\t" or unicodedata.category(c) != "Cc" for c in cleaned)


@settings(max_examples=60)
@given(st.lists(st.text(max_size=40), min_size=1, max_size=4))
def test_any_text_exports_to_xlsx_and_csv(cells):
    assert tables.to_xlsx(["a", "b", "c", "d"], [cells])[:2] == b"PK"
    assert tables.to_csv(["a", "b", "c", "d"], [cells])


# --- Bidirectional controls and zero-width characters --------------------------------------

from reflect.text import BIDI_CONTROLS, JOINERS, JOINING_SCRIPTS, ZERO_WIDTH, clean_text, too_long  # noqa: E402

INVISIBLE = BIDI_CONTROLS + ZERO_WIDTH
# Text rich in what the cleaning looks at: the characters it removes, the joiners, letters of
# scripts that use joiners, emoji, marks, spaces and controls.
tricky = st.text(
    alphabet=st.one_of(
        st.sampled_from(INVISIBLE + JOINERS + "a Z\n\t\x0b\x00\u200e\u200f"),
        st.sampled_from("میخواهمकषक्ष्‌ന്‍👩💻👨👧🏽\ufe0f❤"),
        st.characters(),
    ),
    max_size=40,
)


def _joinable(character: str) -> bool:
    """A letter or mark of a script that writes with joiners, or a part of an emoji."""
    name = unicodedata.name(character, "")
    if unicodedata.category(character) == "So" or name.startswith(("VARIATION SELECTOR", "EMOJI MODIFIER")):
        return True
    return unicodedata.category(character)[0] in "LM" and name.split(" ", 1)[0] in JOINING_SCRIPTS


@given(tricky)
def test_cleaned_text_holds_no_bidirectional_control_nor_zero_width_character(text):
    cleaned = clean_text(text)
    assert not any(c in INVISIBLE for c in cleaned)
    assert all(c in "\n\t" or unicodedata.category(c) != "Cc" for c in cleaned)


@given(tricky)
def test_a_joiner_is_kept_only_between_letters_of_a_joining_script_or_inside_an_emoji(text):
    cleaned = clean_text(text)
    for index, character in enumerate(cleaned):
        if character in JOINERS:
            assert 0 < index < len(cleaned) - 1
            assert _joinable(cleaned[index - 1]) and _joinable(cleaned[index + 1])


@given(tricky)
def test_cleaning_twice_changes_nothing_more(text):
    assert clean_text(clean_text(text)) == clean_text(text)


@given(st.text(alphabet=st.characters(blacklist_characters=INVISIBLE + JOINERS, blacklist_categories=("Cc", "Zl", "Zp"))))
def test_text_without_those_characters_is_left_as_typed(text):
    assert clean_text(text) == text


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("می\u200cخواهم", "می\u200cخواهم"),  # Persian: the non-joiner keeps two letters apart
        ("क्\u200dष", "क्\u200dष"),  # Devanagari: the joiner after a virama (a mark)
        ("👩\u200d💻", "👩\u200d💻"),  # an emoji sequence: woman technologist
        ("👨\u200d👩\u200d👧", "👨\u200d👩\u200d👧"),  # a family
        ("❤\ufe0f\u200d🔥", "❤\ufe0f\u200d🔥"),  # after a variation selector
        ("Sam\u202e Okafor", "Sam Okafor"),  # a right-to-left override
        ("\u2066North\u2069 team", "North team"),  # isolates
        ("Sa\u200bm\u2060 O\ufeffkafor", "Sam Okafor"),  # zero-width space, word joiner, byte-order mark
        ("\u200dSam\u200c", "Sam"),  # joiners that join nothing
        ("a\u200d b", "a b"),
        ("Sa\u200dm O\u200ckafor", "Sam Okafor"),  # Latin letters don't join: two names that look alike are alike
        ("👍\U0001F3FD\u200d", "👍\U0001F3FD"),
        ("🧑\U0001F3FD\u200d⚕️", "🧑\U0001F3FD\u200d⚕️"),  # after a skin tone
    ],
)
def test_what_languages_and_emoji_need_stays_and_spoofing_goes(typed, kept):
    assert clean_text(typed) == kept


@given(st.integers(min_value=0, max_value=2_000), st.integers(min_value=1, max_value=1_000))
def test_a_limit_is_refused_only_when_passed_and_the_sentence_names_field_and_limit(length, limit):
    problem = too_long("x" * length, field="A team's name", limit=limit)
    if length <= limit:
        assert problem is None
    else:
        assert problem.startswith(f"A team's name can be up to {limit:,} characters, and this one has {length:,}.")


def test_property_tests_have_no_deadline():
    """A deadline is a timed assertion: a loaded machine would fail a correct test."""
    assert settings.default.deadline is None
    assert settings(max_examples=5).deadline is None
