"""Driving the real app with Streamlit's AppTest."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from tests.conftest import CHECKOUT
from tests.factories import PASSWORD

APP = str(CHECKOUT / "app.py")


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
    widget(at.text_input, "E-mail address").input(email)
    widget(at.text_input, "Password").input(password)
    widget(at.button, "Sign in").click()
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
