"""Supervision pairs over time: list, end and change.

Ending a pair takes effect at once: from that moment the supervisor has no way into what the
supervisee shared or the pair's records, and the supervisee keeps all of their own. An ended
pair stays ended: working together again is a new pair, which sees only what is shared in it.
Every last day set is recorded in the decision ledger, so a restore never reopens a pair.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func, or_, select

from reflect import runtime
from reflect.ledger import DecisionKind
from reflect.logs import event
from reflect.models import Person, Role, SupervisionPair
from reflect.services import audit
from reflect.services.access import Actor, Permission, ensure
from reflect.services.people import PeopleError, _organisation_id, checked_email
from reflect.services.supervision import kinds as supervision_kinds


@dataclass(frozen=True)
class PairRow:
    id: int
    supervisor: str
    supervisor_email: str | None
    supervisee: str
    supervisee_email: str | None
    starts_on: date
    ends_on: date | None
    frequency_weeks: int
    active: bool
    kinds: tuple[str, ...] = ()  # the kinds of supervision the pair holds


def _today() -> date:
    return date.today()


def list_pairs(
    *, by: Actor, search: str = "", active_only: bool = False, page: int = 1, per_page: int = 50
) -> tuple[list[PairRow], int]:
    """Pairs by supervisor and supervisee, searchable by either's name or e-mail, a page at a time."""
    ensure(by, Permission.ADMINISTER)
    today = _today()
    sup, sub = Person.__table__.alias("sup"), Person.__table__.alias("sub")
    with runtime.current().db.read() as session:
        query = (
            select(SupervisionPair, sup.c.name, sup.c.email, sub.c.name, sub.c.email)
            .join(sup, sup.c.id == SupervisionPair.supervisor_id)
            .join(sub, sub.c.id == SupervisionPair.supervisee_id)
            .where(sup.c.organisation_id == _organisation_id(session, by))
        )
        if search.strip():
            term = f"%{search.strip().lower()}%"
            query = query.where(
                or_(func.lower(sup.c.name).like(term), func.lower(sub.c.name).like(term), sup.c.email.like(term), sub.c.email.like(term))
            )
        if active_only:
            query = query.where(
                SupervisionPair.starts_on <= today, or_(SupervisionPair.ends_on.is_(None), SupervisionPair.ends_on >= today)
            )
        total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
        rows = session.execute(
            query.order_by(sup.c.name, sub.c.name, SupervisionPair.starts_on.desc())
            .limit(per_page)
            .offset((max(page, 1) - 1) * per_page)
        ).all()
    return [
        PairRow(
            p.id, sup_name, sup_email, sub_name, sub_email, p.starts_on, p.ends_on, p.frequency_weeks, p.is_active(today),
            supervision_kinds.parsed(p.kinds),
        )
        for p, sup_name, sup_email, sub_name, sub_email in rows
    ], total


def _pair(session, by: Actor, pair_id: int) -> SupervisionPair:
    pair = session.get(SupervisionPair, pair_id)
    supervisor = session.get(Person, pair.supervisor_id) if pair else None
    if pair is None or supervisor.organisation_id != _organisation_id(session, by):
        raise PeopleError("There is no such supervision pair.")
    return pair


def _set_last_day(pair: SupervisionPair, last_day: date) -> None:
    """Set a pair's last day, recorded in the decision ledger before the commit."""
    pair.ends_on = last_day
    runtime.current().ledger.record(DecisionKind.PAIR_LAST_DAY_SET, [pair.public_id], on=last_day)


def _ended(pair: SupervisionPair, today: date) -> bool:
    return pair.ends_on is not None and pair.ends_on < today


def end(*, pair_id: int, by: Actor) -> None:
    """End a pair now: yesterday becomes its last day, so the supervisor loses access at once.

    Raises:
        PeopleError: no such pair, or it has ended already.
    """
    ensure(by, Permission.ADMINISTER)
    today = _today()
    with runtime.current().db.write() as session:
        pair = _pair(session, by, pair_id)
        if not pair.is_active(today) and pair.starts_on <= today:
            raise PeopleError("This supervision pair has ended already.")
        _set_last_day(pair, today - timedelta(days=1))
        audit.record(session, by=by, action="pair_ended", subject_id=pair.supervisee_id, object_type="pair", object_id=pair.id)
    event("pair.ended", pair=pair_id)


def change(
    *,
    pair_id: int,
    by: Actor,
    frequency_weeks: int | None = None,
    ends_on: date | None = None,
    supervisor_email: str | None = None,
    kinds: Iterable[str] | None = None,
) -> int:
    """Change a pair's agreed frequency, planned last day or kinds of supervision, or move the supervisee to a new
    supervisor. A new supervisor ends this pair now and starts a new one today, so the old
    supervisor's access ends and the new one sees only what is shared with them from now on.
    Returns the id of the pair that is now current.

    Raises:
        PeopleError: no such pair, a frequency out of range, a last day before the start, a new
            last day or supervisor for a pair that has ended (a new pair is a new pair), or an
            unknown supervisor or one without the role.
    """
    ensure(by, Permission.ADMINISTER)
    if frequency_weeks is not None and not 1 <= frequency_weeks <= 26:
        raise PeopleError("Please give a supervision frequency between 1 and 26 weeks.")
    kinds = None if kinds is None else list(kinds)
    if kinds is not None and supervision_kinds.unknown(kinds):
        raise PeopleError("Please choose the kinds of supervision from the list.")
    with runtime.current().db.write() as session:
        pair = _pair(session, by, pair_id)
        if kinds is not None and supervision_kinds.stored(kinds) != pair.kinds:
            pair.kinds = supervision_kinds.stored(kinds)
            audit.record(session, by=by, action="pair_kinds_changed", subject_id=pair.supervisee_id, object_type="pair", object_id=pair.id)
        today = _today()
        if (ends_on is not None or supervisor_email is not None) and _ended(pair, today):
            raise PeopleError(
                "This supervision pair has ended, and an ended pair stays ended. "
                "To work together again, add a new pair: it sees only what is shared in it."
            )
        if ends_on is not None and ends_on < pair.starts_on:
            raise PeopleError("The last day can't be before the pair started.")
        if frequency_weeks is not None:
            pair.frequency_weeks = frequency_weeks
        if ends_on is not None:
            _set_last_day(pair, ends_on)
        if frequency_weeks is not None or ends_on is not None:
            audit.record(session, by=by, action="pair_changed", subject_id=pair.supervisee_id, object_type="pair", object_id=pair.id)
        if supervisor_email is None:
            return pair_id
        supervisor_email = checked_email(supervisor_email, field="The supervisor's e-mail address")
        supervisor = session.scalar(
            select(Person).where(Person.email == supervisor_email, Person.organisation_id == _organisation_id(session, by))
        )
        if supervisor is None or supervisor.erased_at is not None:
            raise PeopleError(f"There is no account for the supervisor {supervisor_email!r}.")
        if supervisor.id == pair.supervisee_id:
            raise PeopleError("A person can't be their own supervisor.")
        if Role.SUPERVISOR not in supervisor.role_set:
            raise PeopleError(f"{supervisor.name} doesn't have the supervisor role yet.")
        _set_last_day(pair, today - timedelta(days=1))
        audit.record(session, by=by, action="pair_ended", subject_id=pair.supervisee_id, object_type="pair", object_id=pair.id)
        new_pair = SupervisionPair(
            supervisor_id=supervisor.id, supervisee_id=pair.supervisee_id, starts_on=today, frequency_weeks=pair.frequency_weeks,
            kinds=pair.kinds,
        )
        session.add(new_pair)
        session.flush()
        audit.record(session, by=by, action="pair_added", subject_id=new_pair.supervisee_id, object_type="pair", object_id=new_pair.id)
        new_id = new_pair.id
    event("pair.moved", pair=pair_id, new_pair=new_id)
    return new_id
