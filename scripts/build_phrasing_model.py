"""Build reflect/data/phrasing_model.json: the phrasing guide's second reader.

Reads the development corpora (`reflect.phrasing_training.TRAINING_FILES`; never the blind
set) as the guide reads them, holds a fixed fifth out, fits one logistic regression per
pattern rule on the rest, chooses the threshold on the held-out fifth and prints its figures:
the classifier alone, the rules alone, and the two together (as the guide runs them). The
model written is then fitted on every sentence, with that threshold.

Run from the repository root (about a minute):  .venv/bin/python scripts/build_phrasing_model.py
Rebuilding gives the same file (tests/test_phrasing_model.py checks it).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from reflect import phrasing_model  # noqa: E402
from reflect.phrasing import PhrasingGuide  # noqa: E402
from reflect.phrasing_training import build  # noqa: E402
from reflect.questions.schema import PhrasingRuleSet  # noqa: E402


def rules() -> PhrasingRuleSet:
    import yaml

    return PhrasingRuleSet.model_validate(yaml.safe_load((ROOT / "prompts" / "phrasing.yaml").read_text(encoding="utf-8")))


def dump(data: dict) -> str:
    return json.dumps(data, indent=None, sort_keys=True, separators=(",", ":")) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=phrasing_model.MODEL_FILE)
    args = parser.parse_args()
    ruleset = rules()
    data, report = build(PhrasingGuide(ruleset, model=None), ROOT)
    args.out.write_text(dump(data), encoding="utf-8")
    print(f"Written {args.out} ({len(data['weights'])} features, {len(data['rules'])} rules), "
          f"trained on all {data['trained_on']} sentences and examples.")
    print(f"Held-out split ({data['held_out_for_the_threshold']} sentences), fitted without it, classifier alone "
          f"at threshold {report['threshold']}: {report['classifier']}")
    for name in ("rules", "together"):
        o = report[name]
        print(f"Held-out split, {'rules alone' if name == 'rules' else 'rules and classifier'}: precision "
              f"{o['precision']:.3f}, recall {o['recall']:.3f} over {report['sentences']} sentences.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
