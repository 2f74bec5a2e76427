"""Measuring the phrasing guide on a labelled corpus (`corpus/*.txt`): reading a corpus file,
precision and recall per rule and overall, and a plain table of them. `reflect.phrasing`
re-exports these names."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Protocol


class _Guide(Protocol):
    """What measuring needs of a phrasing guide (`reflect.phrasing.PhrasingGuide`)."""

    rules: object

    def check(self, text: str) -> list: ...


# --- measuring the rules on a labelled corpus -------------------------------------------------


@dataclass(frozen=True)
class LabelledSentence:
    """One line of a corpus file: the sentence and the rules it must trigger (none for good practice)."""

    line: int
    rules: frozenset[str]
    text: str


class CorpusError(ValueError):
    """A corpus file line that cannot be read; the message names the line."""


def read_corpus(path: Path, known_rules: set[str]) -> list[LabelledSentence]:
    """Read a corpus file: `rule,rule | sentence` or `- | sentence` a line; `#` starts a comment.

    Raises:
        CorpusError: a line without " | ", an empty sentence, or a rule id that isn't a rule.
    """
    sentences = []
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        labels, sep, text = raw.partition(" | ")
        if not sep or not text.strip():
            raise CorpusError(f"{path}:{number}: write the rules, then ' | ', then the sentence")
        rules = frozenset() if labels.strip() == "-" else frozenset(r.strip() for r in labels.split(",") if r.strip())
        unknown = sorted(rules - known_rules)
        if unknown:
            raise CorpusError(f"{path}:{number}: {', '.join(unknown)} is not a rule in the phrasing guide")
        sentences.append(LabelledSentence(number, rules, text.strip()))
    return sentences


@dataclass(frozen=True)
class RuleScore:
    rule: str
    examples: int  # sentences labelled with the rule
    true_positives: int
    false_positives: int
    false_negatives: int

    @property
    def precision(self) -> float:
        fired = self.true_positives + self.false_positives
        return self.true_positives / fired if fired else 1.0

    @property
    def recall(self) -> float:
        return self.true_positives / self.examples if self.examples else 1.0

    def as_dict(self) -> dict[str, float | int]:
        return {
            "examples": self.examples,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "true_positives": self.true_positives,
            "false_positives": self.false_positives,
            "false_negatives": self.false_negatives,
        }


@dataclass(frozen=True)
class Evaluation:
    sentences: int
    clean_sentences: int
    clean_flagged: int  # good-practice sentences that some rule fired on
    rules: tuple[RuleScore, ...]
    overall: RuleScore
    mistakes: tuple[tuple[LabelledSentence, frozenset[str]], ...]  # (sentence, rules that fired) when they differ

    def as_dict(self) -> dict[str, object]:
        return {
            "sentences": self.sentences,
            "clean_sentences": self.clean_sentences,
            "clean_flagged": self.clean_flagged,
            "overall": self.overall.as_dict(),
            "rules": {r.rule: r.as_dict() for r in self.rules},
        }


def evaluate(guide: _Guide, sentences: list[LabelledSentence], *, ignore: frozenset[str] = frozenset()) -> Evaluation:
    """Precision and recall per rule and overall (summed over rules), one sentence at a time.
    Rules in `ignore` are left out, as labels and as findings (e.g. rules newer than the set,
    which its writer could not use)."""
    counts = {r.id: [0, 0, 0, 0] for r in guide.rules.rules if r.id not in ignore}  # examples, tp, fp, fn
    mistakes = []
    clean_flagged = 0
    for sentence in sentences:
        fired = frozenset(s.rule_id for s in guide.check(sentence.text)) - ignore
        labels = sentence.rules - ignore
        for rule in labels:
            counts[rule][0] += 1
            counts[rule][1 if rule in fired else 3] += 1
        for rule in fired - labels:
            counts[rule][2] += 1
        if fired != labels:
            mistakes.append((sentence, fired))
        if not sentence.rules and fired:
            clean_flagged += 1
    scores = tuple(RuleScore(rule, *c) for rule, c in counts.items() if any(c))
    overall = RuleScore("overall", *(sum(s[i] for s in counts.values()) for i in range(4)))
    return Evaluation(
        sentences=len(sentences),
        clean_sentences=sum(1 for s in sentences if not s.rules),
        clean_flagged=clean_flagged,
        rules=scores,
        overall=overall,
        mistakes=tuple(mistakes),
    )


def format_evaluation(evaluation: Evaluation, *, show_mistakes: bool = False) -> str:
    """A plain table: one line per rule, then the overall figures."""
    lines = [f"{'rule':<28} {'examples':>8} {'precision':>9} {'recall':>7}"]
    for score in sorted(evaluation.rules, key=lambda s: s.rule):
        lines.append(f"{score.rule:<28} {score.examples:>8} {score.precision:>9.3f} {score.recall:>7.3f}")
    o = evaluation.overall
    lines.append(f"{'overall':<28} {o.examples:>8} {o.precision:>9.3f} {o.recall:>7.3f}")
    lines.append(
        f"{evaluation.sentences} sentences; {evaluation.clean_sentences} good practice, "
        f"{evaluation.clean_flagged} of them flagged."
    )
    if show_mistakes:
        for sentence, fired in evaluation.mistakes:
            expected = ",".join(sorted(sentence.rules)) or "-"
            got = ",".join(sorted(fired)) or "-"
            lines.append(f"line {sentence.line}: expected {expected}; found {got}: {sentence.text}")
    return "\n".join(lines) + "\n"
