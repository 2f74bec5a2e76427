"""The team talents register: my entries, searching and matching, team figures, contributors
who use the service, and CSV import and export.

Search and encryption. Descriptions and availability are free text, sealed with the owner's
key like every other text. To search them without decrypting the whole register, each entry
also gets a blind index: its words, normalised, hashed with HMAC-SHA256 under a secret index
key and cut to 8 bytes, one row per word in `register_tokens`. A search hashes its own words
the same way and looks the hashes up in that indexed table; only the page of results shown
is decrypted. Category, level, language and visibility come from fixed lists and are plain,
indexed columns. Whole words only: no prefixes or typos, the price of never storing the words.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy import and_, delete, distinct, exists, false, func, insert, or_, select, union_all
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session
from sqlalchemy.sql import ColumnElement

from reflect import runtime
from reflect.crypto import KEY_BYTES, KeyUnavailable, SealedText, ServerKey, seal, unseal
from reflect.ledger import DecisionKind
from reflect.logs import event
from reflect.models import Biography, Person, Team, TeamMembership, utcnow
from reflect.models.register import RegisterContributor, RegisterEntry, RegisterIndexKey, RegisterToken
from reflect.questions.schema import RegisterCategories
from reflect.reports import tables
from reflect.services import audit
from reflect.services.access import Actor, Permission, ensure
from reflect.services.auth import normalise_email
from reflect.services.vault import Vault
from reflect.text import clean_control_characters

MIN_CONTRIBUTORS = 5  # team figures need at least this many people behind them
MAX_DESCRIPTION = 1000
MAX_AVAILABILITY = 200
MAX_NAME = 40
MAX_TOKENS_PER_ENTRY = 200
# Counting every match of a broad search grows with the register, so counts stop here and the
# page says "more than"; pages follow a cursor rather than an offset for the same reason.
COUNT_CAP = 1_000
EXPORT_CHUNK = 1_000
# A match looks at this many of the newest visible entries holding each word, so its cost
# does not grow with the organisation.
MATCH_CANDIDATES = 400
MAX_MATCH_WORDS = 20
# The willing-to option meaning "offer it to people using the service", and the category of
# lead roles: the matching view and the lead-roles list look for these ids in the data file.
OFFER_TO_PEOPLE = "offer_to_people_supported"
LEAD_ROLES_CATEGORY = "expertise_lead_roles"
# Contributors agree for themselves; nobody else consents on their behalf.
CONSENT_FROM = {"person": "The person themselves"}
IMPORT_REQUIRED = ("email", "category", "description", "visibility")
CONTRIBUTOR_SUFFIX = " (uses the service)"
# "who" and "team" are read for people's benefit and ignored: an export imports back as it is.
IMPORT_OPTIONAL = ("willing_to", "availability", "level", "language", "who", "team")
# The import's columns (as headings) and the same values, labels rather than ids.
EXPORT_COLUMNS = ("Email", "Who", "Team", "Category", "Description", "Visibility", "Willing to", "Availability", "Level", "Language")

_LANGUAGE = re.compile(r"^[^\W\d_]+(?:[ '’-][^\W\d_]+){0,5}$")
_WORD = re.compile(r"[^\W_]+")
_STOPWORDS = frozenset(
    "a an and are as at be but by can do for from have i in is it me my of on or so the to we with "
    "who anyone any someone speaks speak into".split()
)


class RegisterError(ValueError):
    """The request can't be carried out as asked; the message says why, kindly."""


class IdentifyingDetails(RegisterError):
    """The text seems to hold details that could identify a person using the service."""


@dataclass(frozen=True)
class EntryInput:
    """One talent as a person enters it. Ids come from the register categories data file."""

    category: str
    description: str
    # None: the team (personal experience is team-only unless its owner chooses otherwise).
    visibility: str | None = None
    willing_to: tuple[str, ...] = ()
    availability: str = ""
    level: str | None = None
    language: str | None = None
    team_id: int | None = None
    # For a private category (personal experience): the owner's opt-in to CSV/XLSX exports.
    export_ok: bool = False


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


@dataclass(frozen=True)
class SearchResult:
    """One page of results. `total` is exact up to COUNT_CAP; `more_than_cap` says there are
    more. `next_after` is the cursor for the next page (None on the last)."""

    items: list[RegisterItem]
    total: int
    more_than_cap: bool = False
    next_after: tuple | None = None


@dataclass(frozen=True)
class Coverage:
    """Team figures. `shown` is False (and the counts empty) below MIN_CONTRIBUTORS people."""

    team: str
    contributors: int
    shown: bool
    message: str
    by_category: tuple[tuple[str, int], ...]
    by_language: tuple[tuple[str, int], ...]
    lead_roles: tuple[RegisterItem, ...]


@dataclass(frozen=True)
class Match:
    who: str
    is_contributor: bool
    team: str
    shared: int
    items: tuple[RegisterItem, ...]


@dataclass(frozen=True)
class ContributorSummary:
    id: int
    chosen_name: str
    consent_from: str
    consented_at: datetime
    consent_visibility: str
    recorded_by: str
    entries: int


@dataclass(frozen=True)
class ImportReport:
    imported: int
    errors: tuple[tables.RowError, ...]
    skipped_contributors: int = 0  # rows for people using the service (no e-mail): added with consent, not imported


@dataclass(frozen=True)
class TeamChoice:
    id: int
    name: str


# --- data and validation ------------------------------------------------------------------


def choices() -> RegisterCategories:
    """The register categories, levels, visibility and willing-to options (data in `prompts/`)."""
    return runtime.current().catalogue.register


def _label(options: Iterable, option_id: str | None) -> str:
    return next((o.label for o in options if o.id == option_id), option_id or "")


def normalise_language(raw: str | None) -> str | None:
    """'  polish ' -> 'Polish'. Raises RegisterError for anything that isn't a language name."""
    text = " ".join((raw or "").split())
    if not text:
        return None
    if len(text) > 60 or not _LANGUAGE.match(text):
        raise RegisterError("Please give the language as its name in letters, for example Polish or British Sign Language.")
    return " ".join(part[:1].upper() + part[1:].lower() for part in text.split(" "))


def _clean(entry: EntryInput, cats: RegisterCategories, *, team_ids: frozenset[int]) -> EntryInput:
    """The entry with ids checked and text trimmed. Raises RegisterError naming the problem."""
    category = cats.category(entry.category)
    if category is None:
        names = ", ".join(c.label for c in cats.categories)
        raise RegisterError(f"'{entry.category[:40]}' isn't one of the register's categories ({names}).")
    description = clean_control_characters(entry.description or "").strip()
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
    availability = clean_control_characters(entry.availability or "").strip()
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


# --- the blind index ------------------------------------------------------------------------


def words(text: str) -> set[str]:
    """The searchable words of a text: case- and accent-folded, short and common words dropped,
    a plural 's' taken off ('carers' -> 'carer'), so a search matches what a person means."""
    folded = unicodedata.normalize("NFKD", text.casefold())
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    found = set()
    for word in _WORD.findall(folded):
        if len(word) < 2 or word in _STOPWORDS:
            continue
        if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
            word = word[:-1]
        found.add(word)
    return found


def _hash(key: bytes, word: str) -> int:
    digest = hmac.new(key, b"register-word:" + word.encode("utf-8"), hashlib.sha256).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


def token_hashes(key: bytes, texts: Iterable[str | None]) -> set[int]:
    found: set[str] = set()
    for text in texts:
        found |= words(text or "")
    return {_hash(key, w) for w in sorted(found)[:MAX_TOKENS_PER_ENTRY]}


def _index_key(session: Session, server_key: ServerKey, *, create: bool) -> bytes | None:
    """The index key, made on first use. None when reading before any entry exists."""
    wrapped = session.scalar(select(RegisterIndexKey.wrapped_key).where(RegisterIndexKey.id == 1))
    if wrapped is None and create:
        # Replicas may race to make it: the first insert wins and the others read its key.
        dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
        values = {"id": 1, "wrapped_key": server_key.new_wrapped_key(_INDEX_CONTEXT), "created_at": utcnow()}
        session.execute(dialect.insert(RegisterIndexKey).values(**values).on_conflict_do_nothing())
        wrapped = session.scalar(select(RegisterIndexKey.wrapped_key).where(RegisterIndexKey.id == 1))
    if wrapped is None:
        return None
    return server_key.unwrap(wrapped, _INDEX_CONTEXT)


# `ServerKey` binds each wrapped key to a context string made from its argument; these names can
# never equal a person's numeric id, so no wrapped key can be passed off as another.
_INDEX_CONTEXT: str = "register-index"


def _contributor_context(contributor_id: int) -> str:
    return f"register-contributor-{contributor_id}"


def _write_tokens(session: Session, key: bytes, entry_id: int, texts: Iterable[str | None]) -> None:
    session.execute(delete(RegisterToken).where(RegisterToken.entry_id == entry_id))
    hashes = token_hashes(key, texts)
    if hashes:
        session.execute(insert(RegisterToken), [{"token_hash": h, "entry_id": entry_id} for h in hashes])


def _entry_texts(entry: EntryInput, cats: RegisterCategories) -> list[str | None]:
    category = cats.category(entry.category)
    return [entry.description, entry.language, category.label if category else None]


# --- who sees what ----------------------------------------------------------------------------


def _visible_to(actor: Actor) -> ColumnElement[bool]:
    """Entries the actor may see: published, owner not erased, and either shared with the whole
    organisation or shared with a team the actor is in (and the owner still is)."""
    owner_in_team = exists().where(
        TeamMembership.team_id == RegisterEntry.team_id, TeamMembership.person_id == RegisterEntry.owner_id
    )
    in_my_team = RegisterEntry.team_id.in_(sorted(actor.team_ids)) if actor.team_ids else false()
    owner_present = or_(
        RegisterEntry.owner_id.is_(None),
        exists().where(Person.id == RegisterEntry.owner_id, Person.erased_at.is_(None)),
    )
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


def _willing(option_id: str) -> ColumnElement[bool]:
    return RegisterEntry.willing_to.like(f"% {option_id} %")


def my_teams(*, by: Actor) -> list[TeamChoice]:
    """The teams the acting person belongs to, by name."""
    ensure(by, Permission.KEEP_OWN_TALENTS)
    if not by.team_ids:
        return []
    with runtime.current().db.read() as session:
        rows = session.execute(select(Team.id, Team.name).where(Team.id.in_(sorted(by.team_ids))).order_by(Team.name)).all()
    return [TeamChoice(i, n) for i, n in rows]


# --- my entries -------------------------------------------------------------------------------


def my_entries(*, by: Actor) -> list[MyEntry]:
    """The acting person's own entries, including imported ones waiting for them to publish."""
    ensure(by, Permission.KEEP_OWN_TALENTS)
    cats = choices()
    rt = runtime.current()
    with rt.db.read() as session:
        rows = session.scalars(
            select(RegisterEntry).where(RegisterEntry.owner_id == by.person_id).order_by(RegisterEntry.category, RegisterEntry.id)
        ).all()
        vault = Vault(session, rt.server_key)
        vault.preload([r.description for r in rows])
        return [
            MyEntry(
                id=r.id,
                category=r.category,
                category_label=_label(cats.categories, r.category),
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


def _fill(row: RegisterEntry, entry: EntryInput, seal_text) -> None:
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
    entry = _clean(entry, cats, team_ids=by.team_ids)
    rt = runtime.current()
    with rt.db.write() as session:
        vault = Vault(session, rt.server_key)
        row = RegisterEntry(
            organisation_id=by.organisation_id, owner_id=by.person_id, published=True, set_id=cats.id, set_version=cats.version
        )
        _fill(row, entry, lambda text: vault.seal(by.person_id, text))
        session.add(row)
        session.flush()
        _write_tokens(session, _index_key(session, rt.server_key, create=True), row.id, _entry_texts(entry, cats))
        entry_id = row.id
    event("register.entry_added", entry=entry_id)
    return entry_id


def _own_row(session: Session, by: Actor, entry_id: int) -> RegisterEntry:
    row = session.get(RegisterEntry, entry_id)
    if row is None or row.owner_id != by.person_id:
        raise RegisterError("That entry isn't one of yours, or it has been deleted.")
    return row


def update_entry(*, by: Actor, entry_id: int, entry: EntryInput) -> None:
    """Change one of my entries (and publish it, if it was imported for me).

    Raises:
        RegisterError: not my entry, or a field is wrong.
    """
    ensure(by, Permission.KEEP_OWN_TALENTS)
    cats = choices()
    entry = _clean(entry, cats, team_ids=by.team_ids)
    rt = runtime.current()
    with rt.db.write() as session:
        row = _own_row(session, by, entry_id)
        vault = Vault(session, rt.server_key)
        _fill(row, entry, lambda text: vault.seal(by.person_id, text))
        row.published = True
        row.set_id, row.set_version = cats.id, cats.version
        _write_tokens(session, _index_key(session, rt.server_key, create=True), row.id, _entry_texts(entry, cats))


def publish_entry(*, by: Actor, entry_id: int) -> None:
    """Publish an entry a team lead imported for me, as it stands. Raises: RegisterError if not mine."""
    ensure(by, Permission.KEEP_OWN_TALENTS)
    with runtime.current().db.write() as session:
        _own_row(session, by, entry_id).published = True


def delete_entry(*, by: Actor, entry_id: int) -> None:
    """Delete one of my entries and its search words. Raises: RegisterError if not mine."""
    ensure(by, Permission.KEEP_OWN_TALENTS)
    with runtime.current().db.write() as session:
        session.delete(_own_row(session, by, entry_id))
    event("register.entry_deleted", entry=entry_id)


def forget_person(session: Session, person_id: int) -> None:
    """Delete a person's entries, search words and biography in the caller's unit of work
    (for erasure: the sealed text is unreadable once their key goes, and this removes the rest)."""
    session.execute(delete(RegisterEntry).where(RegisterEntry.owner_id == person_id))
    session.execute(delete(Biography).where(Biography.person_id == person_id))


# --- reading the register ---------------------------------------------------------------------


def _items(session: Session, server_key: ServerKey, entry_ids: Sequence[int]) -> list[RegisterItem]:
    """The entries with these ids, in this order, decrypted with one key query per kind of owner."""
    if not entry_ids:
        return []
    cats = choices()
    # Columns rather than ORM objects: an export reads thousands of these.
    e = RegisterEntry
    rows = session.execute(
        select(
            e.id, e.owner_id, e.contributor_id, e.category, e.level, e.language, e.visibility, e.willing_to,
            e.description, e.availability, Person.name, Team.name, Person.email,
        )
        .outerjoin(Person, Person.id == e.owner_id)
        .outerjoin(Team, Team.id == e.team_id)
        .where(e.id.in_(list(entry_ids)))
    ).all()
    vault = Vault(session, server_key)
    vault.preload([r.description for r in rows if r.owner_id is not None])
    contributor_ids = {r.contributor_id for r in rows if r.contributor_id is not None}
    contributors = _contributor_keys(session, server_key, contributor_ids)
    categories = {c.id: c.label for c in cats.categories}
    levels = {o.id: o.label for o in cats.levels}
    willing = {o.id: o.label for o in cats.willing_to}
    seen_by = {o.id: o.label for o in cats.visibility}

    def _open(row, sealed: SealedText | None) -> str:
        if sealed is None:
            return ""
        if row.owner_id is not None:
            return vault.open(sealed) or ""
        return _open_contributor(contributors.get(row.contributor_id), sealed)

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


def _contributor_keys(session: Session, server_key: ServerKey, ids: set[int]) -> dict[int, tuple[bytes | None, str]]:
    if not ids:
        return {}
    found = {}
    for c in session.scalars(select(RegisterContributor).where(RegisterContributor.id.in_(sorted(ids)))):
        try:
            key = server_key.unwrap(c.wrapped_key, _contributor_context(c.id))
        except KeyUnavailable:
            key = None
        found[c.id] = (key, _open_contributor((key, ""), c.chosen_name))
    return found


def _open_contributor(key_and_name: tuple[bytes | None, str] | None, sealed: SealedText) -> str:
    if key_and_name is None or key_and_name[0] is None:
        return ""
    try:
        return unseal(key_and_name[0], sealed)
    except Exception:  # InvalidTag: tampered or from another key; show nothing rather than fail
        return ""


def _filtered(
    by: Actor,
    session: Session,
    *,
    query: str,
    category: str | None,
    language: str | None,
    willing_to: str | None,
    team_id: int | None,
):
    """The select of visible entry ids matching every filter and every searched word, or None
    when a searched word can't match anything."""
    if willing_to and willing_to not in {o.id for o in choices().willing_to}:
        raise RegisterError("Please choose one of the listed things people are willing to do.")
    statement = select(RegisterEntry.id).where(_visible_to(by))
    if category:
        statement = statement.where(RegisterEntry.category == category)
    if language:
        statement = statement.where(RegisterEntry.language == language)
    if willing_to:
        statement = statement.where(_willing(willing_to))
    if team_id is not None:
        statement = statement.where(RegisterEntry.team_id == team_id)
    searched = words(query)
    if searched:
        key = _index_key(session, runtime.current().server_key, create=False)
        if key is None:
            return None
        hashes = sorted({_hash(key, w) for w in searched})
        # A join to the derived table, not "id IN (...)": PostgreSQL may run an IN subquery once
        # per row when its statistics are young, which is seconds on a fresh 10,000-entry register.
        matching = (
            select(RegisterToken.entry_id)
            .where(RegisterToken.token_hash.in_(hashes))
            .group_by(RegisterToken.entry_id)
            .having(func.count(distinct(RegisterToken.token_hash)) == len(hashes))
            .subquery()
        )
        statement = statement.join(matching, matching.c.entry_id == RegisterEntry.id)
    return statement


def _order():
    return (RegisterEntry.category, RegisterEntry.updated_at.desc(), RegisterEntry.id)


def _after(cursor: tuple | None) -> ColumnElement[bool] | None:
    """Rows after the cursor (category, updated_at, id) in the register's order."""
    if cursor is None:
        return None
    category, updated_at, entry_id = cursor
    if isinstance(updated_at, str):
        updated_at = datetime.fromisoformat(updated_at)
    return or_(
        RegisterEntry.category > category,
        and_(
            RegisterEntry.category == category,
            or_(RegisterEntry.updated_at < updated_at, and_(RegisterEntry.updated_at == updated_at, RegisterEntry.id > entry_id)),
        ),
    )


def _page_ids(session: Session, statement, cursor: tuple | None, size: int) -> tuple[list[int], tuple | None]:
    """One page of ids in the register's order after `cursor`, and the cursor for the next."""
    keyed = statement.with_only_columns(RegisterEntry.id, RegisterEntry.category, RegisterEntry.updated_at)
    after = _after(cursor)
    if after is not None:
        keyed = keyed.where(after)
    rows = session.execute(keyed.order_by(*_order()).limit(size + 1)).all()
    following = None
    if len(rows) > size:
        rows = rows[:size]
        last = rows[-1]
        following = (last.category, last.updated_at.isoformat(), last.id)
    return [r.id for r in rows], following


def search(
    *,
    by: Actor,
    query: str = "",
    category: str | None = None,
    language: str | None = None,
    willing_to: str | None = None,
    team_id: int | None = None,
    page: int = 1,
    per_page: int = 50,
    after: tuple | None = None,
) -> SearchResult:
    """Entries the acting person may see that hold every word of `query` and match the filters,
    one page at a time (by category, then newest first), with the total up to COUNT_CAP.

    Pages follow `after`, the `next_after` cursor of the page before; `page` (an offset) is
    kept for callers that jump to a page number, and costs more the further it goes."""
    ensure(by, Permission.VIEW_REGISTER, team_id)
    rt = runtime.current()
    with rt.db.read() as session:
        statement = _filtered(
            by, session, query=query, category=category, language=language, willing_to=willing_to, team_id=team_id
        )
        if statement is None:
            return SearchResult([], 0)
        counted = session.scalar(select(func.count()).select_from(statement.limit(COUNT_CAP + 1).subquery())) or 0
        if after is None and page > 1:
            skipped = session.scalars(statement.order_by(*_order()).limit(per_page + 1).offset((page - 1) * per_page)).all()
            ids, following = skipped[:per_page], None
        else:
            ids, following = _page_ids(session, statement, after, per_page)
        return SearchResult(
            _items(session, rt.server_key, ids), min(counted, COUNT_CAP), counted > COUNT_CAP, following
        )


def languages(*, by: Actor) -> list[str]:
    """The languages in entries the acting person may see, for the language filter.

    The distinct languages are found by skipping through the (organisation, language) index,
    one step per language, and each is kept only if the person can see an entry in it: the
    cost follows the number of languages, not of entries."""
    ensure(by, Permission.VIEW_REGISTER)
    entry = RegisterEntry
    in_org = entry.organisation_id == by.organisation_id
    first = select(func.min(entry.language).label("lang")).where(in_org, entry.language.is_not(None))
    found = first.cte("register_languages", recursive=True)
    following = select(select(func.min(entry.language)).where(in_org, entry.language > found.c.lang).scalar_subquery())
    found = found.union_all(following.where(found.c.lang.is_not(None)))
    visible = exists().where(entry.language == found.c.lang, _visible_to(by))
    with runtime.current().db.read() as session:
        names = session.scalars(select(found.c.lang).where(found.c.lang.is_not(None), visible)).all()
    return sorted(names)


def export_chunks(
    *,
    by: Actor,
    query: str = "",
    category: str | None = None,
    language: str | None = None,
    willing_to: str | None = None,
    team_id: int | None = None,
    chunk: int = EXPORT_CHUNK,
) -> Iterator[tuple[tuple[str, ...], list[tuple[str, ...]]]]:
    """Every entry the acting person may see that matches (not just one page), as the columns
    and rows of one chunk at a time, for `reports.tables.to_csv` / `to_xlsx`. Each chunk is
    read in a short transaction of its own and only its rows are decrypted."""
    ensure(by, Permission.VIEW_REGISTER, team_id)
    rt = runtime.current()
    cursor: tuple | None = None
    while True:
        with rt.db.read() as session:
            statement = _exportable(
                by, session, query=query, category=category, language=language, willing_to=willing_to, team_id=team_id
            )
            if statement is None:
                return
            ids, cursor = _page_ids(session, statement, cursor, chunk)
            items = _items(session, rt.server_key, ids)
        yield EXPORT_COLUMNS, [_export_row(i) for i in items]
        if cursor is None:
            return


def export_count(
    *,
    by: Actor,
    query: str = "",
    category: str | None = None,
    language: str | None = None,
    willing_to: str | None = None,
    team_id: int | None = None,
) -> int:
    """How many rows `export_chunks` will give, for a progress bar."""
    ensure(by, Permission.VIEW_REGISTER, team_id)
    with runtime.current().db.read() as session:
        statement = _exportable(
            by, session, query=query, category=category, language=language, willing_to=willing_to, team_id=team_id
        )
        return 0 if statement is None else session.scalar(select(func.count()).select_from(statement.subquery())) or 0


def _exportable(by: Actor, session: Session, **filters):
    """What a download may hold: the entries the person may see that match, less personal
    experience (a private category) whose owner has not opted in for that entry."""
    statement = _filtered(by, session, **filters)
    private = choices().private_categories
    if statement is not None and private:
        statement = statement.where(or_(RegisterEntry.category.not_in(private), RegisterEntry.exportable.is_(True)))
    return statement


def _export_row(i: RegisterItem) -> tuple[str, ...]:
    return (i.email, i.who, i.team, i.category_label, i.description, i.seen_by, "; ".join(i.willing_to), i.availability, i.level, i.language)


def export_table(
    *,
    by: Actor,
    query: str = "",
    category: str | None = None,
    language: str | None = None,
    willing_to: str | None = None,
    team_id: int | None = None,
) -> tuple[tuple[str, ...], list[tuple[str, ...]]]:
    """Every entry the acting person may see that matches, as columns and rows at once (for
    `reports.tables.to_csv` / `to_xlsx`). Personal experience is left out unless its owner
    opted in for that entry."""
    rows: list[tuple[str, ...]] = []
    for _, chunk in export_chunks(by=by, query=query, category=category, language=language, willing_to=willing_to, team_id=team_id):
        rows.extend(chunk)
    return EXPORT_COLUMNS, rows


def coverage(*, by: Actor, team_id: int) -> Coverage:
    """A team's figures: people per category and per language (input to the team's asset
    review), shown only when at
    least MIN_CONTRIBUTORS people (staff and contributors) have entries; lead roles always."""
    ensure(by, Permission.VIEW_REGISTER, team_id)
    cats = choices()
    rt = runtime.current()
    with rt.db.read() as session:
        team_name = session.scalar(select(Team.name).where(Team.id == team_id)) or ""
        in_team = and_(_visible_to(by), RegisterEntry.team_id == team_id)
        people = func.coalesce(RegisterEntry.owner_id, -RegisterEntry.contributor_id)
        contributors = session.scalar(select(func.count(distinct(people))).where(in_team)) or 0
        lead_ids = session.scalars(
            select(RegisterEntry.id).where(in_team, RegisterEntry.category == LEAD_ROLES_CATEGORY).order_by(RegisterEntry.id)
        ).all()
        lead_roles = tuple(_items(session, rt.server_key, lead_ids))
        if contributors < MIN_CONTRIBUTORS:
            message = (
                f"Team figures appear once at least {MIN_CONTRIBUTORS} people have added entries, so that no one's "
                f"entries can be picked out. {contributors} so far."
            )
            return Coverage(team_name, contributors, False, message, (), (), lead_roles)
        per_category = dict(
            session.execute(select(RegisterEntry.category, func.count(distinct(people))).where(in_team).group_by(RegisterEntry.category)).all()
        )
        per_language = session.execute(
            select(RegisterEntry.language, func.count(distinct(people)))
            .where(in_team, RegisterEntry.language.is_not(None))
            .group_by(RegisterEntry.language)
            .order_by(func.count(distinct(people)).desc(), RegisterEntry.language)
        ).all()
    by_category = tuple((c.label, per_category.get(c.id, 0)) for c in cats.categories)
    return Coverage(team_name, contributors, True, "", by_category, tuple((lang, n) for lang, n in per_language), lead_roles)


def match(*, by: Actor, interests: str, willing_to: str = OFFER_TO_PEOPLE, limit: int = 10) -> list[Match]:
    """Staff and contributors who share any of these interests or this background and are willing
    to do `willing_to` with it, those sharing most first.

    Raises:
        IdentifyingDetails: the text seems to hold details that could identify the person.
        RegisterError: there are no words to match on.
    """
    ensure(by, Permission.VIEW_REGISTER)
    if willing_to not in {o.id for o in choices().willing_to}:
        raise RegisterError("Please choose one of the listed things people are willing to do.")
    rt = runtime.current()
    hints = rt.phrasing.has_identifying(interests or "")
    if hints:
        found = ", ".join(dict.fromkeys(h.title.lower() for h in hints))
        raise IdentifyingDetails(
            f"This looks like it may include identifying details ({found}). Please describe interests "
            "and background only, with no names, addresses, schools or numbers."
        )
    searched = words(interests or "")
    if not searched:
        raise RegisterError("Please describe a few interests or parts of their background, for example 'football, Polish'.")
    with rt.db.read() as session:
        key = _index_key(session, rt.server_key, create=False)
        if key is None:
            return []
        hashes = sorted({_hash(key, w) for w in sorted(searched)[:MAX_MATCH_WORDS]})
        # The newest MATCH_CANDIDATES visible, willing entries holding each word, then scored.
        candidates = union_all(*[
            select(inner.c.entry_id).select_from(inner)
            for inner in (
                select(RegisterToken.entry_id)
                .join(RegisterEntry, RegisterEntry.id == RegisterToken.entry_id)
                .where(RegisterToken.token_hash == h, _visible_to(by), _willing(willing_to))
                .order_by(RegisterToken.entry_id.desc())
                .limit(MATCH_CANDIDATES)
                .subquery()
                for h in hashes
            )
        ]).subquery()
        shared = func.count()
        scored = session.execute(
            select(candidates.c.entry_id, shared)
            .group_by(candidates.c.entry_id)
            .order_by(shared.desc(), candidates.c.entry_id.desc())
            .limit(limit * 10)
        ).all()
        items = _items(session, rt.server_key, [i for i, _ in scored])
    score = dict(scored)
    grouped: dict[tuple[str, bool, str], list[RegisterItem]] = defaultdict(list)
    for item in items:
        grouped[(item.who, item.is_contributor, item.team)].append(item)
    matches = [
        Match(who, contributor, team, sum(score[i.entry_id] for i in found), tuple(found))
        for (who, contributor, team), found in grouped.items()
    ]
    matches.sort(key=lambda m: (-m.shared, m.who))
    return matches[:limit]


# --- people using the service ---------------------------------------------------------------------


def record_contributor(
    *,
    by: Actor,
    team_id: int,
    chosen_name: str,
    consent_from: str,
    consented_at: datetime,
    consent_visibility: str,
    entries: Sequence[EntryInput],
) -> int:
    """Add a person using the service to the team's register, with their consent and entries.

    Only the team's lead does this: consent is a record someone must be accountable for, and
    the lead already answers for the register. Returns the contributor's id.

    Raises:
        RegisterError: no name, a name that is more than a first name, no entries, an entry
            shared more widely than they agreed, or a wrong field.
    """
    ensure(by, Permission.LEAD_TEAM_REGISTER, team_id)
    cats = choices()
    name = " ".join(clean_control_characters(chosen_name or "").split())
    if not name:
        raise RegisterError("Please give their first name or the name they'd like to be known by.")
    if len(name) > MAX_NAME or len(name.split()) > 2:
        raise RegisterError("Please give a first name or chosen name only, not a full name.")
    if consent_from not in CONSENT_FROM:
        raise RegisterError("Please say who gave consent.")
    if consent_visibility not in {o.id for o in cats.visibility}:
        raise RegisterError("Please say who they agreed may see their entries.")
    if consented_at.tzinfo is None or consented_at > utcnow():
        raise RegisterError("Please give the date they agreed; it can't be in the future.")
    if not entries:
        raise RegisterError("Please add at least one talent for them.")
    cleaned = []
    for entry in entries:
        entry = _clean(replace(entry, team_id=team_id), cats, team_ids=frozenset({team_id}))
        if consent_visibility == "team" and entry.visibility != "team":
            raise RegisterError("They agreed to their team seeing this, so it can't be shared with the whole organisation.")
        cleaned.append(entry)
    rt = runtime.current()
    data_key = secrets.token_bytes(KEY_BYTES)
    with rt.db.write() as session:
        contributor = RegisterContributor(
            organisation_id=by.organisation_id,
            team_id=team_id,
            # Both depend on the new row's id, so they are set once it has one (same transaction).
            wrapped_key=b"",
            chosen_name=SealedText(owner_id=0, blob=b""),
            consent_from=consent_from,
            consented_at=consented_at,
            consent_visibility=consent_visibility,
            consent_set_id=cats.id,
            consent_set_version=cats.version,
            recorded_by_id=by.person_id,
        )
        session.add(contributor)
        session.flush()
        contributor.wrapped_key = rt.server_key.wrap(data_key, _contributor_context(contributor.id))
        contributor.chosen_name = seal(data_key, contributor.id, name)
        index_key = _index_key(session, rt.server_key, create=True)
        for entry in cleaned:
            row = RegisterEntry(
                organisation_id=by.organisation_id,
                contributor_id=contributor.id,
                published=True,
                set_id=cats.id,
                set_version=cats.version,
            )
            _fill(row, entry, lambda text: seal(data_key, contributor.id, text))
            session.add(row)
            session.flush()
            _write_tokens(session, index_key, row.id, _entry_texts(entry, cats))
        audit.record(session, by=by, action="register_consent_recorded", object_type="register_contributor", object_id=contributor.id)
        contributor_id = contributor.id
    event("register.contributor_added", contributor=contributor_id)
    return contributor_id


def contributors(*, by: Actor, team_id: int) -> list[ContributorSummary]:
    """The team's contributors who use the service, with their consent records."""
    ensure(by, Permission.LEAD_TEAM_REGISTER, team_id)
    rt = runtime.current()
    with rt.db.read() as session:
        rows = session.execute(
            select(RegisterContributor, Person.name, func.count(RegisterEntry.id))
            .outerjoin(Person, Person.id == RegisterContributor.recorded_by_id)
            .outerjoin(RegisterEntry, RegisterEntry.contributor_id == RegisterContributor.id)
            .where(RegisterContributor.team_id == team_id)
            .group_by(RegisterContributor.id, Person.name)
            .order_by(RegisterContributor.recorded_at)
        ).all()
        keys = _contributor_keys(session, rt.server_key, {c.id for c, _, _ in rows})
    return [
        ContributorSummary(
            id=c.id,
            chosen_name=keys[c.id][1],
            consent_from=CONSENT_FROM.get(c.consent_from, c.consent_from),
            consented_at=c.consented_at,
            consent_visibility=_label(choices().visibility, c.consent_visibility),
            recorded_by=recorder or "A former member of staff",
            entries=count,
        )
        for c, recorder, count in rows
    ]


def withdraw_consent(*, by: Actor, contributor_id: int) -> None:
    """Consent withdrawn: delete the contributor, their key and every entry of theirs at once.
    The audit trail records the withdrawal by id only, never the name.

    Raises:
        RegisterError: no such contributor in a team the acting person leads.
    """
    ensure(by, Permission.LEAD_TEAM_REGISTER)
    with runtime.current().db.write() as session:
        contributor = session.get(RegisterContributor, contributor_id)
        if contributor is None or contributor.team_id not in by.lead_team_ids:
            raise RegisterError("There's no such entry in a team you lead; it may have been removed already.")
        session.execute(delete(RegisterEntry).where(RegisterEntry.contributor_id == contributor_id))
        session.delete(contributor)
        audit.record(session, by=by, action="register_consent_withdrawn", object_type="register_contributor", object_id=contributor_id)
        # Written before the commit: a restore from an older backup withdraws it again.
        runtime.current().ledger.record(DecisionKind.CONSENT_WITHDRAWN, [contributor.public_id])
    event("register.contributor_withdrawn", contributor=contributor_id)


# --- import -------------------------------------------------------------------------------------


def import_template() -> bytes:
    """A CSV file in the export's own format (so an export imports back as it is), with one
    example row. `allowed_values()` lists what each choice column accepts."""
    cats = choices()
    example = {
        "Email": "someone@example.org",
        "Category": cats.categories[0].label,
        "Description": "Cooking on a budget",
        "Visibility": cats.visibility[0].label,
        "Willing to": cats.willing_to[0].label,
        "Availability": "Tuesday afternoons",
    }
    return tables.to_csv(EXPORT_COLUMNS, [tuple(example.get(column, "") for column in EXPORT_COLUMNS)])


def allowed_values() -> list[tuple[str, tuple[str, ...]]]:
    """What each choice column of the import accepts, from the organisation's own lists
    (the label, or its id, in any case). "Willing to" takes several, separated by ";"."""
    cats = choices()
    return [
        ("Category", tuple(c.label for c in cats.categories)),
        ("Visibility", tuple(v.label for v in cats.visibility)),
        ("Willing to", tuple(w.label for w in cats.willing_to)),
        ("Level (for languages)", tuple(lv.label for lv in cats.levels)),
    ]


def _by_id_or_label(options: Iterable, raw: str) -> str:
    wanted = raw.strip().casefold()
    for option in options:
        if wanted in (option.id.casefold(), option.label.casefold()):
            return option.id
    return raw.strip()


def import_csv(*, by: Actor, team_id: int, data: bytes) -> ImportReport:
    """Import entries for members of the team from a CSV file: all of them, or none.

    Every row is checked first; if any is wrong nothing is imported and each bad row is
    reported by line and reason. Imported entries wait for their owner to publish them
    (the lead's own are published at once), so nothing appears without its owner's say.
    """
    ensure(by, Permission.LEAD_TEAM_REGISTER, team_id)
    cats = choices()
    rows, errors = tables.parse_csv(data, required=IMPORT_REQUIRED, optional=IMPORT_OPTIONAL)
    rt = runtime.current()
    with rt.db.read() as session:
        members = dict(
            session.execute(
                select(Person.email, Person.id)
                .join(TeamMembership, TeamMembership.person_id == Person.id)
                .where(TeamMembership.team_id == team_id, Person.erased_at.is_(None), Person.email.is_not(None))
            ).all()
        )
    checked: list[tuple[int, EntryInput]] = []
    lines: list[int] = []
    skipped = 0
    for row in rows:
        values = row.values
        if not values.get("email") and values.get("who", "").endswith(CONTRIBUTOR_SUFFIX):
            skipped += 1  # an exported entry of someone using the service: those need their consent
            continue
        email = normalise_email(values.get("email", ""))
        if email not in members:
            shown = email[:60] or "(empty)"
            errors.append(tables.RowError(row.line, f"{shown} isn't the e-mail address of a member of this team."))
            continue
        try:
            entry = _clean(
                EntryInput(
                    category=_by_id_or_label(cats.categories, values.get("category", "")),
                    description=values.get("description", ""),
                    visibility=_by_id_or_label(cats.visibility, values.get("visibility", "")),
                    willing_to=tuple(
                        _by_id_or_label(cats.willing_to, part) for part in re.split(r"[;,|]", values.get("willing_to", "")) if part.strip()
                    ),
                    availability=values.get("availability", ""),
                    level=_by_id_or_label(cats.levels, values["level"]) if values.get("level") else None,
                    language=values.get("language") or None,
                    team_id=team_id,
                ),
                cats,
                team_ids=frozenset({team_id}),
            )
        except RegisterError as exc:
            errors.append(tables.RowError(row.line, str(exc)))
            continue
        checked.append((members[email], entry))
        lines.append(row.line)
    errors += _duplicate_rows(rt, checked, lines)
    if not errors and not checked and not skipped:
        errors.append(tables.RowError(2, "There are no rows to import under the header."))
    if errors:
        return ImportReport(0, tuple(sorted(errors, key=lambda e: e.line)), skipped)
    with rt.db.write() as session:
        vault = Vault(session, rt.server_key)
        index_key = _index_key(session, rt.server_key, create=True)
        for owner_id, entry in checked:
            row = RegisterEntry(
                organisation_id=by.organisation_id,
                owner_id=owner_id,
                published=owner_id == by.person_id,
                set_id=cats.id,
                set_version=cats.version,
            )
            _fill(row, entry, lambda text, owner=owner_id: vault.seal(owner, text))
            session.add(row)
            session.flush()
            _write_tokens(session, index_key, row.id, _entry_texts(entry, cats))
        audit.record(session, by=by, action="register_imported", object_type="team", object_id=team_id)
        for owner_id in sorted({owner for owner, _ in checked}):
            audit.record(session, by=by, action="register_entries_imported_for_you", subject_id=owner_id, object_type="team", object_id=team_id)
    event("register.imported", team=team_id, rows=len(checked))
    return ImportReport(len(checked), (), skipped)


def _same_entry_key(owner_id: int, category: str, description: str) -> tuple[int, str, str]:
    return owner_id, category, " ".join(description.casefold().split())


def _duplicate_rows(rt: runtime.Runtime, checked: list[tuple[int, EntryInput]], lines: list[int]) -> list[tables.RowError]:
    """A row that repeats an earlier row of the file, or an entry its person already has, by line."""
    errors = []
    with rt.db.read() as session:
        owners = sorted({owner for owner, _ in checked})
        existing = session.execute(
            select(RegisterEntry.owner_id, RegisterEntry.category, RegisterEntry.description).where(RegisterEntry.owner_id.in_(owners))
        ).all() if owners else []
        vault = Vault(session, rt.server_key)
        vault.preload(d for _, _, d in existing)
        stored = {_same_entry_key(owner, category, vault.open(d) or "") for owner, category, d in existing}
    first_seen: dict[tuple[int, str, str], int] = {}
    for line, (owner_id, entry) in zip(lines, checked, strict=True):
        key = _same_entry_key(owner_id, entry.category, entry.description)
        if key in first_seen:
            errors.append(tables.RowError(
                line, f"This line repeats line {first_seen[key]} (the same person, category and description). Please remove one of them."
            ))
        elif key in stored:
            errors.append(tables.RowError(
                line, "This person already has this entry in the register (the same category and description). Please remove the line."
            ))
        first_seen.setdefault(key, line)
    return errors


# --- organisation-scale data, for benchmarks and tests ----------------------------------------------

_SYNTHETIC_WORDS = (
    "football", "gardening", "music", "guitar", "cooking", "budget", "photography", "running", "cycling",
    "knitting", "chess", "gaming", "painting", "poetry", "baking", "fishing", "yoga", "walking", "swimming",
    "carers", "family", "trauma", "addictions", "housing", "benefits", "mindfulness", "drama", "dance",
)
_SYNTHETIC_LANGUAGES = ("Polish", "Urdu", "Punjabi", "Somali", "Arabic", "Welsh", "Romanian", "Portuguese")


@dataclass(frozen=True)
class SyntheticEntry:
    entry_id: int
    owner_id: int
    team_id: int | None
    visibility: str
    category: str
    language: str | None
    description: str


def load_synthetic(*, by: Actor, owners: Sequence[tuple[int, int | None]], count: int, seed: int = 0) -> list[SyntheticEntry]:
    """Add `count` generated entries spread over `owners` ((person id, team id) pairs) in one
    transaction with bulk inserts, for benchmarks and tests. Returns what was generated."""
    ensure(by, Permission.ADMINISTER)
    import random

    chooser = random.Random(seed)
    cats = choices()
    language_category = next((c.id for c in cats.categories if c.has_level), None)
    plain_categories = [c.id for c in cats.categories if not c.has_level]
    rt = runtime.current()
    with rt.db.write() as session:
        organisation_of = dict(session.execute(select(Person.id, Person.organisation_id).where(Person.id.in_({o for o, _ in owners}))).all())
        vault = Vault(session, rt.server_key)
        index_key = _index_key(session, rt.server_key, create=True)
        planned, values = [], []
        for n in range(count):
            owner_id, team_id = owners[n % len(owners)]
            language = None
            if language_category and chooser.random() < 0.2:
                category, language = language_category, chooser.choice(_SYNTHETIC_LANGUAGES)
                description = f"{language} for conversations and letters"
            else:
                category = chooser.choice(plain_categories)
                description = " and ".join(chooser.sample(_SYNTHETIC_WORDS, 3))
            visibility = "team" if team_id is not None and chooser.random() < 0.5 else "organisation"
            planned.append((owner_id, team_id, visibility, category, language, description))
            values.append(
                {
                    "organisation_id": organisation_of[owner_id],
                    "owner_id": owner_id,
                    "team_id": team_id,
                    "category": category,
                    "level": cats.levels[-1].id if language else None,
                    "language": language,
                    "visibility": visibility,
                    "willing_to": f" {chooser.choice(cats.willing_to).id} ",
                    "description": vault.seal(owner_id, description),
                    "availability": None,
                    "published": True,
                    "set_id": cats.id,
                    "set_version": cats.version,
                    "created_at": utcnow(),
                    "updated_at": utcnow(),
                }
            )
        ids = session.scalars(insert(RegisterEntry).returning(RegisterEntry.id, sort_by_parameter_order=True), values).all()
        tokens = []
        for entry_id, (_, _, _, category, language, description) in zip(ids, planned, strict=True):
            label = _label(cats.categories, category)
            tokens += [{"token_hash": h, "entry_id": entry_id} for h in token_hashes(index_key, [description, language, label])]
        session.execute(insert(RegisterToken), tokens)
    if not rt.db.is_sqlite:
        # Fresh statistics after a bulk load, as autovacuum would give a register grown by hand.
        with rt.db.engine.connect() as connection:
            connection.exec_driver_sql("ANALYZE register_entries, register_tokens")
            connection.commit()
    return [SyntheticEntry(i, *p) for i, p in zip(ids, planned, strict=True)]
