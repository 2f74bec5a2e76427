"""The private parts of Streamlit that Reflect relies on, each in one place.

Single sign-on is Streamlit's own (`st.login`): the web layer reads the identity in its signed
cookie, and clears that cookie on sign-out, through functions Streamlit keeps private. The
content security policy lets Streamlit's own inline scripts run by their hashes, read from the
`index.html` Streamlit serves. None of these is a promised interface, so an upgrade may move or
change them.

Each is imported here, at module level, with no fallback: if an upgrade removes or renames one,
the web layer fails to start with an ImportError naming it, instead of single sign-on or the
policy's hashes quietly switching off. `tests/test_streamlit_private.py` checks each one's shape
against the calls made here.
"""

from __future__ import annotations

import re
from pathlib import Path

import streamlit
from starlette.requests import Request
from starlette.responses import Response
from streamlit.web.server.starlette.starlette_auth_routes import _clear_auth_cookie
from streamlit.web.server.starlette.starlette_server_config import USER_COOKIE_NAME
from streamlit.web.server.starlette.starlette_websocket import _get_signed_cookie_with_chunks

# The page Streamlit serves for every app path; its inline scripts are allowed by hash.
STATIC_INDEX = Path(streamlit.__file__).parent / "static" / "index.html"

_INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", re.S)


def sso_cookie(cookies: dict[str, str]) -> bytes | None:
    """What Streamlit's single sign-on cookie holds (put together from its chunks), or None when
    there is none or its signature does not hold."""
    return _get_signed_cookie_with_chunks(dict(cookies), USER_COOKIE_NAME)


def clear_sso_cookie(response: Response, request: Request) -> None:
    """Have the browser drop Streamlit's single sign-on cookies (every chunk of them)."""
    _clear_auth_cookie(response, request)


def inline_scripts() -> list[str]:
    """The bodies of the inline scripts in the `index.html` Streamlit serves.

    Raises:
        OSError: the file is not where Streamlit kept it (an upgrade moved it).
    """
    return _INLINE_SCRIPT.findall(STATIC_INDEX.read_text(encoding="utf-8"))
