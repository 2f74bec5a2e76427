"""Driving the real app with Streamlit's AppTest."""

from __future__ import annotations

from collections.abc import Iterator

from streamlit.testing.v1 import AppTest

from tests.conftest import CHECKOUT
from tests.factories import PASSWORD

# The Streamlit script every page runs (app.py wraps it in st.App with the sign-in routes).
APP = str(CHECKOUT / "main.py")


def new_app() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    at.run()
    return at


def widget(elements, label: str):
    """The widget with this label, so tests read like a person filling the form."""
    for element in elements:
        if element.label == label:
            return element
    raise AssertionError(f"no widget labelled {label!r}; found {[e.label for e in elements]}")


def sign_in(at: AppTest, email: str, password: str) -> AppTest:
    """Sign in as the sign-in route does, and hand the session's token to the app.

    A browser carries the token in an HttpOnly cookie; AppTest cannot send cookies, so the
    token goes where the app looks when there is no cookie (tests/browser covers the cookie).
    """
    from reflect.services import auth
    from reflect.ui.context import TOKEN_KEY

    at.session_state[TOKEN_KEY] = auth.sign_in(email=email, password=password).token
    at.run()
    assert not at.exception, at.exception
    return at


def open_page(email: str, script: str, password: str = PASSWORD) -> AppTest:
    """Sign in as `email` and open one of our pages."""
    at = sign_in(new_app(), email, password)
    at.switch_page(page_path(script))
    at.run()
    assert not at.exception, at.exception
    return at


def texts(at: AppTest) -> str:
    """Everything written on the page, for searching."""
    parts = [e.value for e in (*at.title, *at.header, *at.subheader, *at.markdown, *at.caption)]
    parts += [e.value for e in (*at.info, *at.warning, *at.error, *at.success)]
    return "\n".join(str(p) for p in parts)


def page_path(script: str) -> str:
    return str(CHECKOUT / "reflect" / "pages" / script)


def choose_tab(at: AppTest, key: str, label: str) -> AppTest:
    """Choose a tab, as a person clicking it would: only the chosen tab's content runs."""
    at.session_state[key] = label
    at.run()
    assert not at.exception, at.exception
    return at


def signed_in_as(person_id: int) -> AppTest:
    """The app with a server-side session for this person already open, as after signing in
    (without the deliberately slow password check, for tests that visit many pages)."""
    import hashlib
    import secrets

    from reflect import runtime
    from reflect.models.security import AuthSession
    from reflect.ui.context import TOKEN_KEY

    from reflect.own_key import session_key
    from reflect.services.own_keys import session_wrap
    from tests.factories import OWN_KEYS

    token = secrets.token_urlsafe(32)
    own = OWN_KEYS.get(person_id)
    wrapped = session_wrap(session_key(token), own) if own is not None else None
    with runtime.current().db.write() as session:
        session.add(AuthSession(token_hash=hashlib.sha256(token.encode()).hexdigest(), person_id=person_id, method="password", own_key_wrap=wrapped))
    at = AppTest.from_file(APP, default_timeout=30)
    at.session_state[TOKEN_KEY] = token
    at.run()
    assert not at.exception, at.exception
    return at


# Pages whose tabs run only when chosen: the session-state key that chooses one.
TAB_KEYS = {
    "register.py": "register_tab", "supervision.py": "my_supervision_tab", "supervisees.py": "my_supervisees_tab", "admin_people.py": "admin_section",
}


def visit_every_page(at: AppTest, actor) -> Iterator[tuple[str, AppTest]]:
    """Open each page this person may use, in turn, every tab of it, and on the supervisor's
    page every item shared with them; yield (what was opened, the app) after each."""
    from reflect import navigation

    for spec in navigation.pages_for(actor):
        name = spec.path.name
        key = TAB_KEYS.get(name)  # each page is opened once, so on its first tab
        at.switch_page(str(spec.path))
        at.run()
        assert not at.exception, (name, at.exception)
        yield name, at
        if name == "supervisees.py":
            for button in [b.key for b in at.button if (b.key or "").startswith("open:")]:
                at.button(key=button).click()
                at.run()
                assert not at.exception, (button, at.exception)
                yield f"{name} {button}", at
        if key is not None:
            for label in [t.label for t in at.tabs][1:]:
                yield f"{name} {label}", choose_tab(at, key, label)
