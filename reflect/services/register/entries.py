"""My own entries in the register: an entry checked as entered, my teams and my entries,
adding, changing, publishing and deleting them, and a person's entries forgotten on erasure."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from reflect import runtime
from reflect.ledger import DecisionKind
from reflect.logs import event
from reflect.models import Biography, Team, utcnow
from reflect.models.register import RegisterEntry
from reflect.questions.schema import RegisterCategories
from reflect.services.access import Actor, Permission, can, ensure
from reflect.services.register.blind_index import entry_texts, index_key, write_tokens
from reflect.services.register.common import EntryInput, RegisterError, choices, label
from reflect.services.vault import Vault
from reflect.text import clean_text

MAX_DESCRIPTION = 1000
MAX_AVAILABILITY = 200

_LANGUAGE = re.compile(r"^[^\W\d_]+(?:[ '’-][^\W\d_]+){0,5}$")


@dataclass(frozen=True)
class MyEntry:
    id: int
    category: str
    category_label: str
    description: str
    visibility: str
    willing_to: tuple[str, ...]
    availability: str
    level: str | None
    language: str | None
    team_id: int | None
    published: bool
    updated_at: datetime
    export_ok: bool = True


@dataclass(frozen=True)
class TeamChoice:
    id: int
    name: str


# --- data and validation ------------------------------------------------------------------


def normalise_language(raw: str | None) -> str | None:
    """'  polish ' -> 'Polish'. Raises RegisterError for anything that isn't a language name."""
    text = " ".join((raw or "").split())
    if not text:
        return None
    if len(text) > 60 or not _LANGUAGE.match(text):
        raise RegisterError("Please give the language as its name in letters, for example Polish or British Sign Language.")
    return " ".join(part[:1].upper() + part[1:].lower() for part in text.split(" "))


def clean_input(entry: EntryInput, cats: RegisterCategories, *, team_ids: frozenset[int]) -> EntryInput:
    """The entry with ids checked and text trimmed. Raises RegisterError naming the problem."""
    category = cats.category(entry.category)
    if category is None:
        names = ", ".join(c.label for c in cats.categories)
        raise RegisterError(f"'{entry.category[:40]}' isn't one of the register's categories ({names}).")
    description = clean_text(entry.description or "").strip()
    if not description:
        raise RegisterError("Please add a few words describing it.")
    if len(description) > MAX_DESCRIPTION:
        raise RegisterError(f"Please keep the description under {MAX_DESCRIPTION} characters.")
    visibility = entry.visibility or "team"
    if visibility not in {o.id for o in cats.visibility}:
        names = ", ".join(o.label for o in cats.visibility)
        raise RegisterError(f"'{visibility[:40]}' isn't a choice for who may see it ({names}).")
    unknown = [w for w in entry.willing_to if w not in {o.id for o in cats.willing_to}]
    if unknown:
        names = ", ".join(o.id for o in cats.willing_to)
        raise RegisterError(f"'{unknown[0][:40]}' isn't a choice for what you're willing to do ({names}).")
    availability = clean_text(entry.availability or "").strip()
    if len(availability) > MAX_AVAILABILITY:
        raise RegisterError(f"Please keep availability under {MAX_AVAILABILITY} characters.")
    level, language = entry.level or None, normalise_language(entry.language)
    if category.has_level:
        if level is not None and level not in {o.id for o in cats.levels}:
            names = ", ".join(o.label for o in cats.levels)
            raise RegisterError(f"'{level[:40]}' isn't one of the levels ({names}).")
        if language is None:
            raise RegisterError(f"Please say which language this is for '{category.label}'.")
    elif level is not None or language is not None:
        raise RegisterError(f"'{category.label}' doesn't take a language or level; please leave those empty.")
    team_id = entry.team_id
    if visibility == "team":
        if team_id is None and len(team_ids) == 1:
            team_id = next(iter(team_ids))
        if team_id is None or team_id not in team_ids:
            raise RegisterError("Please choose which of your teams may see it, or share it with the whole organisation.")
    elif team_id is not None and team_id not in team_ids:
        team_id = None
    if team_id is None and team_ids:
        team_id = min(team_ids)
    return EntryInput(
        category=category.id,
        description=description,
        visibility=visibility,
        willing_to=tuple(dict.fromkeys(entry.willing_to)),
        availability=availability,
        level=level,
        language=language,
        team_id=team_id,
        export_ok=entry.export_ok or not cats.is_private(category.id),
    )


# --- my entries -------------------------------------------------------------------------------


def my_teams(*, by: Actor) -> list[TeamChoice]:
    """The teams the acting person belongs to, by name."""
    ensure(by, Permission.KEEP_OWN_TALENTS)
    if not by.team_ids:
        return []
    with runtime.current().db.read() as session:
        rows = session.execute(select(Team.id, Team.name).where(Team.id.in_(sorted(by.team_ids))).order_by(Team.name)).all()
    return [TeamChoice(i, n) for i, n in rows]


def my_entries(*, by: Actor) -> list[MyEntry]:
    """The acting person's own entries, including imported ones waiting for them to publish."""
    ensure(by, Permission.KEEP_OWN_TALENTS)
    cats = choices()
    rt = runtime.current()
    with rt.db.read() as session:
        rows = session.scalars(
            select(RegisterEntry).where(RegisterEntry.owner_id == by.person_id).order_by(RegisterEntry.category, RegisterEntry.id)
        ).all()
        vault = Vault(session, rt.server_key, by=by)
        vault.preload([r.description for r in rows])
        return [
            MyEntry(
                id=r.id,
                category=r.category,
                category_label=label(cats.categories, r.category),
                description=vault.open(r.description) or "",
                visibility=r.visibility,
                willing_to=tuple(r.willing_to.split()),
                availability=vault.open(r.availability) or "",
                level=r.level,
                language=r.language,
                team_id=r.team_id,
                published=r.published,
                updated_at=r.updated_at,
                export_ok=r.exportable or not cats.is_private(r.category),
            )
            for r in rows
        ]


def fill_row(row: RegisterEntry, entry: EntryInput, seal_text) -> None:
    """Copy a checked entry onto its row, its texts sealed with `seal_text`."""
    row.category = entry.category
    row.level = entry.level
    row.language = entry.language
    row.visibility = entry.visibility
    row.willing_to = " " + " ".join(entry.willing_to) + " "
    row.description = seal_text(entry.description)
    row.availability = seal_text(entry.availability) if entry.availability else None
    row.team_id = entry.team_id
    row.exportable = entry.export_ok
    row.updated_at = utcnow()


def add_entry(*, by: Actor, entry: EntryInput) -> int:
    """Add a talent of my own, published at once. Returns its id.

    Raises:
        RegisterError: a field is missing or not one of the listed choices.
    """
    ensure(by, Permission.KEEP_OWN_TALENTS)
    cats = choices()
    entry = clean_input(entry, cats, team_ids=by.team_ids)
    rt = runtime.current()
    with rt.db.write(by=by) as session:
        vault = Vault(session, rt.server_key, by=by)
        row = RegisterEntry(
            organisation_id=by.organisation_id, owner_id=by.person_id, published=True, set_id=cats.id, set_version=cats.version
        )
        fill_row(row, entry, lambda text: vault.seal(by.person_id, text))
        session.add(row)
        session.flush()
        write_tokens(session, index_key(session, rt.server_key, create=True), row.id, entry_texts(entry, cats))
        entry_id = row.id
    event("register.entry_added", entry=entry_id)
    return entry_id


def _own_row(session: Session, by: Actor, entry_id: int) -> RegisterEntry:
    row = session.get(RegisterEntry, entry_id)
    if row is None or not can(by, Permission.OWN_CONTENT, row.owner_id):
        raise RegisterError("That entry isn't one of yours, or it has been deleted.")
    return row


def update_entry(*, by: Actor, entry_id: int, entry: EntryInput) -> None:
    """Change one of my entries (and publish it, if it was imported for me).

    Raises:
        RegisterError: not my entry, or a field is wrong.
    """
    ensure(by, Permission.KEEP_OWN_TALENTS)
    cats = choices()
    entry = clean_input(entry, cats, team_ids=by.team_ids)
    rt = runtime.current()
    with rt.db.write(by=by) as session:
        row = _own_row(session, by, entry_id)
        vault = Vault(session, rt.server_key, by=by)
        fill_row(row, entry, lambda text: vault.seal(by.person_id, text))
        row.published = True
        row.set_id, row.set_version = cats.id, cats.version
        write_tokens(session, index_key(session, rt.server_key, create=True), row.id, entry_texts(entry, cats))
        # A change may narrow who sees it, take it out of downloads or take words out: a restore
        # of an older version keeps that one unpublished until its owner looks at it again.
        rt.ledger.record(DecisionKind.REGISTER_ENTRY_CHANGED, [row.public_id], at=row.updated_at)


def publish_entry(*, by: Actor, entry_id: int) -> None:
    """Publish an entry a team lead imported for me, as it stands. Raises: RegisterError if not mine."""
    ensure(by, Permission.KEEP_OWN_TALENTS)
    with runtime.current().db.write(by=by) as session:
        _own_row(session, by, entry_id).published = True


def delete_entry(*, by: Actor, entry_id: int) -> None:
    """Delete one of my entries and its search words. Raises: RegisterError if not mine."""
    ensure(by, Permission.KEEP_OWN_TALENTS)
    with runtime.current().db.write(by=by) as session:
        row = _own_row(session, by, entry_id)
        session.delete(row)
        runtime.current().ledger.record(DecisionKind.REGISTER_ENTRY_DELETED, [row.public_id])
    event("register.entry_deleted", entry=entry_id)


def forget_person(session: Session, person_id: int) -> None:
    """Delete a person's entries, search words and biography in the caller's unit of work
    (for erasure: the sealed text is unreadable once their key goes, and this removes the rest)."""
    session.execute(delete(RegisterEntry).where(RegisterEntry.owner_id == person_id))
    session.execute(delete(Biography).where(Biography.person_id == person_id))
