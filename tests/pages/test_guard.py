"""The identifying-details guard on the pages: reflections refuse, drafts and profiles warn."""

import pytest

from reflect.services import biographies, journeys, register
from tests import factories
from tests.pages.apptest import open_page, texts, widget

NAMED = [
    pytest.param("I told Sarah about my own anxiety, and what helped me.", id="first-name"),
    pytest.param("I told Sarah Jones about my own anxiety, and what helped me.", id="full-name"),
    pytest.param("I told sarah jones about my own anxiety, and what helped me.", id="full-name-lower-case"),
    pytest.param("I told Mr Okafor about my own anxiety, and what helped me.", id="titled-surname"),
]


@pytest.fixture
def people(sqlite_rt):
    org = factories.make_organisation()
    team = factories.make_team(org)
    sam = factories.make_person(org, email="sam@example.org", name="Sam Okafor", teams=(team,))
    return {"sam": sam}


def _warnings(at) -> str:
    return "\n".join(w.value for w in at.warning)


@pytest.mark.parametrize("what", NAMED)
def test_reflection_naming_a_person_is_refused_by_the_form(people, what):
    at = open_page("sam@example.org", "reflection.py")
    widget(at.text_area, "What did you share?").input(what)
    at.run()
    widget(at.radio, "Who did you share it with?").set_value("person_supported")
    at.run()
    assert "could identify someone" in _warnings(at)

    widget(at.button, "Save my reflection").click()
    at.run()

    assert not at.exception, at.exception
    assert "could identify a person" in at.warning[-1].value
    assert journeys.list_mine(by=people["sam"]) == ([], 0)


def test_quick_check_draft_words_with_a_name_warn_and_explain(people):
    at = open_page("sam@example.org", "quick_check.py")
    widget(at.text_area, "If it helps, jot down roughly what you might say. (optional)").input(
        "I might tell Priya that I found winter hard too."
    )
    at.run()

    assert not at.exception, at.exception
    assert "Priya" in _warnings(at)
    assert "A name identifies" in _warnings(at) and "Use a role instead" in _warnings(at)  # why, and what to do


def test_profile_phrasing_field_with_a_school_warns(people):
    profile = journeys.profile(by=people["sam"])
    journeys.save_answer(entry_id=profile.id, question_id="comfort", value={"caring": {"people_supported": "share"}}, by=people["sam"])
    journeys.save_answer(
        entry_id=profile.id, question_id="caring.framing",
        value="My son goes to Oakfield Primary School, so I know the school run.", by=people["sam"],
    )

    at = open_page("sam@example.org", "my_profile.py")

    assert not at.exception, at.exception
    assert "The name of a school" in _warnings(at) and "Oakfield Primary School" in _warnings(at)


def test_biography_with_the_writers_own_first_name_has_no_warning(people):
    biographies.save_draft(by=people["sam"], answers={"professional_background": "I'm Sam, a nurse in the team since 2019."})

    at = open_page("sam@example.org", "biography.py")

    assert not at.exception, at.exception
    assert "Sam" not in _warnings(at)


def test_biography_naming_someone_else_warns_and_explains(people):
    biographies.save_draft(
        by=people["sam"], answers={"why_i_work_here": "My brother Callum was unwell and the team helped him."}
    )

    at = open_page("sam@example.org", "biography.py")

    assert not at.exception, at.exception
    assert "Callum" in _warnings(at) and "Use a role instead" in _warnings(at)


def test_talent_description_with_a_messaging_app_warns(people):
    at = open_page("sam@example.org", "my_talents.py")
    widget(at.text_area, "Describe it in a few words").input("Guitar lessons, just WhatsApp me")
    at.run()

    assert not at.exception, at.exception
    assert "A personal messaging app" in _warnings(at)
    assert register.my_entries(by=people["sam"]) == []
