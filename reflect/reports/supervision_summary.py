"""The supervision summary: a PDF of one pair's supervision over a chosen period. A pure
function of already-decrypted, already-permitted content: the service decides what goes in
(only items still shared), this module only lays it out."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from reflect.dates import day

CONFIDENTIAL = "CONFIDENTIAL: supervision record"


@dataclass(frozen=True)
class SummaryItem:
    """Something the supervisee shared and the pair discussed: a title such as
    "Reflection, 12 Nov 2026" and its (question, answer) lines, as plain text."""

    title: str
    lines: tuple[tuple[str, str], ...]
    key: str = ""  # the same key in two sessions means the same item: printed once, referred to after


@dataclass(frozen=True)
class SummaryNotes:
    """One side's notes for a session: who wrote them and their (prompt, answer) lines."""

    author: str
    lines: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class SummaryMeeting:
    held_on: date
    functions: tuple[str, ...]  # labels, e.g. "Formative: learning and developing skills"
    confirmed: bool  # the supervisee confirmed this record
    supervisee_comment: str | None  # where the supervisee sees it differently
    discussed: tuple[SummaryItem, ...]
    notes: tuple[SummaryNotes, ...]
    supervisor_experience: str | None  # what the supervisor chose to share of their own
    next_on: date | None


@dataclass(frozen=True)
class SummaryAction:
    text: str
    owner: str
    agreed_on: date | None
    due_on: date | None
    done_on: date | None


@dataclass(frozen=True)
class SupervisionSummary:
    organisation: str
    supervisor: str
    supervisee: str
    since: date
    until: date
    made_on: date
    meetings: tuple[SummaryMeeting, ...]
    # Themes of the shared items discussed: (label, count), most frequent first.
    categories: tuple[tuple[str, int], ...]
    audiences: tuple[tuple[str, int], ...]
    # Learning in the pair's own words: (date, who, text).
    learning: tuple[tuple[date, str, str], ...]
    actions: tuple[SummaryAction, ...]
    # How many sessions covered each function: (label, count).
    functions: tuple[tuple[str, int], ...]


_TEXT = colors.HexColor("#0e1116")
_ACCENT = colors.HexColor("#1f5f8b")
_MUTED = colors.HexColor("#454c53")  # still over 8:1 on white
_BAND = colors.HexColor("#e6eef5")
_RULE = colors.HexColor("#b8c7d4")
_MARGIN = 2 * cm


def _text(value: str) -> str:
    # Paragraph reads a small markup language: escape so a person's words stay words.
    return escape(value).replace("\n", "<br/>")


def _styles() -> dict[str, ParagraphStyle]:
    base = getSampleStyleSheet()
    # 12 pt body on 17 pt leading and dark text, as in the leaflet: easy to read printed or on a screen.
    body = ParagraphStyle("Body", parent=base["BodyText"], fontName="Helvetica", fontSize=12, leading=17, textColor=_TEXT, spaceAfter=4)
    bold = ParagraphStyle("Bold", parent=body, fontName="Helvetica-Bold")
    small = ParagraphStyle("Small", parent=body, fontSize=11, leading=15, spaceAfter=0)
    heading = ParagraphStyle(
        "H1", parent=bold, fontSize=17, leading=22, textColor=_ACCENT, spaceBefore=14, spaceAfter=6, keepWithNext=1
    )
    return {
        "title": ParagraphStyle("Title", parent=heading, fontSize=24, leading=30, spaceBefore=0, keepWithNext=0),
        "intro": ParagraphStyle("Intro", parent=body, spaceAfter=2),
        "h1": heading,
        "h2": ParagraphStyle("H2", parent=heading, fontSize=14, leading=19, spaceBefore=12, spaceAfter=2),
        "h3": ParagraphStyle("H3", parent=bold, spaceBefore=6, spaceAfter=2, keepWithNext=1),
        "status": ParagraphStyle("Status", parent=body, textColor=_MUTED, spaceAfter=6, keepWithNext=1),
        "item": ParagraphStyle("Item", parent=bold, textColor=_ACCENT, leftIndent=12, spaceBefore=4, spaceAfter=2, keepWithNext=1),
        "question": ParagraphStyle("Question", parent=small, fontName="Helvetica-Bold", leftIndent=12, keepWithNext=1),
        "answer": ParagraphStyle("Answer", parent=body, leftIndent=12, spaceAfter=6),
        "cell": small,
        "cell_head": ParagraphStyle("CellHead", parent=small, fontName="Helvetica-Bold"),
        "body": body,
        "closing": ParagraphStyle("Closing", parent=body, textColor=_MUTED, spaceBefore=18),
    }


class _Heading(Paragraph):
    """A heading that becomes an entry in the PDF outline (the bookmarks pane), so a reader,
    or a screen reader, can move through the summary by section and by session."""

    def __init__(self, text: str, style: ParagraphStyle, *, outline: str, level: int, key: str) -> None:
        super().__init__(_text(text), style)
        self.outline_title, self.outline_level, self.outline_key = outline, level, key

    def draw(self) -> None:
        super().draw()
        # Point the bookmark at the heading itself, not just the top of its page.
        self.canv.bookmarkHorizontal(self.outline_key, 0, self.height)


class _SummaryDoc(SimpleDocTemplate):
    def beforeDocument(self) -> None:
        self.canv.showOutline()

    def afterFlowable(self, flowable) -> None:
        if isinstance(flowable, _Heading):
            self.canv.addOutlineEntry(flowable.outline_title, flowable.outline_key, level=flowable.outline_level)


def _canvas_for(summary: SupervisionSummary) -> type[Canvas]:
    pair = f"{summary.supervisee} with {summary.supervisor}"
    made = f"{summary.organisation} · made {day(summary.made_on)}"

    class _NumberedCanvas(Canvas):
        """Holds each page back until the end so every page can say "Page N of M" (the standard
        reportlab recipe). Bookmarks are held back with their page: the document numbers pages
        as they are written, so a bookmark made early would otherwise point at the first page."""

        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            self._held_pages: list[dict] = []
            self._held_bookmarks: list[tuple[str, dict]] = []

        def bookmarkPage(self, key, **kwargs) -> None:
            self._held_bookmarks.append((key, kwargs))

        def showPage(self) -> None:
            self._held_pages.append(dict(self.__dict__))
            self._held_bookmarks = []
            self._startPage()

        def save(self) -> None:
            total = len(self._held_pages)
            for number, state in enumerate(self._held_pages, start=1):
                self.__dict__.update(state)
                for key, kwargs in self._held_bookmarks:
                    super().bookmarkPage(key, **kwargs)
                self._decorate(number, total)
                super().showPage()
            super().save()

        def _decorate(self, number: int, total: int) -> None:
            width, height = self._pagesize
            self.saveState()
            # The header band: CONFIDENTIAL on every page, so a loose page still says what it is.
            self.setFillColor(_BAND)
            self.rect(0, height - 1.5 * cm, width, 1.5 * cm, stroke=0, fill=1)
            self.setFillColor(_TEXT)
            self.setFont("Helvetica-Bold", 11)
            self.drawString(_MARGIN, height - 0.95 * cm, CONFIDENTIAL)
            self.setFont("Helvetica", 10)
            self.drawRightString(width - _MARGIN, height - 0.95 * cm, _fit(self, pair, width / 2 - _MARGIN))
            # The footer: where it came from and the page.
            self.setFillColor(_MUTED)
            self.drawString(_MARGIN, 1.2 * cm, _fit(self, made, width - 2 * _MARGIN - 3 * cm))
            self.drawRightString(width - _MARGIN, 1.2 * cm, f"Page {number} of {total}")
            self.restoreState()

    return _NumberedCanvas


def _fit(canvas: Canvas, value: str, room: float) -> str:
    """A header or footer line shortened with an ellipsis rather than running into its neighbour."""
    value = " ".join(value.split())
    if canvas.stringWidth(value) <= room:
        return value
    while value and canvas.stringWidth(value + "…") > room:
        value = value[:-1]
    return value.rstrip() + "…"


class _Story:
    def __init__(self, styles: dict[str, ParagraphStyle]) -> None:
        self.printed: dict[str, date] = {}  # item key -> the session where it was printed in full
        self.styles = styles
        self.flowables: list[Flowable] = []
        self._keys = 0

    def heading(self, text: str, *, level: int = 0, outline: str | None = None) -> None:
        self._keys += 1
        style = self.styles["h1" if level == 0 else "h2"]
        self.flowables.append(_Heading(text, style, outline=outline or text, level=level, key=f"h{self._keys}"))

    def para(self, markup: str, style: str = "body") -> None:
        self.flowables.append(Paragraph(markup, self.styles[style]))

    def say(self, text: str, style: str = "body") -> None:
        self.para(_text(text), style)

    def lines(self, lines: Sequence[tuple[str, str]]) -> None:
        for question, answer in lines:
            if not answer.strip():
                continue  # an unanswered prompt says nothing
            if question.strip():
                self.say(question, "question")
            self.say(answer, "answer")

    def table(self, rows: Sequence[Sequence[str]], widths: Sequence[float | None], *, header: bool = True) -> None:
        cells = [
            [Paragraph(_text(value), self.styles["cell_head" if header and n == 0 else "cell"]) for value in row]
            for n, row in enumerate(rows)
        ]
        # Rows split across pages (a long cell included), and the heading row repeats on each page.
        table = Table(cells, colWidths=list(widths), repeatRows=1 if header else 0, splitInRow=1, hAlign="LEFT")
        style = [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 6),
            ("RIGHTPADDING", (0, 0), (-1, -1), 6),
            ("TOPPADDING", (0, 0), (-1, -1), 4),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
            ("LINEBELOW", (0, 0), (-1, -1), 0.5, _RULE),
        ]
        if header:
            style += [("BACKGROUND", (0, 0), (-1, 0), _BAND), ("LINEBELOW", (0, 0), (-1, 0), 1, _ACCENT)]
        table.setStyle(TableStyle(style))
        self.flowables += [table, Spacer(1, 6)]


def _status(action: SummaryAction, made_on: date) -> str:
    if action.done_on is not None:
        return f"Done on {day(action.done_on)}"
    if action.due_on is not None and action.due_on < made_on:
        return "Overdue"
    return "Open"


def _glance(story: _Story, summary: SupervisionSummary) -> None:
    story.heading("At a glance")
    sessions = len(summary.meetings)
    confirmed = sum(1 for meeting in summary.meetings if meeting.confirmed)
    open_actions = [action for action in summary.actions if action.done_on is None]
    overdue = sum(1 for action in open_actions if _status(action, summary.made_on) == "Overdue")
    open_text = str(len(open_actions)) + (f" ({overdue} overdue)" if overdue else "")
    rows = [
        ("Sessions", str(sessions)),
        (f"Confirmed by {summary.supervisee}", f"{confirmed} of {sessions}"),
        ("Open actions", open_text),
    ]
    story.table(rows, [8 * cm, None], header=False)
    story.heading("Functions covered", level=1)
    if summary.functions:
        story.table([("Function", "Sessions"), *((label, str(count)) for label, count in summary.functions)], [None, 3 * cm])
    else:
        story.say("No supervision functions were recorded in this period.")


def _meeting(story: _Story, meeting: SummaryMeeting, summary: SupervisionSummary) -> None:
    when = day(meeting.held_on)
    story.heading(f"Session on {when}", level=1, outline=f"Session, {when}")
    story.say(f"Confirmed by {summary.supervisee}" if meeting.confirmed else "Not yet confirmed", "status")
    if meeting.supervisee_comment and meeting.supervisee_comment.strip():
        story.say(f"{summary.supervisee} sees it differently:", "h3")
        story.say(meeting.supervisee_comment, "answer")
    if meeting.functions:
        story.say("Functions covered", "h3")
        story.para("<br/>".join(_text(label) for label in meeting.functions), "answer")
    story.say("Discussed", "h3")
    if meeting.discussed:
        for item in meeting.discussed:
            story.say(item.title, "item")
            first = story.printed.get(item.key) if item.key else None
            if first is not None:
                story.say(f"Also discussed at the session on {day(first)}, where it is printed in full.", "answer")
                continue
            if item.key:
                story.printed[item.key] = meeting.held_on
            story.lines(item.lines)
    else:
        story.say("Nothing shared was discussed at this session.", "answer")
    for notes in meeting.notes:
        if any(answer.strip() for _, answer in notes.lines):
            story.say(f"Notes from {notes.author}", "h3")
            story.lines(notes.lines)
    if meeting.supervisor_experience and meeting.supervisor_experience.strip():
        story.say(f"{summary.supervisor}'s own experience", "h3")
        story.say(meeting.supervisor_experience, "answer")
    if meeting.next_on is not None:
        story.para(f"<b>Next session:</b> {day(meeting.next_on)}")


def _themes(story: _Story, summary: SupervisionSummary) -> None:
    story.heading("Themes")
    if not summary.categories and not summary.audiences:
        story.say("No themes were recorded for what was discussed in this period.")
        return
    for title, column, counts, none in (
        ("Categories", "Category", summary.categories, "No categories were recorded."),
        ("Audiences", "Audience", summary.audiences, "No audiences were recorded."),
    ):
        story.heading(title, level=1)
        if counts:
            story.table([(column, "Items"), *((label, str(n)) for label, n in counts)], [None, 3 * cm])
        else:
            story.say(none)


def _learning(story: _Story, summary: SupervisionSummary) -> None:
    story.heading("Learning")
    if not summary.learning:
        story.say("No learning was recorded in this period.")
    for when, who, text in summary.learning:
        story.say(f"{day(when)}, {who}", "h3")
        story.say(text, "answer")


def _actions(story: _Story, summary: SupervisionSummary) -> None:
    story.heading("Actions")
    if not summary.actions:
        story.say("No actions were agreed in this period.")
        return
    rows = [("Action", "Owner", "Agreed", "Due", "Status")]
    for action in summary.actions:
        rows.append(
            (
                action.text,
                action.owner,
                day(action.agreed_on) if action.agreed_on else "",
                day(action.due_on) if action.due_on else "",
                _status(action, summary.made_on),
            )
        )
    story.table(rows, [None, 2.9 * cm, 2.7 * cm, 2.7 * cm, 2.9 * cm])


def build_summary(summary: SupervisionSummary) -> bytes:
    """The summary as PDF bytes: who, when, each session oldest first, themes, learning and actions,
    with CONFIDENTIAL and "Page N of M" on every page and an outline of the headings."""
    styles = _styles()
    story = _Story(styles)
    pair = f"{summary.supervisee} with {summary.supervisor}"
    story.para("Supervision summary", "title")
    story.say(f"{summary.supervisee}, supervised by {summary.supervisor}", "intro")
    story.say(summary.organisation, "intro")
    story.say(f"Sessions from {day(summary.since)} to {day(summary.until)}", "intro")
    story.say(f"Made on {day(summary.made_on)}", "intro")
    _glance(story, summary)
    story.heading("Sessions")
    if not summary.meetings:
        story.say("No sessions were recorded in this period.")
    for meeting in sorted(summary.meetings, key=lambda m: m.held_on):
        _meeting(story, meeting, summary)
    _themes(story, summary)
    _learning(story, summary)
    _actions(story, summary)
    story.say(
        f"This record holds only what {summary.supervisee} chose to share. "
        "Anything withdrawn from sharing has been left out.",
        "closing",
    )

    buffer = io.BytesIO()
    doc = _SummaryDoc(
        buffer,
        pagesize=A4,
        title=f"Supervision summary: {pair}",
        author=summary.organisation,
        subject="Confidential supervision record",
        lang="en-GB",
        displayDocTitle=True,
        leftMargin=_MARGIN,
        rightMargin=_MARGIN,
        topMargin=2.4 * cm,
        bottomMargin=2.2 * cm,
    )
    doc.build(story.flowables, canvasmaker=_canvas_for(summary))
    return buffer.getvalue()


__all__: Sequence[str] = (
    "CONFIDENTIAL",
    "SummaryAction",
    "SummaryItem",
    "SummaryMeeting",
    "SummaryNotes",
    "SupervisionSummary",
    "build_summary",
)
