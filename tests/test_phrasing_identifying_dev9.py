"""The identifying-details guard reads the ninth development set's shapes on the parse, not
its strings: short names, initials, surnames and nicknames where a note puts a person; a
messaging app or a message on any platform between the writer and the person, and a
social-media account that connects them, in either direction; one person singled out by who
they are; house numbers, birthdays and accounts in unusual shapes. The person's own use of an
app, contact refused or declined, and everyday words that look like names stay clean. None of
these sentences is in a corpus file."""

from __future__ import annotations

import pytest

from tests.phrasing_support import found, points_at


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("catch up with jo on friday about the forms", "jo"),
        ("del from the day centre called about his keys", "del"),
        ("tj says he wants to try the gym group", "tj"),
        ("big g came in for a cuppa", "big g"),
        ("rang dom back re the gas", "dom"),
        ("little viv was off all week with a cold", "little viv"),
        ("the lads call him spud", "spud"),
        ("yeabsira has started going to the allotment", "yeabsira"),
    ],
)
def test_a_short_name_initials_or_a_nickname_where_a_note_puts_a_person(text: str, words: str) -> None:
    points_at(text, "identifying_name", words)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("we swapped whatsapps before she left", "swapped whatsapps"),
        ("he's been snapchatting me most nights", "snapchatting"),
        ("she dm'd me on insta to say thanks", "insta"),
        ("texted him on whatsapp about tomorrow", "texted him on whatsapp"),
        ("she video called me on messenger last night", "messenger"),
        ("he tracked me down on tiktok and messaged me", "messaged"),
    ],
)
def test_a_message_between_the_writer_and_the_person_in_either_direction(text: str, words: str) -> None:
    points_at(text, "identifying_messaging_app", words)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("i accepted her friend request last week", "request"),
        ("i followed him back on tiktok", "tiktok"),
        ("we're mutuals on insta now", "insta"),
        ("she liked all my old photos on facebook", "facebook"),
        ("he tagged me in a photo on insta", "insta"),
        ("she sent me a follow request on instagram and i accepted", "request"),
    ],
)
def test_a_social_account_connecting_the_writer_and_the_person(text: str, words: str) -> None:
    points_at(text, "identifying_social_handle", words)


@pytest.mark.parametrize(
    "text",
    [
        "she showed me a snapchat from her cousin",
        "her dad keeps messaging her on whatsapp",
        "he sent me a follow request and i ignored it",
        "i explained kindly why i can't follow her on tiktok",
        "she asked to add me on facebook, i said i keep work and home separate",
        "he reads twitter all night and can't switch off",
        "she wanted to be friends on fb and i declined",
        "he asked for my whatsapp and i gave him the duty number instead",
    ],
)
def test_their_own_use_and_contact_refused_stay_clean(text: str) -> None:
    hits = found(text)
    assert "identifying_messaging_app" not in hits and "identifying_social_handle" not in hits, (text, hits)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("her brother is the mayor of the town", "mayor"),
        ("his dad is the imam at the mosque", "imam"),
        ("our practice's only female gp has left", "only female gp"),
        ("she's the woman who was on the telly after the flood", "telly"),
        ("his sister went viral last year", "viral"),
        ("the girl whose nan runs the launderette", "launderette"),
        ("he's married to our local councillor", "councillor"),
    ],
)
def test_one_person_singled_out_by_who_they_are_is_a_name(text: str, words: str) -> None:
    points_at(text, "identifying_name", words)


@pytest.mark.parametrize(
    ("text", "rule", "words"),
    [
        ("the couple at number 7 keep fighting", "identifying_address", "7"),
        ("the lad at no. 22 is back from prison", "identifying_address", "22"),
        ("she's a 3rd march baby", "identifying_date_of_birth", "3rd march"),
        ("b. 4/5/1990 per the notes", "identifying_date_of_birth", "4/5/1990"),
        ("he's gaz_runs99 on tiktok", "identifying_social_handle", "gaz_runs99"),
        ("his psn name is wolfie_07", "identifying_social_handle", "wolfie_07"),
        ("she goes by kazbakesbrownies on instagram", "identifying_social_handle", "kazbakesbrownies"),
    ],
)
def test_house_numbers_birthdays_and_accounts_in_unusual_shapes(text: str, rule: str, words: str) -> None:
    points_at(text, rule, words)


@pytest.mark.parametrize(
    "text",
    [
        "give me a mo to find the form",
        "we had a dev session on risk",
        "the big c is what she calls it",
        "i'm good with spreadsheets and rotas",
        "she called him back after lunch",
        "aye, i ken what ye mean",
        "the mayor came to the opening",
        "she wants to be a vicar one day",
        "it was in the paper this morning",
        "she's the only one i trust",
        "he runs the art group on fridays",
        "my manager rang the duty worker",
        "she's number 3 on the waiting list",
        "born in march, same as her brother",
    ],
)
def test_close_sentences_that_identify_no_one_stay_clean(text: str) -> None:
    assert found(text) == {}, text
