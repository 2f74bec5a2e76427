"""The revalidation page: from a reflection to a kept NMC reflective account with its downloads,
the discussion form, and Home's one calm line within 90 days of renewal."""

from datetime import date, timedelta

import pytest

from reflect.services import revalidation, revalidation_discussion
from reflect.services import revalidation_tracker as tracker
from tests import factories
from tests.pages.apptest import open_page, texts, widget
from tests.services.test_revalidation import CHANGED, CODE, LEARNED, PRIVATE_DETAIL, WHAT, a_reflection


@pytest.fixture
def sam(sqlite_rt):
    org = factories.make_organisation()
    team = factories.make_team(org)
    return factories.make_person(org, email="sam@example.org", name="Sam Okafor", teams=(team,))


def test_an_account_from_a_reflection_is_edited_kept_and_offered_as_pdf_and_word(sam):
    a_reflection(sam)
    at = open_page("sam@example.org", "revalidation.py")
    source = widget(at.selectbox, "Start a new account from")
    source.select(source.options[1]).run()  # the reflection, by its date
    widget(at.button, "Start the account").click().run()
    assert not at.exception, at.exception
    assert "Whoever confirms your revalidation will read this account" in texts(at)
    nature = widget(at.text_area, revalidation.forms().account.parts[0].heading)
    assert PRIVATE_DETAIL in nature.value  # prefilled with the person's own words, to edit
    nature.input(WHAT)
    widget(at.text_area, revalidation.forms().account.parts[2].heading).input(CHANGED)
    widget(at.text_area, revalidation.forms().account.parts[3].heading).input(CODE)
    widget(at.checkbox, "Prioritise people").check()
    widget(at.button, "Keep this account").click().run()
    assert "tick the box" in texts(at)  # nothing kept until the person chooses
    assert revalidation.accounts(by=sam) == []
    widget(at.checkbox, "I have read this as whoever reads it for my revalidation or appraisal will, and it carries only what I choose.").check()
    widget(at.button, "Keep this account").click().run()
    assert not at.exception, at.exception
    [kept] = revalidation.accounts(by=sam)
    assert kept.parts == {"nature": WHAT, "learned": LEARNED, "changed": CHANGED, "code": CODE}
    widget(at.button, "Prepare the downloads").click().run()
    assert [d.proto.label for d in at.get("download_button")] == ["Download as PDF", "Download as Word"]


def test_the_discussion_form_has_a_label_on_every_field(sam):
    at = open_page("sam@example.org", "revalidation.py")
    for field in revalidation.forms().discussion.fields:
        widget(at.text_input, field.label).input("Priya Raman" if field.id == "partner_name" else "12A3456E" if field.id == "partner_pin" else "x@example.org" if field.id == "partner_email" else "1 Hospital Road, Leeds LS1 3EX")
    widget(at.button, "Keep the discussion form").click().run()
    assert not at.exception, at.exception
    assert revalidation_discussion.discussions(by=sam)[0].details["partner_pin"] == "12A3456E"


def test_home_says_once_and_calmly_what_is_due_within_90_days(sam):
    tracker.set_plan(body="nmc", renewal_on=date.today() + timedelta(days=120), by=sam)
    at = open_page("sam@example.org", "home.py")
    assert "revalidation is due" not in texts(at)
    tracker.set_plan(body="nmc", renewal_on=date.today() + timedelta(days=45), by=sam)
    at = open_page("sam@example.org", "home.py")
    said = [line for line in texts(at).splitlines() if "revalidation is due" in line]
    assert len(said) == 1 and "Still to record: written reflective accounts" in said[0]
    assert "Open Revalidation" in {link.label for link in at.get("page_link")}


def test_the_cpd_profile_is_written_on_the_page_with_a_label_on_every_box(sam):
    from reflect.services import cpd_profile

    at = open_page("sam@example.org", "revalidation.py")
    form = cpd_profile.form()
    widget(at.text_area, form.summary.heading).input("I am an occupational therapist in a community team")
    widget(at.text_area, form.standards[0].label).input("The workshop changed how I plan goals with people")
    widget(at.text_area, form.evidence.heading).input("Workshop certificate")
    widget(at.button, "Save the profile").click().run()
    assert not at.exception, at.exception
    assert cpd_profile.mine(by=sam).statement["standard_3"] == "The workshop changed how I plan goals with people"
    widget(at.button, "Prepare the profile's downloads").click().run()
    assert "Download the profile as PDF" in [d.proto.label for d in at.get("download_button")]
