"""My reflections: the person's own quick checks and reflections, filtered and a page at a
time, and the points of the chart of how things went."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Select, func, select

from reflect import runtime
from reflect.models import Entry, Stage
from reflect.services.access import Actor, Permission, ensure
from reflect.services.journeys.views import EntryView, views_of
from reflect.services.vault import Vault

# Own-text search and the answer-based filters have to open entries to look inside them;
# they look through the most recent entries up to this many (years of use for one person).
SEARCH_LIMIT = 2000


@dataclass
class Filters:
    stage: Stage | None = None
    audience: str | None = None  # an option id of the set's audience question
    category: str | None = None  # an option id of the set's category question
    since: date | None = None
    until: date | None = None
    episode_id: int | None = None
    search: str = ""
    status: str | None = "complete"
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def needs_opening(self) -> bool:
        return bool(self.audience or self.category or self.search.strip())


def own_entries_query(by: Actor, filters: Filters) -> Select:
    """The query for the person's own quick checks and reflections (never the profile) that the
    database can filter by: status, stage, dates and episode."""
    query = select(Entry).where(Entry.owner_id == by.person_id, Entry.stage != Stage.PREPARATION.value)
    if filters.status:
        query = query.where(Entry.status == filters.status)
    if filters.stage:
        query = query.where(Entry.stage == filters.stage.value)
    if filters.since:
        query = query.where(Entry.updated_at >= datetime.combine(filters.since, time.min).astimezone())
    if filters.until:
        query = query.where(Entry.updated_at < datetime.combine(filters.until + timedelta(days=1), time.min).astimezone())
    if filters.episode_id:
        query = query.where(Entry.episode_id == filters.episode_id)
    return query


def _matches(view: EntryView, filters: Filters) -> bool:
    audience_q, category_q = view.questions.tagged("audience"), view.questions.tagged("category")
    if filters.audience and (audience_q is None or view.answers.get(audience_q.id) != filters.audience):
        return False
    if filters.category and (category_q is None or view.answers.get(category_q.id) != filters.category):
        return False
    term = filters.search.strip().casefold()
    if term:
        texts = [v for v in view.answers.values() if isinstance(v, str)]
        if not any(term in t.casefold() for t in texts):
            return False
    return True


def list_mine(
    *, by: Actor, filters: Filters | None = None, page: int = 1, per_page: int = 20, with_total: bool = True
) -> tuple[list[EntryView], int]:
    """The person's quick checks and reflections, newest first, one page at a time, and the total.

    Date, stage and episode filter in the database and only the page shown is opened;
    audience, category and text search have to open entries, and look through the most
    recent SEARCH_LIMIT.
    """
    ensure(by, Permission.KEEP_OWN_REFLECTIONS)
    filters = filters or Filters()
    rt = runtime.current()
    query = own_entries_query(by, filters).order_by(Entry.updated_at.desc(), Entry.id.desc())
    with rt.db.read() as session:
        vault = Vault(session, rt.server_key, by=by)
        cache: dict = {}
        if not filters.needs_opening:
            rows = session.scalars(query.limit(per_page).offset((page - 1) * per_page)).all()
            # Without a total (with_total=False), the count is the rows given.
            total = (session.scalar(select(func.count()).select_from(query.subquery())) or 0) if with_total else len(rows)
            return views_of(session, vault, rows, cache), total
        rows = session.scalars(query.limit(SEARCH_LIMIT)).all()
        matched = [v for v in views_of(session, vault, rows, cache) if _matches(v, filters)]
    start_at = (page - 1) * per_page
    return matched[start_at : start_at + per_page], len(matched)


@dataclass(frozen=True)
class TimelinePoint:
    day: date
    stage: Stage
    verdict: str | None
    outcome: int | None


def timeline(*, by: Actor, since: date | None = None) -> list[TimelinePoint]:
    """One point per finished quick check or reflection, for the chart of how things went."""
    rows, _ = list_mine(by=by, filters=Filters(since=since or (date.today() - timedelta(days=365))), per_page=SEARCH_LIMIT, with_total=False)
    return [
        TimelinePoint(
            day=(v.completed_at or v.updated_at).date(),
            stage=v.stage,
            verdict=v.summary.label if v.summary else None,
            outcome=v.outcome(),
        )
        for v in rows
    ]


def timeline_version(*, by: Actor, since: date) -> tuple[int, datetime | None]:
    """How many quick checks and reflections the person has since `since`, and when the newest
    changed: the chart on My reflections is made again only when this changes, so showing the
    page again opens nothing. One count over the person's own index entries."""
    ensure(by, Permission.KEEP_OWN_REFLECTIONS)
    # The same conditions with the count and newest time as its columns: no subquery to make.
    query = own_entries_query(by, Filters(since=since)).with_only_columns(func.count(), func.max(Entry.updated_at))
    with runtime.current().db.read() as session:
        count, latest = session.execute(query).one()
    if isinstance(latest, str):  # SQLite hands back text for an aggregate of a timestamp
        latest = datetime.fromisoformat(latest)
    return count or 0, latest
