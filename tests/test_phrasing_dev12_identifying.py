"""The identifying-details guard reads the twelfth identifying set's shapes on the parse, not
its strings: a word of endearment said to someone ("hen", "pet", "duck") is no name; a café,
takeaway or barbers named by its owner; the writer seeing someone online, last seen or reading
their message on an app; surnames that are everyday words listed bare in a handover and said of
as people; a caravan site, holiday park or allotments by name where someone has a plot or van; a
first name that is also a word where it stands in a service ("from 4b", "on the ward") and did
something, or beside "her new baby". The close wording stays clean: the same words as words,
roles, apps with no connection, a caravan site with no name. None of these sentences is in a
corpus file."""

from __future__ import annotations

import pytest

from tests.phrasing_support import found, points_at


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("she's a cook at bashir's kebabs now", "bashir"),
        ("he hangs about outside tomasz's barbers most afternoons", "tomasz"),
        ("we had a cuppa at gianni's near the bus station", "gianni"),
        ("his van's on pitch 9 at gullrock holiday park", "gullrock"),
        ("she's got a chalet on brackenwood leisure park now", "brackenwood"),
        ("the one place she likes is dimitri's by the market", "dimitri"),
    ],
)
def test_a_shop_named_by_its_owner_or_a_named_site(text: str, words: str) -> None:
    points_at(text, "identifying_address", words)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("cook and butler both ok this am", "cook"),
        ("hill, wood + young - all stable overnight", "wood"),
        ("ruby in bay 2 asked for me again", "ruby"),
        ("jade from 7c rang the office in tears", "jade"),
        ("bumped into holly and her little boy in town", "holly"),
        ("sup notes: marsh stable, cooper worse, will discuss", "cooper"),
    ],
)
def test_everyday_words_that_are_names_here(text: str, words: str) -> None:
    points_at(text, "identifying_name", words)


@pytest.mark.parametrize(
    "text",
    [
        "i noticed he was online on whatsapp at 4am, so he's not sleeping",
        "she was last seen on signal at midnight and i got worried",
        "i can see he's read my messages on whatsapp, just no answer",
    ],
)
def test_the_writer_sees_someone_on_an_app(text: str) -> None:
    assert "identifying_messaging_app" in found(text), (text, found(text))


@pytest.mark.parametrize(
    "text",
    [
        "och pet, dinnae worry about it, i said",
        "thanks duck, i'll see u next week",
        "aye hen it's a lot, take ur time",
        "she's online on whatsapp all night with her mates",
        "i cant see when he was last online, it's the work phone",
        "cook the tea together, she said, it helps",
        "the hill and the wood behind the estate are where she walks",
        "ruby red shoes, she loves them",
        "the jade plant on her sill is thriving",
        "we talked about holidays, he went to a caravan park as a kid",
        "she would love an allotment, the waiting list is years",
        "a takeaway on the high street does free meals on mondays",
        "summer on the ward is boiling, no air",
        "the barbers near the precinct do free cuts for rough sleepers",
        "we met at mcdonald's on the high street, it was quiet",
        "the bread stale, the milk fine, the fridge empty",
    ],
)
def test_the_close_wording_stays_clean(text: str) -> None:
    assert not found(text), (text, found(text))
