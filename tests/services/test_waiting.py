"""What is waiting on the home page: each kind of item appears when it should and goes when
it is done, and listing it opens nothing that is not shown."""

from datetime import date, timedelta

import pytest
from sqlalchemy import update

from reflect import runtime
from reflect.models import Entry, RegisterEntry, Stage
from reflect.services import journeys, register, supervision, waiting
from reflect.services.register import EntryInput
from tests import supervision_world
from tests.services.test_journeys import CALM_CHECK, fill


@pytest.fixture
def world(org):
    return supervision_world.build(org)


def _finished_check(by) -> journeys.EntryView:
    entry = journeys.start(stage=Stage.IN_THE_MOMENT, by=by)
    fill(entry, CALM_CHECK, by)
    return journeys.complete(entry_id=entry.id, by=by)


def test_nothing_is_waiting_for_a_new_practitioner(rt, practitioner):
    found = waiting.for_person(by=practitioner)
    assert not found.anything


def test_a_draft_waits_only_once_something_is_written_in_it(rt, practitioner):
    untouched = journeys.start(stage=Stage.IN_THE_MOMENT, by=practitioner)
    assert waiting.for_person(by=practitioner).drafts == []
    with runtime.current().db.write() as session:  # written in a little later than it was started
        session.execute(update(Entry).where(Entry.id == untouched.id).values(created_at=untouched.created_at - timedelta(minutes=5)))
    journeys.save_answer(entry_id=untouched.id, question_id="with_whom", value="colleague", by=practitioner)
    drafts = waiting.for_person(by=practitioner).drafts
    assert [(d.entry_id, d.stage) for d in drafts] == [(untouched.id, Stage.IN_THE_MOMENT)]


def test_a_quick_check_waits_for_its_reflection_named_by_its_audience(rt, practitioner):
    check = _finished_check(practitioner)
    found = waiting.for_person(by=practitioner).unreflected
    assert [(c.entry_id, c.audience) for c in found] == [(check.id, "Someone I support")]

    episode = journeys.link(entry_ids=[check.id], by=practitioner)
    journeys.start(stage=Stage.AFTER_SHARING, by=practitioner, episode_id=episode)
    assert waiting.for_person(by=practitioner).unreflected == []


def test_at_most_three_quick_checks_are_listed(rt, practitioner):
    for _ in range(4):
        _finished_check(practitioner)
    assert len(waiting.for_person(by=practitioner).unreflected) == waiting.RECENT_CHECKS == 3


def test_supervisor_sees_new_items_from_each_supervisee_until_a_session_is_held(rt, world):
    found = waiting.for_person(by=world.north_supervisor)
    assert [(p.pair_id, p.supervisee_name, p.count) for p in found.new_from_supervisees] == [(world.north_pair, "Sam Okafor", 2)]
    supervision.record_meeting(pair_id=world.north_pair, held_on=date.today(), functions=[], discussed=[], by=world.north_supervisor)
    assert waiting.for_person(by=world.north_supervisor).new_from_supervisees == []


def test_supervisee_is_asked_to_confirm_a_record_until_they_do(rt, world):
    meeting = supervision.record_meeting(pair_id=world.north_pair, held_on=date.today(), functions=[], discussed=[], by=world.north_supervisor)
    assert waiting.for_person(by=world.sam).records_to_confirm == 1
    assert waiting.for_person(by=world.north_supervisor).records_to_confirm == 0
    supervision.respond(meeting_id=meeting, confirmed=True, by=world.sam)
    assert waiting.for_person(by=world.sam).records_to_confirm == 0


def test_actions_due_within_a_week_wait_for_their_owner_only(rt, world):
    soon = supervision.add_action(pair_id=world.north_pair, text="Read the briefing paper", owner_id=world.sam.person_id, due_on=date.today() + timedelta(days=3), by=world.north_supervisor)
    supervision.add_action(pair_id=world.north_pair, text="Later", owner_id=world.sam.person_id, due_on=date.today() + timedelta(days=30), by=world.north_supervisor)
    found = waiting.for_person(by=world.sam)
    assert (found.actions_due, found.actions_due_as_supervisee) == (1, 1)
    assert waiting.for_person(by=world.north_supervisor).actions_due == 0
    supervision.set_action_done(action_id=soon, done=True, by=world.sam)
    assert waiting.for_person(by=world.sam).actions_due == 0


def test_overdue_supervision_waits_for_both_sides(rt, world):
    supervision.record_meeting(pair_id=world.north_pair, held_on=date.today() - timedelta(weeks=10), functions=[], discussed=[], by=world.north_supervisor)
    assert waiting.for_person(by=world.sam).overdue_as_supervisee == 1
    assert waiting.for_person(by=world.north_supervisor).overdue_as_supervisor == 1


def test_talents_imported_for_me_wait_until_published(rt, practitioner):
    talent = register.add_entry(by=practitioner, entry=EntryInput(category="skills", description="Cooking on a budget", visibility="team"))
    with runtime.current().db.write() as session:  # as a lead's import leaves it
        session.execute(update(RegisterEntry).where(RegisterEntry.id == talent).values(published=False))
    assert waiting.for_person(by=practitioner).talents_to_publish == 1
    register.publish_entry(by=practitioner, entry_id=talent)
    assert waiting.for_person(by=practitioner).talents_to_publish == 0


def test_listing_what_waits_opens_only_the_quick_checks_shown(rt, practitioner, monkeypatch):
    for _ in range(5):
        _finished_check(practitioner)
    opened: list[int] = []
    real = journeys.view_of

    def counting(session, vault, entry, cache=None):
        opened.append(entry.id)
        return real(session, vault, entry, cache)

    monkeypatch.setattr(journeys.views, "view_of", counting)
    waiting.for_person(by=practitioner)
    assert len(opened) == waiting.RECENT_CHECKS
