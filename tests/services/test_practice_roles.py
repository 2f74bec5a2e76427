"""Practice roles: peer support worker or another profession, and the questions that differ."""

from __future__ import annotations

import pytest

from reflect.models import Stage
from reflect.services import journeys, practice_roles
from reflect.services.practice_roles import PracticeRoleError
from tests import factories


def _question_ids(view) -> set[str]:
    return {q.id for q in view.questions.questions()}


def test_a_peer_worker_sees_the_peer_question_and_not_the_professional_one(rt, practitioner):
    practice_roles.set_mine(by=practitioner, role="peer_worker")

    ids = _question_ids(journeys.profile(by=practitioner))

    assert "peer_role" in ids and "professional_role" not in ids
    assert practice_roles.mine(by=practitioner).label == "Peer support worker"


def test_a_professional_records_their_profession_and_sees_the_professional_question(rt, practitioner):
    profile = journeys.profile(by=practitioner)
    assert {"peer_role", "professional_role"} <= _question_ids(profile)  # not said yet: both

    practice_roles.set_mine(by=practitioner, role="professional", profession="occupational_therapist")

    ids = _question_ids(journeys.get(entry_id=profile.id, by=practitioner))
    assert "professional_role" in ids and "peer_role" not in ids
    assert practice_roles.mine(by=practitioner).label == "Occupational therapist"


def test_an_unlisted_role_or_profession_is_refused(sqlite_rt):
    person = factories.make_person(factories.make_organisation())
    for role, profession in [("manager", None), ("peer_worker", "nurse"), ("professional", "astronaut")]:
        with pytest.raises(PracticeRoleError):
            practice_roles.set_mine(by=person, role=role, profession=profession)
    assert practice_roles.mine(by=person).role is None


def test_a_set_marked_for_the_persons_role_is_used_before_the_general_one(rt, practitioner):
    catalogue = rt.catalogue
    general = catalogue.get("in_the_moment")
    peer = general.model_copy(update={"id": "in_the_moment_peer", "for_role": "peer_worker", "title": "Peer quick check"})
    catalogue.sets["in_the_moment_peer"] = peer
    try:
        practice_roles.set_mine(by=practitioner, role="peer_worker")
        assert journeys.start(stage=Stage.IN_THE_MOMENT, by=practitioner).questions.title == "Peer quick check"
        practice_roles.set_mine(by=practitioner, role="professional", profession="nurse")
        assert journeys.start(stage=Stage.IN_THE_MOMENT, by=practitioner).questions.title == general.title
    finally:
        del catalogue.sets["in_the_moment_peer"]
