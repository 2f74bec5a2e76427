"""Searching the register: search, languages, team figures (coverage) and matching, and the
planner that keeps each one's cost to what it shows.

Searched words are looked up in the blind index (`blind_index`); only the page of results shown
is decrypted (`visibility.items_by_id`). A search or a download is narrowed by one
`RegisterFilters` value, passed through as it is.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, distinct, exists, func, or_, select, union_all
from sqlalchemy.orm import Session, aliased
from sqlalchemy.sql import ColumnElement

from reflect import runtime
from reflect.models import Team
from reflect.models.register import RegisterEntry, RegisterToken
from reflect.services.access import Actor, Permission, ensure
from reflect.services.register import blind_index
from reflect.services.register.common import IdentifyingDetails, RegisterError, RegisterFilters, choices
from reflect.services.register.visibility import RegisterItem, items_by_id, one_row, visible_to, willing

MIN_CONTRIBUTORS = 5  # team figures need at least this many people behind them
# Counting every entry of a broad list grows with the register, so a list without words is
# counted only up to this and the page says "more than" (a search with words counts only what
# it has shown); pages follow a cursor rather than an offset for the same reason.
COUNT_CAP = 100
# Entries on a page of search results (the register page shows this many).
PAGE_SIZE = 20
# A match looks at this many of the newest visible entries holding each word, so its cost
# does not grow with the organisation.
MATCH_CANDIDATES = 50
MAX_MATCH_WORDS = 20
# The willing-to option meaning "offer it to people using the service", and the category of
# lead roles: the matching view and the lead-roles list look for these ids in the data file.
OFFER_TO_PEOPLE = "offer_to_people_supported"
LEAD_ROLES_CATEGORY = "expertise_lead_roles"


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


# --- planning a search -----------------------------------------------------------------------


def _conditions(by: Actor, filters: RegisterFilters) -> list[ColumnElement[bool]]:
    """What an entry must be to be listed: visible to the acting person, and every filter.

    Raises:
        RegisterError: `willing_to` is not one of the listed options.
    """
    if filters.willing_to and filters.willing_to not in {o.id for o in choices().willing_to}:
        raise RegisterError("Please choose one of the listed things people are willing to do.")
    conditions = [visible_to(by)]
    if filters.category:
        conditions.append(RegisterEntry.category == filters.category)
    if filters.language:
        conditions.append(RegisterEntry.language == filters.language)
    if filters.willing_to:
        conditions.append(willing(filters.willing_to))
    if filters.team_id is not None:
        conditions.append(RegisterEntry.team_id == filters.team_id)
    return conditions


def filtered(by: Actor, session: Session, filters: RegisterFilters):
    """The select of visible entry ids matching every filter and every searched word, or None
    when a searched word can't match anything. For reading everything that matches (a
    download); a page of search results uses `_led_by_rarest` when there are words."""
    statement = select(RegisterEntry.id).where(*_conditions(by, filters))
    searched = blind_index.words(filters.query)
    if searched:
        key = blind_index.index_key(session, runtime.current().server_key, create=False)
        if key is None:
            return None
        # A join to the derived table, not "id IN (...)": PostgreSQL may run an IN subquery once
        # per row when its statistics are young, which is seconds on a fresh 10,000-entry register.
        matching = blind_index.holding_all(sorted(set(blind_index.search_hashes(key, searched))))
        statement = statement.join(matching, matching.c.entry_id == RegisterEntry.id)
    return statement


def _led_by_rarest(session: Session, hashes: list[int], conditions: list[ColumnElement[bool]]):
    """The select of visible, filtered entry ids holding every word, read through the index
    entries of the rarest word, newest entry first (`RegisterToken.entry_id` descending, the
    order of its primary key): a page, or a count capped at COUNT_CAP, stops as soon as it has
    enough, so its cost follows what is shown rather than the size of the register."""
    lead, *others = blind_index.rarest_first(session, hashes)
    statement = select(RegisterEntry.id).select_from(RegisterToken)
    probes = []
    side_by_side = session.get_bind().dialect.name == "postgresql"
    for h in others:
        also = aliased(RegisterToken)
        if side_by_side:
            # Each other word's index entries joined on the entry, both read newest first:
            # PostgreSQL walks the two runs of the index side by side (a merge join) and stops
            # once the page is full, a few index pages whatever the register's size. A probe per
            # row looked each entry up from the index's root, a level deeper as the register grew.
            statement = statement.join(also, and_(also.entry_id == RegisterToken.entry_id, also.token_hash == h))
        else:
            # SQLite runs a join as nested lookups and would open each entry before the other
            # word's lookup: a probe in the WHERE clause runs first, on the index alone.
            probes.append(one_row(also.entry_id == RegisterToken.entry_id, also.token_hash == h))
    return statement.join(RegisterEntry, RegisterEntry.id == RegisterToken.entry_id).where(
        RegisterToken.token_hash == lead, *probes, *conditions
    )


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


def page_ids(session: Session, statement, cursor: tuple | None, size: int) -> tuple[list[int], tuple | None]:
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
    filters: RegisterFilters = RegisterFilters(),
    page: int = 1,
    per_page: int = PAGE_SIZE,
    after: tuple | None = None,
) -> SearchResult:
    """Entries the acting person may see that hold every word of `filters.query` and match the
    other filters, one page at a time.

    Without words the register is listed by category, then most recently changed first, and
    counted up to COUNT_CAP. With words it is listed most recently added first, led by the
    rarest word's index entries, and the count is what has been found up to this page: a
    search stops reading once its page is full, however large the register. Pages follow
    `after`, the `next_after` cursor of the page before; `page` (an offset) is kept for callers
    that jump to a page number, and costs more the further it goes."""
    ensure(by, Permission.VIEW_REGISTER, filters.team_id)
    rt = runtime.current()
    with rt.db.read() as session:
        searched = blind_index.words(filters.query)
        if not searched:
            statement = filtered(by, session, filters)
            # Counted in the register's order, so the count reads the order's index and stops
            # at the cap rather than gathering every visible entry first.
            capped = statement.order_by(*_order()).limit(COUNT_CAP + 1)
            counted = session.scalar(select(func.count()).select_from(capped.subquery())) or 0
            if after is None and page > 1:
                skipped = session.scalars(statement.order_by(*_order()).limit(per_page + 1).offset((page - 1) * per_page)).all()
                ids, following = skipped[:per_page], None
            else:
                ids, following = page_ids(session, statement, after, per_page)
        else:
            conditions = _conditions(by, filters)
            key = blind_index.index_key(session, rt.server_key, create=False)
            if key is None:
                return SearchResult([], 0)
            statement = _led_by_rarest(session, blind_index.search_hashes(key, searched), conditions)
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
            return SearchResult(items_by_id(session, rt.server_key, ids), found, more, following)
        return SearchResult(
            items_by_id(session, rt.server_key, ids), min(counted, COUNT_CAP), counted > COUNT_CAP, following
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
    visible = exists().where(entry.language == found.c.lang, visible_to(by))
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
        in_team = and_(visible_to(by), RegisterEntry.team_id == team_id)
        people = func.coalesce(RegisterEntry.owner_id, -RegisterEntry.contributor_id)
        contributors = session.scalar(select(func.count(distinct(people))).where(in_team)) or 0
        lead_ids = session.scalars(
            select(RegisterEntry.id).where(in_team, RegisterEntry.category == LEAD_ROLES_CATEGORY).order_by(RegisterEntry.id)
        ).all()
        lead_roles = tuple(items_by_id(session, rt.server_key, lead_ids))
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
    searched = blind_index.words(interests or "")
    if not searched:
        raise RegisterError("Please describe a few interests or parts of their background, for example 'football, Polish'.")
    with rt.db.read() as session:
        key = blind_index.index_key(session, rt.server_key, create=False)
        if key is None:
            return []
        hashes = sorted(set(blind_index.search_hashes(key, sorted(searched)[:MAX_MATCH_WORDS])))
        # The newest MATCH_CANDIDATES visible, willing entries holding each word, then scored.
        candidates = union_all(*[
            select(inner.c.entry_id).select_from(inner)
            for inner in (
                select(RegisterToken.entry_id)
                .join(RegisterEntry, RegisterEntry.id == RegisterToken.entry_id)
                .where(RegisterToken.token_hash == h, visible_to(by), willing(willing_to))
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
        items = items_by_id(session, rt.server_key, [i for i, _ in scored])
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
