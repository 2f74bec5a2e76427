"""The supervision summary as a pure function: CONFIDENTIAL and page numbers on every page,
everything shared appears, markup stays inert, empty periods read calmly, headings are bookmarked."""

import io
import re
from datetime import date

from pypdf import PdfReader

from reflect.reports.supervision_summary import (
    CONFIDENTIAL,
    SummaryAction,
    SummaryItem,
    SummaryMeeting,
    SummaryNotes,
    SupervisionSummary,
    build_summary,
)

HOSTILE = "<b>bold</b> & <script>x</script> <para>"


def _meeting(n: int, *, confirmed: bool, comment: str | None = None, long: int = 1) -> SummaryMeeting:
    return SummaryMeeting(
        held_on=date(2026, 9 + n, 12),
        functions=("Formative: learning and developing skills",),
        confirmed=confirmed,
        supervisee_comment=comment,
        discussed=(SummaryItem(f"Reflection {n}", (("What happened?", f"Answer {n}. " + "A long reflection that wraps. " * long),)),),
        notes=(
            SummaryNotes("Alex", (("Hopes for today", f"Alex note {n}"),)),
            SummaryNotes("Priya", (("Observations", f"Priya note {n}"),)),
        ),
        supervisor_experience=f"Priya experience {n}",
        next_on=date(2026, 10 + n, 3),
    )


def _summary(meetings=(), actions=(), **changes) -> SupervisionSummary:
    fields = dict(
        organisation="North Trust",
        supervisor="Priya",
        supervisee="Alex",
        since=date(2026, 9, 1),
        until=date(2026, 11, 30),
        made_on=date(2026, 12, 1),
        meetings=tuple(meetings),
        categories=(),
        audiences=(),
        learning=(),
        actions=tuple(actions),
        functions=(),
    )
    fields.update(changes)
    return SupervisionSummary(**fields)


def _read(summary: SupervisionSummary) -> tuple[PdfReader, str]:
    pdf = PdfReader(io.BytesIO(build_summary(summary)))
    return pdf, _flat("\n".join(page.extract_text() for page in pdf.pages))


def _flat(text: str) -> str:
    # Wrapped lines come back split: compare words, not layout.
    return " ".join(text.split())


def test_every_page_is_marked_confidential_and_numbered_n_of_m():
    meetings = [_meeting(n, confirmed=True, long=40) for n in range(3)]
    pdf, _ = _read(_summary(meetings))
    total = len(pdf.pages)
    assert total > 1
    for number, page in enumerate(pdf.pages, start=1):
        text = _flat(page.extract_text())
        assert CONFIDENTIAL in text
        assert f"Page {number} of {total}" in text
        assert re.findall(r"Page \d+ of \d+", text) == [f"Page {number} of {total}"]


def test_everything_shared_appears_with_confirmation_wording():
    summary = _summary(
        [_meeting(1, confirmed=False, comment="I recall it differently"), _meeting(0, confirmed=True)],
        [
            SummaryAction("Read the guidance", "Alex", date(2026, 9, 12), date(2026, 10, 1), date(2026, 9, 30)),
            SummaryAction("Book the group", "Alex", date(2026, 10, 12), date(2026, 11, 1), None),
            SummaryAction("Send the article", "Priya", None, date(2026, 12, 20), None),
        ],
        categories=(("Safeguarding", 2),),
        audiences=(("Young people", 1),),
        learning=((date(2026, 10, 12), "Alex", "Pausing helps me listen"),),
        functions=(("Formative: learning and developing skills", 2),),
    )
    _, text = _read(summary)
    for expected in (
        "Supervision summary",
        "North Trust",
        "1 Sep 2026 to 30 Nov 2026",
        "Made on 1 Dec 2026",
        "Reflection 0",
        "Reflection 1",
        "Answer 0.",
        "Answer 1.",
        "Notes from Alex",
        "Notes from Priya",
        "Alex note 1",
        "Priya note 1",
        "Priya's own experience",
        "Priya experience 0",
        "Confirmed by Alex",
        "Not yet confirmed",
        "Alex sees it differently:",
        "I recall it differently",
        "Next session: 3 Nov 2026",
        "Safeguarding",
        "Young people",
        "Pausing helps me listen",
        "12 Oct 2026, Alex",
        "Read the guidance",
        "Done on 30 Sep 2026",
        "Overdue",
        "Open",
        "Send the article",
        "chose to share",
    ):
        assert expected in text, expected
    # Sessions run oldest first, whatever order they came in.
    assert text.index("Session on 12 Sep 2026") < text.index("Session on 12 Oct 2026")


def test_markup_in_anyones_words_stays_inert():
    meeting = SummaryMeeting(
        held_on=date(2026, 10, 1),
        functions=(HOSTILE,),
        confirmed=False,
        supervisee_comment=HOSTILE,
        discussed=(SummaryItem(HOSTILE, ((HOSTILE, HOSTILE + "\nsecond line"),)),),
        notes=(SummaryNotes(HOSTILE, (("Prompt", HOSTILE),)),),
        supervisor_experience=HOSTILE,
        next_on=None,
    )
    summary = _summary(
        [meeting],
        [SummaryAction(HOSTILE, HOSTILE, None, None, None)],
        supervisee="<i>Alex</i>",
        organisation="A & B <para>",
        learning=((date(2026, 10, 1), HOSTILE, HOSTILE),),
        categories=((HOSTILE, 1),),
    )
    pdf, text = _read(summary)
    assert text.count(_flat(HOSTILE)) >= 8
    assert "Confirmed by <i>Alex</i> 0 of 1" in text and "<i>Alex</i> sees it differently:" in text
    assert pdf.metadata.author == "A & B <para>"


def test_an_empty_period_reads_calmly():
    pdf, text = _read(_summary())
    assert len(pdf.pages) == 1
    for expected in (
        "No sessions were recorded in this period.",
        "No supervision functions were recorded in this period.",
        "No themes were recorded",
        "No learning was recorded in this period.",
        "No actions were agreed in this period.",
        "Page 1 of 1",
        CONFIDENTIAL,
    ):
        assert expected in text, expected


def test_the_outline_names_each_section_and_session():
    pdf, _ = _read(_summary([_meeting(0, confirmed=True), _meeting(1, confirmed=False)]))

    def titles(entries):
        for entry in entries:
            yield from titles(entry) if isinstance(entry, list) else [entry.title]

    found = list(titles(pdf.outline))
    for heading in ("At a glance", "Sessions", "Themes", "Learning", "Actions", "Session, 12 Sep 2026", "Session, 12 Oct 2026"):
        assert heading in found
    top = [entry.title for entry in pdf.outline if not isinstance(entry, list)]
    assert top == ["At a glance", "Sessions", "Themes", "Learning", "Actions"]


def test_the_outline_points_at_the_page_each_session_is_on():
    pdf, _ = _read(_summary([_meeting(n, confirmed=True, long=40) for n in range(3)]))
    sessions = next(entry for entry in pdf.outline if isinstance(entry, list) and entry[0].title.startswith("Session,"))
    pages = [pdf.get_destination_page_number(entry) for entry in sessions]
    for entry, page in zip(sessions, pages, strict=True):
        when = entry.title.removeprefix("Session, ")
        assert f"Session on {when}" in _flat(pdf.pages[page].extract_text())
    assert pages == sorted(pages) and pages[-1] > 0


def test_metadata_names_the_pair_and_says_confidential():
    pdf, _ = _read(_summary())
    assert pdf.metadata.title == "Supervision summary: Alex with Priya"
    assert pdf.metadata.author == "North Trust"
    assert "onfidential" in pdf.metadata.subject
    assert pdf.trailer["/Root"]["/Lang"] == "en-GB"
