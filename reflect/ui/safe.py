"""Showing people's own words as plain text, never as HTML or live Markdown.

Streamlit reads Markdown in far more places than `st.markdown`: titles, captions, alerts,
every widget label and help text, expander and tab titles, radio and pill options, and the
cells of `st.table`. Anything built from what a person wrote (names, team names, actions,
notes, descriptions, biographies, shared items) goes through `md` before it reaches any of
them, so a link, an image, HTML, an icon (`:material/...:`) or a colour directive
(`:red[...]`) shows exactly as typed and loads nothing. Select box and multiselect options
and `st.dataframe`/`st.text` cells are drawn as plain text and take the words as they are.
"""

import re
from collections.abc import Iterable, Mapping
from typing import Any

# Every ASCII punctuation mark that Markdown (and Streamlit's icon and colour directives)
# could read as syntax, the dots and colons of bare web and e-mail addresses included.
# CommonMark lets any of them be escaped with a backslash, so the text shows as typed.
WORD_JOINER = "\u2060"
_MARKDOWN = re.compile(r"[\\`*_{}\[\]()#+\-.!|<>~&:\"'=$^]")
_COLON_BEFORE_TEXT = re.compile(r"\\:(?=\S)")
# Streamlit also links bare e-mail addresses and "www." addresses (GitHub's autolinks), found
# in the text after escapes are gone: a word joiner before the "@" and inside "www." keeps
# them as typed.
_WWW = re.compile(r"(?i:\bwww)(?=\\\.)")


def _escaped(mark: re.Match[str]) -> str:
    return "\\" + mark.group()


def md(text: object) -> str:
    """Escape user text for anything Streamlit renders as Markdown: links, images, HTML,
    icons, colours and emphasis render inert."""
    # Each step runs only where its mark is in the text: this runs on every rerun for every
    # piece of a person's text on the page.
    escaped = _MARKDOWN.sub(_escaped, str(text))
    if "\r" in escaped:
        escaped = escaped.replace("\r", "")
    if "\n" in escaped:
        escaped = escaped.replace("\n", "  \n")
    if "@" in escaped:
        escaped = escaped.replace("@", WORD_JOINER + "@")
    if "\\." in escaped:
        escaped = _WWW.sub("\\g<0>" + WORD_JOINER, escaped)
    # Streamlit turns `:material/name:`, `:streamlit:` and emoji codes into pictures after
    # Markdown is parsed, when escapes are already gone: an invisible word joiner after a
    # colon that something follows keeps them as typed ("Note: this" is left alone).
    if "\\:" in escaped:
        escaped = _COLON_BEFORE_TEXT.sub("\\:" + WORD_JOINER, escaped)
    return escaped


def table(rows: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Rows for `st.table`, whose cells are Markdown: every text cell escaped."""
    return [{md(k): md(v) if isinstance(v, str) else v for k, v in row.items()} for row in rows]
