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
  writer_not_coping, missing_coping). Only a verb that carries the clause's present tense moves
  back ("you'll have it" -> "you'd have it", not "you'd had it"; "can't" -> "couldn't"; an
  order, "don't bother", stays as it is); a sentence that already opens on a verb of saying
  ("I told her ...", "said to him ...", "she said ...") keeps its own frame rather than being
  given a second, and words in quotation marks are left as they were said;
- `reported`: "I said " before the sentence, unless it already opens on a verb of saying (a
  second frame would change who is speaking, "I said she said ...");
- `textspeak`: you -> u, your -> ur, I'm -> im, don't -> dont, to be honest -> tbh ...

Every variant is made the same way each run (no randomness), so figures can be compared.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Token

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
# Each word moves back only where it carries the clause's tense (`_finite`). A word is whole:
# no match inside a contraction ("can" in "can't", "have" in "haven't").
_BACKSHIFT = re.compile(
    r"\b(?:(?P<been>(?:it|that|he|she)'s been)|(?P<word>I'm|I am|you're|you are|we're|they're|it's|that's|is|are|will|can't|can|"
    r"don't|doesn't|won't|have|has|isn't|aren't)(?![\w'])|(?<=\w)(?P<clitic>'ll|'ve)(?![\w']))"
)
_BACK = {
    "I'm": "I was", "I am": "I was", "you're": "you were", "you are": "you were", "we're": "we were", "they're": "they were",
    "it's": "it was", "that's": "that was", "is": "was", "are": "were", "will": "would", "can": "could", "can't": "couldn't",
    "don't": "didn't", "doesn't": "didn't", "won't": "wouldn't", "have": "had", "has": "had", "isn't": "wasn't",
    "aren't": "weren't", "'ll": "'d", "'ve": "'d",
}
_NEGATED = frozenset({"can't", "don't", "doesn't", "won't", "isn't", "aren't"})
# Present tense, or a modal of the present: the tags of a word that carries its clause's tense.
_FINITE_TAGS = frozenset({"VBP", "VBZ", "MD"})
# The sentence opens on a verb of saying, the writer's or another's: "I told her ...", "said to
# him ...", "she said ...", "my mum always says ...".
_OPENS_ON_SAYING = re.compile(
    r"^\W*(?:(?:i|we|you|she|he|they|my \w+)\s+)?(?:(?:just|then|also|even|always|kindly|gently)\s+)?"
    r"(?:said|says|say|told|tells|tell|reassured|explained|mentioned|admitted|suggested|warned|reminded|asked)\b",
    re.IGNORECASE,
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
        None if sentence.rules & TIME_BOUND else _tense(text, guide),
        None if opens_on_saying(text) else Variant("reported", "I said " + _lower_first(text)),
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


def opens_on_saying(text: str) -> bool:
    """The sentence already opens on a verb of saying ("I told her ...", "said to him ...",
    "she said ..."): a frame put before it would report a report."""
    return _OPENS_ON_SAYING.match(text) is not None


def _tense(text: str, guide: PhrasingGuide) -> Variant | None:
    """The sentence told as reported speech, its verbs moved back a tense. A word moves only
    where it carries its clause's present tense, by its part of speech: "have" after a modal
    ("you'll have it" -> "you'd have it") and an order ("don't bother") stay as they are;
    words in quotation marks are what was said, and stay too."""
    reading = guide.read(text)
    tags = {}
    if reading.doc is not None:
        for token in reading.doc:
            start, end = reading.original(token.idx, token.idx + len(token))
            if text[start:end] == token.text:
                tags[start] = token.tag_ if _has_subject(token) else "VB"  # an order: "don't bother"
    quoted = [m.span() for m in re.finditer(r'"[^"]*"', text)]

    def back(match: re.Match[str]) -> str:
        if any(a <= match.start() < b for a, b in quoted):
            return match.group()
        if match.group("been"):
            return match.group("been")[: -len("'s been")] + " had been"
        word = match.group("word") or match.group("clitic")
        # spaCy reads "I'm" as "I" + "'m" and "you are" as two words: the tense is on the verb's part.
        at = match.start() + (word.find(" ") + 1 if " " in word else word.find("'") if word.find("'") > 0 and word not in _NEGATED else 0)
        tag = tags.get(at)
        if tag is not None and tag not in _FINITE_TAGS:
            return match.group()
        return _BACK[word]

    shifted = _BACKSHIFT.sub(back, text)
    if shifted == text:
        return None
    if opens_on_saying(text):
        return Variant("tense", shifted)
    return Variant("tense", "I told her " + _lower_first(shifted))


def _has_subject(token: Token) -> bool:
    """The verb the word belongs to has a subject, or shares one ("... and have a dog")."""
    verb = token.head if token.dep_ in ("aux", "auxpass", "neg") else token
    return verb.dep_ == "conj" or any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in verb.children)


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
