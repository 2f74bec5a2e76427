"""Supervision: sharing chosen items with a supervisor, the pair's session records, agreed
actions, and the supervision summary PDF.

Nothing is shared by default. A supervisee shares one reflection, quick check, episode or
profile experience at a time with the supervisor of one of their pairs, and can withdraw it
at once. The supervisor's list names items without opening them; opening one is audited and
the supervisee sees who opened what. A supervisor sees a pair's items and records only while
the pair is active; nobody outside the pair (team lead, admin) has any route in. Anything
not permitted looks exactly like something that does not exist.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import and_, delete, func, or_, select, update
from sqlalchemy.orm import Session, aliased

from reflect import runtime
from reflect.db import insert_if_absent
from reflect.ledger import DecisionKind
from reflect.logs import event
from reflect.models import (
    AuditEvent,
    Entry,
    Episode,
    MeetingItem,
    MeetingNotes,
    Organisation,
    Person,
    SharedItem,
    SharedItemEntry,
    ShareKind,
    Stage,
    SupervisionAction,
    SupervisionMeeting,
    SupervisionPair,
    utcnow,
)
from reflect.questions import QuestionSet
from reflect.questions.schema import ComfortGridQuestion, FreeTextQuestion, MultipleChoiceQuestion, SingleChoiceQuestion
from reflect.reports import supervision_summary as report
from reflect.services import audit, journeys
from reflect.services.access import AccessDenied, Actor, PairRef, Permission, can, ensure
from reflect.services.journeys import AnswerRejected, NotFound
from reflect.services.vault import Vault

ITEM_OPENED = "shared_item_opened"
NOTES_READ = "supervision_notes_read"
ACTION_LIMIT = 500
COMMENT_LIMIT = 2000
# A pair's records are read a page at a time; a summary covers at most this many sessions.
SUMMARY_MEETING_LIMIT = 200

__all__ = ["AccessDenied", "AnswerRejected", "NotFound"]


# --- views ----------------------------------------------------------------------------


@dataclass(frozen=True)
class PairView:
    id: int
    supervisor_id: int
    supervisor_name: str
    supervisee_id: int
    supervisee_name: str
    starts_on: date
    ends_on: date | None
    frequency_weeks: int
    last_held_on: date | None
    due_on: date  # when the next session is due, by the agreed frequency
    next_on: date | None  # the date the pair agreed at their last session, if any
    active: bool
    today: date

    @property
    def overdue(self) -> bool:
        return self.active and self.today > self.due_on

    @property
    def days_overdue(self) -> int:
        return max(0, (self.today - self.due_on).days)

    def other(self, person_id: int) -> str:
        return self.supervisee_name if person_id == self.supervisor_id else self.supervisor_name


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


@dataclass(frozen=True)
class NotesView:
    """One side's notes for a session, in the shape the question form renderer reads."""

    id: str
    meeting_id: int
    author_id: int
    author_name: str
    questions: QuestionSet
    answers: dict[str, Any]
    updated_at: datetime | None

    def lines(self, *, skip_tag: str | None = None) -> list[tuple[str, str]]:
        """The answered prompts as (prompt, answer) plain text, leaving out the tagged one."""
        return [
            (q.text, journeys.readable(q, self.answers[q.id]))
            for q in self.questions.questions()
            if self.answers.get(q.id) not in (None, "", [], {}) and q.tag != skip_tag
        ]


@dataclass(frozen=True)
class MeetingView:
    id: int
    pair_id: int
    held_on: date
    next_on: date | None
    functions: tuple[str, ...]
    function_labels: tuple[str, ...]
    discussed: tuple[SharedSummary, ...]
    supervisor_notes: NotesView
    supervisee_notes: NotesView
    confirmed_at: datetime | None
    supervisee_comment: str | None
    updated_at: datetime
    kind: str | None = None  # line_management or practice
    kind_label: str | None = None
    supervisor_lived_experience: str | None = None
    supervisor_lived_experience_label: str | None = None
    withdrawn_since: int = 0  # items discussed in this session that have since been withdrawn

    @property
    def supervisor_experience(self) -> str | None:
        question = self.supervisor_notes.questions.tagged("supervisor_experience")
        value = self.supervisor_notes.answers.get(question.id) if question else None
        return value if isinstance(value, str) and value.strip() else None


@dataclass(frozen=True)
class ActionView:
    id: int
    text: str
    owner_id: int
    owner_name: str
    due_on: date | None
    agreed_on: date | None
    done_at: datetime | None
    today: date = field(default_factory=date.today)

    @property
    def overdue(self) -> bool:
        return self.done_at is None and self.due_on is not None and self.due_on < self.today


# --- pairs ----------------------------------------------------------------------------


def _today() -> date:
    return date.today()


def _ref(pair: SupervisionPair) -> PairRef:
    return PairRef(pair.supervisor_id, pair.supervisee_id, pair.is_active(_today()))


def _pair(session: Session, by: Actor, pair_id: int, permission: Permission = Permission.IN_SUPERVISION_PAIR) -> SupervisionPair:
    pair = session.get(SupervisionPair, pair_id)
    if pair is None or not can(by, permission, _ref(pair)):
        raise NotFound("That supervision pair isn't there.")
    return pair


def _pair_views(session: Session, pairs: list[SupervisionPair]) -> list[PairView]:
    """Views of several pairs with two queries in all: names, and each pair's last session."""
    if not pairs:
        return []
    ids = [p.id for p in pairs]
    people = {p.supervisor_id for p in pairs} | {p.supervisee_id for p in pairs}
    names = dict(session.execute(select(Person.id, Person.name).where(Person.id.in_(people))).all())
    last_rows = session.execute(
        select(SupervisionMeeting.pair_id, SupervisionMeeting.held_on, SupervisionMeeting.next_on)
        .where(SupervisionMeeting.pair_id.in_(ids))
        .order_by(SupervisionMeeting.pair_id, SupervisionMeeting.held_on, SupervisionMeeting.id)
    ).all()
    last = {pair_id: (held_on, next_on) for pair_id, held_on, next_on in last_rows}  # the latest wins
    today = _today()
    views = []
    for pair in pairs:
        held_on, next_on = last.get(pair.id, (None, None))
        due_on = (held_on or pair.starts_on) + timedelta(weeks=pair.frequency_weeks)
        views.append(
            PairView(
                id=pair.id,
                supervisor_id=pair.supervisor_id,
                supervisor_name=names.get(pair.supervisor_id, ""),
                supervisee_id=pair.supervisee_id,
                supervisee_name=names.get(pair.supervisee_id, ""),
                starts_on=pair.starts_on,
                ends_on=pair.ends_on,
                frequency_weeks=pair.frequency_weeks,
                last_held_on=held_on,
                due_on=due_on,
                next_on=next_on,
                active=pair.is_active(today),
                today=today,
            )
        )
    return views


def _active(query, today: date):
    return query.where(
        SupervisionPair.starts_on <= today, or_(SupervisionPair.ends_on.is_(None), SupervisionPair.ends_on >= today)
    )


def my_supervisors(*, by: Actor) -> list[PairView]:
    """My active pairs in which I am the supervisee, i.e. who I can share with."""
    ensure(by, Permission.SHARE_WITH_SUPERVISOR)
    with runtime.current().db.read() as session:
        pairs = session.scalars(
            _active(select(SupervisionPair).where(SupervisionPair.supervisee_id == by.person_id), _today()).order_by(SupervisionPair.id)
        ).all()
        return _pair_views(session, list(pairs))


def my_supervisees(*, by: Actor) -> list[PairView]:
    """My active pairs in which I am the supervisor."""
    ensure(by, Permission.SUPERVISE)
    with runtime.current().db.read() as session:
        pairs = session.scalars(
            _active(select(SupervisionPair).where(SupervisionPair.supervisor_id == by.person_id), _today()).order_by(SupervisionPair.id)
        ).all()
        views = _pair_views(session, list(pairs))
    return sorted(views, key=lambda v: v.supervisee_name.casefold())


def pair(*, pair_id: int, by: Actor) -> PairView:
    """One pair the acting person belongs to.

    Raises:
        NotFound: no such pair, or not theirs (or, for a supervisor, no longer active).
    """
    with runtime.current().db.read() as session:
        return _pair_views(session, [_pair(session, by, pair_id)])[0]


# --- naming items without opening them ------------------------------------------------


def _titles(session: Session, items: list[SharedItem]) -> dict[int, str]:
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
            titles[item.id] = f"{Stage(stage).label}, {_day(local)} at {local:%H:%M}"
        elif item.kind == ShareKind.EPISODE:
            count, latest = episodes.get(item.id, (0, None))
            titles[item.id] = f"Sharing episode, {count} part{'s' if count != 1 else ''}" + (f", latest {_day(latest)}" if latest else "")
        else:
            titles[item.id] = "An experience from the sharing profile"
    return titles


def _day(when: datetime | date) -> str:
    if isinstance(when, datetime):
        when = when.astimezone().date()
    return f"{when.day} {when:%b %Y}"


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
    for row, view in zip(rows, journeys.views_of(session, vault, rows), strict=True):
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
            row = profile_rows.get(vault.open(item.profile_item) or "")
            labels[item.id] = (row,) if row else ()
    return labels


def _last_held(session: Session, pair_id: int) -> date | None:
    return session.scalar(select(func.max(SupervisionMeeting.held_on)).where(SupervisionMeeting.pair_id == pair_id))


def _summaries(session: Session, items: list[SharedItem], last_held: date | None) -> list[SharedSummary]:
    titles = _titles(session, items)
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
        pair = _pair(session, by, pair_id, Permission.SHARE_WITH_SUPERVISOR)
        live = session.scalars(_live(pair.id)).all()
        vault = Vault(session, rt.server_key)
        taken = {(ShareKind.ENTRY, str(i.entry_id)) for i in live if i.entry_id}
        # An episode already shared is offered again only once it holds something new.
        grown = _grown_since_shared(session, [i for i in live if i.episode_id])
        taken |= {(ShareKind.EPISODE, str(i.episode_id)) for i in live if i.episode_id and i.id not in grown}
        taken |= {(ShareKind.PROFILE_ITEM, vault.open(i.profile_item)) for i in live if i.profile_item is not None}
        profile_entry = _profile_entry(session, by.person_id)
        # My 50 most recent quick checks and reflections, read in the same unit of work.
        rows = session.scalars(
            journeys._base_query(by, journeys.Filters()).order_by(Entry.updated_at.desc(), Entry.id.desc()).limit(50)
        ).all()
        views = journeys.views_of(session, vault, [*rows, *([profile_entry] if profile_entry else [])])
        entries, profile = views[: len(rows)], (views[-1] if profile_entry else None)
    found = []
    episodes_seen: set[int] = set()
    for entry in entries:
        when = (entry.completed_at or entry.updated_at).astimezone()
        label = f"{entry.stage.label}, {_day(when)} at {when:%H:%M}"
        about = " · ".join(t for tag in ("audience", "category") if (t := entry.tagged_label(tag)))
        snippet = _snippet(entry.answers, entry.questions)
        found.append(Shareable(ShareKind.ENTRY, str(entry.id), label + (f" · {about}" if about else "") + (f": {snippet}" if snippet else "")))
        if entry.episode_id and entry.episode_id not in episodes_seen:
            episodes_seen.add(entry.episode_id)
            found.append(Shareable(ShareKind.EPISODE, str(entry.episode_id), f"The whole episode ending with this {entry.stage.label.lower()}, {_day(when)} at {when:%H:%M}"))
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
        if entry is None or entry.owner_id != by.person_id or entry.stage == Stage.PREPARATION.value:
            raise NotFound("That reflection isn't there.")
        if entry.status != "complete":
            raise AnswerRejected("Only finished quick checks and reflections can be shared. This one is still a draft.")
        return entry.id, None, None
    if kind == ShareKind.EPISODE:
        episode = session.get(Episode, _int(target))
        if episode is None or episode.owner_id != by.person_id:
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
    """
    ensure(by, Permission.SHARE_WITH_SUPERVISOR)
    kind = ShareKind(kind)
    rt = runtime.current()
    with rt.db.write() as session:
        pair = _pair(session, by, pair_id, Permission.SHARE_WITH_SUPERVISOR)
        if not pair.is_active(_today()):
            raise NotFound("That supervision pair has ended, so nothing more can be shared through it.")
        entry_id, episode_id, profile_item = _check_target(session, by, kind, target)
        held = _episode_entries(session, episode_id) if episode_id else set()
        if episode_id and not held:
            raise AnswerRejected("Nothing in this episode is finished yet, so there is nothing to share.")
        vault = Vault(session, rt.server_key)

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
                    audit.record(session, by=by, action="shared_with_supervisor", subject_id=by.person_id, object_type="shared_item", object_id=existing.id)
                return existing.id
        item = SharedItem(
            pair_id=pair.id,
            owner_id=by.person_id,
            kind=kind.value,
            entry_id=entry_id,
            episode_id=episode_id,
            profile_item=vault.seal(by.person_id, profile_item) if profile_item else None,
        )
        session.add(item)
        session.flush()
        _record_snapshot(session, item, held)
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
    with runtime.current().db.write() as session:
        item = session.get(SharedItem, shared_item_id)
        if item is None or item.owner_id != by.person_id:
            raise NotFound("That shared item isn't there.")
        if item.withdrawn_at is None:
            item.withdrawn_at = utcnow()
            audit.record(session, by=by, action="share_withdrawn", subject_id=by.person_id, object_type="shared_item", object_id=item.id)
            # Written before the commit: a restore from an older backup withdraws it again.
            runtime.current().ledger.record(DecisionKind.SHARE_WITHDRAWN, [item.public_id], at=item.withdrawn_at)
    event("supervision.withdrawn")


def my_shares(*, pair_id: int, by: Actor) -> list[SharedSummary]:
    """What I currently share in one of my pairs, newest first."""
    ensure(by, Permission.SHARE_WITH_SUPERVISOR)
    with runtime.current().db.read() as session:
        pair = _pair(session, by, pair_id, Permission.SHARE_WITH_SUPERVISOR)
        items = session.scalars(_live(pair.id).order_by(SharedItem.shared_at.desc(), SharedItem.id.desc()).limit(200)).all()
        summaries = _summaries(session, list(items), _last_held(session, pair.id))
        # My own profile items are named for me (the supervisor's list names them generically).
        vault = Vault(session, runtime.current().server_key)
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
    base = select(AuditEvent).where(AuditEvent.subject_id == by.person_id, AuditEvent.action == ITEM_OPENED)
    with runtime.current().db.read() as session:
        rows = session.execute(
            select(AuditEvent, who.name, SharedItem)
            .outerjoin(who, who.id == AuditEvent.actor_id)
            .outerjoin(SharedItem, SharedItem.id == AuditEvent.object_id)
            .where(AuditEvent.subject_id == by.person_id, AuditEvent.action == ITEM_OPENED)
            .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
            .limit(per_page)
            .offset((page - 1) * per_page)
        ).all()
        if page == 1 and len(rows) < per_page:
            total = len(rows)  # all of them are on this first page
        else:
            total = session.scalar(select(func.count()).select_from(base.subquery())) or 0
        items = [item for _, _, item in rows if item is not None]
        titles = _titles(session, list({i.id: i for i in items}.values()))
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
        pair = _pair(session, by, pair_id, Permission.SUPERVISE)
        items = list(session.scalars(
            _live(pair.id).order_by(SharedItem.shared_at.desc(), SharedItem.id.desc()).limit(per_page).offset((page - 1) * per_page)
        ).all())
        if page == 1 and len(items) < per_page:
            total = len(items)  # all of them are on this first page
        else:
            total = session.scalar(select(func.count()).select_from(_live(pair.id).subquery())) or 0
        labels = _item_labels(session, Vault(session, runtime.current().server_key), items) if labelled else {}
        return [replace(s, labels=labels.get(s.id, ())) for s in _summaries(session, items, _last_held(session, pair.id))], total


def _content(session: Session, vault: Vault, item: SharedItem, title: str) -> SharedContent:
    if item.kind == ShareKind.PROFILE_ITEM:
        view = _profile(session, vault, item.owner_id)
        row_id = vault.open(item.profile_item) or ""
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
    sections = []
    for view in views:
        heading = f"{view.stage.label}, {_day(view.completed_at or view.updated_at)}"
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
        if item is None or pair is None or item.withdrawn_at is not None or not can(by, Permission.IN_SUPERVISION_PAIR, _ref(pair)):
            raise NotFound("That item isn't shared with you. It may have been withdrawn.")
        title = _titles(session, [item])[item.id]
        content = _content(session, Vault(session, rt.server_key), item, title)
    if by.person_id != item.owner_id:
        # Recorded before the content is handed over; a page shown again is the same opening.
        audit.record_reads_once(by=by, action=ITEM_OPENED, object_type="shared_item", reads={item.owner_id: [item.id]})
    event("supervision.opened")
    return content


# --- sessions -------------------------------------------------------------------------


def prompts() -> QuestionSet:
    """The supervision question set in use now."""
    sets = runtime.current().catalogue.by_kind("supervision")
    if not sets:
        raise LookupError("no supervision question set")
    return sets[0]


SESSION_TAGS = ("functions", "session_kind", "supervisor_lived_experience")


def session_options(tag: str) -> dict[str, str]:
    """The choices recorded on a session for the question with this tag: option id to label."""
    question = prompts().tagged(tag)
    return {o.id: o.label for o in question.options} if isinstance(question, (MultipleChoiceQuestion, SingleChoiceQuestion)) else {}


def function_options() -> dict[str, str]:
    """The functions of supervision a session can cover: option id to label."""
    question = prompts().tagged("functions")
    return {o.id: o.label for o in question.options} if isinstance(question, MultipleChoiceQuestion) else {}


def notes_questions(qset: QuestionSet, side: str, role: str | None = None) -> QuestionSet:
    """The prompts one side of the pair answers in their notes (the functions, the kind of
    supervision and the supervisor's lived experience are recorded with the session, so they
    are left out). With the supervisee's practice role, prompts marked for the other role are
    left out too."""
    sections = []
    for section in qset.for_practice_role(role).sections:
        questions = tuple(q for q in section.questions if q.asked_of in ("both", side) and q.tag not in SESSION_TAGS)
        if questions:
            sections.append(section.model_copy(update={"questions": questions}))
    return qset.model_copy(update={"sections": tuple(sections)})


def _check_session_fields(held_on: date, next_on: date | None, functions: list[str]) -> str:
    if held_on > _today():
        raise AnswerRejected("The session date is in the future. Please record a session once it has happened.")
    if next_on is not None and next_on <= held_on:
        raise AnswerRejected("The next session needs to be after this one.")
    options = function_options()
    unknown = [f for f in functions if f not in options]
    if unknown:
        raise AnswerRejected("Please choose the functions from the list.")
    return ",".join(f for f in options if f in functions)


def _check_choice(tag: str, value: str | None) -> str | None:
    if value is None or value in session_options(tag):
        return value
    raise AnswerRejected("Please choose from the list.")


def _set_discussed(session: Session, meeting: SupervisionMeeting, pair_id: int, discussed: list[int]) -> None:
    wanted = set(discussed)
    if wanted:
        live = set(session.scalars(select(SharedItem.id).where(SharedItem.id.in_(wanted), SharedItem.pair_id == pair_id, SharedItem.withdrawn_at.is_(None))))
        if live != wanted:
            raise AnswerRejected("Some of those items are no longer shared. Please choose again from what is shared now.")
    # Withdrawn items stay linked (unseen), so sharing one again puts it back where it was.
    session.execute(
        delete(MeetingItem).where(
            MeetingItem.meeting_id == meeting.id,
            MeetingItem.shared_item_id.not_in(select(SharedItem.id).where(SharedItem.withdrawn_at.is_not(None))),
        )
    )
    for item_id in sorted(wanted):
        session.add(MeetingItem(meeting_id=meeting.id, shared_item_id=item_id))


def record_meeting(
    *,
    pair_id: int,
    held_on: date,
    functions: list[str],
    discussed: list[int],
    next_on: date | None = None,
    kind: str | None = None,
    supervisor_lived_experience: str | None = None,
    by: Actor,
) -> int:
    """The supervisor records a session: its date, the shared items discussed, the functions
    covered, the next date, whether it was line management or practice (peer) supervision, and
    whether the supervisor brings lived experience (option ids of the supervision set's questions
    tagged session_kind and supervisor_lived_experience). Returns the session's id.

    Raises:
        NotFound: not my active supervisee.
        AnswerRejected: a date or choice that doesn't fit; nothing is saved.
    """
    ensure(by, Permission.SUPERVISE)
    with runtime.current().db.write() as session:
        pair = _pair(session, by, pair_id, Permission.SUPERVISE)
        meeting = SupervisionMeeting(
            pair_id=pair.id, held_on=held_on, next_on=next_on, functions=_check_session_fields(held_on, next_on, functions), recorded_by=by.person_id,
            kind=_check_choice("session_kind", kind),
            supervisor_lived_experience=_check_choice("supervisor_lived_experience", supervisor_lived_experience),
        )
        session.add(meeting)
        session.flush()
        _set_discussed(session, meeting, pair.id, discussed)
        audit.record(session, by=by, action="supervision_session_recorded", subject_id=pair.supervisee_id, object_type="supervision_session", object_id=meeting.id)
        return meeting.id


def _meeting(session: Session, by: Actor, meeting_id: int, permission: Permission = Permission.IN_SUPERVISION_PAIR) -> tuple[SupervisionMeeting, SupervisionPair]:
    meeting = session.get(SupervisionMeeting, meeting_id)
    if meeting is None:
        raise NotFound("That session record isn't there.")
    return meeting, _pair(session, by, meeting.pair_id, permission)


def update_meeting(
    *,
    meeting_id: int,
    held_on: date,
    functions: list[str],
    discussed: list[int],
    next_on: date | None = None,
    kind: str | None = None,
    supervisor_lived_experience: str | None = None,
    by: Actor,
) -> None:
    """The supervisor changes a session record. A confirmed record needs confirming again.

    Raises:
        NotFound: not a session of my active supervisee.
        AnswerRejected: a date or choice that doesn't fit; nothing is saved.
    """
    ensure(by, Permission.SUPERVISE)
    with runtime.current().db.write() as session:
        meeting, pair = _meeting(session, by, meeting_id, Permission.SUPERVISE)
        meeting.functions = _check_session_fields(held_on, next_on, functions)
        meeting.held_on, meeting.next_on = held_on, next_on
        meeting.kind = _check_choice("session_kind", kind)
        meeting.supervisor_lived_experience = _check_choice("supervisor_lived_experience", supervisor_lived_experience)
        _set_discussed(session, meeting, pair.id, discussed)
        meeting.confirmed_at = None
        meeting.updated_at = utcnow()


def _side(pair: SupervisionPair, person_id: int) -> str:
    return "supervisor" if person_id == pair.supervisor_id else "supervisee"


def save_notes(*, meeting_id: int, question_id: str, value: Any, by: Actor) -> datetime:
    """Save one answer in my own notes for a session (each side writes only their own).

    Raises:
        NotFound: not a session of my pair.
        AnswerRejected: the answer doesn't fit its prompt, or the prompt isn't for my side.
    """
    rt = runtime.current()
    with rt.db.write() as session:
        meeting, pair = _meeting(session, by, meeting_id)
        row = session.get(MeetingNotes, (meeting.id, by.person_id))
        vault = Vault(session, rt.server_key)
        if row is None:
            qset = prompts()
            journeys.remember_set(session, qset)
            insert_if_absent(
                session, MeetingNotes, meeting_id=meeting.id, author_id=by.person_id, set_id=qset.id,
                set_version=qset.version, answers=vault.seal(by.person_id, "{}"), updated_at=utcnow(),
            )
            row = session.get(MeetingNotes, (meeting.id, by.person_id))
        else:
            qset = journeys.stored_set(session, row.set_id, row.set_version, {})
        mine = notes_questions(qset, _side(pair, by.person_id), journeys.practice_role(session, pair.supervisee_id))
        if mine.question(question_id) is None:
            raise AnswerRejected("That prompt isn't part of your notes.")
        cleaned = journeys.check_answer(mine, question_id, value)
        question = mine.question(question_id)
        if isinstance(question, FreeTextQuestion) and question.identifying_check and isinstance(cleaned, str):
            hits = rt.phrasing.has_identifying(cleaned, allow_names=journeys.own_first_name(by))
            if hits:
                kinds = ", ".join(dict.fromkeys(h.title.lower() for h in hits))
                raise AnswerRejected(
                    f"This note wasn't saved, because it could identify a person ({kinds}). "
                    "Please describe people by their role only."
                )
        row.answers = journeys.with_answer(vault, by.person_id, row.answers, question_id, cleaned)
        row.updated_at = utcnow()
        if by.person_id == pair.supervisor_id:
            meeting.confirmed_at = None  # the record changed: the supervisee confirms it again
            meeting.updated_at = row.updated_at
        return row.updated_at


def respond(*, meeting_id: int, confirmed: bool, comment: str = "", by: Actor) -> None:
    """The supervisee confirms a session record, or says where they see it differently.

    Raises:
        NotFound: not a session of a pair where I am the supervisee.
        AnswerRejected: the comment is too long, or missing where I see it differently.
    """
    rt = runtime.current()
    comment = comment.strip()
    if len(comment) > COMMENT_LIMIT:
        raise AnswerRejected(f"Please keep the comment to {COMMENT_LIMIT:,} characters or fewer.")
    if not confirmed and not comment:
        raise AnswerRejected("Please say briefly how you see it differently, so the record can show it.")
    with rt.db.write() as session:
        meeting, pair = _meeting(session, by, meeting_id)
        if by.person_id != pair.supervisee_id:
            raise AccessDenied("The supervisee confirms the record of a session.")
        meeting.supervisee_comment = Vault(session, rt.server_key).seal(by.person_id, comment) if comment else None
        meeting.confirmed_at = utcnow() if confirmed else None


def _notes_view(meeting_id: int, person_id: int, name: str, side_set: QuestionSet, row: MeetingNotes | None, answers: dict) -> NotesView:
    return NotesView(
        id=f"notes{meeting_id}-{person_id}",
        meeting_id=meeting_id,
        author_id=person_id,
        author_name=name,
        questions=side_set,
        answers=answers,
        updated_at=row.updated_at if row else None,
    )


def _meeting_views(
    session: Session, vault: Vault, by: Actor | None, pair: SupervisionPair, meetings: list[SupervisionMeeting],
    reads: dict[int, list[int]] | None = None,
) -> list[MeetingView]:
    """Views of a page of sessions with a fixed number of queries. Each session whose other
    side's notes `by` reads is added to `reads` ({author id: session ids}) for the caller to
    record with `audit.record_reads_once` once the reading transaction is over."""
    ids = [m.id for m in meetings]
    if not ids:
        return []
    people = session.execute(
        select(Person.id, Person.name, Person.practice_role).where(Person.id.in_([pair.supervisor_id, pair.supervisee_id]))
    ).all()
    names = {person_id: name for person_id, name, _ in people}
    role = next((practice_role for person_id, _, practice_role in people if person_id == pair.supervisee_id), None)
    notes = {(n.meeting_id, n.author_id): n for n in session.scalars(select(MeetingNotes).where(MeetingNotes.meeting_id.in_(ids)))}
    discussed_rows = session.execute(
        select(MeetingItem.meeting_id, SharedItem)
        .join(SharedItem, SharedItem.id == MeetingItem.shared_item_id)
        .where(MeetingItem.meeting_id.in_(ids))
    ).all()
    links = [(meeting_id, item) for meeting_id, item in discussed_rows if item.withdrawn_at is None]
    lost = Counter(meeting_id for meeting_id, item in discussed_rows if item.withdrawn_at is not None)
    titles = _titles(session, list({i.id: i for _, i in links}.values()))
    vault.preload([n.answers for n in notes.values()] + [m.supervisee_comment for m in meetings])
    options = function_options()
    kinds, lived = session_options("session_kind"), session_options("supervisor_lived_experience")
    current = prompts()
    cache: dict = {}
    views = []
    for meeting in meetings:
        sides = {}
        for person_id, side in ((pair.supervisor_id, "supervisor"), (pair.supervisee_id, "supervisee")):
            row = notes.get((meeting.id, person_id))
            qset = journeys.stored_set(session, row.set_id, row.set_version, cache) if row else current
            answers = json.loads(vault.open(row.answers) or "{}") if row else {}
            if row and answers and by is not None and by.person_id != person_id and reads is not None:
                reads.setdefault(person_id, []).append(meeting.id)
            sides[side] = _notes_view(meeting.id, person_id, names.get(person_id, ""), notes_questions(qset, side, role), row, answers)
        functions = tuple(f for f in meeting.functions.split(",") if f)
        discussed = tuple(
            SharedSummary(i.id, ShareKind(i.kind), titles[i.id], i.shared_at, False) for mid, i in links if mid == meeting.id
        )
        views.append(
            MeetingView(
                id=meeting.id,
                pair_id=pair.id,
                held_on=meeting.held_on,
                next_on=meeting.next_on,
                functions=functions,
                function_labels=tuple(options.get(f, f.capitalize()) for f in functions),
                discussed=discussed,
                supervisor_notes=sides["supervisor"],
                supervisee_notes=sides["supervisee"],
                confirmed_at=meeting.confirmed_at,
                supervisee_comment=vault.open(meeting.supervisee_comment),
                updated_at=meeting.updated_at,
                kind=meeting.kind,
                kind_label=kinds.get(meeting.kind or ""),
                supervisor_lived_experience=meeting.supervisor_lived_experience,
                supervisor_lived_experience_label=lived.get(meeting.supervisor_lived_experience or ""),
                withdrawn_since=lost[meeting.id],
            )
        )
    return views


def meetings(*, pair_id: int, by: Actor, page: int = 1, per_page: int = 5) -> tuple[list[MeetingView], int]:
    """The pair's session records, newest first, one page at a time, and the total.

    Raises:
        NotFound: not my pair (for a supervisor: not an active one).
    """
    rt = runtime.current()
    reads: dict[int, list[int]] = {}
    with rt.db.read() as session:
        pair = _pair(session, by, pair_id)
        base = select(SupervisionMeeting).where(SupervisionMeeting.pair_id == pair.id)
        # The total comes with the page itself; only a page past the end counts on its own.
        found = session.execute(
            base.add_columns(func.count().over())
            .order_by(SupervisionMeeting.held_on.desc(), SupervisionMeeting.id.desc())
            .limit(per_page)
            .offset((page - 1) * per_page)
        ).all()
        rows = [meeting for meeting, _ in found]
        if found:
            total = found[0][1]
        else:
            total = 0 if page == 1 else session.scalar(select(func.count()).select_from(base.subquery())) or 0
        views = _meeting_views(session, Vault(session, rt.server_key), by, pair, list(rows), reads)
    # Reading the other side's notes is audited, once per reading.
    audit.record_reads_once(by=by, action=NOTES_READ, object_type="supervision_session", reads=reads)
    return views, total


def meeting(*, meeting_id: int, by: Actor) -> MeetingView:
    """One session record of my pair.

    Raises:
        NotFound: not a session of my pair.
    """
    rt = runtime.current()
    reads: dict[int, list[int]] = {}
    with rt.db.read() as session:
        row, pair = _meeting(session, by, meeting_id)
        view = _meeting_views(session, Vault(session, rt.server_key), by, pair, [row], reads)[0]
    audit.record_reads_once(by=by, action=NOTES_READ, object_type="supervision_session", reads=reads)
    return view


def my_notes(view: MeetingView, by: Actor) -> NotesView:
    """My side's notes of a session, to edit."""
    return view.supervisor_notes if by.person_id == view.supervisor_notes.author_id else view.supervisee_notes


# --- actions --------------------------------------------------------------------------


def add_action(*, pair_id: int, text: str, owner_id: int, due_on: date | None = None, meeting_id: int | None = None, by: Actor) -> int:
    """Agree an action, owned by one of the pair. It carries over until marked done.

    Raises:
        NotFound: not my pair, or the session isn't this pair's.
        AnswerRejected: empty, too long, identifying someone, or an owner outside the pair.
    """
    text = text.strip()
    if not text:
        raise AnswerRejected("Please write the action first.")
    if len(text) > ACTION_LIMIT:
        raise AnswerRejected(f"Please keep an action to {ACTION_LIMIT} characters or fewer.")
    if runtime.current().phrasing.has_identifying(text, allow_names=journeys.own_first_name(by)):
        raise AnswerRejected("The action has details that could identify someone. Please describe people by their role only.")
    rt = runtime.current()
    with rt.db.write() as session:
        pair = _pair(session, by, pair_id)
        if owner_id not in (pair.supervisor_id, pair.supervisee_id):
            raise AnswerRejected("An action belongs to one of the two of you.")
        if meeting_id is not None:
            found = session.get(SupervisionMeeting, meeting_id)
            if found is None or found.pair_id != pair.id:
                raise NotFound("That session record isn't there.")
        action = SupervisionAction(
            pair_id=pair.id,
            meeting_id=meeting_id,
            owner_id=owner_id,
            author_id=by.person_id,
            text=Vault(session, rt.server_key).seal(by.person_id, text),
            due_on=due_on,
        )
        session.add(action)
        session.flush()
        return action.id


def set_action_done(*, action_id: int, done: bool, by: Actor) -> None:
    """Mark an action done (or open again).

    Raises:
        NotFound: not an action of my pair.
    """
    with runtime.current().db.write() as session:
        action = session.get(SupervisionAction, action_id)
        if action is None:
            raise NotFound("That action isn't there.")
        _pair(session, by, action.pair_id)
        action.done_at = (action.done_at or utcnow()) if done else None


def _action_views(session: Session, vault: Vault, actions: list[SupervisionAction]) -> list[ActionView]:
    people = {a.owner_id for a in actions}
    names = dict(session.execute(select(Person.id, Person.name).where(Person.id.in_(people))).all()) if people else {}
    meeting_ids = {a.meeting_id for a in actions if a.meeting_id}
    held = dict(session.execute(select(SupervisionMeeting.id, SupervisionMeeting.held_on).where(SupervisionMeeting.id.in_(meeting_ids))).all()) if meeting_ids else {}
    vault.preload(a.text for a in actions)
    today = _today()
    views = []
    for a in actions:
        text = vault.open(a.text)
        if text is None:  # written by someone since erased
            continue
        agreed = held.get(a.meeting_id) if a.meeting_id else a.created_at.astimezone().date()
        views.append(ActionView(a.id, text, a.owner_id, names.get(a.owner_id, ""), a.due_on, agreed, a.done_at, today))
    return views


def actions(*, pair_id: int, by: Actor, include_done: bool = False, limit: int = 100) -> list[ActionView]:
    """The pair's actions: open ones first (they carry over), soonest due first.

    Raises:
        NotFound: not my pair.
    """
    rt = runtime.current()
    with rt.db.read() as session:
        pair = _pair(session, by, pair_id)
        query = select(SupervisionAction).where(SupervisionAction.pair_id == pair.id)
        if not include_done:
            query = query.where(SupervisionAction.done_at.is_(None))
        rows = session.scalars(
            query.order_by(SupervisionAction.done_at.is_not(None), SupervisionAction.due_on.is_(None), SupervisionAction.due_on, SupervisionAction.id).limit(limit)
        ).all()
        return _action_views(session, Vault(session, rt.server_key), list(rows))


# --- the supervision summary ----------------------------------------------------------


def summary_pdf(*, pair_id: int, since: date, until: date, by: Actor) -> bytes:
    """The supervision summary PDF for one pair and period: sessions, the shared items they
    discussed that are still shared, themes, learning, actions and functions covered.
    Only the two people in the pair can make it; making it is recorded for the other.

    Raises:
        NotFound: not my pair (for a supervisor: not an active one).
        AnswerRejected: the period ends before it starts.
    """
    if until < since:
        raise AnswerRejected("The period ends before it starts. Please check the dates.")
    rt = runtime.current()
    with rt.db.write() as session:
        pair = _pair(session, by, pair_id)
        vault = Vault(session, rt.server_key)
        rows = session.scalars(
            select(SupervisionMeeting)
            .where(SupervisionMeeting.pair_id == pair.id, SupervisionMeeting.held_on >= since, SupervisionMeeting.held_on <= until)
            .order_by(SupervisionMeeting.held_on, SupervisionMeeting.id)
            .limit(SUMMARY_MEETING_LIMIT)
        ).all()
        views = _meeting_views(session, vault, None, pair, list(rows))
        discussed_ids = {s.id for v in views for s in v.discussed}
        items = session.scalars(select(SharedItem).where(SharedItem.id.in_(discussed_ids), SharedItem.withdrawn_at.is_(None))).all() if discussed_ids else []
        titles = _titles(session, list(items))
        contents = {i.id: _content(session, vault, i, titles[i.id]) for i in items}
        action_rows = session.scalars(
            select(SupervisionAction)
            .outerjoin(SupervisionMeeting, SupervisionMeeting.id == SupervisionAction.meeting_id)
            .where(
                SupervisionAction.pair_id == pair.id,
                or_(
                    SupervisionAction.done_at.is_(None),
                    SupervisionMeeting.held_on.between(since, until),
                    SupervisionAction.created_at.between(_start(since), _start(until + timedelta(days=1))),
                ),
            )
            .order_by(SupervisionAction.created_at)
            .limit(ACTION_LIMIT)
        ).all()
        action_views = _action_views(session, vault, list(action_rows))
        names = dict(session.execute(select(Person.id, Person.name).where(Person.id.in_([pair.supervisor_id, pair.supervisee_id]))).all())
        organisation = session.scalar(select(Organisation.name).join(Person, Person.organisation_id == Organisation.id).where(Person.id == pair.supervisee_id)) or ""
        other = pair.supervisee_id if by.person_id == pair.supervisor_id else pair.supervisor_id
        audit.record(session, by=by, action="supervision_summary_made", subject_id=other, object_type="supervision_pair", object_id=pair.id)
    summary = _summary(
        views, contents, action_views,
        organisation=organisation, supervisor=names.get(pair.supervisor_id, ""), supervisee=names.get(pair.supervisee_id, ""),
        since=since, until=until,
    )
    event("supervision.summary", sessions=len(views))
    return report.build_summary(summary)


def _start(day: date) -> datetime:
    return datetime.combine(day, time.min).astimezone(UTC)


def _summary(views, contents, action_views, *, organisation, supervisor, supervisee, since, until) -> report.SupervisionSummary:
    categories: Counter[str] = Counter()
    audiences: Counter[str] = Counter()
    for content in contents.values():
        categories.update(content.categories)
        audiences.update(content.audiences)
    functions: Counter[str] = Counter()
    learning = []
    meetings = []
    for view in views:
        functions.update(view.function_labels)
        notes = []
        for side in (view.supervisee_notes, view.supervisor_notes):
            lines = side.lines(skip_tag="supervisor_experience")
            if lines:
                notes.append(report.SummaryNotes(side.author_name, tuple(lines)))
            learned = side.questions.tagged("learning")
            if isinstance(learned, FreeTextQuestion) and str(side.answers.get(learned.id) or "").strip():
                learning.append((view.held_on, side.author_name, side.answers[learned.id]))
        discussed = tuple(
            report.SummaryItem(contents[s.id].title, tuple(line for _, lines in contents[s.id].sections for line in lines), key=str(s.id))
            for s in view.discussed
            if s.id in contents
        )
        meetings.append(
            report.SummaryMeeting(
                held_on=view.held_on,
                functions=view.function_labels,
                confirmed=view.confirmed_at is not None,
                supervisee_comment=view.supervisee_comment,
                discussed=discussed,
                notes=tuple(notes),
                supervisor_experience=view.supervisor_experience,
                next_on=view.next_on,
            )
        )
    return report.SupervisionSummary(
        organisation=organisation,
        supervisor=supervisor,
        supervisee=supervisee,
        since=since,
        until=until,
        made_on=_today(),
        meetings=tuple(meetings),
        categories=tuple(categories.most_common()),
        audiences=tuple(audiences.most_common()),
        learning=tuple(learning),
        actions=tuple(
            report.SummaryAction(a.text, a.owner_name, a.agreed_on, a.due_on, a.done_at.astimezone().date() if a.done_at else None)
            for a in action_views
        ),
        functions=tuple((label, functions[label]) for label in function_options().values()),
    )


# --- erasure --------------------------------------------------------------------------


def forget_person(session: Session, person_id: int) -> None:
    """Remove a person's supervision content in an erasure's unit of work."""
    session.execute(update(SupervisionMeeting).where(SupervisionMeeting.pair_id.in_(
        select(SupervisionPair.id).where(SupervisionPair.supervisee_id == person_id)
    )).values(supervisee_comment=None))
    for model, column in ((SharedItem, SharedItem.owner_id), (MeetingNotes, MeetingNotes.author_id)):
        session.execute(model.__table__.delete().where(column == person_id))
    session.execute(
        SupervisionAction.__table__.delete().where(or_(SupervisionAction.author_id == person_id, SupervisionAction.owner_id == person_id))
    )

