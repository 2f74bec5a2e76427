"""At 390 px, from a reflection to a downloaded NMC reflective account: the demo practitioner
starts an account from their reflection, takes a detail out, chooses a theme, keeps it and
downloads the PDF, which reads back with the form's parts and without what they took out."""

import io
import re

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from reflect.questions.regulators import nmc
from reflect.services.demo import DEMO_PASSWORD
from tests.browser.app_server import choose_option, sign_in
from tests.browser.test_daily_use import _context, _open_from_menu

pytestmark = pytest.mark.browser

EDITED = "I mentioned a hobby of mine to a person I support, briefly, then handed the conversation back"
CODE = "It kept the focus on the person and their own ideas for feeling better"


def test_from_a_reflection_to_a_downloaded_nmc_reflective_account_on_a_phone(browser, app_url):
    form = nmc().account
    context, page = _context(browser, 390)
    sign_in(page, app_url, "practitioner@example.org", DEMO_PASSWORD)
    _open_from_menu(page, "Revalidation", 390)
    main = page.get_by_test_id("stMain")

    source = page.get_by_test_id("stSelectbox").filter(has_text="Start a new account from")
    choose_option(page, source, re.compile(r"^Reflection, "), typed="Reflection")
    main.get_by_role("button", name="Start the account").click()
    page.get_by_text("Whoever confirms your revalidation will read this account").wait_for()

    nature = page.get_by_role("textbox", name=form.parts[0].heading, exact=True)
    expect(nature).to_have_value(re.compile("local club"))  # the reflection's own words, to edit
    nature.fill(EDITED)
    page.get_by_role("textbox", name=form.parts[3].heading, exact=True).fill(CODE)
    page.get_by_test_id("stCheckbox").filter(has_text="Prioritise people").locator("label").click()
    page.get_by_test_id("stCheckbox").filter(has_text="it carries only what I choose").locator("label").click()
    main.get_by_role("button", name="Keep this account").click()
    page.get_by_text("Your reflective account is kept.").wait_for()

    page.get_by_text("An event or experience in my practice").first.wait_for()
    main.get_by_role("button", name="Prepare the downloads").first.click()
    with page.expect_download() as made:
        main.get_by_role("button", name="Download as PDF").first.click()
    assert made.value.suggested_filename.endswith(".pdf")
    text = " ".join("\n".join(p.extract_text() for p in PdfReader(io.BytesIO(open(made.value.path(), "rb").read())).pages).split())
    for part in form.parts:
        assert " ".join(part.heading.split()) in text
    for theme in form.themes:
        assert theme.label in text
    assert EDITED in text and CODE in text
    assert "local club" not in text  # what the person took out is not in the regulator's version
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth + 1")  # no sideways scrolling
    context.close()
