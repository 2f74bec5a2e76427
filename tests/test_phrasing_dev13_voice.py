"""Issue 24, the thirteenth development set in practitioners' voice (precision of knowing how
they feel and of the writer not coping), each shape tried in wording of its own (none of these
sentences is in a corpus): what the person told the writer, or how hard a service is to get,
known without claiming their feeling; the writer's trouble with one thing laughed off or taken
to their manager; and the rules' ideas in new shapes (not going on like this, hanging by a
thread, barely able to look after myself), with the close clean wording staying
clean."""

from __future__ import annotations

import pytest

from reflect.known_shapes import hard_to_obtain, heard_from_them, one_thing_in_hand, sounds_so
from reflect.own_state_shapes import own_capacity_stated
from tests.phrasing_support import GUIDE, fired


def _doc(text: str):
    return GUIDE.read(text).doc


def _whole(text: str, shape) -> bool:
    doc = _doc(text)
    return shape(doc, 0, len(doc.text))


# --- knowing what they told me, or how hard a service is to get ---------------------------


@pytest.mark.parametrize(
    "text",
    [
        "i know how you feel about moving flats, you said so on monday",
        "i know how he feels about the depot, he told me twice",
        "I know what you think of the day centre, you mentioned it last time",
    ],
)
def test_knowing_what_the_person_told_me_is_no_claim(text: str) -> None:
    assert "i_know_how_you_feel" not in fired(text), text


@pytest.mark.parametrize(
    "text",
    [
        "i know how hard it is to find a nhs dentist round here so i rang three for him",
        "i know how tricky it is to book a slot at the job centre, so we did it online together",
        "I know how difficult it is to get a social worker to call back",
    ],
)
def test_how_hard_a_service_is_to_get_is_no_claim(text: str) -> None:
    assert "i_know_how_you_feel" not in fired(text), text
    assert _whole(text, hard_to_obtain), text


@pytest.mark.parametrize(
    "text",
    [
        "i know how hard it is to lose a brother, i said to him",
        "told her i know how hard it is to be on your own at christmas",
        "she told me about the break up and i said i know exactly how you feel",
    ],
)
def test_the_feeling_claimed_still_counts(text: str) -> None:
    assert "i_know_how_you_feel" in fired(text), text


def test_a_telling_before_the_claim_is_no_source_of_it() -> None:
    text = "she told me about the break up and i said i know exactly how you feel"
    doc = _doc(text)
    at = text.index("i know")
    assert not heard_from_them(doc, at, at + len("i know exactly how you feel"))


def test_the_persons_own_been_there_is_theirs() -> None:
    assert "i_know_how_you_feel" not in fired("she said ive been there, meaning the mother and baby unit, and i asked what it was like")
    assert "i_know_how_you_feel" in fired("i told her ive been there, honestly")


# --- the writer's trouble with one thing, in hand ------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "i cant cope with this printer lol, third jam today",
        "i'm not coping with the new caseload system, spoke to my supervisor and she's getting me training",
        "not managing well with the late rota, raised it with my manager and its being changed",
    ],
)
def test_one_thing_in_hand_is_no_crisis(text: str) -> None:
    assert "writer_not_coping" not in fired(text), text


@pytest.mark.parametrize(
    "text",
    [
        "i cant cope anymore lol",
        "i'm not coping with anything at the moment",
        "i can't cope with the flashbacks, they're every night now",
    ],
)
def test_not_coping_with_no_one_thing_in_hand_still_counts(text: str) -> None:
    assert "writer_not_coping" in fired(text), text
    assert not _whole(text, one_thing_in_hand), text


# --- the writer not coping, in new shapes ---------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "honestly i can't carry on like this, the job is eating me alive",
        "i'm holding on by a thread tbh",
        "im not alright, not really, and no one at work knows",
        "i can hardly drag myself to the car in the mornings",
        "i can barely look after myself at the minute never mind my clients",
    ],
)
def test_the_writer_not_coping_now_in_new_words(text: str) -> None:
    assert "writer_not_coping" in fired(text), text


def test_barely_able_to_look_after_myself_is_read_by_its_shape() -> None:
    assert own_capacity_stated(_doc("i can hardly drag myself to the car in the mornings"))


@pytest.mark.parametrize(
    "text",
    [
        "i'm not ok with him being discharged so soon, i'll raise it at the mdt",
        "if i'm not ok after a session i ring my supervisor",
        "i could barely look after myself that year, but my sister moved in and things got better",
        "she can barely look after herself at the moment, i've asked for a carers assessment",
        "i told him it's ok not to be ok, i'm not ok some days either and i talk to someone",
        "can you carry on like this, or shall we look at more support?",
        "i can hardly keep myself awake in these long meetings",
    ],
)
def test_close_wording_of_the_writers_state_stays_clean(text: str) -> None:
    assert "writer_not_coping" not in fired(text), text


# --- how what they told sounds, no hard story of mine ---------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "sounds awful, i said, and she went quiet and we sat together for a bit",
        "that sounds really hard, i said, and he teared up and we just sat quietly",
    ],
)
def test_how_their_telling_sounds_is_no_story_of_mine(text: str) -> None:
    assert "missing_coping" not in fired(text), text


def test_a_hard_time_of_my_own_still_counts_beside_it() -> None:
    text = "i said it seems like it was really hard for you and i was so low myself after my divorce that i stopped going out"
    assert "missing_coping" in fired(text)
    doc = _doc(text)
    at = text.index("hard")
    assert sounds_so(doc, at, at + 4)
