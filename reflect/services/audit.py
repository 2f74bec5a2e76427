"""The audit trail: who opened or changed whose content. Append-only; readable by its subject."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from reflect import runtime
from reflect.models import AuditEvent, Person, utcnow
from reflect.services.access import Actor, Permission, ensure


def record(
    session: Session,
    *,
    by: Actor,
    action: str,
    subject_id: int | None = None,
    object_type: str | None = None,
    object_id: int | None = None,
) -> None:
    """Add an audit event to the caller's unit of work, so it commits or fails with the change."""
    session.add(
        AuditEvent(
            actor_id=None if by.is_system else by.person_id,
            action=action,
            subject_id=subject_id,
            object_type=object_type,
            object_id=object_id,
        )
    )


# A page shown again (every click reruns it) is one reading, not many: the same person
# reading the same thing again within this window is not recorded twice.
READ_WINDOW = timedelta(minutes=10)


def record_read(session: Session, *, by: Actor, action: str, subject_id: int, object_type: str, object_ids: list[int]) -> None:
    """Record that `by` read these objects of another person, once per READ_WINDOW."""
    if not object_ids:
        return
    recent = set(
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
        recent = set(
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
