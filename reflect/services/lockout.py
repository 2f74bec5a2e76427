"""The sign-in lockout: after five attempts that don't match within fifteen minutes, an
address (and its account, if it has one) is paused for fifteen minutes. Each function runs
inside the sign-in's own short write transactions (`auth.sign_in`). The checks of a person's
password or passphrase that a signed-in session makes are counted and paused the same way, in
transactions of their own (`take_secret_turn`, `settle_secret_turn`)."""

from __future__ import annotations

import math
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from reflect import runtime
from reflect.db import insert_if_absent
from reflect.logs import event
from reflect.models import Person, SignInFailure, SignInPause, utcnow

LOCK_AFTER_FAILURES = 5
FAILURE_WINDOW = timedelta(minutes=15)
LOCK_DURATION = timedelta(minutes=15)


def hold_address(session: Session, address_hash: str) -> None:
    """Take the address's turn for this transaction. On SQLite every write already has the
    whole database's turn; on PostgreSQL two attempts at one address would otherwise both
    count the failures before either adds its own."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(select(func.pg_advisory_xact_lock(7312002, func.hashtext(address_hash))))


def paused_until_for(session: Session, person: Person | None, address_hash: str) -> datetime | None:
    if person is not None:
        return person.locked_until
    pause = session.get(SignInPause, address_hash)
    return pause.paused_until if pause else None


def locked_message(until: datetime, now: datetime) -> str:
    minutes = minutes_left(until, now)
    return (
        "For your security this account is paused after several attempts that didn't match. "
        f"Please try again in {minutes} minute{'s' if minutes != 1 else ''}, or ask your admin to help."
    )


def recent_failures(session: Session, address_hash: str, now: datetime) -> int:
    return session.scalar(
        select(func.count())
        .select_from(SignInFailure)
        .where(SignInFailure.address_hash == address_hash, SignInFailure.at > now - FAILURE_WINDOW)
    )


def record_failure(session: Session, address_hash: str, person: Person | None, now: datetime, *, counted: bool) -> datetime | None:
    """Count a failure for the address (already counted when its place is still there; a
    sign-in that succeeded meanwhile cleared it, so it starts the new count); after five in
    the window, pause the address. Returns the pause's end, if one began."""
    if not counted:
        session.add(SignInFailure(person_id=person.id if person else None, address_hash=address_hash, at=now))
        session.flush()
    recent = recent_failures(session, address_hash, now)
    event("sign_in.failed", known=person is not None, person=person.id if person else None, recent=recent)
    if recent < LOCK_AFTER_FAILURES:
        return None
    until = now + LOCK_DURATION
    if person is not None:
        person.locked_until = until
    else:
        insert_if_absent(session, SignInPause, address_hash=address_hash, paused_until=until)
        session.execute(update(SignInPause).where(SignInPause.address_hash == address_hash).values(paused_until=until))
    session.execute(delete(SignInFailure).where(SignInFailure.address_hash == address_hash))
    event("sign_in.account_locked", known=person is not None)
    return until


def minutes_left(until: datetime, now: datetime) -> int:
    return max(1, math.ceil((until - now).total_seconds() / 60))


# --- Secrets a session is asked for ---------------------------------------------------------
# A live session checks the person's password or passphrase to unlock private notes, change the
# password, use the recovery code, start afresh, make a new recovery code or add a passkey. Each
# check takes its place in a count of its own for the person, as a sign-in does for an address,
# so whoever holds a session (a stolen cookie, the organisation's sign-in used by someone who
# can reset it) gets five tries in fifteen minutes, not a stream of guesses at what alone
# guards the private notes.
SECRET_PAUSED = (
    "For your security, this can't be tried again just now after several attempts that didn't match. "
    "Please try again in {minutes} minute{s}. Everything you wrote is safe."
)


class SecretPaused(Exception):
    """Checks of the person's secrets in a session are paused; the message says for how long."""


def _secret_key(person_id: int) -> str:
    return runtime.current().server_key.mac("session-secret-attempts", str(person_id))


def _paused_message(until: datetime, now: datetime) -> str:
    minutes = minutes_left(until, now)
    return SECRET_PAUSED.format(minutes=minutes, s="s" if minutes != 1 else "")


def take_secret_turn(person_id: int) -> int:
    """Count a check of the person's secret as one that didn't match, until `settle_secret_turn`
    says otherwise. Returns the place to settle.

    Raises:
        SecretPaused: checks are paused, or as many as the pause allows are being made now.
    """
    now, key = utcnow(), _secret_key(person_id)
    with runtime.current().db.write(check_session=False) as session:
        hold_address(session, key)
        pause = session.get(SignInPause, key)
        if pause is not None and pause.paused_until > now:
            raise SecretPaused(_paused_message(pause.paused_until, now))
        if recent_failures(session, key, now) >= LOCK_AFTER_FAILURES:
            raise SecretPaused(_paused_message(now + LOCK_DURATION, now))
        place = SignInFailure(person_id=None, address_hash=key, at=now)
        session.add(place)
        session.flush()
        return place.id


def settle_secret_turn(person_id: int, place_id: int, *, matched: bool) -> None:
    """A right secret starts the count again; a wrong one stays counted, and the fifth in the
    window pauses the checks."""
    now, key = utcnow(), _secret_key(person_id)
    with runtime.current().db.write(check_session=False) as session:
        hold_address(session, key)
        if matched:
            session.execute(delete(SignInFailure).where(SignInFailure.address_hash == key))
            return
        if session.get(SignInFailure, place_id) is None or recent_failures(session, key, now) < LOCK_AFTER_FAILURES:
            return
        until = now + LOCK_DURATION
        insert_if_absent(session, SignInPause, address_hash=key, paused_until=until)
        session.execute(update(SignInPause).where(SignInPause.address_hash == key).values(paused_until=until))
        session.execute(delete(SignInFailure).where(SignInFailure.address_hash == key))
    event("session_secret.paused", person=person_id)
