"""The identifying-details guard reads the fourteenth identifying set's shapes on the parse, not
its strings: a first name that is also a word made a name by what it does ("bill phoned",
"will was", "too much to will"), a family title used before a name ("uncle ray"), "the one"
with what makes someone so ("the one deaf nurse on the unit"); a definite thing said to be in a
small place ("the launderette in llanfair"), a prison by its name, a school named in Welsh or
Gaelic; the first half of a postcode said as where someone lives; dating apps and a stream's
channel as accounts, "on duo", a short app's group and people met as a group ("the family").
The close wording stays clean: the same words as words ("hope came back", "i will phone"),
"brother in law", a city, a road by its number, a contact refused. None of these sentences is
in a corpus file."""

from __future__ import annotations

import pytest

from tests.phrasing_support import found


@pytest.mark.parametrize(
    "text",
    [
        "bill phoned the office twice asking for me after i told him about my divorce",
        "will said he'd never met a nurse who'd been sectioned",
        "i think i went too far with will earlier, i mentioned my rehab",
        "summer asked if i had kids and i said yes",
        "a text from uncle ray, the man i see on tuesdays",
        "the one deaf nurse on the unit says she uses her own story",
    ],
)
def test_a_name_by_what_it_does(text: str) -> None:
    assert "identifying_name" in found(text), (text, found(text))


@pytest.mark.parametrize(
    "text",
    [
        "hope came back slowly after the second year",
        "i will phone the duty worker first thing",
        "there's a will to change, i said, that's half of it",
        "my brother in law picked me up from the station",
        "the rose bush outside the unit was in flower",
    ],
)
def test_the_same_words_as_words_stay_clean(text: str) -> None:
    assert "identifying_name" not in found(text), (text, found(text))


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("her dad runs the launderette in llanfairfechan", "identifying_address"),
        ("she lives behind the vets in kirkby lonsdale", "identifying_address"),
        ("he was moved to hmp risley last week", "identifying_address"),
        ("my two go to ysgol bro dinefwr, same as her boy", "identifying_school"),
        ("they've been rehoused to ls12 somewhere", "identifying_postcode"),
        ("my post code is ng7 so i know the area well", "identifying_postcode"),
    ],
)
def test_a_place_that_locates_someone(text: str, rule: str) -> None:
    assert rule in found(text), (text, found(text))


@pytest.mark.parametrize(
    "text",
    [
        "the pain in my back was worse in the mornings",
        "she has a flat in manchester near her sister",
        "we got stuck on the m62 coming back from the visit",
        "the prison in-reach team are short staffed",
        "hardly anyone came to the drop in becos of the strikes",
    ],
)
def test_places_that_locate_no_one_stay_clean(text: str) -> None:
    hits = set(found(text))
    assert not {"identifying_address", "identifying_postcode", "identifying_school"} & hits, (text, hits)


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("a dad from the parents group matched with me on tinder", "identifying_social_handle"),
        ("a lad from the hostel liked my profile on hinge", "identifying_social_handle"),
        ("the young people on the unit all watch my twitch streams", "identifying_social_handle"),
        ("i'm on the parents wa group from my own phone", "identifying_messaging_app"),
        ("i had a call with him on duo when he couldn't get in", "identifying_messaging_app"),
        ("i facetimed her family from my own phone", "identifying_messaging_app"),
    ],
)
def test_an_account_or_an_app_between_us(text: str, rule: str) -> None:
    assert rule in found(text), (text, found(text))


@pytest.mark.parametrize(
    "text",
    [
        "she asked to add me on tinder and i said no and explained why",
        "the twitch in his eye gets worse when he's anxious",
        "dating apps came up a lot in group today",
    ],
)
def test_apps_in_general_or_refused_stay_clean(text: str) -> None:
    hits = set(found(text))
    assert not {"identifying_social_handle", "identifying_messaging_app"} & hits, (text, hits)
