"""Development goals (ImROC Briefing Paper 17, 10.2): agreed with a review date, carried from
session to session until met or set aside, for the two people of the pair alone."""

from datetime import date, timedelta

import pytest

from reflect.services import erasure, my_data, supervision
from tests import leak_world
from tests.supervision_world import build

SOON = date.today() + timedelta(days=30)


@pytest.fixture
def world(org):
    return build(org)


def test_an_open_goal_carries_over_from_session_to_session_until_met(rt, world):
    first = supervision.record_meeting(pair_id=world.north_pair, held_on=date.today() - timedelta(days=28), functions=[], discussed=[], by=world.north_supervisor)
    goal_id = supervision.add_goal(pair_id=world.north_pair, text="Run a wellbeing group with a colleague", review_on=SOON, meeting_id=first, by=world.sam)
    supervision.record_meeting(pair_id=world.north_pair, held_on=date.today(), functions=[], discussed=[], by=world.north_supervisor)

    for by in (world.sam, world.north_supervisor):
        goals = supervision.my_goals(pair_id=world.north_pair, by=by)
        assert [(g.id, g.text, g.review_on) for g in goals] == [(goal_id, "Run a wellbeing group with a colleague", SOON)]

    supervision.review_goal(goal_id=goal_id, next_review_on=SOON + timedelta(days=30), by=world.north_supervisor)
    reviewed = supervision.my_goals(pair_id=world.north_pair, by=world.sam)[0]
    assert (reviewed.last_reviewed_on, reviewed.review_on) == (date.today(), SOON + timedelta(days=30))

    supervision.close_goal(goal_id=goal_id, closed_as="met", by=world.sam)
    assert supervision.my_goals(pair_id=world.north_pair, by=world.sam) == []
    assert [g.closed_as for g in supervision.my_goals(pair_id=world.north_pair, by=world.sam, include_closed=True)] == ["met"]
    with pytest.raises(supervision.AnswerRejected):
        supervision.review_goal(goal_id=goal_id, next_review_on=SOON, by=world.sam)


def test_a_goal_due_for_review_says_so(rt, world):
    goal_id = supervision.add_goal(pair_id=world.north_pair, text="Read about co-reflection", review_on=date.today(), by=world.north_supervisor)
    assert [g.review_due for g in supervision.my_goals(pair_id=world.north_pair, by=world.sam) if g.id == goal_id] == [True]


@pytest.mark.parametrize("text, review_on", [("", SOON), ("x" * 501, SOON), ("Fine goal", date.today() - timedelta(days=1))])
def test_a_goal_needs_words_within_the_limit_and_a_review_date_from_today(rt, world, text, review_on):
    with pytest.raises(supervision.AnswerRejected):
        supervision.add_goal(pair_id=world.north_pair, text=text, review_on=review_on, by=world.sam)


def test_nobody_outside_the_pair_reads_or_changes_a_goal(rt, world):
    goal_id = supervision.add_goal(pair_id=world.north_pair, text="Shadow the crisis team", review_on=SOON, by=world.sam)
    for outsider in (world.tomasz, world.crisis_supervisor, world.lead):
        with pytest.raises((supervision.NotFound, supervision.AccessDenied)):
            supervision.my_goals(pair_id=world.north_pair, by=outsider)
        with pytest.raises((supervision.NotFound, supervision.AccessDenied)):
            supervision.close_goal(goal_id=goal_id, closed_as="met", by=outsider)


def test_my_goals_are_in_my_data_and_go_with_me_on_erasure(rt, world):
    supervision.add_goal(pair_id=world.north_pair, text="goalwordsofsam", review_on=SOON, by=world.sam)
    assert "goalwordsofsam" in leak_world.flatten(my_data.export(by=world.sam))
    assert "goalwordsofsam" not in leak_world.flatten(my_data.export(by=world.north_supervisor))

    erasure.erase(person_id=world.sam.person_id, by=world.admin)

    assert supervision.my_goals(pair_id=world.north_pair, by=world.north_supervisor) == []
