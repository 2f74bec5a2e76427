"""Issue 24, the thirteenth development set's story ideas (corpus/phrasing-dev13-story.txt),
each tried in wording of its own (none of these sentences is in a corpus): the person's telling
cut short for mine, or the time run out on mine; the person left having heard all of mine;
someone else's story told with its owner not named, or through "next door to me", "a friend of
a friend", "my other half"; hope worn down by numbers; something raw said by its date; small
kindnesses that blur the working relationship; and the close good practice of each staying
clean (a line shared and handed back, the writer's own part, realistic hope, something come
through, a boundary explained kindly)."""

from __future__ import annotations

import pytest

from reflect.cut_short_shapes import mine_over_theirs
from reflect.hope_shapes import odds_against_them
from reflect.others_story_shapes import theirs_told, told_about_theirs
from reflect.raw_date_shapes import raw_by_date
from tests.phrasing_support import GUIDE, fired


def _doc(text: str):
    return GUIDE.read(text).doc


# --- my story over theirs ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "he'd started explaining about his court date and i butted in with my own court case",
        "she began talking about her mum and i took over with mine for ages",
        "they were trying to tell me about the hostel and i carried on about my old flat",
        "she was opening up about her drinking and somehow we got onto my rehab and stayed there",
        "the hour ran out while i was still describing my own panic attacks",
    ],
)
def test_their_telling_cut_short_for_mine_is_the_focus_moved(text: str) -> None:
    assert mine_over_theirs(_doc(text)), text
    assert "focus_on_me" in fired(text), text


@pytest.mark.parametrize(
    "text",
    [
        "he went home having heard all about my divorce",
        "the appointment was mostly about me today",
    ],
)
def test_the_time_gone_on_mine_is_the_focus_moved(text: str) -> None:
    assert "focus_on_me" in fired(text), text


@pytest.mark.parametrize(
    "text",
    [
        "she was telling me about her sister and i listened, i didnt bring my own stuff in",
        "he began talking about his court date and i said briefly mine went ok, then asked how he feels about it",
        "she started on her housing and we stayed on that for the whole hour",
        "the hour ran out while she was still telling me about her week",
        "part of me wanted to tell him my whole story but i held back and asked about his",
    ],
)
def test_their_telling_kept_to_them_stays_clean(text: str) -> None:
    assert "focus_on_me" not in fired(text), text


# --- someone else's story ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "shape"),
    [
        ("i said somebody really close to me had exactly this, they were sectioned twice in a year", theirs_told),
        ("told him the woman next door to me was on heroin for years", told_about_theirs),
        ("i said a mate of a mate went through a breakdown just like his", theirs_told),
        ("i told her about my other half's drinking, the rehab and everything", told_about_theirs),
        ("i said my cousin had the same and never got off the meds", theirs_told),
        ("i told her a lass i grew up with was bulimic all through college", told_about_theirs),
        ("i said one of my old workmates went through exactly what he's going through", theirs_told),
    ],
)
def test_someone_elses_story_is_read_with_its_owner_unnamed_or_far(text: str, shape) -> None:
    assert shape(_doc(text)), text
    assert "third_party_story" in fired(text), text


@pytest.mark.parametrize(
    "text",
    [
        "i said someone close to me has been unwell and looking after them taught me to ask for help myself",
        "she told me about her friend's overdose and how scared she was",
        "i told him i've supported someone close to me and what i learned was to look after myself too",
        "i said a woman i met at a group had the same worries as me and we both found it got easier",
    ],
)
def test_my_own_part_or_their_own_story_stays_clean(text: str) -> None:
    assert "third_party_story" not in fired(text), text


# --- hope worn down by numbers ---------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "i said honestly only 2 in 10 people with that get back to college",
        "i said most people who get sectioned end up back in hospital",
        "i told him people like her seldom recover fully",
        "i said the chances are slim at his age",
        "said the figures for readmission are really high round here",
    ],
)
def test_numbers_against_them_wear_hope_down(text: str) -> None:
    assert odds_against_them(_doc(text)), text
    assert "hope_eroding" in fired(text), text


@pytest.mark.parametrize(
    "text",
    [
        "i said most people get there in the end, even if it takes time",
        "i told her most people don't stay on the ward very long",
        "told him the chances are good if he keeps going to the group",
        "the waiting list is long so i said we could try the drop in while he waits",
    ],
)
def test_numbers_that_leave_the_way_open_stay_clean(text: str) -> None:
    assert "hope_eroding" not in fired(text), text


def test_as_good_as_it_gets_without_the_apostrophe_wears_hope_down() -> None:
    assert "hope_eroding" in fired("i said to her this is probably as good as its gonna get")


# --- something raw by its date ------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "i told her my partner walked out and left me last saturday",
        "i said my grandad died a fortnight ago and i'm still numb",
        "i told him i got sacked on friday",
        "mentioned my flat got repossessed a few weeks ago",
    ],
)
def test_something_raw_is_read_by_its_date(text: str) -> None:
    assert raw_by_date(_doc(text)), text
    assert "too_raw" in fired(text), text


@pytest.mark.parametrize(
    "text",
    [
        "i told her my grandad died nine years ago and it took time but i'm ok now",
        "she said her grandad died last saturday",
        "i told my supervisor my grandad died on sunday and i'm taking some leave",
    ],
)
def test_something_come_through_or_theirs_or_taken_to_supervision_stays_clean(text: str) -> None:
    assert "too_raw" not in fired(text), text


# --- small kindnesses -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "i ran her home after the session in my car",
        "gave him my spare laptop so he could do his course",
        "we exchanged numbers at the end",
        "i said i'd come and see his match on sunday",
        "just call me any time, even on my day off, i told him",
        "took a bottle of wine from him at discharge",
    ],
)
def test_small_kindnesses_blur_the_working_relationship(text: str) -> None:
    assert "blurring_relationship" in fired(text), text


@pytest.mark.parametrize(
    "text",
    [
        "i couldnt run her home so we booked her a taxi",
        "he wanted to give me a bottle of wine and i explained kindly i cant accept it",
        "call the duty team any time, i said, theyre there day or night",
    ],
)
def test_a_kindness_declined_or_the_team_offered_stays_clean(text: str) -> None:
    assert "blurring_relationship" not in fired(text), text


@pytest.mark.parametrize(
    ("text", "raw"),
    [
        ("my grandad passed on sunday and i told her in the session", True),
        ("my nan passed last week, i mentioned it to him", True),
        ("my son passed his driving test on friday and i told her", False),
        ("my dad passed through town last week and i told her", False),
    ],
)
def test_passed_said_of_someone_of_mine_is_a_death(text: str, raw: bool) -> None:
    """"Passed" with nothing passed and no way through is a death, as "passed away" is (read
    by the shape itself: the second reader may still find a sentence like it raw)."""
    assert bool(raw_by_date(GUIDE.read(text).doc)) is raw
    if raw:
        assert "too_raw" in fired(text), fired(text)
