"""Issue 24, the tenth development set's ideas in practitioners' own voices, each tried in
wording of its own (none of these sentences is in a corpus): an invitation declined keeps the
boundary; a tag question is no denial; the person asking the writer for secrecy is not the
writer asking; a note about someone else's state is not the writer's; "just" before a noun is
no instruction; mine set against theirs in any comparative; hope worn down as "for life", "they'll
only turn you down", symptoms that "will always be there"; graphic detail of finding someone,
burns and tubes; news just had about me; distress said as "too much" or crying every day; my
number given, them added, a place at my family's table, favours for their home, a family member
to them; what goes no further than the room. And good practice of the same shapes staying
clean."""

from __future__ import annotations

import pytest

from tests.phrasing_support import fired


@pytest.mark.parametrize(
    "text",
    [
        "i won't be able to come to her christening, i said, but it was lovely to be asked",
        "said i can't go to their barbecue, it wouldn't be right, but thanked them",
        "i explained i'm not able to attend his birthday party, and why",
        "passed him in the park on my day off, just a quick hello",
    ],
)
def test_an_invitation_declined_or_a_chance_meeting_keeps_the_boundary(text: str) -> None:
    assert "blurring_relationship" not in fired(text), text


@pytest.mark.parametrize(
    "text",
    [
        "i said i'd come to her christening, of course",
        "we're practically mates now, aren't we?",
        "i gave him my mobile so he can text if he's worried",
        "i've added her on snapchat",
        "i said i'd feed his cat while he's on the ward",
        "i told him i'd be there for him like a big brother",
        "i invited them to have christmas dinner with my family",
    ],
)
def test_the_working_relationship_blurred_in_new_words(text: str) -> None:
    assert "blurring_relationship" in fired(text), text


@pytest.mark.parametrize(
    "text",
    [
        "i gave him the team mobile and the duty number",
        "i gave him my number, 07700 900456, so he could ring",
    ],
)
def test_a_work_number_or_a_number_written_out_is_not_read_as_friendship(text: str) -> None:
    # The written-out number is the identifying rule's to point at.
    assert "blurring_relationship" not in fired(text), text


def test_the_person_asking_for_secrecy_is_not_the_writer_asking() -> None:
    assert "keep_it_between_us" not in fired("he asked me to keep it between us and i said i might have to pass some of it on")
    assert "keep_it_between_us" in fired("i asked her to keep it between us")


@pytest.mark.parametrize(
    "text",
    [
        "that goes no further than this room, i said after telling him about my section",
        "i said i'd be in hot water if she mentioned it to anyone",
    ],
)
def test_secrecy_asked_in_new_words(text: str) -> None:
    assert "keep_it_between_us" in fired(text), text


def test_just_before_a_noun_is_no_instruction() -> None:
    assert "prescribing" not in fired("you don't need to copy me, it's just a thing that helped me once")
    assert "prescribing" in fired("just stop the tablets, that's what sorted me out")


@pytest.mark.parametrize(
    "text",
    [
        "i said my breakdown was far longer than his",
        "my childhood was a lot rougher than yours, i told her",
        "i had a tougher year than her, i said",
        "told him my recovery was more difficult than his",
    ],
)
def test_mine_set_against_theirs_in_any_comparative(text: str) -> None:
    assert "comparing" in fired(text), text


@pytest.mark.parametrize(
    "text",
    [
        "my train was later than yours, sorry i kept you waiting",
        "the queue was longer than last time",
        "her flat is bigger than she expected",
    ],
)
def test_a_comparison_that_sets_no_one_against_anyone_stays_clean(text: str) -> None:
    assert "comparing" not in fired(text), text


@pytest.mark.parametrize(
    "text",
    [
        "you're going to be stuck on tablets for life, i said",
        "the panic attacks will always be there, i told him",
        "they'll only knock you back, i said",
        "i told her it'll never fully go for her",
    ],
)
def test_hope_worn_down_in_new_words(text: str) -> None:
    assert "hope_eroding" in fired(text), text


@pytest.mark.parametrize(
    "text",
    [
        "the team will always be there for you",
        "it was a hard year, i won't go into it, but i'm doing well now",
        "i said it didn't go away completely for me, but it got much smaller",
    ],
)
def test_hope_kept_stays_clean(text: str) -> None:
    assert "hope_eroding" not in fired(text), text


@pytest.mark.parametrize(
    "text",
    [
        "i told her how my mum found my sister hanging in the loft",
        "i told her how he burned me with a lighter",
        "said i woke up with a tube in my throat after the overdose",
    ],
)
def test_graphic_detail_in_new_words(text: str) -> None:
    assert "graphic_detail" in fired(text), text


@pytest.mark.parametrize(
    "text",
    [
        "i told him i've only just found out i'm being evicted",
        "i told him i'm being investigated at work",
        "i mentioned i slipped up on saturday",
    ],
)
def test_news_just_had_about_me_is_too_raw(text: str) -> None:
    assert "too_raw" in fired(text), text


@pytest.mark.parametrize(
    "text",
    [
        "it all feels too much for me at the moment",
    ],
)
def test_the_writers_distress_now_in_everyday_words(text: str) -> None:
    assert "writer_not_coping" in fired(text), text


def test_crying_day_in_day_out_is_something_current() -> None:
    assert "too_raw" in fired("honestly i just cry all the time")


@pytest.mark.parametrize(
    "text",
    [
        "she's just found out she's being evicted",
        "he's not coping at the minute and isn't eating",
        "she cries every day, she told me",
        "i cried all the time back then, but i'm fine now",
        "the training was too much to take in in one go",
    ],
)
def test_someone_elses_state_or_a_past_one_stays_clean(text: str) -> None:
    found = fired(text)
    assert "too_raw" not in found and "writer_not_coping" not in found, text
