"""The quick check's calm summary: what the person said, read in their situation.

The same function serves the page (through `journeys.EntryView.summary`) and
`reflect quick-check summarise`, so what the command prints is what the page shows.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from reflect.questions.schema import (
    MultipleChoiceQuestion,
    QuestionSet,
    SingleChoiceQuestion,
    Situation,
    Verdict,
)

# Plain descriptions of what the person said, never a grade.
VERDICT_LABELS: dict[str, str] = {
    "for_support": "You're looking for support for yourself",
    "not_today": "You said today isn't the day",
    "some_to_think_over": "You ticked some things to think over",
    "everyday": "You're thinking of a small, everyday remark",
    "wishes_unknown": "You don't know yet how they would feel about it",
    "thought_through": "You've said why, and nothing gave you pause",
}

# Pointers the summary adds by itself (their words are the set's `pointers`, so an organisation
# can reword them): supervision first for something raw, the places to turn, and finding out
# how the person would feel.
RAW_POINTER = "supervision_first"
PLACES_POINTER = "places_to_turn"
WISHES_POINTER = "find_out_wishes"


@dataclass(frozen=True)
class Said:
    """One thing the summary says back: `id` is `question.option` for an answer, or the id
    of the context rule that said it."""

    id: str
    text: str


@dataclass(frozen=True)
class QuickCheckSummary:
    """A calm summary of a quick check, in the person's own choices and their situation.

    `for_sharing` holds what points towards sharing, `to_pause` what the person may want to
    think over (the "not today" answer among them), `also_said` what was said on a support
    path, or what the situation makes no reason to pause. `pointers` are where the summary
    points (supervision first, the practice assessor, the places to turn).
    """

    verdict: Verdict
    for_sharing: tuple[str, ...]
    to_pause: tuple[str, ...]
    also_said: tuple[str, ...] = ()
    raw_current: bool = False
    wishes_known: bool = False
    to_think_over: tuple[Said, ...] = ()
    pointers: tuple[Said, ...] = ()

    @property
    def label(self) -> str:
        return VERDICT_LABELS[self.verdict]

    @property
    def is_caution(self) -> bool:
        """Whether the summary asks the person to pause or hold back."""
        return self.verdict in ("not_today", "some_to_think_over")

    @property
    def points_to_support(self) -> bool:
        """Whether the summary points to supervision and support for the practitioner."""
        return self.raw_current or self.verdict == "for_support" or any(p.id == PLACES_POINTER for p in self.pointers)

    def as_dict(self) -> dict[str, Any]:
        """The summary as plain data (what `reflect quick-check summarise` prints)."""
        return {
            "verdict": self.verdict,
            "headline": self.label,
            "to_think_over": [{"id": s.id, "text": s.text} for s in self.to_think_over],
            "pointers": [{"id": p.id, "text": p.text} for p in self.pointers],
            "for_sharing": list(self.for_sharing),
            "also_said": list(self.also_said),
            "raw_current": self.raw_current,
            "wishes_known": self.wishes_known,
        }


@dataclass(frozen=True)
class _Item:
    id: str
    text: str
    signal: str | None
    flag: str | None


def summarise_quick_check(
    question_set: QuestionSet,
    answers: Mapping[str, Any],
    *,
    role: str | None = None,
    profession: str | None = None,
    profile: Mapping[str, str] | None = None,
) -> QuickCheckSummary:
    """Summarise choice answers ({question id: option id or list of option ids}) in the
    person's situation: their practice role and profession, and (for a check started from the
    sharing profile) that experience's level for each audience ({column id: level id}).

    Only the questions and options the situation asks count (`QuestionSet.asked`). The set's
    context rules whose conditions hold then add what the situation means, or set an
    answer's own signal aside. The headline, in order:
    1. Not today: any `not_today` answer or rule. The person decides, on every path.
    2. For support: something flagged `support_audience` (my supervisor or manager, my practice
       assessor) with something flagged `support_purpose`: sharing the guidance endorses, so
       nothing else is a caution; it is listed as also said.
    3. Some to think over: any `warning`.
    4. A rule's own headline (a small everyday remark).
    5. Wishes unknown: the question tagged `wishes` is not asked, unanswered or answered
       "I don't know yet". Settled wording needs the person's wishes.
    6. Otherwise: thought through.
    Something flagged `raw_current` points to supervision first (unless it is going to a
    supervisor, manager or assessor) and to the places to turn; unknown wishes are said back,
    last, among what to think over when another answer leads, and point to finding out.

    Unknown question or option ids are ignored, so answers written against an older version
    of the set still summarise.
    """
    situation = Situation(answers=answers, role=role, profession=profession, profile=dict(profile or {}))
    asked = question_set.asked(situation)
    column = question_set.audience_column(situation)
    rules = [r for r in question_set.context_rules if all(c.holds(situation, column) for c in r.when)]
    set_aside = {ref for r in rules for ref in r.sets_aside}
    wishes_question = question_set.tagged("wishes")
    wishes_asked = wishes_question is not None and wishes_question.id in asked
    items, wishes = _chosen(question_set, asked, situation, set_aside)
    items += [_Item(r.id, r.label or "", r.signal, r.flag) for r in rules if r.label or r.flag]
    flags = {i.flag for i in items if i.flag}
    signals = {i.signal for i in items}
    raw_current = "raw_current" in flags
    support = {"support_audience", "support_purpose"} <= flags
    wishes_known = wishes is not None and wishes.flag != "wishes_unknown"
    rule_verdict = next((r.verdict for r in rules if r.verdict), None)

    verdict: Verdict
    if "not_today" in signals:
        verdict = "not_today"
    elif support:
        verdict = "for_support"
    elif "warning" in signals:
        verdict = "some_to_think_over"
    elif rule_verdict:
        verdict = rule_verdict
    elif not wishes_known:
        verdict = "wishes_unknown"
    else:
        verdict = "thought_through"

    pausing = [i for i in items if i.signal in ("warning", "not_today")]
    also = [i for i in items if i.signal in (None, "neutral") and i.id in {r.id for r in rules}]
    if support:
        also = [i for i in pausing if i.signal == "warning"] + also
        pausing = [i for i in pausing if i.signal == "not_today"]
    elif wishes is not None and not wishes_known and verdict in ("some_to_think_over", "not_today"):
        # "I don't know yet" about their wishes is said back even when another answer leads.
        pausing.append(_Item(wishes.id, VERDICT_LABELS["wishes_unknown"], None, "wishes_unknown"))
    pointers = _pointers(
        question_set, rules, verdict, raw_current=raw_current, support=support, flags=flags, wishes_open=wishes_asked and not wishes_known
    )
    return QuickCheckSummary(
        verdict=verdict,
        for_sharing=tuple(i.text for i in items if i.signal == "healthy"),
        to_pause=tuple(i.text for i in pausing),
        also_said=tuple(i.text for i in also if i.text),
        raw_current=raw_current,
        wishes_known=wishes_known,
        to_think_over=tuple(Said(i.id, i.text) for i in pausing),
        pointers=pointers,
    )


def _chosen(
    question_set: QuestionSet, asked: dict[str, frozenset[str] | None], situation: Situation, set_aside: set[str]
) -> tuple[list[_Item], _Item | None]:
    """The chosen options of the questions asked, and the answer about the person's wishes
    (a stand-in when the wishes question is asked and unanswered)."""
    items: list[_Item] = []
    wishes: _Item | None = None
    for question in question_set.questions():
        offered = asked.get(question.id)
        if offered is None or not isinstance(question, (SingleChoiceQuestion, MultipleChoiceQuestion)):
            continue
        for option_id in situation.chosen(question.id):
            option = question.option(option_id) if option_id in offered else None
            if option is None:
                continue
            ref = f"{question.id}.{option.id}"
            item = _Item(ref, option.label, None if ref in set_aside else option.signal, None if ref in set_aside else option.flag)
            if question.tag == "wishes":
                wishes = item
            items.append(item)
    wishes_question = question_set.tagged("wishes")
    if wishes is None and wishes_question is not None and wishes_question.id in asked:
        wishes = _Item(f"{wishes_question.id}.unanswered", "You haven't said yet how they would feel about it", None, "wishes_unknown")
    return items, wishes


def _pointers(
    question_set: QuestionSet, rules: list[Any], verdict: str, *, raw_current: bool, support: bool, flags: set[str], wishes_open: bool
) -> tuple[Said, ...]:
    wanted: list[str] = []
    if raw_current and "support_audience" not in flags:
        wanted.append(RAW_POINTER)
    if verdict in ("some_to_think_over", "wishes_unknown") and wishes_open:
        wanted.append(WISHES_POINTER)
    wanted += [r.pointer for r in rules if r.pointer]
    if support or raw_current:
        wanted.append(PLACES_POINTER)
    texts = {p.id: p.text for p in question_set.pointers}
    return tuple(Said(p, texts[p]) for p in dict.fromkeys(wanted) if p in texts)


def known_answers(question_set: QuestionSet, answers: Mapping[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """The choice answers this set knows, and a plain description of each id it doesn't
    (`question 'x'`, `option 'y' of 'benefit'`), for `reflect quick-check summarise`."""
    kept: dict[str, Any] = {}
    unknown: list[str] = []
    for question_id, value in answers.items():
        question = question_set.question(question_id)
        if not isinstance(question, (SingleChoiceQuestion, MultipleChoiceQuestion)):
            unknown.append(f"question '{question_id}'")
            continue
        chosen = [value] if isinstance(value, str) else list(value) if isinstance(value, list) else []
        good = [o for o in chosen if isinstance(o, str) and question.option(o) is not None]
        unknown += [f"option '{o}' of '{question_id}'" for o in chosen if o not in good]
        if good:
            kept[question_id] = good[0] if isinstance(question, SingleChoiceQuestion) else good
    return kept, unknown
