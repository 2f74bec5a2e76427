"""The HCPC CPD profile as PDF and DOCX: the summary of practice, the dated CPD activities with
any gap of three months or more pointed out, the personal statement under each standard, and
the evidence list. A pure function of plain, already-permitted text, laid out with the same
parts as the NMC forms (reflect/reports/nmc_forms.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from xml.sax.saxutils import escape

from reportlab.platypus import Paragraph, Spacer

from reflect.reports.nmc_forms import WIDTH, boxed, docx_bytes, docx_start, label_row, long_day, markup, pdf_bytes, styles


@dataclass(frozen=True)
class ProfileDocument:
    title: str
    name: str
    made_on: date
    summary_heading: str
    summary: str
    activities_heading: str
    activities: tuple[tuple[date, str, str], ...]  # (date, hours, note)
    gaps: tuple[tuple[date, date, int], ...]  # (after, until, months)
    gap_note: str
    statement_heading: str
    statement: tuple[tuple[str, str], ...]  # (standard, the person's words)
    evidence_heading: str
    evidence: tuple[str, ...]
    cited: str


def _gap_line(doc: ProfileDocument, after: date, until: date, months: int) -> str:
    return f"{months} months with no CPD recorded, {long_day(after)} to {long_day(until)}. {doc.gap_note}"


def profile_pdf(doc: ProfileDocument) -> bytes:
    """The profile as PDF bytes."""
    s = styles()
    story: list = [Paragraph(escape(doc.title), s["title"]), Paragraph(f"{escape(doc.name)}, {long_day(doc.made_on)}", s["note"]), Spacer(1, 10)]
    story += [boxed([[Paragraph(escape(doc.summary_heading), s["heading"])], [Paragraph(markup(doc.summary) or "&nbsp;", s["body"])]]), Spacer(1, 8)]
    rows = [[Paragraph(escape(doc.activities_heading), s["heading"]), Paragraph("", s["body"])]]
    rows += [[Paragraph(long_day(on), s["body"]), Paragraph(escape(hours) + (f"<br/>{markup(note)}" if note else ""), s["body"])] for on, hours, note in doc.activities]
    story += [boxed(rows, [WIDTH * 0.3, WIDTH * 0.7])]
    for after, until, months in doc.gaps:
        story += [Spacer(1, 4), Paragraph(escape(_gap_line(doc, after, until, months)), s["note"])]
    story += [Spacer(1, 8), Paragraph(escape(doc.statement_heading), s["heading"]), Spacer(1, 4)]
    for standard, text in doc.statement:
        story += [boxed([[Paragraph(escape(standard), s["heading"])], [Paragraph(markup(text) or "&nbsp;", s["body"])]]), Spacer(1, 6)]
    evidence = [[Paragraph(escape(doc.evidence_heading), s["heading"])]] + [[Paragraph(markup(line), s["body"])] for line in doc.evidence]
    story += [boxed(evidence), Spacer(1, 10), Paragraph("Follows: " + escape(doc.cited), s["small"])]
    return pdf_bytes(story, doc.title)


def profile_docx(doc: ProfileDocument) -> bytes:
    """The profile as a Word document."""
    document = docx_start(doc.title, f"{doc.name}, {long_day(doc.made_on)}")
    document.add_heading(doc.summary_heading, level=2)
    document.add_paragraph(doc.summary)
    document.add_heading(doc.activities_heading, level=2)
    table = document.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for on, hours, note in doc.activities:
        label_row(table, long_day(on), hours + (f"\n{note}" if note else ""))
    for after, until, months in doc.gaps:
        document.add_paragraph(_gap_line(doc, after, until, months))
    document.add_heading(doc.statement_heading, level=2)
    for standard, text in doc.statement:
        document.add_paragraph().add_run(standard).bold = True
        document.add_paragraph(text)
    document.add_heading(doc.evidence_heading, level=2)
    for line in doc.evidence:
        document.add_paragraph(line, style="List Bullet")
    return docx_bytes(document, doc.cited)
