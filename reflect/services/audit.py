"""The audit trail: who opened or changed whose content. Append-only; readable by its subject."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from reflect import runtime
from reflect.models import AuditEvent, Person
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
