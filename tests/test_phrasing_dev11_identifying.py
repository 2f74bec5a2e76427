"""The identifying-details guard reads the eleventh development set's shapes on the parse, not
its strings: surnames in a handover or caseload list and a name that starts a note; a pub,
church, mosque, club or gym by its name without the word "pub" or "church"; a street typed in
lower case; a ward by the tree or flower it is named after; a date of birth anywhere in a
sentence about birth; being connected on an app or a social network in new words (a group chat
the writer is in, "his snap", someone reacting to what the writer posts, a gaming handle). The
close wording stays clean: surnames that are words used as words, trees as trees, apps with no
connection to the writer, dates that are not birthdays, generic places. None of these
sentences is in a corpus file."""

from __future__ import annotations

import pytest

from tests.phrasing_support import found, points_at


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("todays list: kowalczyk, henshaw, abara", "henshaw"),
        ("nightingale + okoro to be seen thurs", "okoro"),
        ("tierney stable, oyelaran still not eating", "tierney"),
        ("penhaligon - hasn't opened the door since monday", "penhaligon"),
        ("re szymanski, the pharmacy rang about his blister packs", "szymanski"),
        ("will ferguson ever get that flat do u think", "ferguson"),
        ("all visits done bar one, except mcnulty who wasnt in", "mcnulty"),
    ],
)
def test_a_surname_in_a_handover_or_a_list(text: str, words: str) -> None:
    points_at(text, "identifying_name", words)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("her dad's always propping up the bar in the nags head", "nags head"),
        ("he was barred from the rose and crown last year", "rose and crown"),
        ("they do a lock-in at the anchor on saturdays and she's always there", "anchor"),
        ("she helps with the soup run at st barnabas after sunday service", "st barnabas"),
        ("he trains at the golden gloves abc twice a week", "golden gloves abc"),
        ("her nan's bungalow is at the bottom of tanner lane", "tanner lane"),
    ],
)
def test_a_place_that_puts_someone_somewhere_without_saying_what_it_is(text: str, words: str) -> None:
    points_at(text, "identifying_address", words)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("he got moved onto hawthorn in the night, bed 12", "hawthorn"),
        ("she's been on lavender since the section", "lavender"),
        ("they shifted her from juniper to aspen after the incident on the unit", "juniper"),
    ],
)
def test_a_ward_by_the_tree_or_flower_it_is_named_after(text: str, words: str) -> None:
    points_at(text, "identifying_ward", words)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("she was born the year of the floods, 22 feb 2007", "22 feb 2007"),
        ("the dob on his form says 1978-11-30 but he says thats wrong", "1978-11-30"),
        ("he is born 1992, on 6 of june, in gdansk", "6 of june"),
    ],
)
def test_a_date_of_birth_anywhere_in_a_sentence_about_birth(text: str, words: str) -> None:
    points_at(text, "identifying_date_of_birth", words)


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("we're both in a group chat for the allotment", "identifying_messaging_app"),
        ("i've still got her snap from when we were at college", "identifying_messaging_app"),
        ("he likes everything i put up on insta", "identifying_social_handle"),
        ("she comments on all my posts on fb", "identifying_social_handle"),
        ("he sent me a follow req on insta last week", "identifying_social_handle"),
        ("she's kayz_2k1 on psn apparently", "identifying_social_handle"),
    ],
)
def test_being_connected_on_an_app_or_a_network_in_new_words(text: str, rule: str) -> None:
    assert rule in found(text), (text, found(text))


@pytest.mark.parametrize(
    "text",
    [
        "the rent went up and the landlord wont fix the boiler",
        "she leant on the walker the whole way to the bus stop",
        "we sat under an oak and watched the ducks",
        "he brought in a hawthorn branch for the craft group",
        "the fire was down to ash by the time we left",
        "the vicar at the church was kind to her",
        "she goes to a mosque near the market",
        "he goes to the gym when he can't sleep",
        "we met in the cafe in the hospital foyer",
        "she said she wants to do a quiz at the pub for charity",
        "the crown court date is in march",
        "she spends hours on instagram comparing herself",
        "we used a whatsapp-free team channel for the rota",
        "her review is on 14 march 2027 at the clinic",
        "he was born in romania and moved here in 2012",
        "she's moving to a flat on the main road",
        "i told her i'd been on a ward myself years ago",
        "handover: room 4 settled, room 7 awake most of the night",
    ],
)
def test_the_close_wording_stays_clean(text: str) -> None:
    assert not found(text), (text, found(text))
