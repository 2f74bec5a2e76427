"""The NMC's reflective discussion form: the partner's name, NMC PIN, e-mail, professional address
and the date, sealed with the owner's key. Where the partner is the owner's supervisor in an
active pair, the partner confirms the discussion here, seeing only who asks and when; a change
to the form asks them again. Downloads as PDF and Word laid out as the NMC's form.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from reflect import runtime
from reflect.models import Person, ReflectiveDiscussion, SupervisionPair, utcnow
from reflect.reports import nmc_forms
from reflect.services import audit
from reflect.services.access import Actor, DiscussionRef, PairRef, Permission, can, ensure
from reflect.questions.answers import AnswerRejected
from reflect.services.errors import NotFound
from reflect.services.revalidation import forms, newest_first
from reflect.services.vault import Vault
from reflect.text import clean_text


@dataclass(frozen=True)
class DiscussionView:
    id: int
    discussed_on: date
    details: dict[str, str]
    partner_id: int | None
    partner_name: str | None  # the partner's name in Reflect, where they are one of my supervisors
    confirmed_at: datetime | None


@dataclass(frozen=True)
class ToConfirm:
    """A discussion a supervisee asks me to confirm: who, and when. Nothing of the form."""

    id: int
    supervisee_name: str
    discussed_on: date


def _own(session: Session, by: Actor, discussion_id: int) -> ReflectiveDiscussion:
    row = session.get(ReflectiveDiscussion, discussion_id)
    if row is None or not can(by, Permission.READ_REVALIDATION, row.owner_id):
        raise NotFound("That discussion isn't there.")
    return row


def _downloaded(by: Actor, discussion_id: int, fmt: str) -> None:
    with runtime.current().db.write(by=by) as session:
        audit.record(
            session, by=by, action=f"reflective_discussion_downloaded_{fmt}", subject_id=by.person_id,
            object_type="reflective_discussion", object_id=discussion_id,
        )


def partners(*, by: Actor) -> list[tuple[int, str]]:
    """My supervisors in active pairs, who could confirm a discussion here: (id, name).

    Raises:
        AccessDenied: not a staff account.
    """
    ensure(by, Permission.KEEP_REVALIDATION)
    today = date.today()
    with runtime.current().db.read() as session:
        rows = session.execute(
            select(SupervisionPair, Person.name)
            .join(Person, Person.id == SupervisionPair.supervisor_id)
            .where(SupervisionPair.supervisee_id == by.person_id)
            .order_by(Person.name)
        ).all()
    return list(dict.fromkeys((p.supervisor_id, name) for p, name in rows if p.is_active(today)))


def _checked_details(details: dict[str, str]) -> dict[str, str]:
    cleaned = {}
    for field in forms().discussion.fields:
        value = clean_text(details.get(field.id) or "").strip()
        if not value:
            raise AnswerRejected(f"Please fill in \u201c{field.label}\u201d.")
        if len(value) > field.limit:
            raise AnswerRejected(f"\u201c{field.label}\u201d can be up to {field.limit:,} characters.")
        cleaned[field.id] = value
    return cleaned


def save_discussion(
    *, discussed_on: date, details: dict[str, str], partner_id: int | None = None, discussion_id: int | None = None, by: Actor
) -> int:
    """Keep the reflective discussion form. With `partner_id` (one of my supervisors in an
    active pair), they are asked to confirm it in Reflect; a change asks them again.

    Raises:
        AccessDenied: not a staff account.
        NotFound: not a discussion of mine.
        AnswerRejected: a field empty or too long, a date ahead, or a partner who isn't my supervisor.
    """
    ensure(by, Permission.KEEP_REVALIDATION)
    cleaned = _checked_details(details)
    if discussed_on > date.today():
        raise AnswerRejected("The date can't be in the future.")
    if partner_id is not None and partner_id not in {p for p, _ in partners(by=by)}:
        raise AnswerRejected("Only one of your supervisors in Reflect can confirm a discussion here.")
    form = forms()
    rt = runtime.current()
    with rt.db.write(by=by) as session:
        sealed = Vault(session, rt.server_key, by=by).seal(by.person_id, json.dumps(cleaned, ensure_ascii=False))
        if discussion_id is None:
            row = ReflectiveDiscussion(
                owner_id=by.person_id, partner_id=partner_id, form_id=form.id, form_version=form.version,
                discussed_on=discussed_on, details=sealed,
            )
            session.add(row)
            session.flush()
        else:
            row = _own(session, by, discussion_id)
            row.partner_id, row.discussed_on, row.details, row.updated_at = partner_id, discussed_on, sealed, utcnow()
            row.confirmed_at = None
        audit.record(session, by=by, action="reflective_discussion_kept", subject_id=partner_id or by.person_id, object_type="reflective_discussion", object_id=row.id)
        return row.id


def discussions(*, by: Actor) -> list[DiscussionView]:
    """My reflective discussion forms, newest first.

    Raises:
        AccessDenied: not a staff account.
    """
    ensure(by, Permission.KEEP_REVALIDATION)
    rt = runtime.current()
    with rt.db.read() as session:
        rows = newest_first(session, ReflectiveDiscussion, ReflectiveDiscussion.discussed_on, by)
        names = dict(session.execute(select(Person.id, Person.name).where(Person.id.in_({r.partner_id for r in rows if r.partner_id}))).all())
        vault = Vault(session, rt.server_key, by=by)
        return [
            DiscussionView(
                id=r.id, discussed_on=r.discussed_on, details=json.loads(vault.open(r.details) or "{}"), partner_id=r.partner_id,
                partner_name=names.get(r.partner_id), confirmed_at=r.confirmed_at,
            )
            for r in rows
        ]


def _discussion_ref(session: Session, row: ReflectiveDiscussion) -> DiscussionRef:
    today = date.today()
    pair = session.scalars(
        select(SupervisionPair).where(SupervisionPair.supervisor_id == row.partner_id, SupervisionPair.supervisee_id == row.owner_id)
    ).all() if row.partner_id else []
    active = next((p for p in pair if p.is_active(today)), None)
    ref = PairRef(active.supervisor_id, active.supervisee_id, True) if active else None
    return DiscussionRef(row.owner_id, row.partner_id, ref)


def to_confirm(*, by: Actor) -> list[ToConfirm]:
    """Discussions my supervisees ask me to confirm: who and when, nothing of the form.

    Raises:
        AccessDenied: not a staff account.
    """
    ensure(by, Permission.KEEP_REVALIDATION)
    with runtime.current().db.read() as session:
        rows = session.execute(
            select(ReflectiveDiscussion, Person.name)
            .join(Person, Person.id == ReflectiveDiscussion.owner_id)
            .where(ReflectiveDiscussion.partner_id == by.person_id, ReflectiveDiscussion.confirmed_at.is_(None))
            .order_by(ReflectiveDiscussion.discussed_on)
        ).all()
        return [ToConfirm(r.id, name, r.discussed_on) for r, name in rows if can(by, Permission.CONFIRM_DISCUSSION, _discussion_ref(session, r))]


def confirm_discussion(*, discussion_id: int, by: Actor) -> None:
    """As the partner named on a supervisee's reflective discussion, confirm we had it.

    Raises:
        NotFound: not a discussion I am the partner of (or the pair has ended).
    """
    with runtime.current().db.write(by=by) as session:
        row = session.get(ReflectiveDiscussion, discussion_id)
        if row is None:
            raise NotFound("That discussion isn't there.")
        ensure(by, Permission.CONFIRM_DISCUSSION, _discussion_ref(session, row))
        row.confirmed_at = utcnow()
        audit.record(session, by=by, action="reflective_discussion_confirmed", subject_id=row.owner_id, object_type="reflective_discussion", object_id=row.id)


def _discussion_document(by: Actor, view: DiscussionView) -> nmc_forms.DiscussionDocument:
    form = forms()
    confirmed = None
    if view.confirmed_at is not None and view.partner_name:
        confirmed = f"Confirmed in Reflect by {view.partner_name} on {view.confirmed_at.day} {view.confirmed_at:%B %Y}."
    return nmc_forms.DiscussionDocument(
        form_title=form.discussion.title, form_note=form.discussion.form_note, registrant=by.name,
        fields=tuple((f.label, view.details.get(f.id, "")) for f in form.discussion.fields), date_label=form.discussion.date_label,
        discussed_on=view.discussed_on, statement=form.discussion.statement, confirmed=confirmed, cited=form.cited,
    )


def _my_discussion(by: Actor, discussion_id: int) -> DiscussionView:
    found = next((d for d in discussions(by=by) if d.id == discussion_id), None)
    if found is None:
        raise NotFound("That discussion isn't there.")
    return found


def discussion_pdf(*, discussion_id: int, by: Actor) -> bytes:
    """My reflective discussion form as PDF. Recorded in the audit.

    Raises:
        AccessDenied: not a staff account.
        NotFound: not a discussion of mine.
    """
    pdf = nmc_forms.discussion_pdf(_discussion_document(by, _my_discussion(by, discussion_id)))
    _downloaded(by, discussion_id, "pdf")
    return pdf


def discussion_docx(*, discussion_id: int, by: Actor) -> bytes:
    """My reflective discussion form as a Word document. Recorded in the audit.

    Raises:
        AccessDenied: not a staff account.
        NotFound: not a discussion of mine.
    """
    docx = nmc_forms.discussion_docx(_discussion_document(by, _my_discussion(by, discussion_id)))
    _downloaded(by, discussion_id, "docx")
    return docx
