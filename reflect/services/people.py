"""Organisation, teams, accounts and supervision pairs: the admin's work. Never content."""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import delete, exists, func, or_, select
from sqlalchemy.orm import Session

from reflect import runtime
from reflect.keystore import destroy_committed, person_key_name
from reflect.ledger import DecisionKind
from reflect.logs import event
from reflect.models import Organisation, Person, PersonKey, PersonRole, Role, SupervisionPair, Team, TeamMembership, utcnow
from reflect.services import audit, passwords
from reflect.services.access import Actor, Permission, ensure
from reflect.services.supervision import kinds as supervision_kinds
from reflect.services.auth import normalise_email
from reflect.services.vault import Vault
from reflect.text import EMAIL_LIMIT, NAME_LIMIT, clean_line, too_long

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class PeopleError(ValueError):
    """A request about accounts or teams could not be carried out; the message says why."""


def checked_name(value: str, *, field: str) -> str:
    """A name (a person's, a team's, the organisation's) as it is kept and looked up: invisible
    characters removed, on one line.

    Raises:
        PeopleError: it is longer than NAME_LIMIT; the message names `field` and the limit.
    """
    name = clean_line(value)
    problem = too_long(name, field=field, limit=NAME_LIMIT)
    if problem:
        raise PeopleError(problem)
    return name


def checked_email(value: str, *, field: str = "An e-mail address") -> str:
    """An e-mail address as it is kept and looked up (see `normalise_email`).

    Raises:
        PeopleError: it is longer than EMAIL_LIMIT; the message names `field` and the limit.
    """
    email = normalise_email(value)
    problem = too_long(email, field=field, limit=EMAIL_LIMIT)
    if problem:
        raise PeopleError(problem)
    return email


@dataclass(frozen=True)
class PersonSummary:
    id: int
    name: str
    email: str | None
    roles: tuple[Role, ...]
    teams: tuple[str, ...]
    is_demo: bool
    status: str = "Active"


@dataclass(frozen=True)
class TeamSummary:
    id: int
    name: str
    members: int


@dataclass(frozen=True)
class PairSummary:
    id: int
    supervisor: str
    supervisee: str
    starts_on: date
    ends_on: date | None
    frequency_weeks: int


def _organisation_id(session: Session, by: Actor) -> int:
    if not by.is_system:
        return by.organisation_id
    org_id = session.scalar(select(Organisation.id).order_by(Organisation.id).limit(1))
    if org_id is None:
        raise PeopleError("There is no organisation yet: run 'reflect init --organisation NAME' first.")
    return org_id


def organisation_exists() -> bool:
    """Whether the database holds an organisation yet (a fact about the install, not about a person)."""
    with runtime.current().db.read() as session:
        return session.scalar(select(exists().where(Organisation.id.is_not(None))))


def demo_accounts_exist() -> bool:
    """Whether demo accounts with published passwords exist: every page then shows a banner."""
    with runtime.current().db.read() as session:
        return session.scalar(select(exists().where(Person.is_demo.is_(True), Person.erased_at.is_(None))))


def create_organisation(*, name: str, by: Actor) -> int:
    """Create the organisation. Raises: PeopleError when one exists already or the name is empty."""
    ensure(by, Permission.ADMINISTER)
    name = checked_name(name, field="The organisation's name")
    if not name:
        raise PeopleError("Please give the organisation a name.")
    with runtime.current().db.write() as session:
        if session.scalar(select(exists().where(Organisation.id.is_not(None)))):
            raise PeopleError("An organisation already exists in this database.")
        org = Organisation(name=name)
        session.add(org)
        session.flush()
        audit.record(session, by=by, action="organisation_created", object_type="organisation", object_id=org.id)
        return org.id


def add_team(*, name: str, by: Actor) -> int:
    """Add a team. Raises: PeopleError for an empty or duplicate name."""
    ensure(by, Permission.ADMINISTER)
    name = checked_name(name, field="A team's name")
    if not name:
        raise PeopleError("Please give the team a name.")
    with runtime.current().db.write() as session:
        org_id = _organisation_id(session, by)
        if session.scalar(select(exists().where(Team.organisation_id == org_id, Team.name == name))):
            raise PeopleError(f"There is already a team called {name!r}.")
        team = Team(organisation_id=org_id, name=name)
        session.add(team)
        session.flush()
        audit.record(session, by=by, action="team_added", object_type="team", object_id=team.id)
    event("team.added", team=team.id)
    return team.id


def _team_ids(session: Session, org_id: int, team_names: Iterable[str]) -> list[int]:
    ids = []
    for raw in team_names:
        team_name = checked_name(raw, field="A team's name")
        team_id = session.scalar(select(Team.id).where(Team.organisation_id == org_id, Team.name == team_name))
        if team_id is None:
            raise PeopleError(f"There is no team called {team_name!r}: add it first with 'reflect team add'.")
        ids.append(team_id)
    return ids


def add_person(
    *,
    name: str,
    email: str,
    roles: Iterable[Role],
    by: Actor,
    teams: Iterable[str] = (),
    lead_of: Iterable[str] = (),
    password: str | None = None,
    is_demo: bool = False,
) -> tuple[int, str | None]:
    """Create an account with its data key. Returns the new id and the generated password, if one was made.

    Raises:
        PeopleError: a missing name, a bad or taken e-mail, no roles, or an unknown team.
        PasswordRejected: the given password breaks a rule.
    """
    ensure(by, Permission.ADMINISTER)
    name, email = checked_name(name, field="A person's name"), checked_email(email)
    roles = set(roles)
    if not name:
        raise PeopleError("Please give the person's name.")
    if not _EMAIL.match(email):
        raise PeopleError(f"{email!r} doesn't look like an e-mail address.")
    if not roles:
        raise PeopleError("Please give at least one role: practitioner, supervisor, team_lead or admin.")
    generated = None
    if password is None:
        generated = password = secrets.token_urlsafe(12)
    passwords.check_rules(password, email=email)
    lead_names = set(lead_of)
    if lead_names and Role.TEAM_LEAD not in roles:
        roles.add(Role.TEAM_LEAD)
    rt = runtime.current()
    with rt.db.write() as session:
        org_id = _organisation_id(session, by)
        if session.scalar(select(exists().where(Person.email == email))):
            raise PeopleError(f"There is already an account for {email}.")
        member_ids = _team_ids(session, org_id, list(teams))
        lead_ids = _team_ids(session, org_id, lead_names)
        for team_id in set(member_ids + lead_ids):
            team = session.get(Team, team_id)
            if team.archived_at is not None:
                raise PeopleError(f"The team {team.name!r} is archived, so nobody new can join it.")
        person = Person(
            organisation_id=org_id,
            name=name,
            email=email,
            password_hash=passwords.hash_password(password),
            is_demo=is_demo,
            roles=[PersonRole(role=r) for r in sorted(roles)],
        )
        session.add(person)
        session.flush()
        for team_id in dict.fromkeys(member_ids + lead_ids):
            session.add(TeamMembership(team_id=team_id, person_id=person.id, is_lead=team_id in lead_ids))
        Vault(session, rt.server_key).create_key(person.id, person.public_id)
        audit.record(session, by=by, action="account_created", subject_id=person.id)
    event("person.added", person=person.id)
    return person.id, generated


def add_pair(
    *,
    supervisor_email: str,
    supervisee_email: str,
    by: Actor,
    starts_on: date | None = None,
    frequency_weeks: int = 4,
    kinds: Iterable[str] = (),
) -> int:
    """Pair a supervisor with a supervisee from `starts_on` (today by default), holding these
    kinds of supervision (clinical, professional, line management, practice).

    Raises:
        PeopleError: an unknown person, the same person twice, a supervisor without the role,
            or a kind of supervision not on the list.
    """
    ensure(by, Permission.ADMINISTER)
    if not 1 <= frequency_weeks <= 26:
        raise PeopleError("Please give a supervision frequency between 1 and 26 weeks.")
    kinds = list(kinds)
    if supervision_kinds.unknown(kinds):
        raise PeopleError("Please choose the kinds of supervision from the list.")
    with runtime.current().db.write() as session:
        org_id = _organisation_id(session, by)
        people = {}
        for label, raw in (("supervisor", supervisor_email), ("supervisee", supervisee_email)):
            email = checked_email(raw, field=f"The {label}'s e-mail address")
            person = session.scalar(select(Person).where(Person.email == email, Person.organisation_id == org_id))
            if person is None:
                raise PeopleError(f"There is no account for the {label} {email!r}.")
            people[label] = person
        if people["supervisor"].id == people["supervisee"].id:
            raise PeopleError("A person can't be their own supervisor.")
        if Role.SUPERVISOR not in people["supervisor"].role_set:
            raise PeopleError(f"{people['supervisor'].name} doesn't have the supervisor role yet.")
        pair = SupervisionPair(
            supervisor_id=people["supervisor"].id,
            supervisee_id=people["supervisee"].id,
            starts_on=starts_on or date.today(),
            frequency_weeks=frequency_weeks,
            kinds=supervision_kinds.stored(kinds),
        )
        session.add(pair)
        session.flush()
        audit.record(session, by=by, action="pair_added", subject_id=pair.supervisee_id, object_type="pair", object_id=pair.id)
    event("pair.added", pair=pair.id)
    return pair.id


def list_people(*, by: Actor, search: str = "", page: int = 1, per_page: int = 50) -> tuple[list[PersonSummary], int]:
    """Accounts in the organisation, by name, one page at a time, and the total."""
    ensure(by, Permission.ADMINISTER)
    with runtime.current().db.read() as session:
        org_id = _organisation_id(session, by)
        query = select(Person).where(Person.organisation_id == org_id, Person.erased_at.is_(None))
        if search.strip():
            term = f"%{search.strip().lower()}%"
            query = query.where(or_(func.lower(Person.name).like(term), Person.email.like(term)))
        total = session.scalar(select(func.count()).select_from(query.subquery()))
        people = session.scalars(query.order_by(Person.name, Person.id).limit(per_page).offset((page - 1) * per_page)).all()
        summaries = [
            PersonSummary(
                id=p.id,
                name=p.name,
                email=p.email,
                roles=tuple(sorted(p.role_set)),
                teams=tuple(sorted(m.team.name for m in p.memberships)),
                is_demo=p.is_demo,
                status=_status(p),
            )
            for p in people
        ]
    return summaries, total or 0


def _status(person: Person) -> str:
    if person.deactivated_at is not None:
        return "Deactivated"
    if person.locked_until is not None and person.locked_until > utcnow():
        return "Paused"
    if person.must_change_password:
        return "Password reset"
    return "Active"


def list_teams(*, by: Actor) -> list[TeamSummary]:
    ensure(by, Permission.ADMINISTER)
    with runtime.current().db.read() as session:
        org_id = _organisation_id(session, by)
        rows = session.execute(
            select(Team.id, Team.name, func.count(TeamMembership.person_id))
            .outerjoin(TeamMembership, TeamMembership.team_id == Team.id)
            .where(Team.organisation_id == org_id)
            .group_by(Team.id, Team.name)
            .order_by(Team.name)
        ).all()
    return [TeamSummary(id=i, name=n, members=c) for i, n, c in rows]


def list_pairs(*, by: Actor, page: int = 1, per_page: int = 50) -> tuple[list[PairSummary], int]:
    """Supervision pairs in the organisation, newest first, one page at a time, and the total."""
    ensure(by, Permission.ADMINISTER)
    with runtime.current().db.read() as session:
        org_id = _organisation_id(session, by)
        supervisor, supervisee = Person.__table__.alias("sup"), Person.__table__.alias("sub")
        in_org = select(SupervisionPair.id).join(supervisor, supervisor.c.id == SupervisionPair.supervisor_id).where(
            supervisor.c.organisation_id == org_id
        )
        total = session.scalar(select(func.count()).select_from(in_org.subquery())) or 0
        rows = session.execute(
            select(SupervisionPair, supervisor.c.name, supervisee.c.name)
            .join(supervisor, supervisor.c.id == SupervisionPair.supervisor_id)
            .join(supervisee, supervisee.c.id == SupervisionPair.supervisee_id)
            .where(supervisor.c.organisation_id == org_id)
            .order_by(SupervisionPair.id.desc())
            .limit(per_page)
            .offset((max(page, 1) - 1) * per_page)
        ).all()
    return [
        PairSummary(p.id, sup_name, sub_name, p.starts_on, p.ends_on, p.frequency_weeks) for p, sup_name, sub_name in rows
    ], total


def erase(*, person_id: int, by: Actor) -> None:
    """Erase a person: destroy their key in the keystore, so every text they wrote is unreadable
    for good, in every database backup too, and remove what identifies them. Recorded in the
    decision ledger, by the account's public id, so that a restore from an older backup erases
    them again.

    Raises:
        PeopleError: no such person.
    """
    if by.person_id != person_id:
        ensure(by, Permission.ADMINISTER)
    rt = runtime.current()
    with rt.db.write() as session:
        if not apply_erasure(session, person_id):
            raise PeopleError("There is no such account.")
        audit.record(session, by=by, action="account_erased", subject_id=person_id)
        # The ledger is written inside the transaction: if it can't be written, nothing is erased
        # and the admin is told, rather than leaving an erasure a restore would undo.
        public_id = session.scalar(select(Person.public_id).where(Person.id == person_id))
        rt.ledger.record(DecisionKind.PERSON_ERASED, [public_id])
    # Only once the erasure is committed: destroying the key of an account whose erasure then
    # failed would lose a live person's words.
    destroy_committed(rt.keystore, [person_key_name(public_id)])
    event("person.erased", person=person_id)


def apply_erasure(session: Session, person_id: int) -> bool:
    """Destroy a person's key and identifying details in this unit of work. False if no such person."""
    person = session.get(Person, person_id)
    if person is None:
        return False
    key = session.get(PersonKey, person_id)
    if key is not None:
        session.delete(key)
    # Their text is unreadable once the key is gone; this removes the rows as well.
    from reflect.models import Entry, Episode, LearningNote
    from reflect.services import register, supervision, wellness_plan

    supervision.forget_person(session, person_id)
    wellness_plan.forget_person(session, person_id)
    for model in (LearningNote, Entry, Episode):
        session.execute(delete(model).where(model.owner_id == person_id))
    register.forget_person(session, person_id)
    person.name = "Erased account"
    person.email = None
    person.password_hash = None
    person.erased_at = person.erased_at or utcnow()
    person.roles.clear()
    person.memberships.clear()
    return True
