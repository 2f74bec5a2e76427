"""Reflect: the web application. `streamlit run app.py` serves it.

Sign-in and sign-out are plain web routes that set and clear an HttpOnly session cookie;
every response carries the security headers; a download or picture at /media/ is served only
to the session that made it, while it is live; unexpected errors show a calm page with an
error number; /ready and /metrics answer the operator (reflect/operations.py). The Streamlit
script every page runs is main.py.
"""

import streamlit as st
from starlette.middleware import Middleware

from reflect import downloads, operations, passkey_web, streamlit_private, web, web_errors

web_errors.scrub_logs()
streamlit_private.batch_script_events()
streamlit_private.theme_once()
downloads.install(current_token=web.script_session_token)

app = st.App(
    "main.py",
    routes=[*web.ROUTES, *passkey_web.ROUTES, *operations.ROUTES],
    middleware=[Middleware(web.SecurityHeaders), Middleware(web.SignInFirst), Middleware(web.DownloadsForTheirOwner), Middleware(web.BaseAddress), Middleware(operations.SessionsOpen)],
    on_script_error=web_errors.on_script_error,
    exception_handlers=web_errors.EXCEPTION_HANDLERS,
)
