"""The audit trail: who opened or changed whose content. Append-only; readable by its subject."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import func, or_, select, text
from sqlalchemy.orm import Session, aliased

from reflect import runtime
from reflect.models import AuditEvent, Person, utcnow
from reflect.models.security import GENESIS_HASH, chain_hash
from reflect.services.access import Actor, Permission, ensure

# Held for the rest of the transaction by whoever appends to the chain on PostgreSQL, so two
# replicas never link two new events to the same previous one. SQLite's write transactions
# take the database's write lock at BEGIN, which serialises appends already.
_CHAIN_LOCK = 7312002


def record(
    session: Session,
    *,
    by: Actor,
    action: str,
    subject_id: int | None = None,
    object_type: str | None = None,
    object_id: int | None = None,
) -> None:
    """Add an audit event to the caller's unit of work, so it commits or fails with the change.

    The event is linked to the newest event in the chain: its `prev_hash` is that event's hash,
    and its own `hash` covers its fields and `prev_hash`.
    """
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _CHAIN_LOCK})
    # Autoflush puts events added earlier in this unit of work in the chain first.
    previous = session.scalar(select(AuditEvent.hash).order_by(AuditEvent.id.desc()).limit(1)) or GENESIS_HASH
    actor_id = None if by.is_system else by.person_id
    at = utcnow()
    session.add(
        AuditEvent(
            at=at,
            actor_id=actor_id,
            action=action,
            subject_id=subject_id,
            object_type=object_type,
            object_id=object_id,
            prev_hash=previous,
            hash=chain_hash(previous, at, actor_id, action, subject_id, object_type, object_id),
        )
    )
    session.flush()


# A page shown again (every click reruns it) is one reading, not many: the same person
# reading the same thing again within this window is not recorded twice.
READ_WINDOW = timedelta(minutes=10)


def _recently_read(session: Session, *, by: Actor, action: str, object_type: str, object_ids: list[int]) -> set[int]:
    """Which of these objects `by` was already recorded reading within READ_WINDOW."""
    return set(
        session.scalars(
            select(AuditEvent.object_id).where(
                AuditEvent.actor_id == by.person_id,
                AuditEvent.action == action,
                AuditEvent.object_type == object_type,
                AuditEvent.object_id.in_(object_ids),
                AuditEvent.at >= utcnow() - READ_WINDOW,
            )
        )
    )


def record_read(session: Session, *, by: Actor, action: str, subject_id: int, object_type: str, object_ids: list[int]) -> None:
    """Record that `by` read these objects of another person, once per READ_WINDOW."""
    if not object_ids:
        return
    recent = _recently_read(session, by=by, action=action, object_type=object_type, object_ids=object_ids)
    for object_id in dict.fromkeys(object_ids):
        if object_id not in recent:
            record(session, by=by, action=action, subject_id=subject_id, object_type=object_type, object_id=object_id)


def record_reads_once(*, by: Actor, action: str, object_type: str, reads: dict[int, list[int]]) -> None:
    """Record that `by` read these objects ({subject id: object ids}), each once per READ_WINDOW,
    in a transaction of its own: one query when everything shown was recorded already, and a
    write only when something was not, so showing a page again takes no write lock."""
    object_ids = sorted({i for ids in reads.values() for i in ids})
    if not object_ids or by.is_system:
        return
    db = runtime.current().db
    with db.read() as session:
        recent = _recently_read(session, by=by, action=action, object_type=object_type, object_ids=object_ids)
    missing = {subject: [i for i in dict.fromkeys(ids) if i not in recent] for subject, ids in reads.items()}
    if not any(missing.values()):
        return
    with db.write() as session:
        for subject_id, ids in missing.items():
            for object_id in ids:
                record(session, by=by, action=action, subject_id=subject_id, object_type=object_type, object_id=object_id)


@dataclass(frozen=True)
class AuditEntry:
    at: datetime
    actor_name: str
    action: str
    object_type: str | None
    object_id: int | None


def about_me(*, by: Actor, page: int = 1, per_page: int = 50) -> tuple[list[AuditEntry], int]:
    """Events that touched the acting person's content or account, newest first, and the total count."""
    ensure(by, Permission.READ_OWN_AUDIT)
    actor = aliased(Person)
    with runtime.current().db.read() as session:
        total = session.scalar(select(func.count()).select_from(AuditEvent).where(AuditEvent.subject_id == by.person_id))
        rows = session.execute(
            select(AuditEvent, actor.name)
            .outerjoin(actor, actor.id == AuditEvent.actor_id)
            .where(AuditEvent.subject_id == by.person_id)
            .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
            .limit(per_page)
            .offset((page - 1) * per_page)
        ).all()
    entries = [
        AuditEntry(
            at=event.at,
            actor_name=name or "Reflect administration",
            action=event.action,
            object_type=event.object_type,
            object_id=event.object_id,
        )
        for event, name in rows
    ]
    return entries, total or 0


@dataclass(frozen=True)
class Verification:
    """The result of checking the chain: `broken_at` is the id of the first event that does not fit."""

    checked: int
    head_hash: str
    broken_at: int | None = None
    reason: str = ""

    @property
    def ok(self) -> bool:
        return self.broken_at is None


_VERIFY_BATCH = 5000


def verify(*, by: Actor) -> Verification:
    """Recompute every event's hash in order and check each links to the one before it."""
    ensure(by, Permission.ADMINISTER)
    previous, checked, last_id = GENESIS_HASH, 0, 0
    columns = (
        AuditEvent.id, AuditEvent.at, AuditEvent.actor_id, AuditEvent.action, AuditEvent.subject_id,
        AuditEvent.object_type, AuditEvent.object_id, AuditEvent.prev_hash, AuditEvent.hash,
    )
    with runtime.current().db.read() as session:
        while True:
            batch = session.execute(select(*columns).where(AuditEvent.id > last_id).order_by(AuditEvent.id).limit(_VERIFY_BATCH)).all()
            if not batch:
                return Verification(checked=checked, head_hash=previous)
            for row in batch:
                if row.prev_hash != previous:
                    reason = "it does not link to the event before it (one was changed, removed or added out of turn)"
                    return Verification(checked, previous, row.id, reason)
                expected = chain_hash(previous, row.at, row.actor_id, row.action, row.subject_id, row.object_type, row.object_id)
                if row.hash != expected:
                    return Verification(checked, previous, row.id, "its fields do not match its hash (it was changed)")
                previous, checked, last_id = row.hash, checked + 1, row.id


@dataclass(frozen=True)
class AdminAuditRow:
    id: int
    at: datetime
    actor: str
    action: str
    subject: str
    object_type: str | None
    object_id: int | None


def _admin_query(organisation_id: int, person_id: int | None, action: str | None, since: date | None, until: date | None):
    actor, subject = aliased(Person), aliased(Person)
    query = (
        select(AuditEvent, actor.name, subject.name)
        .outerjoin(actor, actor.id == AuditEvent.actor_id)
        .outerjoin(subject, subject.id == AuditEvent.subject_id)
        # Events of the command line have no actor; events of another organisation are not shown.
        .where(or_(actor.organisation_id == organisation_id, subject.organisation_id == organisation_id, AuditEvent.actor_id.is_(None)))
    )
    if person_id is not None:
        query = query.where(or_(AuditEvent.actor_id == person_id, AuditEvent.subject_id == person_id))
    if action:
        query = query.where(AuditEvent.action == action)
    if since:
        query = query.where(AuditEvent.at >= datetime.combine(since, time.min, tzinfo=utcnow().tzinfo))
    if until:
        query = query.where(AuditEvent.at < datetime.combine(until + timedelta(days=1), time.min, tzinfo=utcnow().tzinfo))
    return query


def _organisation(session: Session, by: Actor) -> int:
    if not by.is_system:
        return by.organisation_id
    from reflect.models import Organisation

    return session.scalar(select(Organisation.id).order_by(Organisation.id).limit(1)) or 0


def search(
    *,
    by: Actor,
    person_id: int | None = None,
    action: str | None = None,
    since: date | None = None,
    until: date | None = None,
    page: int = 1,
    per_page: int = 50,
) -> tuple[list[AdminAuditRow], int]:
    """Audit events for an admin, newest first: who, what kind, about whom, when. Never content."""
    ensure(by, Permission.ADMINISTER)
    with runtime.current().db.read() as session:
        query = _admin_query(_organisation(session, by), person_id, action, since, until)
        total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
        rows = session.execute(
            query.order_by(AuditEvent.id.desc()).limit(per_page).offset((max(page, 1) - 1) * per_page)
        ).all()
    return [_admin_row(e, a, s) for e, a, s in rows], total


def _admin_row(event: AuditEvent, actor_name: str | None, subject_name: str | None) -> AdminAuditRow:
    return AdminAuditRow(
        id=event.id,
        at=event.at,
        actor=actor_name or "Reflect administration",
        action=event.action,
        subject=subject_name or "",
        object_type=event.object_type,
        object_id=event.object_id,
    )


CSV_LIMIT = 100_000


def export_rows(
    *,
    by: Actor,
    person_id: int | None = None,
    action: str | None = None,
    since: date | None = None,
    until: date | None = None,
) -> list[AdminAuditRow]:
    """Every event matching the filters (up to CSV_LIMIT), oldest first, for a CSV download.
    The download itself is recorded."""
    ensure(by, Permission.ADMINISTER)
    with runtime.current().db.write() as session:
        query = _admin_query(_organisation(session, by), person_id, action, since, until)
        rows = session.execute(query.order_by(AuditEvent.id).limit(CSV_LIMIT)).all()
        result = [_admin_row(e, a, s) for e, a, s in rows]
        record(session, by=by, action="audit_exported", subject_id=person_id)
    return result


def actions(*, by: Actor) -> list[str]:
    """The kinds of event recorded so far, for the admin's filter."""
    ensure(by, Permission.ADMINISTER)
    with runtime.current().db.read() as session:
        return list(session.scalars(select(AuditEvent.action).distinct().order_by(AuditEvent.action)))
