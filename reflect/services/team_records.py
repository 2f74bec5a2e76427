"""Team records the team lead keeps: the team's periodic review of its assets (after TRIP),
with the actions agreed and their owners, and notes on the team's culture (modelling
sharing, reflective practice, celebrating success, adjustments).

They describe the team, never individuals: the prompts come from the register categories
set, every answer is checked for details that could identify someone, and the text is
sealed with the lead's key. Every member of the team can read them; only a lead of the team
writes them. An action's owner, or a lead, marks it done.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from reflect import runtime
from reflect.logs import event
from reflect.models import Person, TeamMembership, utcnow
from reflect.models.team import TeamAction, TeamRecord
from reflect.questions import FreeTextQuestion
from reflect.services import audit
from reflect.services.access import Actor, Permission, TeamActionRef, ensure
from reflect.services.vault import Vault
from reflect.text import clean_text
from reflect.services.errors import Refused

KINDS = {"asset_review": "Review of the team's assets", "culture": "The team's culture"}
MAX_ACTION = 500


class TeamRecordError(Refused, ValueError):
    """The record can't be kept as asked; the message says why, kindly."""


@dataclass(frozen=True)
class ActionInput:
    text: str
    owner_id: int
    due_on: date | None = None


@dataclass(frozen=True)
class ActionView:
    id: int
    text: str
    owner_id: int
    owner: str
    due_on: date | None
    done_at: datetime | None


@dataclass(frozen=True)
class RecordView:
    id: int
    kind: str
    held_on: date
    author: str
    answers: tuple[tuple[str, str], ...]  # (prompt text, answer), in prompt order
    actions: tuple[ActionView, ...]


def prompts(kind: str) -> tuple[FreeTextQuestion, ...]:
    """The prompts for one kind of team record (data in `prompts/register_categories.yaml`).

    Raises:
        TeamRecordError: not a kind of team record.
    """
    if kind not in KINDS:
        raise TeamRecordError("Please choose a review of the team's assets or a note on the team's culture.")
    return getattr(runtime.current().catalogue.register, kind)


def _clean_answers(kind: str, answers: Mapping[str, str]) -> dict[str, str]:
    questions = {q.id: q for q in prompts(kind)}
    cleaned: dict[str, str] = {}
    for question_id, value in answers.items():
        question = questions.get(question_id)
        if question is None:
            raise TeamRecordError("That isn't one of the prompts for this record.")
        text = clean_text(value or "").strip()
        if not text:
            continue
        if len(text) > question.max_length:
            raise TeamRecordError(f"Please keep '{question.text}' under {question.max_length} characters.")
        if question.identifying_check and runtime.current().phrasing.has_identifying(text):
            raise TeamRecordError(
                "This seems to hold details that could identify someone. Team records describe the team, "
                "never individuals: please take them out."
            )
        cleaned[question_id] = text
    if not cleaned:
        raise TeamRecordError("Please write something for at least one prompt.")
    return cleaned


def _team_members(session: Session, team_id: int) -> set[int]:
    return set(session.scalars(select(TeamMembership.person_id).where(TeamMembership.team_id == team_id)).all())


def record(
    *, by: Actor, team_id: int, kind: str, held_on: date, answers: Mapping[str, str], actions: Sequence[ActionInput] = ()
) -> int:
    """A team lead keeps a record for their team: an asset review (with the actions agreed, each
    with an owner from the team) or a culture note. Returns its id.

    Raises:
        AccessDenied: not a lead of this team.
        TeamRecordError: an answer, an action or the date is not right; the message says which.
    """
    ensure(by, Permission.LEAD_TEAM_REGISTER, team_id)
    cleaned = _clean_answers(kind, answers)
    if held_on > date.today():
        raise TeamRecordError("The date is in the future. Please keep the record once it has happened.")
    if actions and kind != "asset_review":
        raise TeamRecordError("Actions belong to a review of the team's assets.")
    actions = [replace(action, text=clean_text(action.text)) for action in actions]
    rt = runtime.current()
    with rt.db.write(by=by) as session:
        members = _team_members(session, team_id)
        for action in actions:
            if not action.text.strip() or len(action.text.strip()) > MAX_ACTION:
                raise TeamRecordError(f"Please describe each action in a few words (under {MAX_ACTION} characters).")
            if action.owner_id not in members:
                raise TeamRecordError("Each action needs an owner from the team.")
        vault = Vault(session, rt.server_key, by=by)
        cats = rt.catalogue.register
        row = TeamRecord(
            team_id=team_id, kind=kind, held_on=held_on, author_id=by.person_id, set_id=cats.id,
            set_version=cats.version, answers=vault.seal(by.person_id, json.dumps(cleaned)),
        )
        session.add(row)
        session.flush()
        for action in actions:
            session.add(
                TeamAction(
                    record_id=row.id, author_id=by.person_id, owner_id=action.owner_id,
                    text=vault.seal(by.person_id, action.text.strip()), due_on=action.due_on,
                )
            )
        audit.record(session, by=by, action="team_record_kept", object_type="team_record", object_id=row.id)
        record_id = row.id
    event("team_record.kept", record=record_id)
    return record_id


def records(*, by: Actor, team_id: int, kind: str) -> list[RecordView]:
    """The team's records of one kind, newest first, with their actions. For the team's members."""
    ensure(by, Permission.VIEW_REGISTER, team_id)
    questions = {q.id: q.text for q in prompts(kind)}
    rt = runtime.current()
    with rt.db.read() as session:
        rows = session.scalars(
            select(TeamRecord)
            .where(TeamRecord.team_id == team_id, TeamRecord.kind == kind)
            .order_by(TeamRecord.held_on.desc(), TeamRecord.id.desc())
        ).all()
        actions = session.scalars(
            select(TeamAction).where(TeamAction.record_id.in_([r.id for r in rows])).order_by(TeamAction.id)
        ).all()
        people = {p.id: p.name for p in session.scalars(select(Person).where(
            Person.id.in_({r.author_id for r in rows} | {a.owner_id for a in actions})
        ))}
        vault = Vault(session, rt.server_key, by=by)
        views = []
        for r in rows:
            answers = json.loads(vault.open(r.answers) or "{}")
            views.append(
                RecordView(
                    id=r.id, kind=r.kind, held_on=r.held_on, author=people.get(r.author_id, ""),
                    answers=tuple((questions.get(k, k), v) for k, v in answers.items()),
                    actions=tuple(
                        ActionView(a.id, vault.open(a.text) or "", a.owner_id, people.get(a.owner_id, ""), a.due_on, a.done_at)
                        for a in actions if a.record_id == r.id
                    ),
                )
            )
    return views


def mark_done(*, by: Actor, action_id: int) -> None:
    """The action's owner, or a lead of the team, marks an agreed action done.

    Raises:
        TeamRecordError: no such action.
        AccessDenied: neither the action's owner nor a lead of its team.
    """
    ensure(by, Permission.VIEW_REGISTER)
    rt = runtime.current()
    with rt.db.write(by=by) as session:
        action = session.get(TeamAction, action_id)
        if action is None:
            raise TeamRecordError("That action isn't one you can mark done.")
        team_id = session.scalar(select(TeamRecord.team_id).where(TeamRecord.id == action.record_id))
        ensure(by, Permission.MARK_TEAM_ACTION_DONE, TeamActionRef(owner_id=action.owner_id, team_id=team_id))
        if action.done_at is None:
            action.done_at = utcnow()
            audit.record(session, by=by, action="team_action_done", object_type="team_action", object_id=action_id)
    event("team_record.action_done", action=action_id)


def members(*, by: Actor, team_id: int) -> list[tuple[int, str]]:
    """The team's members (id, name), for choosing who owns an action. For the team's lead."""
    ensure(by, Permission.LEAD_TEAM_REGISTER, team_id)
    with runtime.current().db.read() as session:
        rows = session.execute(
            select(Person.id, Person.name)
            .join(TeamMembership, TeamMembership.person_id == Person.id)
            .where(TeamMembership.team_id == team_id, Person.erased_at.is_(None))
            .order_by(Person.name)
        ).all()
    return [(r.id, r.name) for r in rows]
