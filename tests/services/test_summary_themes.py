"""A summary's themes count one label per kind of experience, whether it came from a
reflection or from an experience in the sharing profile."""

from datetime import date, timedelta

import pytest

from reflect.services import supervision
from tests import supervision_world


@pytest.fixture
def world(org):
    return supervision_world.build(org)


def test_a_profile_experience_and_a_reflection_of_one_kind_count_as_one_theme(rt, world, monkeypatch):
    discussed = [world.shared_item, world.profile_item]
    supervision.record_meeting(pair_id=world.north_pair, held_on=date.today(), functions=[], discussed=discussed, by=world.north_supervisor)
    made = {}
    real = supervision.report.build_summary
    monkeypatch.setattr(supervision.report, "build_summary", lambda summary: made.setdefault("summary", summary) and real(summary))
    supervision.summary_pdf(pair_id=world.north_pair, since=date.today() - timedelta(days=1), until=date.today(), by=world.north_supervisor)
    assert made["summary"].categories == (("An interest, hobby or skill", 2),)
