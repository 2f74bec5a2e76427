"""Answers to questions: checking one before it is saved, and reading answers back as text.

Each kind of question has its own checker and its own way of being read back, looked up by the
question's type, so adding a kind of question means adding one function to each table here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from reflect.questions.schema import (
    ComfortGridQuestion,
    FreeTextQuestion,
    MultipleChoiceQuestion,
    Question,
    QuestionSet,
    ScaleQuestion,
    SingleChoiceQuestion,
)
from reflect.services.errors import Refused
from reflect.text import clean_text

Answers = dict[str, Any]


class AnswerRejected(Refused, ValueError):
    """An answer does not fit its question; the message says why, kindly."""


def _free_text(question: FreeTextQuestion, value: Any) -> str:
    if not isinstance(value, str):
        raise AnswerRejected("Please write your answer as text.")
    value = clean_text(value)
    if len(value) > question.max_length:
        raise AnswerRejected(
            f"This answer is {len(value):,} characters; there's room for {question.max_length:,}. "
            "Could you shorten it a little?"
        )
    return value


def _single_choice(question: SingleChoiceQuestion, value: Any) -> str:
    if not isinstance(value, str) or question.option(value) is None:
        raise AnswerRejected("Please choose one of the options.")
    return value


def _multiple_choice(question: MultipleChoiceQuestion, value: Any) -> list[str]:
    if not isinstance(value, list) or any(not isinstance(v, str) or question.option(v) is None for v in value):
        raise AnswerRejected("Please choose from the options.")
    return list(dict.fromkeys(value))


def _scale(question: ScaleQuestion, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not question.min <= value <= question.max:
        raise AnswerRejected(f"Please choose a point from {question.min} to {question.max}.")
    return value


def _comfort_grid(question: ComfortGridQuestion, value: Any) -> dict[str, dict[str, str]]:
    rows, columns, levels = ({o.id for o in g} for g in (question.rows, question.columns, question.levels))
    if not isinstance(value, dict):
        raise AnswerRejected("Please fill in the grid.")
    cleaned: dict[str, dict[str, str]] = {}
    for row, cells in value.items():
        if row not in rows or not isinstance(cells, dict):
            raise AnswerRejected("Please fill in the grid.")
        kept = {c: lv for c, lv in cells.items() if lv is not None}
        if any(c not in columns or lv not in levels for c, lv in kept.items()):
            raise AnswerRejected("Please choose a level from the list in each box.")
        if kept:
            cleaned[row] = kept
    return cleaned


# One checker per kind of question: it returns the answer as stored, or raises AnswerRejected.
CHECKERS: dict[type, Callable[[Any, Any], Any]] = {
    FreeTextQuestion: _free_text,
    SingleChoiceQuestion: _single_choice,
    MultipleChoiceQuestion: _multiple_choice,
    ScaleQuestion: _scale,
    ComfortGridQuestion: _comfort_grid,
}


def _for_kind(table: dict[type, Callable[[Any, Any], Any]], question: Question) -> Callable[[Any, Any], Any] | None:
    # Through the class's ancestors, so a question kind built on another is handled as that one.
    return next((table[kind] for kind in type(question).__mro__ if kind in table), None)


def find_question(qset: QuestionSet, question_id: str) -> Question | None:
    """The question an answer id names; a comfort-grid follow-up is asked once per experience,
    so its answer id is "<row id>.<follow-up id>"."""
    question = qset.question(question_id)
    if question is None and "." in question_id:
        row_id, _, follow_id = question_id.partition(".")
        grid = next((q for q in qset.questions() if isinstance(q, ComfortGridQuestion)), None)
        if grid and any(r.id == row_id for r in grid.rows):
            question = qset.question(follow_id)
    return question


def check_answer(qset: QuestionSet, question_id: str, value: Any) -> Any:
    """The answer as it will be stored (None for an empty answer, which clears it).

    Raises:
        AnswerRejected: the question is not in the set, or the value does not fit it.
    """
    question = find_question(qset, question_id)
    if question is None:
        raise AnswerRejected("That question isn't part of this form.")
    if value is None or value == "" or value == []:
        return None
    checker = _for_kind(CHECKERS, question)
    if checker is None:
        raise AnswerRejected("That question can't be answered here.")
    return checker(question, value)


def _choices(question: SingleChoiceQuestion | MultipleChoiceQuestion, value: Any) -> str:
    ids = value if isinstance(value, list) else [value]
    return "; ".join(o.label for o in question.options if o.id in ids)


def _grid_text(question: ComfortGridQuestion, value: Any) -> str:
    rows = {r.id: r.label for r in question.rows}
    cols = {c.id: c.label for c in question.columns}
    levels = {lv.id: lv.label for lv in question.levels}
    return "; ".join(
        f"{rows.get(r, r)}: " + ", ".join(f"{cols.get(c, c)} {levels.get(lv, lv).lower()}" for c, lv in cells.items())
        for r, cells in value.items()
    )


def _scale_text(question: ScaleQuestion, value: Any) -> str:
    return f"{value} of {question.max} ({question.min_label} to {question.max_label})"


# How each kind of question reads back; any other kind reads as the value itself.
READERS: dict[type, Callable[[Any, Any], str]] = {
    SingleChoiceQuestion: _choices,
    MultipleChoiceQuestion: _choices,
    ComfortGridQuestion: _grid_text,
    ScaleQuestion: _scale_text,
}


def readable(question: Question, value: Any) -> str:
    """One answer as plain text, in the words of its own question set."""
    reader = _for_kind(READERS, question)
    return reader(question, value) if reader else str(value)


def answer_lines(qset: QuestionSet, answers: Answers) -> list[tuple[str, list[tuple[str, str]]]]:
    """The answered questions, section by section: (section title, [(question, answer)])."""
    found = []
    for section in qset.sections:
        lines = [
            (q.text, readable(q, answers[q.id])) for q in section.questions if answers.get(q.id) not in (None, "", [], {})
        ]
        if lines:
            found.append((section.title, lines))
    return found
