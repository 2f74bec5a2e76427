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
