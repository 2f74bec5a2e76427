"""The rules and the second reader set findings aside by one reading of a rule's `context`
(`reflect.set_aside`), each context tested once: an offer the writer declined stays clean for
every rule read only where affirmed, whether a rule's pattern or the second reader found it;
the same offer taken up still fires; the person's own refusal is no offer the writer declined.
None of these sentences is in a corpus."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from reflect import phrasing, set_aside as set_aside_module
from tests.phrasing_support import GUIDE, RULES, fired

AFFIRMED = sorted(r.id for r in RULES.rules if "affirmed" in r.context)

# (rule, declined, taken up): the declined offer in new words, and the same offer taken up.
OFFERS = [
    ("blurring_relationship", "she asked to add me on facebook so we could be friends, i declined",
     "she asked to add me on facebook so we could be friends, i said yes"),
    ("blurring_relationship", "he asked me round for his tea on sunday, i declined", "he asked me round for his tea on sunday, i went"),
    ("prescribing", "he asked if he should try mindfulness like i did, i said no, i explained it's his call",
     "he asked if he should try mindfulness like i did, i said yes definitely"),
    ("prescribing", "she asked whether she ought to do the couch to 5k like i did, i explained why i couldn't tell her",
     "she asked whether she ought to do the couch to 5k like i did, i told her she should"),
    ("i_know_how_you_feel", "he asked if i know how he feels and i declined to say that", "he asked did i know how he felt and i said i do"),
]


def test_every_rule_read_where_affirmed_has_a_declined_offer_here() -> None:
    assert AFFIRMED == sorted({rule for rule, _, _ in OFFERS})


@pytest.mark.parametrize(("rule", "declined", "taken_up"), OFFERS)
def test_an_offer_the_writer_declined_is_set_aside_and_taken_up_fires(rule: str, declined: str, taken_up: str) -> None:
    assert rule in fired(taken_up), taken_up
    assert rule not in fired(declined), declined


@pytest.mark.parametrize(
    ("rule", "text"),
    [
        ("i_know_how_you_feel", "she refused to talk so i said i know exactly how you feel"),
        ("prescribing", "i told her she should try cold water swimming like i did, she refused"),
        ("prescribing", "he turned down the referral so i told him he should try running like i did"),
    ],
)
def test_the_persons_own_refusal_is_no_offer_the_writer_declined(rule: str, text: str) -> None:
    assert rule in fired(text), text


def test_the_rules_and_the_second_reader_ask_the_same_reading(monkeypatch) -> None:
    """Both paths go through `reflect.set_aside.set_aside`: the rules' hits, and (with
    `sentence`) the second reader's sentences."""
    asked: list[tuple[str, bool]] = []
    real = set_aside_module.set_aside

    def recording(rule, doc, start, end, *, sentence=False):
        asked.append((rule.id, sentence))
        return real(rule, doc, start, end, sentence=sentence)

    monkeypatch.setattr(phrasing, "set_aside", recording)
    text = "he asked me round for his tea on sunday, i declined. i told him he should try running like i did"
    GUIDE.check(text)
    assert ("prescribing", False) in asked
    assert ("blurring_relationship", True) in asked


# What each context reads; only `reflect.set_aside` may use them, so each is tested once.
_CONTEXT_READINGS = {
    "declined", "not_between_us", "is_own", "denies_universal", "ordinary_to_all", "rhetorical", "unsaid", "my_part",
    "counts_no_contest", "said_of_someone_else", "wished_for", "told_to_support", "is_question",
}


def test_each_context_is_read_in_one_place() -> None:
    for module in (phrasing, set_aside_module):
        tree = ast.parse(Path(module.__file__).read_text(encoding="utf-8"))
        imported = {a.asname or a.name for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) for a in node.names}
        if module is phrasing:
            assert not imported & _CONTEXT_READINGS, imported & _CONTEXT_READINGS
        else:
            assert _CONTEXT_READINGS <= imported
