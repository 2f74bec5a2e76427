"""The README's examples for issue 24's fifteenth round, each read as the README says."""

from __future__ import annotations

import pytest

from reflect import robustness
from tests.phrasing_support import fired


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("it's probably just the lack of sleep talking, i told her", "minimising"),
        ("i tried counselling, groups, the lot, and none of it did a thing for me", "missing_coping"),
        ("i was off them within a year so you'll be off yours by spring", "overgeneralising"),
        ("she ended up comforting me for most of the session", "focus_on_me"),
        ("my cousin didn't leave the house for two years after the crash", "third_party_story"),
        ("I said my panic attacks have come back this week", "too_raw"),
        ("he's in the caravan behind the pub at little langdale", "identifying_address"),
        ("one of the support workers has been whatsapping a lad on the ward", "identifying_messaging_app"),
        ("she sent me her linkedin after the group", "identifying_social_handle"),
    ],
)
def test_the_readmes_examples_are_read(text: str, rule: str) -> None:
    assert rule in fired(text), (text, fired(text))


@pytest.mark.parametrize(
    "text",
    [
        "we met in a cafe in town",
        "i told her whatsapp groups can be a good support for some people",
        "that was my experience, it might be different for you, what do you think?",
        "i asked whether she thought the lack of sleep was part of it",
        "what helped me in the end was getting out walking with my sister",
    ],
)
def test_the_readmes_clean_examples_stay_clean(text: str) -> None:
    assert fired(text) == set(), (text, fired(text))


def test_a_sentence_that_already_reports_gets_no_second_frame() -> None:
    """The README: the variants keep a sentence's own "I told her ..." rather than adding a second."""
    assert robustness.opens_on_saying("i told her the group had helped me")
    assert not robustness.opens_on_saying("the group had helped me")
