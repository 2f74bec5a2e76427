"""The phrasing guide measured on the labelled corpus in corpus/ (see the README's figures)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
import yaml

from reflect import cli, runtime
from reflect import guard
from reflect.guard import Analyzer, GuardUnavailable
from reflect.phrasing import CorpusError, PhrasingGuide, cli_main, evaluate, read_corpus
from reflect.questions.schema import PhrasingRuleSet

ROOT = Path(__file__).resolve().parents[1]
RULES = PhrasingRuleSet.model_validate(yaml.safe_load((ROOT / "prompts" / "phrasing.yaml").read_text(encoding="utf-8")))
GUIDE = PhrasingGuide(RULES)
RULE_IDS = {r.id for r in RULES.rules}
TRAIN = read_corpus(ROOT / "corpus" / "phrasing-train.txt", RULE_IDS)
HELD_OUT = read_corpus(ROOT / "corpus" / "phrasing-heldout.txt", RULE_IDS)
GOOD = [s for s in TRAIN + HELD_OUT if not s.rules]

# The rules the product asks the corpus to cover.
COVERED = {
    "identifying_name", "third_party_story", "identifying_address", "identifying_school", "identifying_phone",
    "identifying_nhs_number", "identifying_date_of_birth", "identifying_social_handle", "identifying_messaging_app",
    "prescribing", "i_know_how_you_feel", "comparing", "minimising", "hope_eroding", "graphic_detail", "too_raw",
    "missing_coping", "blurring_relationship",
}


def test_corpus_is_large_enough_with_about_half_good_practice_and_a_fifth_held_out():
    everything = TRAIN + HELD_OUT
    assert len(everything) >= 400
    assert 0.4 <= len(GOOD) / len(everything) <= 0.6
    assert 0.18 <= len(HELD_OUT) / len(everything) <= 0.22
    assert not {s.text for s in TRAIN} & {s.text for s in HELD_OUT}


def test_corpus_covers_every_rule_the_product_asks_for():
    labelled = {rule for s in TRAIN + HELD_OUT for rule in s.rules}
    assert COVERED <= labelled


def test_every_good_practice_sentence_stays_clean():
    flagged = {f"{s.line}: {s.text}": [h.rule_id for h in GUIDE.check(s.text)] for s in GOOD}

    assert {line: rules for line, rules in flagged.items() if rules} == {}
    assert len(flagged) == len(GOOD) >= 200


def test_held_out_precision_and_recall_meet_the_bar():
    result = evaluate(GUIDE, HELD_OUT)

    assert result.overall.precision >= 0.95 and result.overall.recall >= 0.95
    for score in result.rules:
        if score.examples >= 10:
            assert score.precision >= 0.9 and score.recall >= 0.9, score


@pytest.mark.parametrize(
    "text,name",
    [
        ("I told Sarah about my own anxiety.", "Sarah"),
        ("I told Sarah Jones about my own anxiety.", "Sarah Jones"),
        ("I told sarah jones about my own anxiety.", "sarah jones"),
        ("I told Mr Okafor about my own anxiety.", "Mr Okafor"),
    ],
)
def test_reflect_phrasing_flags_a_persons_name(text, name):
    out = io.StringIO()

    cli_main(io.StringIO(text), out, GUIDE)

    records = [json.loads(line) for line in out.getvalue().splitlines()]
    flagged = [text[r["start"] : r["end"]] for r in records if r["rule"] == "identifying_name"]
    assert flagged and all(part in name for part in flagged)


def test_an_nhs_number_with_a_wrong_check_digit_alone_is_not_taken_for_one():
    assert "identifying_nhs_number" not in {s.rule_id for s in GUIDE.check("The order reference was 943 476 5918.")}
    assert "identifying_nhs_number" in {s.rule_id for s in GUIDE.check("The order reference was 943 476 5919.")}


def test_a_persons_own_first_name_can_be_allowed():
    text = "I'm Sam, and I work with Priya in the team."

    found = [s.matched_text for s in GUIDE.has_identifying(text, allow_names=("Sam",))]

    assert found == ["Priya"]


def test_too_raw_points_to_supervision_not_to_adding_what_helped():
    hits = GUIDE.check("I'm struggling at the moment, I can't sleep and I cry every night before work and after it.")

    assert hits and {hit.rule_id for hit in hits} == {"too_raw"}  # each part of it raw, none "add what helped"
    assert all("supervision" in hit.suggestion for hit in hits)


def test_graphic_detail_is_noticed_even_with_a_line_of_coping():
    hits = {s.rule_id for s in GUIDE.check("There was blood everywhere and I needed 14 stitches. Talking to my GP helped afterwards.")}

    assert hits == {"graphic_detail"}


@pytest.mark.parametrize("line", ["no separator here", "nonsense_rule | A sentence.", "- | "])
def test_a_corpus_line_that_cannot_be_read_is_named(tmp_path, line):
    path = tmp_path / "corpus.txt"
    path.write_text("# comment\n" + line + "\n", encoding="utf-8")

    with pytest.raises(CorpusError, match=r"corpus.txt:2"):
        read_corpus(path, RULE_IDS)


def test_reflect_phrasing_evaluate_prints_precision_and_recall_per_rule_and_overall(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("REFLECT_DATA_DIR", str(tmp_path / "data"))
    runtime.stop()
    path = tmp_path / "mini.txt"
    path.write_text(
        "identifying_name | I told Sarah about it.\n- | A woman I support asked about my dad.\ncomparing | At least you've still got your job.\n",
        encoding="utf-8",
    )

    assert cli.main(["phrasing", "--evaluate", str(path)]) == 0

    out = capsys.readouterr().out
    assert "identifying_name" in out and "comparing" in out
    assert out.splitlines()[0].split() == ["rule", "examples", "precision", "recall"]
    assert [line.split()[1:] for line in out.splitlines() if line.startswith("overall")] == [["2", "1.000", "1.000"]]


def test_rules_left_out_of_an_evaluation_count_neither_as_labels_nor_as_findings(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("REFLECT_DATA_DIR", str(tmp_path / "data"))
    runtime.stop()
    path = tmp_path / "mini.txt"
    path.write_text(
        "identifying_name, comparing | At least you've still got your job, Sarah.\n"
        "identifying_name | I rang Sarah back.\n- | A woman I support asked about my dad.\n",
        encoding="utf-8",
    )

    assert cli.main(["phrasing", "--evaluate", str(path), "--ignore", "identifying_name", "--json"]) == 0

    figures = json.loads(capsys.readouterr().out)
    assert "identifying_name" not in figures["rules"]
    assert figures["overall"]["true_positives"] == 1 and figures["overall"]["false_negatives"] == 0
    assert figures["variants"]["share"] > 0.5  # the name left out is no variant's missing label


def test_a_missing_language_pipeline_stops_start_up_in_one_sentence(monkeypatch):
    monkeypatch.setattr(guard, "PIPELINE", "en_core_web_sm_not_installed")

    with pytest.raises(GuardUnavailable) as caught:
        Analyzer()

    message = str(caught.value)
    assert "en_core_web_sm_not_installed" in message and "make install" in message
    assert message.count(". ") == 0 and "\n" not in message
