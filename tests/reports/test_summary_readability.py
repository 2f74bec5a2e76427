"""The supervision summary reads well: an item discussed twice is printed once and referred to
after, themes count one label per kind of experience, and long tables break across pages."""

from dataclasses import replace
from datetime import date

from reflect.models import Stage
from reflect.questions.schema import ComfortGridQuestion
from reflect.reports.supervision_summary import SummaryAction, SummaryItem
from reflect.services import journeys
from tests.reports.test_supervision_summary import _meeting, _read, _summary

EPISODE_WORDS = "The whole episode, told once"


def test_an_item_discussed_in_two_sessions_is_printed_once_and_referred_to_after():
    item = SummaryItem("Sharing episode, 2 parts", (("What happened?", EPISODE_WORDS),), key="41")
    first, second = (replace(_meeting(n, confirmed=True), discussed=(item,)) for n in (1, 2))
    _, text = _read(_summary([second, first]))
    assert text.count(EPISODE_WORDS) == 1
    assert text.count("Sharing episode, 2 parts") == 2
    assert "Also discussed at the session on 12 Oct 2026, where it is printed in full." in text


def test_a_long_table_breaks_across_pages_with_its_heading_row_repeated():
    long_text = "An action agreed with a great deal of detail about what, when and how. " * 60
    actions = [SummaryAction(f"{n}. {long_text}", "Alex", date(2026, 10, 1), None, None) for n in range(6)]
    pdf, text = _read(_summary([_meeting(1, confirmed=True)], actions))
    assert len(pdf.pages) >= 4
    assert all(f"{n}. An action agreed" in text for n in range(6))


def test_every_profile_experience_with_a_kind_names_an_existing_kind_of_experience(sqlite_rt):
    kinds = journeys.current_set(Stage.AFTER_SHARING).tagged("category")
    grid = next(q for q in journeys.current_set(Stage.PREPARATION).questions() if isinstance(q, ComfortGridQuestion))
    named = [row for row in grid.rows if row.category]
    assert named, "the profile's experiences say which kind of experience they are"
    assert all(kinds.option(row.category) is not None for row in named)
