"""Issue 24, the ninth development set's ideas, each tried in wording of its own (none of these
sentences is in a corpus): a hard story of the writer's own with no way through, said as a list
of losses, as the day my world fell apart, as the worst time of my life, as a stretch of my life
that was one long hard time, or with nothing that helped; and its way through in unusual words;
one outcome told of a whole group ("people like us", "that's what services do", "all
psychiatrists", "lads who grow up in care all end up"); my story taking the time; not worth the
feeling; my home, time off and evenings given to the person; someone else's story; and good
practice of the same shapes (questions, a client's own words noted, brief sharing with a return
to the person) staying clean."""

from __future__ import annotations

import pytest

from reflect.claim_shapes import said_of_all
from reflect.relation_shapes import life_outside_work, my_story_at_length, someone_elses_story
from reflect.story_shapes import life_fell_apart, losses_listed, my_time_was_hard, nothing_helped, worst_of_my_life
from tests.phrasing_support import GUIDE, fired


def _doc(text: str):
    return GUIDE.read(text).doc


@pytest.mark.parametrize(
    ("text", "shape"),
    [
        ("i told him the gambling cost me my home, my wife and my self respect", losses_listed),
        ("I said the psychosis took my degree, my friends, basically the lot", losses_listed),
        ("told her in one year i lost my dad, my job and my flat", losses_listed),
        ("said the bulimia robbed me of my whole twenties", losses_listed),
        ("i said when my nan passed my whole world fell apart", life_fell_apart),
        ("told him after the assault everything went downhill for me", life_fell_apart),
        ("I said that winter was the loneliest time of my life", worst_of_my_life),
        ("i mentioned losing the twins was the hardest thing that's ever happened to me", worst_of_my_life),
        ("i said my childhood was a nightmare from start to finish", my_time_was_hard),
        ("told her my first marriage was pure misery", my_time_was_hard),
    ],
)
def test_a_hard_story_with_no_way_through_is_read_however_short(text: str, shape) -> None:
    assert "missing_coping" in fired(text), text
    assert shape(_doc(text)), text


def test_nothing_that_helped_is_no_way_through() -> None:
    text = "I said I tried three different therapists over the years after my son was born and nothing worked"
    assert nothing_helped(_doc(text))
    assert "missing_coping" in fired(text)


@pytest.mark.parametrize(
    "text",
    [
        "i said the drink cost me my marriage and my job, but the recovery cafe kept me afloat",
        "told him when my nan passed my world fell apart, then bit by bit I found my feet again",
        "I said that winter was the loneliest time of my life, and my allotment was what got me through it",
        "i lost my job, my flat and my car in a year, but I got there in the end with my sister's help",
        "said my twenties were a blur, until a peer group turned things round for me",
        "my dad's death floored me, but the bereavement group was a lifeline, i told her",
        "i told her my first year sober was grim, but slowly I found my feet",
        "she says the drink cost her her marriage and her kids, we talked about what she wants now",
        "he told me his world fell apart after the redundancy, we're looking at the work coach",
        "what was the hardest time of your life, if you don't mind me asking?",
        "has anything helped at all since the last time we met?",
        "did your breakdown cost you your job, or were they supportive?",
    ],
)
def test_a_story_with_its_way_through_or_not_the_writers_stays_clean(text: str) -> None:
    assert "missing_coping" not in fired(text), text


@pytest.mark.parametrize(
    "text",
    [
        "i told her people like us always get judged by the police",
        "thats what landlords do, they keep the deposit whatever you say",
        "all social workers just want to tick their boxes, i said",
        "said lads from round here all end up on the drink eventually",
        "every young mum with a social worker gets her kids looked at, i told her",
        "nobody gets a council flat in under five years here, i said",
        "the jobcentre never help anyone with a diagnosis, told him that",
        "anybody who's been sectioned comes out worse than they went in",
    ],
)
def test_one_outcome_told_of_a_whole_group_is_overgeneralising(text: str) -> None:
    assert "overgeneralising" in fired(text), text


@pytest.mark.parametrize(
    "text",
    [
        "thats what landlords do, they keep the deposit whatever you say",
        "said lads from round here all end up on the drink eventually",
        "anybody who's been sectioned comes out worse than they went in",
        "the jobcentre never help anyone with a diagnosis, told him that",
    ],
)
def test_a_whole_group_is_read_by_its_shape_not_its_words(text: str) -> None:
    assert said_of_all(_doc(text)), text


@pytest.mark.parametrize(
    "text",
    [
        "everyone's different, so what feels right for you?",
        "not everyone who's been through it feels the same, how has it been for you?",
        "she said all social workers are the same, we talked about the one she has now",
        "he reckons people like him always get judged, i asked what's happened before",
        "everyone in the team sends their love",
        "everyone on the ward is rooting for you",
        "lots of people get nervous before a tribunal, how are you feeling about it?",
        "do all the lads on the ward go to the gym group?",
        "all my mates were lovely when I was poorly",
    ],
)
def test_a_careful_word_about_people_or_a_clients_own_words_stay_clean(text: str) -> None:
    assert "overgeneralising" not in fired(text), text


@pytest.mark.parametrize(
    ("text", "rule", "shape"),
    [
        ("i went off into a long story about my nan's funeral and he just sat there", "focus_on_me", my_story_at_length),
        ("she probably knows more about my divorce than I know about her whole life", "focus_on_me", my_story_at_length),
        ("she's been round mine twice for a brew now", "blurring_relationship", life_outside_work),
        ("i picked him up from the dentist on my day off", "blurring_relationship", life_outside_work),
        ("me and him message each other most nights now", "blurring_relationship", life_outside_work),
        ("we're off to the football together on saturday, he got me a ticket", "blurring_relationship", life_outside_work),
        ("told him my brother's story of getting clean, every bit of it", "third_party_story", someone_elses_story),
        ("i talked about an old client who went back to her ex and regretted it", "third_party_story", someone_elses_story),
    ],
)
def test_my_story_my_time_and_someone_elses_story_are_read_in_any_words(text: str, rule: str, shape) -> None:
    assert rule in fired(text), text
    assert shape(_doc(text)), text


@pytest.mark.parametrize(
    "text",
    [
        "i told her it's not worth crying over, it'll blow over",
        "said to him its not worth getting worked up about, honestly",
    ],
)
def test_not_worth_the_feeling_is_minimising(text: str) -> None:
    assert "minimising" in fired(text), text


@pytest.mark.parametrize(
    "text",
    [
        "i shared briefly that i'd been through a divorce, then asked how she's finding things",
        "I told him about my own time in hospital in a sentence, then I asked him how his stay was going",
        "she talked about her mum for most of the session, which she needed",
        "she asked to come round to mine and I explained I can't, but told her about the drop-in",
        "i said I keep my evenings for my family, but the crisis line is there at night",
        "he says his brother's story of getting clean gives him hope",
        "I went to the gig on my day off with my sister, it was brilliant",
        "we text to confirm appointments, that's all",
        "it's not worth me guessing how it is for you, would you tell me?",
        "how did you manage when everything fell apart last year?",
    ],
)
def test_good_practice_of_the_same_shapes_stays_clean(text: str) -> None:
    assert not fired(text), (text, fired(text))


@pytest.mark.parametrize(
    ("text", "given"),
    [
        ("I saw him in Tesco on my day off and just said hello", False),
        ("spotted her at the bus stop on my day off, waved and carried on", False),
        ("I drove her to her mum's on my day off", True),
    ],
)
def test_time_off_given_to_the_person_is_not_meeting_them_by_chance(text: str, given: bool) -> None:
    assert bool(life_outside_work(_doc(text))) is given
