"""Data keys, sign-in sessions, failed sign-ins and the audit trail."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

from sqlalchemy import ForeignKey, Index, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from reflect.models.base import Base, new_public_id, utcnow


class PersonKey(Base):
    """A person's data key, wrapped by their own key in the keystore (`reflect.keystore`).

    Erasure deletes the keystore key, so this row, in the database and in every backup, no
    longer opens. A row with no `key_name` is from before the keystore, wrapped by the server
    key; start-up moves it under a keystore key.
    """

    __tablename__ = "person_keys"

    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), primary_key=True)
    wrapped_key: Mapped[bytes] = mapped_column(LargeBinary)
    key_name: Mapped[str | None] = mapped_column(String(80))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class AuthSession(Base):
    """A server-side sign-in session. The browser holds the token; we keep only its hash."""

    __tablename__ = "auth_sessions"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    # The identifier the decision ledger, the person's session list and "end this session"
    # use: random, never the token or its hash.
    public_id: Mapped[str] = mapped_column(String(32), unique=True, default=new_public_id)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    method: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    ended_at: Mapped[datetime | None]
    end_reason: Mapped[str | None] = mapped_column(String(40))
    # From the request's User-Agent, reduced to names ("Firefox", "Windows"); nothing else kept.
    browser: Mapped[str | None] = mapped_column(String(40))
    system: Mapped[str | None] = mapped_column(String(40))
    # For single sign-on: when the organisation issued the identity this session came from.
    sso_issued_at: Mapped[datetime | None]
    # The person's own key, wrapped by a key derived from this session's token (which only the
    # browser's cookie holds): any replica can open it with the cookie, none without. Dropped
    # when the session ends.
    own_key_wrap: Mapped[bytes | None] = mapped_column(LargeBinary)


class OwnKeyWrap(Base):
    """A person's own key (reflect/own_key.py), wrapped by a key derived from something only
    they hold: their password, their single sign-on passphrase, or their recovery code. One row
    per kind per person; `derivation` names the argon2id settings, `salt` is its own."""

    __tablename__ = "own_key_wraps"

    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), primary_key=True)
    kind: Mapped[str] = mapped_column(String(20), primary_key=True)
    salt: Mapped[bytes] = mapped_column(LargeBinary)
    derivation: Mapped[str] = mapped_column(String(60))
    wrapped: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # For a recovery code: when the person said they had saved it (None: not yet).
    confirmed_at: Mapped[datetime | None]


class Passkey(Base):
    """A passkey that opens the person's own key (browsers with WebAuthn's PRF extension).

    The credential's public key and signature counter check who is there; the wrap of the own
    key is an `OwnKeyWrap` of kind `wrap_kind`, by a key derived from what the passkey's PRF
    gives for `prf_salt`, which only the authenticator can give: it is never stored.
    """

    __tablename__ = "passkeys"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True, default=new_public_id)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    credential_id: Mapped[bytes] = mapped_column(LargeBinary, unique=True)
    public_key: Mapped[bytes] = mapped_column(LargeBinary)
    sign_count: Mapped[int] = mapped_column(default=0)
    # The person's own name for it ("work laptop"), never their text.
    name: Mapped[str] = mapped_column(String(60))
    prf_salt: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_used_at: Mapped[datetime | None]

    @property
    def wrap_kind(self) -> str:
        return f"passkey:{self.id}"


class PasskeyChallenge(Base):
    """One step of a passkey ceremony, bound to the session that began it: used once, within
    a few minutes. For an enrolment's second step it holds the new credential, verified but not
    yet proven to give a PRF output (public parts only)."""

    __tablename__ = "passkey_challenges"

    public_id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_public_id)
    token_hash: Mapped[str] = mapped_column(ForeignKey("auth_sessions.token_hash", ondelete="CASCADE"), index=True)
    purpose: Mapped[str] = mapped_column(String(20))
    challenge: Mapped[bytes] = mapped_column(LargeBinary)
    expires_at: Mapped[datetime]
    name: Mapped[str | None] = mapped_column(String(60))
    credential_id: Mapped[bytes | None] = mapped_column(LargeBinary)
    public_key: Mapped[bytes | None] = mapped_column(LargeBinary)
    sign_count: Mapped[int | None]
    prf_salt: Mapped[bytes | None] = mapped_column(LargeBinary)


class SignInFailure(Base):
    """A sign-in that didn't match, counted by address whether or not an account has it."""

    __tablename__ = "sign_in_failures"
    __table_args__ = (
        Index("ix_sign_in_failures_person_at", "person_id", "at"),
        Index("ix_sign_in_failures_address_at", "address_hash", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    # A keyed hash of the e-mail address typed (never the address itself).
    address_hash: Mapped[str | None] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(default=utcnow)


class SignInPause(Base):
    """An address paused after several sign-ins that didn't match: known and unknown addresses alike."""

    __tablename__ = "sign_in_pauses"

    address_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    paused_until: Mapped[datetime]


class Installation(Base):
    """One row: the fingerprint of the server key this database was made with, so a wrong or
    missing key file stops start-up instead of making entries unreadable."""

    __tablename__ = "installation"

    id: Mapped[int] = mapped_column(primary_key=True)
    key_fingerprint: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


# The chain's first event links to this in place of a previous hash.
GENESIS_HASH = "0" * 64


def chain_fields(
    prev_hash: str,
    at: datetime,
    actor_id: int | None,
    action: str,
    subject_id: int | None,
    object_type: str | None,
    object_id: int | None,
) -> bytes:
    """An audit event's fields and the hash of the event before it, joined by the unit
    separator (0x1F), the time written as YYYY-MM-DDTHH:MM:SS.ffffffZ in UTC."""
    fields = [
        prev_hash,
        chain_time(at),
        "" if actor_id is None else str(actor_id),
        action,
        "" if subject_id is None else str(subject_id),
        object_type or "",
        "" if object_id is None else str(object_id),
    ]
    return "\x1f".join(fields).encode()


def chain_time(at: datetime) -> str:
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def chain_hash(
    prev_hash: str,
    at: datetime,
    actor_id: int | None,
    action: str,
    subject_id: int | None,
    object_type: str | None,
    object_id: int | None,
) -> str:
    """The SHA-256 of an audit event's fields: the unkeyed recipe of events recorded before
    the chain was keyed (see `AuditKeying`). Anyone with read access can recompute it."""
    return hashlib.sha256(chain_fields(prev_hash, at, actor_id, action, subject_id, object_type, object_id)).hexdigest()


class AuditKeying(Base):
    """One row: the id of the first event whose hash is keyed (an HMAC under a key derived
    from the server key). Events before it were recorded before keying began and keep their
    SHA-256 hashes; the chain runs on unbroken across the two."""

    __tablename__ = "audit_keying"

    id: Mapped[int] = mapped_column(primary_key=True)
    keyed_from: Mapped[int]


class AuditEvent(Base):
    """Append-only record of who did what to whose content. Holds ids and action names, never free text."""

    __tablename__ = "audit_events"
    __table_args__ = (
        Index("ix_audit_events_subject_at", "subject_id", "at"),
        Index("ix_audit_events_actor_at", "actor_id", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    # Person ids, without a foreign key: a restore re-adds events recorded after the backup
    # (from the audit journal), some about people the backup does not hold.
    actor_id: Mapped[int | None]
    action: Mapped[str] = mapped_column(String(60))
    # The person whose content or account the action touched.
    subject_id: Mapped[int | None]
    object_type: Mapped[str | None] = mapped_column(String(40))
    object_id: Mapped[int | None]
    # The hash chain: each event holds the hash of the one before it and its own hash over
    # both, so changing, removing or reordering any event breaks every hash after it.
    prev_hash: Mapped[str | None] = mapped_column(String(64))
    hash: Mapped[str | None] = mapped_column(String(64))
