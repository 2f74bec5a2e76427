"""The identifying-details guard reads the tenth development set's shapes on the parse, not its
strings: a first name that is also a word, initials in lower case and a name from any language
where a note puts a person (the one who said or asked, the one told, rung, met or spoken to, the
one beside "me"); a name after a role of theirs; someone's home by their name; the writer's own
number or a group chat as a channel between the writer and the person; a workplace located by
where it is, in the past tense too; a school named after a comma; a phone number said in words
with "hundred". The same words used as words, the person's own group, a team phone and generic
places stay clean. None of these sentences is in a corpus file."""

from __future__ import annotations

import pytest

from tests.phrasing_support import found, points_at


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("joy asked if i'd ever felt that low", "joy"),
        ("texted ruby to see if thursday still works", "ruby"),
        ("had a catch up with dean about his tenancy", "dean"),
        ("i explained to heather that i'd been on sick leave myself", "heather"),
        ("him and robin were arguing in the waiting room", "robin"),
        ("ivy and her dad came to the review", "ivy"),
        ("so carol rang to cancel again", "carol"),
    ],
)
def test_a_first_name_that_is_also_a_word_where_a_note_puts_a_person(text: str, words: str) -> None:
    points_at(text, "identifying_name", words)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("yetunde mentioned the court date", "yetunde"),
        ("zainab really said she's done with the course", "zainab"),
        ("i said that olamide phoned twice", "olamide"),
        ("told kt i'd had the same diagnosis", "kt"),
        ("sat with dw for an hour after the call", "dw"),
    ],
)
def test_a_name_or_initials_in_lower_case_where_a_note_puts_a_person(text: str, words: str) -> None:
    points_at(text, "identifying_name", words)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("his cpn rosa is on leave till may", "rosa"),
        ("the new ot gethin started today", "gethin"),
        ("her advocate holly came to the meeting", "holly"),
        ("popped round to wojcik's with the food parcel", "wojcik"),
    ],
)
def test_a_name_after_a_role_of_theirs_or_a_home_by_its_name(text: str, words: str) -> None:
    points_at(text, "identifying_name", words)


@pytest.mark.parametrize(
    "text",
    [
        "i hope she knows how far she's come",
        "we had a really frank talk about relapse",
        "summer holidays are hard for him",
        "i'll mark it as done",
        "the bill came to forty quid",
        "the nurse will ring him tomorrow",
        "rang the gp to chase the letter",
        "went to sainsbury's with her to do the big shop",
        "reg plate was on the form",
        "she said her dawn walks help",
        "my sw team leader signed it off",
    ],
)
def test_the_same_words_used_as_words_stay_clean(text: str) -> None:
    assert "identifying_name" not in found(text), (text, found(text))


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("i gave him my private mobile in case the office was shut", "mobile"),
        ("she rang me on my own phone on christmas day", "phone"),
        ("he added me to his mates' group chat", "group"),
        ("we started a telegram group for me and the two lasses from the art class", "telegram"),
    ],
)
def test_the_writers_own_number_or_a_group_chat_between_them(text: str, words: str) -> None:
    points_at(text, "identifying_messaging_app", words)


@pytest.mark.parametrize(
    "text",
    [
        "i never give out my own number, i use the team phone",
        "texted her from the team mobile about friday",
        "he's in a group chat with his old army pals",
        "I said she's in a telegram group for her church",
        "i forgot my personal phone at home today",
    ],
)
def test_a_team_phone_and_their_own_groups_stay_clean(text: str) -> None:
    assert "identifying_messaging_app" not in found(text), (text, found(text))


@pytest.mark.parametrize(
    ("text", "rule", "words"),
    [
        ("her dad was a porter at the sawmill in glaisdale", "identifying_address", "glaisdale"),
        ("my aunt was the head at the juniors in fylingthorpe", "identifying_address", "fylingthorpe"),
        ("my aunt was the head at the juniors in fylingthorpe", "identifying_name", "head"),
        ("her eldest is at the same school as my nephew, st oswald's", "identifying_school", "st oswald"),
        ("call me on oh seven seven double oh nine hundred four four one", "identifying_phone", "oh seven"),
    ],
)
def test_workplaces_schools_and_numbers_in_new_shapes(text: str, rule: str, words: str) -> None:
    points_at(text, rule, words)


@pytest.mark.parametrize(
    "text",
    [
        "she was a nurse at the hospital in leeds",
        "he was the head at the meeting, chairing it",
        "it cost two hundred and fifty pounds in the end",
        "they went to the same school as me, years ago",
    ],
)
def test_close_places_and_numbers_stay_clean(text: str) -> None:
    assert found(text) == {}, (text, found(text))
