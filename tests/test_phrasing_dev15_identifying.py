"""The identifying-details guard reads the fifteenth identifying set's shapes on the parse, not
its strings: a place told by what is next to it, above it or opposite it, in a small place or
with its number; a personal app between a member of staff and someone the team supports,
whichever way it goes; an account sent, or read out a piece at a time; a word-name made a name
by where it sits (spoken to, thought of, doing what only a person keeps doing, owning what only
a person has); a nickname after "wee" or "big"; the oldest or the one person somewhere. The
close wording stays clean: a flat above a shop, a window in a cafe, a well-known city, the
person's own messaging, a colleague's own family, a public author's book, words as words, "the
only one who", contact kept to the team phone. None of these sentences is in a corpus file."""

from __future__ import annotations

import pytest

from reflect.guard import analyzer
from reflect.guard_nearby import near_a_landmark
from tests.phrasing_support import found


@pytest.mark.parametrize(
    "text",
    [
        "he rents the room above the tattoo parlour in ulverston",
        "her mam is in the bungalow behind the chapel at cwmllynfell",
        "they live four doors down from the pharmacy in grassington",
        "the static caravan next to the boatyard in kessingland is his",
        "she stays in the house opposite the cricket ground in hathersage",
        "he sleeps in the block across from the bus depot, flat 22",
    ],
)
def test_a_place_told_by_what_is_next_to_it(text: str) -> None:
    assert "identifying_address" in found(text), (text, found(text))
    assert near_a_landmark(analyzer().read(text, lemmas=False), analyzer(), frozenset({"leeds", "london"})), text


@pytest.mark.parametrize(
    "text",
    [
        "she rents a room above a shop and hates the noise",
        "we sat next to the window in the cafe and talked",
        "he lives opposite the station in leeds, near his brother",
        "i sat behind the desk in the office all afternoon",
        "the flat above the chippy in town is empty now",
    ],
)
def test_a_place_in_general_stays_clean(text: str) -> None:
    assert "identifying_address" not in found(text), (text, found(text))


@pytest.mark.parametrize(
    "text",
    [
        "one of the agency nurses has been whatsapping a lad from the unit",
        "the new support worker telegrams her most weekends",
        "priya on nights has been snapchatting the boy in bay two",
        "a girl on the ward dm'd our student nurse on snap",
        "my colleague viber'd the dad a picture of the bedroom",
    ],
)
def test_an_app_between_staff_and_someone_they_support(text: str) -> None:
    assert "identifying_messaging_app" in found(text), (text, found(text))


@pytest.mark.parametrize(
    "text",
    [
        "her brother keeps whatsapping her about money",
        "his sister snapchats him every morning before school",
        "i told him whatsapp groups for dads can help",
        "she asked for my whatsapp and i said we stick to the team phone",
    ],
)
def test_the_persons_own_messaging_and_contact_kept_to_work_stay_clean(text: str) -> None:
    assert "identifying_messaging_app" not in found(text), (text, found(text))


@pytest.mark.parametrize(
    "text",
    [
        "she sent me her linkedin once the course finished",
        "her handle is bella underscore rose dot art on tiktok",
        "marcus's insta is marcusdrawsstuff, he showed the group",
    ],
)
def test_an_account_sent_or_read_out(text: str) -> None:
    assert "identifying_social_handle" in found(text), (text, found(text))


@pytest.mark.parametrize(
    "text",
    [
        "we talked about how linkedin makes her feel behind everyone",
        "the meeting starts at the dot of ten, i told him",
    ],
)
def test_accounts_in_general_stay_clean(text: str) -> None:
    assert "identifying_social_handle" not in found(text), (text, found(text))


@pytest.mark.parametrize(
    "text",
    [
        "i explained to grace that the review is on monday",
        "can't stop thinking of will, the way he looked at me",
        "hope keeps ringing the office asking for me",
        "joy is still waiting for her housing decision",
        "sunny's mum came to the meeting with him",
        "wee tamz was kicking off in reception again",
        "the youngest lad in the secure unit asked me if i had kids",
        "our one psychiatrist who also runs the mosque youth club spoke to him",
    ],
)
def test_a_name_by_where_it_sits_or_who_they_are(text: str) -> None:
    assert "identifying_name" in found(text), (text, found(text))


@pytest.mark.parametrize(
    "text",
    [
        "i kept thinking of hope and what it means to her",
        "patience is key, i said, it takes time",
        "it was a big deal for him to come back",
        "i gave her a wee bit of time to settle",
        "she was the only one who came to the group",
        "the oldest patients on the ward get the side rooms",
        "i lent him a stephen fry book about depression",
        "i will ring her on friday",
    ],
)
def test_the_words_as_words_and_public_names_stay_clean(text: str) -> None:
    assert "identifying_name" not in found(text), (text, found(text))
