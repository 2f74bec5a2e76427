"""The phrasing guide's second reader: a small trained classifier beside the rules
(`reflect/phrasing_model.py`, built by `scripts/build_phrasing_model.py`)."""

from __future__ import annotations

import json

import pytest

from reflect import phrasing_model
from reflect.phrasing import PhrasingGuide, read_corpus
from reflect.phrasing_model import MODEL_FILE, PhrasingModel, features
from reflect.phrasing_training import TRAINING_FILES, corpus_digest, shipped_weights
from tests.phrasing_support import GUIDE, ROOT, RULE_IDS, RULES, fired

RULES_ALONE = PhrasingGuide(RULES, model=None)


def learned(text: str) -> set[str]:
    """The rules the classifier alone finds in `text`."""
    doc = GUIDE.read(text).doc
    return {hit.rule for hit in phrasing_model.model().hits(doc)}


def test_the_model_is_loaded_once_and_shared_by_every_guide():
    assert phrasing_model.model() is phrasing_model.model()
    assert GUIDE._model is phrasing_model.model() is PhrasingGuide(RULES)._model
    assert RULES_ALONE._model is None


def test_the_same_text_always_gives_the_same_features_scores_and_suggestions():
    text = "tbh u just need to get out walking every day, it's what sorted me out"
    first = (features(GUIDE.read(text).doc), GUIDE.check(text))
    for _ in range(3):
        assert (features(GUIDE.read(text).doc), GUIDE.check(text)) == first
    model = phrasing_model.model()
    assert model.scores(first[0]) == model.scores(list(first[0]))
    assert first[0] == sorted(set(first[0]))


def test_the_shipped_model_was_built_from_the_development_corpora_as_they_are_now():
    data = json.loads(phrasing_model.MODEL_FILE.read_text(encoding="utf-8"))
    assert data["corpus_digest"] == corpus_digest(ROOT, RULE_IDS, RULES)
    assert "phrasing-blind.txt" not in TRAINING_FILES
    assert set(data["rules"]) <= RULE_IDS
    assert all(0.3 <= t < 1 for t in data["thresholds"].values())


def test_rebuilding_the_model_from_the_corpora_gives_the_same_weights():
    data = json.loads(phrasing_model.MODEL_FILE.read_text(encoding="utf-8"))
    rebuilt = shipped_weights(RULES_ALONE, ROOT)

    assert rebuilt["rules"] == data["rules"]
    assert rebuilt["bias"] == data["bias"]
    assert rebuilt["weights"] == data["weights"]


@pytest.mark.parametrize(
    "text,rule",
    [
        # The two missed last time, in wording no rule was written for.
        ("every single person i've worked with on a section 3 ends up hating the ward", "overgeneralising"),
        ("it reminded me so much of my sister that i had to leave the room", "too_raw"),
        # The unseen wordings of issue 24.
        ("I'm going through a really bad patch at the moment", "too_raw"),
        ("I said she needs to start running like I did", "prescribing"),
        ("i know how u feel", "i_know_how_you_feel"),
        ("what got me through will get you through", "prescribing"),
        ("you'll feel loads better once it kicks in, I did", "overgeneralising"),
        ("at least he never hit you, mine did", "comparing"),
        ("I haven't been sleeping and I cried in the car before I came in today", "writer_not_coping"),
    ],
)
def test_the_guide_catches_unseen_wordings(text, rule):
    assert rule in fired(text)


@pytest.mark.parametrize(
    "text",
    [
        "I know this week has been hard with the move, how are you doing?",
        "how have the nights been since we last spoke?",
        "she said she's been struggling since christmas and not sleeping",
        "i went for walks when things were bad, and i know others find swimming helps, what might suit you?",
    ],
)
def test_questions_to_the_person_notes_about_someone_else_and_good_practice_stay_clean(text):
    assert fired(text) == set()


def test_the_classifier_adds_to_the_rules_and_names_the_pattern_in_the_rules_own_words():
    text = "it reminded me so much of my sister that i had to leave the room"
    assert "too_raw" not in {s.rule_id for s in RULES_ALONE.check(text)}
    (suggestion,) = [s for s in GUIDE.check(text) if s.rule_id == "too_raw"]
    rule = next(r for r in RULES.rules if r.id == "too_raw")
    assert (suggestion.title, suggestion.suggestion, suggestion.explanation) == (rule.title, rule.suggestion, rule.explanation)
    assert text[suggestion.start : suggestion.end] == suggestion.matched_text == text


def test_the_classifier_points_at_the_sentence_it_read_in_a_longer_answer():
    first = "We talked about her week and the new flat. "
    second = "it reminded me so much of my dad that i had to end the call early."
    (suggestion,) = [s for s in GUIDE.check(first + second) if s.rule_id == "too_raw"]
    assert suggestion.start >= len(first) - 1 and suggestion.end == len(first + second)


def test_the_classifier_leaves_a_supervisor_audience_alone_where_the_rule_does():
    text = "it reminded me so much of my sister that i had to leave the room"
    assert "too_raw" not in {s.rule_id for s in GUIDE.check(text, audience="supervisor_manager")}


def test_the_classifier_alone_stays_clean_on_every_good_practice_sentence_of_the_corpus():
    good = [
        s.text
        for name in ("phrasing-train.txt", "phrasing-heldout.txt")
        for s in read_corpus(ROOT / "corpus" / name, RULE_IDS)
        if not s.rules
    ]
    assert len(good) >= 200
    assert {text: sorted(learned(text)) for text in good if learned(text)} == {}


def test_each_rules_own_examples_behave_with_the_classifier_too():
    for rule in RULES.rules:
        for example in rule.examples.match:
            assert GUIDE.check_rule(rule.id, example), (rule.id, example)
        for example in rule.examples.no_match:
            assert not GUIDE.check_rule(rule.id, example), (rule.id, example)


def test_a_model_file_with_no_weights_finds_nothing():
    empty = PhrasingModel({"rules": ["prescribing"], "thresholds": {"prescribing": 0.5}, "bias": {"prescribing": -5.0}, "weights": {}})
    guide = PhrasingGuide(RULES, model=empty)
    assert guide.check("i know how u feel") == RULES_ALONE.check("i know how u feel")


def test_the_packed_weights_score_exactly_as_the_file_reads():
    """The model keeps its weights in flat arrays; every rule's score is the one the file's
    pairs (rule index, weight) give, summed in the file's order."""
    import math

    data = json.loads(phrasing_model.MODEL_FILE.read_text(encoding="utf-8"))
    model = phrasing_model.model()
    for text in ("tbh u just need to get out walking every day, it's what sorted me out", "I felt tired but glad afterwards."):
        found = features(GUIDE.read(text).doc) + ["a feature no file holds"]
        totals = [data["bias"][r] for r in data["rules"]]
        for feature in found:
            for k, weight in data["weights"].get(feature, ()):
                totals[k] += weight / math.sqrt(len(found))
        expected = {r: 1.0 / (1.0 + math.exp(-max(-60.0, min(60.0, t)))) for r, t in zip(data["rules"], totals)}
        assert model.scores(found) == pytest.approx(expected, rel=1e-12, abs=1e-15)


def test_the_loaded_model_holds_a_few_megabytes_not_a_python_object_per_weight():
    """At 110,000 weights, Python floats in tuples in lists kept about 10 MB live (some 90 bytes
    a weight, and the parsed file's blocks 24 MB resident); packed, with the features' names, the
    model holds about 20 bytes a weight. Measured per weight, so the bound grows with the model."""
    import tracemalloc

    tracemalloc.start()
    try:
        model = PhrasingModel.load()
        held, _peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert model.scores(["w:walk"])
    weights = sum(len(pairs) for pairs in json.loads(MODEL_FILE.read_text(encoding="utf-8"))["weights"].values())
    assert weights > 100_000
    assert held / weights < 40, (held, weights)
