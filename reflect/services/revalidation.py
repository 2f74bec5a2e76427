"""NMC revalidation: written reflective accounts and the reflective discussion form.

An account is the regulator's version of a person's reflection. It can start from one of
their reflections, their own notes of a supervision session they were in, one of their
learning notes, or a blank form; the source's words only prefill the form (nothing is kept until the
person has read it and chosen what it carries), and the identifying-details guard refuses any
name or identifier in what is kept, the pair's names and the person's own included: the NMC
forbids them all. Everything is sealed with the owner's key and read by the owner alone.

The reflective discussion form is in `revalidation_discussion`, the tracker in
`revalidation_tracker`; a person's records of all three reach My data and erasure from here.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import delete, or_, select
from sqlalchemy.orm import Session

from reflect import runtime
from reflect.dates import day
from reflect.domain import Stage
from reflect.ledger import DecisionKind
from reflect.models import (
    CpdProfile,
    Entry,
    LearningNote,
    MeetingNotes,
    ReflectiveAccount,
    ReflectiveDiscussion,
    RevalidationPlan,
    RevalidationRecord,
    SupervisionMeeting,
    SupervisionPair,
    utcnow,
)
from reflect.questions import regulators
from reflect.questions.regulators import AccountForm, ReflectionForm, RegulatorForms, nmc
from reflect.reports import nmc_forms
from reflect.services import audit
from reflect.services.access import Actor, PairRef, Permission, can, ensure
from reflect.questions.answers import AnswerRejected
from reflect.services.errors import NotFound
from reflect.services.vault import Vault
from reflect.text import clean_text

SOURCES = ("reflection", "supervision", "learning_note", "new")


NMC = "nmc_revalidation"


def forms() -> RegulatorForms:
    """The NMC's forms as the prompts folder holds them."""
    return nmc()


def reflection_forms() -> dict[str, ReflectionForm]:
    """The forms a written reflection can be kept on, by id: the NMC's reflective account
    first, then the AoMRC's What? So what? Now what?"""
    return regulators.reflection_forms()


def _form(form_id: str) -> ReflectionForm:
    found = reflection_forms().get(form_id)
    if found is None:
        raise AnswerRejected("Please choose a form.")
    return found


# --- views ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Source:
    """Something an account can start from, named without opening it."""

    kind: str
    id: int
    label: str


@dataclass(frozen=True)
class Draft:
    """A form prefilled from a source: the person's words to edit, never kept as they are."""

    source: str
    kind: str
    parts: dict[str, str]
    form_id: str = NMC


@dataclass(frozen=True)
class AccountView:
    id: int
    kind: str
    kind_label: str
    source: str
    written_on: date
    parts: dict[str, str]
    themes: tuple[str, ...]
    updated_at: datetime
    form_id: str = NMC
    form_title: str = ""


# --- sources ----------------------------------------------------------------------------


def _my_meetings(session: Session, by: Actor) -> list[SupervisionMeeting]:
    """Sessions I was in and may still read, that hold notes of mine."""
    rows = session.execute(
        select(SupervisionMeeting, SupervisionPair)
        .join(SupervisionPair, SupervisionPair.id == SupervisionMeeting.pair_id)
        .join(MeetingNotes, (MeetingNotes.meeting_id == SupervisionMeeting.id) & (MeetingNotes.author_id == by.person_id))
        .where(or_(SupervisionPair.supervisor_id == by.person_id, SupervisionPair.supervisee_id == by.person_id))
        .order_by(SupervisionMeeting.held_on.desc(), SupervisionMeeting.id.desc())
    ).all()
    today = date.today()
    return [m for m, p in rows if can(by, Permission.IN_SUPERVISION_PAIR, PairRef(p.supervisor_id, p.supervisee_id, p.is_active(today)))]


def sources(*, by: Actor) -> list[Source]:
    """What an account could start from: my finished reflections, the supervision sessions I
    wrote notes in, and my learning notes, newest first, named by date only.

    Raises:
        AccessDenied: not a staff account.
    """
    ensure(by, Permission.KEEP_REVALIDATION)
    with runtime.current().db.read() as session:
        entries = session.scalars(
            select(Entry)
            .where(Entry.owner_id == by.person_id, Entry.stage == Stage.AFTER_SHARING.value, Entry.status == "complete")
            .order_by(Entry.completed_at.desc())
            .limit(200)
        ).all()
        found = [Source("reflection", e.id, f"Reflection, {day(e.completed_at or e.updated_at)}") for e in entries]
        found += [Source("supervision", m.id, f"Supervision session, {day(m.held_on)}") for m in _my_meetings(session, by)[:200]]
        notes = session.scalars(
            select(LearningNote).where(LearningNote.owner_id == by.person_id).order_by(LearningNote.created_at.desc()).limit(200)
        ).all()
        found += [Source("learning_note", n.id, f"Learning note, {day(n.created_at)}") for n in notes]
    return found


def _texts(answers: dict[str, Any], ids: list[str]) -> str:
    return "\n\n".join(answers[i].strip() for i in ids if isinstance(answers.get(i), str) and answers[i].strip())


def _source_answers(session: Session, vault: Vault, by: Actor, source: str, source_id: int) -> tuple[dict[str, Any], str]:
    """The person's own words in a source, and the kind of account it suggests.

    Raises:
        NotFound: not a source of theirs.
    """
    if source == "reflection":
        entry = session.get(Entry, source_id)
        if entry is None or not can(by, Permission.READ_ENTRY, entry.owner_id) or entry.stage != Stage.AFTER_SHARING.value:
            raise NotFound("That reflection isn't there.")
        return json.loads(vault.open(entry.answers) or "{}"), "event"
    if source == "supervision":
        if source_id not in {m.id for m in _my_meetings(session, by)}:
            raise NotFound("That supervision session isn't there.")
        notes = session.get(MeetingNotes, (source_id, by.person_id))
        return json.loads(vault.open(notes.answers) or "{}"), "feedback"
    if source == "learning_note":
        note = session.get(LearningNote, source_id)
        if note is None or not can(by, Permission.OWN_CONTENT, note.owner_id):
            raise NotFound("That learning note isn't there.")
        return {"body": vault.open(note.body) or ""}, "event"
    raise NotFound("That isn't something an account can start from.")


def draft_from(*, source: str, source_id: int | None = None, form_id: str = NMC, by: Actor) -> Draft:
    """A reflective account's form prefilled from one of my own records (or blank, for "new"),
    for me to edit. Only my own words are used: a supervision session gives my notes alone.
    Nothing is kept.

    Raises:
        AccessDenied: not a staff account.
        NotFound: not a source of mine.
        AnswerRejected: no such form.
    """
    ensure(by, Permission.KEEP_REVALIDATION)
    form = _form(form_id).account
    if source == "new":
        return Draft("new", form.kinds[0].id, {p.id: "" for p in form.parts}, form_id)
    rt = runtime.current()
    with rt.db.read() as session:
        answers, kind = _source_answers(session, Vault(session, rt.server_key, by=by), by, source, source_id or 0)
    kind = kind if kind in {k.id for k in form.kinds} else form.kinds[0].id
    return Draft(source, kind, {p.id: _texts(answers, p.from_.get(source, [])) for p in form.parts}, form_id)


# --- accounts ---------------------------------------------------------------------------


def _checked_account(
    form: AccountForm, kind: str, written_on: date, parts: dict[str, str], themes: list[str], reviewed: bool
) -> dict[str, Any]:
    if not reviewed:
        raise AnswerRejected(
            "Please read it as the person who will read it for your revalidation or appraisal, and tick the box "
            "to say it carries only what you choose."
        )
    if kind not in {k.id for k in form.kinds}:
        raise AnswerRejected("Please choose what the account is about.")
    if written_on > date.today():
        raise AnswerRejected("The date can't be in the future.")
    known = {t.id for t in form.themes}
    chosen = [t for t in dict.fromkeys(themes) if t in known]
    if form.themes and not chosen:
        raise AnswerRejected("Please choose at least one of the Code's themes.")
    cleaned: dict[str, str] = {}
    guard = runtime.current().phrasing
    for part in form.parts:
        text = clean_text(parts.get(part.id) or "").strip()
        if not text:
            raise AnswerRejected(f"Please write something under \u201c{part.heading}\u201d")
        if len(text) > part.limit:
            raise AnswerRejected(f"Please keep each part to {part.limit:,} characters or fewer.")
        # No names at all, not even the person's own or their supervisor's: the NMC forbids
        # them, and the AoMRC asks for full anonymisation.
        if guard.has_identifying(text):
            raise AnswerRejected(
                f"\u201c{part.heading}\u201d has details that could identify someone. A reflection for your "
                "regulator identifies nobody, so please describe people by their role only."
            )
        cleaned[part.id] = text
    return {"parts": cleaned, "themes": chosen}


def save_account(
    *,
    kind: str,
    written_on: date,
    parts: dict[str, str],
    themes: list[str],
    reviewed: bool,
    source: str = "new",
    account_id: int | None = None,
    form_id: str = NMC,
    by: Actor,
) -> int:
    """Keep a reflective account (a new one, or a change to one of mine). `reviewed` is the
    person's own choice, made after reading the prompt about who reads it.

    Raises:
        AccessDenied: not a staff account.
        NotFound: not an account of mine.
        AnswerRejected: not reviewed, a part empty or too long, no theme, a date ahead, or a
            detail that could identify someone.
    """
    ensure(by, Permission.KEEP_REVALIDATION)
    rt = runtime.current()
    if account_id is not None:  # a change keeps the form it was written on
        with rt.db.read() as session:
            form_id = _own(session, by, ReflectiveAccount, account_id).form_id
    form = _form(form_id)
    body = _checked_account(form.account, kind, written_on, parts, themes, reviewed)
    with rt.db.write(by=by) as session:
        sealed = Vault(session, rt.server_key, by=by).seal_private(by.person_id, json.dumps(body, ensure_ascii=False))
        if account_id is None:
            row = ReflectiveAccount(
                owner_id=by.person_id, form_id=form.id, form_version=form.version, kind=kind,
                source=source if source in SOURCES else "new", written_on=written_on, body=sealed,
            )
            session.add(row)
            session.flush()
            action = "reflective_account_kept"
        else:
            row = _own(session, by, ReflectiveAccount, account_id)
            row.kind, row.written_on, row.body, row.updated_at = kind, written_on, sealed, utcnow()
            action = "reflective_account_changed"
        audit.record(session, by=by, action=action, subject_id=by.person_id, object_type="reflective_account", object_id=row.id)
        return row.id


def _own(session: Session, by: Actor, model, row_id: int):
    row = session.get(model, row_id)
    if row is None or not can(by, Permission.READ_REVALIDATION, row.owner_id):
        raise NotFound("That record isn't there.")
    return row


def _account_view(vault: Vault, row: ReflectiveAccount) -> AccountView:
    body = json.loads(vault.open(row.body) or "{}")
    form = reflection_forms().get(row.form_id) or forms()
    return AccountView(
        id=row.id, kind=row.kind, kind_label=form.account.kind_label(row.kind), source=row.source, written_on=row.written_on,
        parts=dict(body.get("parts", {})), themes=tuple(body.get("themes", ())), updated_at=row.updated_at,
        form_id=row.form_id, form_title=form.account.title,
    )


def newest_first(session: Session, model, day, by: Actor) -> list:
    """The person's own rows of a revalidation table, the newest `day` first."""
    return list(session.scalars(select(model).where(model.owner_id == by.person_id).order_by(day.desc(), model.id.desc())))


def accounts(*, by: Actor) -> list[AccountView]:
    """My reflective accounts, newest first.

    Raises:
        AccessDenied: not a staff account.
    """
    ensure(by, Permission.KEEP_REVALIDATION)
    rt = runtime.current()
    with rt.db.read() as session:
        rows = newest_first(session, ReflectiveAccount, ReflectiveAccount.written_on, by)
        vault = Vault(session, rt.server_key, by=by)
        vault.preload([r.body for r in rows])
        return [_account_view(vault, r) for r in rows]


def account(*, account_id: int, by: Actor) -> AccountView:
    """One of my reflective accounts.

    Raises:
        AccessDenied: not a staff account.
        NotFound: not an account of mine.
    """
    ensure(by, Permission.KEEP_REVALIDATION)
    rt = runtime.current()
    with rt.db.read() as session:
        return _account_view(Vault(session, rt.server_key, by=by), _own(session, by, ReflectiveAccount, account_id))


def delete_account(*, account_id: int, by: Actor) -> None:
    """Delete one of my reflective accounts.

    Raises:
        AccessDenied: not a staff account.
        NotFound: not an account of mine.
    """
    ensure(by, Permission.KEEP_REVALIDATION)
    with runtime.current().db.write(by=by) as session:
        row = _own(session, by, ReflectiveAccount, account_id)
        session.delete(row)
        audit.record(session, by=by, action="reflective_account_deleted", subject_id=by.person_id, object_type="reflective_account", object_id=account_id)
        # Written before the commit: a restore of an older backup deletes it again.
        runtime.current().ledger.record(DecisionKind.REFLECTIVE_ACCOUNT_DELETED, [row.public_id])


def _account_document(view: AccountView) -> nmc_forms.AccountDocument:
    form = reflection_forms().get(view.form_id) or forms()
    return nmc_forms.AccountDocument(
        form_title=form.account.title, form_note=form.account.form_note, written_on=view.written_on, kind=view.kind_label,
        parts=tuple((p.heading, view.parts.get(p.id, "")) for p in form.account.parts),
        themes=tuple((t.label, t.id in view.themes) for t in form.account.themes), cited=form.cited,
        label="Reflective account" if form.id == NMC else "Reflection",
    )


def _downloaded(by: Actor, object_type: str, object_id: int, fmt: str) -> None:
    with runtime.current().db.write(by=by) as session:
        audit.record(session, by=by, action=f"{object_type}_downloaded_{fmt}", subject_id=by.person_id, object_type=object_type, object_id=object_id)


def account_pdf(*, account_id: int, by: Actor) -> bytes:
    """One of my accounts on the NMC's reflective accounts form, as PDF. Recorded in the audit.

    Raises:
        AccessDenied: not a staff account.
        NotFound: not an account of mine.
    """
    pdf = nmc_forms.account_pdf(_account_document(account(account_id=account_id, by=by)))
    _downloaded(by, "reflective_account", account_id, "pdf")
    return pdf


def account_docx(*, account_id: int, by: Actor) -> bytes:
    """One of my accounts on the NMC's reflective accounts form, as a Word document.

    Raises:
        AccessDenied: not a staff account.
        NotFound: not an account of mine.
    """
    docx = nmc_forms.account_docx(_account_document(account(account_id=account_id, by=by)))
    _downloaded(by, "reflective_account", account_id, "docx")
    return docx


# --- My data and erasure ------------------------------------------------------------------


def export_for(session: Session, vault: Vault, person_id: int) -> dict[str, list[dict[str, Any]]]:
    """A person's revalidation records for their My data export, opened with their key."""
    accounts_ = session.scalars(select(ReflectiveAccount).where(ReflectiveAccount.owner_id == person_id).order_by(ReflectiveAccount.id)).all()
    discussions_ = session.scalars(select(ReflectiveDiscussion).where(ReflectiveDiscussion.owner_id == person_id).order_by(ReflectiveDiscussion.id)).all()
    plan = session.get(RevalidationPlan, person_id)
    records = session.scalars(select(RevalidationRecord).where(RevalidationRecord.owner_id == person_id).order_by(RevalidationRecord.id)).all()
    profile = session.get(CpdProfile, person_id)
    return {
        "reflective_accounts": [
            {"id": a.id, "kind": a.kind, "made_from": a.source, "written_on": a.written_on.isoformat(),
             "form": {"id": a.form_id, "version": a.form_version}, **json.loads(vault.open(a.body) or "{}")}
            for a in accounts_
        ],
        "reflective_discussions": [
            {"id": d.id, "discussed_on": d.discussed_on.isoformat(), "details": json.loads(vault.open(d.details) or "{}"),
             "confirmed_in_reflect": d.confirmed_at.isoformat() if d.confirmed_at else None}
            for d in discussions_
        ],
        "revalidation_plan": [] if plan is None else [
            {"body": plan.body, "renewal_on": plan.renewal_on.isoformat() if plan.renewal_on else None,
             "confirmed_on": plan.confirmed_on.isoformat() if plan.confirmed_on else None}
        ],
        "revalidation_records": [
            {"id": r.id, "kind": r.kind, "on": r.done_on.isoformat(), "hours": r.hours, "participatory": r.participatory, "note": vault.open(r.note)}
            for r in records
        ],
        "cpd_profile": [] if profile is None else [
            {"form": {"id": profile.form_id, "version": profile.form_version}, **json.loads(vault.open(profile.body) or "{}")}
        ],
    }


def forget_person(session: Session, person_id: int) -> None:
    """Remove a person's revalidation records on erasure (their key is gone too), and their
    name from any discussion they were the partner on."""
    for model in (ReflectiveAccount, ReflectiveDiscussion, RevalidationPlan, RevalidationRecord, CpdProfile):
        session.execute(delete(model).where(model.owner_id == person_id))
    session.execute(
        ReflectiveDiscussion.__table__.update().where(ReflectiveDiscussion.partner_id == person_id).values(partner_id=None)
    )
