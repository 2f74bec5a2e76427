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


def found(text: str) -> dict[str, list[str]]:
    """The identifying rules that fire on `text`, each with the words it points at."""
    out: dict[str, list[str]] = {}
    for s in GUIDE.has_identifying(text):
        out.setdefault(s.rule_id, []).append(s.matched_text)
    return out


def points_at(text: str, rule: str, words: str) -> None:
    """`rule` fires on `text` and points at `words` (in any case)."""
    hits = found(text)
    assert rule in hits, f"{rule} missed in {text!r}: {hits}"
    assert any(words.lower() in h.lower() for h in hits[rule]), f"{rule} pointed at {hits[rule]} in {text!r}, not {words!r}"
