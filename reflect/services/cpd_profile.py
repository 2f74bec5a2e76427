"""The HCPC CPD profile: a summary of practice (about 500 words), the dated list of CPD activities
over the last two years (from the person's CPD log), a personal statement showing how standards
3 to 5 are met (about 1,500 words in all), the evidence list, and any gap of three months or more
pointed out. The person's alone, sealed with their key, guarded like a reflective account.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date

from reflect import runtime
from reflect.models import CpdProfile, utcnow
from reflect.questions.regulators import CpdProfileForm, hcpc
from reflect.reports import hcpc_profile
from reflect.services import audit
from reflect.services import revalidation_tracker as tracker
from reflect.services.access import Actor, Permission, ensure
from reflect.questions.answers import AnswerRejected
from reflect.services.vault import Vault
from reflect.text import clean_text

# "About" 500 and 1,500 words: the page counts as the person writes; only far beyond is refused.
WORD_ROOM = 2
_WORD = re.compile(r"\S+")


def form() -> CpdProfileForm:
    """The HCPC's CPD profile as the prompts folder holds it."""
    return hcpc()


def words(text: str) -> int:
    """How many words `text` has, as the page counts them."""
    return len(_WORD.findall(text))


@dataclass(frozen=True)
class ProfileView:
    summary: str = ""
    statement: dict[str, str] = field(default_factory=dict)  # standard id -> the person's words
    evidence: str = ""


def mine(*, by: Actor) -> ProfileView:
    """My CPD profile as I last saved it (empty if I haven't).

    Raises:
        AccessDenied: not a staff account.
    """
    ensure(by, Permission.KEEP_REVALIDATION)
    rt = runtime.current()
    with rt.db.read() as session:
        row = session.get(CpdProfile, by.person_id)
        if row is None:
            return ProfileView()
        body = json.loads(Vault(session, rt.server_key, by=by).open(row.body) or "{}")
    return ProfileView(body.get("summary", ""), dict(body.get("statement", {})), body.get("evidence", ""))


def save(*, summary: str, statement: dict[str, str], evidence: str, by: Actor) -> None:
    """Save my CPD profile.

    Raises:
        AccessDenied: not a staff account.
        AnswerRejected: a part far longer than the HCPC asks, or a detail that could identify someone.
    """
    ensure(by, Permission.KEEP_REVALIDATION)
    shape = form()
    cleaned = {
        "summary": clean_text(summary).strip(),
        "statement": {s.id: clean_text(statement.get(s.id) or "").strip() for s in shape.standards},
        "evidence": clean_text(evidence).strip(),
    }
    if words(cleaned["summary"]) > WORD_ROOM * shape.summary.words:
        raise AnswerRejected(f"The HCPC asks for a summary of about {shape.summary.words:,} words. Please shorten it.")
    if sum(words(t) for t in cleaned["statement"].values()) > WORD_ROOM * shape.statement.words:
        raise AnswerRejected(f"The HCPC asks for a statement of about {shape.statement.words:,} words in all. Please shorten it.")
    guard = runtime.current().phrasing
    for text in (cleaned["summary"], *cleaned["statement"].values(), cleaned["evidence"]):
        if text and guard.has_identifying(text):
            raise AnswerRejected("Some details could identify someone. Please describe people by their role only.")
    rt = runtime.current()
    with rt.db.write(by=by) as session:
        sealed = Vault(session, rt.server_key, by=by).seal_private(by.person_id, json.dumps(cleaned, ensure_ascii=False))
        row = session.get(CpdProfile, by.person_id)
        if row is None:
            row = CpdProfile(owner_id=by.person_id, form_id=shape.id, form_version=shape.version, body=sealed)
            session.add(row)
        row.body, row.form_version, row.updated_at = sealed, shape.version, utcnow()
        audit.record(session, by=by, action="cpd_profile_saved", subject_id=by.person_id, object_type="cpd_profile")


def _document(by: Actor, today: date | None = None) -> hcpc_profile.ProfileDocument:
    shape, view = form(), mine(by=by)
    today = today or date.today()
    start = today.replace(year=today.year - tracker.LOG_YEARS) if not (today.month == 2 and today.day == 29) else today.replace(year=today.year - tracker.LOG_YEARS, day=28)
    activities = tuple(
        (r.done_on, f"{r.hours:g} hours" + (", participatory" if r.participatory else ""), r.note)
        for r in sorted(tracker.records(by=by), key=lambda r: r.done_on)
        if r.kind == "cpd" and r.done_on >= start
    )
    gaps = tuple((g.after, g.until, g.months) for g in tracker.cpd_gaps(by=by, today=today))
    return hcpc_profile.ProfileDocument(
        title=shape.title, name=by.name, made_on=today, summary_heading=shape.summary.heading, summary=view.summary,
        activities_heading=shape.activities_heading, activities=activities, gaps=gaps, gap_note=shape.gap_note,
        statement_heading=shape.statement.heading, statement=tuple((s.label, view.statement.get(s.id, "")) for s in shape.standards),
        evidence_heading=shape.evidence.heading, evidence=tuple(line.strip() for line in view.evidence.splitlines() if line.strip()),
        cited=shape.cited,
    )


def _downloaded(by: Actor, fmt: str) -> None:
    with runtime.current().db.write(by=by) as session:
        audit.record(session, by=by, action=f"cpd_profile_downloaded_{fmt}", subject_id=by.person_id, object_type="cpd_profile")


def profile_pdf(*, by: Actor) -> bytes:
    """My CPD profile as PDF, with my CPD log and its gaps. Recorded in the audit.

    Raises:
        AccessDenied: not a staff account.
    """
    pdf = hcpc_profile.profile_pdf(_document(by))
    _downloaded(by, "pdf")
    return pdf


def profile_docx(*, by: Actor) -> bytes:
    """My CPD profile as a Word document. Recorded in the audit.

    Raises:
        AccessDenied: not a staff account.
    """
    docx = hcpc_profile.profile_docx(_document(by))
    _downloaded(by, "docx")
    return docx
