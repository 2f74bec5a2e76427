"""A practitioner's Wellness at Work plan (ImROC Briefing Paper 17, 10.1-10.2): what keeps me well,
the early signs that things are getting harder, what helps, and the adjustments agreed, each
with the date agreed and a date to look at it again.

The plan is its owner's. Every save is a new version and every version is kept. Nobody else
reads it unless its owner shares a version with the supervisor of one of their pairs; they can
withdraw that share at any time, with effect at once, and the withdrawal is written to the
decision ledger so a restore never brings the share back. A share belongs to one pair: a new
supervisor or manager is a new pair and sees the plan only if its owner shares it with them.
A supervisor's opening of a shared plan is audited, so its owner can see it. The plan is in
its owner's export and goes with them on erasure."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from reflect import runtime
from reflect.ledger import DecisionKind
from reflect.models import Person, SupervisionPair, WellnessPlanShare, WellnessPlanVersion, utcnow
from reflect.questions import QuestionSet
from reflect.services import audit, private_text, shared_copies
from reflect.services.access import Actor, PairRef, Permission, WellnessShareRef, can, ensure
from reflect.services.journeys import AnswerRejected, NotFound
from reflect.services.vault import Vault
from reflect.text import clean_text

FIELDS = ("keeps_well", "early_signs", "what_helps")
TEXT_LIMIT = 3000
ADJUSTMENT_LIMIT = 500
MAX_ADJUSTMENTS = 10
PLAN_OPENED = "wellness_plan_opened"


@dataclass(frozen=True)
class Adjustment:
    text: str
    agreed_on: date | None = None
    review_on: date | None = None


@dataclass(frozen=True)
class PlanVersion:
    id: int
    version: int
    keeps_well: str
    early_signs: str
    what_helps: str
    adjustments: tuple[Adjustment, ...]
    saved_at: datetime
    reviewed_on: date | None


@dataclass(frozen=True)
class PlanShare:
    """One share of my plan, as its owner sees it."""

    id: int
    pair_id: int
    supervisor_name: str
    version: int
    shared_at: datetime
    withdrawn_at: datetime | None


@dataclass(frozen=True)
class SharedPlan:
    """A plan shared with me as a supervisor: the version its owner shared."""

    share_id: int
    owner_name: str
    shared_at: datetime
    plan: PlanVersion


def prompts() -> QuestionSet:
    """The Wellness at Work plan's question set in use now.

    Raises:
        LookupError: the catalogue has no wellness plan set.
    """
    sets = runtime.current().catalogue.by_kind("wellness_plan")
    if not sets:
        raise LookupError("no wellness plan question set")
    return sets[0]


def _checked(text: str, limit: int) -> str:
    text = clean_text(text or "").strip()
    if len(text) > limit:
        raise AnswerRejected(f"Please keep each part to {limit:,} characters or fewer.")
    return text


def _document(keeps_well: str, early_signs: str, what_helps: str, adjustments: list[Adjustment]) -> dict:
    parts = {"keeps_well": _checked(keeps_well, TEXT_LIMIT), "early_signs": _checked(early_signs, TEXT_LIMIT), "what_helps": _checked(what_helps, TEXT_LIMIT)}
    kept = []
    for item in adjustments:
        text = _checked(item.text, ADJUSTMENT_LIMIT)
        if not text:
            continue
        if item.agreed_on and item.review_on and item.review_on < item.agreed_on:
            raise AnswerRejected("An adjustment's review date is before the date it was agreed. Please check the dates.")
        kept.append({"text": text, "agreed_on": item.agreed_on.isoformat() if item.agreed_on else None, "review_on": item.review_on.isoformat() if item.review_on else None})
    if len(kept) > MAX_ADJUSTMENTS:
        raise AnswerRejected(f"Please keep the plan to {MAX_ADJUSTMENTS} adjustments or fewer.")
    if not any(parts.values()) and not kept:
        raise AnswerRejected("The plan is empty. Please write at least one part before saving.")
    return parts | {"adjustments": kept}


def _view(vault: Vault, row: WellnessPlanVersion, raw: str | None = None) -> PlanVersion | None:
    """A version opened with its owner's key, or from `raw`, the text sealed for a supervisor."""
    raw = raw if raw is not None else vault.open(row.content)
    if raw is None:
        return None
    doc = json.loads(raw)
    adjustments = tuple(
        Adjustment(a["text"], date.fromisoformat(a["agreed_on"]) if a.get("agreed_on") else None, date.fromisoformat(a["review_on"]) if a.get("review_on") else None)
        for a in doc.get("adjustments", [])
    )
    return PlanVersion(row.id, row.version, doc.get("keeps_well", ""), doc.get("early_signs", ""), doc.get("what_helps", ""), adjustments, row.created_at, row.reviewed_on)


def save(*, keeps_well: str = "", early_signs: str = "", what_helps: str = "", adjustments: list[Adjustment] | None = None, by: Actor) -> int:
    """Save my plan as a new version (every earlier version is kept). Returns its number.
    A share stays on the version it shared: sharing the new one is my choice.

    Raises:
        AccessDenied: not a staff account.
        AnswerRejected: empty, too long, too many adjustments, or a review before its agreement.
    """
    ensure(by, Permission.KEEP_OWN_WELLNESS_PLAN)
    document = _document(keeps_well, early_signs, what_helps, list(adjustments or []))
    rt = runtime.current()
    with rt.db.write(by=by) as session:
        latest = session.scalar(select(func.max(WellnessPlanVersion.version)).where(WellnessPlanVersion.owner_id == by.person_id)) or 0
        row = WellnessPlanVersion(
            owner_id=by.person_id, version=latest + 1,
            content=Vault(session, rt.server_key, by=by).seal_private(by.person_id, json.dumps(document, ensure_ascii=False)),
        )
        session.add(row)
        session.flush()
        audit.record(session, by=by, action="wellness_plan_saved", subject_id=by.person_id, object_type="wellness_plan", object_id=row.id)
        return row.version


def versions(*, by: Actor, limit: int = 50) -> list[PlanVersion]:
    """My plan's versions, newest first (the first is the current plan)."""
    ensure(by, Permission.KEEP_OWN_WELLNESS_PLAN)
    rt = runtime.current()
    with rt.db.read() as session:
        rows = session.scalars(
            select(WellnessPlanVersion).where(WellnessPlanVersion.owner_id == by.person_id).order_by(WellnessPlanVersion.version.desc()).limit(limit)
        ).all()
        vault = Vault(session, rt.server_key, by=by)
        return [v for v in (_view(vault, row) for row in rows) if v is not None]


def mark_reviewed(*, version: int, reviewed_on: date, by: Actor) -> None:
    """Record the day I went through this version of my plan in supervision.

    Raises:
        AccessDenied: not a staff account.
        NotFound: no such version of my plan.
        AnswerRejected: a date in the future.
    """
    ensure(by, Permission.KEEP_OWN_WELLNESS_PLAN)
    if reviewed_on > date.today():
        raise AnswerRejected("That date is in the future. Please record a review once it has happened.")
    with runtime.current().db.write(by=by) as session:
        row = session.scalar(select(WellnessPlanVersion).where(WellnessPlanVersion.owner_id == by.person_id, WellnessPlanVersion.version == version))
        if row is None:
            raise NotFound("That version of your plan isn't there.")
        row.reviewed_on = reviewed_on
        audit.record(session, by=by, action="wellness_plan_reviewed", subject_id=by.person_id, object_type="wellness_plan", object_id=row.id)


def _ref(pair: SupervisionPair) -> PairRef:
    return PairRef(pair.supervisor_id, pair.supervisee_id, pair.is_active(date.today()))


def _my_pair(session: Session, by: Actor, pair_id: int) -> SupervisionPair:
    pair = session.get(SupervisionPair, pair_id)
    if pair is None or not can(by, Permission.SHARE_WITH_SUPERVISOR, _ref(pair)) or not _ref(pair).active:
        raise NotFound("That supervision pair isn't there.")
    return pair


def _withdraw(session: Session, share: WellnessPlanShare) -> None:
    """Withdraw a share, recorded in the decision ledger before the commit; the copy sealed
    for the supervisor goes in the same unit of work."""
    share.withdrawn_at = utcnow()
    shared_copies.forget_plan_shares(session, [share.id])
    runtime.current().ledger.record(DecisionKind.WELLNESS_SHARE_WITHDRAWN, [share.public_id], at=share.withdrawn_at)


def share(*, pair_id: int, by: Actor) -> int:
    """Share the current version of my plan with the supervisor of one of my active pairs (in
    place of any version shared with them before). Returns the share's id.

    Raises:
        AccessDenied: not a staff account.
        NotFound: not my active pair.
        AnswerRejected: I have no plan yet.
        NoKeyYet: the supervisor has no key for shared items yet (nothing is shared).
        PrivateLocked: my own key is locked in this session.
    """
    ensure(by, Permission.SHARE_WITH_SUPERVISOR)
    rt = runtime.current()
    with rt.db.write(by=by) as session:
        pair = _my_pair(session, by, pair_id)
        # Checked before any earlier share is withdrawn (a withdrawal is written to the ledger).
        shared_copies.check_can_seal(session, Vault(session, rt.server_key, by=by), by.person_id, pair.supervisor_id)
        latest = session.scalar(
            select(WellnessPlanVersion).where(WellnessPlanVersion.owner_id == by.person_id).order_by(WellnessPlanVersion.version.desc()).limit(1)
        )
        if latest is None:
            raise AnswerRejected("There is no plan to share yet. Write and save your plan first.")
        for earlier in session.scalars(
            select(WellnessPlanShare).where(WellnessPlanShare.pair_id == pair.id, WellnessPlanShare.owner_id == by.person_id, WellnessPlanShare.withdrawn_at.is_(None))
        ):
            if earlier.version_id == latest.id:
                return earlier.id  # shared as it stands already
            _withdraw(session, earlier)
        row = WellnessPlanShare(owner_id=by.person_id, pair_id=pair.id, version_id=latest.id)
        session.add(row)
        session.flush()
        # The version as it stands, sealed for the supervisor alone; my plan stays private.
        shared_copies.seal_plan(session, Vault(session, rt.server_key, by=by), row, pair.supervisor_id, latest.content)
        audit.record(session, by=by, action="wellness_plan_shared", subject_id=by.person_id, object_type="wellness_plan_share", object_id=row.id)
        return row.id


def withdraw(*, share_id: int, by: Actor) -> None:
    """Withdraw a share of my plan: the supervisor no longer sees it, from this moment, and no
    restore of an older backup brings it back.

    Raises:
        AccessDenied: not a staff account.
        NotFound: not a share of mine.
    """
    ensure(by, Permission.KEEP_OWN_WELLNESS_PLAN)
    with runtime.current().db.write(by=by) as session:
        row = session.get(WellnessPlanShare, share_id)
        if row is None or not can(by, Permission.KEEP_OWN_WELLNESS_PLAN, row.owner_id):
            raise NotFound("That share isn't there.")
        if row.withdrawn_at is not None:
            return
        _withdraw(session, row)
        vault = Vault(session, runtime.current().server_key, by=by)
        if vault.private_unlocked(by.person_id):
            private_text.make_private(session, vault, by.person_id, plan_version_ids=[row.version_id])
        session.flush()
        audit.record(session, by=by, action="wellness_plan_share_withdrawn", subject_id=by.person_id, object_type="wellness_plan_share", object_id=row.id)


def my_shares(*, by: Actor) -> list[PlanShare]:
    """Every share of my plan, live ones first, newest first."""
    ensure(by, Permission.KEEP_OWN_WELLNESS_PLAN)
    with runtime.current().db.read() as session:
        rows = session.execute(
            select(WellnessPlanShare, WellnessPlanVersion.version, Person.name)
            .join(WellnessPlanVersion, WellnessPlanVersion.id == WellnessPlanShare.version_id)
            .join(SupervisionPair, SupervisionPair.id == WellnessPlanShare.pair_id)
            .join(Person, Person.id == SupervisionPair.supervisor_id)
            .where(WellnessPlanShare.owner_id == by.person_id)
            .order_by(WellnessPlanShare.withdrawn_at.is_not(None), WellnessPlanShare.shared_at.desc(), WellnessPlanShare.id.desc())
        ).all()
        return [PlanShare(s.id, s.pair_id, name, version, s.shared_at, s.withdrawn_at) for s, version, name in rows]


def shared_with_me(*, pair_id: int, by: Actor) -> SharedPlan | None:
    """As a supervisor: the plan my supervisee shares with me in this pair, if they do. The
    opening is recorded, and they can see it.

    Raises:
        AccessDenied: not a supervisor.
        NotFound: not my active supervisee's pair.
    """
    ensure(by, Permission.SUPERVISE)
    rt = runtime.current()
    with rt.db.read() as session:
        pair = session.get(SupervisionPair, pair_id)
        if pair is None or not can(by, Permission.SUPERVISE, _ref(pair)):
            raise NotFound("That supervision pair isn't there.")
        row = session.scalar(
            select(WellnessPlanShare)
            .where(WellnessPlanShare.pair_id == pair.id, WellnessPlanShare.owner_id == pair.supervisee_id, WellnessPlanShare.withdrawn_at.is_(None))
            .order_by(WellnessPlanShare.shared_at.desc())
            .limit(1)
        )
        if row is None or not can(by, Permission.READ_SHARED_WELLNESS_PLAN, WellnessShareRef(row.owner_id, _ref(pair), row.withdrawn_at is not None)):
            return None
        version = session.get(WellnessPlanVersion, row.version_id)
        vault = Vault(session, rt.server_key, by=by)
        shared = shared_copies.Copies(session, vault, by.person_id).plan(row.id)
        plan = _view(vault, version, shared) if version is not None else None
        owner = session.get(Person, row.owner_id)
        if plan is None or owner is None:
            return None
        found, owner_id = SharedPlan(row.id, owner.name, row.shared_at, plan), row.owner_id
    audit.record_reads_once(by=by, action=PLAN_OPENED, object_type="wellness_plan_share", reads={owner_id: [found.share_id]})
    return found


def for_export(session: Session, vault: Vault, person_id: int) -> dict:
    """Every version of a person's plan and every share of it, for their own export."""
    rows = session.scalars(select(WellnessPlanVersion).where(WellnessPlanVersion.owner_id == person_id).order_by(WellnessPlanVersion.version)).all()
    shares = session.scalars(select(WellnessPlanShare).where(WellnessPlanShare.owner_id == person_id).order_by(WellnessPlanShare.id)).all()
    numbers = {r.id: r.version for r in rows}
    out_versions = []
    for row in rows:
        view = _view(vault, row)
        if view is None:
            continue
        out_versions.append({
            "version": view.version, "saved_at": view.saved_at.isoformat(), "reviewed_on": view.reviewed_on.isoformat() if view.reviewed_on else None,
            "what_keeps_me_well": view.keeps_well, "early_signs": view.early_signs, "what_helps": view.what_helps,
            "adjustments": [
                {"adjustment": a.text, "agreed_on": a.agreed_on.isoformat() if a.agreed_on else None, "review_on": a.review_on.isoformat() if a.review_on else None}
                for a in view.adjustments
            ],
        })
    return {
        "versions": out_versions,
        "shares": [
            {"version": numbers.get(s.version_id), "shared_at": s.shared_at.isoformat(), "withdrawn_at": s.withdrawn_at.isoformat() if s.withdrawn_at else None}
            for s in shares
        ],
    }


def forget_person(session: Session, person_id: int) -> None:
    """Remove a person's plan, every version and share, in an erasure's unit of work."""
    session.execute(delete(WellnessPlanShare).where(WellnessPlanShare.owner_id == person_id))
    session.execute(delete(WellnessPlanVersion).where(WellnessPlanVersion.owner_id == person_id))
