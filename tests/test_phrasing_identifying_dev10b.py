"""The identifying-details guard reads the second tenth development set's shapes on the parse,
not its strings: a surname that is also an everyday word ("baker", "price", "jenkins") standing
alone where a note puts a person (told, rung, met, saying, a message left for them, an
appointment with them, on shift, someone's family); a messaging app made a verb in new forms,
a message carried on a platform, a platform typed after "on"; a small town after a place that
is itself where someone is; a care home or hostel by its name. The same words as words, another
person's messages to someone else, chains and generic homes stay clean. None of these sentences
is in a corpus file."""

from __future__ import annotations

import pytest

from reflect.guard import analyzer
from tests.phrasing_support import found, points_at


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("phoned fletcher about the tenancy and he was fine", "fletcher"),
        ("parker says the new meds make her sleepy", "parker"),
        ("i emailed potter the leaflet we talked about", "potter"),
        ("left a message for tucker, will try again fri", "tucker"),
        ("my 11am with shepherd got moved", "shepherd"),
        ("butler was on nights so she did the handover", "butler"),
        ("chatted to fisher's wife in reception", "fisher"),
        ("had a long talk with carpenter after group", "carpenter"),
    ],
)
def test_a_surname_that_is_a_word_where_a_note_puts_a_person(text: str, words: str) -> None:
    points_at(text, "identifying_name", words)


@pytest.mark.parametrize(
    "text",
    [
        "rang the carpenter about the broken door",
        "the price went up again so she cant afford the bus",
        "told young people about the drop in",
        "we're a bit short on staff this week",
        "rang ward to check she'd arrived",
        "asked the butler at the hotel for directions",
        "she's a keen walker and it helps her mood",
        "left a message for the duty team",
    ],
)
def test_the_same_words_as_words_stay_clean(text: str) -> None:
    assert "identifying_name" not in found(text), (text, found(text))


def test_a_surname_that_is_a_word_is_kept_apart_in_the_names_list() -> None:
    names = analyzer().names
    assert {"jenkins", "baker", "price"} <= names.words
    assert not {"jenkins", "baker", "price"} & (names.first | names.last)
    assert not {"ward", "may", "day", "london"} & names.words


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("she telegrammed me a photo of her dog", "telegrammed"),
        ("i've been whatsapp-ing her since the discharge", "whatsapp"),
        ("got a signal call from her at midnight", "signal"),
        ("he's adding me on imo tonight so we can talk", "imo"),
        ("did a facetime with her when the bus didnt come", "facetime"),
    ],
)
def test_a_messaging_app_in_new_forms_between_us(text: str, words: str) -> None:
    points_at(text, "identifying_messaging_app", words)


@pytest.mark.parametrize(
    "text",
    [
        "her brother keeps snapchatting her at 3am and it winds her up",
        "his ex-wife whatsapps him every weekend",
        "she said imo the group is better than one to one",
        "the signal in the building is terrible",
    ],
)
def test_messages_between_other_people_stay_clean(text: str) -> None:
    assert "identifying_messaging_app" not in found(text), (text, found(text))


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("he rents the room above the bakery in masham", "masham"),
        ("she's in the bungalow next to the church in kirkbymoorside", "kirkbymoorside"),
        ("moved into fernlea care home last month", "fernlea"),
        ("he's stopping at st columba's hostel for now", "columba"),
    ],
)
def test_a_small_place_or_a_home_by_its_name(text: str, words: str) -> None:
    points_at(text, "identifying_address", words)


@pytest.mark.parametrize(
    "text",
    [
        "she's in the flats by the station in leeds",
        "moved into a care home last month",
        "he's stopping at the local hostel for now",
        "the nursing home staff were lovely to her",
    ],
)
def test_well_known_places_and_homes_with_no_name_stay_clean(text: str) -> None:
    assert "identifying_address" not in found(text), (text, found(text))
