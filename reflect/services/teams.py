"""Teams: add, list, find, rename and archive. An archived team keeps its records."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import exists, func, literal, select
from sqlalchemy.orm import Session

from reflect import runtime
from reflect.logs import event
from reflect.models import Team, TeamMembership, utcnow
from reflect.services import audit
from reflect.services.access import Actor, InOrganisation, Permission, can, ensure
from reflect.services.errors import PeopleError
from reflect.services.organisations import checked_name, organisation_id


@dataclass(frozen=True)
class TeamRow:
    id: int
    name: str
    members: int
    archived_at: datetime | None


def add(*, name: str, by: Actor) -> int:
    """Add a team. Raises: PeopleError for an empty or duplicate name."""
    ensure(by, Permission.ADMINISTER)
    name = checked_name(name, field="A team's name")
    if not name:
        raise PeopleError("Please give the team a name.")
    with runtime.current().db.write(by=by) as session:
        org_id = organisation_id(session, by)
        if session.scalar(select(exists().where(Team.organisation_id == org_id, Team.name == name))):
            raise PeopleError(f"There is already a team called {name!r}.")
        team = Team(organisation_id=org_id, name=name)
        session.add(team)
        session.flush()
        audit.record(session, by=by, action="team_added", object_type="team", object_id=team.id)
    event("team.added", team=team.id)
    return team.id


def list_teams(
    *, by: Actor, search: str = "", include_archived: bool = True, page: int = 1, per_page: int = 50, with_members: bool = True
) -> tuple[list[TeamRow], int]:
    """Teams by name, one page at a time, and the total; `with_members=False` leaves out the
    member counts (0), for a list of names to choose from."""
    ensure(by, Permission.ADMINISTER)
    with runtime.current().db.read() as session:
        org_id = organisation_id(session, by)
        query = select(Team).where(Team.organisation_id == org_id)
        if search.strip():
            query = query.where(func.lower(Team.name).like(f"%{search.strip().lower()}%"))
        if not include_archived:
            query = query.where(Team.archived_at.is_(None))
        total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
        members = (
            select(func.count()).where(TeamMembership.team_id == Team.id).correlate(Team).scalar_subquery()
            if with_members
            else literal(0)
        )
        rows = session.execute(
            query.add_columns(members).order_by(Team.name).limit(per_page).offset((max(page, 1) - 1) * per_page)
        ).all()
    return [TeamRow(t.id, t.name, count, t.archived_at) for t, count in rows], total


def find(*, name: str, by: Actor) -> int:
    """The id of the team with this name. Raises: PeopleError when there is none."""
    ensure(by, Permission.ADMINISTER)
    name = checked_name(name, field="A team's name")
    with runtime.current().db.read() as session:
        team_id = session.scalar(
            select(Team.id).where(Team.organisation_id == organisation_id(session, by), Team.name == name)
        )
    if team_id is None:
        raise PeopleError(f"There is no team called {name!r}.")
    return team_id


def require(session: Session, by: Actor, team_id: int) -> Team:
    """The team `team_id`, for an admin of its organisation.

    Raises:
        PeopleError: no such team (also what one in another organisation looks like).
    """
    team = session.get(Team, team_id)
    if team is None or not can(by, Permission.ADMINISTER, InOrganisation(team.organisation_id)):
        raise PeopleError("There is no such team.")
    return team


def rename(*, team_id: int, name: str, by: Actor) -> None:
    """Give a team a new name. Raises: PeopleError for no such team, an empty or a taken name."""
    ensure(by, Permission.ADMINISTER)
    name = checked_name(name, field="A team's name")
    if not name:
        raise PeopleError("Please give the team a name.")
    with runtime.current().db.write(by=by) as session:
        team = require(session, by, team_id)
        taken = session.scalar(
            select(exists().where(Team.organisation_id == team.organisation_id, Team.name == name, Team.id != team_id))
        )
        if taken:
            raise PeopleError(f"There is already a team called {name!r}.")
        team.name = name
        audit.record(session, by=by, action="team_renamed", object_type="team", object_id=team_id)
    event("team.renamed", team=team_id)


def archive(*, team_id: int, by: Actor) -> None:
    """Archive a team: its members and records stay, nobody new joins, and it leaves the choices
    offered for new accounts. Raises: PeopleError for no such team or one archived already."""
    ensure(by, Permission.ADMINISTER)
    with runtime.current().db.write(by=by) as session:
        team = require(session, by, team_id)
        if team.archived_at is not None:
            raise PeopleError(f"The team {team.name!r} is archived already.")
        team.archived_at = utcnow()
        audit.record(session, by=by, action="team_archived", object_type="team", object_id=team_id)
    event("team.archived", team=team_id)
