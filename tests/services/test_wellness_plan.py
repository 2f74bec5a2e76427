"""The Wellness at Work plan (ImROC Briefing Paper 17, 10.1 and 10.2): its owner's, every version kept,
shared with a supervisor only by choice and withdrawable at once; a withdrawal survives a
restore (the decision ledger); a new supervisor sees it only if shared again; in My data and
erased with its owner."""

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from reflect.models import Role, WellnessPlanShare, WellnessPlanVersion
from reflect.services import backup, erasure, my_data, pairs, wellness_plan
from reflect.services.access import SYSTEM
from reflect.services.wellness_plan import Adjustment
from tests import factories, leak_world
from tests.supervision_world import build


@pytest.fixture
def world(org):
    return build(org)


def _plan(by, words: str = "walkinglunchtimes", **extra) -> int:
    return wellness_plan.save(
        keeps_well=words, early_signs="sleeping badly", what_helps="a quiet hour",
        adjustments=[Adjustment("Fridays from home", date.today() - timedelta(days=7), date.today() + timedelta(days=80))], by=by, **extra,
    )


def test_every_version_is_kept_and_the_newest_is_the_plan(rt, world):
    assert _plan(world.sam, "firstversionwords") == 1
    assert _plan(world.sam, "secondversionwords") == 2

    found = wellness_plan.versions(by=world.sam)

    assert [(v.version, v.keeps_well) for v in found] == [(2, "secondversionwords"), (1, "firstversionwords")]
    assert found[0].adjustments[0].text == "Fridays from home"
    with rt.db.read() as session:
        assert {r.content.owner_id for r in session.scalars(select(WellnessPlanVersion))} == {world.sam.person_id}


def test_nobody_reads_the_plan_until_its_owner_shares_it(rt, world):
    _plan(world.sam)
    assert wellness_plan.shared_with_me(pair_id=world.north_pair, by=world.north_supervisor) is None
    assert wellness_plan.versions(by=world.north_supervisor) == []  # their own plan: none

    wellness_plan.share(pair_id=world.north_pair, by=world.sam)

    shared = wellness_plan.shared_with_me(pair_id=world.north_pair, by=world.north_supervisor)
    assert shared.plan.keeps_well == "walkinglunchtimes" and shared.owner_name == "Sam Okafor"
    with pytest.raises(wellness_plan.NotFound):
        wellness_plan.shared_with_me(pair_id=world.north_pair, by=world.crisis_supervisor)


def test_a_share_stays_on_the_version_shared_until_the_owner_shares_the_new_one(rt, world):
    _plan(world.sam, "sharedversion")
    wellness_plan.share(pair_id=world.north_pair, by=world.sam)
    _plan(world.sam, "laterprivateversion")
    assert wellness_plan.shared_with_me(pair_id=world.north_pair, by=world.north_supervisor).plan.keeps_well == "sharedversion"

    wellness_plan.share(pair_id=world.north_pair, by=world.sam)

    assert wellness_plan.shared_with_me(pair_id=world.north_pair, by=world.north_supervisor).plan.keeps_well == "laterprivateversion"
    assert [s.withdrawn_at is None for s in wellness_plan.my_shares(by=world.sam)] == [True, False]


def test_withdrawing_takes_effect_at_once(rt, world):
    _plan(world.sam)
    share_id = wellness_plan.share(pair_id=world.north_pair, by=world.sam)
    wellness_plan.shared_with_me(pair_id=world.north_pair, by=world.north_supervisor)

    wellness_plan.withdraw(share_id=share_id, by=world.sam)

    assert wellness_plan.shared_with_me(pair_id=world.north_pair, by=world.north_supervisor) is None
    with pytest.raises(wellness_plan.NotFound):
        wellness_plan.withdraw(share_id=share_id, by=world.north_supervisor)


def test_a_withdrawal_survives_a_restore(rt, world, tmp_path):
    _plan(world.sam)
    share_id = wellness_plan.share(pair_id=world.north_pair, by=world.sam)
    target = tmp_path / "before-withdrawal.db"
    backup.backup(path=target, by=SYSTEM)
    wellness_plan.withdraw(share_id=share_id, by=world.sam)

    backup.restore(path=target, by=SYSTEM)

    assert wellness_plan.shared_with_me(pair_id=world.north_pair, by=world.north_supervisor) is None
    with rt.db.read() as session:
        assert session.get(WellnessPlanShare, share_id).withdrawn_at is not None


def test_a_new_supervisor_sees_the_plan_only_if_it_is_shared_again(rt, org):
    admin = factories.make_person(org, roles=(Role.ADMIN,))
    old = factories.make_person(org, roles=(Role.PRACTITIONER, Role.SUPERVISOR), email="old@example.org")
    new = factories.make_person(org, roles=(Role.PRACTITIONER, Role.SUPERVISOR), email="new@example.org")
    me = factories.make_person(org, email="me@example.org")
    pair_id = pairs.add(supervisor_email="old@example.org", supervisee_email="me@example.org", kinds=["line_management"], by=admin)
    _plan(me)
    wellness_plan.share(pair_id=pair_id, by=me)

    new_pair = pairs.change(pair_id=pair_id, supervisor_email="new@example.org", by=admin)

    assert wellness_plan.shared_with_me(pair_id=new_pair, by=new) is None
    with pytest.raises(wellness_plan.NotFound):  # the old pair has ended: no way in at all
        wellness_plan.shared_with_me(pair_id=pair_id, by=old)
    wellness_plan.share(pair_id=new_pair, by=me)
    assert wellness_plan.shared_with_me(pair_id=new_pair, by=new).plan.keeps_well == "walkinglunchtimes"


def test_opening_a_shared_plan_is_in_its_owners_audit(rt, world):
    _plan(world.sam)
    wellness_plan.share(pair_id=world.north_pair, by=world.sam)
    wellness_plan.shared_with_me(pair_id=world.north_pair, by=world.north_supervisor)
    actions = [e["action"] for e in my_data.export(by=world.sam)["audit_events"]]
    assert wellness_plan.PLAN_OPENED in actions


def test_the_plan_is_in_my_data_and_erased_with_me(rt, world):
    _plan(world.sam, "planwordsofsam")
    wellness_plan.share(pair_id=world.north_pair, by=world.sam)
    mine = my_data.export(by=world.sam)["wellness_at_work_plan"]
    assert mine["versions"][0]["what_keeps_me_well"] == "planwordsofsam" and len(mine["shares"]) == 1
    assert "planwordsofsam" in leak_world.flatten(my_data.export_pdf(by=world.sam))
    assert "planwordsofsam" not in leak_world.flatten(my_data.export(by=world.north_supervisor))

    erasure.erase(person_id=world.sam.person_id, by=world.admin)

    with rt.db.read() as session:
        assert session.scalar(select(func.count()).select_from(WellnessPlanVersion)) == 0
        assert session.scalar(select(func.count()).select_from(WellnessPlanShare)) == 0


@pytest.mark.parametrize(
    "parts",
    [
        {},
        {"keeps_well": "x" * 3001},
        {"adjustments": [Adjustment("Later start", date(2026, 5, 1), date(2026, 4, 1))]},
        {"adjustments": [Adjustment(f"Adjustment {n}") for n in range(11)]},
    ],
)
def test_a_plan_that_does_not_fit_is_refused(rt, world, parts):
    with pytest.raises(wellness_plan.AnswerRejected):
        wellness_plan.save(by=world.sam, **parts)
    assert wellness_plan.versions(by=world.sam) == []
