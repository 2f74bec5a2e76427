"""The README's examples for issue 24's fourteenth round, each read as the README says."""

from __future__ import annotations

import pytest

from tests.phrasing_support import fired


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("her debts were nothing next to mine", "comparing"),
        ("one day you'll laugh about all this, honestly", "minimising"),
        ("i reminded her there's always someone worse off", "minimising"),
        ("surely everyone hates mondays, i said to him", "overgeneralising"),
        ("please don't mention to anyone what i told you about my past", "keep_it_between_us"),
        ("i said my marriage isn't over yet but it's close", "too_raw"),
        ("told him exactly what pills i took, how many and where i was", "graphic_detail"),
        ("i got him a card and a little present for his birthday", "blurring_relationship"),
        ("said she probably shouldn't expect too much from life with her history", "hope_eroding"),
        ("he kept checking his phone while i went through my whole story", "focus_on_me"),
        ("isn't it time you stopped the meds like i did?", "prescribing"),
        ("i've been calling in sick a lot and i can't face the ward anymore", "writer_not_coping"),
        ("my supervisee frankie has been texting a service user", "identifying_name"),
        ("bill rang the office again about his benefits", "identifying_name"),
        ("we bumped into each other at the chippy in cleator moor", "identifying_address"),
        ("she matched with me on bumble", "identifying_social_handle"),
    ],
)
def test_the_readmes_examples_are_read(text: str, rule: str) -> None:
    assert rule in fired(text), (text, fired(text))


@pytest.mark.parametrize(
    "text",
    [
        "we talked about why 'i know how you feel' can shut people down",
        "I found walking helped, but I know others who found swimming or a group more useful",
        "i will ring her tomorrow about the forms",
        "she's with a community mental health team in leeds",
    ],
)
def test_the_readmes_clean_examples_stay_clean(text: str) -> None:
    assert fired(text) == set(), (text, fired(text))
