"""In the real browser: an action written with a Markdown image, a link, HTML, an icon and a
colour code shows as typed on both people's pages, and nothing is fetched or linked."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from reflect import config, runtime
from reflect.services import auth, register, supervision, teams
from tests.browser.app_server import STEP_TIMEOUT_MS, demo_app, go_to, sign_in

ACTION = "Read it again ![x](http://evil.test/pixel.png) [go](http://evil.test/) <b>bold</b> :material/warning: :red[alarm]"
PASSWORD = "demo-only-reflect"
# Bare addresses a browser's Markdown would link by itself, with no Markdown syntax at all.
TEAM = "North (sam@evil.test, www.evil.test)"


@pytest.fixture(scope="module")
def hostile_app(tmp_path_factory) -> Iterator[str]:
    data_dir = tmp_path_factory.mktemp("inert-data")
    with demo_app(data_dir) as url:
        runtime.start(config.load({"REFLECT_DATA_DIR": str(data_dir)}))
        try:
            priya = auth.sign_in(email="supervisor@example.org", password=PASSWORD).actor
            pair = next(p for p in supervision.my_supervisees(by=priya) if p.supervisee_name == "Sam Okafor")
            supervision.add_action(pair_id=pair.id, text=ACTION, owner_id=pair.supervisee_id, by=priya)
            sam = auth.sign_in(email="practitioner@example.org", password=PASSWORD).actor
            admin = auth.sign_in(email="admin@example.org", password=PASSWORD).actor
            teams.rename(team_id=register.my_teams(by=sam)[0].id, name=TEAM, by=admin)
        finally:
            runtime.stop()
        yield url


@pytest.mark.parametrize(("email", "menu"), [("supervisor@example.org", "My supervisees"), ("practitioner@example.org", "My supervision")])
def test_a_hostile_action_shows_as_typed_and_loads_nothing(browser, hostile_app, email, menu):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(STEP_TIMEOUT_MS)
    fetched = []
    page.on("request", lambda request: fetched.append(request.url) if "evil.test" in request.url else None)
    try:
        sign_in(page, hostile_app, email, PASSWORD)
        go_to(page, menu)
        choose = page.get_by_test_id("stSelectbox").filter(has_text="Supervisee")
        if email.startswith("supervisor"):
            choose.locator("input").click()
            page.keyboard.type("Sam")
            page.keyboard.press("Enter")
            page.get_by_text("Sam Okafor chose to share").wait_for()
        page.get_by_role("tab", name="Actions").click()
        shown = page.get_by_test_id("stMain").get_by_text("Read it again", exact=False)
        shown.first.wait_for()
        text = shown.first.inner_text().replace("\u2060", "")
        for typed in ("![x](http://evil.test/pixel.png)", "[go](http://evil.test/)", "<b>bold</b>", ":material/warning:", ":red[alarm]"):
            assert typed in text, (typed, text)
        main = page.get_by_test_id("stMain")
        assert main.locator("img[src*='evil.test']").count() == 0
        assert main.locator("a[href*='evil.test']").count() == 0
        assert fetched == []
    finally:
        context.close()


def test_a_bare_e_mail_or_web_address_in_a_team_name_shows_as_typed_and_links_nowhere(browser, hostile_app):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(STEP_TIMEOUT_MS)
    try:
        sign_in(page, hostile_app, "practitioner@example.org", PASSWORD)
        go_to(page, "Team register")
        main = page.get_by_test_id("stMain")
        shown = main.get_by_test_id("stRadio").get_by_text("evil", exact=False).first
        shown.wait_for()
        assert shown.inner_text().replace("\u2060", "") == f"{TEAM} only"
        assert main.locator("a[href*='evil.test']").count() == 0
        assert main.locator("a[href^='mailto:']").count() == 0
    finally:
        context.close()
