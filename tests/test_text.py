"""Control characters are cleaned from people's text, and no text breaks a spreadsheet export."""

import unicodedata

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
