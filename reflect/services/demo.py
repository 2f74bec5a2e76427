"""The small demo organisation: two teams, a dozen people, every role, known passwords.

Demo accounts are marked, and while any exist every page says so in a banner.
"""

from __future__ import annotations

from dataclasses import dataclass

from reflect.models import Role
from reflect.services import people
from reflect.services.access import Actor, Permission, ensure

DEMO_PASSWORD = "demo-only-reflect"
DEMO_ORGANISATION = "Demo Mental Health Trust"
NORTH, CRISIS = "North Community Team", "Crisis Resolution Team"

P, S, L, A = Role.PRACTITIONER, Role.SUPERVISOR, Role.TEAM_LEAD, Role.ADMIN


@dataclass(frozen=True)
class DemoPerson:
    name: str
    email: str
    roles: tuple[Role, ...]
    team: str | None
    leads: bool = False


DEMO_PEOPLE = (
    DemoPerson("Sam Okafor", "practitioner@example.org", (P,), NORTH),
    DemoPerson("Priya Shah", "supervisor@example.org", (P, S), NORTH),
    DemoPerson("Morgan Lee", "lead@example.org", (P, L), NORTH, leads=True),
    DemoPerson("Alex Kowalski", "admin@example.org", (A,), None),
    DemoPerson("Jordan Evans", "jordan@example.org", (P,), NORTH),
    DemoPerson("Chris Ahmed", "chris@example.org", (P,), NORTH),
    DemoPerson("Ruth Campbell", "ruth@example.org", (P,), NORTH),
    DemoPerson("Tomasz Nowak", "tomasz@example.org", (P,), CRISIS),
    DemoPerson("Dee Williams", "dee@example.org", (P, S), CRISIS),
    DemoPerson("Kemi Adeyemi", "kemi@example.org", (P, L), CRISIS, leads=True),
    DemoPerson("Nia Roberts", "nia@example.org", (P,), CRISIS),
    DemoPerson("Ben Carter", "ben@example.org", (P,), CRISIS),
)

# (supervisor, supervisee): supervisors have supervisors too.
DEMO_PAIRS = (
    ("supervisor@example.org", "practitioner@example.org"),
    ("supervisor@example.org", "jordan@example.org"),
    ("dee@example.org", "tomasz@example.org"),
    ("dee@example.org", "nia@example.org"),
    ("dee@example.org", "supervisor@example.org"),
)


def load(*, by: Actor) -> list[DemoPerson]:
    """Create the demo organisation in an empty database. Returns the demo people.

    Raises:
        PeopleError: the database already holds an organisation.
    """
    ensure(by, Permission.ADMINISTER)
    if people.organisation_exists():
        raise people.PeopleError("This database already holds an organisation; the demo goes only into an empty one.")
    people.create_organisation(name=DEMO_ORGANISATION, by=by)
    for team in (NORTH, CRISIS):
        people.add_team(name=team, by=by)
    for person in DEMO_PEOPLE:
        teams = [person.team] if person.team else []
        people.add_person(
            name=person.name,
            email=person.email,
            roles=person.roles,
            teams=teams,
            lead_of=teams if person.leads else [],
            password=DEMO_PASSWORD,
            is_demo=True,
            by=by,
        )
    for supervisor, supervisee in DEMO_PAIRS:
        people.add_pair(supervisor_email=supervisor, supervisee_email=supervisee, by=by)
    return list(DEMO_PEOPLE)
