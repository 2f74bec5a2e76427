"""Supervision pairs: a pair as its two people see it, my supervisors and supervisees, one
pair, the check every supervision function starts from (`_pair`), and a person's
supervision content removed on erasure."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from reflect import runtime
from reflect.models import MeetingNotes, Person, SharedItem, SupervisionAction, SupervisionMeeting, SupervisionPair
from reflect.services.access import Actor, PairRef, Permission, can, ensure
from reflect.services.journeys import NotFound
from reflect.services.supervision import kinds as supervision_kinds

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
    # The kinds of supervision the pair holds (option ids of the session_kind question), and
    # their labels; both members see them.
    kinds: tuple[str, ...] = ()
    kind_labels: tuple[str, ...] = ()

    @property
    def overdue(self) -> bool:
        return self.active and self.today > self.due_on

    @property
    def days_overdue(self) -> int:
        return max(0, (self.today - self.due_on).days)

    def other(self, person_id: int) -> str:
        return self.supervisee_name if person_id == self.supervisor_id else self.supervisor_name


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
                kinds=supervision_kinds.parsed(pair.kinds),
                kind_labels=supervision_kinds.labels(supervision_kinds.parsed(pair.kinds)),
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
