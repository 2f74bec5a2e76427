"""The quick check and the reflection read the situation: the person's role, a check started
from the sharing profile, the short path for an everyday remark, and the organisation's places
to turn, shown in the three moments and nowhere when none are set."""

from __future__ import annotations

import pytest

from reflect.models import Role, Stage
from reflect.services import journeys, places_to_turn, practice_roles
from tests import factories
from reflect.ui.safe import WORD_JOINER
from tests.pages.apptest import open_page, texts, widget

PEER_QUESTION = "Would you be sharing this as a peer: learning together, neither of you the expert? (optional)"
NURSE_QUESTION = "How does this sit alongside what your professional knowledge offers them? (optional)"
RISK_LIST = "Pause for a moment. Could any of these be true?"
SUPPORT_TAPS = {
    "Who are you thinking of sharing with?": "supervisor_manager",
    "What is it for?": "support_for_me",
    "What kind of thing is it? (optional)": "current_difficulty",
    "Is it OK with you to share this, today?": "yes",
}


@pytest.fixture
def org(sqlite_rt):
    org = factories.make_organisation()
    team = factories.make_team(org)
    people = {
        name: factories.make_person(org, email=f"{name}@example.org", name=name.title(), teams=(team,))
        for name in ("pat", "nia", "sam")
    }
    practice_roles.set_mine(by=people["pat"], role="peer_worker")
    practice_roles.set_mine(by=people["nia"], role="professional", profession="nurse")
    admin = factories.make_person(org, roles=(Role.ADMIN,), email="admin@example.org")
    return people | {"admin": admin}


def tap(at, label: str, option) -> None:
    widget(at.pills, label).select(option) if isinstance(option, str) else widget(at.pills, label).set_value(option)
    at.run()
    assert not at.exception, at.exception


def plain(at) -> str:
    """The page's words as a person reads them (without Markdown's escapes)."""
    return texts(at).replace("\\", "").replace(WORD_JOINER, "")


def pill_labels(at) -> set[str]:
    return {p.label for p in at.pills}


def _set_places(admin) -> None:
    places_to_turn.save(by=admin, kind="employee_assistance", name="Staff support line", how_to_reach="Call 0800 123 456, 24 hours")
    places_to_turn.save(by=admin, kind="urgent_help", name="Crisis team", how_to_reach="Call 111, option 2")


def _support_summary(email: str):
    at = open_page(email, "quick_check.py")
    for label, option in SUPPORT_TAPS.items():
        tap(at, label, option)
    widget(at.button, "See my summary").click()
    at.run()
    assert not at.exception, at.exception
    return at


def test_a_peer_worker_and_a_nurse_see_the_questions_for_their_role(org):
    shown = {}
    for email in ("pat@example.org", "nia@example.org"):
        at = open_page(email, "quick_check.py")
        tap(at, "Who are you thinking of sharing with?", "person_supported")
        shown[email] = pill_labels(at)

    assert PEER_QUESTION in shown["pat@example.org"] and NURSE_QUESTION not in shown["pat@example.org"]
    assert NURSE_QUESTION in shown["nia@example.org"] and PEER_QUESTION not in shown["nia@example.org"]


def test_early_days_is_no_pause_for_a_peer_worker_but_is_for_a_nurse(org):
    summaries = {}
    for email in ("pat@example.org", "nia@example.org"):
        at = open_page(email, "quick_check.py")
        for label, option in {
            "Who are you thinking of sharing with?": "person_supported",
            "What is it for?": "rapport",
            "Could sharing this help them, right now?": "yes",
            "Have they shown they would welcome you sharing something of yourself?": "welcome",
            "Is it OK with you to share this, today?": "yes",
            "What's true about the timing? Tick any that fit. (optional)": ["early_days"],
            "How much would you say?": "a_line",
            RISK_LIST: ["none"],
        }.items():
            tap(at, label, option)
        widget(at.button, "See my summary").click()
        at.run()
        summaries[email] = plain(at)

    assert "You've said why, and nothing gave you pause" in summaries["pat@example.org"]
    assert "often how peer support begins" in summaries["pat@example.org"]
    assert "You ticked some things to think over" in summaries["nia@example.org"]
    assert "It's early days between us" in summaries["nia@example.org"]


def test_a_check_from_a_profile_row_not_for_sharing_with_that_audience_says_so(org):
    nia = org["nia"]
    profile = journeys.profile(by=nia)
    journeys.save_answer(
        entry_id=profile.id, question_id="comfort", value={"own_mental_health": {"people_supported": "not", "supervisor_manager": "share"}}, by=nia
    )
    journeys.start(stage=Stage.IN_THE_MOMENT, by=nia, profile_item="own_mental_health")

    at = open_page("nia@example.org", "quick_check.py")
    tap(at, "Who are you thinking of sharing with?", "person_supported")

    assert "Your sharing profile says: My own mental-health challenges, with people I support: not for sharing." in plain(at)
    for label, option in {
        "What is it for?": "help_them",
        "Could sharing this help them, right now?": "yes",
        "Have they shown they would welcome you sharing something of yourself?": "welcome",
        "Is it OK with you to share this, today?": "yes",
        "How much would you say?": "a_line",
        RISK_LIST: ["none"],
    }.items():
        tap(at, label, option)
    widget(at.button, "See my summary").click()
    at.run()
    shown = plain(at)
    assert "You ticked some things to think over" in shown
    assert "you marked this experience as not for sharing with them" in shown


def test_an_everyday_remark_takes_a_short_path(org):
    at = open_page("nia@example.org", "quick_check.py")
    for label, option in {
        "Who are you thinking of sharing with?": "person_supported",
        "What is it for?": "rapport",
        "What kind of thing is it? (optional)": "everyday",
    }.items():
        tap(at, label, option)
    assert RISK_LIST not in pill_labels(at)
    tap(at, "Is it OK with you to share this, today?", "yes")

    widget(at.button, "See my summary").click()
    at.run()

    assert "You're thinking of a small, everyday remark" in plain(at)


def test_no_places_to_turn_are_shown_when_none_are_set(org):
    at = _support_summary("nia@example.org")

    assert "You're looking for support for yourself" in plain(at)
    assert "Places to turn" not in plain(at)


def test_places_to_turn_are_shown_after_a_support_summary(org):
    _set_places(org["admin"])

    shown = plain(_support_summary("nia@example.org"))

    assert "Places to turn" in shown
    assert "Staff support line" in shown and "Call 111, option 2" in shown


def test_places_to_turn_are_shown_after_a_reflection_that_felt_exposing(org):
    _set_places(org["admin"])
    at = open_page("nia@example.org", "reflection.py")
    widget(at.text_area, "What did you share?").input("That winter is hard for me too")
    at.run()
    widget(at.radio, "Who did you share it with?").set_value("person_supported")
    at.run()
    widget(at.radio, "What did it do for you? (optional)").set_value("exposed")
    at.run()
    assert "Feeling exposed after sharing happens to all of us" in " ".join(r.label for r in at.radio)

    widget(at.button, "Save my reflection").click()
    at.run()

    assert "Feeling exposed after sharing is something many of us know" in plain(at)
    assert "Staff support line" in plain(at)


def test_a_reflection_that_went_well_shows_no_places_to_turn(org):
    _set_places(org["admin"])
    at = open_page("nia@example.org", "reflection.py")
    widget(at.text_area, "What did you share?").input("That I love football too")
    at.run()
    widget(at.radio, "Who did you share it with?").set_value("person_supported")
    at.run()
    widget(at.button, "Save my reflection").click()
    at.run()

    assert "Places to turn" not in plain(at)


@pytest.mark.parametrize("draft", ["I cried in the car before I came in today.", "Honestly I'm not coping at all."])
def test_places_to_turn_are_shown_when_a_draft_says_the_writer_is_not_coping(org, draft):
    _set_places(org["admin"])
    at = open_page("nia@example.org", "quick_check.py")
    tap(at, "Who are you thinking of sharing with?", "supervisor_manager")

    widget(at.text_area, "If it helps, jot down roughly what you might say. (optional)").input(draft)
    at.run()

    assert "It sounds as if things are hard for you right now" in plain(at)
    assert "Crisis team" in plain(at)


def test_a_draft_that_is_coping_shows_no_places_to_turn(org):
    _set_places(org["admin"])
    at = open_page("nia@example.org", "quick_check.py")

    widget(at.text_area, "If it helps, jot down roughly what you might say. (optional)").input("I love walking by the sea at weekends.")
    at.run()

    assert "Places to turn" not in plain(at)


def test_an_admin_sets_a_place_to_turn_on_its_page_and_staff_see_it(org):
    at = open_page("admin@example.org", "admin_places.py")
    widget(at.text_input, "Name")  # one form per kind; the first is occupational health
    at.text_input(key="place-name-urgent_help").input("Crisis team")
    at.text_area(key="place-reach-urgent_help").input("Call 111, option 2")
    widget(at.button, "Save urgent help").click()
    at.run()
    assert not at.exception, at.exception

    assert "Saved. Urgent help is shown to staff." in plain(at)
    assert [p.name for p in places_to_turn.shown(by=org["nia"])] == ["Crisis team"]
