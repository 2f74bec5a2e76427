"""The sign-in lockout: after five attempts that don't match within fifteen minutes, an
address (and its account, if it has one) is paused for fifteen minutes. Each function runs
inside the sign-in's own short write transactions (`auth.sign_in`)."""

from __future__ import annotations

import math
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from reflect.db import insert_if_absent
from reflect.logs import event
from reflect.models import Person, SignInFailure, SignInPause

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
