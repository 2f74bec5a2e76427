"""Signing in and out: local passwords, single sign-on identities, server-side sessions.

The browser holds only a random session token in Streamlit's session state; the server
keeps its hash and decides on every rerun whether the session is still live.
"""

from __future__ import annotations

import hashlib
import math
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session, joinedload

from reflect import runtime
from reflect.logs import event
from reflect.models import AuthSession, Person, SignInFailure, utcnow
from reflect.services import audit, passwords
from reflect.services.access import Actor, Permission, ensure

IDLE_LIMIT = timedelta(minutes=30)
ABSOLUTE_LIMIT = timedelta(hours=12)
LOCK_AFTER_FAILURES = 5
FAILURE_WINDOW = timedelta(minutes=15)
LOCK_DURATION = timedelta(minutes=15)
# Writing last_seen_at on every rerun would turn each click into a write; a minute is
# far finer than the 30-minute idle limit.
TOUCH_EVERY = timedelta(seconds=60)

WRONG_DETAILS = "That e-mail address and password don't match our records. Please check them and try again."


class SignInError(Exception):
    """Sign-in did not succeed; the message is safe and kind to show."""


@dataclass(frozen=True)
class SignedIn:
    token: str
    actor: Actor


@dataclass(frozen=True)
class SessionInfo:
    created_at: datetime
    last_seen_at: datetime
    method: str
    is_current: bool


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def normalise_email(email: str) -> str:
    return email.strip().lower()


def actor_for(person: Person, token_hash: str | None = None) -> Actor:
    return Actor(
        person_id=person.id,
        organisation_id=person.organisation_id,
        name=person.name,
        roles=person.role_set,
        team_ids=frozenset(m.team_id for m in person.memberships),
        lead_team_ids=frozenset(m.team_id for m in person.memberships if m.is_lead),
        session_token_hash=token_hash,
    )


def _minutes_left(until: datetime, now: datetime) -> int:
    return max(1, math.ceil((until - now).total_seconds() / 60))


def _open_session(session: Session, person: Person, method: str) -> SignedIn:
    token = secrets.token_urlsafe(32)
    token_hash = _hash_token(token)
    session.add(AuthSession(token_hash=token_hash, person_id=person.id, method=method))
    actor = actor_for(person, token_hash)
    audit.record(session, by=actor, action="signed_in", subject_id=person.id)
    return SignedIn(token=token, actor=actor)


def sign_in(*, email: str, password: str) -> SignedIn:
    """Check a local password and open a new session.

    Raises:
        SignInError: wrong details, a locked account, or an account without a password.
    """
    now = utcnow()
    # Failures must be committed before we refuse, so the refusal is raised after the unit of work.
    refusal: str | None = None
    with runtime.current().db.write() as session:
        person = session.scalar(select(Person).where(Person.email == normalise_email(email)))
        if person is None or person.erased_at is not None:
            passwords.verify(None, password)  # same time as a real check
            event("sign_in.failed", known=False)
            refusal = WRONG_DETAILS
        elif person.locked_until and person.locked_until > now:
            event("sign_in.locked", person=person.id)
            refusal = _locked_message(person.locked_until, now)
        elif not passwords.verify(person.password_hash, password):
            _record_failure(session, person, now)
            locked = person.locked_until is not None and person.locked_until > now
            refusal = _locked_message(person.locked_until, now) if locked else WRONG_DETAILS
        else:
            session.execute(delete(SignInFailure).where(SignInFailure.person_id == person.id))
            person.locked_until = None
            signed_in = _open_session(session, person, "password")
    if refusal:
        raise SignInError(refusal)
    event("sign_in.ok", person=signed_in.actor.person_id)
    return signed_in


def _locked_message(until: datetime, now: datetime) -> str:
    minutes = _minutes_left(until, now)
    return (
        "For your security this account is paused after several attempts that didn't match. "
        f"Please try again in {minutes} minute{'s' if minutes != 1 else ''}, or ask your admin to help."
    )


def _record_failure(session: Session, person: Person, now: datetime) -> None:
    session.add(SignInFailure(person_id=person.id, at=now))
    session.flush()
    recent = session.scalar(
        select(func.count())
        .select_from(SignInFailure)
        .where(SignInFailure.person_id == person.id, SignInFailure.at > now - FAILURE_WINDOW)
    )
    event("sign_in.failed", known=True, person=person.id, recent=recent)
    if recent >= LOCK_AFTER_FAILURES:
        person.locked_until = now + LOCK_DURATION
        session.execute(delete(SignInFailure).where(SignInFailure.person_id == person.id))
        event("sign_in.account_locked", person=person.id)


def sign_in_with_identity(*, email: str | None, issued_at: datetime | None) -> SignedIn:
    """Open a session for a person the organisation's single sign-on vouched for.

    Raises:
        SignInError: no e-mail, no matching person (none is created), or the identity
            was issued before the person signed out everywhere.
    """
    if not email:
        raise SignInError("Your organisation's sign-in didn't share an e-mail address, so Reflect can't tell who you are.")
    with runtime.current().db.write() as session:
        person = session.scalar(select(Person).where(Person.email == normalise_email(email)))
        if person is None or person.erased_at is not None:
            event("sso.no_match")
            raise SignInError(
                "There is no Reflect account for this e-mail address. Reflect does not create accounts "
                "automatically: please ask your admin to add you."
            )
        if person.sessions_not_before and (issued_at is None or issued_at < person.sessions_not_before):
            raise SignInError("You signed out of every device. Please sign in with your organisation again.")
        signed_in = _open_session(session, person, "single_sign_on")
    event("sign_in.ok", person=person.id, sso=True)
    return signed_in


def resume(token: str | None) -> Actor | None:
    """The actor for a live session token, or None when it has ended, idled out or expired."""
    if not token:
        return None
    now = utcnow()
    token_hash = _hash_token(token)
    with runtime.current().db.read() as session:
        # One statement on every rerun: the session with its person, roles and teams.
        found = session.execute(
            select(AuthSession, Person)
            .join(Person, Person.id == AuthSession.person_id)
            .options(joinedload(Person.roles), joinedload(Person.memberships))
            .where(AuthSession.token_hash == token_hash)
        ).unique().first()
        if found is None or found[0].ended_at is not None:
            return None
        row, person = found
        expired_reason = _expiry(row, now)
        needs_touch = now - row.last_seen_at > TOUCH_EVERY
        actor = actor_for(person, token_hash) if person and person.erased_at is None else None
    if expired_reason:
        _end(token_hash, expired_reason)
        return None
    if needs_touch and actor is not None:
        with runtime.current().db.write() as session:
            session.execute(update(AuthSession).where(AuthSession.token_hash == token_hash).values(last_seen_at=now))
    return actor


def _expiry(row: AuthSession, now: datetime) -> str | None:
    if now - row.created_at > ABSOLUTE_LIMIT:
        return "expired"
    if now - row.last_seen_at > IDLE_LIMIT:
        return "idle"
    return None


def _end(token_hash: str, reason: str) -> None:
    with runtime.current().db.write() as session:
        session.execute(
            update(AuthSession)
            .where(AuthSession.token_hash == token_hash, AuthSession.ended_at.is_(None))
            .values(ended_at=utcnow(), end_reason=reason)
        )
    event(f"session.{reason}")


def sign_out(*, by: Actor) -> None:
    """End the acting person's current session."""
    if by.session_token_hash:
        _end(by.session_token_hash, "signed_out")


def _end_sessions(session: Session, person_id: int, *, keep: str | None, reason: str) -> int:
    query = update(AuthSession).where(AuthSession.person_id == person_id, AuthSession.ended_at.is_(None))
    if keep:
        query = query.where(AuthSession.token_hash != keep)
    return session.execute(query.values(ended_at=utcnow(), end_reason=reason)).rowcount


def sign_out_everywhere(*, by: Actor) -> int:
    """End every session of the acting person, this one included. Returns how many ended."""
    ensure(by, Permission.MANAGE_OWN_ACCOUNT)
    with runtime.current().db.write() as session:
        person = session.get(Person, by.person_id)
        person.sessions_not_before = utcnow()
        ended = _end_sessions(session, by.person_id, keep=None, reason="signed_out_everywhere")
        audit.record(session, by=by, action="signed_out_everywhere", subject_id=by.person_id)
    event("session.signed_out_everywhere", person=by.person_id, ended=ended)
    return ended


def change_password(*, by: Actor, current_password: str, new_password: str) -> int:
    """Change the acting person's password and end their other sessions. Returns how many ended.

    Raises:
        SignInError: the current password is wrong.
        PasswordRejected: the new password breaks a rule.
    """
    ensure(by, Permission.MANAGE_OWN_ACCOUNT)
    with runtime.current().db.write() as session:
        person = session.get(Person, by.person_id)
        if not passwords.verify(person.password_hash, current_password):
            raise SignInError("Your current password doesn't match. Please try again.")
        passwords.check_rules(new_password, email=person.email or "")
        person.password_hash = passwords.hash_password(new_password)
        ended = _end_sessions(session, by.person_id, keep=by.session_token_hash, reason="password_changed")
        audit.record(session, by=by, action="password_changed", subject_id=by.person_id)
    event("password.changed", person=by.person_id, ended=ended)
    return ended


def my_sessions(*, by: Actor) -> list[SessionInfo]:
    """The acting person's live sessions, newest first."""
    ensure(by, Permission.MANAGE_OWN_ACCOUNT)
    with runtime.current().db.read() as session:
        rows = session.scalars(
            select(AuthSession)
            .where(AuthSession.person_id == by.person_id, AuthSession.ended_at.is_(None))
            .order_by(AuthSession.created_at.desc())
            .limit(50)
        ).all()
    now = utcnow()
    return [
        SessionInfo(r.created_at, r.last_seen_at, r.method, r.token_hash == by.session_token_hash)
        for r in rows
        if _expiry(r, now) is None
    ]
