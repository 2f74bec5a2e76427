"""Supervision in the real app: the supervisor opens what was shared, and the supervisee
sees that opening straight away."""

import pytest

from reflect.services.demo import DEMO_PASSWORD
from tests.browser.app_server import STEP_TIMEOUT_MS, go_to, open_first_shared_item
from tests.browser.conftest import sign_in

pytestmark = pytest.mark.browser


def _go(page, title: str) -> None:
    go_to(page, title)
    page.get_by_role("heading", name=title).first.wait_for()


def test_an_opening_by_the_supervisor_is_shown_to_the_supervisee(browser, app_url):
    supervisor = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    supervisor.set_default_timeout(STEP_TIMEOUT_MS)
    sign_in(supervisor, app_url, "supervisor@example.org", DEMO_PASSWORD)
    _go(supervisor, "My supervisees")
    open_first_shared_item(supervisor, "Sam Okafor")
    assert supervisor.get_by_text("Sharing with: My supervisor or manager").count() >= 1

    supervisee = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    supervisee.set_default_timeout(STEP_TIMEOUT_MS)
    sign_in(supervisee, app_url, "practitioner@example.org", DEMO_PASSWORD)
    _go(supervisee, "My supervision")
    openings = supervisee.get_by_test_id("stTable")
    openings.wait_for()
    assert "Priya Shah" in openings.inner_text()


def test_my_supervision_has_no_serious_accessibility_violations(page, app_url):
    from axe_playwright_python.sync_playwright import Axe

    sign_in(page, app_url, "practitioner@example.org", DEMO_PASSWORD)
    _go(page, "My supervision")
    page.get_by_role("heading", name="Who has opened what").wait_for()
    results = Axe().run(page)
    serious = [v["id"] for v in results.response["violations"] if v["impact"] in {"serious", "critical"}]
    assert serious == [], results.generate_report()


def _day(value) -> str:
    return f"{value.day} {value:%b %Y}"


def test_notes_after_recording_a_session_go_to_it_and_leave_the_confirmed_one_as_it_was(page, app_url):
    from datetime import date

    from playwright.sync_api import expect

    from tests.browser.app_server import choose_supervisee

    sign_in(page, app_url, "supervisor@example.org", DEMO_PASSWORD)
    _go(page, "My supervisees")
    choose_supervisee(page, "Sam Okafor")
    page.get_by_role("tab", name="Sessions").click()
    main = page.get_by_test_id("stMain")
    earlier = main.get_by_test_id("stExpander").filter(has_text="· confirmed").first
    earlier.wait_for()
    confirmed_text = _settled_text(page, earlier)
    assert "Sam Okafor confirmed this record" in confirmed_text

    main.get_by_role("button", name="Record this session").click()
    page.get_by_text("Session recorded. Add your notes below").wait_for()
    chooser = main.get_by_test_id("stSelectbox").filter(has_text="Add or change my notes for")
    expect(chooser.locator("input")).to_have_value(f"Session on {_day(date.today())}")

    box = main.get_by_label("What have you learned about sharing, about the people you work with, or about yourself? (optional)")
    box.fill("Sam kept the disclosure brief and checked in with Priya Shah afterwards.")
    box.press("Tab")
    page.get_by_text("Saved as you go", exact=False).first.wait_for()
    main.get_by_text("Sam kept the disclosure brief").first.wait_for(state="attached")
    assert main.get_by_text("could identify", exact=False).count() == 0

    box.fill("Sam talked it over with Tomasz Nowak from the crisis team.")
    box.press("Tab")
    main.get_by_text("This note wasn't saved, because it could identify a person").wait_for()

    page.reload()
    page.get_by_role("heading", name="My supervisees").wait_for()
    choose_supervisee(page, "Sam Okafor")
    page.get_by_role("tab", name="Sessions").click()
    records = main.get_by_test_id("stExpander")
    newest = records.filter(has_text=f"Session on {_day(date.today())}").first
    newest.wait_for()
    assert "Sam kept the disclosure brief and checked in with Priya Shah afterwards." in newest.inner_text()
    assert "Tomasz" not in newest.inner_text()
    before = records.filter(has_text="Session on").filter(has_text="· confirmed").first
    before.locator("summary").click()
    expect(before).to_contain_text(confirmed_text.rsplit("\n", 1)[1])  # opened to its last line
    assert _settled_text(page, before) == confirmed_text  # the earlier record reads as Sam confirmed it


def _settled_text(page, locator) -> str:
    """The locator's text once the page has stopped drawing it (two reads a moment apart agree)."""
    text = locator.inner_text()
    for _ in range(40):
        page.wait_for_timeout(250)
        again = locator.inner_text()
        if again == text:
            return text
        text = again
    return text
