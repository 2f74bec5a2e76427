"""The README's examples for issue 24's eleventh round, each read as the README says."""

from __future__ import annotations

import pytest

from reflect.language import is_own
from tests.phrasing_support import GUIDE, fired


def _doc(text: str):
    return GUIDE.read(text).doc


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("she refused to talk so I said I know exactly how you feel", "i_know_how_you_feel"),
        ("what addict doesn't relapse?", "overgeneralising"),
        ("isn't it always the quiet ones who struggle most?", "overgeneralising"),
        ("he's skint again, that's students for you", "overgeneralising"),
        ("all the doctor is same", "overgeneralising"),
        ("told him a few sleepless nights never hurt anyone", "minimising"),
        ("in the grand scheme of things a breakup is nothing", "minimising"),
        ("told her all about my son's autism and his exclusions", "third_party_story"),
        ("she was complaining about four nights on the unit and i told her try three years", "comparing"),
        ("i told her with schizophrenia she can't have a normal life", "hope_eroding"),
        ("i told him i know how frightening a first admission is", "i_know_how_you_feel"),
        ("how am i meant to support anyone when i can barely get out of bed", "writer_not_coping"),
        ("hughes settled, mcgrath still refusing", "identifying_name"),
        ("jenkins stuck, walker improving", "identifying_name"),
        ("he drinks in the red lion", "identifying_address"),
        ("the only place he feels safe is mario's on the high street", "identifying_address"),
        ("bay 3 on ash", "identifying_ward"),
        ("she's been last seen on whatsapp at 4am every night, i checked", "identifying_messaging_app"),
    ],
)
def test_the_readmes_examples_are_read(text: str, rule: str) -> None:
    assert rule in fired(text), (text, fired(text))


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("I said I wouldn't be able to go to his birthday do, and thanked him", "blurring_relationship"),
        ("the doctor said he should take them with food", "prescribing"),
        ("i mentioned my own breakdown but kept it to one line and went back to her", "focus_on_me"),
        ("went over his tenancy, i said honestly the arrears are huge and we should concentrate on getting him to the debt line", "missing_coping"),
        ("ah hen, dinnae worry", "identifying_name"),
        ("she was sat under a willow in the park", "identifying_name"),
        ("summer on the ward is boiling", "identifying_name"),
    ],
)
def test_the_readmes_clean_examples_stay_clean(text: str, rule: str) -> None:
    assert rule not in fired(text), (text, fired(text))


def test_a_we_of_the_writers_people_is_their_own_and_a_planning_we_is_not() -> None:
    burgled = _doc("we were burgled twice that year")
    assert is_own(next(t for t in burgled if t.dep_ == "ROOT"))
    planning = _doc("i said we should concentrate on getting him to the debt line")
    assert not is_own(next(t for t in planning if t.lemma_ == "concentrate"))
