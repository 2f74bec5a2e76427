"""The private-notes page: a recovery code shown once at first sign-in, and a kind way back in
after an admin's password reset."""

from __future__ import annotations

import dataclasses

import pytest

from reflect.models import Role, utcnow
from reflect.services import auth, own_keys, persons
from reflect.ui.context import TOKEN_KEY
from tests import factories
from tests.pages.apptest import new_app, page_path, sign_in, texts, widget
from tests.passkey_authenticator import SoftPasskey, add_passkey

PASSWORD = "a long and private password"


@pytest.fixture
def person_id(sqlite_rt, admin_actor):
    person_id, _ = persons.add(name="Sam Person", email="sam@example.org", roles=[Role.PRACTITIONER], password=PASSWORD, by=admin_actor)
    return person_id


@pytest.fixture
def admin_actor(sqlite_rt):
    return factories.make_person(factories.make_organisation(), roles=(Role.ADMIN,))


def _code_on(at) -> str:
    return at.code[0].value


def _save_code(at) -> None:
    widget(at.checkbox, "I have saved my recovery code somewhere safe").check()
    widget(at.button, "Continue").click()
    at.run()


def test_first_sign_in_shows_the_recovery_code_once_and_says_what_is_lost_without_it(person_id):
    at = sign_in(new_app(), "sam@example.org", PASSWORD)
    assert at.title[0].value == "Your private notes"
    code = _code_on(at)
    assert len(code) == 29 and "can't be opened again" in texts(at)
    at.run()
    assert _code_on(at) == code  # the same code while the page is open
    widget(at.button, "Continue").click()  # not ticked yet: a gentle nudge, nothing more
    at.run()
    assert "Take all the time you need" in texts(at) and not at.error
    _save_code(at)
    assert at.title[0].value != "Your private notes" and not at.exception


def test_after_an_admin_reset_the_page_explains_kindly_and_the_recovery_code_unlocks(person_id, admin_actor):
    at = sign_in(new_app(), "sam@example.org", PASSWORD)
    code = _code_on(at)
    _save_code(at)
    one_time = persons.reset_password(person_id=person_id, by=admin_actor)
    signed = auth.sign_in(email="sam@example.org", password=one_time)
    auth.change_password(by=signed.actor, current_password=one_time, new_password="my new long password")
    at = sign_in(new_app(), "sam@example.org", "my new long password")
    assert at.title[0].value == "Your private notes"
    assert "nothing you wrote is lost" in texts(at) and not at.error
    widget(at.text_input, "Recovery code").input("WRONG-CODE-2345")
    widget(at.text_input, "Your password").input("my new long password")
    widget(at.button, "Unlock my private notes").click()
    at.run()
    assert "doesn't open your private notes" in at.error[0].value
    assert widget(at.text_input, "Your password").value == "my new long password"  # nothing typed is lost
    widget(at.text_input, "Recovery code").input(code)
    widget(at.button, "Unlock my private notes").click()
    at.run()
    new_code = _code_on(at)
    assert new_code != code  # the code worked once; a new one is shown to save
    _save_code(at)
    assert at.title[0].value != "Your private notes" and not at.exception


def test_a_new_recovery_code_from_my_account_replaces_the_old_one(person_id):
    at = sign_in(new_app(), "sam@example.org", PASSWORD)
    first = _code_on(at)
    _save_code(at)
    at.switch_page(page_path("account.py"))
    at.run()
    widget(at.text_input, "Your password, to make a new code").input(PASSWORD)
    widget(at.button, "Make a new recovery code").click()
    at.run()
    assert at.title[0].value == "Your private notes"
    second = _code_on(at)
    assert second != first
    _save_code(at)
    locked = auth.resume(at.session_state[TOKEN_KEY])
    with pytest.raises(own_keys.OwnKeyRefused):  # the old code opens nothing now
        own_keys.recover(by=locked, code=first, secret=PASSWORD)


def test_without_my_password_my_open_session_makes_no_new_recovery_code(person_id):
    """A screen left unlocked is not enough to replace the recovery code I saved."""
    at = sign_in(new_app(), "sam@example.org", PASSWORD)
    first = _code_on(at)
    _save_code(at)
    at.switch_page(page_path("account.py"))
    at.run()
    widget(at.button, "Make a new recovery code").click()
    at.run()
    assert "please enter your password" in at.error[0].value and not at.code
    widget(at.text_input, "Your password, to make a new code").input("not my password")
    widget(at.button, "Make a new recovery code").click()
    at.run()
    assert "nothing was changed" in at.error[0].value and not at.code
    assert at.title[0].value == "My account" and not at.exception
    mine = auth.resume(at.session_state[TOKEN_KEY])
    assert own_keys.recover(by=mine, code=first, secret=PASSWORD)  # the saved code still works


def test_after_single_sign_on_a_passkey_is_offered_beside_the_passphrase(person_id, sqlite_rt):
    sqlite_rt.settings = dataclasses.replace(sqlite_rt.settings, public_address="https://reflect.example.org")
    token = auth.sign_in_with_identity(email="sam@example.org", issued_at=utcnow()).token
    own_keys.choose_passphrase(by=auth.resume(token), passphrase="a passphrase only I know")
    add_passkey(auth.resume(token), SoftPasskey("https://reflect.example.org"))
    at = new_app()
    at.session_state[TOKEN_KEY] = auth.sign_in_with_identity(email="sam@example.org", issued_at=utcnow()).token
    at.run()
    assert at.title[0].value == "Your private notes"
    assert "Please use your passkey, or enter your passphrase" in texts(at)
    assert widget(at.text_input, "Passphrase") is not None  # the passphrase stays
    widget(at.button, "I've used my passkey").click()
    at.run()
    assert at.title[0].value == "Your private notes" and not at.exception  # still locked: nothing used
