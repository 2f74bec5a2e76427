"""Issue 24, the tenth development set's ideas for a hard story with no way forward, saying it is
the same for everyone, making it smaller, the focus on me and someone else's story, each tried in
wording of its own (none of these sentences is in a corpus): what was tried came to nothing,
nobody there, having to give something up, years of my life taken, being left, losing something
of mine, stopping one thing after another; a story only named, a note for supervision; questions
that answer themselves, dares no one can meet, the generic "you", the way things go, "we all",
proverbs, beside everyone's ordinary first time somewhere; "it could be worse", "others have it
worse" (with "at least", "believe me" and "than you" left to the comparing rule), idioms, and
words the writer did not say; someone of mine or someone I once supported said to have been
through it, beside my own part told as mine. Good practice of the
same shapes stays clean."""

from __future__ import annotations

import pytest

from reflect import everyone_shapes, hard_story_shapes, others_story_shapes, smaller_shapes
from tests.phrasing_support import GUIDE, fired


def _doc(text: str):
    return GUIDE.read(text).doc


@pytest.mark.parametrize(
    ("text", "shape"),
    [
        ("i told him the injections did nothing and the group didnt help either, i stayed in my room most of that year",
         hard_story_shapes.came_to_nothing),
        ("said to her when i came out of hospital no one visited me and nobody rang, not once in months",
         hard_story_shapes.nobody_there),
        ("i told him i had to give up my apprenticeship after the first episode and move back in with my dad",
         hard_story_shapes.had_to_give_up),
        ("i said the anorexia stole my whole adolescence, every single bit of it, from thirteen on",
         hard_story_shapes.time_of_life_taken),
        ("told her my husband walked out on us the week after my diagnosis and took the car and the savings",
         hard_story_shapes.left_me),
        ("i tell him when the depression come i lose my job, i lose my flat, i lose my friends also",
         hard_story_shapes.lost_mine),
        ("said i quit the choir, quit the gym, quit answering the phone, quit everything",
         hard_story_shapes.stopped_everything),
    ],
)
def test_a_hard_story_with_no_way_forward_is_read_in_new_shapes(text: str, shape) -> None:
    assert shape(_doc(text)), text
    assert "missing_coping" in fired(text), text


@pytest.mark.parametrize(
    "text",
    [
        # A way through, in words the rules may not know.
        "i told him the injections did nothing for ages, then my cpn sat with me every week and i came back to myself",
        "i said the anorexia took my teens, but art college gave me a reason to eat again",
        "told her my husband walked out on us after my diagnosis, my sister moved in and we muddled through together",
        # Not the writer's story, a question, a note about sharing.
        "she said nobody visited her in hospital and she had to give up her course, we talked about what she'd like to pick up",
        "did you have to give up your apprenticeship when you were first unwell?",
        "on reflection i told him about losing my flat without saying what got me through, i'll add that next time",
        "i went on a bit telling him about my own bereavement, and we ran short for his care plan",
    ],
)
def test_a_way_through_or_no_story_of_mine_stays_clean(text: str) -> None:
    assert "missing_coping" not in fired(text), text


@pytest.mark.parametrize(
    ("text", "shape"),
    [
        ("who wouldn't be terrified before their first ward round?", everyone_shapes.answers_itself),
        ("don't we all feel like running away from it sometimes?", everyone_shapes.answers_itself),
        ("i said find me a carer who hasnt cried in the car park", everyone_shapes.no_one_who_hasnt),
        ("there's not a bloke alive who hasn't bottled it up at some point", everyone_shapes.no_one_who_hasnt),
        ("you never really get used to the voices, you just learn to live round them", everyone_shapes.how_it_goes_for_anyone),
        ("once you've been on a section you always wonder if people believe you", everyone_shapes.how_it_goes_for_anyone),
        ("that's just how it goes with a new baby, you lose yourself for a while", everyone_shapes.the_way_it_goes),
        ("i said it always hits harder the second time round", everyone_shapes.the_way_it_goes),
        ("we all hit rock bottom at some stage, i told her", everyone_shapes.we_all),
    ],
)
def test_saying_it_holds_for_everyone_is_read_in_new_shapes(text: str, shape) -> None:
    assert shape(_doc(text)), text
    assert "overgeneralising" in fired(text), text


@pytest.mark.parametrize(
    "text",
    [
        "i told her every cloud has a silver lining, even this one",
        "what doesn't kill you makes you stronger, i said to him",
        "i said time's a great healer, it is for everyone",
    ],
)
def test_a_proverb_tells_one_outcome_for_all(text: str) -> None:
    assert "overgeneralising" in fired(text), text


@pytest.mark.parametrize(
    "text",
    [
        # Everyone's ordinary first time somewhere.
        "everybody finds the first night in a new hostel a bit weird",
        "everyone finds the first day at a new job confusing, the ward is no different",
        # A real question, the writer's own, what we all did once, a client's words.
        "who would you like to come with you to the tribunal?",
        "you always say mornings are worst, is that still how it is?",
        "we all had to start somewhere, i said, and asked what she'd like to learn first",
        "that's how it went for me after my mum, it might be different for you",
        "he reckons nobody who's been sectioned ever gets a job, i asked where that came from",
    ],
)
def test_ordinary_shared_experience_and_real_questions_stay_clean(text: str) -> None:
    assert "overgeneralising" not in fired(text), text


@pytest.mark.parametrize(
    ("text", "shape"),
    [
        ("it could always be worse, i said to him", smaller_shapes.could_be_worse),
        ("some people are a lot worse off than her, i reminded her", smaller_shapes.could_be_worse),
        ("i said honestly things could be a whole lot worse for her", smaller_shapes.could_be_worse),
    ],
)
def test_making_it_smaller_is_read_in_new_shapes(text: str, shape) -> None:
    assert shape(_doc(text)), text
    assert "minimising" in fired(text), text


@pytest.mark.parametrize(
    "text",
    [
        "told him honestly its a storm in a teacup",
        "i said no point crying over it now",
        "it's not that deep babe, i told her",
    ],
)
def test_making_it_smaller_by_idiom(text: str) -> None:
    assert "minimising" in fired(text), text


@pytest.mark.parametrize(
    "text",
    [
        "i didnt tell her to cheer up, i just sat with her",
        "i was never going to say it's nothing, it obviously matters to him",
        "at least we've booked the review now, that gives us a date to aim for",
        "at least i had my nan back then, i said, and asked who she has around her",
        "she has it worse than you, believe me",
        "she told me it could be worse, so i asked what worse would look like for her",
    ],
)
def test_unsaid_words_a_plan_a_contest_and_the_persons_own_words_are_not_minimising(text: str) -> None:
    assert "minimising" not in fired(text), text


@pytest.mark.parametrize(
    "text",
    [
        "i talked her through all my story from the start, the drink, the court, the lot, it took most of the hour",
        "he said he didnt want to burden me when i've got so much on my plate myself",
    ],
)
def test_my_story_taking_over_is_the_focus_on_me(text: str) -> None:
    assert "focus_on_me" in fired(text), text


@pytest.mark.parametrize(
    "text",
    [
        "i told him my stepdads son was hearing voices at about the same age",
        "i said a pal of mine had the exact same diagnosis and came off his meds in a year",
        "told her i knew a woman a few years back in the same boat who ended up in rehab",
    ],
)
def test_someone_elses_story_is_read_in_new_shapes(text: str) -> None:
    assert others_story_shapes.theirs_told(_doc(text)), text
    assert "third_party_story" in fired(text), text


@pytest.mark.parametrize(
    "text",
    [
        "when my brother was in the unit, what i remember most is feeling useless, i told her",
        "she said her cousin was sectioned last year and she's scared it'll happen to her",
        "my son loves his football, i said, and asked what she's into",
    ],
)
def test_my_own_part_and_their_own_family_stay_clean(text: str) -> None:
    assert "third_party_story" not in fired(text), text


@pytest.mark.parametrize(
    "text",
    [
        # My own present with someone ill is not their story.
        "im finding it really hard at the minute with my dad being so poorly",
        # A common feeling of we all, and "you just" said to the person.
        "we all get a bit flat in february, i said, how has it been for you?",
    ],
)
def test_close_wordings_of_other_advice_stay_with_it(text: str) -> None:
    assert not hard_story_shapes.time_of_life_taken(_doc(text)), text
    rules = fired(text)
    assert "third_party_story" not in rules, text
    assert "overgeneralising" not in rules, text


def test_a_story_in_graphic_detail_with_no_way_through_gets_both_pieces_of_advice() -> None:
    # A count of tablets is no stretch of a life; the detail and the missing way through are
    # both pointed out, as the sets written by the blind set's writer label them.
    text = "i told him i swallowed thirty of my pills and lay there waiting and nobody came for hours"
    assert not hard_story_shapes.time_of_life_taken(_doc(text))
    assert {"graphic_detail", "missing_coping"} <= fired(text)
