"""Learning notes: a de-identified lesson from one of my reflections, shared with my team."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from reflect import runtime
from reflect.ledger import DecisionKind
from reflect.models import LearningNote, Team, utcnow
from reflect.questions.answers import AnswerRejected
from reflect.services import audit
from reflect.services.access import Actor, Permission, can, ensure
from reflect.services.journeys.views import NotFound, own_entry
from reflect.services.vault import Vault
from reflect.text import clean_text


@dataclass(frozen=True)
class NoteView:
    id: int
    team_name: str
    body: str
    approved_at: datetime | None
    is_mine: bool = False


def offer_learning_note(*, entry_id: int, team_id: int, body: str, by: Actor) -> int:
    """Approve and share a de-identified learning note from one of my reflections with my team.

    Raises:
        NotFound: not the person's own reflection.
        AccessDenied: the person is not in that team.
        AnswerRejected: the note is empty, too long, or could identify someone.
    """
    ensure(by, Permission.READ_TEAM_LEARNING, team_id)
    body = clean_text(body).strip()
    if not body:
        raise AnswerRejected("Please write the note before sharing it.")
    if len(body) > 1000:
        raise AnswerRejected("Please keep the note to 1,000 characters or fewer.")
    if runtime.current().phrasing.has_identifying(body):
        raise AnswerRejected("The note has details that could identify someone. Please take them out first.")
    rt = runtime.current()
    with rt.db.write(by=by) as session:
        own_entry(session, by, entry_id)
        note = LearningNote(
            owner_id=by.person_id,
            team_id=team_id,
            entry_id=entry_id,
            body=Vault(session, rt.server_key, by=by).seal(by.person_id, body),
            approved_at=utcnow(),
        )
        session.add(note)
        session.flush()
        audit.record(session, by=by, action="learning_note_shared", subject_id=by.person_id, object_type="learning_note", object_id=note.id)
        return note.id


def withdraw_learning_note(*, note_id: int, by: Actor) -> None:
    """Take back one of my learning notes; the team no longer sees it."""
    ensure(by, Permission.KEEP_OWN_REFLECTIONS)
    with runtime.current().db.write(by=by) as session:
        note = session.get(LearningNote, note_id)
        if note is None or not can(by, Permission.OWN_CONTENT, note.owner_id):
            raise NotFound("That note isn't there.")
        session.delete(note)
        # Written before the commit: a restore from an older backup withdraws it again.
        runtime.current().ledger.record(DecisionKind.LEARNING_NOTE_WITHDRAWN, [note.public_id])


def team_notes(*, team_id: int, by: Actor, page: int = 1, per_page: int = 20) -> tuple[list[NoteView], int]:
    """Approved learning notes shared with one of my teams, newest first. The author is not named.

    Each note another person wrote and this person is shown is recorded in the audit trail,
    once per reading (a page shown again within the audit read window is the same reading).

    Raises:
        AccessDenied: the person is not in that team.
    """
    ensure(by, Permission.READ_TEAM_LEARNING, team_id)
    rt = runtime.current()
    base = select(LearningNote).where(LearningNote.team_id == team_id, LearningNote.approved_at.is_not(None))
    reads: dict[int, list[int]] = {}
    with rt.db.read() as session:
        total = session.scalar(select(func.count()).select_from(base.subquery())) or 0
        notes = session.scalars(
            base.order_by(LearningNote.approved_at.desc(), LearningNote.id.desc()).limit(per_page).offset((page - 1) * per_page)
        ).all()
        team_name = session.get(Team, team_id).name
        vault = Vault(session, rt.server_key, by=by)
        vault.preload(n.body for n in notes)
        views = []
        for note in notes:
            body = vault.open(note.body)
            if body is None:  # the author was erased
                continue
            if note.owner_id != by.person_id:
                reads.setdefault(note.owner_id, []).append(note.id)
            views.append(NoteView(note.id, team_name, body, note.approved_at, note.owner_id == by.person_id))
    audit.record_reads_once(by=by, action="learning_note_read", object_type="learning_note", reads=reads)
    return views, total


def my_teams(*, by: Actor) -> list[tuple[int, str]]:
    """The teams the person belongs to, for choosing where a note goes."""
    ensure(by, Permission.KEEP_OWN_REFLECTIONS)
    if not by.team_ids:
        return []
    with runtime.current().db.read() as session:
        rows = session.execute(select(Team.id, Team.name).where(Team.id.in_(by.team_ids)).order_by(Team.name))
        return [(team_id, name) for team_id, name in rows]
