"""Who is signed in for this browser tab, decided by the server-side session on every rerun."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from reflect import web
from reflect.services import auth
from reflect.services.access import Actor, Permission, ensure

# Where the page scripts live: the navigation lists them, and a page links to another by its path.
PAGES_DIR = Path(__file__).resolve().parent.parent / "pages"

# The session token comes from the HttpOnly cookie the sign-in route set. AppTest cannot
# send cookies, so the page tests sign in through the service and put the token here;
# no browser can write this key.
TOKEN_KEY = "reflect_session_token"
ACTOR_KEY = "reflect_actor"
NOTICE_KEY = "reflect_sign_in_notice"
# A recovery code just made, kept for this browser tab until the person says they saved it.
RECOVERY_CODE_KEY = "own_key_recovery_code"


def session_token() -> str | None:
    for token in (st.context.cookies.get(web.SESSION_COOKIE), st.session_state.get(TOKEN_KEY)):
        if isinstance(token, str) and token:
            return token
    return None


def resolve_actor() -> Actor | None:
    """Look the tab's session up on the server; called once at the top of every rerun."""
    token = session_token()
    actor = auth.resume(token)
    if token and actor is None:
        st.session_state.pop(TOKEN_KEY, None)
        st.session_state[NOTICE_KEY] = (
            "Your session has ended, so please sign in again. Everything you saved is kept."
        )
    st.session_state[ACTOR_KEY] = actor
    return actor


def actor() -> Actor | None:
    return st.session_state.get(ACTOR_KEY)


def require(permission: Permission = Permission.USE_APP) -> Actor:
    """The signed-in person, who must hold `permission`; otherwise the page stops calmly."""
    current = actor()
    if current is None:
        st.info("Please sign in to continue.")
        st.stop()
    try:
        ensure(current, permission)
    except Exception as exc:  # AccessDenied: say so kindly and show nothing else
        st.info(str(exc))
        st.stop()
    return current


def end_session() -> None:
    for key in (TOKEN_KEY, ACTOR_KEY):
        st.session_state.pop(key, None)


def sso_configured() -> bool:
    """Whether the app's secrets configure the organisation's OpenID Connect sign-in."""
    return web.sso_configured()


def sign_out_form() -> None:
    """The sign-out control: a plain form posted to the sign-out route, which ends the
    session on the server and clears the cookie. Its code is tied to this session."""
    token = session_token()
    code = web.sign_out_code(token) if token else ""
    st.html(
        f'<form method="post" action="{web.SIGN_OUT_PATH}" class="reflect-sign-out">'
        f'<input type="hidden" name="code" value="{code}">'
        '<button type="submit" style="width:100%;padding:.45rem;font-size:1rem;border-radius:.5rem;'
        'border:1px solid #545b62;background:#fff;color:#0e1116;cursor:pointer">Sign out</button></form>'
    )


def page_path(script: str) -> str:
    """The path st.switch_page and st.page_link need for one of our pages."""
    return str(PAGES_DIR / script)
