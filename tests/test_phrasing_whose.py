"""The phrasing guide's language rules read whose words a sentence holds and what shape an idea
takes, not the wording of a corpus: a client's words noted, sharing taken to one's own
supervisor, a prediction of their outcome from mine, my count set against theirs, my way
promised to them, time given to my story, the writer's home, money and family time given, and
a story that turns back to the person. Each sentence here is in no corpus file."""

from __future__ import annotations

import pytest

from reflect.guard_context import declined
from reflect.language_shapes import counts_no_contest, more_than_theirs, my_way_for_them, predictions_from_mine, returns_to_person, told_to_support, voiced_by_other, wished_for
from reflect.phrasing import PhrasingGuide
from tests.phrasing_support import GUIDE, RULES, fired

RULES_ALONE = PhrasingGuide(RULES, model=None)


def wording(text: str, guide: PhrasingGuide = GUIDE) -> set[str]:
    """The rules of wording that fire (identifying details are the guard's, tested elsewhere)."""
    return {s.rule_id for s in guide.check(text) if not s.identifying}


def doc(text: str):
    return GUIDE.read(text).doc


# --- a client's words, noted, are the client's ---------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "she told me her cousin died of an overdose at new year, and we've agreed to keep talking about it",
        "he asked to follow me on instagram and I explained why I keep work and home apart",
        "she says she'll always be a burden, and we talked about where that idea comes from",
    ],
)
def test_a_clients_words_noted_by_the_writer_stay_clean(text):
    assert wording(text) == set()


def test_the_rules_leave_a_clients_hopeless_words_to_the_client():
    # The second reader reads the sentence whole; the rules read whose words they are.
    assert wording("he reckons he'll never be able to work again, so we looked at what he enjoyed before", RULES_ALONE) == set()


def test_the_words_under_someone_elses_verb_of_saying_are_theirs():
    reading = doc("he reckons he'll never be able to work again")
    work = next(t for t in reading if t.lower_ == "work")
    assert voiced_by_other(work)
    mine = doc("I reckon you'll never be able to work again")
    assert not voiced_by_other(next(t for t in mine if t.lower_ == "work"))


def test_the_writers_own_hopeless_words_are_still_noticed():
    assert "hope_eroding" in fired("I told him realistically he's never going to manage a full time job")


# --- sharing taken to one's own supervisor or manager --------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "I talked to my line manager about how low I've been since the funeral, and we've set up a phased return",
        "i mentioned to my supervisor that my own depression is back this month and we made a plan",
    ],
)
def test_raw_difficulties_taken_to_ones_own_supervisor_or_manager_stay_clean(text):
    assert fired(text) == set()


def test_told_to_support_needs_the_writers_own_supervisor():
    assert told_to_support(next(doc("I spoke to my manager about my anxiety this week").sents))
    assert not told_to_support(next(doc("she spoke to her manager about her anxiety").sents))


def test_the_same_distress_told_to_the_person_is_still_too_raw():
    assert "too_raw" in fired("I told her I'm struggling myself at the minute with everything going on at home")


# --- predicting their outcome from mine ----------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "give the new tablets a few weeks and you'll be sleeping through, it was like that for me",
        "i told him the second year of uni is always better, it was for me",
        "once the hearing's over she'll relax, I know I did",
        "u'll be back to normal after the detox, thats what happened with me",
    ],
)
def test_their_outcome_predicted_from_mine_is_noticed(text):
    assert "overgeneralising" in fired(text)


@pytest.mark.parametrize(
    "text",
    [
        "I said I'd ring her on Friday, and I did",
        "i asked whether he'd like to hear how it went for me, and he said yes",
        "I was so lonely and scared I thought it would never end, but my nan took me in",
    ],
)
def test_an_echo_that_predicts_nothing_stays_clear_of_overgeneralising(text):
    assert "overgeneralising" not in fired(text)
    assert predictions_from_mine(doc(text)) == []


# --- my count set against theirs -----------------------------------------------------------------


def test_my_bigger_count_set_against_theirs_is_comparing():
    assert "comparing" in fired("you've missed two days of college, I missed six months")
    assert more_than_theirs(doc("she's had one relapse, I had five"))


@pytest.mark.parametrize(
    "text",
    [
        "she's had two sessions this month and I've had three",
        "you've been coming here a week and I've worked here ten years",
    ],
)
def test_counts_side_by_side_that_are_no_contest_stay_clean(text):
    assert "comparing" not in fired(text)


# --- my way promised to them ---------------------------------------------------------------------


def test_what_got_me_through_promised_to_them_is_prescribing():
    assert "prescribing" in fired("the things that pulled me through will help her too, if she gives them time")
    assert my_way_for_them(doc("whatever helped me will help you"))


def test_what_helped_me_offered_as_one_option_stays_clean():
    assert fired("what helped me was writing things down, but it might not suit you, what do you think?") == set()


def test_my_way_denied_as_the_only_way_stays_clean():
    assert "prescribing" not in fired("I said my way really isn't the only way, and we wrote down a few ideas of his")


# --- time given to my story; the writer's home, money and family time given ----------------------


def test_time_given_to_my_story_is_focus_on_me():
    assert "focus_on_me" in fired("we wasted most of the hour on my own rubbish week")
    assert "focus_on_me" not in fired("I used a bandage on my hand after the fall")


@pytest.mark.parametrize(
    "text",
    [
        "told her she can kip at mine till the council sorts something",
        "I've lent him my old laptop for his course",
        "I said I'd go to his birthday party on Saturday",
        "I sometimes babysit for her on a Friday so she can get to group",
        "he calls me his big sister now",
    ],
)
def test_the_writers_home_money_and_family_time_given_blur_the_relationship(text):
    assert "blurring_relationship" in fired(text)


@pytest.mark.parametrize(
    "text",
    [
        "she invited me to her birthday and I said thank you, but I can't, and why",
        "I gave him the number for the money advice service",
        "we talked about how she could ask her mum to babysit on group nights",
    ],
)
def test_warm_boundaries_stay_clean(text):
    assert "blurring_relationship" not in fired(text)


# --- a story that turns back to the person -------------------------------------------------------


def test_a_hard_story_that_turns_back_to_the_person_is_not_missing_coping():
    text = "I told her I'd found the first months after the diagnosis really hard and lonely, and wondered what has been hardest for her"
    assert "missing_coping" not in fired(text)
    assert returns_to_person(doc(text))


def test_a_hard_story_with_no_way_forward_is_still_noticed():
    assert "missing_coping" in fired(
        "I told her that after the diagnosis I was lonely and frightened for months and I pushed everyone away"
    )


@pytest.mark.parametrize(
    "text",
    [
        "I said it might be different for you, but for me the first few weeks were the hardest, and asked how hers have been",
        "he's been coming for three weeks and says it's starting to help",
        "I said some people find the groups useful and some don't, and it's up to her",
        "she told her manager she's been struggling and they've agreed a phased return",
        "i didn't go to the team meeting last week because of the strike",
        "we spent most of the session on his plan for the move",
    ],
)
def test_good_practice_near_each_new_reading_stays_clean(text):
    assert wording(text) == set()


def test_how_long_it_takes_everyone_is_a_claim_about_everyone():
    assert "overgeneralising" in fired("honestly it takes everybody a good year to feel normal after a bereavement")
    assert "overgeneralising" not in fired("they never take anyone on without references, so we're working on his")
    assert "overgeneralising" in fired("all young dads feel out of their depth at first")


# --- a hope or a wish for the person is not a forecast ----------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "I hope you'll never have to go through that again",
        "i really hope it never comes back for you",
        "hoping u never have to face that again",
        "she hopes she'll never feel like that again, and we're planning for the harder days",
        "I wish you didn't have to go through it all again",
        "fingers crossed it never comes back for you",
        "let's hope you never have to go back on the ward",
        "i hope it never comes back for you, you know?",
    ],
)
def test_a_hope_or_wish_for_the_person_does_not_wear_hope_down(text):
    assert "hope_eroding" not in wording(text)


@pytest.mark.parametrize(
    "text",
    [
        "I hope I'm wrong but honestly you'll never get over this",
        "with your history I doubt you'll ever hold down a job",
        # hoped to be understood, but the forecast itself is said as a fact
        "I hope you understand you'll never be the same after this",
        "i hope u realise ur too far gone to change now",
        "I hope you know you won't ever hold down a job with your history",
        # an idiom of wishing, then a turn
        "fingers crossed but honestly with your history you'll never hold down a job",
    ],
)
def test_a_forecast_beside_a_hope_is_still_noticed(text):
    assert "hope_eroding" in wording(text)


def test_wished_for_reads_under_a_verb_of_hoping_in_any_form():
    hoping = doc("hoping you never have to face that again")
    assert wished_for(next(t for t in hoping if t.lower_ == "face"))
    plain = doc("you never have to face that again")
    assert not wished_for(next(t for t in plain if t.lower_ == "face"))


@pytest.mark.parametrize(
    "text",
    [
        "he worries he's making a mountain out of a molehill, i told him it obviously matters to him",
        "she's convinced she's blowing it all out of proportion, we talked about what it means to her",
    ],
)
def test_the_second_reader_does_not_overrule_a_rule_that_left_a_clients_words_to_them(text):
    # The minimising rule's own wording is there, in what the client fears of themselves; the
    # rule sets it aside, and the second reader, reading the whole sentence, must not bring it back.
    assert wording(text) == set()


def test_the_writers_own_minimising_in_the_same_words_is_still_noticed():
    assert "minimising" in wording("i told him he was making a mountain out of a molehill, it obviously didn't matter")


@pytest.mark.parametrize(
    ("text", "no_contest"),
    [
        ("she's had two sessions this month and I've had three", True),
        ("you've had one panic attack, I was having ten a day", False),
        ("you had one night in hospital, i was in for eight months", False),
        ("i told her about my weekend", False),
    ],
)
def test_counts_side_by_side_are_read_as_a_contest_or_none(text, no_contest):
    doc = GUIDE.read(text).doc
    assert counts_no_contest(doc, 0, len(doc.text)) is no_contest


@pytest.mark.parametrize(
    ("text", "declined_it"),
    [
        ("she asked to come round to mine and I explained I can't", True),
        ("he invited me to his wedding and i said no, kindly", True),
        ("she invited me to her wedding and i went", False),
    ],
)
def test_an_offer_declined_is_read_in_the_sentence(text, declined_it):
    doc = GUIDE.read(text).doc
    assert declined(doc, 0, len(doc.text)) is declined_it
