"""Who sees what in the register, and reading entries: the conditions that keep an entry to
those it is shared with, and the entries shown, decrypted with their owners' or contributors'
keys. Category, level, language and visibility come from fixed lists and are plain, indexed
columns."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import and_, false, literal, or_, select
from sqlalchemy.orm import Session
from sqlalchemy.sql import ColumnElement

from reflect import runtime
from reflect.crypto import SealedText, ServerKey, unseal
from reflect.models import Person, Team, TeamMembership
from reflect.models.register import RegisterContributor, RegisterEntry
from reflect.services.access import Actor
from reflect.services.register.common import CONTRIBUTOR_SUFFIX, choices
from reflect.services.vault import Vault, WrappedKey, unwrap_keys


@dataclass(frozen=True)
class RegisterItem:
    """An entry as the register shows it, with labels rather than ids."""

    entry_id: int
    who: str
    is_contributor: bool
    team: str
    category: str
    category_label: str
    description: str
    language: str
    level: str
    willing_to: tuple[str, ...]
    availability: str
    seen_by: str
    email: str = ""  # empty for people using the service, who have no account



# --- who sees what ----------------------------------------------------------------------------


def one_row(*conditions: ColumnElement[bool]) -> ColumnElement[bool]:
    """True when a row meets these conditions, found by reading at most one row."""
    return select(literal(1)).where(*conditions).limit(1).scalar_subquery().is_not(None)


# The parts that are the same for everyone, made once (a search uses them twice on every rerun).
_OWNER_IN_TEAM = one_row(TeamMembership.team_id == RegisterEntry.team_id, TeamMembership.person_id == RegisterEntry.owner_id)
_OWNER_PRESENT = or_(RegisterEntry.owner_id.is_(None), one_row(Person.id == RegisterEntry.owner_id, Person.erased_at.is_(None)))


def visible_to(actor: Actor) -> ColumnElement[bool]:
    """Entries the actor may see: published, owner not erased, and either shared with the whole
    organisation or shared with a team the actor is in (and the owner still is)."""
    # Probes of one row each (a scalar subquery with LIMIT 1, not EXISTS): inside an OR,
    # PostgreSQL would make an EXISTS a hashed subplan that reads every membership and every
    # person in the trust for each search.
    owner_in_team, owner_present = _OWNER_IN_TEAM, _OWNER_PRESENT
    in_my_team = RegisterEntry.team_id.in_(sorted(actor.team_ids)) if actor.team_ids else false()
    return and_(
        RegisterEntry.organisation_id == actor.organisation_id,
        RegisterEntry.published.is_(True),
        owner_present,
        or_(
            RegisterEntry.visibility == "organisation",
            and_(
                RegisterEntry.visibility == "team",
                in_my_team,
                or_(RegisterEntry.contributor_id.is_not(None), owner_in_team),
            ),
        ),
    )


def willing(option_id: str) -> ColumnElement[bool]:
    """Entries whose owner is willing to do this (a willing-to option id)."""
    return RegisterEntry.willing_to.like(f"% {option_id} %")


# `ServerKey` binds each wrapped key to a context string made from its argument; these names can
# never equal a person's numeric id, so no wrapped key can be passed off as another.
def _contributor_context(contributor_id: int) -> str:
    return f"register-contributor-{contributor_id}"


# --- reading entries --------------------------------------------------------------------------

# One index lookup per row shown (a scalar subquery is run for each row, by primary key).
_OWNER_NAME = select(Person.name).where(Person.id == RegisterEntry.owner_id).scalar_subquery().label("owner_name")
_OWNER_EMAIL = select(Person.email).where(Person.id == RegisterEntry.owner_id).scalar_subquery().label("owner_email")


def items_by_id(session: Session, server_key: ServerKey, entry_ids: Sequence[int], vault: Vault | None = None) -> list[RegisterItem]:
    """The entries with these ids, in this order, decrypted with one key query per kind of owner
    (the keys `vault` has already opened in this request are not fetched again)."""
    if not entry_ids:
        return []
    cats = choices()
    # Columns rather than ORM objects: an export reads thousands of these. The owner's name and
    # e-mail are looked up for each row read (`_OWNER_NAME`, `_OWNER_EMAIL`), never joined: for a
    # hundred rows PostgreSQL would read and hash every person in the trust. Teams are few.
    e = RegisterEntry
    rows = session.execute(
        select(
            e.id, e.owner_id, e.contributor_id, e.category, e.level, e.language, e.visibility, e.willing_to,
            e.description, e.availability, _OWNER_NAME, Team.name, _OWNER_EMAIL,
        )
        .outerjoin(Team, Team.id == e.team_id)
        .where(e.id.in_(list(entry_ids)))
    ).all()
    vault = Vault(session, server_key) if vault is None else vault.within(session)
    vault.preload([r.description for r in rows if r.owner_id is not None])
    contributor_ids = {r.contributor_id for r in rows if r.contributor_id is not None}
    contributors = contributor_keys(session, server_key, contributor_ids)
    categories = {c.id: c.label for c in cats.categories}
    levels = {o.id: o.label for o in cats.levels}
    willing = {o.id: o.label for o in cats.willing_to}
    seen_by = {o.id: o.label for o in cats.visibility}

    def _open(row, sealed: SealedText | None) -> str:
        if sealed is None:
            return ""
        if row.owner_id is not None:
            return vault.open(sealed) or ""
        return open_contributor(contributors.get(row.contributor_id), sealed)

    by_id = {}
    for row in rows:
        person_name, team_name, email = row[10], row[11], row[12]
        if row.owner_id is not None:
            who = person_name or ""
        else:
            key_and_name = contributors.get(row.contributor_id)
            who = (key_and_name[1] if key_and_name else "") + CONTRIBUTOR_SUFFIX
        by_id[row.id] = RegisterItem(
            entry_id=row.id,
            who=who,
            is_contributor=row.contributor_id is not None,
            team=team_name or "",
            category=row.category,
            category_label=categories.get(row.category, row.category),
            description=_open(row, row.description),
            language=row.language or "",
            level=levels.get(row.level, row.level) if row.level else "",
            willing_to=tuple(willing.get(w, w) for w in row.willing_to.split()),
            availability=_open(row, row.availability),
            seen_by=seen_by.get(row.visibility, row.visibility),
            email=(email or "") if row.owner_id is not None else "",
        )
    return [by_id[i] for i in entry_ids if i in by_id]


def contributor_keys(session: Session, server_key: ServerKey, ids: set[int]) -> dict[int, tuple[bytes | None, str]]:
    """For each of these contributors, their data key (None once withdrawn) and chosen name."""
    if not ids:
        return {}
    rows = list(session.scalars(select(RegisterContributor).where(RegisterContributor.id.in_(sorted(ids)))))
    keys = unwrap_keys(
        server_key, runtime.current().keystore, (WrappedKey(c.id, c.wrapped_key, c.key_name) for c in rows), _contributor_context
    )
    return {c.id: (keys.get(c.id), open_contributor((keys.get(c.id), ""), c.chosen_name)) for c in rows}


def open_contributor(key_and_name: tuple[bytes | None, str] | None, sealed: SealedText) -> str:
    """A contributor's text opened with their key; empty when the key is gone or does not fit."""
    if key_and_name is None or key_and_name[0] is None:
        return ""
    try:
        return unseal(key_and_name[0], sealed)
    except Exception:  # InvalidTag: tampered or from another key; show nothing rather than fail
        return ""
