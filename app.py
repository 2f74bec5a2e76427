"""Reflect: the web application. `streamlit run app.py` serves it.

Sign-in and sign-out are plain web routes that set and clear an HttpOnly session cookie;
every response carries the security headers; unexpected errors show a calm page with an
error number. The Streamlit script every page runs is main.py.
"""

import streamlit as st
from starlette.middleware import Middleware

from reflect import web

web.scrub_logs()

app = st.App(
    "main.py",
    routes=web.ROUTES,
    middleware=[Middleware(web.SecurityHeaders), Middleware(web.SignInFirst), Middleware(web.BaseAddress)],
    on_script_error=web.on_script_error,
    exception_handlers=web.EXCEPTION_HANDLERS,
)
