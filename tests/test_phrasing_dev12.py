"""Issue 24, the twelfth development set's ideas, each tried in wording of its own (none of these
sentences is in a corpus): saying it is the same for everyone as a negated question that still
claims, with or without its question mark ("doesn't every ..."); a group claim in English as a
second language ("all the nurse is same"); the writer's own struggle asked of themselves ("how
am i meant to ... when i can hardly ..."); and the close clean wording of the same shapes (a
question to the person, "not everyone", the person's own struggle asked about, a time looked
back on, a disclosure decision) staying clean."""

from __future__ import annotations

import pytest

from reflect.claim_shapes import said_of_all
from reflect.everyone_shapes import answers_itself
from reflect.own_state_shapes import own_capacity_asked
from tests.phrasing_support import GUIDE, fired


def _doc(text: str):
    return GUIDE.read(text).doc


@pytest.mark.parametrize(
    "text",
    [
        "i said to her doesnt every grandparent worry themselves sick about the little ones",
        "told him arent all students skint and stressed round exam time",
        "don't we all go a bit quiet when things get on top of us, i said",
        "i said isnt everybody a tiny bit paranoid about money nowadays?",
        "told her dont all dads lose their temper with toddlers now and again",
    ],
)
def test_everyone_in_a_negated_question_is_a_claim(text: str) -> None:
    assert answers_itself(_doc(text)), text
    assert "overgeneralising" in fired(text), text


@pytest.mark.parametrize(
    "text",
    [
        "i tell him all the landlord is same, they only want the rent",
        "i explained her every grandmother is cooking too much food in my culture",
        "she is asking and i say all the nurse is lazy, is normal here",
    ],
)
def test_a_group_claim_in_second_language_english_is_read(text: str) -> None:
    assert said_of_all(_doc(text)), text
    assert "overgeneralising" in fired(text), text


@pytest.mark.parametrize(
    "text",
    [
        "how am i meant to be there for anyone when i can hardly eat at the moment",
        "what good am i to the team right now when i sob in the toilets at lunch",
        "how do i run the carers group when i havent washed my hair in a week?",
        "i said to my partner how can i look after other people when i cant even look after myself right now",
    ],
)
def test_the_writers_own_struggle_asked_of_themselves_is_not_coping(text: str) -> None:
    assert own_capacity_asked(_doc(text)), text
    assert "writer_not_coping" in fired(text), text


@pytest.mark.parametrize(
    "text",
    [
        "asked her does anyone in your flat share get like that before a hearing",
        "not all dads lose their temper, i said, but lots do and it doesnt make you a bad one",
        "i asked him is everybody at home supportive about the new job?",
        "he asked me dont we all feel like this sometimes, i said some people do and what made him ask",
    ],
)
def test_questions_to_the_person_and_denied_universals_stay_clean(text: str) -> None:
    assert "overgeneralising" not in fired(text), text


@pytest.mark.parametrize(
    "text",
    [
        "asked him how are you meant to look for work when you can hardly sleep, and we rang his gp together",
        "she said how do i keep going when i cant even eat, i asked what would make tomorrow easier",
        "years ago i wondered how i could support anyone when i could barely get up, but i got help and im well now",
        "how do i ask for the day off when i cant find the form on the intranet",
        "who am i to tell anyone what to do, i said, you know yourself best",
        "i haven't let my manager know about my psychosis history, that's a decision for me",
    ],
)
def test_the_persons_struggle_a_past_one_or_a_practical_question_stays_clean(text: str) -> None:
    rules = fired(text)
    assert "writer_not_coping" not in rules and "too_raw" not in rules, text
