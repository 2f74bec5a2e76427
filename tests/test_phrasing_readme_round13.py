"""The README's examples for issue 24's thirteenth round, each read as the README says."""

from __future__ import annotations

import pytest

from tests.phrasing_support import fired


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("i told her the council turned me away, then the gp discharged me and nobody rang back", "missing_coping"),
        ("since all teenagers hate their parents, she won't talk to her mum", "overgeneralising"),
        ("men just dont talk about feelings, its how theyre made", "overgeneralising"),
        ("i told her it'll pass, you won't even remember it by summer", "minimising"),
        ("she started telling me about her divorce and i ended up going on about mine for the rest of the hour", "focus_on_me"),
        ("my cousin's lad was sectioned last year, i told him all about it", "third_party_story"),
        ("realistically the odds of staying off it aren't great for someone like you", "hope_eroding"),
        ("my dad died only last tuesday and i told her", "too_raw"),
        ("i gave him a lift home after group and lent him a tenner", "blurring_relationship"),
        ("i can barely look after myself right now, never mind anyone else", "writer_not_coping"),
        ("i'm hanging on by a thread at work", "writer_not_coping"),
        ("she sent me a voice note last night at 2am", "identifying_messaging_app"),
        ("he left me on read after i messaged him about the appointment", "identifying_messaging_app"),
        ("her insta is sunnyvibes_22", "identifying_social_handle"),
        ("supervision w/ dk re boundaries", "identifying_name"),
        ("lads his age never open up", "overgeneralising"),
    ],
)
def test_the_readmes_examples_are_read(text: str, rule: str) -> None:
    assert rule in fired(text), (text, fired(text))


@pytest.mark.parametrize(
    "text",
    [
        "said to him what kept me going was the allotment and my sister",
        "i know how you feel about the new key worker, you told me last week",
        "cant cope with this heat haha",
        "that sounds so hard, how are you doing now?",
    ],
)
def test_the_readmes_clean_examples_stay_clean(text: str) -> None:
    assert fired(text) == set(), (text, fired(text))
