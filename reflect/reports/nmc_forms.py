"""The NMC's revalidation forms as PDF and DOCX: a written reflective account and the reflective
discussion form, laid out as the NMC's own forms are (their headings, in their order, each
answer under its heading, the Code's four themes as tick boxes).

Pure functions of plain, already-permitted text: the service decides what goes in (only what
the person kept in the regulator's version), this module only lays it out. A person's words are
escaped for ReportLab, so they stay words.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

MARK = "Personal: kept for my revalidation"
_MARGIN = 2 * cm
WIDTH = A4[0] - 2 * _MARGIN


@dataclass(frozen=True)
class AccountDocument:
    """One reflective account, as its owner kept it."""

    form_title: str
    form_note: str
    written_on: date
    kind: str  # e.g. "An instance of CPD"
    parts: tuple[tuple[str, str], ...]  # (the form's heading, the person's words)
    themes: tuple[tuple[str, bool], ...]  # (the Code's theme, chosen); none on a template without themes
    cited: str
    label: str = "Reflective account"


@dataclass(frozen=True)
class DiscussionDocument:
    """The reflective discussion form, as its owner kept it."""

    form_title: str
    form_note: str
    registrant: str  # the owner's name
    fields: tuple[tuple[str, str], ...]  # (label, value): the partner's details
    date_label: str
    discussed_on: date
    statement: str
    confirmed: str | None  # e.g. "Confirmed in Reflect by Sue Pervisor on 3 December 2026"
    cited: str


def long_day(value: date) -> str:
    return f"{value.day} {value:%B %Y}"


# --- PDF --------------------------------------------------------------------------------


def styles() -> dict[str, ParagraphStyle]:
    base = getSampleStyleSheet()
    return {
        "title": ParagraphStyle("title", parent=base["Title"], fontSize=18, spaceAfter=6),
        "note": ParagraphStyle("note", parent=base["BodyText"], fontSize=9.5, leading=12.5, textColor=colors.HexColor("#333333")),
        "heading": ParagraphStyle("heading", parent=base["BodyText"], fontName="Helvetica-Bold", fontSize=10.5, leading=13.5),
        "body": ParagraphStyle("body", parent=base["BodyText"], fontSize=10.5, leading=14),
        "small": ParagraphStyle("small", parent=base["BodyText"], fontSize=8, leading=10, textColor=colors.HexColor("#555555")),
    }


def markup(text: str) -> str:
    return escape(text).replace("\n", "<br/>")


def boxed(rows: list[list[Paragraph]], widths: list[float] | None = None) -> Table:
    table = Table(rows, colWidths=widths or [WIDTH])
    table.setStyle(
        TableStyle(
            [
                ("BOX", (0, 0), (-1, -1), 0.8, colors.black),
                ("INNERGRID", (0, 0), (-1, -1), 0.5, colors.HexColor("#888888")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 7),
            ]
        )
    )
    return table


def pdf_bytes(story: list, title: str) -> bytes:
    buffer = io.BytesIO()

    def decorate(canvas, doc) -> None:
        canvas.saveState()
        canvas.setFont("Helvetica", 8)
        canvas.drawString(_MARGIN, 1.2 * cm, MARK)
        canvas.drawRightString(A4[0] - _MARGIN, 1.2 * cm, f"Page {doc.page}")
        canvas.restoreState()

    doc = SimpleDocTemplate(
        buffer, pagesize=A4, leftMargin=_MARGIN, rightMargin=_MARGIN, topMargin=_MARGIN, bottomMargin=_MARGIN,
        title=title, author="", subject=title, creator="Reflect",
    )
    doc.build(story, onFirstPage=decorate, onLaterPages=decorate)
    return buffer.getvalue()


def account_pdf(doc: AccountDocument) -> bytes:
    """The reflective account on the form's layout, as PDF bytes."""
    s = styles()
    story: list = [Paragraph(escape(doc.form_title), s["title"]), Paragraph(escape(doc.form_note), s["note"]), Spacer(1, 10)]
    header = [
        [Paragraph(escape(doc.label), s["heading"]), Paragraph(f"Date: {long_day(doc.written_on)}", s["body"])],
        [Paragraph("This account is about", s["heading"]), Paragraph(escape(doc.kind), s["body"])],
    ]
    story += [boxed(header, [WIDTH * 0.4, WIDTH * 0.6]), Spacer(1, 8)]
    rows: list[list[Paragraph]] = []
    for index, (heading, text) in enumerate(doc.parts):
        rows.append([Paragraph(escape(heading), s["heading"])])
        if doc.themes and index == len(doc.parts) - 1:  # the Code's part: its themes first, as on the form
            ticks = "<br/>".join(f"{'[X]' if chosen else '[  ]'} {escape(theme)}" for theme, chosen in doc.themes)
            rows.append([Paragraph("The Code's themes this account relates to:<br/>" + ticks, s["body"])])
        rows.append([Paragraph(markup(text) if text else "&nbsp;", s["body"])])
    story += [boxed(rows), Spacer(1, 10), Paragraph("Follows: " + escape(doc.cited), s["small"])]
    return pdf_bytes(story, doc.form_title)


def discussion_pdf(doc: DiscussionDocument) -> bytes:
    """The reflective discussion form, as PDF bytes, with lines left for both signatures."""
    s = styles()
    story: list = [Paragraph(escape(doc.form_title), s["title"]), Paragraph(escape(doc.form_note), s["note"]), Spacer(1, 10)]
    story += [boxed([[Paragraph("Your name", s["heading"]), Paragraph(escape(doc.registrant), s["body"])]], [WIDTH * 0.4, WIDTH * 0.6])]
    story += [Spacer(1, 8), Paragraph("Details of the NMC registrant you had your reflective discussion with", s["heading"]), Spacer(1, 4)]
    rows = [[Paragraph(escape(label), s["heading"]), Paragraph(markup(value) or "&nbsp;", s["body"])] for label, value in doc.fields]
    rows.append([Paragraph(escape(doc.date_label), s["heading"]), Paragraph(long_day(doc.discussed_on), s["body"])])
    story += [boxed(rows, [WIDTH * 0.4, WIDTH * 0.6]), Spacer(1, 8)]
    story += [Paragraph(escape(doc.statement), s["body"]), Spacer(1, 8)]
    signatures = [
        [Paragraph("Signature of the NMC registrant you discussed with", s["heading"]), Paragraph("&nbsp;<br/>&nbsp;", s["body"])],
        [Paragraph("Your signature", s["heading"]), Paragraph("&nbsp;<br/>&nbsp;", s["body"])],
    ]
    story += [boxed(signatures, [WIDTH * 0.4, WIDTH * 0.6])]
    if doc.confirmed:
        story += [Spacer(1, 6), Paragraph(escape(doc.confirmed), s["body"])]
    story += [Spacer(1, 10), Paragraph("Follows: " + escape(doc.cited), s["small"])]
    return pdf_bytes(story, doc.form_title)


# --- DOCX -------------------------------------------------------------------------------


def docx_start(title: str, note: str):
    from docx import Document
    from docx.shared import Pt

    document = Document()
    document.core_properties.title = title
    document.core_properties.author = ""
    document.core_properties.comments = ""
    style = document.styles["Normal"]
    style.font.name = "Arial"
    style.font.size = Pt(10.5)
    document.add_heading(title, level=1)
    document.add_paragraph(note)
    return document


def docx_bytes(document, cited: str) -> bytes:
    document.add_paragraph("Follows: " + cited).runs[0].italic = True
    section = document.sections[0]
    section.footer.paragraphs[0].text = MARK
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def label_row(table, label: str, value: str) -> None:
    cells = table.add_row().cells
    cells[0].paragraphs[0].add_run(label).bold = True
    cells[1].text = value


def account_docx(doc: AccountDocument) -> bytes:
    """The reflective account on the form's layout, as a Word document."""
    document = docx_start(doc.form_title, doc.form_note)
    header = document.add_table(rows=0, cols=2)
    header.style = "Table Grid"
    label_row(header, doc.label, f"Date: {long_day(doc.written_on)}")
    label_row(header, "This account is about", doc.kind)
    document.add_paragraph()
    table = document.add_table(rows=0, cols=1)
    table.style = "Table Grid"
    for index, (heading, text) in enumerate(doc.parts):
        table.add_row().cells[0].paragraphs[0].add_run(heading).bold = True
        if doc.themes and index == len(doc.parts) - 1:
            ticks = table.add_row().cells[0]
            ticks.text = "The Code's themes this account relates to:"
            for theme, chosen in doc.themes:
                ticks.add_paragraph(f"{'☒' if chosen else '☐'} {theme}")
        table.add_row().cells[0].text = text
    return docx_bytes(document, doc.cited)


def discussion_docx(doc: DiscussionDocument) -> bytes:
    """The reflective discussion form as a Word document, with room for both signatures."""
    document = docx_start(doc.form_title, doc.form_note)
    mine = document.add_table(rows=0, cols=2)
    mine.style = "Table Grid"
    label_row(mine, "Your name", doc.registrant)
    document.add_paragraph().add_run("Details of the NMC registrant you had your reflective discussion with").bold = True
    table = document.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for label, value in doc.fields:
        label_row(table, label, value)
    label_row(table, doc.date_label, long_day(doc.discussed_on))
    document.add_paragraph(doc.statement)
    signatures = document.add_table(rows=0, cols=2)
    signatures.style = "Table Grid"
    label_row(signatures, "Signature of the NMC registrant you discussed with", "\n")
    label_row(signatures, "Your signature", "\n")
    if doc.confirmed:
        document.add_paragraph(doc.confirmed)
    return docx_bytes(document, doc.cited)
