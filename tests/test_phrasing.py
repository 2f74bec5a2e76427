"""Tests for reflect.phrasing, driven by the shipped rules in prompts/phrasing.yaml."""

from __future__ import annotations

import io
from concurrent.futures import ThreadPoolExecutor
import json
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from reflect.robustness import LONG_ADVERSARIAL_TEXTS
from reflect.phrasing import MAX_SCAN_CHARS, PhrasingGuide, cli_main
from reflect.questions.schema import PhrasingRuleSet

PROMPTS = Path(__file__).resolve().parents[1] / "prompts"
RULES = PhrasingRuleSet.model_validate(yaml.safe_load((PROMPTS / "phrasing.yaml").read_text(encoding="utf-8")))
GUIDE = PhrasingGuide(RULES)
PATTERNS_ONLY = PhrasingGuide(
    RULES.model_copy(update={"rules": tuple(r.model_copy(update={"entities": ()}) for r in RULES.rules)}), language=False
)

MATCH_EXAMPLES = [(r.id, text) for r in RULES.rules for text in r.examples.match]
NO_MATCH_EXAMPLES = [(r.id, text) for r in RULES.rules for text in r.examples.no_match]
NASTY = [
    "مرحبا، أنا أعرف بالضبط ما تشعر به",
    "שלום \u202eevil\u202c text",
    "<script>alert(1)</script>",
    "[x](javascript:alert(1))",
    "**bold** _it_ `code` > quote",
    "\x00\x01\x07\x1b[31m\x7f",
    "😀🏳️‍🌈👩🏽‍⚕️",
    "I\u200bknow how you feel",
    "\ufeff\r\n\t",
]


def _rule_ids(text: str) -> set[str]:
    return {s.rule_id for s in GUIDE.check(text)}


# --- every rule's own examples --------------------------------------------------------------


@pytest.mark.parametrize("rule_id,text", MATCH_EXAMPLES)
def test_match_example_triggers_its_rule(rule_id, text):
    assert rule_id in _rule_ids(text)


@pytest.mark.parametrize("rule_id,text", NO_MATCH_EXAMPLES)
def test_no_match_example_does_not_trigger_its_rule(rule_id, text):
    assert rule_id not in _rule_ids(text)


def test_the_rules_the_product_asks_for_are_present():
    kinds = {r.id: r.kind for r in RULES.rules}

    for rule_id in ("i_know_how_you_feel", "prescribing", "comparing", "focus_on_me", "overgeneralising"):
        assert kinds[rule_id] == "pattern"
    for rule_id in (
        "identifying_phone",
        "identifying_postcode",
        "identifying_address",
        "identifying_email",
        "identifying_nhs_number",
        "identifying_date_of_birth",
        "identifying_school",
    ):
        assert kinds[rule_id] == "identifying"
    assert kinds["missing_coping"] == "missing_coping"


# --- hand-written cases -----------------------------------------------------------------------


def test_i_know_how_you_feel_suggests_speaking_from_your_own_experience():
    text = "Honestly. I know exactly how you feel."

    [suggestion] = GUIDE.check(text)

    assert suggestion.rule_id == "i_know_how_you_feel"
    assert text[suggestion.start : suggestion.end] == suggestion.matched_text == "I know exactly how you feel"
    assert suggestion.suggestion.startswith("I don't know what it was like for you")
    assert not suggestion.identifying


def test_curly_apostrophes_are_read_like_straight_ones():
    assert "i_know_how_you_feel" in _rule_ids("I know what you\u2019re going through.")


def test_offsets_count_characters_not_bytes():
    text = "😀👩🏽‍⚕️ مرحبا — I know how you feel"

    [suggestion] = GUIDE.check(text)

    assert text[suggestion.start : suggestion.end] == "I know how you feel"


def test_prescribing_suggests_offering_options():
    [suggestion] = GUIDE.check_rule("prescribing", "You should do what I did.")

    assert "others found" in suggestion.suggestion


def test_comparing_is_noticed_in_the_guidance_medication_example():
    assert "comparing" in _rule_ids("Don't worry about taking that medication, I have taken far more than that for years.")


@pytest.mark.parametrize(
    "text,rule_id,detail",
    [
        ("I live at 12 Acacia Road.", "identifying_address", "12 Acacia Road"),
        ("My son goes to St Mary's Primary School.", "identifying_school", "St Mary's Primary School"),
        ("Write to jo.bloggs@example.com", "identifying_email", "jo.bloggs@example.com"),
        ("NHS number 943 476 5919", "identifying_nhs_number", "943 476 5919"),
        ("Ring 07700 900123 tonight", "identifying_phone", "07700 900123"),
        ("She lives in LS1 4DY.", "identifying_postcode", "LS1 4DY"),
        ("dob 01/02/1980", "identifying_date_of_birth", "01/02/1980"),
        ("I told Mrs Patel about my garden", "identifying_name", "Mrs Patel"),
        ("A man called Dave asked about my dad", "identifying_name", "Dave"),
        ("Her kids go to Oakfield School now", "identifying_school", "Oakfield School"),
        ("He was born on 3rd March 1985.", "identifying_date_of_birth", "3rd March 1985"),
    ],
)
def test_identifying_details_are_found_with_their_span(text, rule_id, detail):
    found = [s for s in GUIDE.has_identifying(text) if s.rule_id == rule_id]

    assert [s.matched_text for s in found] == [detail]
    assert all(s.identifying for s in found)


def test_text_with_a_role_instead_of_a_name_has_no_identifying_details():
    text = "A young man I support on the ward asked whether I had ever felt low. I said yes, for a while in 2019."

    assert GUIDE.has_identifying(text) == []


def test_missing_coping_spans_the_whole_text():
    text = "When my dad died I was in pieces for a whole year, I couldn't sleep, eat or face anyone at all."

    [suggestion] = GUIDE.check_rule("missing_coping", text)

    assert (suggestion.start, suggestion.end) == (0, len(text))


def test_missing_coping_is_quiet_once_the_story_says_what_helped():
    text = (
        "When my dad died I was in pieces for a whole year, I couldn't sleep, eat or face anyone. "
        "Talking to my GP and walking the dog every morning slowly helped."
    )

    assert GUIDE.check_rule("missing_coping", text) == []


def test_suggestions_are_sorted_by_start():
    text = "Call me any time on 07700 900123. I know how you feel. At least you have a job."

    starts = [s.start for s in GUIDE.check(text)]

    assert starts == sorted(starts)
    assert len(starts) >= 4


def test_overlapping_matches_of_one_rule_give_one_suggestion():
    found = GUIDE.check_rule("i_know_how_you_feel", "I know exactly what you mean")

    assert len(found) == 1


def test_only_the_first_max_scan_chars_are_read():
    text = "a " * (MAX_SCAN_CHARS // 2) + "I know how you feel"

    assert GUIDE.check(text) == []


def test_missing_coping_is_skipped_for_text_longer_than_is_scanned():
    story = "When my dad died I was in pieces, I couldn't sleep, eat or face anyone for a long year. "
    text = story * (MAX_SCAN_CHARS // len(story) + 1)

    assert GUIDE.check_rule("missing_coping", text) == []


def test_check_refuses_text_that_is_not_a_string():
    with pytest.raises(TypeError):
        GUIDE.check(None)  # type: ignore[arg-type]


def test_check_rule_with_unknown_rule_raises_key_error():
    with pytest.raises(KeyError):
        GUIDE.check_rule("nope", "text")


@pytest.mark.parametrize("name", sorted(LONG_ADVERSARIAL_TEXTS))
def test_adversarial_long_text_is_read_to_the_end(name):
    """The patterns only (the language analyzer reads no more than MAX_SCAN_CHARS). A pattern that
    backtracks on these runs for minutes or never ends; the bench times them (bench/phrasing_guard.py,
    "adversarial_worst_ms"). The wait below is for a hang, hundreds of times the usual time."""
    text = LONG_ADVERSARIAL_TEXTS[name]
    with ThreadPoolExecutor(max_workers=1) as pool:
        findings = pool.submit(PATTERNS_ONLY.check, text).result(timeout=120)

    assert all(0 <= f.start < f.end <= len(text) for f in findings)


# --- the `reflect phrasing` command -----------------------------------------------------------


def test_cli_prints_one_json_object_per_suggestion():
    out = io.StringIO()

    code = cli_main(io.StringIO("I know how you feel. Email me at a@b.example"), out, GUIDE)

    assert code == 0
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [r["rule"] for r in records] == ["i_know_how_you_feel", "identifying_email"]
    assert records[0] == {
        "rule": "i_know_how_you_feel",
        "start": 0,
        "end": 19,
        "suggestion": RULES.rule("i_know_how_you_feel").suggestion,
    }


def test_cli_prints_nothing_for_text_with_no_suggestions():
    out = io.StringIO()

    code = cli_main(io.StringIO("I went for walks; others found swimming helpful."), out, GUIDE)

    assert (code, out.getvalue()) == (0, "")


# --- any text at all ---------------------------------------------------------------------------

ANY_CHAR = st.characters(exclude_categories=["Cs"])
TEXTS = st.one_of(
    st.text(alphabet=ANY_CHAR, max_size=400),
    st.lists(st.sampled_from(NASTY + [t for _, t in MATCH_EXAMPLES]) | st.text(alphabet=ANY_CHAR, max_size=20), max_size=8).map(
        "".join
    ),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS)
@example("İ")  # folds to "i" without case, yet lower-cases to two characters
@example("hİs u ok? İ'm not coping")
def test_check_never_raises_and_spans_stay_in_bounds(text):
    suggestions = GUIDE.check(text)

    for s in suggestions:
        assert 0 <= s.start < s.end <= len(text)
        assert s.matched_text == text[s.start : s.end]
    assert [s.start for s in suggestions] == sorted(s.start for s in suggestions)


@settings(max_examples=100, deadline=None)
@given(TEXTS)
def test_cli_output_is_valid_json_lines_for_any_text(text):
    out = io.StringIO()

    cli_main(io.StringIO(text), out, GUIDE)

    for line in out.getvalue().splitlines():
        assert set(json.loads(line)) == {"rule", "start", "end", "suggestion"}


@pytest.mark.parametrize("text", NASTY)
def test_nasty_inputs_do_not_raise(text):
    assert isinstance(GUIDE.check(text), list)


def _sentences(text: str | None) -> list[str]:
    import re

    return [s for s in re.split(r"(?<=[.!?])\s+", (text or "").strip()) if s]


def _said(sentence: str) -> str:
    """A sentence as it is heard: case, spacing and punctuation aside."""
    import re

    return " ".join(re.sub(r"[^\w\s']", " ", sentence.lower().replace("\u2019", "'")).split())


def test_no_sentence_of_the_phrasing_guide_is_said_twice():
    seen: dict[str, str] = {}
    repeated = []
    for rule in RULES.rules:
        for field in ("title", "explanation", "suggestion"):
            for sentence in _sentences(getattr(rule, field)):
                where = f"{rule.id}.{field}"
                if _said(sentence) in seen:
                    repeated.append((sentence, seen[_said(sentence)], where))
                seen.setdefault(_said(sentence), where)
    assert repeated == []


def test_each_tip_says_what_to_do_once_in_its_suggestion_and_its_explanation_says_why():
    """A tip shows its explanation and then its suggestion together: an instruction in both
    ("Leave it out of what you write here." then "Leave the email address out.") says the same
    thing twice. So an explanation holds no instruction: no sentence that opens with a verb in
    its base form and has no subject."""
    import spacy

    from reflect.guard import PIPELINE

    nlp = spacy.load(PIPELINE)
    instructions = []
    for rule in RULES.rules:
        for sentence in nlp(rule.explanation).sents:
            subjects = [c for c in sentence.root.children if c.dep_ in ("nsubj", "nsubjpass", "csubj", "expl")]
            if sentence[0].tag_ == "VB" and sentence.root.tag_ == "VB" and not subjects:
                instructions.append((rule.id, sentence.text))
    assert instructions == []
