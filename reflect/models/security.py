"""Data keys, sign-in sessions, failed sign-ins and the audit trail."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from reflect.models.base import Base, utcnow


class PersonKey(Base):
    """A person's data key, wrapped by the server key. Deleting the row erases their content."""

    __tablename__ = "person_keys"

    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), primary_key=True)
    wrapped_key: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class AuthSession(Base):
    """A server-side sign-in session. The browser holds the token; we keep only its hash."""

    __tablename__ = "auth_sessions"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    method: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    ended_at: Mapped[datetime | None]
    end_reason: Mapped[str | None] = mapped_column(String(40))
    # A random id the person's session list and "end this session" use; never the token.
    public_id: Mapped[str | None] = mapped_column(String(32), unique=True, index=True)
    # From the request's User-Agent, reduced to names ("Firefox", "Windows"); nothing else kept.
    browser: Mapped[str | None] = mapped_column(String(40))
    system: Mapped[str | None] = mapped_column(String(40))
    # For single sign-on: when the organisation issued the identity this session came from.
    sso_issued_at: Mapped[datetime | None]


class SignInFailure(Base):
    __tablename__ = "sign_in_failures"
    __table_args__ = (Index("ix_sign_in_failures_person_at", "person_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    at: Mapped[datetime] = mapped_column(default=utcnow)


class AuditEvent(Base):
    """Append-only record of who did what to whose content. Holds ids and action names, never free text."""

    __tablename__ = "audit_events"
    __table_args__ = (
        Index("ix_audit_events_subject_at", "subject_id", "at"),
        Index("ix_audit_events_actor_at", "actor_id", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    action: Mapped[str] = mapped_column(String(60))
    # The person whose content or account the action touched.
    subject_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    object_type: Mapped[str | None] = mapped_column(String(40))
    object_id: Mapped[int | None]
