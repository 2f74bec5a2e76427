"""The shapes each weak idea takes, not one wording of it (the fourth development set): a claim
about a whole group, a treatment or an illness ("X are always Y", "that's what grief does",
"people like us"), a denied universal left clean ("not everyone finds it hard"); hope worn down
by a forecast ("never going to be off the meds", "I'd be surprised if", "not much chance");
distress made small ("just the blues", "worrying over nothing", "he'll grow out of it");
comparing by luck or length; the writer's own distress now; a friend's story; assuming you know
how hard it is. Each shape is tried in a wording of its own, and good practice of the same
shape stays clean."""

from __future__ import annotations

import pytest

from reflect.language import denies_universal, merge_spans
from reflect.phrasing import evaluate, read_corpus
from tests.phrasing_support import GUIDE, ROOT, RULE_IDS, fired


@pytest.mark.parametrize(
    "text,rule",
    [
        # a whole group, a treatment or an illness said to be always so
        ("counsellors are always rubbish at the start", "overgeneralising"),
        ("the side effects are always worst in week two", "overgeneralising"),
        ("doctors never listen, mine didn't", "overgeneralising"),
        ("ppl like me always end up relapsing", "overgeneralising"),
        ("that's just what bereavement does, it flattens you", "overgeneralising"),
        ("nobody ever gets better without hitting the bottom first", "overgeneralising"),
        ("every single alcoholic lies about how much they drink", "overgeneralising"),
        # a forecast that wears hope down
        ("she's never going to be independent, realistically", "hope_eroding"),
        ("i don't think college is going to work out for him", "hope_eroding"),
        ("I'd be amazed if he passed with everything going on", "hope_eroding"),
        ("the flashbacks don't ever fully go away", "hope_eroding"),
        ("there's slim chance of things picking up now", "hope_eroding"),
        ("most people on clozapine can't go back to work", "hope_eroding"),
        ("with her record no landlord won't look twice", "hope_eroding"),
        ("you'll be living with it for the rest of your life", "hope_eroding"),
        # distress made small
        ("it's probably only exam nerves", "minimising"),
        ("you're stressing over nothing", "minimising"),
        ("it's not as bad as she thinks", "minimising"),
        ("don't make such a drama of it", "minimising"),
        ("she'll grow out of it", "minimising"),
        ("it's hardly a disaster", "minimising"),
        # comparing by luck or length
        ("you were so lucky, I had nobody", "comparing"),
        ("your stay sounds pretty mild, mine lasted a year", "comparing"),
        ("he only needed a few sessions, I had to wait two years", "comparing"),
        # the writer's own distress now
        ("I can't stop crying since the news", "too_raw"),
        ("I've been drinking every night to switch off", "too_raw"),
        ("I've not been sleeping since the funeral", "too_raw"),
        # someone else's story
        ("a mate of mine was sectioned after a manic spell", "third_party_story"),
        ("my oldest brother tried to take his own life in the spring", "third_party_story"),
        ("my wife has been on antidepressants since the baby", "third_party_story"),
        # assuming you know how hard it is, or that it is the same as mine
        ("i know how lonely it must feel for you", "i_know_how_you_feel"),
        ("I can relate so much, I had the exact same", "i_know_how_you_feel"),
        ("me and you are both in the same boat, we're in the same boat", "i_know_how_you_feel"),
        ("i feel ur pain", "i_know_how_you_feel"),
        # a treatment or illness said to do the same to anyone ("you" meaning anyone)
        ("sertraline just knocks you out, it did me", "overgeneralising"),
        ("counselling never works if you're forced into it", "overgeneralising"),
        ("that's what happens when you skip doses", "overgeneralising"),
        ("it's just how it is with bipolar", "overgeneralising"),
        # brushing it aside
        ("chin up, pet", "minimising"),
        ("think positive and it'll be grand", "minimising"),
        ("that's just part of growing up", "minimising"),
        ("you don't look depressed to me", "minimising"),
        # too late, incurable, the best to hope for
        ("the ship's sailed on nursing for you", "hope_eroding"),
        ("there's no cure for your condition", "hope_eroding"),
        ("she's too far gone to go back to work", "hope_eroding"),
        # comparing by what I did without
        ("count yourself lucky you got seen", "comparing"),
        ("you lot have got it easy these days", "comparing"),
        # the writer's own, still raw
        ("this is all still so raw for me, it only happened in june", "too_raw"),
        ("I'm waiting for counselling myself", "too_raw"),
    ],
)
def test_each_shape_is_noticed_in_a_wording_of_its_own(text: str, rule: str) -> None:
    assert rule in fired(text), text


@pytest.mark.parametrize(
    "text",
    [
        "not everyone finds the first weeks hard, it's different for each of us",
        "hardly anyone gets every side effect on the leaflet",
        "my counsellors were always kind to me",
        "is it always like this in the mornings for you?",
        "I hope you'll never have to go through that again",
        "what would you like to happen with college?",
        "there's every chance of things picking up, and I've seen it happen",
        "the voices did quieten for me over time, with the right help",
        "that sounds a lot, what's it been like?",
        "she said she didn't want to make a fuss at the appointment",
        "I was lucky to have my nan, how about you?",
        "he told me he can't stop thinking about his new flat, he's so excited",
        "a friend of mine has just started a pottery class",
        "I don't know how hard it is for you, would you tell me?",
        "it's just the ticket, a walk by the river",
        "does sertraline make you sleepy?",
        "my counselling only works when I go in with a plan",
        "it's never too late, I started again at fifty",
        "she said it was still raw for her, so we took it slowly",
        "what are you hoping for this year?",
        "my life story work with her is going well",
    ],
)
def test_good_practice_of_the_same_shapes_stays_clean(text: str) -> None:
    assert fired(text) == set(), text


def test_a_denied_universal_is_told_from_a_claim_about_everyone() -> None:
    doc = GUIDE.read("not everyone finds it hard but everyone finds it long").doc
    assert denies_universal(doc, 0, 26)
    assert not denies_universal(doc, 31, 55)
    assert merge_spans([(0, 4), (2, 6), (8, 9)]) == [(0, 6), (8, 9)]


def test_the_fourth_development_set_is_read_well_and_its_good_practice_stays_clean() -> None:
    dev4 = read_corpus(ROOT / "corpus" / "phrasing-dev4.txt", RULE_IDS)
    result = evaluate(GUIDE, dev4)

    assert len(dev4) >= 200 and result.clean_sentences >= 75
    assert result.clean_flagged <= 1
    assert result.overall.precision >= 0.9 and result.overall.recall >= 0.95
