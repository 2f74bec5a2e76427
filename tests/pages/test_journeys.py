"""The three stages driven through the real pages with AppTest."""

import pytest

from reflect.models import Stage
from reflect.services import journeys
from tests import factories
from tests.pages.apptest import open_page, texts, widget

QUICK_CHECK_TAPS = [
    ("Who are you thinking of sharing with?", "person_supported"),
    ("What is it for?", "help_them"),
    ("Could sharing this help them, right now?", "yes"),
    ("Have they shown they would welcome you sharing something of yourself?", "welcome"),
    ("Is it OK with you to share this, today?", "yes"),
    ("How much would you say?", "a_line"),
    ("Pause for a moment. Could any of these be true?", "none"),
]


@pytest.fixture
def people(sqlite_rt):
    org = factories.make_organisation()
    team = factories.make_team(org)
    sam = factories.make_person(org, email="sam@example.org", name="Sam Okafor", teams=(team,))
    kit = factories.make_person(org, email="kit@example.org", name="Kit Jones", teams=(team,))
    return sam, kit




def tap(at, label: str, option: str) -> None:
    widget(at.pills, label).select(option)
    at.run()
    assert not at.exception, at.exception


def test_quick_check_completes_in_eight_taps_with_a_calm_summary(people):
    at = open_page("sam@example.org", "quick_check.py")
    for label, option in QUICK_CHECK_TAPS:
        tap(at, label, option)
    widget(at.button, "See my summary").click()
    at.run()
    assert len(QUICK_CHECK_TAPS) + 1 <= 8
    assert "You've said why, and nothing gave you pause" in texts(at)
    assert "Yes, I think it could help them" in texts(at)


def test_quick_check_says_what_is_still_needed(people):
    at = open_page("sam@example.org", "quick_check.py")
    tap(at, *QUICK_CHECK_TAPS[0])
    widget(at.button, "See my summary").click()
    at.run()
    assert "6 questions still need an answer" in at.warning[0].value


def test_quick_check_not_today_lists_the_reason(people):
    at = open_page("sam@example.org", "quick_check.py")
    for label, option in QUICK_CHECK_TAPS:
        tap(at, label, "not_today" if label.startswith("Is it OK") else option)
    widget(at.button, "See my summary").click()
    at.run()
    assert "You said today isn't the day" in texts(at) and "No, not today" in texts(at)


def test_quick_check_for_support_from_my_supervisor_is_not_a_caution_and_points_to_supervision(people):
    answers = dict(QUICK_CHECK_TAPS) | {
        "Who are you thinking of sharing with?": "supervisor_manager",
        "What is it for?": "support_for_me",
        "Is it OK with you to share this, today?": "a_bit_raw",
        "Pause for a moment. Could any of these be true?": "focus_on_me",
    }
    # Whether it helps them, and whether they'd welcome it, are not asked when the support is for you.
    for asked_of_them in (
        "Could sharing this help them, right now?",
        "Have they shown they would welcome you sharing something of yourself?",
        "How much would you say?",
        "Pause for a moment. Could any of these be true?",
    ):
        answers.pop(asked_of_them)
    at = open_page("sam@example.org", "quick_check.py")
    for label, option in answers.items():
        tap(at, label, option)
    widget(at.button, "See my summary").click()
    at.run()
    shown = texts(at)
    assert "You're looking for support for yourself" in shown
    assert "you're taking it to your supervisor, manager or assessor" in shown.replace("\\", "")
    assert "think over" not in shown


def test_quick_check_page_says_it_is_for_before_the_conversation(people):
    at = open_page("sam@example.org", "quick_check.py")

    assert "For the minute before a conversation, not in front of the person." in texts(at)


def _write_reflection(at, what: str) -> None:
    widget(at.text_area, "What did you share?").input(what)
    at.run()
    widget(at.radio, "Who did you share it with?").set_value("person_supported")
    at.run()


def test_after_sharing_reflection_is_saved(people):
    at = open_page("sam@example.org", "reflection.py")
    _write_reflection(at, "That I find winter hard too, and what helps me")
    widget(at.text_area, "What did you learn from it, for next time? (optional)").input("Keep it short")
    at.run()
    widget(at.button, "Save my reflection").click()
    at.run()
    assert "Your reflection is saved" in texts(at)
    sam = people[0]
    found, total = journeys.list_mine(by=sam)
    assert total == 1 and found[0].answers["learned"] == "Keep it short"


def test_reflection_with_a_name_is_warned_and_blocked(people):
    at = open_page("sam@example.org", "reflection.py")
    _write_reflection(at, "I told Mrs Jones about my own anxiety")
    assert "could identify someone" in texts(at)
    widget(at.button, "Save my reflection").click()
    at.run()
    assert "could identify a person" in at.warning[-1].value
    assert journeys.list_mine(by=people[0]) == ([], 0)


def test_profile_is_saved_with_history(people):
    at = open_page("sam@example.org", "my_profile.py")
    widget(at.text_area, "What experiences, or which details, will you NOT share? (optional)").input("My divorce")
    at.run()
    widget(at.button, "Save this version").click()
    at.run()
    assert "Saved this version." in texts(at)
    assert "My divorce" in texts(at)  # in the history


def test_draft_survives_a_rerun_and_a_new_session(people):
    at = open_page("sam@example.org", "reflection.py")
    widget(at.text_area, "What did you share?").input("Half-written thought")
    at.run()
    at.run()  # a rerun
    assert widget(at.text_area, "What did you share?").value == "Half-written thought"
    again = open_page("sam@example.org", "reflection.py")  # a refresh: a new session, signed in again
    assert widget(again.text_area, "What did you share?").value == "Half-written thought"
    assert "last saved" in texts(again)


def test_another_practitioner_sees_none_of_it(people):
    sam, kit = people
    at = open_page("sam@example.org", "reflection.py")
    _write_reflection(at, "Sam's private words")
    widget(at.button, "Save my reflection").click()
    at.run()
    theirs = open_page("kit@example.org", "my_reflections.py")
    assert "Sam's private words" not in texts(theirs)
    assert "Nothing here yet" in texts(theirs)
    draft = open_page("kit@example.org", "reflection.py")
    assert widget(draft.text_area, "What did you share?").value == ""
    entry_id = journeys.list_mine(by=sam)[0][0].id
    with pytest.raises(journeys.NotFound):
        journeys.get(entry_id=entry_id, by=kit)


@pytest.mark.parametrize(
    "hostile",
    ["<script>alert('x')</script>", "<img src=x onerror=alert(1)>", "[click me](javascript:alert(1))", "**bold** _it_ # heading"],
)
def test_user_text_shows_as_text(people, hostile):
    sam = people[0]
    entry = journeys.start(stage=Stage.AFTER_SHARING, by=sam)
    for question_id, value in {"what_shared": hostile, "audience": "colleague"}.items():
        journeys.save_answer(entry_id=entry.id, question_id=question_id, value=value, by=sam)
    journeys.complete(entry_id=entry.id, by=sam)
    at = open_page("sam@example.org", "my_reflections.py")
    # Each question and its answer is one paragraph of the entry's block.
    shown = [p for m in at.markdown for p in m.value.split("\n\n") if p.startswith("*What did you share?*")]
    assert len(shown) == 1
    body = shown[0].split("\n", 1)[1]
    for mark in "<>[]()*_#":
        if mark in hostile:
            assert f"\\{mark}" in body  # escaped: Markdown and HTML stay inert
    assert body.replace("\\", "").replace("\u2060", "") == hostile


def test_home_says_once_that_professional_codes_do_not_forbid_sharing(people):
    at = open_page("sam@example.org", "home.py")

    assert texts(at).count("Professional codes of practice do not forbid sharing personal experience.") == 1


def test_profile_records_a_profession_and_shows_the_questions_for_that_role(people):
    at = open_page("sam@example.org", "my_profile.py")
    widget(at.radio, "Which describes you?").set_value("professional")
    at.run()
    widget(at.selectbox, "Your profession").select("social_worker")
    widget(at.button, "Save my role").click()
    at.run()
    assert not at.exception, at.exception

    labels = [t.label for t in at.text_area]
    assert "My role: Social worker" in [e.label for e in at.expander]
    assert any(label.startswith("Your professional knowledge is your main point of reference") for label in labels)
    assert not any(label.startswith("Drawing on your lived experience is at the heart of your role") for label in labels)
