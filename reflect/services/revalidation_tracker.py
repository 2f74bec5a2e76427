"""The revalidation tracker on the person's own page: their registration body and renewal date,
and how far they are with what the NMC asks for in the three years before it (five reflective
accounts, 35 CPD hours of which 20 participatory, 450 practice hours, five pieces of feedback,
the reflective discussion, confirmation). Home mentions it, once, within 90 days of renewal.

The targets are data (prompts/revalidation/nmc.yaml). The CPD, feedback and practice records
are the person's own: any note on them is sealed with their key and checked by the guard.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from reflect import runtime
from reflect.models import ReflectiveAccount, ReflectiveDiscussion, RevalidationPlan, RevalidationRecord, utcnow
from reflect.reports.tables import to_csv
from reflect.services import audit
from reflect.services.access import Actor, Permission, can, ensure
from reflect.questions.answers import AnswerRejected
from reflect.services.errors import NotFound
from reflect.services.revalidation import forms, newest_first
from reflect.services.vault import Vault
from reflect.text import clean_text

BODIES = {
    "nmc": "Nursing and Midwifery Council (NMC)",
    "hcpc": "Health and Care Professions Council (HCPC)",
    "gmc": "General Medical Council (GMC)",
    "other": "Another registration body",
}
RECORD_KINDS = {"cpd": "CPD activity", "feedback": "Practice-related feedback", "practice": "Practice hours"}
NOTE_LIMIT = 500
HOURS_LIMIT = 2000


@dataclass(frozen=True)
class PlanView:
    body: str
    body_label: str
    renewal_on: date | None
    confirmed_on: date | None


@dataclass(frozen=True)
class RecordView:
    id: int
    kind: str
    kind_label: str
    done_on: date
    hours: float
    participatory: bool
    note: str


@dataclass(frozen=True)
class Line:
    """One requirement: what it is, how much is done and how much is asked for."""

    label: str
    have: float
    need: float

    @property
    def done(self) -> bool:
        return self.have >= self.need

    @property
    def left(self) -> float:
        return max(0.0, self.need - self.have)


@dataclass(frozen=True)
class Gap:
    """A stretch of three months or more with no CPD recorded: from the last activity before it
    (or none) to the next one, or to today."""

    after: date
    until: date
    ongoing: bool  # reaches today

    @property
    def months(self) -> int:
        return (self.until.year - self.after.year) * 12 + self.until.month - self.after.month - (self.until.day < self.after.day)


@dataclass(frozen=True)
class Tracker:
    plan: PlanView | None
    since: date | None  # the start of the period counted (three years before renewal)
    lines: tuple[Line, ...]
    today: date

    @property
    def days_to_renewal(self) -> int | None:
        if self.plan is None or self.plan.renewal_on is None:
            return None
        return (self.plan.renewal_on - self.today).days

    @property
    def outstanding(self) -> tuple[Line, ...]:
        return tuple(line for line in self.lines if not line.done)

    @property
    def due_soon(self) -> bool:
        """Renewal within the window the form names (90 days), with something still to do."""
        days = self.days_to_renewal
        return days is not None and 0 <= days <= forms().requirements.due_within_days and bool(self.outstanding)


def plan(*, by: Actor) -> PlanView | None:
    """My registration body, renewal date and confirmation, if I have said.

    Raises:
        AccessDenied: not a staff account.
    """
    ensure(by, Permission.KEEP_REVALIDATION)
    with runtime.current().db.read() as session:
        row = session.get(RevalidationPlan, by.person_id)
        return None if row is None else PlanView(row.body, BODIES.get(row.body, row.body), row.renewal_on, row.confirmed_on)


def set_plan(*, body: str, renewal_on: date | None, confirmed_on: date | None = None, by: Actor) -> None:
    """Say which body I am registered with, when I renew, and when my revalidation was confirmed.

    Raises:
        AccessDenied: not a staff account.
        AnswerRejected: an unknown body, or a confirmation dated ahead.
    """
    ensure(by, Permission.KEEP_REVALIDATION)
    if body not in BODIES:
        raise AnswerRejected("Please choose your registration body.")
    if confirmed_on is not None and confirmed_on > date.today():
        raise AnswerRejected("The confirmation date can't be in the future.")
    with runtime.current().db.write(by=by) as session:
        row = session.get(RevalidationPlan, by.person_id)
        if row is None:
            row = RevalidationPlan(owner_id=by.person_id, body=body)
            session.add(row)
        row.body, row.renewal_on, row.confirmed_on, row.updated_at = body, renewal_on, confirmed_on, utcnow()
        audit.record(session, by=by, action="revalidation_plan_saved", subject_id=by.person_id, object_type="revalidation_plan")


def add_record(*, kind: str, done_on: date, hours: float = 0.0, participatory: bool = False, note: str = "", by: Actor) -> int:
    """Record a CPD activity, a piece of practice-related feedback, or practice hours.

    Raises:
        AccessDenied: not a staff account.
        AnswerRejected: an unknown kind, a date ahead, hours out of range, or a note that is
            too long or could identify someone.
    """
    ensure(by, Permission.KEEP_REVALIDATION)
    if kind not in RECORD_KINDS:
        raise AnswerRejected("Please choose what you are recording.")
    if done_on > date.today():
        raise AnswerRejected("The date can't be in the future.")
    if not 0 <= hours <= HOURS_LIMIT or (kind != "feedback" and hours <= 0):
        raise AnswerRejected(f"Please give the hours, between 0 and {HOURS_LIMIT:,}.")
    note = clean_text(note).strip()
    if len(note) > NOTE_LIMIT:
        raise AnswerRejected(f"Please keep the note to {NOTE_LIMIT} characters or fewer.")
    if note and runtime.current().phrasing.has_identifying(note):
        raise AnswerRejected("The note has details that could identify someone. Please describe people by their role only.")
    rt = runtime.current()
    with rt.db.write(by=by) as session:
        row = RevalidationRecord(
            owner_id=by.person_id, kind=kind, done_on=done_on, hours=float(hours) if kind != "feedback" else 0.0,
            participatory=bool(participatory) and kind == "cpd", note=Vault(session, rt.server_key, by=by).seal_private_optional(by.person_id, note),
        )
        session.add(row)
        session.flush()
        audit.record(session, by=by, action="revalidation_record_added", subject_id=by.person_id, object_type="revalidation_record", object_id=row.id)
        return row.id


def remove_record(*, record_id: int, by: Actor) -> None:
    """Remove one of my records.

    Raises:
        AccessDenied: not a staff account.
        NotFound: not a record of mine.
    """
    ensure(by, Permission.KEEP_REVALIDATION)
    with runtime.current().db.write(by=by) as session:
        row = session.get(RevalidationRecord, record_id)
        if row is None or not can(by, Permission.READ_REVALIDATION, row.owner_id):
            raise NotFound("That record isn't there.")
        session.delete(row)
        audit.record(session, by=by, action="revalidation_record_removed", subject_id=by.person_id, object_type="revalidation_record", object_id=record_id)


def records(*, by: Actor) -> list[RecordView]:
    """My CPD, feedback and practice records, newest first.

    Raises:
        AccessDenied: not a staff account.
    """
    ensure(by, Permission.KEEP_REVALIDATION)
    rt = runtime.current()
    with rt.db.read() as session:
        rows = newest_first(session, RevalidationRecord, RevalidationRecord.done_on, by)
        vault = Vault(session, rt.server_key, by=by)
        vault.preload([r.note for r in rows])
        return [RecordView(r.id, r.kind, RECORD_KINDS[r.kind], r.done_on, r.hours, r.participatory, vault.open(r.note) or "") for r in rows]


def _since(renewal_on: date | None, years: int) -> date | None:
    if renewal_on is None:
        return None
    try:
        return renewal_on.replace(year=renewal_on.year - years)
    except ValueError:  # 29 February
        return renewal_on.replace(year=renewal_on.year - years, day=28)


def tracker(*, by: Actor, today: date | None = None) -> Tracker:
    """How far I am with each requirement, counted over the three years before my renewal date
    (everything, when I haven't given one). Reads counts and dates only, no one's words.

    Raises:
        AccessDenied: not a staff account.
    """
    ensure(by, Permission.KEEP_REVALIDATION)
    needs = forms().requirements
    today = today or date.today()
    with runtime.current().db.read() as session:
        row = session.get(RevalidationPlan, by.person_id)
        mine = None if row is None else PlanView(row.body, BODIES.get(row.body, row.body), row.renewal_on, row.confirmed_on)
        since = _since(mine.renewal_on if mine else None, needs.period_years)
        start = since or date.min
        written = session.scalars(
            select(ReflectiveAccount.written_on).where(ReflectiveAccount.owner_id == by.person_id, ReflectiveAccount.written_on >= start)
        ).all()
        discussed = session.scalars(
            select(ReflectiveDiscussion.discussed_on).where(ReflectiveDiscussion.owner_id == by.person_id, ReflectiveDiscussion.discussed_on >= start)
        ).all()
        counted = session.execute(
            select(RevalidationRecord.kind, RevalidationRecord.hours, RevalidationRecord.participatory)
            .where(RevalidationRecord.owner_id == by.person_id, RevalidationRecord.done_on >= start)
        ).all()
    cpd = sum(h for k, h, _ in counted if k == "cpd")
    participatory = sum(h for k, h, p in counted if k == "cpd" and p)
    lines = (
        Line("Written reflective accounts", len(written), needs.reflective_accounts),
        Line("CPD hours", cpd, needs.cpd_hours),
        Line("CPD hours that were participatory", participatory, needs.participatory_hours),
        Line("Practice hours", sum(h for k, h, _ in counted if k == "practice"), needs.practice_hours),
        Line("Pieces of practice-related feedback", sum(1 for k, _, _ in counted if k == "feedback"), needs.feedback),
        Line("Reflective discussion", min(1, len(discussed)), 1),
        Line("Confirmation", 1 if mine and mine.confirmed_on and mine.confirmed_on >= start else 0, 1),
    )
    return Tracker(mine, since, lines, today)


def due_soon(*, by: Actor, today: date | None = None) -> Tracker | None:
    """My tracker, when renewal is within 90 days and something is still to do; else None.
    Nobody but staff keeps a tracker, so anyone else simply has nothing due.
    """
    if not can(by, Permission.KEEP_REVALIDATION):
        return None
    today = today or date.today()
    with runtime.current().db.read() as session:
        renewal_on = session.scalar(select(RevalidationPlan.renewal_on).where(RevalidationPlan.owner_id == by.person_id))
    # Home asks on every visit: the counting waits until renewal is near.
    if renewal_on is None or not 0 <= (renewal_on - today).days <= forms().requirements.due_within_days:
        return None
    found = tracker(by=by, today=today)
    return found if found.due_soon else None


def _add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


GAP_MONTHS = 3
LOG_YEARS = 2


def cpd_gaps(*, by: Actor, today: date | None = None) -> list[Gap]:
    """Gaps of three months or more between my CPD activities over the last two years, and since
    the latest one, as the HCPC asks a CPD record to explain. Reads dates only.

    Raises:
        AccessDenied: not a staff account.
    """
    ensure(by, Permission.KEEP_REVALIDATION)
    today = today or date.today()
    start = _add_months(today, -12 * LOG_YEARS)
    with runtime.current().db.read() as session:
        days = sorted(set(session.scalars(
            select(RevalidationRecord.done_on).where(
                RevalidationRecord.owner_id == by.person_id, RevalidationRecord.kind == "cpd", RevalidationRecord.done_on >= start,
            )
        ).all()))
    gaps = [Gap(a, b, False) for a, b in zip(days, days[1:]) if b >= _add_months(a, GAP_MONTHS)]
    if days and today >= _add_months(days[-1], GAP_MONTHS):
        gaps.append(Gap(days[-1], today, True))
    return gaps


def cpd_log_csv(*, by: Actor) -> bytes:
    """My CPD log as CSV: date, hours, participatory and note, newest first.

    Raises:
        AccessDenied: not a staff account.
    """
    rows = [r for r in records(by=by) if r.kind == "cpd"]
    return to_csv(["Date", "Hours", "Participatory", "Note"], [[r.done_on.isoformat(), f"{r.hours:g}", "yes" if r.participatory else "no", r.note] for r in rows])
