"""The quick-check scenarios in tests/data/quick_check_scenarios.yaml, through the summary the
page shows (`journeys.EntryView.summary`) and through `reflect quick-check summarise`."""

from __future__ import annotations

import io
import json
import sys
from datetime import datetime, timezone
from pathlib import Path

import pytest
import yaml

from reflect import cli
from reflect.models import Stage
from reflect.questions import load_catalogue
from reflect.services import journeys

ROOT = Path(__file__).resolve().parents[1]
DATA = yaml.safe_load((ROOT / "tests" / "data" / "quick_check_scenarios.yaml").read_text(encoding="utf-8"))
SCENARIOS = DATA["scenarios"]
# Issue 23, "Where the summary is wrong for the situation": one key per bullet.
BULLETS = {
    "person_decides",
    "support_from_someone_i_support",
    "raw_with_someone_i_support",
    "peer_workers",
    "someone_elses_story",
    "profile_not_for_sharing",
    "everyday_remark",
    "benefit_on_support_path",
}
CATALOGUE = load_catalogue(ROOT / "prompts")
QUICK = CATALOGUE.get("in_the_moment")
NOW = datetime(2026, 1, 5, tzinfo=timezone.utc)


def _answers(scenario: dict) -> dict:
    answers = dict(DATA["bases"][scenario["base"]]) if scenario.get("base") else {}
    answers.update(scenario["answers"])
    return {k: v for k, v in answers.items() if v is not None}


def _as_page_shows(scenario: dict) -> journeys.EntryView:
    """The entry the quick check page would hold: the set for the person's role, the answers and
    what the profile said when the check was started from it."""
    answers = _answers(scenario)
    if scenario.get("profile"):
        answers[journeys.PROFILE_LEVELS] = scenario["profile"]
    return journeys.EntryView(
        id=1, stage=Stage.IN_THE_MOMENT, questions=QUICK.for_practice_role(scenario.get("role")), status="complete",
        answers=answers, created_at=NOW, updated_at=NOW, completed_at=NOW, episode_id=None,
        practice_role=scenario.get("role"), profession=scenario.get("profession"),
    )


def test_there_are_at_least_25_scenarios_with_unique_ids():
    ids = [s["id"] for s in SCENARIOS]
    assert len(ids) >= 25
    assert len(set(ids)) == len(ids)


def test_every_bullet_of_the_issue_has_scenarios():
    assert {s["bullet"] for s in SCENARIOS} == BULLETS


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s["id"] for s in SCENARIOS])
def test_scenario_cites_a_paragraph_of_the_guidance(scenario):
    cite = scenario["cites"]
    assert cite["paper"].startswith("ImROC Briefing Paper")
    assert cite["section"] and isinstance(cite["paragraph"], int) and cite["paragraph"] >= 1


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s["id"] for s in SCENARIOS])
def test_scenario_summary_as_the_page_shows_it(scenario):
    summary = _as_page_shows(scenario).summary

    said = {s.id for s in summary.to_think_over} | {p.id for p in summary.pointers}
    assert summary.verdict == scenario["verdict"], summary.as_dict()
    assert set(scenario.get("mentions", ())) <= said, summary.as_dict()
    assert not set(scenario.get("not_mentions", ())) & said, summary.as_dict()
    also = set(summary.also_said)
    for rule_id in scenario.get("also_said", ()):
        rule = next(r for r in QUICK.context_rules if r.id == rule_id)
        assert rule.label in also, summary.as_dict()


@pytest.mark.parametrize("scenario", SCENARIOS[:6], ids=[s["id"] for s in SCENARIOS[:6]])
def test_command_prints_the_summary_the_page_shows(scenario, tmp_path, capsys):
    request = {"role": scenario.get("role"), "profession": scenario.get("profession"), "answers": _answers(scenario)}
    if scenario.get("profile"):
        request["profile"] = scenario["profile"]
    path = tmp_path / "check.json"
    path.write_text(json.dumps(request), encoding="utf-8")

    code = cli.main(["quick-check", "summarise", str(path)])

    printed = json.loads(capsys.readouterr().out)
    assert code == 0
    assert printed == _as_page_shows(scenario).summary.as_dict()


def test_command_reads_standard_input_and_names_unknown_ids(monkeypatch, capsys):
    request = {"role": None, "answers": {"with_whom": "supervisor_manager", "purpose": "support_for_me", "gone": "x", "benefit": "old"}}
    monkeypatch.setattr(sys, "stdin", io.StringIO(json.dumps(request)))

    code = cli.main(["quick-check", "summarise", "-"])

    out = capsys.readouterr()
    assert code == 0
    assert json.loads(out.out)["verdict"] == "for_support"
    assert "question 'gone'" in out.err and "option 'old' of 'benefit'" in out.err


def test_every_pointer_the_summary_adds_by_itself_has_words_in_the_shipped_set():
    from reflect.questions.summary import PLACES_POINTER, RAW_POINTER, WISHES_POINTER

    assert {PLACES_POINTER, RAW_POINTER, WISHES_POINTER} <= {p.id for p in QUICK.pointers}
