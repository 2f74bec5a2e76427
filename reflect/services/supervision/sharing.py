"""Sharing with a supervisor. The supervisee's side: what I could share, sharing and
withdrawing it, what I share, and who opened it. The supervisor's side: what is shared with
me, and opening it. Items are listed and named from metadata alone; only opening one reads it."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import and_, delete, func, select
from sqlalchemy.orm import Session, aliased

from reflect import runtime
from reflect.dates import day
from reflect.ledger import DecisionKind
from reflect.logs import event
from reflect.models import (
    AuditEvent,
    Entry,
    Episode,
    MeetingItem,
    Person,
    SharedItem,
    SharedItemEntry,
    ShareKind,
    Stage,
    SupervisionMeeting,
    SupervisionPair,
    utcnow,
)
from reflect.questions import QuestionSet
from reflect.questions.schema import ComfortGridQuestion, FreeTextQuestion
from reflect.services import audit, journeys, private_text, shared_copies
from reflect.services.access import Actor, Permission, can, ensure
from reflect.services.errors import PrivateLocked
from reflect.services.journeys import AnswerRejected, NotFound
from reflect.services.pairs import current_date, ref, require
from reflect.services.vault import Vault

ITEM_OPENED = "shared_item_opened"


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


def _item_labels(session: Session, vault: Vault, items: list[SharedItem]) -> dict[int, tuple[str, ...]]:
    """The kind of experience and the audience of each listed item, as labels from the
    author's own question set, so two items from one day can be told apart. Only the page of
    items listed is opened, and only these two choices are read from it."""
    entry_ids = [i.entry_id for i in items if i.entry_id]
    episode_ids = [i.episode_id for i in items if i.episode_id]
    rows: list[Entry] = []
    if entry_ids:
        rows += session.scalars(select(Entry).where(Entry.id.in_(entry_ids))).all()
    if episode_ids:
        rows += session.scalars(select(Entry).where(Entry.episode_id.in_(episode_ids), Entry.status == "complete")).all()
    vault.preload([r.answers for r in rows] + [i.profile_item for i in items])
    rows.sort(key=lambda r: (r.created_at, r.id))
    by_entry: dict[int, tuple[str, ...]] = {}
    by_episode: dict[int, list[str]] = {}
    views = journeys.views_of(session, vault, rows)
    owner = items[0].owner_id if items else None
    copies = _copies_for(session, vault, owner) if owner is not None else None
    if copies is not None:
        item_of = {i.entry_id: i.id for i in items if i.entry_id}
        episode_items = {i.episode_id: i.id for i in items if i.episode_id}
        item_of |= {r.id: episode_items[r.episode_id] for r in rows if r.episode_id in episode_items and r.id not in item_of}
        views = _as_shared(views, item_of, copies.entries([i.id for i in items]))
    for row, view in zip(rows, views, strict=True):
        found = tuple(label for tag in ("category", "audience") if (label := view.tagged_label(tag)))
        by_entry[row.id] = found
        if row.episode_id is not None:
            merged = by_episode.setdefault(row.episode_id, [])
            merged += [label for label in found if label not in merged]
    profile_rows = _profile_rows()
    labels: dict[int, tuple[str, ...]] = {}
    for item in items:
        if item.entry_id:
            labels[item.id] = by_entry.get(item.entry_id, ())
        elif item.episode_id:
            labels[item.id] = tuple(by_episode.get(item.episode_id, ()))
        elif item.profile_item is not None:
            shared = copies.profile(item.id) if copies is not None else None
            row = profile_rows.get(shared[0] if shared else (vault.open(item.profile_item) or ""))
            labels[item.id] = (row,) if row else ()
    return labels


def _last_held(session: Session, pair_id: int) -> date | None:
    return session.scalar(select(func.max(SupervisionMeeting.held_on)).where(SupervisionMeeting.pair_id == pair_id))


def _summaries(session: Session, items: list[SharedItem], last_held: date | None) -> list[SharedSummary]:
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


def _live(pair_id: int):
    return select(SharedItem).where(SharedItem.pair_id == pair_id, SharedItem.withdrawn_at.is_(None))


# --- the supervisee's side: sharing and withdrawing -----------------------------------


def _snippet(answers: dict[str, Any], questions: QuestionSet, length: int = 48) -> str:
    """The opening words of the first thing written in a free-text answer (never a choice's
    id), so the owner can tell entries apart."""
    text = next(
        (v for k, v in answers.items() if isinstance(questions.question(k), FreeTextQuestion) and isinstance(v, str) and v.strip()), ""
    )
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def shareable(*, pair_id: int, by: Actor) -> list[Shareable]:
    """What I could share in this pair and haven't yet: my recent finished quick checks and
    reflections, my episodes, and the experiences in my profile that I have filled in."""
    ensure(by, Permission.SHARE_WITH_SUPERVISOR)
    rt = runtime.current()
    with rt.db.read() as session:
        pair = require(session, by, pair_id, Permission.SHARE_WITH_SUPERVISOR)
        live = session.scalars(_live(pair.id)).all()
        vault = Vault(session, rt.server_key, by=by)
        taken = {(ShareKind.ENTRY, str(i.entry_id)) for i in live if i.entry_id}
        # An episode already shared is offered again only once it holds something new.
        grown = _grown_since_shared(session, [i for i in live if i.episode_id])
        taken |= {(ShareKind.EPISODE, str(i.episode_id)) for i in live if i.episode_id and i.id not in grown}
        taken |= {(ShareKind.PROFILE_ITEM, vault.open(i.profile_item)) for i in live if i.profile_item is not None}
        profile_entry = _profile_entry(session, by.person_id)
        # My 50 most recent quick checks and reflections, read in the same unit of work.
        rows = session.scalars(
            journeys.own_entries_query(by, journeys.Filters()).order_by(Entry.updated_at.desc(), Entry.id.desc()).limit(50)
        ).all()
        views = journeys.views_of(session, vault, [*rows, *([profile_entry] if profile_entry else [])])
        entries, profile = views[: len(rows)], (views[-1] if profile_entry else None)
    found = []
    episodes_seen: set[int] = set()
    for entry in entries:
        when = (entry.completed_at or entry.updated_at).astimezone()
        label = f"{entry.stage.label}, {day(when)} at {when:%H:%M}"
        about = " · ".join(t for tag in ("audience", "category") if (t := entry.tagged_label(tag)))
        snippet = _snippet(entry.answers, entry.questions)
        found.append(Shareable(ShareKind.ENTRY, str(entry.id), label + (f" · {about}" if about else "") + (f": {snippet}" if snippet else "")))
        if entry.episode_id and entry.episode_id not in episodes_seen:
            episodes_seen.add(entry.episode_id)
            found.append(Shareable(ShareKind.EPISODE, str(entry.episode_id), f"The whole episode ending with this {entry.stage.label.lower()}, {day(when)} at {when:%H:%M}"))
    grid = next((q for q in profile.questions.questions() if isinstance(q, ComfortGridQuestion)), None) if profile else None
    if grid is not None:
        answered = profile.answers.get(grid.id) or {}
        found += [Shareable(ShareKind.PROFILE_ITEM, row.id, f"Profile: {row.label}") for row in grid.rows if row.id in answered]
    return [s for s in found if (s.kind, s.target) not in taken]


def _profile_entry(session: Session, owner_id: int) -> Entry | None:
    return session.scalar(
        select(Entry).where(Entry.owner_id == owner_id, Entry.stage == Stage.PREPARATION.value).order_by(Entry.id).limit(1)
    )


def _profile(session: Session, vault: Vault, owner_id: int) -> journeys.EntryView | None:
    """A person's sharing profile, read (never created) inside the caller's unit of work."""
    entry = _profile_entry(session, owner_id)
    return None if entry is None else journeys.view_of(session, vault, entry)


def _check_target(session: Session, by: Actor, kind: ShareKind, target: str) -> tuple[int | None, int | None, str | None]:
    if kind == ShareKind.ENTRY:
        entry = session.get(Entry, _int(target))
        if entry is None or not can(by, Permission.OWN_CONTENT, entry.owner_id) or entry.stage == Stage.PREPARATION.value:
            raise NotFound("That reflection isn't there.")
        if entry.status != "complete":
            raise AnswerRejected("Only finished quick checks and reflections can be shared. This one is still a draft.")
        return entry.id, None, None
    if kind == ShareKind.EPISODE:
        episode = session.get(Episode, _int(target))
        if episode is None or not can(by, Permission.OWN_CONTENT, episode.owner_id):
            raise NotFound("That episode isn't there.")
        return None, episode.id, None
    grid = next((q for q in journeys.current_set(Stage.PREPARATION).questions() if isinstance(q, ComfortGridQuestion)), None)
    if grid is None or not any(row.id == target for row in grid.rows):
        raise NotFound("That experience isn't part of your profile.")
    return None, None, target


def _int(value: str) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise NotFound("That item isn't there.") from None


def _episode_entries(session: Session, episode_id: int) -> set[int]:
    """The finished entries an episode holds now."""
    return set(session.scalars(select(Entry.id).where(Entry.episode_id == episode_id, Entry.status == "complete")))


def _snapshot(session: Session, item_id: int) -> set[int]:
    return set(session.scalars(select(SharedItemEntry.entry_id).where(SharedItemEntry.shared_item_id == item_id)))


def _grown_since_shared(session: Session, items: list[SharedItem]) -> set[int]:
    """The shared episodes (by shared item id) that now hold a finished entry their share does
    not cover, found with one query however many items there are."""
    ids = [i.id for i in items if i.episode_id]
    if not ids:
        return set()
    covered = and_(SharedItemEntry.shared_item_id == SharedItem.id, SharedItemEntry.entry_id == Entry.id)
    return set(
        session.scalars(
            select(SharedItem.id)
            .join(Entry, and_(Entry.episode_id == SharedItem.episode_id, Entry.status == "complete"))
            .outerjoin(SharedItemEntry, covered)
            .where(SharedItem.id.in_(ids), SharedItemEntry.entry_id.is_(None))
            .distinct()
        )
    )


def _record_snapshot(session: Session, item: SharedItem, entry_ids: set[int]) -> None:
    for entry_id in sorted(entry_ids):
        session.add(SharedItemEntry(shared_item_id=item.id, entry_id=entry_id))


def share(*, pair_id: int, kind: ShareKind, target: str, by: Actor) -> int:
    """Share one of my items with the supervisor of one of my active pairs. Returns the
    shared item's id.

    A whole episode is shared as it stands: the supervisor reads the finished entries it
    holds now, never one added to it later. Sharing an episode again adds what it has gained
    since. Sharing any other item again returns the existing share. Sharing again something
    I had withdrawn puts it back in the session records where it had been discussed.

    Raises:
        NotFound: not my pair (or not active), or not my item.
        AnswerRejected: the item is a draft, or an episode with nothing finished in it.
        NoKeyYet: the supervisor has no key for shared items yet (nothing is shared).
        PrivateLocked: my own key is locked in this session.
    """
    ensure(by, Permission.SHARE_WITH_SUPERVISOR)
    kind = ShareKind(kind)
    rt = runtime.current()
    with rt.db.write(by=by) as session:
        pair = require(session, by, pair_id, Permission.SHARE_WITH_SUPERVISOR)
        if not pair.is_active(current_date()):
            raise NotFound("That supervision pair has ended, so nothing more can be shared through it.")
        entry_id, episode_id, profile_item = _check_target(session, by, kind, target)
        held = _episode_entries(session, episode_id) if episode_id else set()
        if episode_id and not held:
            raise AnswerRejected("Nothing in this episode is finished yet, so there is nothing to share.")
        vault = Vault(session, rt.server_key, by=by)
        shared_copies.check_can_seal(session, vault, by.person_id, pair.supervisor_id)

        def same(existing: SharedItem) -> bool:
            return bool(
                (entry_id and existing.entry_id == entry_id)
                or (episode_id and existing.episode_id == episode_id)
                or (profile_item and vault.open(existing.profile_item) == profile_item)
            )

        for existing in session.scalars(_live(pair_id).where(SharedItem.kind == kind.value)).all():
            if same(existing):
                added = held - _snapshot(session, existing.id)
                if added:
                    _record_snapshot(session, existing, added)
                    _seal_entries(session, vault, existing, pair.supervisor_id, added)
                    audit.record(session, by=by, action="shared_with_supervisor", subject_id=by.person_id, object_type="shared_item", object_id=existing.id)
                return existing.id
        item = SharedItem(
            pair_id=pair.id,
            owner_id=by.person_id,
            kind=kind.value,
            entry_id=entry_id,
            episode_id=episode_id,
            profile_item=vault.seal_private(by.person_id, profile_item) if profile_item else None,
        )
        session.add(item)
        session.flush()
        _record_snapshot(session, item, held)
        # The snapshot, sealed for the supervisor alone; my own text stays private.
        _seal_entries(session, vault, item, pair.supervisor_id, held | ({entry_id} if entry_id else set()))
        if profile_item:
            _seal_profile(session, vault, item, pair.supervisor_id, profile_item)
        withdrawn = [
            old for old in session.scalars(
                select(SharedItem).where(SharedItem.pair_id == pair.id, SharedItem.kind == kind.value, SharedItem.withdrawn_at.is_not(None))
            ).all()
            if same(old)
        ]
        _move_discussed(session, [old.id for old in withdrawn], item.id)
        audit.record(session, by=by, action="shared_with_supervisor", subject_id=by.person_id, object_type="shared_item", object_id=item.id)
    event("supervision.shared", kind=1)
    return item.id


def _seal_entries(session: Session, vault: Vault, item: SharedItem, recipient_id: int, entry_ids: set[int]) -> None:
    if entry_ids:
        rows = session.scalars(select(Entry).where(Entry.id.in_(entry_ids), Entry.owner_id == item.owner_id).order_by(Entry.id)).all()
        shared_copies.seal_entries(session, vault, item, recipient_id, list(rows))


def _seal_profile(session: Session, vault: Vault, item: SharedItem, recipient_id: int, row_id: str) -> None:
    if not vault.private_unlocked(item.owner_id):
        raise PrivateLocked()
    view = _profile(session, vault, item.owner_id)
    shared_copies.seal_profile(session, item, recipient_id, row_id, shared_copies.profile_answers(view, row_id) if view else {})


def can_receive(*, pair_id: int, by: Actor) -> bool:
    """Whether the supervisor of one of my pairs has their key for shared items yet (made at
    their first sign-in after the upgrade): until then nothing can be sealed for them."""
    ensure(by, Permission.SHARE_WITH_SUPERVISOR)
    with runtime.current().db.read() as session:
        pair = require(session, by, pair_id, Permission.SHARE_WITH_SUPERVISOR)
        return shared_copies.can_receive(session, pair.supervisor_id)


def _move_discussed(session: Session, old_ids: list[int], new_id: int) -> None:
    """Put a share made again back into the session records its withdrawn copies were in."""
    if not old_ids:
        return
    meetings = set(session.scalars(select(MeetingItem.meeting_id).where(MeetingItem.shared_item_id.in_(old_ids))))
    session.execute(delete(MeetingItem).where(MeetingItem.shared_item_id.in_(old_ids)))
    for meeting_id in sorted(meetings):
        session.add(MeetingItem(meeting_id=meeting_id, shared_item_id=new_id))


def shared_episode_with(*, entry_ids: list[int], by: Actor) -> list[str]:
    """Who (supervisor names) already has a whole episode of mine that holds any of these
    entries: what the page says before linking to it or adding to it. Sharing it covers only
    what it held then, so anything added stays private to me."""
    ensure(by, Permission.KEEP_OWN_REFLECTIONS)
    ids = [int(i) for i in entry_ids]
    if not ids:
        return []
    with runtime.current().db.read() as session:
        episodes = session.scalars(
            select(Entry.episode_id).where(Entry.id.in_(ids), Entry.owner_id == by.person_id, Entry.episode_id.is_not(None))
        ).all()
        if not episodes:
            return []
        rows = session.scalars(
            select(Person.name)
            .join(SupervisionPair, SupervisionPair.supervisor_id == Person.id)
            .join(SharedItem, SharedItem.pair_id == SupervisionPair.id)
            .where(SharedItem.episode_id.in_(set(episodes)), SharedItem.owner_id == by.person_id, SharedItem.withdrawn_at.is_(None))
        ).all()
        return sorted(set(rows), key=str.casefold)


def withdraw(*, shared_item_id: int, by: Actor) -> None:
    """Stop sharing one of my items. It disappears from my supervisor's view, and from any
    summary made afterwards, at once. Withdrawing twice is harmless.

    Raises:
        NotFound: not my shared item.
    """
    ensure(by, Permission.SHARE_WITH_SUPERVISOR)
    with runtime.current().db.write(by=by) as session:
        item = session.get(SharedItem, shared_item_id)
        if item is None or not can(by, Permission.OWN_CONTENT, item.owner_id):
            raise NotFound("That shared item isn't there.")
        if item.withdrawn_at is None:
            item.withdrawn_at = utcnow()
            audit.record(session, by=by, action="share_withdrawn", subject_id=by.person_id, object_type="shared_item", object_id=item.id)
            # Written before the commit: a restore from an older backup withdraws it again.
            runtime.current().ledger.record(DecisionKind.SHARE_WITHDRAWN, [item.public_id], at=item.withdrawn_at)
            # The copy sealed for the supervisor goes with it, in the same unit of work; text
            # shared before the upgrade, still team text, moves under my own key.
            shared_copies.forget_items(session, [item.id])
            vault = Vault(session, runtime.current().server_key, by=by)
            if vault.private_unlocked(by.person_id):
                ids = _snapshot(session, item.id) | ({item.entry_id} if item.entry_id else set())
                private_text.make_private(session, vault, by.person_id, ids)
            session.flush()
    event("supervision.withdrawn")


def my_shares(*, pair_id: int, by: Actor) -> list[SharedSummary]:
    """What I currently share in one of my pairs, newest first."""
    ensure(by, Permission.SHARE_WITH_SUPERVISOR)
    with runtime.current().db.read() as session:
        pair = require(session, by, pair_id, Permission.SHARE_WITH_SUPERVISOR)
        items = session.scalars(_live(pair.id).order_by(SharedItem.shared_at.desc(), SharedItem.id.desc()).limit(200)).all()
        summaries = _summaries(session, list(items), _last_held(session, pair.id))
        # My own profile items are named for me (the supervisor's list names them generically).
        vault = Vault(session, runtime.current().server_key, by=by)
        rows = _profile_rows()
        named = {i.id: rows.get(vault.open(i.profile_item) or "") for i in items if i.profile_item is not None}
        return [replace(s, title=f"Profile: {named[s.id]}") if named.get(s.id) else s for s in summaries]


def _kind_of_experience(row) -> str:
    """A profile experience counted under the same kind of experience as quick checks and
    reflections (the row's `category`, an option of the reflection set's category question),
    so a summary's themes count one label per kind; the row's own label where it has none."""
    question = journeys.current_set(Stage.AFTER_SHARING).tagged("category")
    option = question.option(row.category) if row.category and question is not None else None
    return option.label if option else row.label


def _profile_rows() -> dict[str, str]:
    grid = next((q for q in journeys.current_set(Stage.PREPARATION).questions() if isinstance(q, ComfortGridQuestion)), None)
    return {row.id: row.label for row in grid.rows} if grid else {}


def openings(*, by: Actor, page: int = 1, per_page: int = 20) -> tuple[list[Opening], int]:
    """Who opened which of my shared items, and when, newest first, and the total."""
    ensure(by, Permission.SHARE_WITH_SUPERVISOR)
    who = aliased(Person)
    base = select(AuditEvent).where(audit.about(by.person_id), AuditEvent.action == ITEM_OPENED)
    with runtime.current().db.read() as session:
        rows = session.execute(
            select(AuditEvent, who.name, SharedItem)
            .outerjoin(who, audit.acted_by(who))
            # Only my own items: after a restore, an opening re-added from the audit journal may
            # name an item id the backup lacks and someone has since been given.
            .outerjoin(SharedItem, and_(SharedItem.id == AuditEvent.object_id, SharedItem.owner_id == by.person_id))
            .where(audit.about(by.person_id), AuditEvent.action == ITEM_OPENED)
            .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
            .limit(per_page)
            .offset((page - 1) * per_page)
        ).all()
        if page == 1 and len(rows) < per_page:
            total = len(rows)  # all of them are on this first page
        else:
            total = session.scalar(select(func.count()).select_from(base.subquery())) or 0
        items = [item for _, _, item in rows if item is not None]
        titles = item_titles(session, list({i.id: i for i in items}.values()))
        return [
            Opening(
                at=ev.at,
                who=name or "Someone no longer here",
                item_title=titles.get(item.id, "An item since removed") if item else "An item since removed",
                still_shared=item is not None and item.withdrawn_at is None,
            )
            for ev, name, item in rows
        ], total


# --- the supervisor's side: what is shared with me ------------------------------------


def shared_with_me(*, pair_id: int, by: Actor, page: int = 1, per_page: int = 20, labelled: bool = True) -> tuple[list[SharedSummary], int]:
    """What this supervisee shares with me now, newest first, marked new since our last
    session; and the total. With `labelled`, each item on the page carries its kind of
    experience and audience (those two choices alone are read); nothing else is opened.

    Raises:
        NotFound: not my supervisee (or the pair has ended).
    """
    ensure(by, Permission.SUPERVISE)
    with runtime.current().db.read() as session:
        pair = require(session, by, pair_id, Permission.SUPERVISE)
        items = list(session.scalars(
            _live(pair.id).order_by(SharedItem.shared_at.desc(), SharedItem.id.desc()).limit(per_page).offset((page - 1) * per_page)
        ).all())
        if page == 1 and len(items) < per_page:
            total = len(items)  # all of them are on this first page
        else:
            total = session.scalar(select(func.count()).select_from(_live(pair.id).subquery())) or 0
        labels = _item_labels(session, Vault(session, runtime.current().server_key, by=by), items) if labelled else {}
        return [replace(s, labels=labels.get(s.id, ())) for s in _summaries(session, items, _last_held(session, pair.id))], total


def _copies_for(session: Session, vault: Vault, item_owner_id: int) -> shared_copies.Copies | None:
    """None when the reader is the owner, signed in (they read their own text as it is now);
    otherwise what is sealed for the reader, opened with their private key."""
    if vault.private_unlocked(item_owner_id) or vault.reader_id is None:
        return None
    return shared_copies.Copies(session, vault, vault.reader_id)


def _as_shared(views: list[journeys.EntryView], item_of: dict[int, int], found: dict[tuple[int, int], dict]) -> list[journeys.EntryView]:
    """Entry views with the answers as they were sealed for the reader at the moment of sharing
    (an entry from before the upgrade, still team text, reads as it is)."""
    return [
        replace(v, answers=found[(item_of[v.id], v.id)]) if (item_of.get(v.id), v.id) in found else v
        for v in views
    ]


def shared_content(session: Session, vault: Vault, item: SharedItem, title: str) -> SharedContent:
    """What a shared item holds, in the words of its own questions: for its owner, their own
    text; for the supervisor, the snapshot sealed for them, opened with their private key."""
    copies = _copies_for(session, vault, item.owner_id)
    if item.kind == ShareKind.PROFILE_ITEM:
        view = _profile(session, vault, item.owner_id)
        row_id = vault.open(item.profile_item) or ""
        shared = copies.profile(item.id) if copies is not None else None
        if shared is not None and view is not None:
            row_id = shared[0]
            view = replace(view, answers=shared[1])
        sections: list[tuple[str, list[tuple[str, str]]]] = []
        categories: tuple[str, ...] = ()
        if view is not None:
            grid = next((q for q in view.questions.questions() if isinstance(q, ComfortGridQuestion)), None)
            row = next((r for r in grid.rows if r.id == row_id), None) if grid else None
            if grid is not None and row is not None:
                cols = {c.id: c.label for c in grid.columns}
                levels = {lv.id: lv.label for lv in grid.levels}
                cells = (view.answers.get(grid.id) or {}).get(row.id, {})
                lines = [(f"Sharing with: {cols.get(c, c)}", levels.get(lv, lv)) for c, lv in cells.items()]
                for follow in grid.follow_up:
                    value = view.answers.get(f"{row.id}.{follow.id}")
                    if value not in (None, "", []):
                        lines.append((follow.text, journeys.readable(follow, value)))
                sections = [(row.label, lines)]
                categories = (_kind_of_experience(row),)
                title = f"Profile: {row.label}"
        return SharedContent(item.id, ShareKind.PROFILE_ITEM, title, item.shared_at, sections, categories)
    if item.kind == ShareKind.ENTRY:
        rows = session.scalars(select(Entry).where(Entry.id == item.entry_id)).all()
    else:  # exactly the entries the episode held when it was shared
        rows = session.scalars(
            select(Entry)
            .join(SharedItemEntry, SharedItemEntry.entry_id == Entry.id)
            .where(SharedItemEntry.shared_item_id == item.id, Entry.status == "complete")
            .order_by(Entry.created_at, Entry.id)
        ).all()
    views = journeys.views_of(session, vault, [r for r in rows if r.status == "complete" or item.kind == ShareKind.ENTRY])
    if copies is not None:
        views = _as_shared(views, {v.id: item.id for v in views}, copies.entries([item.id]))
    sections = []
    for view in views:
        heading = f"{view.stage.label}, {day(view.completed_at or view.updated_at)}"
        parts = journeys.answer_lines(view.questions, {k: v for k, v in view.answers.items() if not k.startswith("_")})
        sections.append((heading, [line for _, lines in parts for line in lines]))
    categories = tuple(c for v in views if (c := v.tagged_label("category")))
    audiences = tuple(a for v in views if (a := v.tagged_label("audience")))
    return SharedContent(item.id, ShareKind(item.kind), title, item.shared_at, sections, categories, audiences)


def open_shared(*, shared_item_id: int, by: Actor) -> SharedContent:
    """Open one shared item. When the supervisor opens it, the opening is recorded (once in
    audit.READ_WINDOW, so a page shown again is not a new opening) and the supervisee sees
    it; the supervisee opening their own is not recorded.

    Raises:
        NotFound: not shared with me (never shared, withdrawn, another pair's, pair ended).
    """
    ensure(by, Permission.USE_APP)
    rt = runtime.current()
    with rt.db.read() as session:
        item = session.get(SharedItem, shared_item_id)
        pair = session.get(SupervisionPair, item.pair_id) if item else None
        if item is None or pair is None or item.withdrawn_at is not None or not can(by, Permission.IN_SUPERVISION_PAIR, ref(pair)):
            raise NotFound("That item isn't shared with you. It may have been withdrawn.")
        title = item_titles(session, [item])[item.id]
        content = shared_content(session, Vault(session, rt.server_key, by=by), item, title)
    if by.person_id != item.owner_id:
        # Recorded before the content is handed over; a page shown again is the same opening.
        audit.record_reads_once(by=by, action=ITEM_OPENED, object_type="shared_item", reads={item.owner_id: [item.id]})
    event("supervision.opened")
    return content
