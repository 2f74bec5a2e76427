"""The shipped phrasing rules, loaded once for the tests that read sentences with them."""

from __future__ import annotations

from pathlib import Path

import yaml

from reflect.phrasing import PhrasingGuide
from reflect.questions.schema import PhrasingRuleSet

ROOT = Path(__file__).resolve().parents[1]
RAW = yaml.safe_load((ROOT / "prompts" / "phrasing.yaml").read_text(encoding="utf-8"))
RULES = PhrasingRuleSet.model_validate(RAW)
GUIDE = PhrasingGuide(RULES)
RULE_IDS = {r.id for r in RULES.rules}


def fired(text: str) -> set[str]:
    """The rules that fire on `text`."""
    return {s.rule_id for s in GUIDE.check(text)}
