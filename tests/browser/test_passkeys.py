"""A passkey opens private notes after single sign-on, in Chromium with its virtual
authenticator (WebAuthn over the DevTools protocol, with the PRF extension), against the local
OpenID provider. Passkeys need a host name, so this app is reached at localhost."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.app_server import STEP_TIMEOUT_MS, app_servers, free_port, load_demo, save_recovery_code
from tests.browser.test_daily_use import watch
from tests.browser.test_private_notes import add_account

pytestmark = pytest.mark.browser

EMAIL = "pat@example.org"
# Someone whose browser's passkeys have no PRF extension.
WITHOUT_PRF = "lee@example.org"
PASSPHRASE = "lanterns over the harbour"


@pytest.fixture(scope="module")
def provider() -> Iterator[str]:
    from oidc_provider_mock import User, run_server_in_thread

    users = [User(sub=sub, claims={"email": email, "email_verified": True}) for sub, email in (("pat", EMAIL), ("lee", WITHOUT_PRF))]
    with run_server_in_thread(user_claims=users) as server:
        yield f"http://localhost:{server.server_port}"


@pytest.fixture(scope="module")
def passkey_app(provider, tmp_path_factory) -> Iterator[str]:
    """The demo app with single sign-on and passkeys, at http://localhost:<port>."""
    data_dir: Path = tmp_path_factory.mktemp("passkey-data")
    port = free_port()
    address = f"http://localhost:{port}"
    secrets = data_dir / "secrets.toml"
    secrets.write_text(
        "[auth]\n"
        f'redirect_uri = "{address}/oauth2callback"\n'
        'cookie_secret = "a-cookie-secret-for-the-passkey-tests"\n'
        'client_id = "reflect-tests"\n'
        'client_secret = "reflect-tests-secret"\n'
        f'server_metadata_url = "{provider}/.well-known/openid-configuration"\n'
    )
    load_demo(data_dir)
    add_account(data_dir, EMAIL, "Pat Passkey")
    add_account(data_dir, WITHOUT_PRF, "Lee Laptop")
    env = {"REFLECT_PUBLIC_ADDRESS": address}
    with app_servers(data_dir, ports=(port,), extra_args=("--secrets.files", str(secrets)), extra_env=env):
        yield address


def _page_with_authenticator(browser, *, prf: bool):
    """A page whose browser has a passkey authenticator built in (as a laptop's or phone's):
    resident keys, user verification done, and the PRF extension or not."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(STEP_TIMEOUT_MS)
    cdp = context.new_cdp_session(page)
    cdp.send("WebAuthn.enable", {"enableUI": False})
    authenticator = cdp.send("WebAuthn.addVirtualAuthenticator", {"options": {
        "protocol": "ctap2", "transport": "internal", "hasResidentKey": True, "hasUserVerification": True,
        "isUserVerified": True, "hasPrf": prf, "automaticPresenceSimulation": True,
    }})["authenticatorId"]
    page.authenticator = (cdp, authenticator)
    return context, page


@pytest.fixture
def passkey_page(browser):
    context, page = _page_with_authenticator(browser, prf=True)
    yield page
    context.close()


@pytest.fixture
def page_without_prf(browser):
    context, page = _page_with_authenticator(browser, prf=False)
    yield page
    context.close()


def organisation_sign_in(page, url: str, subject: str = "pat") -> None:
    page.goto(url)
    page.get_by_role("link", name="Sign in with your organisation").click()
    page.get_by_role("button", name=subject, exact=True).click()


def choose_passphrase(page) -> None:
    page.get_by_label("Passphrase (at least 10 characters)").fill(PASSPHRASE)
    page.get_by_label("Passphrase again").fill(PASSPHRASE)
    page.get_by_role("button", name="Save my passphrase").click()
    save_recovery_code(page)


def sign_out(page) -> None:
    page.get_by_test_id("stSidebar").get_by_role("button", name="Sign out").click()
    page.get_by_text("You have signed out").wait_for()


def follow(page, url: str, link_name: str) -> list[str]:
    """Open the link button's page in this tab (it opens a new tab for a person; the virtual
    authenticator belongs to this one), and check it as a person with a screen reader would
    meet it: no serious accessibility problem. Returns the console errors and failed requests
    from then on, for the caller to check once the ceremony is done."""
    from axe_playwright_python.sync_playwright import Axe

    link = page.get_by_role("link", name=link_name)
    href = link.get_attribute("href")
    assert href.startswith("/passkeys?do="), href
    page.goto(f"{url}{href}")
    page.locator("#passkey button").wait_for()
    troubles: list[str] = []
    watch(page, troubles)
    results = Axe().run(page)
    assert results.response["passes"]
    assert [v["id"] for v in results.response["violations"] if v["impact"] in {"serious", "critical"}] == []
    return troubles


def test_a_passkey_added_after_single_sign_on_opens_private_notes_at_the_next_sign_in(passkey_page, passkey_app):
    page, url = passkey_page, passkey_app
    organisation_sign_in(page, url)
    choose_passphrase(page)

    page.get_by_test_id("stSidebar").get_by_role("link", name="My account").click()
    page.get_by_role("heading", name="Your passkeys").wait_for()
    troubles = follow(page, url, "Add a passkey (opens a new tab)")
    page.get_by_label("A name for this passkey (up to 60 characters)").fill("Work laptop")
    page.get_by_label("Your passphrase (the one that opens your private notes)").fill(PASSPHRASE)
    page.get_by_role("button", name="Add this passkey").click()
    page.get_by_text("Your passkey \u201cWork laptop\u201d is added").wait_for()
    assert troubles == []  # nothing refused by the content security policy, no failed request
    cdp, authenticator = page.authenticator
    assert len(cdp.send("WebAuthn.getCredentials", {"authenticatorId": authenticator})["credentials"]) == 1
    page.get_by_role("link", name="Continue to Reflect").click()
    page.get_by_role("heading", name="Hello").wait_for()
    sign_out(page)

    # The organisation proves who they are; the passkey, in place of the passphrase, opens the notes.
    organisation_sign_in(page, url)
    page.get_by_role("heading", name="Your private notes").wait_for()
    expect(page.get_by_label("Passphrase", exact=True)).to_be_visible()  # the passphrase stays
    troubles = follow(page, url, "Use my passkey (opens a new tab)")
    page.get_by_role("button", name="Use my passkey").click()
    page.get_by_text("Your private notes are open.").wait_for()
    assert troubles == []
    page.get_by_role("link", name="Continue to Reflect").click()
    page.get_by_role("heading", name="Hello").wait_for()

    page.get_by_test_id("stSidebar").get_by_role("link", name="My account").click()
    page.get_by_role("heading", name="Your passkeys").wait_for()
    page.get_by_text("Work laptop").wait_for()
    expect(page.get_by_role("button", name="Remove this passkey")).to_have_count(1)


def test_a_passkey_without_prf_is_refused_kindly_and_nothing_is_added(page_without_prf, passkey_app):
    page, url = page_without_prf, passkey_app
    organisation_sign_in(page, url, "lee")
    choose_passphrase(page)
    page.get_by_test_id("stSidebar").get_by_role("link", name="My account").click()
    page.get_by_role("heading", name="Your passkeys").wait_for()
    follow(page, url, "Add a passkey (opens a new tab)")
    page.get_by_label("Your passphrase (the one that opens your private notes)").fill(PASSPHRASE)
    page.get_by_role("button", name="Add this passkey").click()
    expect(page.get_by_role("status")).to_contain_text("can't give Reflect the key it needs (the PRF extension)")
    expect(page.get_by_role("status")).to_contain_text("Your passphrase still works")
    page.goto(f"{url}/account")
    page.get_by_role("heading", name="Your passkeys").wait_for()
    expect(page.get_by_role("button", name="Remove this passkey")).to_have_count(0)
