"""Supervision pairs, as the admin and as the pair's two people see them, with one check every
pair function starts from (`require`).

The admin adds, lists, ends and changes pairs. Ending a pair takes effect at once: from that
moment the supervisor has no way into what the supervisee shared or the pair's records, and the
supervisee keeps all of their own. An ended pair stays ended: working together again is a new
pair, which sees only what is shared in it. Every last day set is recorded in the decision
ledger, so a restore never reopens a pair.

Each of the two people sees their pairs (`my_supervisors`, `my_supervisees`, `pair`); the
supervision package (reflect/services/supervision) works within one pair through `require`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from reflect import runtime
from reflect.domain import Role
from reflect.ledger import DecisionKind
from reflect.logs import event
from reflect.models import Person, SupervisionMeeting, SupervisionPair
from reflect.services import audit, shared_copies, supervision_kinds
from reflect.services.access import Actor, InOrganisation, PairRef, Permission, can, ensure
from reflect.services.errors import NotFound, PeopleError
from reflect.services.organisations import checked_email, organisation_id


def current_date() -> date:
    """Today, as every pair's dates are read against it."""
    return date.today()


def ref(pair: SupervisionPair) -> PairRef:
    """The pair as the access rules read it: its two people, and whether it is active today."""
    return PairRef(pair.supervisor_id, pair.supervisee_id, pair.is_active(current_date()))


def require(session: Session, by: Actor, pair_id: int, permission: Permission = Permission.IN_SUPERVISION_PAIR) -> SupervisionPair:
    """The pair `pair_id`, if `by` may use `permission` on it: ADMINISTER for an admin of the
    pair's organisation; the supervision permissions for its two people (a supervisor only
    while it is active).

    Raises:
        NotFound: no such pair, or not one `by` may use that way (the two look the same).
    """
    pair = session.get(SupervisionPair, pair_id)
    if pair is not None:
        if permission is Permission.ADMINISTER:
            supervisor = session.get(Person, pair.supervisor_id)
            resource = InOrganisation(supervisor.organisation_id)
        else:
            resource = ref(pair)
        if can(by, permission, resource):
            return pair
    raise NotFound("There is no such supervision pair.")


# --- the admin's pairs ------------------------------------------------------------------


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


def add(
    *,
    supervisor_email: str,
    supervisee_email: str,
    by: Actor,
    starts_on: date | None = None,
    frequency_weeks: int = 4,
    kinds: Iterable[str] = (),
) -> int:
    """Pair a supervisor with a supervisee from `starts_on` (today by default), holding these
    kinds of supervision (clinical, professional, line management, practice).

    Raises:
        PeopleError: an unknown person, the same person twice, a supervisor without the role,
            or a kind of supervision not on the list.
    """
    ensure(by, Permission.ADMINISTER)
    if not 1 <= frequency_weeks <= 26:
        raise PeopleError("Please give a supervision frequency between 1 and 26 weeks.")
    kinds = list(kinds)
    if supervision_kinds.unknown(kinds):
        raise PeopleError("Please choose the kinds of supervision from the list.")
    with runtime.current().db.write(by=by) as session:
        org_id = organisation_id(session, by)
        people = {}
        for label, raw in (("supervisor", supervisor_email), ("supervisee", supervisee_email)):
            email = checked_email(raw, field=f"The {label}'s e-mail address")
            person = session.scalar(select(Person).where(Person.email == email, Person.organisation_id == org_id))
            if person is None:
                raise PeopleError(f"There is no account for the {label} {email!r}.")
            people[label] = person
        if people["supervisor"].id == people["supervisee"].id:
            raise PeopleError("A person can't be their own supervisor.")
        if Role.SUPERVISOR not in people["supervisor"].role_set:
            raise PeopleError(f"{people['supervisor'].name} doesn't have the supervisor role yet.")
        pair = SupervisionPair(
            supervisor_id=people["supervisor"].id,
            supervisee_id=people["supervisee"].id,
            starts_on=starts_on or date.today(),
            frequency_weeks=frequency_weeks,
            kinds=supervision_kinds.stored(kinds),
        )
        session.add(pair)
        session.flush()
        audit.record(session, by=by, action="pair_added", subject_id=pair.supervisee_id, object_type="pair", object_id=pair.id)
    event("pair.added", pair=pair.id)
    return pair.id


def list_pairs(
    *, by: Actor, search: str = "", active_only: bool = False, page: int = 1, per_page: int = 50
) -> tuple[list[PairRow], int]:
    """Pairs by supervisor and supervisee, searchable by either's name or e-mail, a page at a time."""
    ensure(by, Permission.ADMINISTER)
    today = current_date()
    sup, sub = Person.__table__.alias("sup"), Person.__table__.alias("sub")
    with runtime.current().db.read() as session:
        query = (
            select(SupervisionPair, sup.c.name, sup.c.email, sub.c.name, sub.c.email)
            .join(sup, sup.c.id == SupervisionPair.supervisor_id)
            .join(sub, sub.c.id == SupervisionPair.supervisee_id)
            .where(sup.c.organisation_id == organisation_id(session, by))
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


def _set_last_day(pair: SupervisionPair, last_day: date) -> None:
    """Set a pair's last day, recorded in the decision ledger before the commit."""
    pair.ends_on = last_day
    runtime.current().ledger.record(DecisionKind.PAIR_LAST_DAY_SET, [pair.public_id], on=last_day)


def _ended(pair: SupervisionPair, today: date) -> bool:
    return pair.ends_on is not None and pair.ends_on < today


def end(*, pair_id: int, by: Actor) -> None:
    """End a pair now: yesterday becomes its last day, so the supervisor loses access at once.

    Raises:
        NotFound: no such pair.
        PeopleError: or it has ended already.
    """
    ensure(by, Permission.ADMINISTER)
    today = current_date()
    with runtime.current().db.write(by=by) as session:
        pair = require(session, by, pair_id, Permission.ADMINISTER)
        if not pair.is_active(today) and pair.starts_on <= today:
            raise PeopleError("This supervision pair has ended already.")
        _set_last_day(pair, today - timedelta(days=1))
        shared_copies.forget_pair(session, pair.id)  # nothing kept for a supervisor who no longer reads it
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
    """Change a pair's agreed frequency, planned last day or kinds of supervision, or move the
    supervisee to a new supervisor. A new supervisor ends this pair now and starts a new one today, so the old
    supervisor's access ends and the new one sees only what is shared with them from now on.
    Returns the id of the pair that is now current.

    Raises:
        NotFound: no such pair.
        PeopleError: a frequency out of range, a last day before the start, a new
            last day or supervisor for a pair that has ended (a new pair is a new pair), or an
            unknown supervisor or one without the role.
    """
    ensure(by, Permission.ADMINISTER)
    if frequency_weeks is not None and not 1 <= frequency_weeks <= 26:
        raise PeopleError("Please give a supervision frequency between 1 and 26 weeks.")
    kinds = None if kinds is None else list(kinds)
    if kinds is not None and supervision_kinds.unknown(kinds):
        raise PeopleError("Please choose the kinds of supervision from the list.")
    with runtime.current().db.write(by=by) as session:
        pair = require(session, by, pair_id, Permission.ADMINISTER)
        today = current_date()
        if kinds is not None and supervision_kinds.stored(kinds) != pair.kinds:
            pair.kinds = supervision_kinds.stored(kinds)
            audit.record(session, by=by, action="pair_kinds_changed", subject_id=pair.supervisee_id, object_type="pair", object_id=pair.id)
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
            if ends_on < today:
                shared_copies.forget_pair(session, pair.id)
        if frequency_weeks is not None or ends_on is not None:
            audit.record(session, by=by, action="pair_changed", subject_id=pair.supervisee_id, object_type="pair", object_id=pair.id)
        if supervisor_email is None:
            return pair_id
        supervisor_email = checked_email(supervisor_email, field="The supervisor's e-mail address")
        supervisor = session.scalar(
            select(Person).where(Person.email == supervisor_email, Person.organisation_id == organisation_id(session, by))
        )
        if supervisor is None or supervisor.erased_at is not None:
            raise PeopleError(f"There is no account for the supervisor {supervisor_email!r}.")
        if supervisor.id == pair.supervisee_id:
            raise PeopleError("A person can't be their own supervisor.")
        if Role.SUPERVISOR not in supervisor.role_set:
            raise PeopleError(f"{supervisor.name} doesn't have the supervisor role yet.")
        _set_last_day(pair, today - timedelta(days=1))
        shared_copies.forget_pair(session, pair.id)  # nothing kept for a supervisor who no longer reads it
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


# --- the pair's two people ----------------------------------------------------------


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


def _views_of(session: Session, pairs: list[SupervisionPair]) -> list[PairView]:
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
    today = current_date()
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
            _active(select(SupervisionPair).where(SupervisionPair.supervisee_id == by.person_id), current_date()).order_by(SupervisionPair.id)
        ).all()
        return _views_of(session, list(pairs))


def my_supervisees(*, by: Actor) -> list[PairView]:
    """My active pairs in which I am the supervisor."""
    ensure(by, Permission.SUPERVISE)
    with runtime.current().db.read() as session:
        pairs = session.scalars(
            _active(select(SupervisionPair).where(SupervisionPair.supervisor_id == by.person_id), current_date()).order_by(SupervisionPair.id)
        ).all()
        views = _views_of(session, list(pairs))
    return sorted(views, key=lambda v: v.supervisee_name.casefold())


def pair(*, pair_id: int, by: Actor) -> PairView:
    """One pair the acting person belongs to.

    Raises:
        NotFound: no such pair, or not theirs (or, for a supervisor, no longer active).
    """
    with runtime.current().db.read() as session:
        return _views_of(session, [require(session, by, pair_id)])[0]
