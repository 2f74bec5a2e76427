"""Reading a page the way a browser would draw it: every piece of text, and every place where
Streamlit reads Markdown, so tests can say what a person sees and that nothing someone wrote
renders live."""

from __future__ import annotations

import re

from google.protobuf.json_format import MessageToDict
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import Dataframe, Table

# Written into people's text by the tests: each would load something, link somewhere or
# change how the page looks if it reached the page as live Markdown or HTML.
HOSTILE = " ![x](http://evil.test/p.png) [go](http://evil.test/) <b>bold</b> :material/warning: :red[alarm] **loud** `code`"
LIVE = ("![x](", "](http", "<b>", ":material/warning:", ":red[", "**loud**", "`code`")
# Icons are drawn after Markdown is parsed, so escaping alone does not stop them.
LIVE_AFTER_PARSING = (":material_warning:",)

# Element fields Streamlit draws as Markdown; anything else (select box options, typed
# values, placeholders, `st.text`, `st.code`, data frames) is drawn as plain text.
_MARKDOWN_FIELDS = {"body", "label", "help"}
_MARKDOWN_OPTIONS = {"radio", "button_group"}
_PLAIN_TYPES = {"text", "code", "exception", "json"}


def _nodes(node):
    yield node
    for child in getattr(node, "children", {}).values():
        yield from _nodes(child)


def _strings(value, keys: set[str] | None, found: list[str]) -> None:
    """Strings in a message: all of them (keys None), or only those under one of `keys`."""
    if isinstance(value, dict):
        for key, inner in value.items():
            _strings(inner, None if keys is None or key in keys else keys, found)
    elif isinstance(value, list):
        for inner in value:
            _strings(inner, keys, found)
    elif isinstance(value, str) and keys is None:
        found.append(value)


def _proto_dict(node) -> dict:
    proto = getattr(node, "proto", None)
    if proto is None:
        return {}
    try:
        return MessageToDict(proto)
    except Exception:  # not a message (an element the test tree does not model)
        return {}


def everything(at: AppTest) -> str:
    """Every piece of text the page holds: bodies, labels, options, values and table cells."""
    found: list[str] = []
    for node in _nodes(at._tree):
        if isinstance(node, (Dataframe, Table)):
            found.append(node.value.to_csv())
            continue
        _strings(_proto_dict(node), None, found)
    return "\n".join(found)


def markdown_sources(at: AppTest) -> list[tuple[str, str]]:
    """(element type, source) for everything Streamlit will read as Markdown."""
    found: list[tuple[str, str]] = []
    for node in _nodes(at._tree):
        kind = getattr(node, "type", "")
        if isinstance(node, Table):
            frame = node.value
            found += [("table", str(c)) for c in frame.columns]
            found += [("table", str(v)) for v in frame.astype(str).to_numpy().ravel()]
            continue
        if isinstance(node, Dataframe) or kind in _PLAIN_TYPES:
            continue
        data = _proto_dict(node)
        texts: list[str] = []
        _strings(data, _MARKDOWN_FIELDS, texts)
        if kind in _MARKDOWN_OPTIONS:
            _strings(data.get("options", []), None, texts)
            _strings(data.get("captions", []), None, texts)
        found += [(kind, t) for t in texts]
    return found


def as_parsed(source: str) -> str:
    """The text Streamlit's icon step sees: it rewrites `:material/` in the source, then looks
    for `:material_name:` in the text once Markdown has removed the escapes."""
    return re.sub(r"\\(.)", r"\1", source.replace(":material/", ":material_"))


def live_markup(at: AppTest) -> list[str]:
    """Where text written by a person would render live: empty when everything is inert."""
    return [
        f"{kind}: {source[:160]!r}"
        for kind, source in markdown_sources(at)
        if any(p in source for p in LIVE) or any(p in as_parsed(source) for p in LIVE_AFTER_PARSING)
    ]
