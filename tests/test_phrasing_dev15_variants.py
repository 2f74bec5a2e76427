"""Issue 24, round fifteen: the CheckList variants (`reflect.robustness`) are real rewordings,
and the guide reads what the writer said to the person as the writer's own words. None of these
sentences is in a corpus.

The generator's own mistakes, each shown before (the bad variant) and after:
- a reporting frame put before a sentence that already opens on one ("I said i told him ...",
  "I told her she said ...", which changes who is speaking);
- "can" found inside "can't" ("could't");
- "have" after a modal moved back ("you'd had"), "would've" made "would'd";
- an order moved back ("didn't bother" for "don't bother"), and words in quotation marks.

The guide: a rule of the writer's own state reads the clause under "I said" / "I told her" as
the writer's telling ("I said my nerves have been shot to pieces" is the writer's state), and
a clause about the person under the frame stays clean."""

from __future__ import annotations

import pytest

from reflect.phrasing_corpus import LabelledSentence
from reflect.reported_speech import writers_frames
from reflect.robustness import opens_on_saying, variants
from tests.phrasing_support import GUIDE, fired


def _made(text: str, rules: frozenset[str] = frozenset()) -> dict[str, str]:
    return {v.kind: v.text for v in variants(LabelledSentence(line=1, rules=rules, text=text), GUIDE)}


# --- the generator ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "i told him the waiting list is the worst bit",  # before: "I said i told him the waiting list ..."
        "she said she's been struggling with the new meds",  # before: "I said she said she's been ..."
        "Said to her the first month is always the hardest",
        "my dad always says the first month is the hardest",
    ],
)
def test_no_second_frame_before_a_sentence_that_opens_on_saying(text: str) -> None:
    made = _made(text)

    assert opens_on_saying(text)
    assert "reported" not in made
    assert not made.get("tense", "").lower().startswith("i told her " + text.split(" ")[0].lower() + " ")


def test_a_sentence_with_its_own_frame_keeps_it_when_moved_back() -> None:
    made = _made("i told him the waiting list is the worst bit")

    assert made["tense"] == "i told him the waiting list was the worst bit"  # before: "I told her i told him ..."


def test_a_sentence_with_no_frame_is_still_given_one() -> None:
    made = _made("the waiting list is the worst bit, honestly")

    assert made["reported"] == "I said the waiting list is the worst bit, honestly"
    assert made["tense"] == "I told her the waiting list was the worst bit, honestly"


def test_cant_moves_back_to_couldnt() -> None:
    made = _made("you can't hurry grief and you can take your time")

    assert "could't" not in made["tense"]  # before: "you could't hurry grief"
    assert made["tense"] == "I told her you couldn't hurry grief and you could take your time"


def test_have_after_a_modal_stays() -> None:
    made = _made("you'll have days that feel like a step back, I would've said the same")

    assert "'d had" not in made["tense"] and "would'd" not in made["tense"]  # before: "you'd had days", "would'd said"
    assert made["tense"] == "I told her you'd have days that feel like a step back, I would've said the same"


def test_have_that_carries_the_tense_moves_back() -> None:
    made = _made("we have a plan and he has the number")

    assert made["tense"] == "I told her we had a plan and he had the number"


def test_an_order_is_not_moved_back() -> None:
    made = _made("don't worry about the forms, I can sort them")

    assert made["tense"] == "I told her don't worry about the forms, I could sort them"  # before: "didn't worry"


def test_words_in_quotation_marks_stay_as_said() -> None:
    made = _made('I said "you are not on your own with this"')

    assert "tense" not in made  # before: "you were not on your own"


def test_variants_are_made_the_same_way_each_time() -> None:
    text = "i reckon you'll have good and bad weeks, that's normal"

    assert _made(text) == _made(text)


# --- the guide: what the writer said is the writer's telling ------------------------------------


@pytest.mark.parametrize(
    ("text", "bare"),
    [
        ("I said my nerves have been shot to pieces since the car crash last week", "my nerves have been shot to pieces since the car crash last week"),
        ("I said my sleep's been all over the place since the funeral", "my sleep's been all over the place since the funeral"),
        ("So I told her I haven't slept properly since the move", "I haven't slept properly since the move"),
    ],
)
def test_the_writers_own_state_said_to_the_person_is_raw(text: str, bare: str) -> None:
    assert "too_raw" in fired(bare)
    assert "too_raw" in fired(text)


@pytest.mark.parametrize(
    "text",
    [
        "I said it sounds like you've had a horrible few days",
        "I told him I don't claim to know what it's like, but I'm here to listen",
        "I said I'm doing well these days and the walking group helped me",
    ],
)
def test_a_frame_round_clean_words_stays_clean(text: str) -> None:
    assert fired(text) == set()


@pytest.mark.parametrize(
    ("text", "framed"),
    [
        ("I said my nerves are shot", True),
        ("So I told her it gets easier", True),
        ("I told her my story", False),  # no clause: what was told
        ("I told him to ring the duty line", False),
        ("I said no, it's against policy", False),
        ("I told the team my mood is low", False),  # not the person
        ("she asked and I said I would think about it", False),  # inside a sentence: read with it
    ],
)
def test_a_writers_frame_is_one_that_opens_a_sentence_on_a_clause(text: str, framed: bool) -> None:
    assert bool(writers_frames(GUIDE.read(text).doc)) is framed
