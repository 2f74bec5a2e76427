"""Supervision that fits its kind, through the real pages: the Wellness at Work plan written,
shared and taken back; the personal prompts switched on by the supervisee in line management;
a "just me" note never on the other member's page; goals carried over; the admin's kinds."""

from datetime import date, timedelta

import pytest

from reflect.services import supervision, wellness_plan
from tests import supervision_world
from tests.pages.apptest import choose_tab, open_page, texts, widget
from tests.pages.test_supervision import everything


@pytest.fixture
def world(sqlite_rt):
    from tests import factories

    return supervision_world.build(factories.make_organisation())


def test_a_plan_written_shared_and_taken_back_through_the_pages(world):
    at = open_page("sam@example.org", "wellness_plan.py")
    assert "Not started yet" in texts(at)
    widget(at.text_area, "What keeps me well at work").input("lunchtimewalks")
    widget(at.text_input, "An adjustment agreed with my supervisor or manager (1)").input("Later start on Mondays")
    at.button(key="FormSubmitter:wellness_plan-Save my plan").click()
    at.run()
    assert not at.exception, at.exception
    assert "Saved as version 1" in texts(at)
    priya = open_page("priya@example.org", "supervisees.py")
    assert "lunchtimewalks" not in everything(priya)

    widget(at.button, "Share my plan").click()
    at.run()
    priya = open_page("priya@example.org", "supervisees.py")
    assert "lunchtimewalks" in everything(priya) and "Later start on Mondays" in everything(priya)

    share = wellness_plan.my_shares(by=world.sam)[0]
    at.button(key=f"withdraw_plan:{share.id}").click()
    at.run()
    assert "Taken back" in texts(at)
    priya = open_page("priya@example.org", "supervisees.py")
    assert "lunchtimewalks" not in everything(priya)


def test_line_management_offers_the_personal_prompts_only_when_the_supervisee_turns_them_on(world):
    meeting_id = supervision.record_meeting(
        pair_id=world.north_pair, held_on=date.today(), functions=[], discussed=[], kind="line_management", by=world.north_supervisor
    )
    at = choose_tab(open_page("sam@example.org", "supervision.py"), "my_supervision_tab", "Sessions")
    labels = [t.label for t in at.text_area]
    assert not any("stirred up your own experience" in label for label in labels)

    at.toggle(key=f"personal:{meeting_id}").set_value(True)
    at.run()

    assert not at.exception, at.exception
    assert any("stirred up your own experience" in t.label for t in at.text_area)


def test_a_just_me_note_shows_to_its_writer_and_never_on_the_other_members_page(world):
    meeting_id = supervision.record_meeting(pair_id=world.north_pair, held_on=date.today(), functions=[], discussed=[], by=world.north_supervisor)
    supervision.set_choice(meeting_id=meeting_id, question_id="learned", just_me=True, in_pdf=False, by=world.sam)
    supervision.save_notes(meeting_id=meeting_id, question_id="learned", value="sealednotewords", by=world.sam)

    sam = choose_tab(open_page("sam@example.org", "supervision.py"), "my_supervision_tab", "Sessions")
    priya = choose_tab(open_page("priya@example.org", "supervisees.py"), "my_supervisees_tab", "Sessions")

    assert "sealednotewords" in everything(sam) and "(just me)" in everything(sam)
    assert "sealednotewords" not in everything(priya)
    assert widget(sam.radio, "Who sees it").value == "just_me"


def test_goals_carry_over_on_both_pages(world):
    supervision.add_goal(pair_id=world.north_pair, text="Co-facilitate a recovery group", review_on=date.today() + timedelta(days=40), by=world.sam)
    for email, script, key in (("sam@example.org", "supervision.py", "my_supervision_tab"), ("priya@example.org", "supervisees.py", "my_supervisees_tab")):
        at = choose_tab(open_page(email, script), key, "Goals")
        assert "Co-facilitate a recovery group" in everything(at)


def test_the_admin_chooses_a_pairs_kinds(world):
    at = choose_tab(open_page("alex@example.org", "admin_people.py"), "admin_section", "Supervision pairs")
    kinds = widget(at.multiselect, "Kinds of supervision")
    assert set(kinds.options) == {"Clinical supervision", "Professional supervision", "Line management", "Practice (peer) supervision"}
