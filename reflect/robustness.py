"""Label-keeping variants of corpus sentences, after CheckList (Ribeiro et al., ACL 2020).

Practitioners type fast, in lower case, in reported speech, on a phone. Each corpus sentence
yields variants that a reader would give the same label, and the share of variants on which
the phrasing guide still gives exactly the sentence's label is its robustness:

- `lower`: all in lower case;
- `typo`: two letters swapped in a word the rules did not point at;
- `adverb`: "really" put before the main verb (or "honestly," before the sentence);
- `person`: he and she, his and her, mum and dad, brother and sister ... swapped;
- `tense`: told as reported speech with the verbs moved back a tense ("I'm" -> "I told her I
  was"), only for sentences whose label does not hang on the time (not for too_raw,
  writer_not_coping, missing_coping);
- `reported`: "I said " before the sentence;
- `textspeak`: you -> u, your -> ur, I'm -> im, don't -> dont, to be honest -> tbh ...

Every variant is made the same way each run (no randomness), so figures can be compared.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reflect.phrasing import LabelledSentence, PhrasingGuide

# Long answers built to make a careless pattern backtrack: each repeats the start of what a rule
# looks for to the length of a long answer. The tests check each is read to the end; the bench
# times them.
LONG_ADVERSARIAL_TEXTS = {
    "letters": "a" * 100_000,
    "digits": "0 " * 50_000,
    "capitals": "Aaa " * 25_000,
    "at-signs": "x@" * 50_000,
    "school-ish": "St Mary " * 12_500,
    "phrase-ish": "I know what you " * 6_000,
    "address-ish": "1 Aa Bb Cc " * 10_000,
    "difficulty": "hard " * 20_000,
}

KINDS = ("lower", "typo", "adverb", "person", "tense", "reported", "textspeak")
TIME_BOUND = frozenset({"too_raw", "writer_not_coping", "missing_coping"})

_SWAPS = {
    "he": "she", "she": "he", "him": "her", "his": "her", "her": "his", "himself": "herself", "herself": "himself",
    "mum": "dad", "dad": "mum", "mother": "father", "father": "mother", "brother": "sister", "sister": "brother",
    "son": "daughter", "daughter": "son", "husband": "wife", "wife": "husband", "boyfriend": "girlfriend",
    "girlfriend": "boyfriend", "man": "woman", "woman": "man", "men": "women", "women": "men", "lad": "lass",
    "uncle": "aunt", "aunt": "uncle", "nan": "grandad", "grandad": "nan",
}
_TEXT_SPEAK = (
    (r"\byou're\b", "ur"), (r"\byou've\b", "youve"), (r"\byou'll\b", "youll"), (r"\byou\b", "u"), (r"\byour\b", "ur"), (r"\bI'm\b", "im"), (r"\bdon't\b", "dont"), (r"\bcan't\b", "cant"),
    (r"\bI've\b", "ive"), (r"\bare\b", "r"), (r"\bbecause\b", "cos"), (r"\bpeople\b", "ppl"), (r"\bto be honest\b", "tbh"),
    (r"\bthat's\b", "thats"), (r"\bdidn't\b", "didnt"), (r"\bwith\b", "w/"),
)
_BACKSHIFT = (
    (r"\b(it|that|he|she)'s been\b", r"\1 had been"),
    (r"\bI'm\b", "I was"), (r"\bI am\b", "I was"), (r"\byou're\b", "you were"), (r"\byou are\b", "you were"),
    (r"\bwe're\b", "we were"), (r"\bthey're\b", "they were"), (r"\bit's\b", "it was"), (r"\bthat's\b", "that was"),
    (r"\bis\b", "was"), (r"\bare\b", "were"), (r"\bwill\b", "would"), (r"'ll\b", "'d"), (r"\bcan\b", "could"),
    (r"\bcan't\b", "couldn't"), (r"\bdon't\b", "didn't"), (r"\bdoesn't\b", "didn't"), (r"\bwon't\b", "wouldn't"),
    (r"\bhave\b", "had"), (r"'ve\b", "'d"), (r"\bhas\b", "had"), (r"\bisn't\b", "wasn't"), (r"\baren't\b", "weren't"),
)


@dataclass(frozen=True)
class Variant:
    kind: str
    text: str


def variants(sentence: LabelledSentence, guide: PhrasingGuide, vocabulary: frozenset[str] | None = None) -> list[Variant]:
    """The label-keeping variants of one corpus sentence (some kinds don't apply to every one)."""
    text = sentence.text
    found = [(s.start, s.end) for s in guide.check(text)]
    made = [
        Variant("lower", text.lower()),
        _typo(text, found, vocabulary if vocabulary is not None else rule_vocabulary(guide)),
        _adverb(text, guide),
        _person(text),
        None if sentence.rules & TIME_BOUND else _tense(text),
        Variant("reported", "I said " + _lower_first(text)),
        _text_speak(text),
    ]
    return [v for v in made if v is not None and v.text != text]


def _lower_first(text: str) -> str:
    first = text.split(" ", 1)[0]
    if first in ("I", "I'm", "I've", "I'd", "I'll") or first.isupper() and len(first) > 1:
        return text
    return text[:1].lower() + text[1:]


def _typo(text: str, found: list[tuple[int, int]], vocabulary: frozenset[str]) -> Variant | None:
    """Two letters swapped in a lower-case word of six letters or more that the rules neither
    pointed at nor read (a typo in a word a rule turns on is a different test: CheckList's
    typos go where they should not change the answer)."""
    words = [
        m for m in re.finditer(r"\b[a-z]{6,}\b", text)
        if not any(m.start() < b and a < m.end() for a, b in found)
        and not any(m.group().startswith(stem) for stem in vocabulary)
    ]
    if not words:
        return None
    word = words[zlib.crc32(text.encode()) % len(words)]
    i = word.start() + 2
    return Variant("typo", text[:i] + text[i + 1] + text[i] + text[i + 2 :])


def rule_vocabulary(guide: PhrasingGuide) -> frozenset[str]:
    """The word stems the rules' patterns and cues are written with (four letters or more),
    leaving out the words a pattern only rules out (`(?!...)`, `(?<!...)`: "at the local
    college" is not a school's name), which a rule does not turn on."""
    stems = set()
    for rule in guide.rules.rules:
        for pattern in (*rule.patterns, *rule.cues):
            stems.update(w.lower() for w in re.findall(r"[A-Za-z]{4,}", _without_exclusions(pattern)))
    return frozenset(stems)


def _without_exclusions(pattern: str) -> str:
    """`pattern` without its negative lookarounds (their brackets balanced, escapes skipped)."""
    out, i = [], 0
    while i < len(pattern):
        if pattern[i] == "\\":
            out.append(pattern[i : i + 2])
            i += 2
            continue
        if pattern.startswith("(?!", i) or pattern.startswith("(?<!", i):
            depth, j = 0, i
            while j < len(pattern):
                if pattern[j] == "\\":
                    j += 2
                    continue
                depth += pattern[j] == "("
                depth -= pattern[j] == ")"
                j += 1
                if depth == 0:
                    break
            i = j
            continue
        out.append(pattern[i])
        i += 1
    return "".join(out)


def _adverb(text: str, guide: PhrasingGuide) -> Variant | None:
    doc = guide.read(text).doc
    if doc is None:
        return None
    verb = next(
        (t for t in doc if t.pos_ == "VERB" and t.i > 0 and t.dep_ not in ("amod", "compound") and text[t.idx - 1 : t.idx] == " "),
        None,
    )
    if verb is None or verb.idx >= len(text) or text[verb.idx : verb.idx + len(verb)] != verb.text:
        return Variant("adverb", "Honestly, " + _lower_first(text))
    return Variant("adverb", text[: verb.idx] + "really " + text[verb.idx :])


_OBJECT_HER = re.compile(
    r"(?: (?:on|to|at|in|and|about|that|off|up|out|back|a|an|the|with|for|when|if|so|because|my|your|our|their|his|"
    r"i|we|you|he|she|they|it|what|how|this|not|too|again|all|everything|something|nothing|there|home|later)\b|[,.!?;:]|$)",
    re.IGNORECASE,
)


def _person(text: str) -> Variant | None:
    """He and she swapped, with the words that go with them ("her" is "him" as an object,
    "his" before a noun)."""

    def swap(match: re.Match[str]) -> str:
        word = match.group()
        if word.lower() == "her":
            new = "him" if _OBJECT_HER.match(text, match.end()) else "his"
        else:
            new = _SWAPS.get(word.lower())
            if new is None:
                return word  # a letter that only folds to one ("İ" matches "i" without case)
        return new.capitalize() if word[0].isupper() else new

    new = re.sub(r"\b(?:" + "|".join(_SWAPS) + r")\b", swap, text, flags=re.IGNORECASE)
    return Variant("person", new) if new != text else None


def _tense(text: str) -> Variant | None:
    shifted = text
    for old, new in _BACKSHIFT:
        shifted = re.sub(old, new, shifted)
    if shifted == text:
        return None
    if re.match(r"I (?:said|told)\b", shifted):
        return Variant("tense", shifted)
    return Variant("tense", "I told her " + _lower_first(shifted))


def _text_speak(text: str) -> Variant | None:
    new = text
    for old, short in _TEXT_SPEAK:
        new = re.sub(old, short, new, flags=re.IGNORECASE)
    return Variant("textspeak", new) if new != text else None


@dataclass(frozen=True)
class Robustness:
    """How many variants kept their sentence's label, overall and by kind."""

    variants: int
    kept: int
    by_kind: dict[str, tuple[int, int]]  # kind -> (variants, kept)
    broken: tuple[tuple[LabelledSentence, Variant, frozenset[str]], ...]

    @property
    def share(self) -> float:
        return self.kept / self.variants if self.variants else 1.0

    def as_dict(self) -> dict[str, object]:
        return {
            "variants": self.variants,
            "kept": self.kept,
            "share": round(self.share, 4),
            "by_kind": {k: {"variants": n, "kept": kept} for k, (n, kept) in sorted(self.by_kind.items())},
        }


def measure(guide: PhrasingGuide, sentences: list[LabelledSentence], *, ignore: frozenset[str] = frozenset()) -> Robustness:
    """Check every variant of every sentence: a variant keeps its label when the rules that
    fire on it (less those in `ignore`) are exactly the sentence's labels."""
    by_kind: dict[str, list[int]] = {}
    broken = []
    vocabulary = rule_vocabulary(guide)
    for sentence in sentences:
        for variant in variants(sentence, guide, vocabulary):
            fired = frozenset(s.rule_id for s in guide.check(variant.text)) - ignore
            counts = by_kind.setdefault(variant.kind, [0, 0])
            counts[0] += 1
            if fired == sentence.rules - ignore:
                counts[1] += 1
            else:
                broken.append((sentence, variant, fired))
    total = sum(c[0] for c in by_kind.values())
    kept = sum(c[1] for c in by_kind.values())
    return Robustness(total, kept, {k: (c[0], c[1]) for k, c in by_kind.items()}, tuple(broken))


def format_robustness(result: Robustness, *, show_mistakes: bool = False) -> str:
    """One line with the share of variants that kept their label, by kind; then, if asked,
    each variant that did not."""
    kinds = ", ".join(f"{kind} {kept}/{n}" for kind, (n, kept) in sorted(result.by_kind.items()))
    lines = [f"Variants keeping their label: {result.kept} of {result.variants} ({result.share:.3f}); {kinds}."]
    if show_mistakes:
        for sentence, variant, fired in result.broken:
            expected = ",".join(sorted(sentence.rules)) or "-"
            got = ",".join(sorted(fired)) or "-"
            lines.append(f"line {sentence.line} {variant.kind}: expected {expected}; found {got}: {variant.text}")
    return "\n".join(lines) + "\n"
