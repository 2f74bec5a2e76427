"""The sign-in session's limits, and the check every write (and every read of someone's private
words) makes that the person acting is still signed in. runtime.start gives `check_live` and
`check_live_read` to the runtime's database, which runs them inside each unit of work."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from reflect.logs import event
from reflect.models import AuthSession, utcnow
from reflect.services.access import Actor, SessionEnded

IDLE_LIMIT = timedelta(minutes=30)
ABSOLUTE_LIMIT = timedelta(hours=12)
# Writing last_seen_at on every rerun would turn each click into a write; a minute is
# far finer than the 30-minute idle limit.
TOUCH_EVERY = timedelta(seconds=60)


def expiry(row: AuthSession, now: datetime) -> str | None:
    """Why a session is over by its age ("expired") or idleness ("idle"), or None while it lasts."""
    if now - row.created_at > ABSOLUTE_LIMIT:
        return "expired"
    if now - row.last_seen_at > IDLE_LIMIT:
        return "idle"
    return None


def _refuse_if_over(session: Session, actor: Actor | None, refused: str) -> AuthSession | None:
    """The acting person's live session row, found by its key; None for someone acting without
    a sign-in session (start-up, a restore's own steps, the `reflect` command).

    Raises:
        SessionEnded: the session has ended, idled out or expired (logged as `refused`).
    """
    if actor is None or actor.session_token_hash is None:
        return None
    row = session.get(AuthSession, actor.session_token_hash)
    if row is None or row.ended_at is not None or row.person_id != actor.person_id or expiry(row, utcnow()):
        event(refused, person=actor.person_id)
        raise SessionEnded()
    return row


def check_live(session: Session, by: Actor | None = None) -> None:
    """Refuse a write when the acting person's sign-in session has ended, idled out or
    expired. The runtime's database runs it inside each write's own transaction (see
    runtime.start), so the answer holds at that moment; a write counts as activity for the
    idle limit. The person acting is `by`, as the service passed it to `db.write(by=...)`;
    a write with none (start-up, a restore's own steps) has no sign-in session to check.

    Raises:
        SessionEnded: the session is over; nothing in this unit of work is saved.
    """
    row = _refuse_if_over(session, by, "session.write_refused")
    now = utcnow()
    if row is not None and now - row.last_seen_at > TOUCH_EVERY:
        row.last_seen_at = now


def check_live_read(session: Session, by: Actor | None = None) -> None:
    """Refuse a read of someone's private words when the acting person's sign-in session is
    over, as `check_live` refuses a write. The runtime's database runs it first in a read that
    names the person acting (`db.read(by=...)`): one row read by its key, and nothing written,
    so a read is no activity for the idle limit. A part of a page that reruns on its own (a
    fragment) skips the session check at the top of the page; this is the check its reads make.

    Raises:
        SessionEnded: the session is over; nothing is read.
    """
    _refuse_if_over(session, by, "session.read_refused")
