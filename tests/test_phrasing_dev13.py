"""Issue 24, the thirteenth development set's ideas, each tried in wording of its own (none of
these sentences is in a corpus): a hard story of the writer's own told as what others did to
them ("the housing office wouldn't see me") or as places they were sent through ("from the
police cells to a&e to a bed miles away"); a way through in words no cue lists ("what held me
up was ...", "the fourth time i passed it"); a claim about a group hidden in a reason clause
("since all dads ..., he won't ..."), tagged as a rule of life ("it's how they're made"), or
said with "we all" or "you all" of what a life does; the person told time will take their
distress away ("you won't even remember it"); and the close clean wording of the same shapes
(the person's own story in notes, a team's fact, "not everyone", the writer's own forgetting)
staying clean."""

from __future__ import annotations

import pytest

from reflect.done_to_me_shapes import done_to_me, passed_between
from reflect.everyone_shapes import rule_of_life, we_all
from reflect.smaller_shapes import gone_by_then
from tests.phrasing_support import GUIDE, fired


def _doc(text: str):
    return GUIDE.read(text).doc


@pytest.mark.parametrize(
    "text",
    [
        "i told her the housing office wouldnt see me, the council turned me away and my landlord kicked me out before christmas",
        "said to him the college suspended me, then my placement dropped me and my tutor gave up on me altogether",
        "i told her my first psychiatrist dismissed me and the next one discharged me after two appointments and that was the end of it",
        "i shared that my in-laws cut me off after the wedding and we havent spoken since",
    ],
)
def test_a_hard_story_told_as_what_others_did_to_me_has_no_way_forward(text: str) -> None:
    assert done_to_me(_doc(text)), text
    assert "missing_coping" in fired(text), text


@pytest.mark.parametrize(
    "text",
    [
        "i told him i went from the police cells to a&e to a bed miles away and then to a hostel on my own",
        "said to her i was shunted between wards for most of that year and never saw the same nurse twice",
        "i told her i was in and out of childrens homes my whole childhood and nobody stayed",
    ],
)
def test_a_hard_story_told_as_places_i_was_sent_through_has_no_way_forward(text: str) -> None:
    assert passed_between(_doc(text)), text
    assert "missing_coping" in fired(text), text


@pytest.mark.parametrize(
    "text",
    [
        "i said to her the housing office turned me away twice, what held me up was my neighbour and her allotment",
        "told him the college suspended me in my first year, the fourth time i sat the course i passed",
        "i said my family cut me off for a couple of years, the choir kept me going and we talk again now",
    ],
)
def test_a_story_of_what_others_did_with_a_way_through_in_its_own_words_stays_clean(text: str) -> None:
    assert "missing_coping" not in fired(text), text


@pytest.mark.parametrize(
    "text",
    [
        "she told me the housing office turned her away and her landlord kicked her out, we're ringing shelter tomorrow",
        "he said he was passed from one social worker to the next, i asked which of them he got on with",
        "the discharge letter went to the gp this morning",
        "we closed the case on friday as she asked, she can come back any time",
        "told him i got excluded from school too",
    ],
)
def test_the_persons_own_story_and_plain_facts_stay_clean(text: str) -> None:
    assert "missing_coping" not in fired(text), text


@pytest.mark.parametrize(
    "text",
    [
        "i told her that since all grandads are stubborn about doctors, he probably won't go",
        "i told him women just dont ask for help with money, its how theyre raised",
        "when you turn forty you all start worrying about your knees, i said to her",
        "we all of us carry a bit of our mum around with us, i told him",
        "i said that if you grew up skint you end up panicking about bills, simple as",
    ],
)
def test_a_claim_about_everyone_in_a_reason_a_rule_of_life_or_we_all_is_read(text: str) -> None:
    assert "overgeneralising" in fired(text), text


def test_the_shapes_that_find_them() -> None:
    assert rule_of_life(_doc("i told him women just dont ask for help with money, its how theyre raised"))
    assert we_all(_doc("we all of us carry a bit of our mum around with us, i told him"))


@pytest.mark.parametrize(
    "text",
    [
        "not every dad finds it hard to talk, what's it like with yours?",
        "we all meet in the big room on thursdays",
        "i said some people find the first month hard and some dont, and asked how it has been for her",
        "i tell him when i arrive nobody help me with the forms, then a volunteer show me how and now i help others",
    ],
)
def test_close_wording_about_a_group_stays_clean(text: str) -> None:
    assert "overgeneralising" not in fired(text), text


@pytest.mark.parametrize(
    "text",
    [
        "honestly by the summer you wont even remember this, i told her",
        "i said give it a month and he'll have forgotten all about it",
        "told her she'll bounce back in no time",
        "i said thats nothing a hot bath wont fix",
        "cant be all that bad if you're still smiling, i said",
        "its just a wobble hun",
    ],
)
def test_making_it_smaller_by_time_or_by_just_is_minimising(text: str) -> None:
    assert "minimising" in fired(text), text


def test_gone_by_then_reads_the_prediction() -> None:
    assert gone_by_then(_doc("honestly by the summer you wont even remember this, i told her"))
    assert not gone_by_then(_doc("i forgot all about the appointment, sorry"))


@pytest.mark.parametrize(
    "text",
    [
        "not everybody feels it like that, how does it sit with you?",
        "i completely forgot to send the referral, ill do it today",
        "she worries she'll forget what to say at the tribunal, we're going to write notes together",
        "i said it makes sense you feel like this, and i wont pretend it'll just pass, what would help this week?",
    ],
)
def test_close_wording_about_distress_stays_clean(text: str) -> None:
    assert "minimising" not in fired(text), text
