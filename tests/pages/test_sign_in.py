from datetime import timedelta

import pytest
from sqlalchemy import update

from reflect.models import AuthSession, utcnow
from reflect.services import demo
from reflect.services.access import SYSTEM
from reflect.ui.context import TOKEN_KEY
from tests import factories
from tests.factories import PASSWORD
from streamlit.testing.v1 import AppTest

from tests.pages.apptest import APP, new_app, sign_in, texts, widget


@pytest.fixture
def person(sqlite_rt):
    org = factories.make_organisation()
    return factories.make_person(org, email="sam@example.org", name="Sam Okafor")


def test_signed_out_visitor_sees_only_the_sign_in_form(person):
    at = new_app()
    assert [w.label for w in at.text_input] == ["E-mail address", "Password"]
    assert "Hello" not in texts(at)


def test_sign_in_shows_the_home_page_with_a_greeting(person):
    at = sign_in(new_app(), "sam@example.org", PASSWORD)
    assert "Hello, Sam" in texts(at)


def test_wrong_password_says_so_kindly_and_stays_signed_out(person):
    at = sign_in(new_app(), "sam@example.org", "not the password")
    assert [e.value for e in at.error] == ["That e-mail address and password don't match our records. Please check them and try again."]
    assert TOKEN_KEY not in at.session_state


def test_empty_form_asks_for_both_fields(person):
    at = new_app()
    widget(at.button, "Sign in").click()
    at.run()
    assert "Please enter both" in at.error[0].value


def test_five_failures_lock_the_account_with_a_clear_message(person):
    at = new_app()
    for _ in range(5):
        sign_in(at, "sam@example.org", "not the password")
    assert "paused" in at.error[0].value and "15 minutes" in at.error[0].value
    sign_in(at, "sam@example.org", PASSWORD)
    assert "paused" in at.error[0].value
    assert TOKEN_KEY not in at.session_state


def test_idle_session_returns_to_sign_in_and_says_work_is_kept(sqlite_rt, person):
    at = sign_in(new_app(), "sam@example.org", PASSWORD)
    with sqlite_rt.db.write() as session:
        session.execute(update(AuthSession).values(last_seen_at=utcnow() - timedelta(minutes=31)))
    at.run()
    assert "Everything you saved is kept" in texts(at)
    assert "Hello" not in texts(at)


def test_a_new_browser_session_must_sign_in_again(person):
    sign_in(new_app(), "sam@example.org", PASSWORD)
    fresh = new_app()  # a refresh starts a new Streamlit session with no token
    assert "Hello" not in texts(fresh)
    assert widget(fresh.text_input, "E-mail address")


def test_sign_out_ends_the_server_session(sqlite_rt, person):
    at = sign_in(new_app(), "sam@example.org", PASSWORD)
    token = at.session_state[TOKEN_KEY]
    widget(at.sidebar.button, "Sign out").click()
    at.run()
    assert "Hello" not in texts(at)
    from reflect.services import auth

    assert auth.resume(token) is None


def test_demo_banner_shows_while_demo_accounts_exist(sqlite_rt):
    demo.load(by=SYSTEM)
    at = new_app()
    assert "demo organisation" in at.warning[0].value
    sign_in(at, "practitioner@example.org", demo.DEMO_PASSWORD)
    assert "demo organisation" in at.warning[0].value


def test_no_banner_for_a_real_organisation(person):
    at = sign_in(new_app(), "sam@example.org", PASSWORD)
    assert not at.warning


SSO_SECRETS = {
    "redirect_uri": "http://localhost:8501/oauth2callback",
    "cookie_secret": "a-test-cookie-secret-of-enough-length",
    "client_id": "reflect",
    "client_secret": "test-only",
    "server_metadata_url": "http://127.0.0.1:9/.well-known/openid-configuration",
}


def _sso_app(user: dict) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    at.secrets["auth"] = SSO_SECRETS
    at.user = user
    at.run()
    return at


def test_single_sign_on_is_offered_where_configured(person):
    at = _sso_app({"is_logged_in": False})
    assert widget(at.button, "Sign in with your organisation")
    assert widget(at.text_input, "E-mail address")


def test_no_single_sign_on_button_without_configuration(person):
    assert "Sign in with your organisation" not in [b.label for b in new_app().button]


def test_single_sign_on_signs_in_the_matching_person(person):
    at = _sso_app({"is_logged_in": True, "email": "Sam@Example.org", "iat": int(utcnow().timestamp())})
    assert "Hello, Sam" in texts(at)
    assert at.session_state[TOKEN_KEY]


def test_single_sign_on_without_an_account_is_refused(person):
    at = _sso_app({"is_logged_in": True, "email": "stranger@example.org", "iat": int(utcnow().timestamp())})
    assert "no Reflect account" in at.error[0].value
    assert TOKEN_KEY not in at.session_state
    assert "Hello" not in texts(at)
