"""Sessions in the real app: a refresh keeps you signed in where you were, the session cookie
is out of page scripts' reach, every response carries the security headers, an ended session
saves nothing, and an unexpected error leaves only its number and type in the server log."""

import re
import sqlite3
import subprocess
import urllib.request

import pytest

from reflect.services.demo import DEMO_PASSWORD
from tests.browser.app_server import BIN, STEP_TIMEOUT_MS, go_to, save_recovery_code
from tests.browser.conftest import sign_in

pytestmark = pytest.mark.browser

TYPED = "I told them I had been through something similar"


def _sign_in_at(page, url: str, path: str, email: str, password: str = DEMO_PASSWORD) -> None:
    """Ask for a page while signed out, sign in on the form it leads to, and land there."""
    page.goto(f"{url}{path}")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{url}{path}")


def _first_answer_box(page):
    box = page.get_by_test_id("stMain").locator("textarea").first
    box.wait_for()
    return box


@pytest.mark.parametrize(("width", "email"), [(390, "nia@example.org"), (1280, "tomasz@example.org")], ids=["390px", "1280px"])
def test_a_refresh_keeps_me_signed_in_on_the_same_page_with_unsaved_text_and_no_cookie_for_scripts(browser, app_url, width, email):
    phone = width < 600
    context = browser.new_context(viewport={"width": width, "height": 844 if phone else 900}, is_mobile=phone, has_touch=phone)
    page = context.new_page()
    page.set_default_timeout(STEP_TIMEOUT_MS)
    person = f"{email}-{width}"
    _sign_in_at(page, app_url, "/reflection", email)
    page.get_by_role("heading", name="Reflect after sharing").wait_for()
    box = _first_answer_box(page)
    box.click()
    box.press_sequentially(f"{TYPED} ({person})")
    # Another tab of the same browser shows what the server holds: wait until it has the
    # text, without ever leaving the box in this tab.
    other = page.context.new_page()
    for _ in range(40):
        other.goto(f"{app_url}/reflection")
        if _first_answer_box(other).input_value() == f"{TYPED} ({person})":
            break
    other.close()
    assert box.evaluate("element => element === document.activeElement")
    page.reload()
    page.get_by_role("heading", name="Reflect after sharing").wait_for()
    assert page.url == f"{app_url}/reflection"
    assert _first_answer_box(page).input_value() == f"{TYPED} ({person})"
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    # The session cookie is there, but out of reach of the page's scripts.
    session_cookie = next(c for c in context.cookies() if c["name"] == "reflect_session")
    assert session_cookie["httpOnly"] and session_cookie["sameSite"] == "Strict"
    assert "reflect_session" not in page.evaluate("document.cookie")
    context.close()


def test_signing_out_ends_the_session_and_a_refresh_then_asks_to_sign_in(page, app_url):
    sign_in(page, app_url, "dee@example.org", DEMO_PASSWORD)
    page.get_by_test_id("stSidebar").get_by_role("button", name="Sign out").click()
    page.get_by_text("You have signed out").wait_for()
    page.goto(f"{app_url}/my-reflections")
    page.get_by_label("E-mail address").wait_for()
    assert page.url.endswith("/signin?next=/my-reflections")


@pytest.mark.parametrize("path", ["/", "/signin", "/_stcore/health", "/static/does-not-exist.js"])
def test_every_response_of_the_real_app_carries_the_security_headers(app_url, path):
    request = urllib.request.Request(f"{app_url}{path}", headers={"Accept": "text/html"})
    try:
        response = urllib.request.urlopen(request)
    except urllib.error.HTTPError as error:  # a 404 carries them too
        response = error
    headers = response.headers
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "no-referrer"
    assert "geolocation=()" in headers["Permissions-Policy"]
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert headers["Strict-Transport-Security"] is None  # plain HTTP on loopback: no HSTS


def test_the_content_security_policy_lets_every_page_of_the_app_work(page, app_url):
    # Only a page icon that Streamlit would fetch from Google as a favicon may be refused.
    refused = []
    page.on(
        "console",
        lambda message: "Content Security Policy" in message.text and "fonts.gstatic.com" not in message.text and refused.append(message.text),
    )
    sign_in(page, app_url, "lead@example.org", DEMO_PASSWORD)
    for title in ["Quick check", "My reflections", "Team register"]:
        go_to(page, title)
        page.get_by_role("heading", name=title).first.wait_for()
    assert refused == []


def test_nothing_is_saved_once_the_session_has_ended_and_the_text_stays(browser, app_url):
    here = browser.new_context(viewport={"width": 1280, "height": 900})
    page = here.new_page()
    page.set_default_timeout(STEP_TIMEOUT_MS)
    _sign_in_at(page, app_url, "/reflection", "jordan@example.org")
    box = _first_answer_box(page)
    # Signing out everywhere from another browser ends this session too.
    elsewhere = browser.new_context(viewport={"width": 1280, "height": 900})
    other = elsewhere.new_page()
    other.set_default_timeout(STEP_TIMEOUT_MS)
    _sign_in_at(other, app_url, "/account", "jordan@example.org")
    other.get_by_role("button", name="Sign out everywhere").click()
    other.get_by_text("Please sign in").first.wait_for()
    elsewhere.close()
    box.fill("typed after the session ended")
    page.keyboard.press("Tab")
    page.get_by_text("Your session has ended").first.wait_for()
    # The form reran on its own, found the session over and read nothing more: it says so.
    page.get_by_text("nothing more is saved from this page").wait_for()
    assert _first_answer_box(page).input_value() == "typed after the session ended"
    check = browser.new_context()
    fresh = check.new_page()
    fresh.set_default_timeout(STEP_TIMEOUT_MS)
    _sign_in_at(fresh, app_url, "/reflection", "jordan@example.org")
    assert _first_answer_box(fresh).input_value() != "typed after the session ended"
    check.close()
    here.close()


def test_an_unexpected_error_shows_a_number_and_the_log_holds_only_it_and_the_type(page, app_url, app_data_dir):
    mark = "MARKED-private-words-7c1e"
    added = subprocess.run(
        [str(BIN / "reflect"), "user", "add", "--name", "Errol Test", "--email", "errol@example.org", "--roles", "practitioner"],
        env={"REFLECT_DATA_DIR": str(app_data_dir), "PATH": "/usr/bin:/bin"}, capture_output=True, text=True, check=True,
    )
    password = re.search(r"Generated password[^:]*: (\S+)", added.stdout).group(1)
    page.goto(app_url)
    page.get_by_label("E-mail address").fill("errol@example.org")
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()
    save_recovery_code(page)  # a new account's first sign-in
    # A stored value the app cannot read makes the next page raise an error whose message
    # holds the marked words.
    errol = "UPDATE person_roles SET role = ? WHERE person_id = (SELECT id FROM people WHERE email = 'errol@example.org')"
    with sqlite3.connect(app_data_dir / "reflect.db") as db:
        db.execute(errol, (mark,))
    try:
        go_to(page, "My reflections")
        message = page.get_by_text("tell your admin the error number")
        message.wait_for()
        number = re.search(r"error number (\d+)", message.inner_text()).group(1)
        assert mark not in page.content()
        page.goto(f"{app_url}/my-reflections")  # the same error outside the script: the web layer's page
        page.get_by_text("Something went wrong").first.wait_for()
    finally:  # the server is shared with later tests: an admin's list of people reads every role
        with sqlite3.connect(app_data_dir / "reflect.db") as db:
            db.execute(errol, ("practitioner",))
    log = (app_data_dir / "server.log").read_text()
    assert f"number={number} type=LookupError" in log
    assert mark not in log
