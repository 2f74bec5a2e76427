"""Knowing how it feels, said of a word in "-ing" the tagger reads as a verb ("i know how gutting
it is"), is knowing the feeling; and "when they say no" after it is what happens, not the person
telling me how they feel, so it does not set the claim aside (while "..., you told me" still does).
None of these sentences is in a corpus file."""

from __future__ import annotations

import pytest

from tests.phrasing_support import fired


@pytest.mark.parametrize(
    "text",
    [
        "i know how gutting it is",
        "i know how galling it is when the letter comes",
        "i know how crushing it is when they say no",
        "i know how frustrating it is when he says he'll call and doesnt",
        "i know how scary it is when people tell you to calm down",
    ],
)
def test_knowing_how_it_feels_is_a_claim(text: str) -> None:
    assert "i_know_how_you_feel" in fired(text), fired(text)


@pytest.mark.parametrize(
    "text",
    [
        "i know how you feel about the new key worker, you told me last week",
        "i know how hard it is, as you said",
        "i know how working it out with the council has been for you, you said so yesterday",
        "i know how things work round here",
    ],
)
def test_what_the_person_told_me_or_a_fact_stays_clean(text: str) -> None:
    assert "i_know_how_you_feel" not in fired(text), fired(text)
