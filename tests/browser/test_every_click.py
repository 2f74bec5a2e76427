"""Every click does what it says, where the person is looking: at a phone's width (390 px)
where the fault was on a phone. The sharing profile says "saved" beside its button; a
reflection that follows a quick check doesn't ask again; the register's downloads both stay
after one is taken; the phone's menu and the register's tabs are whole; an admin is asked
before an account change that ends someone's sessions."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from reflect.services.demo import DEMO_PASSWORD
from tests.browser.app_server import choose_option, go_to, sign_in
from tests.browser.test_daily_use import _context, _open_from_menu, watch

pytestmark = pytest.mark.browser


def _in_view(page, locator, settle_ms: int = 5000) -> bool:
    """Whether the element is, or within `settle_ms` comes to be, wholly in the viewport (a busy
    machine may still be laying out the rerun's page when the element first appears)."""
    for _ in range(max(1, settle_ms // 100)):
        box = locator.bounding_box()
        if box is not None and 0 <= box["y"] and box["y"] + box["height"] <= page.viewport_size["height"]:
            return True
        page.wait_for_timeout(100)
    return False


def _where_it_stopped(page, locator) -> None:
    """Wait until the element has stopped moving (two reads a moment apart agree): a person taps
    what they see, not a button still being pushed down the page by the form drawing above it.
    On a phone the profile's form goes on growing for a moment after its button first appears
    (the button was read 4,700 px higher than where it came to rest), and a tap then lands on a
    button that moves on, taking its confirmation out of view with it."""
    box = locator.bounding_box()
    for _ in range(40):
        page.wait_for_timeout(250)
        again = locator.bounding_box()
        if again == box:
            return
        box = again


def _geometry(page, *locators) -> str:
    scroll = page.get_by_test_id("stMain").evaluate("main => main.scrollTop")
    return f"scrollTop {scroll}, boxes {[locator.bounding_box() for locator in locators]}"


def test_saving_the_profile_says_so_beside_the_button_and_a_reflection_after_a_check_asks_nothing_twice(browser, app_url):
    context, page = _context(browser, 390)
    sign_in(page, app_url, "dee@example.org", DEMO_PASSWORD)
    _open_from_menu(page, "My sharing profile", 390)
    button = page.get_by_role("button", name="Save this version")
    button.scroll_into_view_if_needed()
    _where_it_stopped(page, button)
    button.click()
    saved = page.get_by_text("Saved this version.")
    saved.wait_for()
    # Where the person is looking, beside the button, not at the top of the page.
    assert _in_view(page, saved), _geometry(page, button, saved)

    _open_from_menu(page, "Home", 390, heading="Hello")
    page.get_by_role("link", name="Start a quick check").click()
    page.get_by_role("heading", name="Quick check", exact=True).wait_for()
    for label in (
        "A colleague", "To help them: with their recovery, or a colleague with their work",
        "Yes, I think it could help them", "Yes, they've shown they'd welcome it", "Yes, I'm comfortable with it",
        "An interest, hobby or skill", "A line or two", "None of these",
    ):
        page.get_by_test_id("stButtonGroup").get_by_text(label, exact=True).click()
        page.wait_for_timeout(300)
    page.get_by_role("button", name="See my summary").click()
    page.get_by_role("button", name="Reflect on it afterwards").click()
    page.get_by_role("heading", name="Reflect after sharing").first.wait_for()
    main = page.get_by_test_id("stMain")
    expect(main.get_by_role("radiogroup", name="Who did you share it with?").get_by_role("radio", name="A colleague")).to_be_checked()
    expect(main.get_by_role("radiogroup", name="What kind of experience was it?").get_by_role("radio", name="An interest, hobby or skill")).to_be_checked()
    box = main.get_by_role("textbox", name="What did you share?")
    box.fill("That I run a Saturday allotment club")
    box.press("Tab")
    page.wait_for_timeout(500)
    page.get_by_role("button", name="Save my reflection").click()
    page.get_by_text("Your reflection is saved").wait_for()
    assert main.get_by_text("still need").count() == 0
    context.close()


def test_on_a_phone_the_whole_menu_shows_the_register_tabs_read_in_full_and_both_downloads_stay(browser, app_url):
    context, page = _context(browser, 390)
    troubles: list[str] = []
    watch(page, troubles)
    sign_in(page, app_url, "lead@example.org", DEMO_PASSWORD)
    page.get_by_test_id("stMain").get_by_role("button", name="Menu").click()
    menu = page.get_by_test_id("stPopoverBody")
    sign_out = menu.get_by_role("button", name="Sign out")
    sign_out.wait_for()
    assert menu.evaluate("e => e.scrollHeight <= e.clientHeight + 1")  # no unseen scroll
    for name in ("My account", "My data"):
        assert _in_view(page, menu.get_by_role("link", name=name, exact=True))
    assert _in_view(page, sign_out)

    menu.get_by_role("link", name="Team register", exact=True).click()
    page.get_by_role("heading", name="Team register").wait_for()
    tabs = page.get_by_role("tablist").first
    assert tabs.evaluate("e => e.scrollWidth <= e.clientWidth + 1")  # no tab behind a sideways scroll
    lead_tools = page.get_by_role("tab", name="Lead tools")
    assert lead_tools.inner_text().strip() == "Lead tools"
    assert lead_tools.evaluate("e => e.scrollWidth <= e.clientWidth + 1")
    page.get_by_role("tab", name="Team figures").click()  # its charts draw without a warning
    page.get_by_test_id("stVegaLiteChart").first.wait_for()
    page.wait_for_timeout(1000)
    page.get_by_role("tab", name="Search").click()

    page.get_by_role("button", name="Prepare a download of these results").click()
    csv, xlsx = page.get_by_role("button", name="Download CSV"), page.get_by_role("button", name="Download Excel (XLSX)")
    with page.expect_download() as first:
        csv.click()
    assert first.value.suggested_filename == "talents-register.csv"
    xlsx.wait_for()
    with page.expect_download() as second:
        xlsx.click()
    assert second.value.suggested_filename == "talents-register.xlsx"
    expect(csv).to_be_visible()
    assert troubles == [], "\n".join(troubles)
    context.close()


def test_an_admin_is_asked_before_deactivating_or_resetting_and_a_double_click_on_archive_is_calm(browser, app_url):
    context, page = _context(browser, 1280)
    sign_in(page, app_url, "admin@example.org", DEMO_PASSWORD)
    go_to(page, "People and teams")
    page.get_by_role("heading", name="People and teams").wait_for()
    account = page.get_by_test_id("stSelectbox").filter(has_text="Account")
    account.locator("input").click()
    page.keyboard.type("Jordan")
    page.keyboard.press("Enter")
    page.get_by_text("Supervised by:").wait_for()
    main = page.get_by_test_id("stMain")

    main.get_by_role("button", name="Deactivate").click()
    page.get_by_text("Deactivate Jordan Evans?").wait_for()
    assert main.get_by_text("Account deactivated").count() == 0
    page.get_by_role("button", name="No, leave it").click()
    expect(page.get_by_text("Deactivate Jordan Evans?")).to_have_count(0)
    main.get_by_role("button", name="Reset password").click()
    page.get_by_text("Reset Jordan Evans's password?").wait_for()
    page.get_by_role("button", name="No, leave it").click()
    expect(page.get_by_text("Reset Jordan Evans's password?")).to_have_count(0)
    assert main.get_by_text("one-time password").count() == 0

    page.get_by_role("tab", name="Teams").click()
    page.get_by_label("New team name").fill("Home treatment")
    page.get_by_role("button", name="Add team").click()
    page.get_by_text("Team added.").wait_for()
    chooser = page.get_by_test_id("stSelectbox").filter(has_text="Team to change")
    choose_option(page, chooser, "Home treatment", typed="Home")
    page.get_by_role("button", name="Archive team").dblclick()
    page.get_by_text("Team archived.").or_(page.get_by_text("archived already")).first.wait_for()
    assert page.get_by_text("Sorry, something went wrong").count() == 0
    context.close()


# Cells (or card lines) whose words are wider than the space they are given: cut off, or
# drawn over the next column.
_SPILLING = """scope => [...document.querySelectorAll(scope + ' td, ' + scope + ' th, ' + scope + ' p')]
    .filter(e => e.offsetParent !== null && e.scrollWidth > e.clientWidth + 1).map(e => e.textContent)"""


@pytest.mark.parametrize("width", [1280, 390])
def test_the_register_reads_as_typed_with_every_column_whole(browser, app_url, width):
    context, page = _context(browser, width)
    sign_in(page, app_url, "lead@example.org", DEMO_PASSWORD)
    _open_from_menu(page, "Team register", width)
    results = page.locator(".st-key-register-table" if width > 600 else ".st-key-register-cards")
    results.get_by_text("Polish (Conversational)").first.wait_for()
    expect(results.get_by_text("Family, friends and carers lead: family work training")).to_be_visible()
    assert "\\" not in results.inner_text()
    assert page.evaluate(_SPILLING, ".st-key-register-table" if width > 600 else ".st-key-register-cards") == []

    page.get_by_role("tab", name="Team figures").click()
    lead_roles = page.locator(".st-key-lead-roles-table")
    expect(lead_roles.get_by_text("Family, friends and carers lead: family work training")).to_be_visible()
    expect(lead_roles.get_by_text("Offer it to people using the service; Support colleagues with it")).to_be_visible()
    assert "\\" not in lead_roles.inner_text()
    assert page.evaluate(_SPILLING, ".st-key-lead-roles-table") == []
    context.close()


def test_an_import_error_shows_the_e_mail_address_as_text_never_as_a_link(browser, app_url, tmp_path):
    from reflect.services.register import EXPORT_COLUMNS

    csv = tmp_path / "register.csv"
    csv.write_text(",".join(EXPORT_COLUMNS) + "\nstranger@example.net,,,Skills,Juggling,My team,,,,\n", encoding="utf-8")
    context, page = _context(browser, 1280)
    sign_in(page, app_url, "lead@example.org", DEMO_PASSWORD)
    _open_from_menu(page, "Team register", 1280)
    page.get_by_role("tab", name="Lead tools").click()
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(csv)
    page.get_by_role("button", name="Check and import").click()
    page.get_by_text("Nothing was imported.").wait_for()
    page.get_by_text("stranger@example.net", exact=False).first.wait_for(state="attached")
    assert page.locator("a[href*='stranger']").count() == 0
    assert page.get_by_role("link", name="stranger@example.net").count() == 0
    # The reason, whole, in a table of plain text.
    errors = page.get_by_test_id("stDataFrame")
    expect(errors.get_by_text("stranger@example.net isn't the e-mail address of a member of this team.")).to_be_attached()
    context.close()


def test_on_a_phone_the_menu_opens_by_keyboard_and_its_links_take_focus_and_enter(browser, app_url):
    # The phone's menu draws its links when it is opened (the sidebar's are drawn on every
    # rerun): Enter on the button opens it with every link, each link takes the keyboard's
    # focus, Enter on one opens its page, and the menu is closed once it has.
    context, page = _context(browser, 390)
    sign_in(page, app_url, "ben@example.org", DEMO_PASSWORD)
    page.get_by_test_id("stMain").get_by_role("button", name="Menu").focus()
    page.keyboard.press("Enter")
    menu = page.get_by_test_id("stPopoverBody")
    menu.get_by_role("button", name="Sign out").wait_for()
    menu.get_by_role("link").nth(13).wait_for()  # the links may be drawn just after the button
    assert len(menu.get_by_role("link").all()) == 14  # a practitioner's pages, as in the sidebar
    link = menu.get_by_role("link", name="My reflections", exact=True)
    link.focus()
    assert link.evaluate("(e) => e === document.activeElement")
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="My reflections").first.wait_for()
    menu.wait_for(state="hidden")
    context.close()
