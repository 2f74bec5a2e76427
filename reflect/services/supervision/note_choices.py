"""Note by note, the writer chooses who sees it: "just me" or both of us, and whether it goes
in the summary PDF; and, in a line-management session, the supervisee turns the personal
prompts on or off.

A "just me" note is kept apart from the notes both can read, in a document of its own sealed
with its writer's data key, and only read for its writer (`Permission.READ_JUST_ME_NOTE`).
Reading the other member's notes never opens it, so no page, PDF or export of theirs can hold
it. A note without a choice takes its prompt's defaults: both of us, and in the PDF unless the
prompt is a personal one."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from reflect import runtime
from reflect.ledger import DecisionKind
from reflect.models import MeetingNotes, NoteChoice, Person, PrivateNotes, SupervisionMeeting, SupervisionPair, utcnow
from reflect.questions import QuestionSet
from reflect.services import audit, journeys
from reflect.services.access import Actor, Permission, can, ensure
from reflect.services.journeys import AnswerRejected, NotFound
from reflect.services import supervision_kinds
from reflect.services.pairs import require
from reflect.services.vault import Vault

# The prompts whose answers are recorded on the session itself, not in anyone's notes.
SESSION_TAGS = ("functions", "session_kind", "supervisor_lived_experience")


@dataclass(frozen=True)
class Choice:
    just_me: bool
    in_pdf: bool


def default(question_personal: bool) -> Choice:
    return Choice(just_me=False, in_pdf=not question_personal)


def personal_offered(meeting: SupervisionMeeting, pair: SupervisionPair) -> bool:
    return supervision_kinds.personal_offered(meeting.kind, supervision_kinds.parsed(pair.kinds), meeting.personal_prompts_on)


def choices(session: Session, meeting_ids: Iterable[int]) -> dict[tuple[int, int], dict[str, Choice]]:
    """Every choice made on these sessions: {(session id, writer id): {prompt id: choice}}."""
    ids = list(meeting_ids)
    found: dict[tuple[int, int], dict[str, Choice]] = {}
    if not ids:
        return found
    for row in session.scalars(select(NoteChoice).where(NoteChoice.meeting_id.in_(ids))):
        found.setdefault((row.meeting_id, row.author_id), {})[row.question_id] = Choice(row.just_me, row.in_pdf)
    return found


def own_private(session: Session, vault: Vault, by: Actor | None, meeting_ids: Iterable[int]) -> dict[int, dict[str, Any]]:
    """The acting person's own "just me" answers on these sessions: {session id: answers}.
    Nobody else's are ever read."""
    ids = list(meeting_ids)
    if by is None or not ids or not can(by, Permission.READ_JUST_ME_NOTE, by.person_id):
        return {}
    rows = session.scalars(select(PrivateNotes).where(PrivateNotes.meeting_id.in_(ids), PrivateNotes.author_id == by.person_id)).all()
    return {row.meeting_id: json.loads(vault.open(row.answers) or "{}") for row in rows}


def _private_row(session: Session, vault: Vault, meeting_id: int, author_id: int) -> PrivateNotes:
    row = session.get(PrivateNotes, (meeting_id, author_id))
    if row is None:
        # Sealed to the writer alone; a restore applying a writer's choice (no one signed in)
        # seals it as team text until the writer's next sign-in moves it.
        empty = vault.seal_private(author_id, "{}") if vault.private_unlocked(author_id) else vault.seal(author_id, "{}")
        row = PrivateNotes(meeting_id=meeting_id, author_id=author_id, answers=empty)
        session.add(row)
    return row


def store(session: Session, vault: Vault, shared: MeetingNotes, question_id: str, cleaned: Any) -> None:
    """Save one answer where its writer's choice puts it: in their "just me" document, or in
    the notes both can read (taking it out of the other)."""
    choice = session.get(NoteChoice, (shared.meeting_id, shared.author_id, question_id))
    private = session.get(PrivateNotes, (shared.meeting_id, shared.author_id))
    if choice is not None and choice.just_me:
        private = private or _private_row(session, vault, shared.meeting_id, shared.author_id)
        if private.answers.is_private and not vault.private_unlocked(shared.author_id):
            # A restore applying the writer's choice while they are away: their "just me" notes
            # can't be opened without them, so the answer is withheld from both sides.
            shared.answers = journeys.with_answer(vault, shared.author_id, shared.answers, question_id, None)
            return
        private.answers = journeys.with_answer(vault, shared.author_id, private.answers, question_id, cleaned)
        private.updated_at = utcnow()
        shared.answers = journeys.with_answer(vault, shared.author_id, shared.answers, question_id, None)
        return
    shared.answers = journeys.with_answer(vault, shared.author_id, shared.answers, question_id, cleaned)
    if private is not None and (not private.answers.is_private or vault.private_unlocked(shared.author_id)):
        private.answers = journeys.with_answer(vault, shared.author_id, private.answers, question_id, None)


def set_choice(*, meeting_id: int, question_id: str, just_me: bool, in_pdf: bool, by: Actor) -> None:
    """Choose who sees one of my notes on a session, and whether it goes in the summary PDF.
    A "just me" note never goes in the PDF. An answer already written moves with the choice.

    Raises:
        AccessDenied: not a staff account.
        NotFound: not a session of my pair.
        AnswerRejected: not a prompt of my notes.
    """
    ensure(by, Permission.IN_SUPERVISION_PAIR)
    rt = runtime.current()
    with rt.db.write(by=by) as session:
        meeting = session.get(SupervisionMeeting, meeting_id)
        if meeting is None:
            raise NotFound("That session record isn't there.")
        pair = require(session, by, meeting.pair_id)
        side = "supervisor" if by.person_id == pair.supervisor_id else "supervisee"
        # The writer's notes locked before they are read: an answer moved between the two
        # documents is not written back over a note saved at the same moment.
        session.get(MeetingNotes, (meeting.id, by.person_id), with_for_update=True)
        question = _notes_set(session, meeting, by).question(question_id)
        if question is None or question.asked_of not in ("both", side) or question.tag in SESSION_TAGS:
            raise AnswerRejected("That prompt isn't part of your notes.")
        row = session.get(NoteChoice, (meeting.id, by.person_id, question_id))
        if row is None:
            row = NoteChoice(meeting_id=meeting.id, author_id=by.person_id, question_id=question_id, just_me=False)
            session.add(row)
        if just_me != bool(row.just_me):
            # In the ledger before the commit: no restore of an older backup hands the note back.
            writer = session.get(Person, by.person_id)
            kind = DecisionKind.NOTE_KEPT_TO_WRITER if just_me else DecisionKind.NOTE_FOR_BOTH
            runtime.current().ledger.record(kind, [ledger_id(meeting.public_id, writer.public_id, question_id)])
        row.just_me, row.in_pdf = just_me, in_pdf and not just_me
        session.flush()
        vault = Vault(session, rt.server_key, by=by)
        shared = session.get(MeetingNotes, (meeting.id, by.person_id), with_for_update=True)  # locked too if written meanwhile
        if shared is not None:
            current = _answer(vault, shared, session.get(PrivateNotes, (meeting.id, by.person_id)), question_id)
            if current is not None:
                store(session, vault, shared, question_id, current)
        audit.record(session, by=by, action="supervision_note_choice_set", subject_id=pair.supervisee_id, object_type="supervision_session", object_id=meeting.id)


def _notes_set(session: Session, meeting: SupervisionMeeting, by: Actor) -> QuestionSet:
    row = session.get(MeetingNotes, (meeting.id, by.person_id))
    return journeys.stored_set(session, row.set_id, row.set_version, {}) if row else supervision_kinds.current_set()


def _answer(vault: Vault, shared: MeetingNotes, private: PrivateNotes | None, question_id: str) -> Any:
    for doc in (private.answers if private else None, shared.answers):
        value = json.loads(vault.open(doc) or "{}").get(question_id) if doc is not None else None
        if value is not None:
            return value
    return None


def set_personal_prompts(*, meeting_id: int, on: bool, by: Actor) -> None:
    """The supervisee turns the personal prompts on (or off) for one session. Only a
    line-management session leaves them off until turned on; other kinds always offer them.

    Raises:
        AccessDenied: not a staff account.
        NotFound: not a session of a pair where I am the supervisee.
    """
    ensure(by, Permission.SHARE_WITH_SUPERVISOR)
    with runtime.current().db.write(by=by) as session:
        meeting = session.get(SupervisionMeeting, meeting_id)
        if meeting is None:
            raise NotFound("That session record isn't there.")
        pair = require(session, by, meeting.pair_id, Permission.SHARE_WITH_SUPERVISOR)
        if meeting.personal_prompts_on == on:
            return
        meeting.personal_prompts_on = on
        action = "supervision_personal_prompts_on" if on else "supervision_personal_prompts_off"
        audit.record(session, by=by, action=action, subject_id=pair.supervisee_id, object_type="supervision_session", object_id=meeting.id)


def ledger_id(meeting_public_id: str, writer_public_id: str, question_id: str) -> str:
    """The decision ledger's id for one note's choice: the session's, the writer's and the prompt's."""
    return f"{meeting_public_id}.{writer_public_id}.{question_id}"


def keep_to_writer(session: Session, vault: Vault, decision_id: str) -> bool:
    """Apply a "just me" decision again after a restore: the note goes back to its writer alone.
    False when the database holds no such session or writer, or the note is theirs alone already."""
    meeting_public_id, _, rest = decision_id.partition(".")
    writer_public_id, _, question_id = rest.partition(".")
    meeting = session.scalar(select(SupervisionMeeting).where(SupervisionMeeting.public_id == meeting_public_id))
    writer = session.scalar(select(Person).where(Person.public_id == writer_public_id))
    if meeting is None or writer is None or not question_id:
        return False
    # Locked first: a note saved meanwhile waits, so moving this one can't write back the others.
    shared = session.get(MeetingNotes, (meeting.id, writer.id), with_for_update=True)
    row = session.get(NoteChoice, (meeting.id, writer.id, question_id))
    if row is not None and row.just_me:
        return False
    if row is None:
        row = NoteChoice(meeting_id=meeting.id, author_id=writer.id, question_id=question_id)
        session.add(row)
    row.just_me, row.in_pdf = True, False
    session.flush()
    if shared is not None:
        current = _answer(vault, shared, session.get(PrivateNotes, (meeting.id, writer.id)), question_id)
        if current is not None:
            store(session, vault, shared, question_id, current)
    return True


def forget_person(session: Session, person_id: int) -> None:
    """Remove a person's "just me" notes and note choices in an erasure's unit of work."""
    for model in (PrivateNotes, NoteChoice):
        session.execute(delete(model).where(model.author_id == person_id))
