"""The phrasing guide and the identifying-details guard: held-out precision and recall, and
the guard's time per answer.

Run from the repository root:  .venv/bin/python bench/phrasing_guard.py [--runs 3]
Prints the figures of the held-out, dev, second to sixth dev and blind sets (as `reflect phrasing --evaluate FILE`
does: precision, recall and the share of label-keeping variants), the time to load the
language analyzer, the patterns' time on long answers built to make them backtrack, the process's peak memory, and the median time the guard takes per answer
(each corpus sentence alone, and answers of three sentences). Writes the same figures to
bench/results.json under the "phrasing" key, leaving every other key as it was.
It also prints the second reader's figures on the held-out fifth of the development sets
(recorded in reflect/data/phrasing_model.json when it was built, from a fit made without them).
The blind set was written by someone who had not read the rules, and was never tuned on; its
figures are given twice: over every rule, and over the rules its writer could label (the
rules added after it was written, `NEWER_RULES`, left out).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from reflect import config, phrasing_model, runtime  # noqa: E402
from reflect.phrasing import PhrasingGuide, evaluate, format_evaluation, read_corpus  # noqa: E402
from reflect.robustness import LONG_ADVERSARIAL_TEXTS, format_robustness, measure  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "results.json"
NEWER_RULES = frozenset({"writer_not_coping", "keep_it_between_us"})


def _median_ms(call, texts: list[str], runs: int) -> tuple[float, float]:
    """Median wall-clock and CPU milliseconds per call. The CPU figure is the guard's own cost;
    the wall-clock one also holds any wait for a core on a busy machine."""
    wall, cpu = [], []
    for _ in range(runs):
        for text in texts:
            began, began_cpu = time.perf_counter(), time.thread_time()
            call(text)
            cpu.append(time.thread_time() - began_cpu)
            wall.append(time.perf_counter() - began)
    return round(statistics.median(wall) * 1000, 2), round(statistics.median(cpu) * 1000, 2)


def merge_results(key: str, figures: dict, path: Path = RESULTS) -> None:
    """Write `figures` under `key` in the results file, keeping the other keys."""
    current = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    current[key] = figures
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".results-", suffix=".json")
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        json.dump(current, out, indent=2, sort_keys=True)
        out.write("\n")
    os.replace(temporary, path)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="times over the corpus for the timings")
    args = parser.parse_args()

    began = time.perf_counter()
    catalogue = runtime.load_questions(config.load())  # checks each rule's examples, so loads the analyzer
    guide = PhrasingGuide(catalogue.phrasing)
    guide.has_identifying("A first answer, to finish loading.")
    load_s = round(time.perf_counter() - began, 2)

    rule_ids = {r.id for r in catalogue.phrasing.rules}
    held_out = read_corpus(ROOT / "corpus" / "phrasing-heldout.txt", rule_ids)
    everything = read_corpus(ROOT / "corpus" / "phrasing-train.txt", rule_ids) + held_out
    sets: dict[str, dict] = {}
    for name, ignore in (("heldout", frozenset()), ("dev", frozenset()), ("dev2", frozenset()), ("dev3", frozenset()), ("dev4", frozenset()), ("dev5", frozenset()), ("dev6", frozenset()), ("dev7", frozenset()), ("dev7-identifying", frozenset()), ("dev8", frozenset()), ("dev8-identifying", frozenset()), ("dev9", frozenset()), ("dev9-identifying", frozenset()), ("dev10", frozenset()), ("dev10-voice", frozenset()), ("dev10-identifying", frozenset()), ("dev10b-identifying", frozenset()), ("dev11", frozenset()), ("dev11-voice", frozenset()), ("dev11-identifying", frozenset()), ("dev12", frozenset()), ("dev12-identifying", frozenset()), ("dev13", frozenset()), ("dev13-story", frozenset()), ("dev13-voice", frozenset()), ("dev13-identifying", frozenset()), ("dev14", frozenset()), ("dev14-story", frozenset()), ("dev14-voice", frozenset()), ("dev14-identifying", frozenset()), ("dev15", frozenset()), ("dev15-identifying", frozenset()), ("blind", frozenset()), ("blind", NEWER_RULES)):
        path = ROOT / "corpus" / f"phrasing-{name}.txt"
        if not path.exists():
            continue
        corpus = read_corpus(path, rule_ids)
        evaluation = evaluate(guide, corpus, ignore=ignore)
        kept = measure(guide, corpus, ignore=ignore)
        key = name if not ignore else f"{name}_rules_its_writer_knew"
        print(f"{key} (corpus/phrasing-{name}.txt{', without ' + ', '.join(sorted(ignore)) if ignore else ''}):")
        print(format_evaluation(evaluation), end="")
        print(format_robustness(kept), end="")
        sets[key] = {**evaluation.as_dict(), "variants": kept.as_dict()}
    evaluation = evaluate(guide, held_out)
    # The second reader's held-out fifth of the development sets: figures of a fit made without
    # it, recorded by scripts/build_phrasing_model.py (the shipped model is fitted on everything).
    split = json.loads(phrasing_model.MODEL_FILE.read_text(encoding="utf-8"))["held_out_split"]
    for name, label in (("rules", "rules alone"), ("together", "rules and classifier"), ("classifier", "classifier alone")):
        print(f"Development held-out split ({split['sentences']} sentences), {label}: precision "
              f"{split[name]['precision']:.3f}, recall {split[name]['recall']:.3f}")

    sentences = [s.text for s in everything]
    answers = [" ".join(sentences[i : i + 3]) for i in range(0, len(sentences), 3)]
    guard_sentence = _median_ms(guide.has_identifying, sentences, args.runs)
    guard_answer = _median_ms(guide.has_identifying, answers, args.runs)
    guide_answer = _median_ms(guide.check, answers, args.runs)
    patterns_only = PhrasingGuide(
        catalogue.phrasing.model_copy(update={"rules": tuple(r.model_copy(update={"entities": ()}) for r in catalogue.phrasing.rules)}),
        language=False,
    )
    adversarial = {name: _median_ms(patterns_only.check, [text], 1)[0] for name, text in LONG_ADVERSARIAL_TEXTS.items()}
    worst = max(adversarial, key=adversarial.get)
    peak_mb = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    print(f"Rules and analyzer loaded (with the spaCy imports and the names list) in {load_s} s; peak memory {peak_mb} MB.")
    print(f"Load average over the last minute: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores.")
    print(f"Guard, median per sentence: {guard_sentence[0]} ms wall-clock, {guard_sentence[1]} ms CPU "
          f"({len(sentences)} sentences x {args.runs}).")
    print(f"Guard, median per answer of three sentences: {guard_answer[0]} ms wall-clock, {guard_answer[1]} ms CPU "
          f"({len(answers)} answers x {args.runs}).")
    print(f"Patterns alone on long answers built to make them backtrack: slowest {adversarial[worst]} ms "
          f"({worst}, {len(LONG_ADVERSARIAL_TEXTS[worst]):,} characters).")
    print(f"Whole phrasing guide, median per answer of three sentences: {guide_answer[0]} ms wall-clock, "
          f"{guide_answer[1]} ms CPU.")

    merge_results(
        "phrasing",
        {
            "held_out": evaluation.as_dict(),
            "development_held_out_split": split,
            "sets": sets,
            "command": "reflect phrasing --evaluate corpus/phrasing-blind.txt [--ignore writer_not_coping,keep_it_between_us]",
            "peak_memory_mb": peak_mb,
            "load_seconds": load_s,
            "load_average": round(os.getloadavg()[0], 1),
            "guard_median_ms_per_sentence": guard_sentence[0],
            "guard_median_cpu_ms_per_sentence": guard_sentence[1],
            "guard_median_ms_per_answer": guard_answer[0],
            "guard_median_cpu_ms_per_answer": guard_answer[1],
            "guide_median_ms_per_answer": guide_answer[0],
            "guide_median_cpu_ms_per_answer": guide_answer[1],
            "adversarial_ms": adversarial,
            "adversarial_worst_ms": adversarial[worst],
        },
    )
    print(f"Figures written to {RESULTS} under \"phrasing\".")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
