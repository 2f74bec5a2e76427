"""One factory per model, writing straight to the test database.

Passwords are hashed once and reused: argon2id is deliberately slow.
"""

from __future__ import annotations

import itertools
from datetime import date
from functools import cache

from reflect import runtime
from reflect.models import Organisation, Person, PersonRole, Role, SupervisionPair, Team, TeamMembership
from reflect.services.access import Actor
from reflect.own_key import DEMO_ONLY
from reflect.services import own_keys
from reflect.services.auth import actor_for
from reflect.services.passwords import hash_password
from reflect.services.vault import Vault

PASSWORD = "correct horse battery"
RECOVERY_CODE = "TEST-CODE-2345-6789-ABCD-EFGH"
_counter = itertools.count(1)
# Each person's own key, as their sign-in would open it (tests/pages/apptest.py's `signed_in_as`).
OWN_KEYS: dict[int, bytes] = {}


@cache
def password_hash() -> str:
    return hash_password(PASSWORD)


def make_organisation(name: str = "Test Trust") -> int:
    with runtime.current().db.write() as session:
        org = Organisation(name=name)
        session.add(org)
        session.flush()
        return org.id


def make_team(organisation_id: int, name: str | None = None) -> int:
    with runtime.current().db.write() as session:
        team = Team(organisation_id=organisation_id, name=name or f"Team {next(_counter)}")
        session.add(team)
        session.flush()
        return team.id


def make_person(
    organisation_id: int,
    *,
    roles: tuple[Role, ...] = (Role.PRACTITIONER,),
    teams: tuple[int, ...] = (),
    leads: tuple[int, ...] = (),
    name: str | None = None,
    email: str | None = None,
    is_demo: bool = False,
) -> Actor:
    """Create a person with a data key and return them as an actor."""
    n = next(_counter)
    rt = runtime.current()
    with rt.db.write() as session:
        person = Person(
            organisation_id=organisation_id,
            name=name or f"Person {n}",
            email=email or f"person{n}@example.org",
            password_hash=password_hash(),
            is_demo=is_demo,
            roles=[PersonRole(role=r) for r in roles],
        )
        session.add(person)
        session.flush()
        for team_id in dict.fromkeys(teams + leads):
            session.add(TeamMembership(team_id=team_id, person_id=person.id, is_lead=team_id in leads))
        Vault(session, rt.server_key).create_key(person.id, person.public_id)
        # Their own key, wrapped by PASSWORD and RECOVERY_CODE (the quick, demo-only derivation).
        OWN_KEYS[person.id] = own_keys.enrol(session, person, PASSWORD, recovery_code=RECOVERY_CODE, derivation=DEMO_ONLY)
        session.flush()
        session.refresh(person)
        return actor_for(person, own=OWN_KEYS[person.id])


def make_pair(supervisor: Actor, supervisee: Actor, *, starts_on: date | None = None, frequency_weeks: int = 4) -> int:
    with runtime.current().db.write() as session:
        pair = SupervisionPair(
            supervisor_id=supervisor.person_id,
            supervisee_id=supervisee.person_id,
            starts_on=starts_on or date(2020, 1, 1),
            frequency_weeks=frequency_weeks,
        )
        session.add(pair)
        session.flush()
        return pair.id
