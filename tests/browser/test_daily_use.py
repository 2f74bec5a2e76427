"""Daily use at a phone's width (390 px) and a laptop's (1280 px): the sharing profile, the
quick check's taps, and accessibility on every page."""

from __future__ import annotations

import re

import pytest

from reflect.navigation import PAGES
from reflect.services.access import Permission
from reflect.services.demo import DEMO_PASSWORD
from tests.browser.app_server import CHECKOUT, STEP_TIMEOUT_MS, go_to, sign_in

pytestmark = pytest.mark.browser

WIDTHS = (390, 1280)
# A phone's own user agent: Streamlit closes its menu after a page is chosen on a phone.
PHONE_AGENT = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Mobile Safari/537.36"
)


def _context(browser, width: int):
    phone = width < 600
    options = {"user_agent": PHONE_AGENT, "is_mobile": True, "has_touch": True} if phone else {}
    context = browser.new_context(viewport={"width": width, "height": 844 if phone else 900}, **options)
    page = context.new_page()
    page.set_default_timeout(STEP_TIMEOUT_MS)
    return context, page


def _open_from_menu(page, title: str, width: int, heading: str | None = None) -> None:
    """Choose a page from the menu as a person would; on a phone the menu must close by
    itself once the page is chosen."""
    go_to(page, title)
    page.get_by_role("heading", name=heading or title, exact=heading is None).first.wait_for()
    if width < 600:
        page.get_by_test_id("stPopoverBody").wait_for(state="hidden")


def _sideways_overflow(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")


@pytest.mark.parametrize("width", WIDTHS)
def test_profile_is_filled_one_experience_at_a_time_without_sideways_scrolling(browser, app_url, width):
    context, page = _context(browser, width)
    # A different person at each width, so each starts from their own untouched answers.
    sign_in(page, app_url, {390: "nia@example.org", 1280: "tomasz@example.org"}[width], DEMO_PASSWORD)
    _open_from_menu(page, "My sharing profile", width)
    block = page.locator("[class*='st-key-experience-'][class*='-bereavement']").first
    block.scroll_into_view_if_needed()
    for audience, level in ((0, "Not for sharing"), (1, "Share with care"), (2, "Share with care")):
        group = block.get_by_test_id("stButtonGroup").nth(audience)
        group.get_by_role("radio", name=level).click()
        group.get_by_role("radio", name=level, checked=True).wait_for()
        page.wait_for_timeout(300)
    assert _sideways_overflow(page) == 0
    # What was chosen was saved: it is still there after going home and back.
    _open_from_menu(page, "Home", width, heading="Hello")
    _open_from_menu(page, "My sharing profile", width)
    block = page.locator("[class*='st-key-experience-'][class*='-bereavement']").first
    groups = block.get_by_test_id("stButtonGroup")
    assert groups.nth(1).get_by_role("radio", name="Share with care").get_attribute("aria-checked") == "true"
    assert groups.nth(2).get_by_role("radio", name="Share with care").get_attribute("aria-checked") == "true"
    assert _sideways_overflow(page) == 0
    context.close()


def _readme_taps() -> int:
    found = re.search(r"\*\*(\d+) taps\*\* from home to the summary", (CHECKOUT / "README.md").read_text())
    assert found, "the README states the quick check's tap count"
    return int(found.group(1))


@pytest.mark.parametrize("width", WIDTHS)
def test_quick_check_reaches_its_summary_within_nine_taps_from_home(browser, app_url, width):
    context, page = _context(browser, width)
    sign_in(page, app_url, "ben@example.org", DEMO_PASSWORD)
    taps = 0

    def tap(locator) -> None:
        nonlocal taps
        locator.click()
        taps += 1

    tap(page.get_by_role("link", name="Start a quick check"))
    page.get_by_role("heading", name="Quick check", exact=True).wait_for()
    for label in (
        "Someone I support", "To help them: with their recovery, or a colleague with their work",
        "Yes, I think it could help them", "Yes, they've shown they'd welcome it", "Yes, I'm comfortable with it",
        "A line or two", "None of these",
    ):
        tap(page.get_by_test_id("stButtonGroup").get_by_text(label, exact=True))
        page.wait_for_timeout(300)
    tap(page.get_by_role("button", name="See my summary"))
    page.get_by_role("heading", name="You've said why, and nothing gave you pause").wait_for()
    # Long answers wrap inside their buttons instead of being cut off.
    cut = page.evaluate(
        "[...document.querySelectorAll('[data-testid=stButtonGroup] button p')].filter(p => p.scrollWidth > p.clientWidth + 1).length"
    )
    assert taps <= 9
    assert taps == _readme_taps()
    assert cut == 0
    assert _sideways_overflow(page) == 0
    context.close()


def watch(page, troubles: list[str]) -> None:
    """Collect every console error or warning and every response of 400 or more on `page`."""
    page.on("console", lambda message: message.type in ("error", "warning") and troubles.append(f"{message.type}: {message.text}"))
    page.on("pageerror", lambda error: troubles.append(f"script error: {error}"))
    page.on("response", lambda response: response.status >= 400 and troubles.append(f"{response.status}: {response.url}"))
    page.on("requestfailed", lambda request: troubles.append(f"failed: {request.url} {request.failure}"))


HEADINGS = {"Home": "Hello"}
STAFF_TITLES = [spec.title for spec in PAGES if spec.permission is not Permission.ADMINISTER]
ADMIN_TITLES = [spec.title for spec in PAGES if spec.permission is Permission.ADMINISTER]


@pytest.mark.parametrize("width", WIDTHS)
def test_no_serious_or_critical_accessibility_violations_on_any_page(browser, app_url, width):
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import expect

    axe = Axe()
    context, page = _context(browser, width)
    found: dict[str, list[str]] = {}
    troubles: list[str] = []  # console errors and warnings, and failed loads, on any page
    watch(page, troubles)

    def check(where: str) -> None:
        # The page has finished drawing. A locator, not a string predicate: the app's content
        # security policy rightly refuses to evaluate strings as script.
        expect(page.get_by_test_id("stSkeleton")).to_have_count(0, timeout=STEP_TIMEOUT_MS)
        results = axe.run(page)
        assert results.response["passes"], f"axe checked nothing on {where}"  # it ran, under the page's own CSP
        serious = [v["id"] for v in results.response["violations"] if v["impact"] in {"serious", "critical"}]
        if serious:
            found[where] = serious

    page.goto(app_url)
    page.get_by_label("E-mail address").wait_for()
    check("Sign in")
    # The supervisor sees every page a member of staff can; the admin sees the admin page.
    sign_in(page, app_url, "supervisor@example.org", DEMO_PASSWORD)
    check("Home")
    for title in STAFF_TITLES[1:]:
        _open_from_menu(page, title, width, heading=HEADINGS.get(title))
        check(title)
        if title == "Reflect after sharing":  # a refresh loads the page again by its own address
            page.reload()
            page.get_by_role("heading", name=title).first.wait_for()
            expect(page.get_by_test_id("stSkeleton")).to_have_count(0, timeout=STEP_TIMEOUT_MS)
    context.close()
    context, page = _context(browser, width)  # a fresh browser: the supervisor's session cookie stays behind
    watch(page, troubles)
    sign_in(page, app_url, "admin@example.org", DEMO_PASSWORD)
    for title in ADMIN_TITLES:
        _open_from_menu(page, title, width)
        check(title)
    context.close()
    assert found == {}
    assert troubles == [], "\n".join(troubles)
