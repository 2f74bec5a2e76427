"""Single sign-on for real: a local OpenID provider (oidc-provider-mock, on loopback) and the
app's st.login, driven in Chromium. Each case is one call of `organisation_sign_in` with the
provider's user for it, so a new case (a deactivated account, say) is one small test."""

from __future__ import annotations

import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.app_server import BIN, demo_app, free_port
from tests.browser.app_server import save_recovery_code
from tests.browser.test_private_notes import add_account

pytestmark = pytest.mark.browser

# The provider's users: the subject the provider form offers, and the claims it vouches for.
USERS = {
    "sam": {"email": "practitioner@example.org", "email_verified": True},
    "priya": {"email": "Supervisor@Example.org", "email_verified": True},
    "stranger": {"email": "stranger@example.org", "email_verified": True},
    "unverified": {"email": "lead@example.org", "email_verified": False},
    "deactivated": {"email": "chris@example.org", "email_verified": True},
    "newcomer": {"email": "newcomer@example.org", "email_verified": True},
}


@pytest.fixture(scope="module")
def provider() -> Iterator[str]:
    from oidc_provider_mock import User, run_server_in_thread

    users = [User(sub=sub, claims=claims) for sub, claims in USERS.items()]
    with run_server_in_thread(user_claims=users) as server:
        yield f"http://localhost:{server.server_port}"


@pytest.fixture(scope="module")
def sso_app(provider, tmp_path_factory) -> Iterator[tuple[str, Path]]:
    """The app with an [auth] section pointing at the local provider; yields its URL and data folder."""
    data_dir = tmp_path_factory.mktemp("sso-data")
    port = free_port()
    secrets = data_dir / "secrets.toml"
    secrets.write_text(
        "[auth]\n"
        f'redirect_uri = "http://127.0.0.1:{port}/oauth2callback"\n'
        'cookie_secret = "a-cookie-secret-for-the-single-sign-on-tests"\n'
        'client_id = "reflect-tests"\n'
        'client_secret = "reflect-tests-secret"\n'
        f'server_metadata_url = "{provider}/.well-known/openid-configuration"\n'
    )
    with demo_app(data_dir, port=port, extra_args=("--secrets.files", str(secrets))) as url:
        yield url, data_dir


def organisation_sign_in(page, url: str, subject: str, path: str = "/") -> None:
    """Ask for `path`, and on the sign-in form it leads to, sign in with the organisation as
    `subject` at the provider."""
    page.goto(f"{url}{path}")
    page.get_by_role("link", name="Sign in with your organisation").click()
    page.get_by_role("button", name=subject, exact=True).click()


def _accounts(data_dir: Path, email: str) -> int:
    with sqlite3.connect(data_dir / "reflect.db") as db:
        return db.execute("SELECT count(*) FROM people WHERE lower(email) = lower(?)", (email,)).fetchone()[0]


def test_a_matching_email_signs_in_with_that_persons_pages_on_the_page_asked_for(page, sso_app):
    url, _ = sso_app
    organisation_sign_in(page, url, "priya", path="/supervisees")
    page.get_by_role("heading", name="My supervisees").wait_for()
    assert page.url == f"{url}/supervisees"
    assert "Priya" in page.get_by_test_id("stSidebar").inner_text()
    menu = page.get_by_test_id("stSidebar")
    # Waits while the menu is still being drawn (a count taken mid-draw can be 0).
    expect(menu.get_by_role("link", name="My supervisees", exact=True)).to_have_count(1)
    expect(menu.get_by_role("link", name="People and teams", exact=True)).to_have_count(0)


def test_an_unknown_email_is_refused_politely_and_no_account_appears(page, sso_app):
    url, data_dir = sso_app
    organisation_sign_in(page, url, "stranger")
    page.get_by_text("There is no Reflect account for this e-mail address").wait_for()
    assert "ask your admin" in page.get_by_role("alert").inner_text()
    assert _accounts(data_dir, "stranger@example.org") == 0
    assert "reflect_session" not in {c["name"] for c in page.context.cookies()}


def test_a_deactivated_account_is_refused_politely_and_no_session_opens(page, sso_app):
    url, data_dir = sso_app
    subprocess.run(
        [str(BIN / "reflect"), "user", "deactivate", "chris@example.org"],
        env={"REFLECT_DATA_DIR": str(data_dir), "PATH": "/usr/bin:/bin"}, capture_output=True, check=True,
    )
    organisation_sign_in(page, url, "deactivated")
    page.get_by_text("This account isn't active at the moment").wait_for()
    assert "ask your admin" in page.get_by_role("alert").inner_text()
    assert page.get_by_role("heading", name="Hello").count() == 0
    assert "reflect_session" not in {c["name"] for c in page.context.cookies()}
    with sqlite3.connect(data_dir / "reflect.db") as db:
        opened = db.execute(
            "SELECT count(*) FROM auth_sessions WHERE person_id = (SELECT id FROM people WHERE email = 'chris@example.org')"
        ).fetchone()[0]
    assert opened == 0


def test_an_email_the_provider_has_not_verified_is_refused(page, sso_app):
    url, _ = sso_app
    organisation_sign_in(page, url, "unverified")
    page.get_by_text("isn't verified").wait_for()
    assert "reflect_session" not in {c["name"] for c in page.context.cookies()}


def test_signing_out_ends_the_reflect_session_and_the_provider_cookie_is_not_enough_again(page, sso_app):
    url, _ = sso_app
    organisation_sign_in(page, url, "sam")
    page.get_by_role("heading", name="Hello").wait_for()
    page.get_by_test_id("stSidebar").get_by_role("button", name="Sign out").click()
    page.get_by_text("You have signed out").wait_for()
    page.goto(f"{url}/my-reflections")
    page.get_by_label("E-mail address").wait_for()
    assert page.get_by_role("heading", name="Hello").count() == 0
    assert not {c["name"] for c in page.context.cookies()} & {"reflect_session", "_streamlit_user"}


def test_after_a_timeout_the_providers_long_lived_cookie_does_not_sign_in_again(page, sso_app):
    url, data_dir = sso_app
    organisation_sign_in(page, url, "sam")
    page.get_by_role("heading", name="Hello").wait_for()
    with sqlite3.connect(data_dir / "reflect.db") as db:  # the idle limit passes
        db.execute("UPDATE auth_sessions SET last_seen_at = '2000-01-01 00:00:00.000000' WHERE ended_at IS NULL")
    page.goto(f"{url}/my-reflections")
    page.get_by_label("E-mail address").wait_for()
    assert page.get_by_role("heading", name="Hello").count() == 0
    assert "_streamlit_user" not in {c["name"] for c in page.context.cookies()}


def test_a_passphrase_chosen_at_first_use_unlocks_private_notes_at_each_single_sign_on(page, sso_app):
    url, data_dir = sso_app
    add_account(data_dir, "newcomer@example.org", "Noor Newcomer")
    organisation_sign_in(page, url, "newcomer")
    page.get_by_role("heading", name="Your private notes").wait_for()
    page.get_by_label("Passphrase (at least 10 characters)").fill("rivers and quiet hills")
    page.get_by_label("Passphrase again").fill("rivers and quiet hills")
    page.get_by_role("button", name="Save my passphrase").click()
    save_recovery_code(page)
    page.get_by_test_id("stSidebar").get_by_role("button", name="Sign out").click()
    page.get_by_text("You have signed out").wait_for()
    # The organisation proves who they are; the passphrase, and only it, opens their notes.
    organisation_sign_in(page, url, "newcomer")
    page.get_by_label("Passphrase", exact=True).fill("not my passphrase")
    page.get_by_role("button", name="Unlock").click()
    page.get_by_text("doesn't match the one you chose").wait_for()
    page.get_by_label("Passphrase", exact=True).fill("rivers and quiet hills")
    page.get_by_role("button", name="Unlock").click()
    page.get_by_role("heading", name="Hello").wait_for()
