"""Agreed actions: what the two people of a supervision pair agree to do, carried over from one
session to the next until it is marked done."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from reflect import runtime
from reflect.models import Person, SupervisionAction, SupervisionMeeting, utcnow
from reflect.services import audit
from reflect.services.access import Actor, Permission, ensure
from reflect.services.journeys import AnswerRejected, NotFound
from reflect.services.pairs import current_date, require
from reflect.services.supervision.sessions import pair_names
from reflect.services.vault import Vault
from reflect.text import clean_text

ACTION_LIMIT = 500
ACTION_READ = "supervision_action_read"


@dataclass(frozen=True)
class ActionView:
    id: int
    text: str
    owner_id: int
    owner_name: str
    due_on: date | None
    agreed_on: date | None
    done_at: datetime | None
    today: date = field(default_factory=date.today)

    @property
    def overdue(self) -> bool:
        return self.done_at is None and self.due_on is not None and self.due_on < self.today



def add_action(*, pair_id: int, text: str, owner_id: int, due_on: date | None = None, meeting_id: int | None = None, by: Actor) -> int:
    """Agree an action, owned by one of the pair. It carries over until marked done.

    Raises:
        AccessDenied: not a staff account.
        NotFound: not my pair, or the session isn't this pair's.
        AnswerRejected: empty, too long, identifying someone outside the pair, or an owner
            outside the pair.
    """
    ensure(by, Permission.IN_SUPERVISION_PAIR)
    text = clean_text(text).strip()
    if not text:
        raise AnswerRejected("Please write the action first.")
    if len(text) > ACTION_LIMIT:
        raise AnswerRejected(f"Please keep an action to {ACTION_LIMIT} characters or fewer.")
    rt = runtime.current()
    with rt.db.write(by=by) as session:
        pair = require(session, by, pair_id)
        if rt.phrasing.has_identifying(text, allow_names=pair_names(session, pair, by)):
            raise AnswerRejected(
                "The action has details that could identify someone. You can name the two of you; "
                "please describe anyone else by their role only."
            )
        if owner_id not in (pair.supervisor_id, pair.supervisee_id):
            raise AnswerRejected("An action belongs to one of the two of you.")
        if meeting_id is not None:
            found = session.get(SupervisionMeeting, meeting_id)
            if found is None or found.pair_id != pair.id:
                raise NotFound("That session record isn't there.")
        action = SupervisionAction(
            pair_id=pair.id,
            meeting_id=meeting_id,
            owner_id=owner_id,
            author_id=by.person_id,
            text=Vault(session, rt.server_key, by=by).seal(by.person_id, text),
            due_on=due_on,
        )
        session.add(action)
        session.flush()
        audit.record(session, by=by, action="supervision_action_agreed", subject_id=pair.supervisee_id, object_type="supervision_action", object_id=action.id)
        return action.id


def set_action_done(*, action_id: int, done: bool, by: Actor) -> None:
    """Mark an action done (or open again).

    Raises:
        AccessDenied: not a staff account.
        NotFound: not an action of my pair.
    """
    ensure(by, Permission.IN_SUPERVISION_PAIR)
    with runtime.current().db.write(by=by) as session:
        action = session.get(SupervisionAction, action_id)
        if action is None:
            raise NotFound("That action isn't there.")
        pair = require(session, by, action.pair_id)
        if (action.done_at is not None) == done:
            return  # already so (a second click): nothing changes, nothing to record
        action.done_at = utcnow() if done else None
        event = "supervision_action_done" if done else "supervision_action_reopened"
        audit.record(session, by=by, action=event, subject_id=pair.supervisee_id, object_type="supervision_action", object_id=action.id)


def action_views(session: Session, vault: Vault, actions: list[SupervisionAction]) -> list[ActionView]:
    """Views of these actions, each opened with its writer's key (an erased writer's are left out)."""
    people = {a.owner_id for a in actions}
    names = dict(session.execute(select(Person.id, Person.name).where(Person.id.in_(people))).all()) if people else {}
    meeting_ids = {a.meeting_id for a in actions if a.meeting_id}
    held = dict(session.execute(select(SupervisionMeeting.id, SupervisionMeeting.held_on).where(SupervisionMeeting.id.in_(meeting_ids))).all()) if meeting_ids else {}
    vault.preload(a.text for a in actions)
    today = current_date()
    views = []
    for a in actions:
        text = vault.open(a.text)
        if text is None:  # written by someone since erased
            continue
        agreed = held.get(a.meeting_id) if a.meeting_id else a.created_at.astimezone().date()
        views.append(ActionView(a.id, text, a.owner_id, names.get(a.owner_id, ""), a.due_on, agreed, a.done_at, today))
    return views


def actions(*, pair_id: int, by: Actor, include_done: bool = False, limit: int = 100) -> list[ActionView]:
    """The pair's actions: open ones first (they carry over), soonest due first.

    Raises:
        AccessDenied: not a staff account.
        NotFound: not my pair.
    """
    ensure(by, Permission.IN_SUPERVISION_PAIR)
    rt = runtime.current()
    with rt.db.read() as session:
        pair = require(session, by, pair_id)
        query = select(SupervisionAction).where(SupervisionAction.pair_id == pair.id)
        if not include_done:
            query = query.where(SupervisionAction.done_at.is_(None))
        rows = session.scalars(
            query.order_by(SupervisionAction.done_at.is_not(None), SupervisionAction.due_on.is_(None), SupervisionAction.due_on, SupervisionAction.id).limit(limit)
        ).all()
        views = action_views(session, Vault(session, rt.server_key, by=by), list(rows))
    # Reading the actions the other side wrote is audited, once per reading, as their notes are.
    shown = {v.id for v in views}
    reads: dict[int, list[int]] = {}
    for row in rows:
        if row.id in shown and row.author_id != by.person_id:
            reads.setdefault(row.author_id, []).append(row.id)
    audit.record_reads_once(by=by, action=ACTION_READ, object_type="supervision_action", reads=reads)
    return views
