"""The phrasing guide: an offline, rule-based reader of draft words.

It notices phrases the guidance gently warns about (assuming you know how someone feels,
prescribing your own way, comparing whose struggle was worse, identifying details, a story
with no coping part ...) and offers the framings the guidance recommends. The rules are data
(`prompts/phrasing.yaml`, validated by `reflect.questions.schema.PhrasingRuleSet`); nothing
here sends text anywhere.

Safety and speed, for any string at all:
- only the first `MAX_SCAN_CHARS` characters are scanned (a draft is a few sentences; a
  pasted novel still gets an answer quickly). A `missing_coping` rule is skipped for longer
  text, because the coping part may lie beyond what was read;
- the schema refuses patterns that nest repeats or use unbounded `.*`, the usual causes of
  catastrophic backtracking;
- at most `MAX_MATCHES_PER_RULE` suggestions are returned per rule.
A pattern may name a group `detail`; the suggestion then covers just that group (e.g. the
school's name in "goes to Oakfield School", not the words "goes to").
Curly quotes and non-breaking spaces are mapped one-for-one to plain ones before matching,
so the offsets in each `Suggestion` are offsets into the text as given.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import TextIO

from reflect.questions.schema import PhrasingRule, PhrasingRuleSet

MAX_SCAN_CHARS = 20_000
MAX_MATCHES_PER_RULE = 50

# One character in, one character out: offsets stay valid.
_NORMALISE = str.maketrans(
    {
        "\u2018": "'",  # left single quote
        "\u2019": "'",  # right single quote / apostrophe
        "\u02bc": "'",  # modifier letter apostrophe
        "\u2032": "'",  # prime
        "\u0060": "'",  # backtick
        "\u00b4": "'",  # acute accent
        "\u201c": '"',
        "\u201d": '"',
        "\u00a0": " ",  # no-break space
        "\u202f": " ",  # narrow no-break space
        "\u2009": " ",  # thin space
        "\u2010": "-",  # hyphen
        "\u2011": "-",  # non-breaking hyphen
        "\u2013": "-",  # en dash
    }
)
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Suggestion:
    """One gentle suggestion about a span of the text (`text[start:end]`)."""

    rule_id: str
    title: str
    start: int
    end: int
    matched_text: str
    suggestion: str
    explanation: str
    identifying: bool


@dataclass(frozen=True)
class _CompiledRule:
    rule: PhrasingRule
    patterns: tuple[re.Pattern[str], ...]
    cues: tuple[re.Pattern[str], ...]


def _compile(patterns: tuple[str, ...]) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p, re.IGNORECASE) for p in patterns)


class PhrasingGuide:
    """Checks text against a validated `PhrasingRuleSet`."""

    def __init__(self, rules: PhrasingRuleSet) -> None:
        self.rules = rules
        self._compiled = tuple(
            _CompiledRule(rule=r, patterns=_compile(r.patterns), cues=_compile(r.cues)) for r in rules.rules
        )

    def check(self, text: str) -> list[Suggestion]:
        """All suggestions for `text`, sorted by start (then end, then rule id).

        Raises TypeError if `text` is not a str.
        """
        scanned = self._prepare(text)
        found: list[Suggestion] = []
        for compiled in self._compiled:
            found.extend(self._apply(compiled, text, scanned))
        return sorted(found, key=lambda s: (s.start, s.end, s.rule_id))

    def check_rule(self, rule_id: str, text: str) -> list[Suggestion]:
        """Suggestions from one rule only, sorted by start.

        Raises KeyError if there is no rule with this id; TypeError if `text` is not a str.
        """
        scanned = self._prepare(text)
        for compiled in self._compiled:
            if compiled.rule.id == rule_id:
                return self._apply(compiled, text, scanned)
        raise KeyError(f"no phrasing rule with id {rule_id!r}")

    def has_identifying(self, text: str) -> list[Suggestion]:
        """The suggestions that point at identifying details (empty when there are none)."""
        return [s for s in self.check(text) if s.identifying]

    @staticmethod
    def _prepare(text: str) -> str:
        if not isinstance(text, str):
            raise TypeError(f"the phrasing guide reads text (str), not {type(text).__name__}")
        return text[:MAX_SCAN_CHARS].translate(_NORMALISE)

    def _apply(self, compiled: _CompiledRule, text: str, scanned: str) -> list[Suggestion]:
        rule = compiled.rule
        if rule.kind == "missing_coping":
            return self._missing_coping(compiled, text, scanned)
        spans = sorted(
            span
            for pattern in compiled.patterns
            for span in (_span(m) for m in _first_matches(pattern, scanned))
            if span[1] > span[0]
        )
        return [
            _suggestion(rule, text, start, end)
            for start, end in _merge(spans)[:MAX_MATCHES_PER_RULE]
        ]

    @staticmethod
    def _missing_coping(compiled: _CompiledRule, text: str, scanned: str) -> list[Suggestion]:
        rule = compiled.rule
        if len(text) > MAX_SCAN_CHARS:
            return []
        if _count_words(scanned, rule.min_words) < rule.min_words:
            return []
        is_difficulty = not compiled.patterns or any(p.search(scanned) for p in compiled.patterns)
        has_coping = any(c.search(scanned) for c in compiled.cues)
        if not is_difficulty or has_coping:
            return []
        return [_suggestion(rule, text, 0, len(text))]


def _first_matches(pattern: re.Pattern[str], text: str) -> list[re.Match[str]]:
    matches = []
    for match in pattern.finditer(text):
        matches.append(match)
        if len(matches) >= MAX_MATCHES_PER_RULE:
            break
    return matches


def _span(match: re.Match[str]) -> tuple[int, int]:
    """The part to point at: the `detail` group when the pattern has one (so context words
    such as "goes to" or "NHS number" are not underlined), else the whole match."""
    if "detail" in match.re.groupindex and match.start("detail") >= 0:
        return match.span("detail")
    return match.span()


def _count_words(text: str, enough: int) -> int:
    count = 0
    for _ in _WORD.finditer(text):
        count += 1
        if count >= enough:
            break
    return count


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Join overlapping spans so one phrase gets one suggestion per rule."""
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _suggestion(rule: PhrasingRule, text: str, start: int, end: int) -> Suggestion:
    return Suggestion(
        rule_id=rule.id,
        title=rule.title,
        start=start,
        end=end,
        matched_text=text[start:end],
        suggestion=rule.suggestion,
        explanation=rule.explanation,
        identifying=rule.kind == "identifying",
    )


def cli_main(stdin: TextIO, stdout: TextIO, guide: PhrasingGuide) -> int:
    """Read text from `stdin`; write one JSON object per suggestion, one per line.

    Each line is {"rule": id, "start": s, "end": e, "suggestion": "..."} (ASCII-escaped, so
    any terminal encoding copes). Returns 0: suggestions are advice, not failures.
    """
    for suggestion in guide.check(stdin.read()):
        record = {
            "rule": suggestion.rule_id,
            "start": suggestion.start,
            "end": suggestion.end,
            "suggestion": suggestion.suggestion,
        }
        stdout.write(json.dumps(record) + "\n")
    return 0
