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
Each text is read once per check by the language analyzer in `reflect.guard` (spaCy, offline):
text-speak is spelt out and intensifiers set aside (`reflect.language`), token rules match on
lemmas, parts of speech and dependencies (spaCy `Matcher` patterns in a rule's `tokens`), a
rule's `context` keeps only hits in the writer's own statements, outside questions, not
negated, and identifying rules may list `entities` (PERSON, PLACE, UK_NHS) found in the same
reading. Rules that list the check's `audience` in `quiet_for` stay quiet. Rules with `quiet_when` stay quiet when one of the
rules named there fires.
A rule may `include` another: its hits are the rule's too (too_raw includes writer_not_coping).
A rule's `together` pairs write an idea of two parts once: a hit of the first pattern counts
only when its sentence also holds the second, in any order ("talked about my divorce" with "for
most of the session"; a blade with "my arms"; "struggling" with "at the moment").
A missing_coping story has its way forward when a cue says so or when it turns ("..., but my
sister took me in": after but, until or once, a part with no difficulty and nothing negated).
A cue that tells of no coping does not count: one hung on "stop", "try" or "pretend" ("stopped
talking to anyone", "everyone who tried to help"), a harmful way of getting by ("drinking to
cope"), or harm begun ("started drinking").
What the writer said to the person ("I said my anxiety's been through the roof") is the
writer's own telling: a rule of the writer's own state reads the clause under a sentence's
opening "I said" or "I told her" without the frame (`said_as_mine`).
A pattern is passed over when the text lacks the plain text it needs (`reflect.required_text`).
A pattern may name a group `detail`; the suggestion then covers just that group (e.g. the
school's name in "goes to Oakfield School", not the words "goes to").
Beside the rules reads a second reader (`reflect.phrasing_model`, a small trained classifier):
on a sentence where no rule of wording fired, it may find one of those rules' ideas in words no
rule was written for; what it finds is shown as that rule's suggestion. The rules' hits and
its sentences are set aside by one reading of a rule's `context` (`reflect.set_aside`).
Curly quotes and non-breaking spaces are mapped one-for-one to plain ones before matching,
so the offsets in each `Suggestion` are offsets into the text as given.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Callable, TextIO

from reflect import guard, phrasing_model
from reflect.language import Mapped, fold, holds_in_sentence, is_negated, merge_spans, is_past, reduce, root_of, spell_out
from reflect.reported_speech import present, said_as_mine, writers_frames
from reflect.language import theirs, tells_of_no_coping, turns
from reflect.hard_story_shapes import only_named, told_of_then
from reflect.known_shapes import sounds_so
from reflect.done_to_me_shapes import DONE_TO_WRITER, told_as_a_run
from reflect.way_through_shapes import found_a_way
from reflect.failed_way_shapes import tried_and_failed
from reflect.set_aside import set_aside
from reflect.mention_shapes import mentioned
from reflect.language_shapes import WHOLE_STORY_SHAPES, returns_to_person, voiced_by_other
from reflect.shapes import SHAPES
from reflect.phrasing_corpus import CorpusError, Evaluation, LabelledSentence, RuleScore, evaluate, format_evaluation, read_corpus  # noqa: F401
from reflect.phrasing_model import PhrasingModel
from reflect.phrasing_rules import PhrasingRule, PhrasingRuleSet
from reflect.required_text import first_matches, remember_required_text

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from reflect.guard import Analyzer, Entity

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
_FRAME = re.compile(r"^\s*I (?:said|told (?:her|him|them|you))(?: that)?\s+", re.IGNORECASE)
_NEGATIVE = re.compile(r"n't|\b(?:not|never|no|cannot)\b", re.IGNORECASE)


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
    allow: frozenset[str]
    together: tuple[tuple[re.Pattern[str], re.Pattern[str]], ...] = ()


def _compile(patterns: tuple[str, ...]) -> tuple[re.Pattern[str], ...]:
    compiled = tuple(re.compile(p, re.IGNORECASE) for p in patterns)
    for pattern in compiled:
        remember_required_text(pattern)
    return compiled


def _words(words: tuple[str, ...]) -> tuple[re.Pattern[str], ...]:
    """One case-sensitive pattern for a list of capitalised words (whole words only)."""
    if not words:
        return ()
    alternatives = "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))
    return (re.compile(rf"(?<![\w'-])(?:{alternatives})(?![\w-])"),)


@dataclass(frozen=True)
class _Reading:
    """One text as the rules see it: spelt out, reduced, and read by the language pipeline."""

    text: str  # the text as given
    read: Mapped  # text-speak spelt out; offsets into `text`
    reduced: Mapped  # `read` without intensifiers; offsets into `read.text`
    present: Mapped  # `reduced` with reported speech moved back to the present; offsets into `read.text`
    doc: Doc | None  # the reading of `read.text`

    def original(self, start: int, end: int) -> tuple[int, int]:
        return self.read.original(start, end)


class PhrasingGuide:
    """Checks text against a validated `PhrasingRuleSet`.

    `analyzer` reads the text (lemmas, parts of speech, dependencies, entities) for rules that
    match on language and finds the entities that identifying rules list; by default the
    process's analyzer (loaded once; `reflect.guard.GuardUnavailable` if its pipeline is missing).
    With `language=False` the text is not read at all: the patterns alone run, with no entities,
    token patterns or context (used to measure the patterns on their own).
    `model` is the second reader beside the rules (`reflect.phrasing_model`): by default the
    shipped one, for the rules it was trained for; None for the rules alone.
    """

    def __init__(
        self, rules: PhrasingRuleSet, analyzer: Analyzer | None = None, *, language: bool = True,
        model: PhrasingModel | None | str = "shipped",
    ) -> None:
        self.rules = rules
        self._model = phrasing_model.model() if model == "shipped" else model
        if not language:
            self._model = None
        self._compiled = tuple(
            _CompiledRule(
                rule=r,
                patterns=_compile(r.patterns) + _words(r.words),
                cues=_compile(r.cues),
                allow=frozenset(_plain(w) for w in r.allow),
                together=tuple(zip(_compile(tuple(a for a, _ in r.together)), (re.compile(b, re.IGNORECASE) for _, b in r.together))),
            )
            for r in rules.rules
        )
        self._by_id = {c.rule.id: c for c in self._compiled}
        self._allow_all = frozenset(w for c in self._compiled if c.rule.kind == "identifying" for w in c.allow)
        self._matchers = {}
        if not language:
            self._analyzer = None
            return
        if analyzer is None:
            analyzer = guard.analyzer()
        self._analyzer = analyzer
        from spacy.matcher import Matcher

        for r in rules.rules:
            if r.tokens:
                matcher = Matcher(analyzer.nlp.vocab)
                matcher.add(r.id, [list(p) for p in r.tokens])
                self._matchers[r.id] = matcher

    def check(self, text: str, *, allow_names: tuple[str, ...] = (), audience: str | None = None) -> list[Suggestion]:
        """All suggestions for `text`, sorted by start (then end, then rule id).

        `allow_names` are names that are fine here (a person's own name in their own
        biography, the pair's names in supervision notes): first names, surnames or full
        names, in any case. `audience` is the option id of who the words are for (e.g.
        "supervisor_manager"); rules that list it in `quiet_for` stay quiet. Raises TypeError
        if `text` is not a str.
        """
        compiled = tuple(c for c in self._compiled if audience is None or audience not in c.rule.quiet_for)
        reading = self.read(text, wording=any(c.rule.kind != "identifying" for c in compiled))
        found = self._run(text, compiled, allow_names, reading)
        # The writer's own state, said to the person ("I said my anxiety's been through the roof"):
        # those rules (and the rules that quieten them) read the clause without its frame.
        own_state = {c.rule.id for c in compiled if not c.rule.read_reported}
        frames = writers_frames(reading.doc) if reading.doc is not None and own_state else []
        if not frames:
            return found
        quieting = {q for c in compiled if c.rule.id in own_state for q in c.rule.quiet_when}
        clause_rules = tuple(c for c in compiled if c.rule.id in own_state | quieting)
        clause = self._run(text, clause_rules, allow_names, self.read(text, without=frames))
        return said_as_mine(found, clause, {c.rule.id: c.rule for c in compiled})

    def check_rule(self, rule_id: str, text: str) -> list[Suggestion]:
        """Suggestions from one rule only, sorted by start.

        Raises KeyError if there is no rule with this id; TypeError if `text` is not a str.
        """
        wanted = next((c for c in self._compiled if c.rule.id == rule_id), None)
        if wanted is None:
            raise KeyError(f"no phrasing rule with id {rule_id!r}")
        quieting = tuple(c for c in self._compiled if c.rule.id in wanted.rule.quiet_when)
        return [s for s in self._run(text, (wanted, *quieting), ()) if s.rule_id == rule_id]

    def has_identifying(self, text: str, *, allow_names: tuple[str, ...] = ()) -> list[Suggestion]:
        """The suggestions that point at identifying details (empty when there are none)."""
        identifying = tuple(c for c in self._compiled if c.rule.kind == "identifying")
        return self._run(text, identifying, allow_names)

    def read(self, text: str, *, wording: bool = True, without: list[tuple[int, int]] | None = None) -> _Reading:
        """The reading the rules see. Without `wording` (identifying details only, which
        don't hang on emphasis or tense) no reduced or present-tense copy is made. `without`:
        spans of the spelt-out text left out of the reading (the writer's "I said" frames)."""
        scanned = self._prepare(text)
        read = spell_out(fold(scanned))
        if without:
            read = read.replace([(a, b, "") for a, b in without])
        # Identifying details don't hang on lemmas: without wording the lighter reading does.
        doc = self._analyzer.read(read.text, lemmas=wording) if self._analyzer is not None and read.text.strip() else None
        if not wording:
            same = Mapped.identity(read.text)
            return _Reading(text, read, same, same, doc)
        reduced = reduce(Mapped.identity(read.text), doc) if doc is not None else Mapped.identity(read.text)
        return _Reading(text, read, reduced, present(reduced), doc)

    def _run(self, text: str, compiled: tuple[_CompiledRule, ...], allow_names: tuple[str, ...], reading: _Reading | None = None) -> list[Suggestion]:
        if reading is None:
            reading = self.read(text, wording=any(c.rule.kind != "identifying" for c in compiled))
        allowed = _allowed_words(allow_names)
        by_rule: dict[str, list[tuple[int, int]]] = {}
        applied: dict[str, list[tuple[int, int]]] = {}

        def hits(rule: _CompiledRule) -> list[tuple[int, int]]:
            if rule.rule.id not in applied:
                applied[rule.rule.id] = self._apply(rule, reading)
            return applied[rule.rule.id]

        for rule_id, spans in self._learned(reading, compiled, hits).items():
            applied[rule_id] = merge_spans(sorted(set(hits(self._by_id[rule_id]) + spans)))
        for rule in compiled:
            spans = list(hits(rule))
            for other in rule.rule.includes:
                spans += hits(self._by_id[other])
            if spans:
                by_rule[rule.rule.id] = merge_spans(sorted(set(spans)))[:MAX_MATCHES_PER_RULE]
        # An entity inside another identifying detail (the "Mill" of "7 Mill Lane", an
        # e-mail's "jo.bloggs") is that detail, already found, not a second one.
        taken = [span for c in compiled if c.rule.kind == "identifying" for span in by_rule.get(c.rule.id, [])]
        for rule in compiled:
            if not rule.rule.entities:
                continue
            own = by_rule.get(rule.rule.id, [])
            others = [span for span in taken if span not in set(own)]
            entities = self._entities(reading, rule)
            # An entity that holds another rule's hit whole (the place "Thornton Dale" round the name
            # "Dale") is the larger detail, and stays.
            fresh = [e for e in entities if not any(e.start < b and a < e.end and not _strictly_within((a, b), (e.start, e.end)) for a, b in others)]
            own = [s for s in own if not any(a <= s[0] and s[1] <= b for a, b in others)]
            spans = _with_entities(rule, text, own, fresh, allowed)
            if spans:
                by_rule[rule.rule.id] = spans
            else:
                by_rule.pop(rule.rule.id, None)
        # A name or a place inside another identifying detail found in context (the "Dale" of
        # "in Thornton Dale", the "Sam" of a channel "slow steps with Sam") is that detail.
        identifying_spans = [(c.rule.id, span) for c in compiled if c.rule.kind == "identifying" for span in by_rule.get(c.rule.id, [])]
        for rule in compiled:
            if rule.rule.kind == "identifying" and rule.rule.id in by_rule:
                kept = [
                    span for span in by_rule[rule.rule.id]
                    if not any(other != rule.rule.id and _strictly_within(span, outer) for other, outer in identifying_spans)
                ]
                if kept:
                    by_rule[rule.rule.id] = kept
                else:
                    by_rule.pop(rule.rule.id)
        if allowed:  # a pattern hit that is only an allowed name (e.g. "called Sam") is fine too
            for rule in compiled:
                if rule.rule.kind == "identifying" and rule.rule.id in by_rule:
                    by_rule[rule.rule.id] = [(a, b) for a, b in by_rule[rule.rule.id] if not _only_allowed(text[a:b], allowed)]
        found = [
            _suggestion(rule.rule, text, start, end)
            for rule in compiled
            if not any(by_rule.get(other) for other in rule.rule.quiet_when)
            for start, end in by_rule.get(rule.rule.id, [])
        ]
        return sorted(found, key=lambda s: (s.start, s.end, s.rule_id))

    def _learned(
        self, reading: _Reading, compiled: tuple[_CompiledRule, ...], hits: Callable[[_CompiledRule], list[tuple[int, int]]]
    ) -> dict[str, list[tuple[int, int]]]:
        """The second reader's spans, by rule, in offsets of the text as given: sentences like
        the rule's examples in wording no rule was written for. It fills the gaps the rules
        leave: a sentence on which a rule of wording already fired is the rules' to read. Its
        sentences are set aside by the rule's `context` as the rules' hits are (`reflect.set_aside`)."""
        if self._model is None or reading.doc is None:
            return {}
        wanted = frozenset(c.rule.id for c in compiled if c.rule.kind == "pattern") & frozenset(self._model.rules)
        if not wanted:
            return {}
        spoken = [span for c in self._compiled if c.rule.kind == "pattern" for span in hits(c)]
        found: dict[str, list[tuple[int, int]]] = {}
        wording: dict[str, list[tuple[int, int]]] = {}  # each rule's own wording, read once
        for hit in self._model.hits(reading.doc, wanted):
            rule = self._by_id[hit.rule].rule
            if set_aside(rule, reading.doc, hit.start, hit.end, sentence=True):
                continue
            # The rule's own wording denied, or in a client's words ("she worries she's making a fuss"): the reader lets it be.
            if {"own", "writer", "affirmed"} & set(rule.context) and self._voiced_wording(self._by_id[hit.rule], reading, hit.start, hit.end, wording):
                continue
            start, end = reading.original(hit.start, hit.end)
            if end > start and not any(a < end and start < b for a, b in spoken):
                found.setdefault(hit.rule, []).append((start, end))
        return found

    def _entities(self, reading: _Reading, rule: _CompiledRule) -> list[Entity]:
        if reading.doc is None or self._analyzer is None:
            return []
        # Well-known places and services allowed by any identifying rule are neither a name nor a place.
        found = self._analyzer.find(reading.read.text, rule.rule.entities, doc=reading.doc, allow=rule.allow | self._allow_all)
        mapped = []
        for e in found:
            if e.score < rule.rule.min_score:
                continue
            start, end = reading.original(e.start, e.end)
            mapped.append(replace(e, start=start, end=end))
        return mapped

    @staticmethod
    def _prepare(text: str) -> str:
        if not isinstance(text, str):
            raise TypeError(f"the phrasing guide reads text (str), not {type(text).__name__}")
        return text[:MAX_SCAN_CHARS].translate(_NORMALISE)

    def _apply(self, compiled: _CompiledRule, reading: _Reading) -> list[tuple[int, int]]:
        """The rule's spans, in offsets of the text as given."""
        rule = compiled.rule
        if rule.kind == "missing_coping":
            return self._missing_coping(compiled, reading)
        spans = self._read_spans(compiled.patterns, reading, reported=rule.read_reported)
        for pattern, also in compiled.together:
            spans += [s for s in self._read_spans((pattern,), reading, reported=rule.read_reported) if holds_in_sentence(reading.doc, reading.read.text, reading.reduced, s, also)]
        spans = [span for span in spans if self._counts(rule, reading, *span)]
        matcher = self._matchers.get(rule.id)
        if matcher is not None and reading.doc is not None:
            for _, start, end in matcher(reading.doc)[: MAX_MATCHES_PER_RULE]:
                span = reading.doc[start:end]
                if self._counts(rule, reading, span.start_char, span.end_char):
                    spans.append((span.start_char, span.end_char))
        if reading.doc is not None:
            for shape in rule.shapes:
                spans += [span for span in SHAPES[shape](reading.doc) if self._counts(rule, reading, *span)]
        original = sorted(reading.original(a, b) for a, b in spans)
        return [span for span in merge_spans([s for s in original if s[1] > s[0]])[:MAX_MATCHES_PER_RULE]]

    @staticmethod
    def _read_spans(patterns: tuple[re.Pattern[str], ...], reading: _Reading, *, reported: bool) -> list[tuple[int, int]]:
        """Pattern matches in the spelt-out text, the reduced one and (when `reported`) the one
        with reported speech put back in the present, as offsets into the spelt-out text."""
        spans = []
        for pattern in patterns:
            spans += [_span(m) for m in first_matches(pattern, reading.read.text, MAX_MATCHES_PER_RULE)]
            if reading.reduced.text != reading.read.text:
                spans += [reading.reduced.original(*_span(m)) for m in first_matches(pattern, reading.reduced.text, MAX_MATCHES_PER_RULE)]
            if reported and reading.present.text != reading.reduced.text:
                spans += [reading.present.original(*_span(m)) for m in first_matches(pattern, reading.present.text, MAX_MATCHES_PER_RULE)]
        return [s for s in spans if s[1] > s[0]]

    @staticmethod
    def _counts(rule: PhrasingRule, reading: _Reading, start: int, end: int) -> bool:
        """Whether a hit at read-text offsets counts, given the rule's `context` (`reflect.set_aside`)."""
        return reading.doc is None or not set_aside(rule, reading.doc, start, end)

    def _voiced_wording(self, compiled: _CompiledRule, reading: _Reading, start: int, end: int, wording: dict[str, list[tuple[int, int]]]) -> bool:
        """The rule's own wording is between `start` and `end`, negated for a rule read where affirmed ("I'd never
        say [I know how you feel]"), or in a clause someone else said, thought or feared ("she worries [she's making
        a mountain out of a molehill]"; not what they only wanted: "he wanted to know my whole story"). `wording`
        keeps each rule's matches for this reading, so a long answer is scanned once a rule, not once a hit."""
        if compiled.rule.id not in wording:
            wording[compiled.rule.id] = self._read_spans(compiled.patterns, reading, reported=compiled.rule.read_reported)
        for a, b in wording[compiled.rule.id]:
            token = root_of(reading.doc, a, b) if start <= a and b <= end else None
            if token is not None and "affirmed" in compiled.rule.context and is_negated(token):
                return True
            if token is not None and "mentioned" in compiled.rule.context and mentioned(reading.doc, a, b):
                return True  # "saying you should do what i did can leave people feeling they failed"
            while token is not None and token.dep_ != "ccomp":
                token = None if token.head.i == token.i else token.head
            if token is not None and voiced_by_other(token):
                return True
        return False

    @staticmethod
    def _in_the_past(reading: _Reading, start: int, end: int) -> bool:
        if reading.doc is None:
            return True
        root = root_of(reading.doc, start, end)
        return root is None or is_past(root.sent) or told_of_then(root.sent)  # or set then, told in the present

    def _done_to_writer(self, rule: PhrasingRule, reading: _Reading) -> bool:
        """A hard part the writer's by its shape, whoever the clause's subject ("the school
        excluded me"): read by the rule's context but for `own`, told in the past."""
        if reading.doc is None or not DONE_TO_WRITER & set(rule.shapes):
            return False
        spans = [span for shape in rule.shapes if shape in DONE_TO_WRITER for span in SHAPES[shape](reading.doc)]
        if not spans:
            return False
        others = rule.model_copy(update={"context": tuple(c for c in rule.context if c != "own")})
        return any(not set_aside(others, reading.doc, a, b) and self._in_the_past(reading, a, b) for a, b in spans)

    def _missing_coping(self, compiled: _CompiledRule, reading: _Reading) -> list[tuple[int, int]]:
        rule, text, scanned = compiled.rule, reading.text, reading.read.text
        if len(text) > MAX_SCAN_CHARS:
            return []
        # A hard time that has lasted or never ended ("I've been struggling with this for
        # years", "I've never really got over it") is a whole story however short, and is told
        # in the present perfect.
        lasting = reading.doc is not None and any(
            self._counts(rule, reading, a, b)
            for shape in rule.shapes if shape in WHOLE_STORY_SHAPES
            for a, b in SHAPES[shape](reading.doc)
        )
        # Emphasis and a reporting frame ("I said ...") don't make a story longer.
        story = _FRAME.sub("", reading.reduced.text, count=1)
        words = _count_words(story, rule.min_words)
        # What others did to me is a story in fewer words ("the police took my statement and i never heard another word").
        done_to_me = words >= rule.min_words * 2 // 3 and reading.doc is not None and told_as_a_run(reading.doc) and self._done_to_writer(rule, reading)
        if not lasting and words < rule.min_words and not done_to_me:
            return []
        difficulties = self._read_spans(compiled.patterns, reading, reported=False)
        if reading.doc is not None:
            difficulties += [span for shape in rule.shapes if shape not in WHOLE_STORY_SHAPES for span in SHAPES[shape](reading.doc)]
        # A story is told in the past: "it's hard to know what to say" is no story of the writer's.
        is_difficulty = lasting or not compiled.patterns or any(
            self._counts(rule, reading, a, b) and self._in_the_past(reading, a, b) and not theirs(reading.doc, a, b)
            and not only_named(reading.doc, a, b) and not sounds_so(reading.doc, a, b)
            for a, b in difficulties
        ) or done_to_me or self._done_to_writer(rule, reading)
        if not is_difficulty:
            return []
        shaped = [span for shape in rule.shapes for span in SHAPES[shape](reading.doc)] if reading.doc is not None else []
        if turns(scanned, compiled.patterns, shaped):
            return []
        if reading.doc is not None and returns_to_person(reading.doc):
            return []  # "..., and wondered what would make it easier for him"
        if reading.doc is not None and found_a_way(reading.doc, difficulties):
            return []  # "what carried me was my sister's sofa", "the third time ... i finished it"
        texts = (scanned, reading.reduced.text) if reading.reduced.text != scanned else (scanned,)
        for cue in compiled.cues:
            for match in (m for t in texts for m in first_matches(cue, t, MAX_MATCHES_PER_RULE)):
                # "nothing helped" is no coping; a cue that is negative by design ("I don't
                # know what it was like for you") counts as it stands.
                at = match.span() if match.string is scanned else reading.reduced.original(*match.span())
                token = root_of(reading.doc, *at) if reading.doc is not None else None
                if token is None:
                    return []
                if tells_of_no_coping(token) or tried_and_failed(token):
                    continue  # "stopped talking to anyone", "tried to help", "the therapy made it worse"
                if _NEGATIVE.search(match.group()) or not is_negated(token):
                    return []
        return [(0, len(text))]


def _allowed_words(names: tuple[str, ...]) -> frozenset[str]:
    """Each allowed name whole, and each of its words: "Sam Jones" allows "Sam", "Jones" and both."""
    words = set()
    for name in names:
        if name.strip():
            words.add(_plain(name))
            words.update(_plain(part) for part in name.split() if _plain(part))
    return frozenset(words)


def _only_allowed(part: str, allowed: frozenset[str]) -> bool:
    words = [_plain(w) for w in part.split() if _plain(w)]
    return bool(words) and (_plain(part) in allowed or all(w in allowed for w in words))


def _plain(word: str) -> str:
    word = word.strip().strip(".,;:!?\"'()").lower()
    return word[:-2] if word.endswith("'s") else word


def _strictly_within(inner: tuple[int, int], outer: tuple[int, int]) -> bool:
    """`inner` lies inside `outer` and is shorter: the smaller part of a larger detail."""
    return outer[0] <= inner[0] and inner[1] <= outer[1] and (inner[1] - inner[0]) < (outer[1] - outer[0])


def _with_entities(
    compiled: _CompiledRule, text: str, spans: list[tuple[int, int]], entities: list[Entity], allowed: frozenset[str]
) -> list[tuple[int, int]]:
    """The rule's pattern hits joined with the analyzer's entities of the rule's kinds."""
    spans = list(spans)
    for entity in entities:
        if entity.kind not in compiled.rule.entities:
            continue
        part = text[entity.start : entity.end]
        if _plain(part) in compiled.allow or _only_allowed(part, allowed):
            continue
        spans.append((entity.start, entity.end))
    return merge_spans(sorted(spans))[:MAX_MATCHES_PER_RULE]


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


def lines_main(stdin: TextIO, stdout: TextIO, guide: PhrasingGuide) -> int:
    """Read one text per line from `stdin`; for each write one JSON object on a line of its
    own, {"flagged": true|false, "rules": [ids of the rules that fired, sorted]}. The language
    pipeline is loaded once, with the guide. Returns 0."""
    for line in stdin:
        text = line.rstrip("\n")
        rules = sorted({s.rule_id for s in guide.check(text)})
        stdout.write(json.dumps({"flagged": bool(rules), "rules": rules}) + "\n")
        stdout.flush()
    return 0
