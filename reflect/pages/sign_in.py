"""Sign in: a local password, or the organisation's single sign-on where configured."""

import streamlit as st

from reflect.services import auth
from reflect.ui import context

st.title("Reflect")
st.write(
    "A private space to prepare, check in the moment, and reflect on sharing your own experience at work."
)

notice = st.session_state.get(context.NOTICE_KEY)
if notice:
    st.info(notice)

identity = context.sso_identity()
if identity is not None:
    email, issued_at = identity
    try:
        context.start_session(auth.sign_in_with_identity(email=email, issued_at=issued_at))
        st.rerun()
    except auth.SignInError as exc:
        st.error(str(exc))
        if st.button("Sign out of your organisation account"):
            st.logout()
        st.stop()

if context.sso_configured():
    if st.button("Sign in with your organisation", type="primary", icon=":material/badge:"):
        st.login()
    st.caption("Or sign in with a Reflect password:")

with st.form("sign_in", enter_to_submit=True):
    email = st.text_input("E-mail address", autocomplete="username")
    password = st.text_input("Password", type="password", autocomplete="current-password")
    submitted = st.form_submit_button("Sign in", type="primary")

if submitted:
    if not email.strip() or not password:
        st.error("Please enter both your e-mail address and your password.")
    else:
        try:
            context.start_session(auth.sign_in(email=email, password=password))
            st.rerun()
        except auth.SignInError as exc:
            st.error(str(exc))

st.caption(
    "Reflect keeps what you write private to you unless you choose to share it. "
    "Forgotten your password? Your admin can set a new one."
)
