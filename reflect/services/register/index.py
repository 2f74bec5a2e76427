"""Searching the register: the blind index, who sees what, search, languages, team figures
and matching.

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
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, delete, distinct, exists, false, func, insert, literal, or_, select, union_all
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, aliased
from sqlalchemy.sql import ColumnElement

from reflect import runtime
from reflect.crypto import SealedText, ServerKey, unseal
from reflect.models import Person, Team, TeamMembership, utcnow
from reflect.models.register import RegisterContributor, RegisterEntry, RegisterIndexKey, RegisterToken
from reflect.questions.schema import RegisterCategories
from reflect.services.access import Actor, Permission, ensure
from reflect.services.register._common import CONTRIBUTOR_SUFFIX, EntryInput, IdentifyingDetails, RegisterError, choices
from reflect.services.vault import Vault, WrappedKey, unwrap_keys

MIN_CONTRIBUTORS = 5  # team figures need at least this many people behind them
MAX_TOKENS_PER_ENTRY = 200
# Counting every entry of a broad list grows with the register, so a list without words is
# counted only up to this and the page says "more than" (a search with words counts only what
# it has shown); pages follow a cursor rather than an offset for the same reason.
COUNT_CAP = 100
# Entries on a page of search results (the register page shows this many).
PAGE_SIZE = 20
# Choosing the rarest word of a search counts each word's index entries only up to this: ten
# pages' worth. A word held by more is common next to a page, and words past it tie, so the
# choice costs the same however large the register grows.
RAREST_PROBE = 200
# A match looks at this many of the newest visible entries holding each word, so its cost
# does not grow with the organisation.
MATCH_CANDIDATES = 50
MAX_MATCH_WORDS = 20
# The willing-to option meaning "offer it to people using the service", and the category of
# lead roles: the matching view and the lead-roles list look for these ids in the data file.
OFFER_TO_PEOPLE = "offer_to_people_supported"
LEAD_ROLES_CATEGORY = "expertise_lead_roles"

_WORD = re.compile(r"[^\W_]+")
_STOPWORDS = frozenset(
    "a an and are as at be but by can do for from have i in is it me my of on or so the to we with "
    "who anyone any someone speaks speak into".split()
)


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
    """One page of results. `total` is how many were counted, and `more_than_cap` says there are
    more than that: a listing without words counts up to COUNT_CAP; a search with words counts
    what it has found up to the end of this page, and knows the exact total on its last page.
    `next_after` is the cursor for the next page (None on the last)."""

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


def _one_row(*conditions: ColumnElement[bool]) -> ColumnElement[bool]:
    """True when a row meets these conditions, found by reading at most one row."""
    return select(literal(1)).where(*conditions).limit(1).scalar_subquery().is_not(None)


def _visible_to(actor: Actor) -> ColumnElement[bool]:
    """Entries the actor may see: published, owner not erased, and either shared with the whole
    organisation or shared with a team the actor is in (and the owner still is)."""
    # Probes of one row each (a scalar subquery with LIMIT 1, not EXISTS): inside an OR,
    # PostgreSQL would make an EXISTS a hashed subplan that reads every membership and every
    # person in the trust for each search.
    owner_in_team = _one_row(
        TeamMembership.team_id == RegisterEntry.team_id, TeamMembership.person_id == RegisterEntry.owner_id
    )
    in_my_team = RegisterEntry.team_id.in_(sorted(actor.team_ids)) if actor.team_ids else false()
    owner_present = or_(
        RegisterEntry.owner_id.is_(None),
        _one_row(Person.id == RegisterEntry.owner_id, Person.erased_at.is_(None)),
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


# --- reading the register ---------------------------------------------------------------------


def _items(session: Session, server_key: ServerKey, entry_ids: Sequence[int], vault: Vault | None = None) -> list[RegisterItem]:
    """The entries with these ids, in this order, decrypted with one key query per kind of owner
    (the keys `vault` has already opened in this request are not fetched again)."""
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
    vault = Vault(session, server_key) if vault is None else vault.within(session)
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
    rows = list(session.scalars(select(RegisterContributor).where(RegisterContributor.id.in_(sorted(ids)))))
    keys = unwrap_keys(
        server_key, runtime.current().keystore, (WrappedKey(c.id, c.wrapped_key, c.key_name) for c in rows), _contributor_context
    )
    return {c.id: (keys.get(c.id), _open_contributor((keys.get(c.id), ""), c.chosen_name)) for c in rows}


def _open_contributor(key_and_name: tuple[bytes | None, str] | None, sealed: SealedText) -> str:
    if key_and_name is None or key_and_name[0] is None:
        return ""
    try:
        return unseal(key_and_name[0], sealed)
    except Exception:  # InvalidTag: tampered or from another key; show nothing rather than fail
        return ""


def _conditions(
    by: Actor, *, category: str | None, language: str | None, willing_to: str | None, team_id: int | None
) -> list[ColumnElement[bool]]:
    """What an entry must be to be listed: visible to the acting person, and every filter."""
    if willing_to and willing_to not in {o.id for o in choices().willing_to}:
        raise RegisterError("Please choose one of the listed things people are willing to do.")
    conditions = [_visible_to(by)]
    if category:
        conditions.append(RegisterEntry.category == category)
    if language:
        conditions.append(RegisterEntry.language == language)
    if willing_to:
        conditions.append(_willing(willing_to))
    if team_id is not None:
        conditions.append(RegisterEntry.team_id == team_id)
    return conditions


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
    when a searched word can't match anything. For reading everything that matches (a
    download); a page of search results uses `_led_by_rarest` when there are words."""
    statement = select(RegisterEntry.id).where(
        *_conditions(by, category=category, language=language, willing_to=willing_to, team_id=team_id)
    )
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


def _rarest_first(session: Session, hashes: list[int]) -> list[int]:
    """The words' hashes, the one held by fewest entries first (each counted only up to
    RAREST_PROBE, in one statement): the rarest word leads a search. Ties keep the order given
    (the words' alphabetical order), so every installation leads the same search alike."""
    if len(hashes) == 1:
        return hashes
    probes = [
        select(literal(h).label("token_hash"), select(func.count()).select_from(
            select(RegisterToken.entry_id).where(RegisterToken.token_hash == h).limit(RAREST_PROBE).subquery()
        ).scalar_subquery().label("held"))
        for h in hashes
    ]
    held = dict(session.execute(union_all(*probes)).all())
    return sorted(hashes, key=lambda h: held.get(h, 0))


def _led_by_rarest(session: Session, hashes: list[int], conditions: list[ColumnElement[bool]]):
    """The select of visible, filtered entry ids holding every word, read through the index
    entries of the rarest word, newest entry first (`RegisterToken.entry_id` descending, the
    order of its primary key): a page, or a count capped at COUNT_CAP, stops as soon as it has
    enough, so its cost follows what is shown rather than the size of the register."""
    lead, *others = _rarest_first(session, hashes)
    statement = (
        select(RegisterEntry.id)
        .select_from(RegisterToken)
        .join(RegisterEntry, RegisterEntry.id == RegisterToken.entry_id)
        .where(RegisterToken.token_hash == lead, *conditions)
    )
    for h in others:
        # A probe per row (LIMIT 1 keeps PostgreSQL from making it a join that reads every index
        # entry of the other word), so reading stops once a page or the capped count is full.
        also = aliased(RegisterToken)
        statement = statement.where(_one_row(also.entry_id == RegisterToken.entry_id, also.token_hash == h))
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
    # The first condition repeats what the OR implies, so the database can start reading the
    # order's index at the cursor's category instead of at the beginning of the register.
    return and_(
        RegisterEntry.category >= category,
        or_(
            RegisterEntry.category > category,
            and_(
                RegisterEntry.category == category,
                or_(RegisterEntry.updated_at < updated_at, and_(RegisterEntry.updated_at == updated_at, RegisterEntry.id > entry_id)),
            ),
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
    per_page: int = PAGE_SIZE,
    after: tuple | None = None,
) -> SearchResult:
    """Entries the acting person may see that hold every word of `query` and match the filters,
    one page at a time.

    Without words the register is listed by category, then most recently changed first, and
    counted up to COUNT_CAP. With words it is listed most recently added first, led by the
    rarest word's index entries, and the count is what has been found up to this page: a
    search stops reading once its page is full, however large the register. Pages follow
    `after`, the `next_after` cursor of the page before; `page` (an offset) is kept for callers
    that jump to a page number, and costs more the further it goes."""
    ensure(by, Permission.VIEW_REGISTER, team_id)
    rt = runtime.current()
    with rt.db.read() as session:
        searched = words(query)
        if not searched:
            statement = _filtered(
                by, session, query="", category=category, language=language, willing_to=willing_to, team_id=team_id
            )
            # Counted in the register's order, so the count reads the order's index and stops
            # at the cap rather than gathering every visible entry first.
            capped = statement.order_by(*_order()).limit(COUNT_CAP + 1)
            counted = session.scalar(select(func.count()).select_from(capped.subquery())) or 0
            if after is None and page > 1:
                skipped = session.scalars(statement.order_by(*_order()).limit(per_page + 1).offset((page - 1) * per_page)).all()
                ids, following = skipped[:per_page], None
            else:
                ids, following = _page_ids(session, statement, after, per_page)
        else:
            conditions = _conditions(by, category=category, language=language, willing_to=willing_to, team_id=team_id)
            key = _index_key(session, rt.server_key, create=False)
            if key is None:
                return SearchResult([], 0)
            statement = _led_by_rarest(session, [_hash(key, w) for w in sorted(searched)], conditions)
            newest = statement.order_by(RegisterToken.entry_id.desc()).limit(per_page + 1)
            # The cursor is (last entry id shown, entries shown so far): no count reads further
            # than the page shown.
            before = (max(page, 1) - 1) * per_page
            if after is None and page > 1:
                newest = newest.offset(before)
            elif after is not None:
                newest = newest.where(RegisterToken.entry_id < int(after[0]))
                before = int(after[1])
            ids = session.scalars(newest).all()
            more = len(ids) > per_page
            ids = ids[:per_page]
            found = before + len(ids)
            following = (ids[-1], found) if more else None
            return SearchResult(_items(session, rt.server_key, ids), found, more, following)
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
