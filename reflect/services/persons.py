"""People's accounts: add, list, find, show, change, deactivate, reactivate, reset a password,
unlock and erase (by erasure.py). The admin pages and the `reflect` command both call these; none
of them reads content. Changing roles or teams, deactivating, reactivating and resetting a
password are recorded in the decision ledger before they commit, so a restore never gives
back access taken away.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import delete, exists, func, or_, select
from sqlalchemy.orm import Session

from reflect import runtime
from reflect.domain import Role
from reflect.ledger import DecisionKind
from reflect.logs import event
from reflect.models import AuthSession, Person, PersonRole, SignInFailure, SupervisionPair, Team, TeamMembership, utcnow
from reflect.services import audit, auth, erasure, own_keys, passwords
from reflect.services.access import Actor, InOrganisation, Permission, can, ensure
from reflect.services.auth import normalise_email
from reflect.services.errors import PeopleError
from reflect.services.organisations import checked_email, checked_name, organisation_id
from reflect.services.vault import Vault

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass(frozen=True)
class PersonSummary:
    id: int
    name: str
    email: str | None
    roles: tuple[Role, ...]
    teams: tuple[str, ...]
    is_demo: bool
    status: str = "Active"


def demo_accounts_exist() -> bool:
    """Whether demo accounts with published passwords exist: every page then shows a banner."""
    with runtime.current().db.read() as session:
        return session.scalar(select(exists().where(Person.is_demo.is_(True), Person.erased_at.is_(None))))


def _team_ids(session: Session, org_id: int, team_names: Iterable[str]) -> list[int]:
    ids = []
    for raw in team_names:
        team_name = checked_name(raw, field="A team's name")
        team_id = session.scalar(select(Team.id).where(Team.organisation_id == org_id, Team.name == team_name))
        if team_id is None:
            raise PeopleError(f"There is no team called {team_name!r}: add it first with 'reflect team add'.")
        ids.append(team_id)
    return ids


def add(
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
    with rt.db.write(by=by) as session:
        org_id = organisation_id(session, by)
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
        Vault(session, rt.server_key, by=by).create_key(person.id, person.public_id)
        audit.record(session, by=by, action="account_created", subject_id=person.id)
    event("person.added", person=person.id)
    return person.id, generated


def list_people(*, by: Actor, search: str = "", page: int = 1, per_page: int = 50) -> tuple[list[PersonSummary], int]:
    """Accounts in the organisation, by name, one page at a time, and the total."""
    ensure(by, Permission.ADMINISTER)
    with runtime.current().db.read() as session:
        org_id = organisation_id(session, by)
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


@dataclass(frozen=True)
class PersonDetail:
    """What an admin may know about an account: never anything the person wrote."""

    id: int
    name: str
    email: str | None
    roles: tuple[Role, ...]
    teams: tuple[str, ...]
    leads: tuple[str, ...]
    created_at: datetime
    deactivated_at: datetime | None
    locked_until: datetime | None
    must_change_password: bool
    live_sessions: int
    supervises: tuple[str, ...]
    supervised_by: tuple[str, ...]

    @property
    def status(self) -> str:
        if self.deactivated_at is not None:
            return "Deactivated"
        if self.locked_until is not None and self.locked_until > utcnow():
            return "Paused after failed sign-ins"
        if self.must_change_password:
            return "Must choose a new password"
        return "Active"


def require(session: Session, by: Actor, person_id: int) -> Person:
    """The live account `person_id`, for an admin of its organisation.

    Raises:
        PeopleError: no such account (also what one in another organisation looks like).
    """
    person = session.get(Person, person_id)
    if person is None or person.erased_at is not None or not can(by, Permission.ADMINISTER, InOrganisation(person.organisation_id)):
        raise PeopleError("There is no such account.")
    return person


def find(*, email: str, by: Actor) -> int:
    """The id of the account with this e-mail. Raises: PeopleError when there is none."""
    ensure(by, Permission.ADMINISTER)
    email = checked_email(email)
    with runtime.current().db.read() as session:
        org_id = organisation_id(session, by)
        person_id = session.scalar(select(Person.id).where(Person.email == email, Person.organisation_id == org_id))
    if person_id is None:
        raise PeopleError(f"There is no account for {email!r}.")
    return person_id


def show(*, person_id: int, by: Actor) -> PersonDetail:
    """One account's details, status and pairs. Raises: PeopleError when there is no such account."""
    ensure(by, Permission.ADMINISTER)
    today = date.today()
    with runtime.current().db.read() as session:
        person = require(session, by, person_id)
        live = session.scalar(
            select(func.count()).select_from(AuthSession).where(AuthSession.person_id == person_id, AuthSession.ended_at.is_(None))
        )
        supervised_by = _active_partners(session, today, SupervisionPair.supervisee_id, SupervisionPair.supervisor_id, person_id)
        supervises = _active_partners(session, today, SupervisionPair.supervisor_id, SupervisionPair.supervisee_id, person_id)
        return PersonDetail(
            id=person.id,
            name=person.name,
            email=person.email,
            roles=tuple(sorted(person.role_set)),
            teams=tuple(sorted(m.team.name for m in person.memberships)),
            leads=tuple(sorted(m.team.name for m in person.memberships if m.is_lead)),
            created_at=person.created_at,
            deactivated_at=person.deactivated_at,
            locked_until=person.locked_until,
            must_change_password=person.must_change_password,
            live_sessions=live or 0,
            supervises=supervises,
            supervised_by=supervised_by,
        )


def _active_partners(session: Session, today: date, mine, theirs, person_id: int) -> tuple[str, ...]:
    other = Person.__table__.alias("other")
    rows = session.execute(
        select(SupervisionPair, other.c.name).join(other, other.c.id == theirs).where(mine == person_id).order_by(other.c.name)
    ).all()
    return tuple(name for pair, name in rows if pair.is_active(today))


def update(
    *,
    person_id: int,
    by: Actor,
    name: str | None = None,
    email: str | None = None,
    roles: Iterable[Role] | None = None,
    teams: Iterable[str] | None = None,
    lead_of: Iterable[str] | None = None,
) -> None:
    """Change an account's name, e-mail, roles, teams or the teams they lead. Anything left as
    None stays as it is; `teams` and `lead_of` replace the current lists.

    Raises:
        PeopleError: no such account, an empty name, a bad or taken e-mail, no roles, an unknown
            or archived team, or an admin removing their own admin role.
    """
    ensure(by, Permission.ADMINISTER)
    if name is not None:
        name = checked_name(name, field="A person's name")
    if email is not None:
        email = checked_email(email)
    with runtime.current().db.write(by=by) as session:
        person = require(session, by, person_id)
        org_id = person.organisation_id
        changed = []
        if name is not None:
            if not name:
                raise PeopleError("Please give the person's name.")
            person.name = name
            changed.append("name")
        if email is not None:
            if not _EMAIL.match(email):
                raise PeopleError(f"{email!r} doesn't look like an e-mail address.")
            if email != person.email and session.scalar(select(exists().where(Person.email == email))):
                raise PeopleError(f"There is already an account for {email}.")
            person.email = email
            changed.append("email")
        new_roles = set(roles) if roles is not None else set(person.role_set)
        lead_names = list(lead_of) if lead_of is not None else None
        if lead_names:
            new_roles.add(Role.TEAM_LEAD)
        if roles is not None or lead_names:
            if not new_roles:
                raise PeopleError("Please give at least one role: practitioner, supervisor, team_lead or admin.")
            if person.id == by.person_id and Role.ADMIN not in new_roles:
                raise PeopleError("You can't remove your own admin role: ask another admin to do it.")
            person.roles.clear()
            session.flush()
            person.roles.extend(PersonRole(role=r) for r in sorted(new_roles))
            changed.append("roles")
        if teams is not None or lead_names is not None:
            member_names = list(teams) if teams is not None else [m.team.name for m in person.memberships]
            if lead_names is None:
                lead_names = [m.team.name for m in person.memberships if m.is_lead]
            member_ids = _active_team_ids(session, org_id, member_names, person)
            lead_ids = _active_team_ids(session, org_id, lead_names, person)
            person.memberships.clear()
            session.flush()
            for team_id in dict.fromkeys(member_ids + lead_ids):
                session.add(TeamMembership(team_id=team_id, person_id=person.id, is_lead=team_id in lead_ids))
            changed.append("teams")
        if not changed:
            return
        if "roles" in changed or "teams" in changed:
            session.flush()
            _record_access(session, person)
        audit.record(session, by=by, action="account_changed", subject_id=person.id)
    event("person.changed", person=person_id, fields=len(changed))


def _record_access(session: Session, person: Person) -> None:
    """The roles and teams an account now holds, by value and team public id, in the decision
    ledger: a restore leaves the account with no more than the latest of these."""
    session.refresh(person)
    runtime.current().ledger.record(
        DecisionKind.ACCOUNT_ACCESS_SET,
        [person.public_id],
        roles=[role.value for role in person.role_set],
        teams=[m.team.public_id for m in person.memberships],
        leads=[m.team.public_id for m in person.memberships if m.is_lead],
    )


def _active_team_ids(session: Session, org_id: int, names: Iterable[str], person: Person) -> list[int]:
    current = {m.team_id for m in person.memberships}
    ids = _team_ids(session, org_id, names)
    for team_id in ids:
        team = session.get(Team, team_id)
        # Someone already in an archived team may stay; nobody new joins one.
        if team.archived_at is not None and team_id not in current:
            raise PeopleError(f"The team {team.name!r} is archived, so nobody new can join it.")
    return ids


def deactivate(*, person_id: int, by: Actor) -> int:
    """Refuse this person's sign-ins (password and single sign-on) and end every session they
    have, at once. Their content is kept. Returns how many sessions ended.

    Raises:
        PeopleError: no such account, already deactivated, or an admin deactivating themselves.
    """
    ensure(by, Permission.ADMINISTER)
    if person_id == by.person_id:
        raise PeopleError("You can't deactivate your own account: ask another admin to do it.")
    with runtime.current().db.write(by=by) as session:
        person = require(session, by, person_id)
        if person.deactivated_at is not None:
            raise PeopleError(f"{person.name}'s account is already deactivated.")
        now = utcnow()
        person.deactivated_at = now
        person.sessions_not_before = now
        ended = auth.end_sessions_of(session, person_id, reason="deactivated")
        audit.record(session, by=by, action="account_deactivated", subject_id=person_id)
        runtime.current().ledger.record(DecisionKind.ACCOUNT_DEACTIVATED, [person.public_id], at=now)
    event("person.deactivated", person=person_id, ended=ended)
    return ended


def reactivate(*, person_id: int, by: Actor) -> None:
    """Let a deactivated person sign in again, with everything they wrote as they left it.

    Raises:
        PeopleError: no such account, or it is not deactivated.
    """
    ensure(by, Permission.ADMINISTER)
    with runtime.current().db.write(by=by) as session:
        person = require(session, by, person_id)
        if person.deactivated_at is None:
            raise PeopleError(f"{person.name}'s account is active already.")
        person.deactivated_at = None
        audit.record(session, by=by, action="account_reactivated", subject_id=person_id)
        # A later decision than the deactivation: a restore of a backup made after it keeps the account open.
        runtime.current().ledger.record(DecisionKind.ACCOUNT_REACTIVATED, [person.public_id])
    event("person.reactivated", person=person_id)


def reset_password(*, person_id: int, by: Actor) -> str:
    """Give the person a one-time password, shown once to the admin, that they must replace at
    their next sign-in. Ends their sessions and any pause after failed sign-ins.

    Raises:
        PeopleError: no such account.
    """
    ensure(by, Permission.ADMINISTER)
    one_time = secrets.token_urlsafe(12)
    with runtime.current().db.write(by=by) as session:
        person = require(session, by, person_id)
        person.password_hash = passwords.hash_password(one_time)
        person.must_change_password = True
        auth.record_password_set(person)
        # The old password's wrap of their own key goes: private text stays locked until their
        # recovery code opens it (the admin never can).
        own_keys.forget_secret(session, person_id)
        person.locked_until = None
        session.execute(delete(SignInFailure).where(SignInFailure.person_id == person_id))
        ended = auth.end_sessions_of(session, person_id, reason="password_reset")
        audit.record(session, by=by, action="password_reset", subject_id=person_id)
    event("person.password_reset", person=person_id, ended=ended)
    return one_time


def unlock(*, person_id: int, by: Actor) -> bool:
    """Lift a pause after failed sign-ins. Returns False when the account was not paused.

    Raises:
        PeopleError: no such account.
    """
    ensure(by, Permission.ADMINISTER)
    with runtime.current().db.write(by=by) as session:
        person = require(session, by, person_id)
        was_locked = person.locked_until is not None and person.locked_until > utcnow()
        person.locked_until = None
        session.execute(delete(SignInFailure).where(SignInFailure.person_id == person_id))
        audit.record(session, by=by, action="account_unlocked", subject_id=person_id)
    event("person.unlocked", person=person_id)
    return was_locked


def erase(*, person_id: int, confirm_email: str, by: Actor) -> None:
    """Erase an account for good, once the e-mail typed as confirmation matches the account's.

    Raises:
        PeopleError: no such account, or the confirmation does not match.
    """
    ensure(by, Permission.ADMINISTER)
    with runtime.current().db.read() as session:
        person = require(session, by, person_id)
        email = person.email
    if not confirm_email.strip() or normalise_email(confirm_email) != email:
        raise PeopleError("The e-mail you typed doesn't match this account, so nothing was erased.")
    erasure.erase(person_id=person_id, by=by)
