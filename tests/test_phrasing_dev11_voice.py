"""Issue 24, the eleventh voice set's ideas, each tried in wording of its own (none of these
sentences is in a corpus), with the weight on close clean wording: advice a doctor or
pharmacist gave, told by the writer; knowing the feeling denied ("I'd never say I know how you
feel"); whose was worse as a dare ("try six months on a locked ward"), as theirs set above mine
("you're better off than I was"), as what hardship really is, as lucky still to have; hope worn
down as "some people never recover", an illness for life, no normal life, nothing ever
changing; injuries of an assault; a loss of mine told days after, a relative in the hospice,
waiting to hear about my own home; the writer going under now, typed without "I've"; yes said
to the person's wish to be friends or come round; visits to mine by someone else; keeping it
secret asked in other words; and the writer tired but fine staying clean."""

from __future__ import annotations

import pytest

from reflect.language import is_negated, run_on
from reflect.language_shapes import more_than_theirs, voiced_by_other
from reflect.relation_shapes import life_outside_work
from tests.phrasing_support import GUIDE, fired


def _doc(text: str):
    return GUIDE.read(text).doc


@pytest.mark.parametrize(
    "text",
    [
        "the consultant said she should cut the olanzapine down slowly",
        "he's been told he must take the lithium at the same time every day",
        "the pharmacist told him he should take it after breakfast",
        "her gp said she needs to stop the ibuprofen while she's on the new tablets",
    ],
)
def test_advice_someone_else_gave_is_no_way_of_mine(text: str) -> None:
    assert "prescribing" not in fired(text), text


@pytest.mark.parametrize(
    "text",
    [
        "i told him he should start running like i did",
        "why dont you just do what i did and quit the caffeine",
        "why don't u try cold showers, they sorted me right out",
    ],
)
def test_my_way_told_or_suggested_by_the_writer_is_read(text: str) -> None:
    assert "prescribing" in fired(text), text


def test_why_dont_you_is_a_suggestion_not_a_denial() -> None:
    doc = _doc("why don't you try the walking group")
    assert not is_negated(next(t for t in doc if t.lower_ == "try"))
    assert is_negated(next(t for t in _doc("i don't try to guess how she feels") if t.lower_ == "try"))


@pytest.mark.parametrize(
    "text",
    [
        "i'd never tell anyone i know how they feel, so i just listened",
        "i'm not going to say i know how you feel, so i asked what it's like for her",
    ],
)
def test_knowing_the_feeling_denied_stays_clean(text: str) -> None:
    assert "i_know_how_you_feel" not in fired(text), text


@pytest.mark.parametrize(
    "text",
    [
        "he was whingeing about a week on the ward, i said try six months like me",
        "she was complaining about four nights on the unit and i told her try three years",
        "you're far better off than i was at your age",
        "he has it easier than i ever did",
        "i said try raising two kids on your own, then you'd know what tired is",
        "do you realise how lucky you are to still have your job? i lost mine",
        "i said your worries are tiny, when i was her age i had nothing",
    ],
)
def test_whose_was_worse_is_read_in_new_shapes(text: str) -> None:
    assert "comparing" in fired(text), text


def test_a_dare_after_a_complaint_counts_mine_as_the_bigger() -> None:
    assert more_than_theirs(_doc("he was moaning about two days in hospital and i said try two months"))
    assert not more_than_theirs(_doc("she said she had two days off, i said try two weeks next time if you need it"))


@pytest.mark.parametrize(
    "text",
    [
        "try ten minutes of breathing before bed, some people find it helps",
        "she's had three sessions and i've had two this month",
        "you'll know what the group is like once you've been",
        "she's better off than she was last year, things are moving",
        "we're both into gardening, she's growing tomatoes this year",
    ],
)
def test_side_by_side_with_no_contest_stays_clean(text: str) -> None:
    assert "comparing" not in fired(text), text


@pytest.mark.parametrize(
    "text",
    [
        "i told her loads of people never really recover from this",
        "said to him his psychosis will stay for life",
        "i said he'll never have an ordinary life with that history",
        "nothing is ever going to get better for you round here, i said",
    ],
)
def test_hope_worn_down_is_read_in_new_shapes(text: str) -> None:
    assert "hope_eroding" in fired(text), text


@pytest.mark.parametrize(
    "text",
    [
        "he worries nothing will ever change, so we wrote down one small thing to try",
        "in the long run i think she'll get her own place, she's saving already",
        "she said she'll never have a normal life, i asked what normal would look like for her",
    ],
)
def test_hope_kept_or_their_own_fear_stays_clean(text: str) -> None:
    assert "hope_eroding" not in fired(text), text


@pytest.mark.parametrize(
    "text",
    [
        "the punches cracked two of my ribs and my eyes were swollen shut for days",
        "i told her what my uncle looked like when we found him hanging",
    ],
)
def test_graphic_injury_and_scene_are_read(text: str) -> None:
    assert "graphic_detail" in fired(text), text


@pytest.mark.parametrize(
    "text",
    [
        "i was assaulted years ago, it was hard, and counselling helped me",
        "i found my nan's cardigan hanging by the door after she passed and had a cry",
    ],
)
def test_hard_things_said_briefly_stay_clean(text: str) -> None:
    assert "graphic_detail" not in fired(text), text


@pytest.mark.parametrize(
    "text",
    [
        "i told her i miscarried two weeks ago so i understand",
        "said my dad's in the hospice now and i can barely think",
        "i'm still waiting to find out if we'll keep the flat after the eviction notice",
    ],
)
def test_something_still_raw_is_read_in_new_shapes(text: str) -> None:
    assert "too_raw" in fired(text), text


@pytest.mark.parametrize(
    "text",
    [
        "i found the visit heavy going but i talked it through with my supervisor and i'm fine",
        "my knee's been sore this week so i took the lift, otherwise i'm grand",
        "a bit tired tonight but i'm ok, early night for me",
    ],
)
def test_tired_but_coping_stays_clean(text: str) -> None:
    found = fired(text)
    assert "too_raw" not in found and "writer_not_coping" not in found, text


@pytest.mark.parametrize(
    "text",
    [
        "been having those horrible thoughts again, haven't told my manager",
        "i feel like i'm going under at work and at home",
        "i feel as if i'm about to snap, every shift is a battle",
        "i am not sleeping since three weeks and nobody at work knows",
    ],
)
def test_the_writer_going_under_now_is_read(text: str) -> None:
    assert "writer_not_coping" in fired(text), text


@pytest.mark.parametrize(
    "text",
    [
        "i felt like i was going under back then, but the crisis team helped",
        "he said he feels like he's about to snap, we rang the crisis line together",
    ],
)
def test_going_under_then_or_someone_else_stays_clean(text: str) -> None:
    assert "writer_not_coping" not in fired(text), text


@pytest.mark.parametrize(
    "text",
    [
        "she asked if she could pop round to mine at christmas and i said yeah of course",
        "he asked if we could stay mates after discharge, i said sure",
        "told him to swing by mine with a takeaway on friday",
        "i said i'd call round on sunday with a pizza for us both",
    ],
)
def test_the_working_relationship_blurred_is_read(text: str) -> None:
    assert "blurring_relationship" in fired(text), text


def test_yes_to_their_wish_makes_it_the_writers() -> None:
    doc = _doc("he asked if we could stay mates after discharge, i said sure")
    assert not voiced_by_other(next(t for t in doc if t.lower_ == "mates"))
    doc = _doc("he asked if we could stay mates after discharge, i said no")
    assert voiced_by_other(next(t for t in doc if t.lower_ == "mates"))


@pytest.mark.parametrize(
    "text",
    [
        "the plumber came round to mine this morning so i was late in",
        "she asked if we could stay friends and i said no, but that i'd enjoyed working with her",
        "i went back to mine after the late shift and crashed",
    ],
)
def test_boundaries_kept_or_someone_else_at_mine_stay_clean(text: str) -> None:
    assert "blurring_relationship" not in fired(text), text


def test_a_visit_to_mine_is_the_persons_not_anyone_elses() -> None:
    assert not life_outside_work(_doc("the police came round to mine last night"))
    assert life_outside_work(_doc("she came round to mine last night"))


@pytest.mark.parametrize(
    "text",
    [
        "i begged him not to mention my overdose to the others",
        "told her about my drinking, is secret ok",
        "i said please don't go telling anyone what i said about my ex",
    ],
)
def test_keeping_it_secret_asked_in_other_words_is_read(text: str) -> None:
    assert "keep_it_between_us" in fired(text), text


@pytest.mark.parametrize(
    "text",
    [
        "she asked me not to tell her mum and i explained when i'd have to share it",
        "i told her about my anxiety and she's free to mention it to anyone",
    ],
)
def test_confidentiality_explained_stays_clean(text: str) -> None:
    assert "keep_it_between_us" not in fired(text), text


def test_a_run_on_sentence_split_by_the_parser_is_read_whole() -> None:
    doc = _doc("she was moaning about 2 weeks in hosp and i said try 9 months")
    whole = run_on(list(doc.sents)[-1])
    assert whole.text.startswith("she was moaning") and whole.text.endswith("9 months")
    stopped = _doc("She was fine. I said hello.")
    assert run_on(list(stopped.sents)[-1]).text == "I said hello."


@pytest.mark.parametrize(
    "text",
    [
        "i told him i know how frightening a first admission is",
        "i know how daunting a tribunal hearing is",
    ],
)
def test_how_a_thing_feels_said_as_known_is_knowing_the_feeling(text: str) -> None:
    # Read by the rule's own pattern, not only by the second reader.
    assert "i_know_how_you_feel" in {s.rule_id for s in GUIDE.check_rule("i_know_how_you_feel", text)}, text


def test_how_a_thing_feels_not_known_stays_clean() -> None:
    assert "i_know_how_you_feel" not in fired("i won't pretend i know how terrifying those first nights were for you")
