"""My data: everything a person wrote and every record about them, to take away; and erasing
my own account.

The export is built in one unit of work, opened with the person's own key only. Words another
person wrote (the other side's supervision notes, an action a supervisor wrote) are left out:
they belong to that person's own export.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, aliased

from reflect import runtime
from reflect.logs import event
from reflect.models import (
    AuditEvent,
    AuthSession,
    Biography,
    Entry,
    EntryRevision,
    Episode,
    LearningNote,
    MeetingItem,
    MeetingNotes,
    NoteChoice,
    Passkey,
    Person,
    PrivateNotes,
    RegisterEntry,
    SharedItem,
    SupervisionAction,
    SupervisionMeeting,
    SupervisionPair,
    Team,
    utcnow,
)
from reflect.reports.my_data import my_data_pdf
from reflect.services import audit, erasure, journeys, revalidation, wellness_plan
from reflect.services.supervision import goals
from reflect.services.access import Actor, Permission, ensure
from reflect.services.auth import normalise_email
from reflect.services.vault import Vault
from reflect.services.errors import Refused

FORMAT = "reflect-my-data"
FORMAT_VERSION = 1


class ConfirmationMismatch(Refused, ValueError):
    """The e-mail typed to confirm an erasure is not the account's."""


def _when(value: datetime | date | None) -> str | None:
    return None if value is None else value.isoformat()


def _json(vault: Vault, sealed) -> Any:
    text = vault.open(sealed)
    return json.loads(text) if text else {}


def _readable(session: Session, cache: dict, set_id: str, version: int, answers: dict) -> list[dict]:
    qset = journeys.stored_set(session, set_id, version, cache)
    return [
        {"section": title, "answers": [{"question": q, "answer": a} for q, a in lines]}
        for title, lines in journeys.answer_lines(qset, answers)
    ]


def _collect(session: Session, vault: Vault, me: int) -> dict[str, Any]:
    cache: dict = {}
    person = session.get(Person, me)
    team_names = dict(session.execute(select(Team.id, Team.name)).all())
    names = dict(session.execute(select(Person.id, Person.name)).all())

    entries = session.scalars(select(Entry).where(Entry.owner_id == me).order_by(Entry.id)).all()
    revisions: dict[int, list[EntryRevision]] = {}
    for rev in session.scalars(
        select(EntryRevision).join(Entry, Entry.id == EntryRevision.entry_id).where(Entry.owner_id == me).order_by(EntryRevision.id)
    ):
        revisions.setdefault(rev.entry_id, []).append(rev)
    vault.preload([e.answers for e in entries])
    entry_rows = []
    for entry in entries:
        answers = _json(vault, entry.answers)
        entry_rows.append(
            {
                "id": entry.id,
                "stage": entry.stage,
                "status": entry.status,
                "question_set": {"id": entry.set_id, "version": entry.set_version},
                "episode_id": entry.episode_id,
                "created_at": _when(entry.created_at),
                "updated_at": _when(entry.updated_at),
                "completed_at": _when(entry.completed_at),
                "answers": answers,
                "readable": _readable(session, cache, entry.set_id, entry.set_version, answers),
                "revisions": [{"saved_at": _when(r.saved_at), "answers": _json(vault, r.answers)} for r in revisions.get(entry.id, [])],
            }
        )

    pairs = session.scalars(
        select(SupervisionPair).where(or_(SupervisionPair.supervisor_id == me, SupervisionPair.supervisee_id == me)).order_by(SupervisionPair.id)
    ).all()
    # A supervisor loses access to a pair's records when it ends (README: "End a pair"), in
    # their download too: an ended pair they supervised is listed, its sessions, notes and
    # actions are not. The supervisee keeps all of their own.
    today = date.today()
    ended_as_supervisor = {p.id for p in pairs if p.supervisor_id == me and p.ends_on is not None and p.ends_on < today}
    pair_ids = [p.id for p in pairs if p.id not in ended_as_supervisor]
    supervisee_of = {p.id: p.supervisee_id == me for p in pairs}
    meetings = session.scalars(
        select(SupervisionMeeting).where(SupervisionMeeting.pair_id.in_(pair_ids)).order_by(SupervisionMeeting.held_on, SupervisionMeeting.id)
    ).all() if pair_ids else []
    meeting_ids = [m.id for m in meetings]
    my_notes = {
        n.meeting_id: n
        for n in session.scalars(select(MeetingNotes).where(MeetingNotes.author_id == me, MeetingNotes.meeting_id.in_(meeting_ids)))
    } if meeting_ids else {}
    # My "just me" notes are mine alone, and in my export; the other side's never are.
    my_private = {
        n.meeting_id: n
        for n in session.scalars(select(PrivateNotes).where(PrivateNotes.author_id == me, PrivateNotes.meeting_id.in_(meeting_ids)))
    } if meeting_ids else {}
    my_choices: dict[int, dict[str, dict]] = {}
    for choice in session.scalars(select(NoteChoice).where(NoteChoice.author_id == me)) if meeting_ids else ():
        my_choices.setdefault(choice.meeting_id, {})[choice.question_id] = {"just_me": choice.just_me, "in_pdf": choice.in_pdf}
    discussed: dict[int, list[int]] = {}
    if meeting_ids:
        for link in session.scalars(select(MeetingItem).where(MeetingItem.meeting_id.in_(meeting_ids))):
            discussed.setdefault(link.meeting_id, []).append(link.shared_item_id)
    actions = session.scalars(
        select(SupervisionAction)
        .where(or_(SupervisionAction.owner_id == me, SupervisionAction.author_id == me))
        .order_by(SupervisionAction.id)
    ).all()
    actions = [a for a in actions if a.pair_id not in ended_as_supervisor]

    biography = session.get(Biography, me)
    register_entries = session.scalars(select(RegisterEntry).where(RegisterEntry.owner_id == me).order_by(RegisterEntry.id)).all()
    actor_alias = aliased(Person)
    events = session.execute(
        select(AuditEvent, actor_alias.name)
        .outerjoin(actor_alias, audit.acted_by(actor_alias))
        .where(or_(audit.about(me), audit.by_person(me)))
        .order_by(AuditEvent.id)
    ).all()

    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "exported_at": _when(utcnow()),
        "person": {
            "id": person.id,
            "name": person.name,
            "email": person.email,
            "roles": sorted(r.value for r in person.role_set),
            "teams": [{"name": m.team.name, "lead": m.is_lead} for m in sorted(person.memberships, key=lambda m: m.team.name)],
            "created_at": _when(person.created_at),
        },
        "entries": entry_rows,
        "episodes": [
            {"id": e.id, "created_at": _when(e.created_at)}
            for e in session.scalars(select(Episode).where(Episode.owner_id == me).order_by(Episode.id))
        ],
        "learning_notes": [
            {
                "id": n.id,
                "team": team_names.get(n.team_id),
                "entry_id": n.entry_id,
                "body": vault.open(n.body),
                "created_at": _when(n.created_at),
                "approved_at": _when(n.approved_at),
            }
            for n in session.scalars(select(LearningNote).where(LearningNote.owner_id == me).order_by(LearningNote.id))
        ],
        "register_entries": [
            {
                "id": r.id,
                "team": team_names.get(r.team_id),
                "category": r.category,
                "level": r.level,
                "language": r.language,
                "visibility": r.visibility,
                "willing_to": [w for w in r.willing_to.split(",") if w.strip()],
                "description": vault.open(r.description),
                "availability": vault.open(r.availability),
                "published": r.published,
                "question_set": {"id": r.set_id, "version": r.set_version},
                "created_at": _when(r.created_at),
                "updated_at": _when(r.updated_at),
            }
            for r in register_entries
        ],
        "biography": None
        if biography is None
        else {
            "answers": _json(vault, biography.answers),
            "status": biography.status,
            "approved_at": _when(biography.approved_at),
            "updated_at": _when(biography.updated_at),
            "photo_type": biography.photo_type,
            "photo_base64": vault.open(biography.photo),
        },
        "supervision_pairs": [
            {
                "id": p.id,
                "my_role": "supervisee" if p.supervisee_id == me else "supervisor",
                "other_person": names.get(p.supervisor_id if p.supervisee_id == me else p.supervisee_id),
                "starts_on": _when(p.starts_on),
                "ends_on": _when(p.ends_on),
                "frequency_weeks": p.frequency_weeks,
                "kinds": [k for k in p.kinds.split(",") if k],
            }
            for p in pairs
        ],
        "shares": [
            {
                "id": s.id,
                "pair_id": s.pair_id,
                "kind": s.kind,
                "entry_id": s.entry_id,
                "episode_id": s.episode_id,
                "profile_item": vault.open(s.profile_item),
                "shared_at": _when(s.shared_at),
                "withdrawn_at": _when(s.withdrawn_at),
            }
            for s in session.scalars(select(SharedItem).where(SharedItem.owner_id == me).order_by(SharedItem.id))
        ],
        "supervision_sessions": [
            {
                "id": m.id,
                "pair_id": m.pair_id,
                "held_on": _when(m.held_on),
                "next_on": _when(m.next_on),
                "functions": [f for f in m.functions.split(",") if f],
                "kind": m.kind,
                "personal_prompts_on": m.personal_prompts_on,
                "recorded_by_me": m.recorded_by == me,
                "confirmed_at": _when(m.confirmed_at),
                "discussed_shared_item_ids": sorted(discussed.get(m.id, [])),
                "my_comment": vault.open(m.supervisee_comment) if supervisee_of.get(m.pair_id) else None,
                "my_notes": None
                if m.id not in my_notes
                else {
                    "question_set": {"id": my_notes[m.id].set_id, "version": my_notes[m.id].set_version},
                    "answers": _json(vault, my_notes[m.id].answers),
                    "just_me_answers": _json(vault, my_private[m.id].answers) if m.id in my_private else {},
                    "choices": my_choices.get(m.id, {}),
                    "updated_at": _when(my_notes[m.id].updated_at),
                },
            }
            for m in meetings
        ],
        "supervision_actions": [
            {
                "id": a.id,
                "pair_id": a.pair_id,
                "session_id": a.meeting_id,
                "mine_to_do": a.owner_id == me,
                "written_by_me": a.author_id == me,
                # Another person's words are theirs: only the actions I wrote carry their text.
                "text": vault.open(a.text) if a.author_id == me else None,
                "due_on": _when(a.due_on),
                "created_at": _when(a.created_at),
                "done_at": _when(a.done_at),
            }
            for a in actions
        ],
        "development_goals": goals.written_by(session, vault, me),
        "wellness_at_work_plan": wellness_plan.for_export(session, vault, me),
        **revalidation.export_for(session, vault, me),
        "sign_in_sessions": [
            {
                "started_at": _when(s.created_at),
                "last_seen_at": _when(s.last_seen_at),
                "method": s.method,
                "ended_at": _when(s.ended_at),
                "end_reason": s.end_reason,
            }
            for s in session.scalars(select(AuthSession).where(AuthSession.person_id == me).order_by(AuthSession.created_at))
        ],
        "passkeys": [
            {"name": k.name, "added_at": _when(k.created_at), "last_used_at": _when(k.last_used_at)}
            for k in session.scalars(select(Passkey).where(Passkey.person_id == me).order_by(Passkey.id))
        ],
        "audit_events": [
            {
                "id": e.id,
                "at": _when(e.at),
                "by": "me" if e.actor_id == me else (name or "Reflect administration"),
                "action": e.action,
                "about_me": e.subject_id == me,
                "object_type": e.object_type,
                "object_id": e.object_id,
                "hash": e.hash,
            }
            for e, name in events
        ],
    }


def export(*, by: Actor) -> dict[str, Any]:
    """Everything the acting person wrote and every record about them, as plain JSON values.
    The download is recorded in the audit trail, in the same unit of work."""
    ensure(by, Permission.MANAGE_OWN_ACCOUNT)
    rt = runtime.current()
    with rt.db.write(by=by) as session:
        audit.record(session, by=by, action="my_data_downloaded", subject_id=by.person_id, object_type="json")
        data = _collect(session, Vault(session, rt.server_key, by=by), by.person_id)
    event("my_data.exported", person=by.person_id, pdf=False)
    return data


def export_json(*, by: Actor) -> bytes:
    """The export as UTF-8 JSON, indented for reading."""
    return json.dumps(export(by=by), ensure_ascii=False, indent=2).encode()


def export_pdf(*, by: Actor) -> bytes:
    """The same export as a readable PDF. The download is recorded in the audit trail."""
    ensure(by, Permission.MANAGE_OWN_ACCOUNT)
    rt = runtime.current()
    with rt.db.write(by=by) as session:
        audit.record(session, by=by, action="my_data_downloaded", subject_id=by.person_id, object_type="pdf")
        data = _collect(session, Vault(session, rt.server_key, by=by), by.person_id)
        # Built inside the unit of work: if it fails, no record claims a download happened.
        pdf = my_data_pdf(data)
    event("my_data.exported", person=by.person_id, pdf=True)
    return pdf


def erase_me(*, confirm_email: str, by: Actor) -> None:
    """Erase the acting person's own account and everything they wrote, once the e-mail they
    typed matches their account's.

    Raises:
        ConfirmationMismatch: the typed e-mail is not theirs; nothing is erased.
    """
    ensure(by, Permission.MANAGE_OWN_ACCOUNT)
    with runtime.current().db.read() as session:
        email = session.get(Person, by.person_id).email
    if not confirm_email.strip() or normalise_email(confirm_email) != email:
        raise ConfirmationMismatch("The e-mail you typed doesn't match your account, so nothing was erased.")
    erasure.erase(person_id=by.person_id, by=by)
