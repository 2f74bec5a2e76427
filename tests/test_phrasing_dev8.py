"""Issue 24, the eighth development set's ideas, each tried in wording of its own (none of these
sentences is in a corpus): a hard time that has lasted or never ended, told in the present
perfect however short; present distress in everyday idiom and news not yet taken in; not
coping said as not wanting to wake up, hurting myself now, others better off without me;
asking for secrecy in any words; a mountain out of a molehill; hope worn down by odds, "might
as well get used to it" and "unlikely to"; theirs made light of beside mine; the session made
about me; recognising exactly what they are going through; the same tablets as mine; time off
spent with the person; Scottish and Northern spellings; and a client's or someone else's words
noted by the writer, and good practice of the same shapes, staying clean."""

from __future__ import annotations

import pytest

from reflect.language import spell_out
from reflect.language_shapes import hardship_lasting
from tests.phrasing_support import GUIDE, fired


@pytest.mark.parametrize(
    "text",
    [
        "I told him I've been fighting my OCD for fifteen years",
        "i said i've never really recovered from losing the baby",
        "I've had panic attacks since I was a teenager",
        "the anorexia has ruined my whole life, I said",
        "I haven't been the same since the attack",
        "told her my mood's just got worse and worse over the years",
    ],
)
def test_a_hard_time_that_has_lasted_is_a_story_with_no_way_forward_however_short(text: str) -> None:
    assert "missing_coping" in fired(text), text
    assert hardship_lasting(GUIDE.read(text).doc), text


@pytest.mark.parametrize(
    "text",
    [
        "I've struggled with my mood for years, and these days running and my GP keep me well",
        "he's been battling his drinking for years, we're working on a plan together",
        "I've been a carer for my mum for years and I love it",
        "I've never been happier since I started volunteering",
        "have you been struggling with this for long?",
        "she says she's never really got over her dad's death, we're looking at bereavement groups",
    ],
)
def test_a_lasting_hard_time_with_its_way_forward_or_not_the_writers_stays_clean(text: str) -> None:
    assert "missing_coping" not in fired(text), text


@pytest.mark.parametrize(
    "text",
    [
        "my sleep's gone to pot lately with everything going on",
        "I've only just been told I'm losing my job, I'm devastated",
        "i'm still taking it in, the diagnosis only came on monday",
        "honestly my head's all over the place at the moment",
    ],
)
def test_present_distress_in_everyday_idiom_is_too_raw(text: str) -> None:
    assert "too_raw" in fired(text), text


@pytest.mark.parametrize(
    "text",
    [
        "some nights I don't want to wake up",
        "I'm harming myself again and I haven't told anyone",
        "i honestly think my family would be better off without me",
        "I've started drinking before my shift just to get through it",
        "i cannae cope wi it the now",
    ],
)
def test_not_coping_in_new_words_is_seen_as_the_writer_right_now(text: str) -> None:
    assert {"writer_not_coping", "too_raw"} <= fired(text), text


@pytest.mark.parametrize(
    "text",
    [
        "I didn't want to wake up some days back then, and what helped was my GP and my sister",
        "she said her family would be better off without her, we made a safety plan together",
        "I used to hurt myself years ago, and I'm well now",
        "I want to live near the sea one day",
    ],
)
def test_not_coping_said_of_the_past_or_of_someone_else_is_not_the_writer_now(text: str) -> None:
    assert "writer_not_coping" not in fired(text), text


@pytest.mark.parametrize(
    "text",
    [
        "that's just between you and I, ok?",
        "and don't you breathe a word to the team",
        "could you not tell your key worker what I said",
        "I got her to promise she wouldn't tell anyone",
        "for your ears only, yeah?",
        "dinnae tell the others what i said about my past",
    ],
)
def test_asking_for_secrecy_in_any_words_is_noticed(text: str) -> None:
    assert "keep_it_between_us" in fired(text), text


@pytest.mark.parametrize(
    "text",
    [
        "you don't have to tell anyone until you're ready",
        "she asked me not to pass it on and I explained when I might need to",
        "I told her what she shares stays with the team unless someone's at risk",
    ],
)
def test_talking_about_confidentiality_is_not_asking_for_secrecy(text: str) -> None:
    assert "keep_it_between_us" not in fired(text), text


@pytest.mark.parametrize(
    "text,rule",
    [
        ("he's making mountains out of molehills, I told her", "minimising"),
        ("I told him the odds of him getting custody are pretty much nil", "hope_eroding"),
        ("she might as well get used to it, I said", "hope_eroding"),
        ("he's unlikely to ever work again with his back", "hope_eroding"),
        ("the flashbacks won't ever go away fully", "hope_eroding"),
        ("he's had it easy compared to my twenties", "comparing"),
        ("your divorce is a walk in the park next to mine", "comparing"),
        ("I think I made the whole appointment about me again", "focus_on_me"),
        ("I recognise exactly how you're feeling", "i_know_how_you_feel"),
        ("go on the same antidepressant as me, it's brilliant", "prescribing"),
        ("we went to the pictures together at the weekend", "blurring_relationship"),
        ("i've been popping round to hers on my day off", "blurring_relationship"),
        ("I'm going to be her bridesmaid next summer", "blurring_relationship"),
        ("we meet up for coffee after work sometimes", "blurring_relationship"),
        ("I'm coming to his graduation do", "blurring_relationship"),
    ],
)
def test_each_idea_is_found_in_wording_of_its_own(text: str, rule: str) -> None:
    assert rule in fired(text), text


@pytest.mark.parametrize(
    "text",
    [
        "he keeps telling himself worse things happen at sea, we talked about whether it helps",
        "she keeps saying it could be worse, I asked what worse would look like",
        "she worries she's making a mountain out of a molehill, I said it clearly matters to her",
        "she said her sister's had it easy compared to her, we talked about that",
        "i asked what she thinks would help rather than telling her what worked for me",
        "I hope the flashbacks ease for her soon",
        "I recognise some of what you're describing, but tell me how it is for you",
        "I went to the match at the weekend, how was yours?",
        "we talked about her going to the pub with her friends again",
        "she asked me to be godmother and I said no, kindly, and explained why",
        "I made sure the session was about her goals",
        "I asked if she'd thought about asking her GP about other tablets",
    ],
)
def test_good_practice_and_other_peoples_words_of_the_same_shapes_stay_clean(text: str) -> None:
    assert fired(text) == set(), text


def test_scottish_and_northern_spellings_are_read_as_said() -> None:
    assert spell_out("i dinnae want tae talk aboot it").text == "I don't want to talk aboot it"
    assert spell_out("he's done nowt wrong, ye'll see").text == "he's done nothing wrong, you'll see"
    assert spell_out("the wiki page").text == "the wiki page"
