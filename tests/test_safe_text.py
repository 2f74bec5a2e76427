"""`md`, which every piece of a person's text passes through before Streamlit reads it as
Markdown, escapes exactly as the plain regular-expression form of its rules does."""

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from reflect.ui.safe import WORD_JOINER, md

_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~&:\"'=$^])")
_COLON_BEFORE_TEXT = re.compile(r"\\:(?=\S)")
_AUTOLINK = re.compile(r"(?=@)|(?i:(?<=\bwww)(?=\\\.))")


def _by_regular_expressions(text: object) -> str:
    escaped = _MARKDOWN.sub(r"\\\1", str(text)).replace("\r", "").replace("\n", "  \n")
    escaped = _AUTOLINK.sub(WORD_JOINER, escaped)
    return _COLON_BEFORE_TEXT.sub("\\:" + WORD_JOINER, escaped)


_MARKS = st.sampled_from(list("\\`*_{}[]()#+-.!|<>~&:\"'=$^@ \r\n\tabcw") + ["www.", ":material/home:", "a@b.org", "Www\\."])


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(), st.lists(_MARKS).map("".join)))
def test_md_escapes_as_the_regular_expression_rules_do(text):
    assert md(text) == _by_regular_expressions(text)


def test_md_keeps_links_pictures_icons_and_addresses_as_typed():
    assert md("[x](http://a.b) ![i](p.png) :material/home: <b>hi</b>\r\nwww.example.org me@example.org") == (
        "\\[x\\]\\(http\\:" + WORD_JOINER + "//a\\.b\\) \\!\\[i\\]\\(p\\.png\\) \\:" + WORD_JOINER + "material/home\\: "
        "\\<b\\>hi\\</b\\>  \nwww" + WORD_JOINER + "\\.example\\.org me" + WORD_JOINER + "@example\\.org"
    )
