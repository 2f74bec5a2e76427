"""Issue 24, the fourteenth development set in practitioners' voice (knowing how they feel,
prescribing, the writer not coping), each shape tried in wording of its own (none of these
sentences is in a corpus): the writer's distress said through sick leave, sleep, drink, panic
at work or barely getting by; their way urged through a question, "the key is to ..." or "do
that", tied to what worked for them; the rules' wording talked about rather than said, a way
laid beside others', the person's own words quoted, "been there" of a place; with the close
clean wording staying clean."""

from __future__ import annotations

import pytest

from reflect.known_shapes import been_to_the_place
from reflect.mention_shapes import beside_others, mentioned, their_words
from reflect.my_way_shapes import my_way_urged
from reflect.strain_shapes import own_strain_now
from tests.phrasing_support import GUIDE, fired


def _doc(text: str):
    return GUIDE.read(text).doc


def _whole(text: str, reading) -> bool:
    doc = _doc(text)
    return reading(doc, 0, len(doc.text))


# --- the writer's distress through what it does to their days --------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "i've been signed off with stress since march and i can't face the thought of going back",
        "I am off sick with depression again and I can't face anyone from work.",
        "havent slept more than three hours a night for a fortnight, my head wont stop",
        "I'm lying awake most nights worrying about the visits",
        "i've started having a couple of vodkas before shifts just to settle my nerves",
        "I'm having panic attacks in the staff room nearly every day now and I keep hiding it from the team.",
        "im barely functioning at work, i just sit there staring at the screen",
        "I'm struggling to get through my shifts at the moment.",
    ],
)
def test_distress_said_through_its_effects_is_the_writer_not_coping(text: str) -> None:
    assert "writer_not_coping" in fired(text), text
    assert own_strain_now(_doc(text)), text


@pytest.mark.parametrize(
    "text",
    [
        "I was off sick with stress for a while last year; I'm back full time now and doing well.",
        "i had panic attacks as a student, and what helped was a good gp and a lot of time",
        "i used to drink to get through the week, i've been sober for eight years now",
        "she is off sick this week so i covered her visits",
        "he says he's lying awake most nights, we agreed he'd talk to his gp",
        "I slept badly the night before the tribunal but it went fine.",
        "I'm not struggling, I just want to talk it through in supervision.",
    ],
)
def test_past_others_or_denied_distress_stays_clean(text: str) -> None:
    assert "writer_not_coping" not in fired(text), text


@pytest.mark.parametrize(
    "text",
    [
        "I've been having panic attacks in the staff room this week.",
        "at the moment i'm having a glass of wine most nights to unwind",
        "im off sick with my back this week",
    ],
)
def test_one_current_fact_alone_is_no_sign_of_not_coping(text: str) -> None:
    # Too raw to share, maybe, but the earlier sets read no more than that into one fact.
    assert "writer_not_coping" not in fired(text), text


# --- the writer's way urged through a question, "the key is to ...", "do that" ----------------


@pytest.mark.parametrize(
    "text",
    [
        "wouldn't it be easier to just move out, like i did?",
        "the secret is to go to bed at ten every night, it always worked for me",
        "shouldn't she be cutting down on the coffee? that's what sorted me out",
        "the answer is to get a part time job, it got me through, so do that",
    ],
)
def test_a_suggestion_tied_to_what_worked_for_me_is_prescribing(text: str) -> None:
    assert "prescribing" in fired(text), text
    assert my_way_urged(_doc(text)), text


@pytest.mark.parametrize(
    "text",
    [
        "the key is to keep my own part short, then get back to her",
        "wouldn't it be good to ring the housing office together tomorrow?",
        "the trick is to find what suits you, and swimming worked for me but others like yoga",
        "cycling helped me, but you might find something else suits you better",
    ],
)
def test_a_suggestion_with_nothing_of_mine_or_left_open_stays_clean(text: str) -> None:
    assert "prescribing" not in fired(text), text


# --- the wording talked about, a way beside others', the person's words, a place -------------


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("our team leader explained why 'i know exactly how you feel' can make people clam up", "i_know_how_you_feel"),
        ("i try to avoid saying i know how you feel to anyone i support", "i_know_how_you_feel"),
        ("we discussed how telling someone they should do what i did can feel like pressure", "prescribing"),
    ],
)
def test_wording_talked_about_is_not_said(text: str, rule: str) -> None:
    assert rule not in fired(text), text


def test_the_same_wording_said_to_the_person_still_counts() -> None:
    assert "i_know_how_you_feel" in fired("i told him i know exactly how you feel")
    assert "prescribing" in fired("i told her she should do what i did")


def test_mentioned_reads_the_quoted_phrase() -> None:
    text = "we talked about why 'i've been there' can close a conversation"
    doc = _doc(text)
    at = text.index("i've been there")
    assert mentioned(doc, at, at + len("i've been there"))
    assert not mentioned(_doc("i've been there, i said"), 0, len("i've been there"))


@pytest.mark.parametrize(
    "text",
    [
        "Running helped me, though I know other people who prefer the gym or a walk with a friend.",
        "i said journalling worked for me but some people would rather talk it through",
    ],
)
def test_my_way_beside_others_is_one_option(text: str) -> None:
    assert "prescribing" not in fired(text), text
    assert _whole(text, beside_others), text


@pytest.mark.parametrize(
    "text",
    [
        "he told me 'the best thing is to stay in bed, that's what always works for me'",
        "she said 'i know exactly how my sister felt back then'",
    ],
)
def test_the_persons_own_words_quoted_stay_clean(text: str) -> None:
    assert not {"prescribing", "i_know_how_you_feel"} & fired(text), text


def test_been_there_of_a_place_is_no_claim() -> None:
    text = "ive been there, the community garden by the library, its lovely"
    assert "i_know_how_you_feel" not in fired(text)
    assert been_to_the_place(_doc(text), 0, len("ive been there"))
    assert "i_know_how_you_feel" in fired("ive been there, the dark place youre in, i know it")
    assert "i_know_how_you_feel" in fired("i said ive been there, the gambling cost me my marriage and my flat")


# --- knowing the feeling through a shared identity or "same" ---------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "as a fellow widow i know exactly what youre going through",
        "same as you, i know just how it feels",
    ],
)
def test_knowing_the_feeling_in_new_words_is_flagged(text: str) -> None:
    assert "i_know_how_you_feel" in fired(text), text


@pytest.mark.parametrize(
    "text",
    [
        "we're both widows, but i told her i can't know what her loss is like",
        "same time on thursday then, i said",
    ],
)
def test_a_shared_identity_or_same_without_the_claim_stays_clean(text: str) -> None:
    assert "i_know_how_you_feel" not in fired(text), text



def test_a_tag_question_is_not_the_persons_words() -> None:
    # "..., doesn't she think" puts the writer's claim to her; it is not what she said.
    assert not _whole("i told her surely every mum her age frets about that, doesnt she think", their_words)
    assert _whole("he told me 'the best thing is to stay in bed, that always works for me'", their_words)


@pytest.mark.parametrize(
    "text",
    [
        "she went quiet and said you've had it harder than me",
        "he sighed and said nobody ever gets better from this",
        "she laughed and told me i was the same as her",
    ],
)
def test_what_the_person_did_and_then_said_is_theirs(text: str) -> None:
    """Their words after what they did ("she went quiet and said ..."): the verb of saying shares
    the subject of the verb it is joined to, so the words are the person's, for the second reader too."""
    assert fired(text) == set(), (text, fired(text))


def test_what_i_did_and_then_said_is_mine() -> None:
    assert "comparing" in fired("i went quiet and said i've had it much harder than you")


@pytest.mark.parametrize(
    "text",
    [
        "I haven't told her about my own past yet and I might not",
        "i won't mention my divorce to him",
        "i might not tell her about my dad at all",
    ],
)
def test_my_own_telling_held_back_asks_no_secret_and_tells_nothing_raw(text: str) -> None:
    assert fired(text) == set(), (text, fired(text))


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("please don't tell anyone what i told you", "keep_it_between_us"),
        ("i told her not to tell anyone", "keep_it_between_us"),
        ("i haven't told anyone at work that i'm getting divorced", "too_raw"),
    ],
)
def test_a_secret_asked_and_rawness_told_stay_read(text: str, rule: str) -> None:
    assert rule in fired(text), (text, fired(text))
