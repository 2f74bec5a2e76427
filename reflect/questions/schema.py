"""Typed models for the question sets and register categories in `prompts/` (phrasing rules have
their own module, `reflect.phrasing_rules`; both build on `reflect.data_schema`).

Every model is frozen and forbids unknown fields, so a typo in a data file is reported
instead of silently ignored. Validation errors that concern something below the model being
validated (a duplicate id deep inside a set, say) are raised as `SchemaError` carrying the
extra location, so the loader can name the exact question and field.

File formats (YAML, read with PyYAML's safe loader):

Question set (`kind`: preparation | in_the_moment | after_sharing | supervision)::

    id, version, kind, title, description?, source, for_role?, citations: [Citation], sections: [Section]
    Citation: id, paper, section, paragraph, note?   # where in the briefing papers a question rests
    Section:  id, title, help?, questions: [Question]
    Question: id, type, text, help?, required (false), covers ([]), cites ([]), for_role?
      free_text:       max_length (5000), phrasing (false), identifying_check (false)
      single_choice:   options: [Option]
      multiple_choice: options: [Option]  (an option with `exclusive: true` is "none of these")
      scale:           min, max, min_label, max_label
      comfort_grid:    rows, columns, levels: [Option]; follow_up: [Question] asked once per row
    Option:   id, label, help?, signal? (healthy | warning | neutral | not_today), flag?, exclusive,
              covers, cites

`signal` and `flag` feed the quick-check summary (`reflect/questions/summary.py`, rules in its
docstring), with the set's `context_rules` (conditions on the situation) and `pointers`.
`covers` lists short keys naming the points of the guidance that a question or option addresses; the tests use them to prove every point is asked about. `cites` names
ids from the set's `citations`, so each question shows the paragraph it rests on.

`for_role` (peer_worker | professional | student) marks a set, a question or an option for one
kind of practitioner: peer support workers share as the core of their role, other professionals
add it to their professional expertise, and students and trainees talk to their practice
assessor first. A question marked for one role is left out for the others; among sets of one
kind, a set marked for the person's role is used before an unmarked one.

Context (`show_when`, `show_when_any` on questions and options; `context_rules`, `pointers` on a set)::

    Condition:   question?, any_of, none_of, answered?, role, profession, profile
    ContextRule: id, when: [Condition], label?, signal?, flag?, sets_aside: [question.option],
                 pointer?, verdict?, cites
    Pointer:     id, text, cites

A question or option shows only when its conditions hold on the answers so far and the
person's role, profession and sharing profile; the summary applies the rules whose
conditions hold. Conditions name questions and options of the same set, checked on loading.

Register categories (`kind: register_categories`)::

    id, version, kind, title, description?, source,
    categories: [{id, label, help?, has_level, examples, covers}],
    levels: [Option]       # e.g. language levels, used by categories with has_level
    visibility: [Option]   # who may see an entry (my team, the organisation)
    willing_to: [Option]   # what the person will do with it (offer, support colleagues, run a group)
    biography: [free_text Question]   # prompts for the "meet the team" leaflet
    consent_statement      # read to a person using the service; they agree themselves, never someone for them
    private_categories: [category id]   # personal experience: team-only by default, out of exports unless opted in
    asset_review: [free_text Question]  # the team's periodic review of its assets (after TRIP)
    culture: [free_text Question]       # the team lead's prompts for the team's culture, kept as team records
    citations: [Citation]
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal, Union

from pydantic import BaseModel, Field, StringConstraints, field_validator, model_validator

from reflect.data_schema import Citation, CoverKey, FrozenModel, Id, SchemaError, Text, check_unique
from reflect.phrasing_rules import PhrasingExamples, PhrasingRule, PhrasingRuleSet

QUESTION_SET_KINDS = ("preparation", "in_the_moment", "after_sharing", "supervision", "wellness_plan")
QuestionSetKind = Literal["preparation", "in_the_moment", "after_sharing", "supervision", "wellness_plan"]
Signal = Literal["healthy", "warning", "neutral", "not_today"]
# What an option tells the summary beyond its signal: the audience is someone the person goes
# to for support (support_audience), the purpose is support or adjustments for themselves
# (support_purpose), the person's wishes are not known (wishes_unknown), or what is described
# is raw and current for the practitioner (raw_current).
Flag = Literal["support_audience", "support_purpose", "wishes_unknown", "raw_current"]
PracticeRole = Literal["peer_worker", "professional", "student"]
PRACTICE_ROLES: dict[str, str] = {
    "peer_worker": "Peer support worker",
    "professional": "Another profession",
    "student": "Student or trainee",
}
Verdict = Literal["for_support", "not_today", "some_to_think_over", "everyday", "wishes_unknown", "thought_through"]


@dataclass(frozen=True)
class Situation:
    """What decides which questions show and which answers give pause: the answers so far
    ({question id: option id or [option ids]}), the person's practice role and profession,
    and, for a check started from the sharing profile, that experience's level for each
    audience column ({column id: level id})."""

    answers: Mapping[str, Any]
    role: str | None = None
    profession: str | None = None
    profile: Mapping[str, str] = field(default_factory=dict)

    def chosen(self, question_id: str) -> list[str]:
        """The option ids chosen for a question (empty when unanswered)."""
        value = self.answers.get(question_id)
        if isinstance(value, str):
            return [value]
        return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


class Condition(FrozenModel):
    """One thing that must be true of the situation. Every part given must hold:
    `question` with `any_of` (one of these is chosen), `none_of` (none of these is chosen,
    or the question is unanswered) or `answered` (true/false); `role` (the person's practice
    role is one of these); `profession`; `profile` (the sharing profile's level for the
    chosen audience is one of these, for a check started from the profile)."""

    question: Id | None = None
    any_of: tuple[Id, ...] = ()
    none_of: tuple[Id, ...] = ()
    answered: bool | None = None
    role: tuple[PracticeRole, ...] = ()
    profession: tuple[Id, ...] = ()
    profile: tuple[Id, ...] = ()

    @model_validator(mode="after")
    def _something_to_test(self) -> Condition:
        about_answer = bool(self.any_of or self.none_of or self.answered is not None)
        if self.question is None and about_answer:
            raise SchemaError("any_of, none_of and answered need a question", loc=("question",))
        if self.question is not None and not about_answer:
            raise SchemaError("a condition on a question needs any_of, none_of or answered", loc=("any_of",))
        if not (self.question or self.role or self.profession or self.profile):
            raise SchemaError("a condition needs a question, role, profession or profile", loc=("question",))
        return self

    def holds(self, situation: Situation, audience_column: str | None = None) -> bool:
        """Whether the situation meets this condition (`audience_column`: the profile column
        of the chosen audience, for `profile`)."""
        if self.question is not None:
            chosen = situation.chosen(self.question)
            if self.any_of and not set(chosen) & set(self.any_of):
                return False
            if self.none_of and set(chosen) & set(self.none_of):
                return False
            if self.answered is not None and bool(chosen) != self.answered:
                return False
        if self.role and situation.role not in self.role:
            return False
        if self.profession and situation.profession not in self.profession:
            return False
        if self.profile and situation.profile.get(audience_column or "") not in self.profile:
            return False
        return True


class Option(FrozenModel):
    """One choice in a choice question, a grid row/column/level, or a register list."""

    id: Id
    label: Text
    help: str | None = None
    signal: Signal | None = None
    flag: Flag | None = None
    exclusive: bool = False
    covers: tuple[CoverKey, ...] = ()
    cites: tuple[Id, ...] = ()
    # For a comfort-grid row: the kind of experience it is, as the id of an option of the
    # reflection set's category question, so themes count one label per kind.
    category: Id | None = None
    # For an audience option: the sharing profile's column it matches, so a check started from
    # the profile can say what the profile said about sharing this with them.
    profile_column: Id | None = None
    # Offered only to one kind of practitioner, or only when every condition holds.
    for_role: PracticeRole | None = None
    show_when: tuple[Condition, ...] = ()


class _QuestionBase(FrozenModel):
    """`tag` marks the answer the app files entries by: who it was shared with (audience),
    what kind of experience (category), or how it went (outcome, a scale); in supervision
    notes, what was learned (learning), the supervisor's own experience
    (supervisor_experience); and the choices recorded on a supervision session itself: the
    functions it covered (functions), line management or practice supervision (session_kind),
    and whether the supervisor brings lived experience (supervisor_lived_experience).
    `purpose` marks what sharing is for, `wishes` whether the person would welcome it.
    `asked_of` says which side of a supervision pair a supervision prompt is for;
    `for_role` limits a question to peer workers or to other professionals; `personal` marks
    a supervision prompt about the person themself, not offered in line management unless the
    supervisee turns it on, and left out of the summary PDF unless its writer puts it in."""

    id: Id
    text: Text
    help: str | None = None
    required: bool = False
    covers: tuple[CoverKey, ...] = ()
    cites: tuple[Id, ...] = ()
    tag: (
        Literal[
            "audience", "purpose", "wishes", "category", "outcome", "learning",
            "supervisor_experience", "functions", "session_kind", "supervisor_lived_experience",
        ]
        | None
    ) = None
    asked_of: Literal["both", "supervisor", "supervisee"] = "both"
    for_role: PracticeRole | None = None
    personal: bool = False
    # Asked only when every `show_when` condition holds and, if `show_when_any` is given, at
    # least one of those does (the short path for an everyday remark, say). A question not
    # asked is never required.
    show_when: tuple[Condition, ...] = ()
    show_when_any: tuple[Condition, ...] = ()


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
            check_unique([o.id for o in options], field="options", what="option")
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
            check_unique([o.id for o in getattr(self, field)], field=field, what=field[:-1])
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


class Section(FrozenModel):
    id: Id
    title: Text
    help: str | None = None
    questions: tuple[Question, ...] = Field(min_length=1)


class Pointer(FrozenModel):
    """Somewhere the quick-check summary can point: supervision, the practice assessor, the
    organisation's places to turn. Named by id from the summary's rules."""

    id: Id
    text: Text
    cites: tuple[Id, ...] = ()


class ContextRule(FrozenModel):
    """What the situation changes in the quick-check summary, when every `when` condition holds.

    `label` says it back to the person; `signal` decides where it goes (warning: to think over;
    not_today; healthy: points towards sharing; neutral or none: also said); `flag` adds a flag
    as an option's would; `sets_aside` lists answers (`question.option`) whose own signal and
    flag no longer count here (early days, for a peer worker); `pointer` names one of the set's
    pointers; `verdict` names the headline when nothing gives pause (an everyday remark)."""

    id: Id
    when: tuple[Condition, ...] = Field(min_length=1)
    label: Text | None = None
    signal: Signal | None = None
    flag: Flag | None = None
    sets_aside: tuple[Annotated[str, StringConstraints(pattern=r"^[a-z0-9_]+\.[a-z0-9_]+$")], ...] = ()
    pointer: Id | None = None
    verdict: Verdict | None = None
    cites: tuple[Id, ...] = ()

    @model_validator(mode="after")
    def _signal_needs_label(self) -> ContextRule:
        if self.signal not in (None, "neutral") and self.label is None:
            raise SchemaError("a rule with a signal needs a label, to say it back to the person", loc=("label",))
        return self


class QuestionSet(FrozenModel):
    """A versioned set of questions for one flow."""

    id: Id
    version: int = Field(ge=1)
    kind: QuestionSetKind
    title: Text
    description: str | None = None
    source: Text
    for_role: PracticeRole | None = None
    citations: tuple[Citation, ...] = ()
    sections: tuple[Section, ...] = Field(min_length=1)
    # The quick check's summary reads the situation through these (see reflect/questions/summary.py).
    context_rules: tuple[ContextRule, ...] = ()
    pointers: tuple[Pointer, ...] = ()

    @model_validator(mode="after")
    def _unique_ids(self) -> QuestionSet:
        check_unique([s.id for s in self.sections], field="sections", what="section")
        check_unique([c.id for c in self.citations], field="citations", what="citation")
        check_unique([r.id for r in self.context_rules], field="context_rules", what="rule")
        check_unique([p.id for p in self.pointers], field="pointers", what="pointer")
        _check_cites(self.citations, self.sections, "sections")
        _check_cites(self.citations, self.context_rules, "context_rules")
        _check_cites(self.citations, self.pointers, "pointers")
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
        _check_references(self)
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

    def citation(self, citation_id: str) -> Citation | None:
        """The citation with this id, or None."""
        return next((c for c in self.citations if c.id == citation_id), None)

    def for_practice_role(self, role: str | None) -> QuestionSet:
        """This set without the questions and options marked for another role (unchanged when
        `role` is None, someone who has not said, or nothing is marked). Sections left empty
        are dropped."""
        marked = any(q.for_role or any(o.for_role for o in getattr(q, "options", ())) for q in self.questions())
        if role is None or not marked:
            return self
        return self._kept(lambda q: q.for_role in (None, role), lambda o, q: o.for_role in (None, role))

    def shown(self, situation: Situation) -> QuestionSet:
        """The questions and options this situation asks: for the person's role, and those whose
        `show_when` conditions hold on the answers so far. Sections left empty are dropped."""
        asked = self.asked(situation)
        return self._kept(lambda q: q.id in asked, lambda o, q: True)._options_kept(asked)

    def asked(self, situation: Situation) -> dict[str, frozenset[str] | None]:
        """What `shown` keeps, without copying the set: for each question asked, the ids of the
        options offered (None for a question without options). The summary reads this, once
        per entry, so it is kept cheap."""
        column = self.audience_column(situation)
        role = situation.role

        def holds(conditions: tuple[Condition, ...]) -> bool:
            return all(c.holds(situation, column) for c in conditions)

        found: dict[str, frozenset[str] | None] = {}
        for question in self.questions():
            if role is not None and question.for_role not in (None, role):
                continue
            if question.show_when and not holds(question.show_when):
                continue
            if question.show_when_any and not any(c.holds(situation, column) for c in question.show_when_any):
                continue
            options = getattr(question, "options", None)
            found[question.id] = None if options is None else frozenset(
                o.id for o in options if (role is None or o.for_role in (None, role)) and (not o.show_when or holds(o.show_when))
            )
        return found

    def _options_kept(self, asked: dict[str, frozenset[str] | None]) -> QuestionSet:
        def keep_option(option: Option, question: Any) -> bool:
            offered = asked.get(question.id)
            return offered is None or option.id in offered

        return self._kept(lambda q: True, keep_option)

    def audience_column(self, situation: Situation) -> str | None:
        """The sharing profile's column for the audience chosen in this situation, or None."""
        question = self.tagged("audience")
        if not isinstance(question, SingleChoiceQuestion):
            return None
        chosen = situation.chosen(question.id)
        option = question.option(chosen[0]) if chosen else None
        return option.profile_column if option else None

    def _kept(self, keep_question: Any, keep_option: Any) -> QuestionSet:
        sections = []
        for section in self.sections:
            kept = []
            for question in section.questions:
                if not keep_question(question):
                    continue
                options = getattr(question, "options", None)
                if options is not None and not all(keep_option(o, question) for o in options):
                    question = question.model_copy(update={"options": tuple(o for o in options if keep_option(o, question))})
                kept.append(question)
            if kept:
                sections.append(section.model_copy(update={"questions": tuple(kept)}))
        return self.model_copy(update={"sections": tuple(sections)})


def _check_references(qset: QuestionSet) -> None:
    """Raise SchemaError at the first condition or rule naming a question or option the set
    does not have (a typo would otherwise quietly never match)."""
    choices = {
        q.id: {o.id for o in q.options} for q in qset.questions() if isinstance(q, (SingleChoiceQuestion, MultipleChoiceQuestion))
    }
    known = {q.id for q in qset.questions()}

    def check(condition: Condition, loc: tuple[str | int, ...]) -> None:
        if condition.question is None:
            return
        if condition.question not in known:
            raise SchemaError(f"names question '{condition.question}', which is not in this set", loc=(*loc, "question"))
        for field_name in ("any_of", "none_of"):
            for index, option_id in enumerate(getattr(condition, field_name)):
                if option_id not in choices.get(condition.question, set()):
                    raise SchemaError(
                        f"'{option_id}' is not an option of '{condition.question}'", loc=(*loc, field_name, index)
                    )

    for s_index, section in enumerate(qset.sections):
        for q_index, question in enumerate(section.questions):
            base: tuple[str | int, ...] = ("sections", s_index, "questions", q_index)
            for field_name in ("show_when", "show_when_any"):
                for c_index, condition in enumerate(getattr(question, field_name)):
                    check(condition, (*base, field_name, c_index))
            for o_index, option in enumerate(getattr(question, "options", ())):
                for c_index, condition in enumerate(option.show_when):
                    check(condition, (*base, "options", o_index, "show_when", c_index))
    pointers = {p.id for p in qset.pointers}
    for r_index, rule in enumerate(qset.context_rules):
        for c_index, condition in enumerate(rule.when):
            check(condition, ("context_rules", r_index, "when", c_index))
        for a_index, ref in enumerate(rule.sets_aside):
            question_id, _, option_id = ref.partition(".")
            if option_id not in choices.get(question_id, set()):
                raise SchemaError(f"'{ref}' is not a question.option of this set", loc=("context_rules", r_index, "sets_aside", a_index))
        if rule.pointer is not None and rule.pointer not in pointers:
            raise SchemaError(f"pointer '{rule.pointer}' is not one of this set's pointers", loc=("context_rules", r_index, "pointer"))


def _check_cites(citations: tuple[Citation, ...], items: Any, field: str) -> None:
    """Raise SchemaError at the first `cites` entry naming no citation of the set."""
    known = {c.id for c in citations}
    stack: list[tuple[tuple[str | int, ...], Any]] = [((field,), items)]
    while stack:
        loc, item = stack.pop()
        if isinstance(item, tuple):
            stack.extend(((*loc, i), child) for i, child in enumerate(item))
            continue
        if not isinstance(item, BaseModel):
            continue
        for index, cited in enumerate(getattr(item, "cites", ())):
            if cited not in known:
                raise SchemaError(f"cites '{cited}', which is not one of this set's citations", loc=(*loc, "cites", index))
        stack.extend(((*loc, name), getattr(item, name)) for name in type(item).model_fields if name != "citations")


class RegisterCategory(FrozenModel):
    id: Id
    label: Text
    help: str | None = None
    has_level: bool = False
    examples: tuple[str, ...] = ()
    covers: tuple[CoverKey, ...] = ()
    cites: tuple[Id, ...] = ()


class RegisterCategories(FrozenModel):
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
    private_categories: tuple[Id, ...] = ()
    asset_review: tuple[FreeTextQuestion, ...] = ()
    culture: tuple[FreeTextQuestion, ...] = ()
    citations: tuple[Citation, ...] = ()

    @model_validator(mode="after")
    def _check(self) -> RegisterCategories:
        for field in ("categories", "levels", "visibility", "willing_to", "biography", "asset_review", "culture", "citations"):
            check_unique([item.id for item in getattr(self, field)], field=field, what="item")
        if any(c.has_level for c in self.categories) and not self.levels:
            raise SchemaError("a category has has_level: true, so levels must be listed", loc=("levels",))
        known = {c.id for c in self.categories}
        for index, category_id in enumerate(self.private_categories):
            if category_id not in known:
                raise SchemaError(f"'{category_id}' is not one of the categories", loc=("private_categories", index))
        if self.private_categories and "team" not in {v.id for v in self.visibility}:
            raise SchemaError("private categories need a 'team' visibility to default to", loc=("visibility",))
        for field in ("categories", "visibility", "willing_to", "biography", "asset_review", "culture"):
            _check_cites(self.citations, getattr(self, field), field)
        return self

    def is_private(self, category_id: str) -> bool:
        """Whether entries in this category default to the team only and stay out of exports
        unless their owner opts in for the entry."""
        return category_id in self.private_categories

    def category(self, category_id: str) -> RegisterCategory | None:
        """The category with this id, or None."""
        return next((c for c in self.categories if c.id == category_id), None)



# Re-exported for the readers that take every data-file model from here.
__all__ = ["Citation", "CoverKey", "Id", "PhrasingExamples", "PhrasingRule", "PhrasingRuleSet", "SchemaError", "Text"]
