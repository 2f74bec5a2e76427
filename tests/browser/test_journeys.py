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
    "admin@example.org": ["Home", "My account", "My data", "People and teams", "Places to turn", "Audit trail"],
}


def _menu(page) -> list[str]:
    nav = page.get_by_test_id("stSidebar")
    nav.get_by_role("link").first.wait_for()
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
