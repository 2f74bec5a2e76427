"""The private parts of Streamlit that Reflect relies on, each in one place.

Single sign-on is Streamlit's own (`st.login`): the web layer reads the identity in its signed
cookie, and clears that cookie on sign-out, through functions Streamlit keeps private. The
content security policy lets Streamlit's own inline scripts run by their hashes, read from the
`index.html` Streamlit serves. The messages a script run sends reach the server's event loop in
batches (`batch_script_events`), and the theme every rerun's first message carries is read from
the settings once (`theme_once`). None of these is a promised interface, so an upgrade may move or
change them.

Each is imported here, at module level, with no fallback: if an upgrade removes or renames one,
the web layer fails to start with an ImportError naming it, instead of single sign-on or the
policy's hashes quietly switching off. `tests/test_streamlit_private.py` checks each one's shape
against the calls made here.
"""

from __future__ import annotations

import asyncio
import re
import threading
from pathlib import Path
from typing import Any

import streamlit
from streamlit import config as streamlit_config
from streamlit.runtime import app_session
from starlette.requests import Request
from starlette.responses import Response
from streamlit.runtime.app_session import AppSession
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


_BATCH = "_reflect_script_events"
# The AppSession's callback for "a message is queued for the browser" (the runtime's wake-up).
_WAKE = "_message_enqueued_callback"


def batch_script_events() -> None:
    """Hand a script run's events (every element it draws is one) to the server's event loop in
    batches rather than one at a time.

    Streamlit schedules one event-loop callback per event: a wake-up of the loop, a write to
    its self-pipe and a callback each, a hundred or more times for every rerun. Here the first
    event of a batch schedules one callback, and events arriving before it runs join the batch;
    it handles them in the order they came, each exactly as Streamlit's own callback would, and
    wakes the loop that sends messages to the browser once for the batch rather than once for
    each message.
    """
    if getattr(AppSession._on_scriptrunner_event, "reflect_batched", False):
        return

    def on_event(self: AppSession, *args: Any, **kwargs: Any) -> None:
        batch = self.__dict__.get(_BATCH)
        if batch is None:
            batch = self.__dict__.setdefault(_BATCH, _Batch())
        if batch.add((args, kwargs)):
            self._call_soon_on_event_loop(lambda: _handle(self, batch))

    on_event.reflect_batched = True  # type: ignore[attr-defined]
    AppSession._on_scriptrunner_event = on_event  # type: ignore[method-assign]


class _Batch:
    """Events waiting for the event loop, and whether a callback to handle them is scheduled."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._events: list[tuple[tuple, dict]] = []
        self._scheduled = False

    def add(self, event: tuple[tuple, dict]) -> bool:
        """Add an event; True when the caller must schedule the callback that handles the batch."""
        with self._lock:
            self._events.append(event)
            if self._scheduled:
                return False
            self._scheduled = True
            return True

    def take(self) -> list[tuple[tuple, dict]]:
        with self._lock:
            events, self._events = self._events, []
            self._scheduled = False
            return events


def _handle(session: AppSession, batch: _Batch) -> None:
    # Each message queued for the browser calls the session's "message enqueued" callback, which
    # wakes the sending loop through the event loop's self-pipe: one wake-up per element. While
    # a batch is handled the calls are noted instead, and the sending loop is woken once after
    # it, with every message of the batch already queued.
    wake = session.__dict__.get(_WAKE)
    woken: list[bool] = []
    if wake is not None:
        session.__dict__[_WAKE] = lambda: woken.append(True)
    try:
        for args, kwargs in batch.take():
            try:
                session._handle_scriptrunner_event_on_event_loop(*args, **kwargs)
            except Exception as exc:  # as the event loop treats a callback that raised: logged, the rest go on
                asyncio.get_running_loop().call_exception_handler({"message": "A script event could not be handled", "exception": exc})
    finally:
        if wake is not None:
            session.__dict__[_WAKE] = wake
            if woken:
                wake()


def theme_once() -> None:
    """Read the theme from the settings once, not on every rerun.

    Every rerun's first message carries the app's theme, and Streamlit builds it afresh from its
    settings each time: six sections, each a pass over every setting it has. The theme is fixed
    while the server runs, so each section is built once (again if the settings are read anew)
    and copied into each message, exactly as built.
    """
    if getattr(app_session._populate_theme_msg, "reflect_once", False):
        return
    build = app_session._populate_theme_msg
    made: dict[tuple[int, str], Any] = {}

    def populate(msg: Any, section: str = "theme") -> None:
        key = (id(streamlit_config.get_config_options()), section)
        if key not in made:
            # Streamlit leaves a section with nothing set untouched (absent from the message).
            if all(value is None for value in streamlit_config.get_options_for_section(section).values()):
                made[key] = None
            else:
                built = type(msg)()
                build(built, section)
                made[key] = built
        theme = made[key]
        if theme is not None:
            msg.CopyFrom(theme)
            msg.SetInParent()

    populate.reflect_once = True  # type: ignore[attr-defined]
    populate.streamlit_builds = build  # type: ignore[attr-defined]
    app_session._populate_theme_msg = populate
