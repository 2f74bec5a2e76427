"""Key journeys in the real app, in headless Chromium."""

import pytest

from reflect.services.demo import DEMO_PASSWORD
from reflect.navigation import PAGES
from tests.browser.conftest import sign_in
from tests.pages.test_navigation import STAFF_PAGES

pytestmark = pytest.mark.browser



def _in_menu_order(titles: set[str]) -> list[str]:
    return ["Home", *sorted(titles - {"Home"}, key=[p.title for p in PAGES].index)]


STAFF_MENU = _in_menu_order(STAFF_PAGES)

MENU = {
    "practitioner@example.org": STAFF_MENU,
    "supervisor@example.org": _in_menu_order(STAFF_PAGES | {"My supervisees"}),
    "lead@example.org": STAFF_MENU,
    "admin@example.org": ["Home", "My account", "My data", "People and teams", "Audit trail"],
}


def _menu(page) -> list[str]:
    nav = page.get_by_test_id("stSidebarNav")
    nav.wait_for()
    # A long menu shows its first items and a "View N more" button.
    if nav.get_by_test_id("stSidebarNavViewButton").count():
        nav.get_by_test_id("stSidebarNavViewButton").click()
        nav.get_by_text("View less").wait_for()
    # Each link reads "<icon name>\n\n<title>": the icon is a ligature in a symbol font.
    return [text.strip().splitlines()[-1] for text in nav.get_by_role("link").all_inner_texts()]


@pytest.mark.parametrize("email", sorted(MENU))
def test_signing_in_as_each_demo_role_shows_its_pages_and_no_others(page, app_url, email):
    sign_in(page, app_url, email, DEMO_PASSWORD)
    assert _menu(page) == MENU[email]


def test_sign_in_page_fits_a_phone_without_sideways_scrolling(phone, app_url):
    phone.goto(app_url)
    phone.get_by_label("E-mail address").wait_for()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360


def test_sign_in_works_with_the_keyboard_alone(page, app_url):
    page.goto(app_url)
    page.get_by_label("E-mail address").focus()
    page.keyboard.type("practitioner@example.org")
    page.keyboard.press("Tab")
    page.keyboard.type(DEMO_PASSWORD)
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="Hello").wait_for()


@pytest.mark.parametrize("where", ["sign-in", "home"])
def test_no_serious_accessibility_violations(page, app_url, where):
    from axe_playwright_python.sync_playwright import Axe

    if where == "home":
        sign_in(page, app_url, "admin@example.org", DEMO_PASSWORD)
    else:
        page.goto(app_url)
        page.get_by_label("E-mail address").wait_for()
    results = Axe().run(page)
    serious = [v["id"] for v in results.response["violations"] if v["impact"] in {"serious", "critical"}]
    assert serious == [], results.generate_report()


def test_quick_check_fits_a_390px_phone_and_finishes_in_eight_taps(browser, app_url):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    phone = context.new_page()
    phone.set_default_timeout(20_000)
    sign_in(phone, app_url, "ben@example.org", DEMO_PASSWORD)
    phone.get_by_test_id("stExpandSidebarButton").click()
    phone.get_by_test_id("stSidebarNav").get_by_role("link", name="Quick check").click()
    phone.get_by_test_id("stSidebarCollapseButton").click()
    phone.get_by_role("heading", name="Quick check").wait_for()
    taps = ["Someone I support", "To help them: with their recovery, or a colleague with their work",
            "Yes, I think it could help them", "Yes, they've shown they'd welcome it", "Yes, I'm comfortable with it",
            "A line or two", "None of these"]
    for label in taps:
        phone.get_by_text(label, exact=True).click()
        phone.wait_for_timeout(400)
    phone.get_by_role("button", name="See my summary").click()
    phone.get_by_role("heading", name="You've said why, and nothing gave you pause").wait_for()
    assert len(taps) + 1 <= 8
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    context.close()

