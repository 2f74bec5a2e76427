import pytest

from reflect.ledger import DecisionKind
from sqlalchemy import select

from reflect.models import Person, PersonKey, Role
from reflect.services import auth, erasure, errors, organisations, pairs, persons, teams
from reflect.services.access import SYSTEM, AccessDenied
from reflect.services.passwords import PasswordRejected
from tests import factories


def test_add_person_creates_account_roles_teams_and_key(rt, org, admin):
    team_id = teams.add(name="Early Intervention", by=admin)
    person_id, generated = persons.add(
        name="Ada Lovelace", email=" Ada@Example.org ", roles=[Role.PRACTITIONER], teams=["Early Intervention"], by=admin
    )
    assert generated and len(generated) >= 10
    signed_in = auth.sign_in(email="ada@example.org", password=generated)
    assert signed_in.actor.person_id == person_id
    assert signed_in.actor.team_ids == {team_id}
    with rt.db.read() as session:
        assert session.get(PersonKey, person_id) is not None


def test_add_person_with_no_permission(rt, org, practitioner):
    with pytest.raises(AccessDenied):
        persons.add(name="X", email="x@example.org", roles=[Role.ADMIN], by=practitioner)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"name": " "}, "name"),
        ({"email": "not-an-email"}, "doesn't look like an e-mail"),
        ({"roles": []}, "at least one role"),
        ({"teams": ["No Such Team"]}, "no team called"),
        ({"email": "taken@example.org"}, "already an account"),
    ],
)
def test_add_person_refuses_bad_input_with_a_reason(rt, org, admin, kwargs, message):
    factories.make_person(org, email="taken@example.org")
    arguments = {"name": "Bea", "email": "bea@example.org", "roles": [Role.PRACTITIONER], "by": admin} | kwargs
    with pytest.raises(errors.PeopleError, match=message):
        persons.add(**arguments)


def test_add_person_refuses_a_short_password(rt, org, admin):
    with pytest.raises(PasswordRejected):
        persons.add(name="Bea", email="bea@example.org", roles=[Role.PRACTITIONER], password="short", by=admin)


def test_leading_a_team_grants_the_team_lead_role(rt, org, admin):
    teams.add(name="Crisis", by=admin)
    person_id, _ = persons.add(name="Lee", email="lee@example.org", roles=[Role.PRACTITIONER], lead_of=["Crisis"], by=admin)
    found, _ = persons.list_people(by=admin, search="lee@")
    assert Role.TEAM_LEAD in found[0].roles and found[0].teams == ("Crisis",)


def test_pairs_need_a_supervisor_role_and_two_people(rt, org, admin):
    sup = factories.make_person(org, roles=(Role.SUPERVISOR,), email="sup@example.org")
    factories.make_person(org, email="sub@example.org")
    with pytest.raises(errors.PeopleError, match="own supervisor"):
        pairs.add(supervisor_email="sup@example.org", supervisee_email="sup@example.org", by=admin)
    with pytest.raises(errors.PeopleError, match="supervisor role"):
        pairs.add(supervisor_email="sub@example.org", supervisee_email="sup@example.org", by=admin)
    pair_id = pairs.add(supervisor_email="sup@example.org", supervisee_email="sub@example.org", by=admin)
    rows, total = pairs.list_pairs(by=admin)
    assert [(p.id, p.supervisor) for p in rows] == [(pair_id, sup.name)] and total == 1


def test_list_people_paginates(rt, org, admin):
    for n in range(7):
        factories.make_person(org, name=f"Zed {n}")
    first, total = persons.list_people(by=admin, search="zed", page=1, per_page=5)
    second, _ = persons.list_people(by=admin, search="zed", page=2, per_page=5)
    assert total == 7 and len(first) == 5 and len(second) == 2
    assert not {p.id for p in first} & {p.id for p in second}


def test_erase_destroys_the_key_and_identity_and_is_ledgered(rt, org, admin, practitioner):
    erasure.erase(person_id=practitioner.person_id, by=admin)
    with rt.db.read() as session:
        person = session.get(Person, practitioner.person_id)
        assert session.get(PersonKey, practitioner.person_id) is None
        assert person.email is None and person.name == "Erased account" and person.erased_at
        public_id = person.public_id
    assert [(d.kind, d.public_id) for d in rt.ledger.decisions()] == [(DecisionKind.PERSON_ERASED, public_id)]


def test_erase_by_someone_else_needs_admin(rt, org, practitioner):
    other = factories.make_person(org)
    with pytest.raises(AccessDenied):
        erasure.erase(person_id=other.person_id, by=practitioner)


def test_system_can_create_the_organisation_once(rt):
    organisations.create(name="North Trust", by=SYSTEM)
    with pytest.raises(errors.PeopleError, match="already exists"):
        organisations.create(name="Again", by=SYSTEM)
    assert organisations.exists_yet()
    with rt.db.read() as session:
        assert session.scalar(select(Person.id)) is None
