"""Issue 24, the fifteenth development set's ideas, each tried in wording of its own (none of these
sentences is in a corpus): distress explained away as an everyday passing cause (minimising); a
way through that did nothing, failed or made it worse (a hard part of the writer's story, never
its way forward); the person's future foretold from the writer's own case (overgeneralising);
the person caring for the writer in their time, or the talk drifting onto the writer's story
(focus_on_me); someone of the writer's hard days told (third_party_story); and the close clean
wording of each staying clean (a cause denied or asked about, the person's own reading noted, a
possibility rather than a forecast, kindness in passing, the talk brought back, the writer's own
part)."""

from __future__ import annotations

import pytest

from reflect.explained_away_shapes import explained_away
from reflect.failed_way_shapes import tried_and_failed, ways_through_failed
from reflect.my_case_shapes import forecast_from_mine
from reflect.their_days_shapes import their_days_told
from reflect.turned_to_me_shapes import turned_to_me
from tests.phrasing_support import GUIDE, fired


def _doc(text: str):
    return GUIDE.read(text).doc


@pytest.mark.parametrize(
    "text",
    [
        "i told him it's probably just the hormones, nothing more to it",
        "said to her that'll only be the jet lag talking",
        "i reckoned it was just the caffeine making him jittery and left it there",
        "its only the clocks going back getting to you, i said",
        "told her the panic was likely just exam nerves",
        "i said the low feeling is probably only a lack of sleep",
        "i chalked it up to the menopause and said she'd be fine",
    ],
)
def test_distress_explained_away_is_minimising(text: str) -> None:
    assert explained_away(_doc(text)), text
    assert "minimising" in fired(text), text


@pytest.mark.parametrize(
    "text",
    [
        "it's not only the hormones though, is it?",
        "she thinks it's just the lack of sleep, i asked what else was going on",
        "he blamed it on the weather, we agreed to look at it again next week",
        "i said it's just the three of us at the planning meeting",
        "could it be the time of year, or does it feel like more than that?",
    ],
)
def test_a_cause_denied_asked_or_noted_stays_clean(text: str) -> None:
    assert "minimising" not in fired(text), text


@pytest.mark.parametrize(
    "text",
    [
        "it's only a quick phone review on friday, i reminded him",
        "i'm just the messenger, i said, the panel decides",
        "it was only the second time we'd met",
    ],
)
def test_an_appointment_the_writer_or_a_count_is_no_cause_explained_away(text: str) -> None:
    assert not explained_away(_doc(text)), text


@pytest.mark.parametrize(
    "text",
    [
        "i told her i saw three counsellors in two years and not one of them made any difference",
        "said the hospital tried two lots of injections on me and neither of them shifted the pain at all",
        "i had four goes at detox in my thirties, i told him, and each attempt ended worse than the last",
        "i told him i did a whole course of emdr after the crash and every single session failed",
        "i went to the support group for months after the divorce but no amount of talking eased it, i said",
    ],
)
def test_a_way_through_that_did_nothing_is_no_way_forward(text: str) -> None:
    assert ways_through_failed(_doc(text)), text
    assert "missing_coping" in fired(text), text


def test_a_way_through_made_worse_is_not_counted_as_coping() -> None:
    doc = _doc("the counselling only made everything worse for me back then")
    word = next(t for t in doc if t.lower_ == "counselling")
    assert tried_and_failed(word)
    doc = _doc("the counselling made everything easier for me back then")
    word = next(t for t in doc if t.lower_ == "counselling")
    assert not tried_and_failed(word)


@pytest.mark.parametrize(
    "text",
    [
        "i told her none of the first two inhalers did anything for my panic, but the third one worked and i've been steady since",
        "nothing the gp suggested helped at first, then a friend took me swimming every week and slowly it lifted",
        "she told me she'd tried three therapists and not one of them had helped her",
        "there was nothing to get upset about in the letter, i reassured him",
    ],
)
def test_a_way_found_after_or_a_way_that_is_not_mine_stays_clean(text: str) -> None:
    assert "missing_coping" not in fired(text), text


@pytest.mark.parametrize(
    "text",
    [
        "i got back to work four months after my breakdown so you'll be back by easter too, i told him",
        "i told her my second pregnancy was the easiest so hers will be as well",
        "going by my own experience he'll find the first week on nights the worst",
        "judging from what happened to me you'll be sleeping properly again by march",
    ],
)
def test_the_persons_future_foretold_from_my_case_is_overgeneralising(text: str) -> None:
    assert forecast_from_mine(_doc(text)), text
    assert "overgeneralising" in fired(text), text


@pytest.mark.parametrize(
    "text",
    [
        "it settled for me after about a month so it might for you too, but everyone's different",
        "i was back at work in four months but his consultant will decide what's right for him",
        "i went to the group last year so you'll get my old handouts too",
        "you won't necessarily feel the way i did, i said",
    ],
)
def test_a_possibility_or_a_plan_is_no_forecast_from_mine(text: str) -> None:
    assert "overgeneralising" not in fired(text), text


@pytest.mark.parametrize(
    "text",
    [
        "by the end of the appointment he was comforting me more than i was comforting him",
        "she spent the whole call reassuring me that i'd get through my exams",
        "the chat wandered onto my own divorce and never came round to hers",
        "i spent the drive talking about my own time on the ward",
    ],
)
def test_the_time_turned_to_me_is_focus_on_me(text: str) -> None:
    assert turned_to_me(_doc(text)), text
    assert "focus_on_me" in fired(text), text


@pytest.mark.parametrize(
    "text",
    [
        "she asked after my holiday at the start and then we went through her care plan",
        "we got onto my own dog for a minute and then back to her puppy",
        "my brother supported me through the worst of it and by the end of that year i was working again",
        "i realised i was going on about myself so i stopped and brought it back to what she wanted",
        "i think i said too much about my own loss, i'm talking it through with my supervisor on monday",
    ],
)
def test_kindness_in_passing_or_the_talk_brought_back_stays_clean(text: str) -> None:
    assert "focus_on_me" not in fired(text), text


@pytest.mark.parametrize(
    "text",
    [
        "i told him my uncle had a breakdown in the nineties, he didn't leave the house for two years",
        "a mate of mine got really ill with anorexia, she couldn't eat a thing for months, i said to her",
    ],
)
def test_someone_of_mine_and_their_hard_days_is_their_story(text: str) -> None:
    assert their_days_told(_doc(text)), text
    assert "third_party_story" in fired(text), text


@pytest.mark.parametrize(
    "text",
    [
        "when my dad was in hospital i couldn't sleep for weeks, and talking to my own gp is what helped",
        "my sister phoned, she can't make tuesday's review",
        "a relative of mine has been through something like it, i said, and asked how he was doing",
    ],
)
def test_my_own_part_or_an_everyday_note_about_someone_stays_clean(text: str) -> None:
    assert "third_party_story" not in fired(text), text
