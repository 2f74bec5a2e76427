"""A pair's sessions: the supervision prompts, recording a session, each side's notes, the
supervisee's confirmation, reading the session records, and the actions the pair agrees.

Every public function checks access first (`ensure`: a staff account, else AccessDenied);
anything outside the acting person's own pair then looks like something that does not
exist (NotFound). Every write records its audit event in the same transaction.

A record the supervisee has confirmed stays as they confirmed it: the supervisor's notes on
it are no longer changed (they go on the next session), and only an explicit correction,
which the page says will ask for confirmation again, reopens it."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from reflect import runtime
from reflect.db import insert_if_absent
from reflect.models import (
    MeetingItem,
    MeetingNotes,
    Person,
    SharedItem,
    ShareKind,
    SupervisionMeeting,
    SupervisionPair,
    utcnow,
)
from reflect.questions import QuestionSet
from reflect.questions.schema import FreeTextQuestion, MultipleChoiceQuestion, SingleChoiceQuestion
from reflect.services import audit, journeys
from reflect.services.access import Actor, Permission, ensure
from reflect.services.journeys import AnswerRejected, NotFound
from reflect.services import supervision_kinds
from reflect.services.pairs import current_date, require
from reflect.services.supervision import note_choices
from reflect.services.supervision.note_choices import SESSION_TAGS
from reflect.services.supervision.shared_items import SharedSummary, item_titles
from reflect.services.vault import Vault
from reflect.text import clean_text

NOTES_READ = "supervision_notes_read"
COMMENT_LIMIT = 2000


# --- views ----------------------------------------------------------------------------


@dataclass(frozen=True)
class NotesView:
    """One side's notes for a session, in the shape the question form renderer reads."""

    id: str
    meeting_id: int
    author_id: int
    author_name: str
    questions: QuestionSet
    answers: dict[str, Any]
    updated_at: datetime | None
    allow_names: tuple[str, ...] = ()  # the pair's own names, fine in these notes
    # Prompt ids of the "just me" answers among `answers` (only ever on the writer's own view)
    # and of the answers its writer leaves out of the summary PDF.
    just_me: frozenset[str] = frozenset()
    left_out_of_pdf: frozenset[str] = frozenset()

    def lines(self, *, skip_tag: str | None = None, for_pdf: bool = False) -> list[tuple[str, str]]:
        """The answered prompts as (prompt, answer) plain text, leaving out the tagged one
        (and, for the PDF, the "just me" answers and those its writer left out)."""
        return [
            (q.text, journeys.readable(q, self.answers[q.id]))
            for q in self.questions.questions()
            if self.answers.get(q.id) not in (None, "", [], {}) and q.tag != skip_tag and not (for_pdf and not self.in_pdf(q.id))
        ]

    def in_pdf(self, question_id: str) -> bool:
        return question_id not in self.just_me and question_id not in self.left_out_of_pdf


@dataclass(frozen=True)
class MeetingView:
    id: int
    pair_id: int
    held_on: date
    next_on: date | None
    functions: tuple[str, ...]
    function_labels: tuple[str, ...]
    discussed: tuple[SharedSummary, ...]
    supervisor_notes: NotesView
    supervisee_notes: NotesView
    confirmed_at: datetime | None
    supervisee_comment: str | None
    updated_at: datetime
    kind: str | None = None  # line_management or practice
    kind_label: str | None = None
    supervisor_lived_experience: str | None = None
    supervisor_lived_experience_label: str | None = None
    withdrawn_since: int = 0  # items discussed in this session that have since been withdrawn
    allow_names: tuple[str, ...] = ()  # the pair's own names, fine in this pair's notes
    # Whether the personal prompts are offered (not in line management unless the supervisee
    # turned them on for this session), and whether they turned them on.
    personal_offered: bool = True
    personal_prompts_on: bool = False

    @property
    def supervisor_experience(self) -> str | None:
        question = self.supervisor_notes.questions.tagged("supervisor_experience")
        value = self.supervisor_notes.answers.get(question.id) if question else None
        return value if isinstance(value, str) and value.strip() else None


# --- sessions -------------------------------------------------------------------------


def prompts() -> QuestionSet:
    """The supervision question set in use now."""
    return supervision_kinds.current_set()


def session_options(tag: str) -> dict[str, str]:
    """The choices recorded on a session for the question with this tag: option id to label."""
    question = prompts().tagged(tag)
    return {o.id: o.label for o in question.options} if isinstance(question, (MultipleChoiceQuestion, SingleChoiceQuestion)) else {}


def function_options() -> dict[str, str]:
    """The functions of supervision a session can cover: option id to label."""
    question = prompts().tagged("functions")
    return {o.id: o.label for o in question.options} if isinstance(question, MultipleChoiceQuestion) else {}


def notes_questions(qset: QuestionSet, side: str, role: str | None = None, personal: bool = True) -> QuestionSet:
    """The prompts one side of the pair answers in their notes (the functions, the kind of
    supervision and the supervisor's lived experience are recorded with the session, so they
    are left out). With the supervisee's practice role, prompts marked for the other role are
    left out too; without `personal`, so are the personal prompts."""
    sections = []
    for section in qset.for_practice_role(role).sections:
        questions = tuple(
            q for q in section.questions if q.asked_of in ("both", side) and q.tag not in SESSION_TAGS and (personal or not q.personal)
        )
        if questions:
            sections.append(section.model_copy(update={"questions": questions}))
    return qset.model_copy(update={"sections": tuple(sections)})


def _check_session_fields(held_on: date, next_on: date | None, functions: list[str]) -> str:
    if held_on > current_date():
        raise AnswerRejected("The session date is in the future. Please record a session once it has happened.")
    if next_on is not None and next_on <= held_on:
        raise AnswerRejected("The next session needs to be after this one.")
    options = function_options()
    unknown = [f for f in functions if f not in options]
    if unknown:
        raise AnswerRejected("Please choose the functions from the list.")
    return ",".join(f for f in options if f in functions)


def _check_choice(tag: str, value: str | None) -> str | None:
    if value is None or value in session_options(tag):
        return value
    raise AnswerRejected("Please choose from the list.")


def _set_discussed(session: Session, meeting: SupervisionMeeting, pair_id: int, discussed: list[int]) -> None:
    wanted = set(discussed)
    if wanted:
        live = set(session.scalars(select(SharedItem.id).where(SharedItem.id.in_(wanted), SharedItem.pair_id == pair_id, SharedItem.withdrawn_at.is_(None))))
        if live != wanted:
            raise AnswerRejected("Some of those items are no longer shared. Please choose again from what is shared now.")
    # Withdrawn items stay linked (unseen), so sharing one again puts it back where it was.
    session.execute(
        delete(MeetingItem).where(
            MeetingItem.meeting_id == meeting.id,
            MeetingItem.shared_item_id.not_in(select(SharedItem.id).where(SharedItem.withdrawn_at.is_not(None))),
        )
    )
    for item_id in sorted(wanted):
        session.add(MeetingItem(meeting_id=meeting.id, shared_item_id=item_id))


def record_meeting(
    *,
    pair_id: int,
    held_on: date,
    functions: list[str],
    discussed: list[int],
    next_on: date | None = None,
    kind: str | None = None,
    supervisor_lived_experience: str | None = None,
    by: Actor,
) -> int:
    """The supervisor records a session: its date, the shared items discussed, the functions
    covered, the next date, whether it was line management or practice (peer) supervision, and
    whether the supervisor brings lived experience (option ids of the supervision set's questions
    tagged session_kind and supervisor_lived_experience). Returns the session's id.

    Raises:
        NotFound: not my active supervisee.
        AnswerRejected: a date or choice that doesn't fit; nothing is saved.
    """
    ensure(by, Permission.SUPERVISE)
    with runtime.current().db.write(by=by) as session:
        pair = require(session, by, pair_id, Permission.SUPERVISE)
        meeting = SupervisionMeeting(
            pair_id=pair.id, held_on=held_on, next_on=next_on, functions=_check_session_fields(held_on, next_on, functions), recorded_by=by.person_id,
            kind=_check_choice("session_kind", kind),
            supervisor_lived_experience=_check_choice("supervisor_lived_experience", supervisor_lived_experience),
        )
        session.add(meeting)
        session.flush()
        _set_discussed(session, meeting, pair.id, discussed)
        audit.record(session, by=by, action="supervision_session_recorded", subject_id=pair.supervisee_id, object_type="supervision_session", object_id=meeting.id)
        return meeting.id


def _meeting(session: Session, by: Actor, meeting_id: int, permission: Permission = Permission.IN_SUPERVISION_PAIR) -> tuple[SupervisionMeeting, SupervisionPair]:
    meeting = session.get(SupervisionMeeting, meeting_id)
    if meeting is None:
        raise NotFound("That session record isn't there.")
    return meeting, require(session, by, meeting.pair_id, permission)


def update_meeting(
    *,
    meeting_id: int,
    held_on: date,
    functions: list[str],
    discussed: list[int],
    next_on: date | None = None,
    kind: str | None = None,
    supervisor_lived_experience: str | None = None,
    by: Actor,
) -> None:
    """The supervisor changes a session record. A confirmed record needs confirming again.

    Raises:
        NotFound: not a session of my active supervisee.
        AnswerRejected: a date or choice that doesn't fit; nothing is saved.
    """
    ensure(by, Permission.SUPERVISE)
    with runtime.current().db.write(by=by) as session:
        meeting, pair = _meeting(session, by, meeting_id, Permission.SUPERVISE)
        meeting.functions = _check_session_fields(held_on, next_on, functions)
        meeting.held_on, meeting.next_on = held_on, next_on
        meeting.kind = _check_choice("session_kind", kind)
        meeting.supervisor_lived_experience = _check_choice("supervisor_lived_experience", supervisor_lived_experience)
        _set_discussed(session, meeting, pair.id, discussed)
        meeting.confirmed_at = None  # the page said so before the change: they confirm it again
        meeting.updated_at = utcnow()
        audit.record(session, by=by, action="supervision_session_corrected", subject_id=pair.supervisee_id, object_type="supervision_session", object_id=meeting.id)


def _side(pair: SupervisionPair, person_id: int) -> str:
    return "supervisor" if person_id == pair.supervisor_id else "supervisee"


def _allowed_names(*names: str) -> tuple[str, ...]:
    """The names that may appear in a pair's notes and actions: each of the two people's full
    name, first name and surname (the identifying-details guard compares them case-blind)."""
    found: dict[str, None] = {}
    for name in names:
        words = name.split()
        if words:
            found[" ".join(words)] = None
            found.update(dict.fromkeys(words))
    return tuple(found)


def pair_names(session: Session, pair: SupervisionPair, by: Actor) -> tuple[str, ...]:
    """The names the pair's notes and actions may hold: the two people's own, and the writer's."""
    people = session.scalars(select(Person.name).where(Person.id.in_([pair.supervisor_id, pair.supervisee_id]))).all()
    return _allowed_names(*people, by.name)


CONFIRMED_NOTES = (
    "{name} confirmed this record on {day}, so it stays as they confirmed it. "
    "Anything to add can go in your notes for your next session together."
)


def save_notes(*, meeting_id: int, question_id: str, value: Any, by: Actor) -> datetime:
    """Save one answer in my own notes for a session (each side writes only their own). The
    two people of the pair may be named; anyone else may not.

    Raises:
        AccessDenied: not a staff account.
        NotFound: not a session of my pair.
        AnswerRejected: the answer doesn't fit its prompt, the prompt isn't for my side, it
            names someone outside the pair, or I am the supervisor and the supervisee has
            confirmed this record (what they confirmed is never changed under them).
    """
    ensure(by, Permission.IN_SUPERVISION_PAIR)
    rt = runtime.current()
    with rt.db.write(by=by) as session:
        meeting, pair = _meeting(session, by, meeting_id)
        if by.person_id == pair.supervisor_id and meeting.confirmed_at is not None:
            supervisee = session.get(Person, pair.supervisee_id)
            raise AnswerRejected(CONFIRMED_NOTES.format(name=supervisee.name if supervisee else "Your supervisee", day=f"{meeting.confirmed_at.astimezone():%d/%m/%Y}"))
        # Locked, as a journey entry is while one answer is saved: a note saved at the same
        # moment (another server, another tab) waits, then reads the notes with this one.
        row = session.get(MeetingNotes, (meeting.id, by.person_id), with_for_update=True)
        vault = Vault(session, rt.server_key, by=by)
        if row is None:
            qset = prompts()
            journeys.remember_set(session, qset)
            insert_if_absent(
                session, MeetingNotes, meeting_id=meeting.id, author_id=by.person_id, set_id=qset.id,
                set_version=qset.version, answers=vault.seal(by.person_id, "{}"), updated_at=utcnow(),
            )
            row = session.get(MeetingNotes, (meeting.id, by.person_id), with_for_update=True)
        else:
            qset = journeys.stored_set(session, row.set_id, row.set_version, {})
        mine = notes_questions(
            qset, _side(pair, by.person_id), journeys.practice_role(session, pair.supervisee_id), note_choices.personal_offered(meeting, pair)
        )
        if mine.question(question_id) is None:
            raise AnswerRejected("That prompt isn't part of your notes.")
        cleaned = journeys.check_answer(mine, question_id, value)
        question = mine.question(question_id)
        if isinstance(question, FreeTextQuestion) and question.identifying_check and isinstance(cleaned, str):
            hits = rt.phrasing.has_identifying(cleaned, allow_names=pair_names(session, pair, by))
            if hits:
                kinds = ", ".join(dict.fromkeys(h.title.lower() for h in hits))
                raise AnswerRejected(
                    f"This note wasn't saved, because it could identify a person ({kinds}). "
                    "You can name the two of you; please describe anyone else by their role only."
                )
        note_choices.store(session, vault, row, question_id, cleaned)
        row.updated_at = utcnow()
        if by.person_id == pair.supervisor_id:
            meeting.updated_at = row.updated_at  # not yet confirmed (checked above): nothing to undo
        audit.record(session, by=by, action="supervision_notes_saved", subject_id=pair.supervisee_id, object_type="supervision_session", object_id=meeting.id)
        return row.updated_at


def respond(*, meeting_id: int, confirmed: bool, comment: str = "", by: Actor) -> None:
    """The supervisee confirms a session record, or says where they see it differently.

    Raises:
        AccessDenied: not a staff account.
        NotFound: not a session of a pair where I am the supervisee.
        AnswerRejected: the comment is too long, or missing where I see it differently.
    """
    ensure(by, Permission.IN_SUPERVISION_PAIR)
    rt = runtime.current()
    comment = clean_text(comment).strip()
    if len(comment) > COMMENT_LIMIT:
        raise AnswerRejected(f"Please keep the comment to {COMMENT_LIMIT:,} characters or fewer.")
    if not confirmed and not comment:
        raise AnswerRejected("Please say briefly how you see it differently, so the record can show it.")
    with rt.db.write(by=by) as session:
        # Only the supervisee's side of the pair answers; to anyone else it isn't there.
        meeting, pair = _meeting(session, by, meeting_id, Permission.SHARE_WITH_SUPERVISOR)
        meeting.supervisee_comment = Vault(session, rt.server_key, by=by).seal(by.person_id, comment) if comment else None
        meeting.confirmed_at = utcnow() if confirmed else None
        action = "supervision_session_confirmed" if confirmed else "supervision_session_seen_differently"
        audit.record(session, by=by, action=action, subject_id=pair.supervisee_id, object_type="supervision_session", object_id=meeting.id)


def _left_out(side_set: QuestionSet, chosen: dict[str, note_choices.Choice]) -> frozenset[str]:
    """The prompts whose answers stay out of the summary PDF: by their writer's choice, or by
    default for a personal prompt."""
    return frozenset(q.id for q in side_set.questions() if not chosen.get(q.id, note_choices.default(q.personal)).in_pdf)


def _notes_view(
    meeting_id: int, person_id: int, name: str, side_set: QuestionSet, row: MeetingNotes | None, answers: dict, allow_names: tuple[str, ...],
    left_out_of_pdf: frozenset[str] = frozenset(), just_me: frozenset[str] = frozenset(),
) -> NotesView:
    return NotesView(
        id=f"notes{meeting_id}-{person_id}",
        meeting_id=meeting_id,
        author_id=person_id,
        author_name=name,
        questions=side_set,
        answers=answers,
        updated_at=row.updated_at if row else None,
        allow_names=allow_names,
        just_me=just_me,
        left_out_of_pdf=left_out_of_pdf,
    )


def meeting_views(
    session: Session, vault: Vault, by: Actor | None, pair: SupervisionPair, meetings: list[SupervisionMeeting],
    reads: dict[int, list[int]] | None = None,
) -> list[MeetingView]:
    """Views of a page of sessions with a fixed number of queries. Each session whose other
    side's notes `by` reads is added to `reads` ({author id: session ids}) for the caller to
    record with `audit.record_reads_once` once the reading transaction is over."""
    ids = [m.id for m in meetings]
    if not ids:
        return []
    people = session.execute(
        select(Person.id, Person.name, Person.practice_role).where(Person.id.in_([pair.supervisor_id, pair.supervisee_id]))
    ).all()
    names = {person_id: name for person_id, name, _ in people}
    role = next((practice_role for person_id, _, practice_role in people if person_id == pair.supervisee_id), None)
    allow = _allowed_names(*names.values())
    notes = {(n.meeting_id, n.author_id): n for n in session.scalars(select(MeetingNotes).where(MeetingNotes.meeting_id.in_(ids)))}
    discussed_rows = session.execute(
        select(MeetingItem.meeting_id, SharedItem)
        .join(SharedItem, SharedItem.id == MeetingItem.shared_item_id)
        .where(MeetingItem.meeting_id.in_(ids))
    ).all()
    links = [(meeting_id, item) for meeting_id, item in discussed_rows if item.withdrawn_at is None]
    lost = Counter(meeting_id for meeting_id, item in discussed_rows if item.withdrawn_at is not None)
    titles = item_titles(session, list({i.id: i for _, i in links}.values()))
    vault.preload([n.answers for n in notes.values()] + [m.supervisee_comment for m in meetings])
    chosen = note_choices.choices(session, ids)
    private = note_choices.own_private(session, vault, by, ids)
    pair_kinds = supervision_kinds.parsed(pair.kinds)
    options = function_options()
    kinds, lived = session_options("session_kind"), session_options("supervisor_lived_experience")
    current = prompts()
    cache: dict = {}
    views = []
    for meeting in meetings:
        sides = {}
        personal = supervision_kinds.personal_offered(meeting.kind, pair_kinds, meeting.personal_prompts_on)
        for person_id, side in ((pair.supervisor_id, "supervisor"), (pair.supervisee_id, "supervisee")):
            row = notes.get((meeting.id, person_id))
            qset = journeys.stored_set(session, row.set_id, row.set_version, cache) if row else current
            answers = json.loads(vault.open(row.answers) or "{}") if row else {}
            if row and answers and by is not None and by.person_id != person_id and reads is not None:
                reads.setdefault(person_id, []).append(meeting.id)
            own_private = private.get(meeting.id, {}) if by is not None and by.person_id == person_id else {}
            side_set = notes_questions(qset, side, role, personal)
            sides[side] = _notes_view(
                meeting.id, person_id, names.get(person_id, ""), side_set, row, answers | own_private, allow,
                _left_out(side_set, chosen.get((meeting.id, person_id), {})), frozenset(own_private),
            )
        comment = vault.open(meeting.supervisee_comment)
        if comment and by is not None and by.person_id != pair.supervisee_id and reads is not None:
            reads.setdefault(pair.supervisee_id, []).append(meeting.id)  # their words, read as their notes are
        functions = tuple(f for f in meeting.functions.split(",") if f)
        discussed = tuple(
            SharedSummary(i.id, ShareKind(i.kind), titles[i.id], i.shared_at, False) for mid, i in links if mid == meeting.id
        )
        views.append(
            MeetingView(
                id=meeting.id,
                pair_id=pair.id,
                held_on=meeting.held_on,
                next_on=meeting.next_on,
                functions=functions,
                function_labels=tuple(options.get(f, f.capitalize()) for f in functions),
                discussed=discussed,
                supervisor_notes=sides["supervisor"],
                supervisee_notes=sides["supervisee"],
                confirmed_at=meeting.confirmed_at,
                supervisee_comment=comment,
                updated_at=meeting.updated_at,
                kind=meeting.kind,
                kind_label=kinds.get(meeting.kind or ""),
                supervisor_lived_experience=meeting.supervisor_lived_experience,
                supervisor_lived_experience_label=lived.get(meeting.supervisor_lived_experience or ""),
                withdrawn_since=lost[meeting.id],
                allow_names=allow,
                personal_offered=personal,
                personal_prompts_on=meeting.personal_prompts_on,
            )
        )
    return views


def meetings(*, pair_id: int, by: Actor, page: int = 1, per_page: int = 5) -> tuple[list[MeetingView], int]:
    """The pair's session records, newest first, one page at a time, and the total.

    Raises:
        AccessDenied: not a staff account.
        NotFound: not my pair (for a supervisor: not an active one).
    """
    ensure(by, Permission.IN_SUPERVISION_PAIR)
    rt = runtime.current()
    reads: dict[int, list[int]] = {}
    with rt.db.read() as session:
        pair = require(session, by, pair_id)
        base = select(SupervisionMeeting).where(SupervisionMeeting.pair_id == pair.id)
        # The total comes with the page itself; only a page past the end counts on its own.
        found = session.execute(
            base.add_columns(func.count().over())
            .order_by(SupervisionMeeting.held_on.desc(), SupervisionMeeting.id.desc())
            .limit(per_page)
            .offset((page - 1) * per_page)
        ).all()
        rows = [meeting for meeting, _ in found]
        if found:
            total = found[0][1]
        else:
            total = 0 if page == 1 else session.scalar(select(func.count()).select_from(base.subquery())) or 0
        views = meeting_views(session, Vault(session, rt.server_key, by=by), by, pair, list(rows), reads)
    # Reading the other side's notes is audited, once per reading.
    audit.record_reads_once(by=by, action=NOTES_READ, object_type="supervision_session", reads=reads)
    return views, total


def meeting(*, meeting_id: int, by: Actor) -> MeetingView:
    """One session record of my pair.

    Raises:
        AccessDenied: not a staff account.
        NotFound: not a session of my pair.
        SessionEnded: the sign-in session `by` came from is over; nothing is read.
    """
    ensure(by, Permission.IN_SUPERVISION_PAIR)
    rt = runtime.current()
    reads: dict[int, list[int]] = {}
    with rt.db.read(by=by) as session:
        row, pair = _meeting(session, by, meeting_id)
        view = meeting_views(session, Vault(session, rt.server_key, by=by), by, pair, [row], reads)[0]
    audit.record_reads_once(by=by, action=NOTES_READ, object_type="supervision_session", reads=reads)
    return view


def my_notes(view: MeetingView, by: Actor) -> NotesView:
    """My side's notes of a session, to edit."""
    return view.supervisor_notes if by.person_id == view.supervisor_notes.author_id else view.supervisee_notes
