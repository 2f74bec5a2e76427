"""Accounts, teams and pairs over time: the admin's changes, on SQLite and PostgreSQL."""

from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from reflect.ledger import DecisionKind
from reflect.models import AuditEvent, Person, Role
from reflect.services import auth, journeys, organisations, pairs, persons, supervision, teams
from reflect.services.access import SYSTEM, AccessDenied
from reflect.services.errors import PeopleError
from tests import factories, supervision_world as sw
from tests.factories import PASSWORD


def _actions(rt, subject_id: int) -> list[str]:
    with rt.db.read() as session:
        return list(session.scalars(select(AuditEvent.action).where(AuditEvent.subject_id == subject_id).order_by(AuditEvent.id)))


def test_deactivate_refuses_sign_in_ends_every_session_and_keeps_content(rt, org, admin, practitioner):
    first = auth.sign_in(email=f"{_email(rt, practitioner)}", password=PASSWORD)
    entry = sw.reflection(practitioner, "My words stay while I am away")

    ended = persons.deactivate(person_id=practitioner.person_id, by=admin)

    assert ended == 1 and auth.resume(first.token) is None
    with pytest.raises(auth.SignInError, match="isn't active"):
        auth.sign_in(email=_email(rt, practitioner), password=PASSWORD)
    with pytest.raises(auth.SignInError, match="isn't active"):
        auth.sign_in_with_identity(email=_email(rt, practitioner), issued_at=None)
    with pytest.raises(auth.SignInError, match="don't match"):  # a wrong password learns nothing more
        auth.sign_in(email=_email(rt, practitioner), password="wrong password here")
    persons.reactivate(person_id=practitioner.person_id, by=admin)
    again = auth.sign_in(email=_email(rt, practitioner), password=PASSWORD)
    assert journeys.get(entry_id=entry.id, by=again.actor).answers["what_shared"] == "My words stay while I am away"
    assert _actions(rt, practitioner.person_id)[-3:-1] == ["account_deactivated", "account_reactivated"]


def _email(rt, actor) -> str:
    return persons.show(person_id=actor.person_id, by=SYSTEM).email


def test_an_admin_cannot_deactivate_themselves(rt, org, admin):
    with pytest.raises(PeopleError, match="your own account"):
        persons.deactivate(person_id=admin.person_id, by=admin)


def test_reset_password_gives_a_one_time_password_that_must_be_changed(rt, org, admin, practitioner):
    email = _email(rt, practitioner)
    one_time = persons.reset_password(person_id=practitioner.person_id, by=admin)
    with pytest.raises(auth.SignInError):
        auth.sign_in(email=email, password=PASSWORD)
    signed_in = auth.sign_in(email=email, password=one_time)
    assert signed_in.actor.must_change_password
    auth.change_password(by=signed_in.actor, current_password=one_time, new_password="a brand new passphrase")
    assert auth.resume(signed_in.token).must_change_password is False
    assert "password_reset" in _actions(rt, practitioner.person_id)


def test_unlock_lifts_a_pause_after_failed_sign_ins(rt, org, admin, practitioner):
    email = _email(rt, practitioner)
    for _ in range(auth.LOCK_AFTER_FAILURES):
        with pytest.raises(auth.SignInError):
            auth.sign_in(email=email, password="not the password")
    with pytest.raises(auth.SignInError, match="paused"):
        auth.sign_in(email=email, password=PASSWORD)
    assert persons.unlock(person_id=practitioner.person_id, by=admin) is True
    assert auth.sign_in(email=email, password=PASSWORD)


def test_changing_roles_teams_and_lead_role(rt, org, admin, practitioner):
    teams.add(name="Crisis", by=admin)
    persons.update(person_id=practitioner.person_id, roles=[Role.PRACTITIONER, Role.SUPERVISOR], teams=["Crisis"], lead_of=["Crisis"], name="Sam O", by=admin)
    detail = persons.show(person_id=practitioner.person_id, by=admin)
    assert detail.roles == (Role.PRACTITIONER, Role.SUPERVISOR, Role.TEAM_LEAD)
    assert detail.teams == ("Crisis",) and detail.leads == ("Crisis",) and detail.name == "Sam O"
    persons.update(person_id=practitioner.person_id, teams=[], lead_of=[], by=admin)
    assert persons.show(person_id=practitioner.person_id, by=admin).teams == ()


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"name": " "}, "name"),
        ({"email": "nope"}, "doesn't look like"),
        ({"email": "taken@example.org"}, "already an account"),
        ({"roles": []}, "at least one role"),
        ({"teams": ["Nowhere"]}, "no team called"),
    ],
)
def test_changes_refuse_bad_input_with_a_reason(rt, org, admin, practitioner, kwargs, message):
    factories.make_person(org, email="taken@example.org")
    with pytest.raises(PeopleError, match=message):
        persons.update(person_id=practitioner.person_id, by=admin, **kwargs)


def test_an_admin_cannot_remove_their_own_admin_role(rt, org, admin):
    with pytest.raises(PeopleError, match="own admin role"):
        persons.update(person_id=admin.person_id, roles=[Role.PRACTITIONER], by=admin)


def test_erase_needs_the_persons_email_typed_and_goes_through_people_erase(rt, org, admin, practitioner):
    email = _email(rt, practitioner)
    with pytest.raises(PeopleError, match="doesn't match"):
        persons.erase(person_id=practitioner.person_id, confirm_email="someone.else@example.org", by=admin)
    with rt.db.read() as session:
        public_id = session.scalar(select(Person.public_id).where(Person.id == practitioner.person_id))
    persons.erase(person_id=practitioner.person_id, confirm_email=email.upper(), by=admin)
    assert (DecisionKind.PERSON_ERASED, public_id) in [(d.kind, d.public_id) for d in rt.ledger.decisions()]
    assert "account_erased" in _actions(rt, practitioner.person_id)
    found, _ = persons.list_people(by=admin, search=email)
    assert found == []


def test_rename_and_archive_a_team(rt, org, admin, practitioner):
    team_id = teams.add(name="Crisis", by=admin)
    teams.rename(team_id=team_id, name="Crisis Resolution", by=admin)
    with pytest.raises(PeopleError, match="already a team"):
        teams.rename(team_id=teams.add(name="North", by=admin), name="Crisis Resolution", by=admin)
    teams.archive(team_id=team_id, by=admin)
    rows, total = teams.list_teams(by=admin, search="resolution")
    assert total == 1 and rows[0].name == "Crisis Resolution" and rows[0].archived_at is not None
    with pytest.raises(PeopleError, match="archived"):
        persons.update(person_id=practitioner.person_id, teams=["Crisis Resolution"], by=admin)


def test_ending_a_pair_takes_the_supervisors_access_at_once_and_the_supervisee_keeps_records(rt, org):
    world = sw.build(org)
    supervision.open_shared(shared_item_id=world.shared_item, by=world.north_supervisor)

    pairs.end(pair_id=world.north_pair, by=world.admin)

    with pytest.raises(supervision.NotFound):
        supervision.open_shared(shared_item_id=world.shared_item, by=world.north_supervisor)
    assert supervision.my_shares(pair_id=world.north_pair, by=world.sam)
    assert journeys.get(entry_id=world.private_entry, by=world.sam)
    rows, _ = pairs.list_pairs(by=world.admin, search="sam@")
    assert rows[0].active is False and rows[0].ends_on == date.today() - timedelta(days=1)
    with pytest.raises(PeopleError, match="ended already"):
        pairs.end(pair_id=world.north_pair, by=world.admin)


def test_moving_a_supervisee_to_a_new_supervisor_ends_the_old_pair(rt, org):
    world = sw.build(org)
    new_pair = pairs.change(pair_id=world.north_pair, supervisor_email="dee@example.org", by=world.admin)
    assert new_pair != world.north_pair
    active, total = pairs.list_pairs(by=world.admin, search="sam@", active_only=True)
    assert total == 1 and active[0].supervisor == "Dee Williams"
    assert supervision.shared_with_me(pair_id=new_pair, by=world.crisis_supervisor) == ([], 0)
    with pytest.raises(supervision.NotFound):
        supervision.open_shared(shared_item_id=world.shared_item, by=world.north_supervisor)


def test_pair_changes_refuse_bad_input(rt, org):
    world = sw.build(org)
    with pytest.raises(PeopleError, match="between 1 and 26"):
        pairs.change(pair_id=world.north_pair, frequency_weeks=40, by=world.admin)
    with pytest.raises(PeopleError, match="supervisor role"):
        pairs.change(pair_id=world.north_pair, supervisor_email="tomasz@example.org", by=world.admin)
    pairs.change(pair_id=world.north_pair, frequency_weeks=2, by=world.admin)
    rows, _ = pairs.list_pairs(by=world.admin, search="sam@")
    assert rows[0].frequency_weeks == 2 and rows[0].active


OPERATIONS = [
    lambda by, pid: persons.show(person_id=pid, by=by),
    lambda by, pid: persons.deactivate(person_id=pid, by=by),
    lambda by, pid: persons.reactivate(person_id=pid, by=by),
    lambda by, pid: persons.reset_password(person_id=pid, by=by),
    lambda by, pid: persons.unlock(person_id=pid, by=by),
    lambda by, pid: persons.update(person_id=pid, name="X", by=by),
    lambda by, pid: persons.erase(person_id=pid, confirm_email="x@example.org", by=by),
    lambda by, pid: teams.list_teams(by=by),
    lambda by, pid: pairs.list_pairs(by=by),
    lambda by, pid: pairs.end(pair_id=1, by=by),
]


def test_account_operations_with_no_permission(rt, org, practitioner):
    refused = []
    for role in (Role.PRACTITIONER, Role.SUPERVISOR, Role.TEAM_LEAD):
        someone = factories.make_person(org, roles=(role,))
        for n, operation in enumerate(OPERATIONS):
            try:
                operation(someone, practitioner.person_id)
            except AccessDenied:
                refused.append((role, n))
    assert len(refused) == 3 * len(OPERATIONS)


def test_an_admin_of_another_organisation_finds_no_such_account(rt, org, practitioner):
    other_admin = factories.make_person(factories.make_organisation("Other Trust"), roles=(Role.ADMIN,))
    with pytest.raises(PeopleError, match="no such account"):
        persons.deactivate(person_id=practitioner.person_id, by=other_admin)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(search=st.text(max_size=30))
def test_any_search_text_lists_safely(sqlite_rt, search):
    if not organisations.exists_yet():
        organisations.create(name="Trust", by=SYSTEM)
    found, total = persons.list_people(by=SYSTEM, search=search, per_page=5)
    assert total >= len(found)
    assert pairs.list_pairs(by=SYSTEM, search=search, per_page=5)[1] >= 0
    assert teams.list_teams(by=SYSTEM, search=search, per_page=5)[1] >= 0
