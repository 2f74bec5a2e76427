"""The organisation: created once per installation; every account, team and pair is held by it.
Also the checks every name and e-mail address the organisation keeps goes through."""

from __future__ import annotations

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from reflect import runtime
from reflect.models import Organisation
from reflect.services import audit
from reflect.services.access import Actor, Permission, ensure
from reflect.services.errors import PeopleError
from reflect.services.auth import normalise_email
from reflect.text import EMAIL_LIMIT, NAME_LIMIT, clean_line, too_long


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


def organisation_id(session: Session, by: Actor) -> int:
    """The organisation the actor works in (for the `reflect` command, the installation's one).

    Raises:
        PeopleError: there is no organisation yet.
    """
    if not by.is_system:
        return by.organisation_id
    org_id = session.scalar(select(Organisation.id).order_by(Organisation.id).limit(1))
    if org_id is None:
        raise PeopleError("There is no organisation yet: run 'reflect init --organisation NAME' first.")
    return org_id


def exists_yet() -> bool:
    """Whether the database holds an organisation yet (a fact about the install, not about a person)."""
    with runtime.current().db.read() as session:
        return session.scalar(select(exists().where(Organisation.id.is_not(None))))


def create(*, name: str, by: Actor) -> int:
    """Create the organisation. Raises: PeopleError when one exists already or the name is empty."""
    ensure(by, Permission.ADMINISTER)
    name = checked_name(name, field="The organisation's name")
    if not name:
        raise PeopleError("Please give the organisation a name.")
    with runtime.current().db.write(by=by) as session:
        if session.scalar(select(exists().where(Organisation.id.is_not(None)))):
            raise PeopleError("An organisation already exists in this database.")
        org = Organisation(name=name)
        session.add(org)
        session.flush()
        audit.record(session, by=by, action="organisation_created", object_type="organisation", object_id=org.id)
        return org.id
