"""My data as a readable PDF: a pure function of the export's plain data (the same dict the JSON
download holds), laid out section by section. A person's words are escaped so they stay words."""

from __future__ import annotations

import io
import json
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

TITLE = "My data in Reflect"
MARK = "PERSONAL AND CONFIDENTIAL"
_MARGIN = 2 * cm


def _styles() -> dict[str, ParagraphStyle]:
    base = getSampleStyleSheet()
    return {
        "title": ParagraphStyle("title", parent=base["Title"], fontSize=18),
        "h1": ParagraphStyle("h1", parent=base["Heading1"], fontSize=14, spaceBefore=12),
        "h2": ParagraphStyle("h2", parent=base["Heading2"], fontSize=11.5, spaceBefore=8),
        "body": ParagraphStyle("body", parent=base["BodyText"], fontSize=10, leading=13.5),
        "small": ParagraphStyle("small", parent=base["BodyText"], fontSize=8.5, leading=11),
    }


def _text(value: Any) -> str:
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (dict, list)):
        value = json.dumps(value, ensure_ascii=False)
    return escape(str(value)).replace("\n", "<br/>")


class _Story(list):
    def __init__(self) -> None:
        super().__init__()
        self.styles = _styles()

    def add(self, text: str, style: str = "body") -> None:
        self.append(Paragraph(text, self.styles[style]))

    def heading(self, text: str, style: str = "h1") -> None:
        self.add(escape(text), style)

    def field(self, label: str, value: Any, style: str = "body") -> None:
        self.add(f"<b>{escape(label)}:</b> {_text(value)}", style)

    def fields(self, row: dict[str, Any], skip: tuple[str, ...] = ()) -> None:
        for key, value in row.items():
            if key not in skip:
                self.field(key.replace("_", " ").capitalize(), value, "small")


def _entries(story: _Story, entries: list[dict]) -> None:
    story.heading(f"Quick checks, reflections and profile ({len(entries)})")
    for entry in entries:
        when = (entry["completed_at"] or entry["updated_at"] or "")[:10]
        story.heading(f"{entry['stage'].replace('_', ' ').capitalize()} {entry['id']}, {when} ({entry['status']})", "h2")
        shown = False
        for section in entry["readable"]:
            for line in section["answers"]:
                story.field(line["question"], line["answer"])
                shown = True
        if not shown and entry["answers"]:
            for key, value in entry["answers"].items():
                story.field(key, value)
        if entry["revisions"]:
            story.add(f"{len(entry['revisions'])} earlier saved version(s) are in the JSON download.", "small")


def _simple(story: _Story, title: str, rows: list[dict], text_fields: tuple[str, ...], label: str) -> None:
    story.heading(f"{title} ({len(rows)})")
    for row in rows:
        story.heading(f"{label} {row.get('id', '')}".strip(), "h2")
        for key in text_fields:
            if row.get(key) not in (None, "", {}, []):
                story.field(key.replace("_", " ").capitalize(), row[key])
        story.fields(row, skip=text_fields + ("id", "photo_base64"))


def my_data_pdf(data: dict[str, Any]) -> bytes:
    """The PDF of one person's export. Every page carries the confidential mark and its number."""
    buffer = io.BytesIO()
    person = data["person"]
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=_MARGIN,
        rightMargin=_MARGIN,
        topMargin=_MARGIN,
        bottomMargin=_MARGIN,
        title=TITLE,
        author="Reflect",
        lang="en-GB",
    )
    story = _Story()
    story.heading(TITLE, "title")
    story.add(
        f"For {_text(person['name'])} ({_text(person['email'])}), made {_text(data['exported_at'][:16].replace('T', ' '))} UTC. "
        "The JSON download holds the same records in a form other programs can read."
    )
    story.field("Roles", ", ".join(person["roles"]))
    story.field("Teams", ", ".join(t["name"] + (" (lead)" if t["lead"] else "") for t in person["teams"]) or "none")
    story.append(Spacer(1, 6))
    _entries(story, data["entries"])
    _simple(story, "Learning notes offered to a team", data["learning_notes"], ("body",), "Learning note")
    _simple(story, "Talents register entries", data["register_entries"], ("description", "availability"), "Entry")
    story.heading("Biography")
    if data["biography"] is None:
        story.add("No biography written.")
    else:
        for key, value in data["biography"]["answers"].items():
            story.field(key.replace("_", " ").capitalize(), value)
        story.fields(data["biography"], skip=("answers", "photo_base64"))
    _simple(story, "Supervision pairs", data["supervision_pairs"], (), "Pair")
    _simple(story, "What I shared with a supervisor", data["shares"], ("profile_item",), "Shared item")
    _simple(story, "Supervision sessions", data["supervision_sessions"], ("my_comment", "my_notes"), "Session")
    _simple(story, "Supervision actions", data["supervision_actions"], ("text",), "Action")
    _simple(story, "Development goals I wrote", data["development_goals"], ("goal",), "Goal")
    plan = data["wellness_at_work_plan"]
    _simple(story, "My Wellness at Work plan, every version", plan["versions"], ("what_keeps_me_well", "early_signs", "what_helps", "adjustments"), "Version")
    _simple(story, "Shares of my Wellness at Work plan", plan["shares"], (), "Share")
    _simple(story, "Reflective accounts for revalidation", data.get("reflective_accounts", []), ("parts",), "Reflective account")
    _simple(story, "Reflective discussions", data.get("reflective_discussions", []), ("details",), "Reflective discussion")
    _simple(story, "Revalidation plan", data.get("revalidation_plan", []), (), "Plan")
    _simple(story, "CPD, feedback and practice hours", data.get("revalidation_records", []), ("note",), "Record")
    _simple(story, "CPD profile", data.get("cpd_profile", []), ("summary", "statement", "evidence"), "Profile")
    story.heading(f"Sign-in sessions ({len(data['sign_in_sessions'])})")
    for s in data["sign_in_sessions"]:
        story.add(
            f"{_text(s['started_at'][:16])}: {_text(s['method'])}, ended {_text((s['ended_at'] or 'not yet')[:16])} {_text(s['end_reason'] or '')}",
            "small",
        )
    _simple(story, "Passkeys that open my private notes", data.get("passkeys", []), ("name",), "Passkey")
    story.heading(f"Audit events by me or about me ({len(data['audit_events'])})")
    for e in data["audit_events"]:
        about = "about me" if e["about_me"] else "by me"
        story.add(f"{_text(e['at'][:16])} {_text(e['action'].replace('_', ' '))}, by {_text(e['by'])} ({about})", "small")

    def decorate(canvas, _doc) -> None:
        canvas.saveState()
        canvas.setFont("Helvetica", 8)
        canvas.drawString(_MARGIN, 1.2 * cm, MARK)
        canvas.drawRightString(A4[0] - _MARGIN, 1.2 * cm, f"Page {canvas.getPageNumber()}")
        canvas.restoreState()

    doc.build(story, onFirstPage=decorate, onLaterPages=decorate)
    return buffer.getvalue()
