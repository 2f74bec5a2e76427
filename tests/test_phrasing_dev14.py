"""Issue 24, the fourteenth development set's ideas, each tried in wording of its own (none of
these sentences is in a corpus): a question that answers itself with everyone, asked with the
frame after it ("..., I asked him") or after a lead-in ("Honestly, doesn't ..."); time said to
make the person's trouble small (they will look back and laugh, it will seem silly by then);
the writer's own set beside the person's by a comparative, "by comparison", "nothing like what
I went through" or "twice the size of his"; others said to be worse off; and the close clean
wording of the same shapes (a real question, the person's own comparison, my own set told
without theirs, a hopeful word about time) staying clean."""

from __future__ import annotations

import pytest

from reflect.beside_shapes import looked_back_on, mine_beside_theirs
from reflect.everyone_shapes import answers_itself
from reflect.smaller_shapes import could_be_worse
from tests.phrasing_support import GUIDE, fired


def _doc(text: str):
    return GUIDE.read(text).doc


@pytest.mark.parametrize(
    "text",
    [
        "Who hasn't cried in the car park after a ward round, I asked her.",
        "who doesn't feel like giving up now and then, i said to him",
        "Honestly, doesn't everybody dread the first team meeting, I said to the new support worker.",
        "Come on, isn't everyone a bit lost after a break-up, I told him.",
    ],
)
def test_a_question_that_answers_itself_is_a_claim_of_all_however_framed(text: str) -> None:
    assert answers_itself(_doc(text)), text
    assert "overgeneralising" in fired(text), text


@pytest.mark.parametrize(
    "text",
    [
        "Who would you like to bring to the review, I asked her.",
        "Honestly, does anyone in your family know about the debts, I asked him.",
    ],
)
def test_a_real_question_stays_a_question(text: str) -> None:
    assert "overgeneralising" not in fired(text), text


@pytest.mark.parametrize(
    "text",
    [
        "I told him that by next summer he would look back on the tribunal and laugh.",
        "i said you'll laugh about all this one day, honestly",
        "I told her it would all seem pretty silly in a few weeks.",
        "Five years from now this will be a funny memory, I said to him.",
    ],
)
def test_time_said_to_make_it_small_is_minimising(text: str) -> None:
    assert looked_back_on(_doc(text)), text
    assert "minimising" in fired(text), text


@pytest.mark.parametrize(
    "text",
    [
        "I told him it might feel different in a few months, and asked what would help him now.",
        "She said she'll look back on this year as the one she got her flat, and I said that sounded hopeful.",
        "i said it won't seem small to her for a long while, and that's ok",
    ],
)
def test_time_with_the_person_taken_seriously_stays_clean(text: str) -> None:
    assert "minimising" not in fired(text), text


@pytest.mark.parametrize(
    "text",
    [
        "I told her my own debts were far bigger than hers ever got.",
        "i said my time on the ward was a lot longer than what she'd had",
        "I explained my divorce dragged on for four years, so his sounded fairly painless by comparison.",
        "I told him he'd had a bad run, but it was nothing like what I went through after the fire.",
        "I mentioned my waiting list was three times the length of his.",
    ],
)
def test_my_set_beside_theirs_is_comparing(text: str) -> None:
    assert mine_beside_theirs(_doc(text)), text
    assert "comparing" in fired(text), text


@pytest.mark.parametrize(
    "text",
    [
        "He said his brother's depression was much deeper than his, and I wondered whether his own counted too.",
        "she went quiet and said you've had it harder than me",
        "I told her my first flat was smaller than this one, and we laughed about the damp.",
        "Compared with last spring, she said her sleep is far better now.",
    ],
)
def test_a_comparison_that_is_no_contest_stays_clean(text: str) -> None:
    assert "comparing" not in fired(text), text


@pytest.mark.parametrize(
    "text",
    [
        "there's always somebody worse off, i reminded him",
        "I said other families have gone through far worse than a missed payment.",
    ],
)
def test_others_worse_off_is_minimising(text: str) -> None:
    assert could_be_worse(_doc(text)), text
    assert "minimising" in fired(text), text


def test_the_person_saying_others_are_worse_off_is_theirs() -> None:
    assert "minimising" not in fired("He said there's always somebody worse off, and I asked whether that helped him at all.")
