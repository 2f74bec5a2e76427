"""Issue 24, the eleventh development set's ideas, each tried in wording of its own (none of these
sentences is in a corpus): a hard story of the writer's own told as "we" (me and my family, done
to us) or in the present of its own time ("that spring i'm..."), day after day of it, with no
way through; saying it holds for all as "it's always the way", "that's X for you" or a question
that answers itself with "what"; making it small beside the world, as never having hurt anyone,
or as a rite of passage; my story taking the session; someone else's story told by its owner's
name; and the close wording that stays clean (a way through said briefly, the writer looking
back on having talked too much, a story named not told)."""

from __future__ import annotations

import pytest

from reflect.everyone_shapes import answers_itself
from reflect.hard_story_shapes import day_after_day, told_of_then
from reflect.language import is_own
from reflect.others_story_shapes import told_about_theirs
from reflect.relation_shapes import my_story_at_length, reflected_on
from reflect.smaller_shapes import bigger_picture, never_hurt_anyone
from tests.phrasing_support import GUIDE, fired


def _doc(text: str):
    return GUIDE.read(text).doc


@pytest.mark.parametrize(
    "text",
    [
        "i told him me and my sister got split up in care and we only saw each other twice a year after that",
        "said me and my partner were skint and frozen that whole winter, the gas got cut off",
        "told her we were made homeless the week my son turned two and it went from bad to worse",
        "said when we first arrive here we have nothing, my mum is crying every night",
        "i said back then i'm lying on the sofa all day and nobody knows how bad it is",
    ],
)
def test_a_hard_story_told_as_we_or_in_its_own_present_with_no_way_through(text: str) -> None:
    assert "missing_coping" in fired(text), (text, fired(text))


@pytest.mark.parametrize(
    ("text", "then"),
    [
        ("that spring i'm sitting in the car every lunchtime crying", True),
        ("back then i hide in my room all weekend", True),
        ("when i first come to england i sleep on a friend's floor", True),
        ("i'm sitting in the car every lunchtime right now", False),
        ("these days i walk to work", False),
    ],
)
def test_a_past_time_told_in_the_present_is_read_as_then(text: str, then: bool) -> None:
    doc = _doc(text)
    assert told_of_then(next(iter(doc.sents))) is then, text


@pytest.mark.parametrize(
    ("text", "mine"),
    [
        ("me and the kids got moved on three times", True),
        ("we were burgled twice that year", True),
        ("we talked about his plan for next week", False),
    ],
)
def test_we_is_the_writers_own_when_it_is_the_writer_and_their_people(text: str, mine: bool) -> None:
    doc = _doc(text)
    verb = next(t for t in doc if t.dep_ == "ROOT")
    assert is_own(verb) is mine, text


def test_day_after_day_of_a_hard_time_is_read_by_its_shape() -> None:
    assert day_after_day(_doc("i was sobbing every night and drinking all weekend"))
    assert not day_after_day(_doc("i was walking the dog every night"))


@pytest.mark.parametrize(
    "text",
    [
        "told her we lost the flat, me and my partner, and a support worker who properly listened got us sorted",
        "said that first winter i'm crying every night, but the carers group got me through it",
        "told him we were evicted once, and the council found us somewhere within a month which was the start of things getting better",
        "what was it like for you and your family when you were moved on?",
        # A "we" that plans with the person is no story of the writer's.
        "went over his tenancy, i said honestly the arrears are huge and we should concentrate on getting him to the debt line before court",
        "told her we'll ring the housing officer together tomorrow, she'd been evicted twice",
    ],
)
def test_a_hard_story_with_a_brief_way_through_or_a_question_stays_clean(text: str) -> None:
    assert "missing_coping" not in fired(text), (text, fired(text))


@pytest.mark.parametrize(
    "text",
    [
        "i said its always the way, you finally get settled and the landlord sells up",
        "told him thats teenagers for you, they all sulk",
        "which new dad doesnt feel useless in the first month?",
        "isnt it always the ones who seem fine who are falling apart?",
    ],
)
def test_saying_it_holds_for_all_in_idiom_and_question_is_overgeneralising(text: str) -> None:
    assert "overgeneralising" in fired(text), (text, fired(text))


def test_a_question_with_what_or_which_that_answers_itself_is_read_by_its_shape() -> None:
    assert answers_itself(_doc("which carer doesnt feel guilty some days?"))
    assert not answers_itself(_doc("which carer do you get on with best?"))


@pytest.mark.parametrize(
    "text",
    [
        "it's always the way for me that sundays are worst, i wonder how it is for you",
        "which day suits you best for the next visit?",
        "she said thats men for you, and i asked what had happened with her brother",
    ],
)
def test_a_careful_word_about_people_or_a_question_to_the_person_stays_clean(text: str) -> None:
    assert "overgeneralising" not in fired(text), (text, fired(text))


@pytest.mark.parametrize(
    ("text", "shape"),
    [
        ("told him a couple of rough nights never killed anybody", never_hurt_anyone),
        ("i said a bit of worry never did anyone any harm", never_hurt_anyone),
        ("said with all the wars going on a falling out with your mate isnt much", bigger_picture),
        ("told her in the grand scheme of things a missed appointment is nothing", bigger_picture),
    ],
)
def test_made_small_beside_the_world_or_as_harmless_is_minimising(text: str, shape) -> None:
    assert "minimising" in fired(text), (text, fired(text))
    assert shape(_doc(text)), text


@pytest.mark.parametrize(
    "text",
    [
        "i said youll be laughing about it by christmas",
        "told him hed look back on it as just a blip",
        "i said losing your first job is a rite of passage",
        "told her no biggie, these things work themselves out",
        "i said its not like anybody got hurt",
    ],
)
def test_making_it_smaller_in_idiom_is_minimising(text: str) -> None:
    assert "minimising" in fired(text), (text, fired(text))


@pytest.mark.parametrize(
    "text",
    [
        "my grandad never hurt anyone in his life, i told her about him once",
        "she said it's nothing compared to the news, and i said it still sounded hard for her",
        "i said it sounded a lot bigger than a blip, and asked what it's been like",
    ],
)
def test_taking_it_seriously_or_a_harmless_person_stays_clean(text: str) -> None:
    assert "minimising" not in fired(text), (text, fired(text))


@pytest.mark.parametrize(
    "text",
    [
        "that reminded me of my own dad's stroke so i gave her the whole lot, every appointment",
        "i spent half the visit telling her what i'd been through with my landlord",
        "i talk and talk about my anxiety and he only nod",
        "he mentioned his exam and that set me off on mine",
        "she ended up passing me tissues while i went on",
    ],
)
def test_my_story_taking_the_session_is_focus_on_me(text: str) -> None:
    assert "focus_on_me" in fired(text), (text, fired(text))


def test_a_session_spent_telling_mine_is_read_by_its_shape() -> None:
    assert my_story_at_length(_doc("i spent most of the hour telling her what i had been through"))


@pytest.mark.parametrize(
    "text",
    [
        "looking at it in supervision, i think i went on about my own breakup for too long",
        "i noticed i'd talked about myself too much, next time i'll say one line and ask about her",
        "kept it to a sentence about my own time in hospital, then asked how the ward is for him",
    ],
)
def test_the_writer_looking_back_or_keeping_it_brief_stays_clean(text: str) -> None:
    assert "focus_on_me" not in fired(text), (text, fired(text))
    assert reflected_on(_doc(text), 0, len(text)) or "kept" in text


@pytest.mark.parametrize(
    "text",
    [
        "i was going on about my own divorce for most of the hour and didnt notice she'd gone quiet",
        "only realised at the end that id spent half the session on my own rehab",
    ],
)
def test_the_writer_who_only_noticed_is_not_looking_back_to_learn(text: str) -> None:
    assert not reflected_on(_doc(text), 0, len(text))
    assert "focus_on_me" in fired(text), (text, fired(text))


@pytest.mark.parametrize(
    "text",
    [
        "i gave her my cousin's story, the rehab, the relapse, all of it",
        "talked about my daughter's adhd and how she got excluded",
        "told him about my neighbour who also lost his job and his flat",
        "mentioned a lass i worked with before in the same boat, lives near the precinct",
    ],
)
def test_someone_elses_story_told_is_third_party_story(text: str) -> None:
    assert "third_party_story" in fired(text), (text, fired(text))
    assert told_about_theirs(_doc(text)), text


@pytest.mark.parametrize(
    "text",
    [
        "i said someone in my family went through something like it, and left it at that",
        "she told me about her cousin's rehab and i listened",
        "in supervision i talked about whether to mention my brother at all",
    ],
)
def test_a_story_named_not_told_or_the_persons_own_stays_clean(text: str) -> None:
    assert "third_party_story" not in fired(text), (text, fired(text))
