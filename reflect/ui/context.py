"""Who is signed in for this browser tab, decided by the server-side session on every rerun."""

from __future__ import annotations

from datetime import UTC, datetime

import streamlit as st

from reflect.services import auth
from reflect.services.access import Actor, Permission, ensure

TOKEN_KEY = "reflect_session_token"
ACTOR_KEY = "reflect_actor"
NOTICE_KEY = "reflect_sign_in_notice"


def resolve_actor() -> Actor | None:
    """Look the tab's session up on the server; called once at the top of every rerun."""
    token = st.session_state.get(TOKEN_KEY)
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


def start_session(signed_in: auth.SignedIn) -> None:
    st.session_state[TOKEN_KEY] = signed_in.token
    st.session_state[ACTOR_KEY] = signed_in.actor
    st.session_state.pop(NOTICE_KEY, None)


def end_session() -> None:
    for key in (TOKEN_KEY, ACTOR_KEY):
        st.session_state.pop(key, None)


def sso_configured() -> bool:
    """Whether the app's secrets configure the organisation's OpenID Connect sign-in."""
    try:
        return "auth" in st.secrets
    except Exception:  # no secrets file at all
        return False


def sso_identity() -> tuple[str | None, datetime | None] | None:
    """The e-mail and issue time of the organisation sign-in in this browser, if any."""
    if not sso_configured() or not st.user.get("is_logged_in"):
        return None
    issued = st.user.get("iat")
    issued_at = datetime.fromtimestamp(int(issued), tz=UTC) if issued else None
    return st.user.get("email"), issued_at


def page_path(script: str) -> str:
    """The path st.switch_page and st.page_link need for one of our pages."""
    from reflect.navigation import PAGES_DIR

    return str(PAGES_DIR / script)
