"""What is waiting for a person, for the home page: one call, a handful of bounded queries.

Only what the home page shows is ever decrypted: the answers of the (at most
`RECENT_CHECKS`) quick checks listed, to name who each was for. Everything else is counted
from plain columns (status, stage, dates, owners).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import and_, exists, func, or_, select
from sqlalchemy.orm import Session, aliased

from reflect import runtime
from reflect.models import Entry, Person, Stage
from reflect.models.people import SupervisionPair
from reflect.models.register import RegisterEntry
from reflect.models.supervision import SharedItem, SupervisionAction, SupervisionMeeting
from reflect.services import journeys
from reflect.services.access import Actor, Permission, can, ensure
from reflect.services.vault import Vault

RECENT_CHECKS = 3  # quick checks still waiting for a reflection, newest first
CHECK_WINDOW = timedelta(days=14)  # older quick checks stop nagging
ACTIONS_AHEAD = timedelta(days=7)  # actions count as due a week before their date


@dataclass(frozen=True)
class Draft:
    entry_id: int
    stage: Stage
    updated_at: datetime


@dataclass(frozen=True)
class UnreflectedCheck:
    entry_id: int
    completed_at: datetime
    audience: str | None  # the person's own set's words, e.g. "Someone I support"


@dataclass(frozen=True)
class PairWaiting:
    pair_id: int
    supervisee_name: str
    count: int


@dataclass(frozen=True)
class Waiting:
    """Everything waiting for one person. Empty lists and zeros mean nothing to do."""

    drafts: list[Draft] = field(default_factory=list)
    unreflected: list[UnreflectedCheck] = field(default_factory=list)
    new_from_supervisees: list[PairWaiting] = field(default_factory=list)
    records_to_confirm: int = 0
    actions_due: int = 0
    actions_due_as_supervisee: int = 0
    overdue_as_supervisee: int = 0
    overdue_as_supervisor: int = 0
    talents_to_publish: int = 0

    @property
    def new_shared_items(self) -> int:
        return sum(p.count for p in self.new_from_supervisees)

    @property
    def anything(self) -> bool:
        return bool(
            self.drafts or self.unreflected or self.new_shared_items or self.records_to_confirm or self.actions_due
            or self.overdue_as_supervisee or self.overdue_as_supervisor or self.talents_to_publish
        )


def _today() -> date:
    return datetime.now().astimezone().date()


def _drafts(session: Session, by: Actor) -> list[Draft]:
    # A draft someone has written in: a draft made by opening a page and left untouched was
    # last updated when it was made, and is not worth a reminder.
    rows = session.execute(
        select(Entry.id, Entry.stage, Entry.created_at, Entry.updated_at)
        .where(
            Entry.owner_id == by.person_id,
            Entry.status == "draft",
            Entry.stage.in_([Stage.IN_THE_MOMENT.value, Stage.AFTER_SHARING.value]),
        )
        .order_by(Entry.updated_at.desc(), Entry.id.desc())
        .limit(10)
    ).all()
    written = [Draft(i, Stage(stage), updated) for i, stage, created, updated in rows if updated - created > timedelta(seconds=1)]
    return written[:2]


# Made once: an alias costs SQLAlchemy more to make than the rest of the statement does.
_REFLECTION = aliased(Entry)


def _unreflected(session: Session, vault: Vault, by: Actor) -> list[UnreflectedCheck]:
    reflection = _REFLECTION
    since = datetime.now().astimezone() - CHECK_WINDOW
    rows = session.scalars(
        select(Entry)
        .where(
            Entry.owner_id == by.person_id,
            Entry.stage == Stage.IN_THE_MOMENT.value,
            Entry.status == "complete",
            Entry.completed_at >= since,
            or_(
                Entry.episode_id.is_(None),
                ~exists().where(reflection.episode_id == Entry.episode_id, reflection.stage == Stage.AFTER_SHARING.value),
            ),
        )
        .order_by(Entry.completed_at.desc(), Entry.id.desc())
        .limit(RECENT_CHECKS)
    ).all()
    found = []
    for row, view in zip(rows, journeys.views_of(session, vault, rows), strict=True):
        found.append(UnreflectedCheck(row.id, row.completed_at or row.updated_at, view.tagged_label("audience")))
    return found


def _active_pairs(query, today: date):
    return query.where(SupervisionPair.starts_on <= today, or_(SupervisionPair.ends_on.is_(None), SupervisionPair.ends_on >= today))


def _overdue(session: Session, pair_ids: list[int], today: date) -> int:
    if not pair_ids:
        return 0
    last = (
        select(SupervisionMeeting.pair_id, func.max(SupervisionMeeting.held_on).label("held_on"))
        .where(SupervisionMeeting.pair_id.in_(pair_ids))
        .group_by(SupervisionMeeting.pair_id)
    )
    held = dict(session.execute(last).all())
    pairs = session.execute(
        select(SupervisionPair.id, SupervisionPair.starts_on, SupervisionPair.frequency_weeks).where(SupervisionPair.id.in_(pair_ids))
    ).all()
    return sum(1 for pair_id, starts_on, weeks in pairs if (held.get(pair_id) or starts_on) + timedelta(weeks=weeks) < today)


def _new_from_supervisees(session: Session, pair_ids: list[int]) -> list[PairWaiting]:
    """Items shared since each pair's last session (all of them before a first session)."""
    if not pair_ids:
        return []
    last = (
        select(SupervisionMeeting.pair_id, func.max(SupervisionMeeting.held_on).label("held_on"))
        .where(SupervisionMeeting.pair_id.in_(pair_ids))
        .group_by(SupervisionMeeting.pair_id)
        .subquery()
    )
    rows = session.execute(
        select(SharedItem.pair_id, SharedItem.shared_at, last.c.held_on)
        .outerjoin(last, last.c.pair_id == SharedItem.pair_id)
        .where(SharedItem.pair_id.in_(pair_ids), SharedItem.withdrawn_at.is_(None))
        .order_by(SharedItem.shared_at.desc())
        .limit(500)
    ).all()
    counts: dict[int, int] = {}
    for pair_id, shared_at, held_on in rows:
        if held_on is None or shared_at.astimezone().date() > held_on:
            counts[pair_id] = counts.get(pair_id, 0) + 1
    if not counts:
        return []
    names = dict(session.execute(
        select(SupervisionPair.id, Person.name).join(Person, Person.id == SupervisionPair.supervisee_id).where(SupervisionPair.id.in_(counts))
    ).all())
    return sorted((PairWaiting(i, names.get(i, ""), n) for i, n in counts.items()), key=lambda p: p.supervisee_name.casefold())


def for_person(*, by: Actor) -> Waiting:
    """What is waiting for this person across Reflect, cheaply: counts from plain columns,
    and the few quick checks listed (decrypted only to name their audience)."""
    ensure(by, Permission.USE_APP)
    rt = runtime.current()
    today = _today()
    with rt.db.read() as session:
        drafts: list[Draft] = []
        unreflected: list[UnreflectedCheck] = []
        if can(by, Permission.KEEP_OWN_REFLECTIONS):
            drafts = _drafts(session, by)
            unreflected = _unreflected(session, Vault(session, rt.server_key, by=by), by)
        mine_as_supervisee: list[int] = []
        mine_as_supervisor: list[int] = []
        if can(by, Permission.SHARE_WITH_SUPERVISOR):
            mine_as_supervisee = list(session.scalars(
                _active_pairs(select(SupervisionPair.id).where(SupervisionPair.supervisee_id == by.person_id), today)
            ))
        if can(by, Permission.SUPERVISE):
            mine_as_supervisor = list(session.scalars(
                _active_pairs(select(SupervisionPair.id).where(SupervisionPair.supervisor_id == by.person_id), today)
            ))
        records = 0
        if mine_as_supervisee:
            records = session.scalar(
                select(func.count()).select_from(SupervisionMeeting).where(
                    SupervisionMeeting.pair_id.in_(mine_as_supervisee), SupervisionMeeting.confirmed_at.is_(None)
                )
            ) or 0
        all_pairs = mine_as_supervisee + mine_as_supervisor
        due: dict[int, int] = {}
        if all_pairs:
            due = dict(session.execute(
                select(SupervisionAction.pair_id, func.count())
                .where(
                    SupervisionAction.pair_id.in_(all_pairs),
                    SupervisionAction.owner_id == by.person_id,
                    SupervisionAction.done_at.is_(None),
                    and_(SupervisionAction.due_on.is_not(None), SupervisionAction.due_on <= today + ACTIONS_AHEAD),
                )
                .group_by(SupervisionAction.pair_id)
            ).all())
        talents = 0
        if can(by, Permission.KEEP_OWN_TALENTS):
            talents = session.scalar(
                select(func.count()).select_from(RegisterEntry).where(
                    RegisterEntry.owner_id == by.person_id, RegisterEntry.published.is_(False)
                )
            ) or 0
        return Waiting(
            drafts=drafts,
            unreflected=unreflected,
            new_from_supervisees=_new_from_supervisees(session, mine_as_supervisor),
            records_to_confirm=records,
            actions_due=sum(due.values()),
            actions_due_as_supervisee=sum(n for pair_id, n in due.items() if pair_id in mine_as_supervisee),
            overdue_as_supervisee=_overdue(session, mine_as_supervisee, today),
            overdue_as_supervisor=_overdue(session, mine_as_supervisor, today),
            talents_to_publish=talents,
        )
