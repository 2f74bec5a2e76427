import dataclasses

import pytest

from reflect.services import auth, passkeys
from reflect.ui.context import TOKEN_KEY
from tests import factories
from tests.factories import PASSWORD
from tests.pages.apptest import new_app, page_path, sign_in, texts, widget
from tests.passkey_authenticator import SoftPasskey, add_passkey, give_passphrase

FIREFOX_ON_WINDOWS = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0"


@pytest.fixture
def at(sqlite_rt):
    org = factories.make_organisation()
    factories.make_person(org, email="sam@example.org", name="Sam Okafor")
    app = sign_in(new_app(), "sam@example.org", PASSWORD)
    app.switch_page(page_path("account.py"))
    app.run()
    return app


def _change(at, current, new, again):
    widget(at.text_input, "Current password").input(current)
    widget(at.text_input, "New password (at least 10 characters)").input(new)
    widget(at.text_input, "New password again").input(again)
    widget(at.button, "Change password").click()
    at.run()


def test_account_page_lists_my_session_and_activity(at):
    assert "My account" in texts(at)
    assert "this browser" in texts(at)
    assert [b.label for b in at.button if b.key and b.key.startswith("end_session:")] == ["Sign out here"]
    activity = at.dataframe[0].value
    assert list(activity["What"]) == ["signed in"]


def test_ending_another_session_from_the_page_ends_it_on_the_server(at):
    elsewhere = auth.sign_in(email="sam@example.org", password=PASSWORD, user_agent=FIREFOX_ON_WINDOWS)
    at.run()
    assert "Firefox on Windows" in texts(at)
    widget(at.button, "End this session").click()
    at.run()
    assert auth.resume(elsewhere.token) is None
    assert auth.resume(at.session_state[TOKEN_KEY]) is not None
    assert "Firefox on Windows" not in texts(at)


def test_change_password_from_the_page(at):
    _change(at, PASSWORD, "a brand new secret", "a brand new secret")
    assert "Password changed" in at.success[0].value
    assert auth.sign_in(email="sam@example.org", password="a brand new secret")


@pytest.mark.parametrize(
    ("current", "new", "again", "message"),
    [
        (PASSWORD, "a brand new secret", "a different secret", "different"),
        ("wrong", "a brand new secret", "a brand new secret", "doesn't match"),
        (PASSWORD, "short", "short", "at least 10"),
    ],
)
def test_change_password_problems_are_explained(at, current, new, again, message):
    _change(at, current, new, again)
    assert message in at.error[0].value


def test_sign_out_everywhere_from_the_page(at):
    token = at.session_state[TOKEN_KEY]
    widget(at.button, "Sign out everywhere").click()
    at.run()
    assert auth.resume(token) is None
    assert "Please sign in" in texts(at) or "sign in again" in texts(at)


def test_my_passkeys_are_listed_by_name_and_one_can_be_removed(at, sqlite_rt):
    sqlite_rt.settings = dataclasses.replace(sqlite_rt.settings, public_address="https://reflect.example.org")
    me = auth.resume(at.session_state[TOKEN_KEY])
    give_passphrase(me.person_id)
    add_passkey(me, SoftPasskey("https://reflect.example.org"), "Work laptop")
    at.run()
    assert "Your passkeys" in texts(at) and "Work laptop" in texts(at)
    widget(at.button, "Remove this passkey").click()
    at.run()
    assert passkeys.mine(by=me) == []
    assert "Work laptop" not in texts(at) and not at.exception


def test_passkeys_are_offered_only_with_a_public_address_and_to_people_with_a_passphrase(at, sqlite_rt):
    assert "Your passkeys" not in texts(at)
    sqlite_rt.settings = dataclasses.replace(sqlite_rt.settings, public_address="https://reflect.example.org")
    at.run()
    assert "Your passkeys" not in texts(at)  # a password opens this person's notes at sign-in already
    give_passphrase(auth.resume(at.session_state[TOKEN_KEY]).person_id)
    at.run()
    assert "Your passkeys" in texts(at)
