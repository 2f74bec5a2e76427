"""Shared items as lists show them: what a supervisor or supervisee sees of an item before
anyone opens it. Titles, dates and whether an item is new come from metadata alone; nothing
here decrypts anything."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from reflect.dates import day
from reflect.models import Entry, SharedItem, SharedItemEntry, ShareKind, Stage, SupervisionMeeting

# --- views ----------------------------------------------------------------------------


@dataclass(frozen=True)
class SharedSummary:
    """A shared item as the supervisor's list shows it: no content is opened to list it."""

    id: int
    kind: ShareKind
    title: str
    shared_at: datetime
    is_new: bool  # shared since the pair's last session
    labels: tuple[str, ...] = ()  # kind of experience and audience, in the set's own words


@dataclass(frozen=True)
class SharedContent:
    """An opened shared item: its title and (section, [(question, answer)]) as plain text."""

    id: int
    kind: ShareKind
    title: str
    shared_at: datetime
    sections: list[tuple[str, list[tuple[str, str]]]]
    categories: tuple[str, ...] = ()
    audiences: tuple[str, ...] = ()


@dataclass(frozen=True)
class Opening:
    at: datetime
    who: str
    item_title: str
    still_shared: bool


@dataclass(frozen=True)
class Shareable:
    """Something of mine I could share: (kind, target) and how to name it."""

    kind: ShareKind
    target: str  # an entry id, an episode id, or a profile row id
    label: str


# --- naming items without opening them ------------------------------------------------


def item_titles(session: Session, items: list[SharedItem]) -> dict[int, str]:
    """A title for each item from metadata alone (kind and dates): nothing is decrypted."""
    entry_ids = [i.entry_id for i in items if i.entry_id]
    episode_ids = [i.episode_id for i in items if i.episode_id]
    entries = {}
    if entry_ids:
        entries = {e.id: (e.stage, e.completed_at or e.updated_at) for e in session.execute(
            select(Entry.id, Entry.stage, Entry.completed_at, Entry.updated_at).where(Entry.id.in_(entry_ids))
        ).all()}
    episodes = {}
    if episode_ids:
        rows = session.execute(
            select(SharedItemEntry.shared_item_id, func.count(), func.max(func.coalesce(Entry.completed_at, Entry.updated_at)))
            .join(Entry, Entry.id == SharedItemEntry.entry_id)
            .where(SharedItemEntry.shared_item_id.in_([i.id for i in items if i.episode_id]), Entry.status == "complete")
            .group_by(SharedItemEntry.shared_item_id)
        ).all()
        episodes = {item_id: (count, latest) for item_id, count, latest in rows}
    titles = {}
    for item in items:
        if item.kind == ShareKind.ENTRY and item.entry_id in entries:
            stage, when = entries[item.entry_id]
            local = when.astimezone()
            titles[item.id] = f"{Stage(stage).label}, {day(local)} at {local:%H:%M}"
        elif item.kind == ShareKind.EPISODE:
            count, latest = episodes.get(item.id, (0, None))
            titles[item.id] = f"Sharing episode, {count} part{'s' if count != 1 else ''}" + (f", latest {day(latest)}" if latest else "")
        else:
            titles[item.id] = "An experience from the sharing profile"
    return titles


def last_held(session: Session, pair_id: int) -> date | None:
    """The day of the pair's latest session, if any."""
    return session.scalar(select(func.max(SupervisionMeeting.held_on)).where(SupervisionMeeting.pair_id == pair_id))


def summaries(session: Session, items: list[SharedItem], last_held: date | None) -> list[SharedSummary]:
    """The supervisor's list of these items, each marked new if shared since the pair's last session."""
    titles = item_titles(session, items)
    cutoff = datetime.combine(last_held + timedelta(days=1), time.min).astimezone(UTC) if last_held else None
    return [
        SharedSummary(
            id=i.id,
            kind=ShareKind(i.kind),
            title=titles[i.id],
            shared_at=i.shared_at,
            is_new=cutoff is None or i.shared_at >= cutoff,
        )
        for i in items
    ]


def live_items(pair_id: int):
    """The pair's items that are shared now (not withdrawn)."""
    return select(SharedItem).where(SharedItem.pair_id == pair_id, SharedItem.withdrawn_at.is_(None))
