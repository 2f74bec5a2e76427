"""Showing people's own words as plain text, never as HTML or live Markdown."""

import re

# Every ASCII punctuation mark that Markdown could read as syntax; CommonMark lets any of
# them be escaped with a backslash, so the text shows exactly as typed.
_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~&:\"'=$^])")


def md(text: str) -> str:
    """Escape user text for st.markdown/st.write: links, images, HTML and emphasis render inert."""
    return _MARKDOWN.sub(r"\\\1", text).replace("\n", "  \n")
