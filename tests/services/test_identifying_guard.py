"""Supervision notes and actions, and reflections, refuse identifying details at the service."""

from datetime import date

import pytest

from reflect.models import Stage
from reflect.services import journeys, supervision
from tests import supervision_world


@pytest.fixture
def world(org):
    return supervision_world.build(org)


@pytest.mark.parametrize(
    "text",
    ["I talked it through with Sarah afterwards.", "Mrs Patel asked about my dad.", "She was born on the third of March 1985."],
)
def test_supervision_notes_refuse_an_identifying_detail(rt, world, text):
    meeting_id = supervision.record_meeting(
        pair_id=world.north_pair, held_on=date.today(), functions=["formative"], discussed=[], next_on=None, by=world.north_supervisor
    )

    with pytest.raises(supervision.AnswerRejected, match="could identify a person"):
        supervision.save_notes(meeting_id=meeting_id, question_id="learned", value=text, by=world.sam)


def test_a_supervision_action_naming_someone_is_refused(rt, world):
    with pytest.raises(supervision.AnswerRejected, match="could identify someone"):
        supervision.add_action(pair_id=world.north_pair, text="Ring Callum about the group", owner_id=world.sam.person_id, by=world.sam)


def test_a_reflection_naming_someone_is_not_saved(rt, world):
    entry = journeys.start(stage=Stage.AFTER_SHARING, by=world.sam)
    journeys.save_answer(entry_id=entry.id, question_id="what_shared", value="I told Tom Hughes about my anxiety", by=world.sam)
    journeys.save_answer(entry_id=entry.id, question_id="audience", value="person_supported", by=world.sam)

    with pytest.raises(journeys.NotReady) as refused:
        journeys.complete(entry_id=entry.id, by=world.sam)

    assert [s.matched_text for s in refused.value.identifying["what_shared"]] == ["Tom Hughes"]
