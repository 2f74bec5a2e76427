"""Typed models for the question sets, register categories and phrasing rules in `prompts/`.

Every model is frozen and forbids unknown fields, so a typo in a data file is reported
instead of silently ignored. Validation errors that concern something below the model being
validated (a duplicate id deep inside a set, say) are raised as `SchemaError` carrying the
extra location, so the loader can name the exact question and field.

File formats (YAML, read with `yaml.safe_load`):

Question set (`kind`: preparation | in_the_moment | after_sharing | supervision)::

    id, version, kind, title, description?, source, sections: [Section]
    Section:  id, title, help?, questions: [Question]
    Question: id, type, text, help?, required (false), covers ([])
      free_text:       max_length (5000), phrasing (false), identifying_check (false)
      single_choice:   options: [Option]
      multiple_choice: options: [Option]  (an option with `exclusive: true` is "none of these")
      scale:           min, max, min_label, max_label
      comfort_grid:    rows, columns, levels: [Option]; follow_up: [Question] asked once per row
    Option:   id, label, help?, signal? (healthy | warning | neutral | not_today), exclusive, covers

`signal` feeds the quick-check summary (`summarise_quick_check`): any chosen `not_today`
option gives "not today", otherwise any `warning` gives "worth a pause", otherwise
"looks considered". `covers` lists short keys naming the points of the guidance that a
question or option addresses; the tests use them to prove every point is asked about.

Register categories (`kind: register_categories`)::

    id, version, kind, title, description?, source,
    categories: [{id, label, help?, has_level, examples, covers}],
    levels: [Option]       # e.g. language levels, used by categories with has_level
    visibility: [Option]   # who may see an entry (my team, the organisation)
    willing_to: [Option]   # what the person will do with it (offer, support colleagues, run a group)
    biography: [free_text Question]   # prompts for the "meet the team" leaflet
    consent_statement      # read out / confirmed before adding an entry for a person using the service

Phrasing rules (`kind: phrasing`)::

    id, version, kind, title, description?, source, rules: [PhrasingRule]
    PhrasingRule: id, title, kind (pattern | missing_coping | identifying), patterns, cues,
                  min_words (15), explanation, suggestion, examples: {match, no_match}

Patterns are Python regular expressions matched case-insensitively. To keep matching fast on
any input, a pattern may not nest one repeat inside another (`(a+)+`) nor use an unbounded
`.*` / `.+`; use a bounded gap such as `.{0,40}` instead.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Annotated, Any, Literal, Union

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

try:  # Python 3.11+: the regex parser lives here (private, so guarded).
    from re import _parser as _sre_parse  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - older Pythons
    import sre_parse as _sre_parse  # type: ignore[no-redef]


class SchemaError(ValueError):
    """A validation problem located below the model that found it.

    `loc` is appended to pydantic's location by the loader, e.g. ("sections", 1,
    "questions", 0, "id") for a duplicate question id found by the set-level check.
    """

    def __init__(self, message: str, *, loc: tuple[str | int, ...] = ()) -> None:
        super().__init__(message)
        self.loc = tuple(loc)


def _reject_yaml_booleans(value: Any) -> Any:
    # YAML 1.1 reads unquoted yes/no/on/off as booleans, a classic trap for option ids.
    if isinstance(value, bool):
        raise ValueError(
            "YAML read this as true/false (yes, no, on and off are booleans in YAML): "
            'put it in quotes, e.g. "yes"'
        )
    return value


Id = Annotated[
    str,
    BeforeValidator(_reject_yaml_booleans),
    StringConstraints(pattern=r"^[a-z0-9_]+$", min_length=1, max_length=64),
]
Text = Annotated[str, BeforeValidator(_reject_yaml_booleans), StringConstraints(min_length=1)]
CoverKey = Annotated[str, StringConstraints(pattern=r"^[a-z0-9_]+$", min_length=1)]

QUESTION_SET_KINDS = ("preparation", "in_the_moment", "after_sharing", "supervision")
QuestionSetKind = Literal["preparation", "in_the_moment", "after_sharing", "supervision"]
Signal = Literal["healthy", "warning", "neutral", "not_today"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _check_unique(ids: list[str], *, field: str, what: str) -> None:
    """Raise SchemaError naming the second use of any id in `ids`."""
    seen: set[str] = set()
    for index, item_id in enumerate(ids):
        if item_id in seen:
            raise SchemaError(f"duplicate {what} id '{item_id}'", loc=(field, index, "id"))
        seen.add(item_id)


class Option(_Model):
    """One choice in a choice question, a grid row/column/level, or a register list."""

    id: Id
    label: Text
    help: str | None = None
    signal: Signal | None = None
    exclusive: bool = False
    covers: tuple[CoverKey, ...] = ()
    # For a comfort-grid row: the kind of experience it is, as the id of an option of the
    # reflection set's category question, so themes count one label per kind.
    category: Id | None = None


class _QuestionBase(_Model):
    """`tag` marks the answer the app files entries by: who it was shared with (audience),
    what kind of experience (category), or how it went (outcome, a scale); in supervision
    notes, what was learned (learning), the supervisor's own experience
    (supervisor_experience), and the functions a session covered (functions).
    `asked_of` says which side of a supervision pair a supervision prompt is for."""

    id: Id
    text: Text
    help: str | None = None
    required: bool = False
    covers: tuple[CoverKey, ...] = ()
    tag: Literal["audience", "category", "outcome", "learning", "supervisor_experience", "functions"] | None = None
    asked_of: Literal["both", "supervisor", "supervisee"] = "both"


class FreeTextQuestion(_QuestionBase):
    """Free text. `phrasing` runs it through the phrasing guide; `identifying_check`
    means the app refuses to store identifying details of a person using the service."""

    type: Literal["free_text"]
    max_length: int = Field(default=5000, ge=1, le=100_000)
    phrasing: bool = False
    identifying_check: bool = False


class _ChoiceQuestion(_QuestionBase):
    options: tuple[Option, ...] = Field(min_length=2)

    @field_validator("options")
    @classmethod
    def _unique_options(cls, options: tuple[Option, ...]) -> tuple[Option, ...]:
        try:
            _check_unique([o.id for o in options], field="options", what="option")
        except SchemaError as error:
            raise SchemaError(str(error), loc=error.loc[1:]) from None
        return options

    def option(self, option_id: str) -> Option | None:
        """The option with this id, or None."""
        return next((o for o in self.options if o.id == option_id), None)


class SingleChoiceQuestion(_ChoiceQuestion):
    type: Literal["single_choice"]


class MultipleChoiceQuestion(_ChoiceQuestion):
    type: Literal["multiple_choice"]


class ScaleQuestion(_QuestionBase):
    type: Literal["scale"]
    min: int
    max: int
    min_label: Text
    max_label: Text

    @model_validator(mode="after")
    def _min_below_max(self) -> ScaleQuestion:
        if self.min >= self.max:
            raise SchemaError(f"min ({self.min}) must be less than max ({self.max})", loc=("max",))
        return self


FollowUpQuestion = Annotated[
    Union[FreeTextQuestion, SingleChoiceQuestion, MultipleChoiceQuestion, ScaleQuestion],
    Field(discriminator="type"),
]


class ComfortGridQuestion(_QuestionBase):
    """A grid: for each row (an experience) and column (an audience), pick a level.

    `follow_up` questions are asked once for each row the person would share with anyone;
    their ids must be unique within the whole set.
    """

    type: Literal["comfort_grid"]
    rows: tuple[Option, ...] = Field(min_length=1)
    columns: tuple[Option, ...] = Field(min_length=1)
    levels: tuple[Option, ...] = Field(min_length=2)
    follow_up: tuple[FollowUpQuestion, ...] = ()

    @model_validator(mode="after")
    def _unique_ids(self) -> ComfortGridQuestion:
        for field in ("rows", "columns", "levels"):
            _check_unique([o.id for o in getattr(self, field)], field=field, what=field[:-1])
        return self


Question = Annotated[
    Union[
        FreeTextQuestion,
        SingleChoiceQuestion,
        MultipleChoiceQuestion,
        ScaleQuestion,
        ComfortGridQuestion,
    ],
    Field(discriminator="type"),
]
QUESTION_TYPES = ("free_text", "single_choice", "multiple_choice", "scale", "comfort_grid")


class Section(_Model):
    id: Id
    title: Text
    help: str | None = None
    questions: tuple[Question, ...] = Field(min_length=1)


class QuestionSet(_Model):
    """A versioned set of questions for one flow."""

    id: Id
    version: int = Field(ge=1)
    kind: QuestionSetKind
    title: Text
    description: str | None = None
    source: Text
    sections: tuple[Section, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_ids(self) -> QuestionSet:
        _check_unique([s.id for s in self.sections], field="sections", what="section")
        seen: set[str] = set()
        for s_index, section in enumerate(self.sections):
            for q_index, question in enumerate(section.questions):
                inner = getattr(question, "follow_up", ())
                located = [((q_index, "id"), question.id)] + [
                    ((q_index, "follow_up", f_index, "id"), f.id) for f_index, f in enumerate(inner)
                ]
                for tail, question_id in located:
                    if question_id in seen:
                        loc = ("sections", s_index, "questions", *tail)
                        raise SchemaError(f"duplicate question id '{question_id}'", loc=loc)
                    seen.add(question_id)
        return self

    def questions(self) -> Iterator[Question]:
        """Every top-level question, section by section."""
        for section in self.sections:
            yield from section.questions

    def question(self, question_id: str) -> Question | FollowUpQuestion | None:
        """The question (or grid follow-up question) with this id, or None."""
        for question in self.questions():
            if question.id == question_id:
                return question
            for follow_up in getattr(question, "follow_up", ()):
                if follow_up.id == question_id:
                    return follow_up
        return None

    def tagged(self, tag: str) -> Question | None:
        """The first question carrying this tag, or None."""
        return next((q for q in self.questions() if q.tag == tag), None)

    def required_ids(self) -> list[str]:
        """Ids of the questions that must be answered."""
        return [q.id for q in self.questions() if q.required]


class RegisterCategory(_Model):
    id: Id
    label: Text
    help: str | None = None
    has_level: bool = False
    examples: tuple[str, ...] = ()
    covers: tuple[CoverKey, ...] = ()


class RegisterCategories(_Model):
    """The categories of the team "hidden talents" register and their choice lists."""

    id: Id
    version: int = Field(ge=1)
    kind: Literal["register_categories"]
    title: Text
    description: str | None = None
    source: Text
    categories: tuple[RegisterCategory, ...] = Field(min_length=1)
    levels: tuple[Option, ...] = ()
    visibility: tuple[Option, ...] = Field(min_length=1)
    willing_to: tuple[Option, ...] = Field(min_length=1)
    biography: tuple[FreeTextQuestion, ...] = ()
    consent_statement: Text

    @model_validator(mode="after")
    def _check(self) -> RegisterCategories:
        for field in ("categories", "levels", "visibility", "willing_to", "biography"):
            _check_unique([item.id for item in getattr(self, field)], field=field, what="item")
        if any(c.has_level for c in self.categories) and not self.levels:
            raise SchemaError("a category has has_level: true, so levels must be listed", loc=("levels",))
        return self

    def category(self, category_id: str) -> RegisterCategory | None:
        """The category with this id, or None."""
        return next((c for c in self.categories if c.id == category_id), None)


# --- phrasing rules -------------------------------------------------------------------

_UNBOUNDED = _sre_parse.MAXREPEAT
_REPEATS = (_sre_parse.MAX_REPEAT, _sre_parse.MIN_REPEAT, getattr(_sre_parse, "POSSESSIVE_REPEAT", None))


def _walk(parsed: Any) -> Iterator[tuple[Any, Any]]:
    """Yield every (opcode, argument) in a parsed pattern, depth first."""
    for op, arg in parsed:
        yield op, arg
        for child in _children(op, arg):
            yield from _walk(child)


def _children(op: Any, arg: Any) -> list[Any]:
    if op in _REPEATS:
        return [arg[2]]
    if op is _sre_parse.SUBPATTERN:
        return [arg[-1]]
    if op is _sre_parse.BRANCH:
        return list(arg[1])
    if op in (_sre_parse.ASSERT, _sre_parse.ASSERT_NOT):
        return [arg[1]]
    if op is _sre_parse.GROUPREF_EXISTS:
        return [branch for branch in arg[1:] if branch is not None]
    return []


def _slow_pattern_reason(pattern: str) -> str | None:
    """Why this pattern could backtrack badly, or None if it looks safe."""
    try:
        parsed = _sre_parse.parse(pattern, re.IGNORECASE)
    except Exception:  # compile() has already reported real syntax errors
        return None
    for op, arg in _walk(parsed):
        if op not in _REPEATS:
            continue
        low, high, body = arg
        if high is _UNBOUNDED and any(o is _sre_parse.ANY for o, _ in body):
            return "uses an unbounded .* or .+; use a bounded gap such as .{0,40}"
        for inner_op, inner_arg in _walk(body):
            if inner_op not in _REPEATS:
                continue
            inner_high = inner_arg[1]
            if (high is _UNBOUNDED and inner_high != 1 and inner_high != 0) or (
                high != 1 and inner_high is _UNBOUNDED
            ):
                return (
                    "nests a repeat inside a repeat (like (a+)+), which can make matching very "
                    "slow; bound the inner one, e.g. {1,20}"
                )
    return None


def _check_patterns(patterns: tuple[str, ...], field: str) -> None:
    for index, pattern in enumerate(patterns):
        try:
            re.compile(pattern, re.IGNORECASE)
        except re.error as error:
            raise SchemaError(f"{field} {index} {pattern!r} does not compile: {error}", loc=(index,)) from None
        reason = _slow_pattern_reason(pattern)
        if reason:
            raise SchemaError(f"{field} {index} {pattern!r} {reason}", loc=(index,))


class PhrasingExamples(_Model):
    match: tuple[str, ...] = Field(min_length=2)
    no_match: tuple[str, ...] = Field(min_length=2)


class PhrasingRule(_Model):
    """One thing the phrasing guide notices.

    kind `pattern` and `identifying`: fires on each match of any pattern (identifying rules
    also feed `has_identifying`). kind `missing_coping`: fires once, over the whole text, when
    the text has at least `min_words` words, matches one of `patterns` (signs of a difficulty;
    if none are listed any text counts) and matches none of `cues` (signs of coping or moving on).
    """

    id: Id
    title: Text
    kind: Literal["pattern", "missing_coping", "identifying"]
    patterns: tuple[str, ...] = ()
    cues: tuple[str, ...] = ()
    min_words: int = Field(default=15, ge=1)
    explanation: Text
    suggestion: Text
    examples: PhrasingExamples

    @field_validator("patterns", "cues")
    @classmethod
    def _compile(cls, value: tuple[str, ...], info: Any) -> tuple[str, ...]:
        _check_patterns(value, "pattern" if info.field_name == "patterns" else "cue")
        return value

    @model_validator(mode="after")
    def _kind_needs(self) -> PhrasingRule:
        if self.kind == "missing_coping" and not self.cues:
            raise SchemaError("a missing_coping rule needs at least one cue", loc=("cues",))
        if self.kind != "missing_coping" and not self.patterns:
            raise SchemaError(f"a {self.kind} rule needs at least one pattern", loc=("patterns",))
        if self.kind != "missing_coping" and self.cues:
            raise SchemaError("cues are only used by missing_coping rules", loc=("cues",))
        return self


class PhrasingRuleSet(_Model):
    id: Id
    version: int = Field(ge=1)
    kind: Literal["phrasing"]
    title: Text
    description: str | None = None
    source: Text
    rules: tuple[PhrasingRule, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_ids(self) -> PhrasingRuleSet:
        _check_unique([r.id for r in self.rules], field="rules", what="rule")
        return self

    def rule(self, rule_id: str) -> PhrasingRule | None:
        """The rule with this id, or None."""
        return next((r for r in self.rules if r.id == rule_id), None)


# --- quick-check summary ----------------------------------------------------------------

Verdict = Literal["looks_considered", "worth_a_pause", "not_today"]
VERDICT_LABELS: dict[str, str] = {
    "looks_considered": "Looks considered",
    "worth_a_pause": "Worth a pause",
    "not_today": "Not today",
}


@dataclass(frozen=True)
class QuickCheckSummary:
    """A calm summary of a quick check: a verdict and the person's own reasons.

    `for_sharing` holds the labels of chosen healthy options, `to_pause` those of chosen
    warning and not_today options, in question order.
    """

    verdict: Verdict
    for_sharing: tuple[str, ...]
    to_pause: tuple[str, ...]

    @property
    def label(self) -> str:
        return VERDICT_LABELS[self.verdict]


def summarise_quick_check(question_set: QuestionSet, answers: Mapping[str, Any]) -> QuickCheckSummary:
    """Summarise choice answers ({question id: option id or list of option ids}) by signal.

    Unknown question or option ids are ignored, so answers written against an older version
    of the set still summarise.
    """
    for_sharing: list[str] = []
    to_pause: list[str] = []
    signals: set[str] = set()
    for question in question_set.questions():
        if not isinstance(question, (SingleChoiceQuestion, MultipleChoiceQuestion)):
            continue
        chosen = answers.get(question.id)
        chosen_ids = [chosen] if isinstance(chosen, str) else list(chosen or ())
        for option_id in chosen_ids:
            option = question.option(option_id) if isinstance(option_id, str) else None
            if option is None or option.signal is None:
                continue
            signals.add(option.signal)
            if option.signal == "healthy":
                for_sharing.append(option.label)
            elif option.signal in ("warning", "not_today"):
                to_pause.append(option.label)
    verdict: Verdict = "looks_considered"
    if "not_today" in signals:
        verdict = "not_today"
    elif "warning" in signals:
        verdict = "worth_a_pause"
    return QuickCheckSummary(verdict=verdict, for_sharing=tuple(for_sharing), to_pause=tuple(to_pause))
