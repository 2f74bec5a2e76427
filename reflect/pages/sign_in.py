"""Signed out: the way back to the sign-in form, or on to the organisation's single sign-on."""

from urllib.parse import quote, urlsplit

import streamlit as st

from reflect import web
from reflect.ui import context

if context.sso_configured() and st.query_params.get("with") == "organisation":
    st.login()

st.title("Reflect")
notice = st.session_state.get(context.NOTICE_KEY) or "Please sign in to continue."
st.info(notice, icon=":material/lock_clock:")
here = web.safe_next(urlsplit(st.context.url or "").path or "/")
st.link_button("Sign in", f"{web.SIGN_IN_PATH}?next={quote(here, safe='/')}", type="primary")
st.caption("Signing in opens in a new tab, so anything still on this page stays here for you to copy.")
