"""An admin runs the organisation over time in the real app: deactivate, reset a password,
end a supervision pair, erase an account. Each with its effect seen by the person concerned.

These change chris@, kemi@ and ruth@ and Dee's pair in the browser session's shared demo app:
other browser tests sign in as someone else."""

import pytest

from reflect.services.demo import DEMO_PASSWORD
from tests.browser.app_server import STEP_TIMEOUT_MS, go_to, sign_in

pytestmark = pytest.mark.browser


def _new_page(browser):
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.set_default_timeout(STEP_TIMEOUT_MS)
    return page


def _people_page(page, app_url: str) -> None:
    sign_in(page, app_url, "admin@example.org", DEMO_PASSWORD)
    go_to(page, "People and teams")
    page.get_by_role("heading", name="People and teams").wait_for()


def _choose(page, label: str, typed: str) -> None:
    page.get_by_test_id("stSelectbox").filter(has_text=label).locator("input").click()
    page.keyboard.type(typed)
    page.keyboard.press("Enter")


def _try_sign_in(page, app_url: str, email: str, password: str) -> None:
    page.goto(app_url)
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()


def test_admin_deactivates_one_account_and_erases_another_and_neither_can_sign_in(browser, app_url):
    admin = _new_page(browser)
    _people_page(admin, app_url)
    _choose(admin, "Account", "Chris")
    admin.get_by_text("Supervised by:").wait_for()
    admin.get_by_role("button", name="Deactivate").click()
    admin.get_by_role("button", name="Yes, deactivate").click()
    admin.get_by_text("Account deactivated").wait_for()

    _choose(admin, "Account", "Kemi")
    admin.get_by_test_id("stMarkdownContainer").get_by_text("Kemi Adeyemi", exact=True).wait_for()
    admin.get_by_text("Erase this account").click()
    admin.get_by_label("Type their e-mail address to confirm").fill("kemi@example.org")
    admin.get_by_role("button", name="Erase for good").click()
    admin.get_by_text("Account erased").wait_for()
    assert "kemi@example.org" not in admin.get_by_test_id("stMain").inner_text()

    visitor = _new_page(browser)
    _try_sign_in(visitor, app_url, "chris@example.org", DEMO_PASSWORD)
    visitor.get_by_text("This account isn't active at the moment").wait_for()
    _try_sign_in(visitor, app_url, "kemi@example.org", DEMO_PASSWORD)
    visitor.get_by_text("don't match our records").wait_for()
    assert visitor.get_by_role("heading", name="Hello").count() == 0


def test_admin_resets_a_password_and_ends_a_pair_and_each_takes_effect_at_once(browser, app_url):
    admin = _new_page(browser)
    _people_page(admin, app_url)
    _choose(admin, "Account", "Ruth")
    admin.get_by_text("Supervised by:").wait_for()
    admin.get_by_role("button", name="Reset password").click()
    admin.get_by_role("button", name="Yes, reset the password").click()
    shown = admin.get_by_text("The one-time password is shown once")
    shown.wait_for()
    one_time = shown.inner_text().rsplit(":", 1)[1].strip()
    admin.get_by_role("tab", name="Supervision pairs").click()
    _choose(admin, "Pair to change", "Nia")
    admin.get_by_role("button", name="End this pair now").click()
    admin.get_by_text("Pair ended").wait_for()

    ruth = _new_page(browser)
    _try_sign_in(ruth, app_url, "ruth@example.org", one_time)
    ruth.get_by_role("heading", name="Choose a new password").wait_for()
    # Until they choose their own password, there is no menu to go anywhere else.
    assert ruth.get_by_test_id("stSidebar").get_by_role("link").count() == 0
    assert ruth.get_by_role("button", name="Menu").count() == 0
    ruth.get_by_label("One-time password").fill(one_time)
    ruth.get_by_label("New password (at least 10 characters)").fill("ruth's own new passphrase")
    ruth.get_by_label("New password again").fill("ruth's own new passphrase")
    ruth.get_by_role("button", name="Save my new password").click()
    ruth.get_by_role("heading", name="Hello").wait_for()

    dee = _new_page(browser)
    sign_in(dee, app_url, "dee@example.org", DEMO_PASSWORD)
    go_to(dee, "My supervisees")
    dee.get_by_role("heading", name="My supervisees").wait_for()
    dee.get_by_test_id("stTable").first.wait_for()
    assert "Tomasz Nowak" in dee.get_by_test_id("stMain").inner_text()
    assert "Nia Roberts" not in dee.get_by_test_id("stMain").inner_text()
