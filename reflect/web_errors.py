"""A calm page for unexpected errors, in the script and outside it, and logs that never hold
what an exception says (it may hold what someone wrote). `app.py` installs these beside the
web layer's routes and middleware (`reflect.web`)."""

from __future__ import annotations

import logging
import re
import secrets
from typing import Any
from urllib.parse import quote, urlsplit

from starlette.requests import Request
from starlette.responses import Response

from reflect.services.access import SessionEnded
from reflect.logs import script_error
from reflect.web import SIGN_IN_PATH, page, safe_next

_IDENTIFIER = re.compile(r"[^A-Za-z0-9_.]")


def error_kind(exc: BaseException) -> str:
    return _IDENTIFIER.sub("", type(exc).__name__)[:80] or "Exception"


def on_script_error(exc: Exception) -> bool:
    """A calm page with an error number; the log holds the number and the exception type only."""
    import streamlit as st

    if isinstance(exc, SessionEnded):
        st.warning(str(exc), icon=":material/lock_clock:")
        here = safe_next(urlsplit(st.context.url or "").path or "/")
        st.link_button("Sign in again (opens a new tab)", f"{SIGN_IN_PATH}?next={quote(here, safe='/')}")
        return True
    number = secrets.randbelow(900_000) + 100_000
    script_error(number, error_kind(exc))
    st.error(
        "Sorry, something went wrong on our side and this page couldn't finish. "
        "Everything you had already saved is safe. Please try again in a moment; "
        f"if it keeps happening, tell your admin the error number **{number}**.",
        icon=":material/sentiment_dissatisfied:",
    )
    return True


async def server_error(request: Request, exc: Exception) -> Response:
    """The same calm page, with an error number, for an unexpected error outside the script."""
    number = secrets.randbelow(900_000) + 100_000
    script_error(number, error_kind(exc))
    return page(
        "Something went wrong",
        "<h1>Something went wrong</h1>"
        "<p>Sorry, something went wrong on our side. Everything you had already saved is safe. "
        "Please try again in a moment; if it keeps happening, tell your admin the error number "
        f"<strong>{number}</strong>.</p>",
        status=500,
    )


EXCEPTION_HANDLERS = {Exception: server_error}


class _NoExceptionText(logging.Filter):
    """Keeps exception messages (which may hold what someone wrote) out of every log line."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and record.exc_info[0] is not None:
            kind = error_kind(record.exc_info[1]) if record.exc_info[1] is not None else "Exception"
            record.msg = f"{record.getMessage()} ({kind}; details withheld)"
            record.args = None
            record.exc_info = None
            record.exc_text = None
            record.stack_info = None
        return True


def scrub_logs() -> None:
    """Install the filter on the record factory, so every logger (Streamlit's, uvicorn's,
    ours, and any made later) drops exception details before formatting."""
    previous = logging.getLogRecordFactory()
    if getattr(previous, "reflect_scrubbed", False):
        return
    scrub = _NoExceptionText()

    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = previous(*args, **kwargs)
        scrub.filter(record)
        return record

    factory.reflect_scrubbed = True  # type: ignore[attr-defined]
    logging.setLogRecordFactory(factory)
