"""Question-set storage for journeys: the set in use now, and each version an entry was written
against, stored once so an entry always reads in the words it was answered in."""

from __future__ import annotations

import functools

from sqlalchemy.orm import Session

from reflect import runtime
from reflect.db import insert_if_absent
from reflect.models import QuestionSetVersion, Stage, utcnow
from reflect.questions import QuestionSet


def current_set(stage: Stage, role: str | None = None) -> QuestionSet:
    """The question set in use now for a stage (the organisation's own, where it has one); with
    a practice role, a set marked for that role comes first."""
    sets = runtime.current().catalogue.by_kind(stage.value, role)
    if not sets:
        raise LookupError(f"no question set of kind {stage.value}")
    return sets[0]


@functools.lru_cache(maxsize=64)
def parsed_set(definition: str) -> QuestionSet:
    """A stored question set version, validated once per process for each distinct text.

    Versions are question wording (the same for everyone, never anyone's answers) and never
    change once stored, so every reader can share the one parsed copy; it is keyed by the
    stored text itself, so a different database's different text is parsed on its own."""
    return QuestionSet.model_validate_json(definition)


def stored_set(session: Session, set_id: str, version: int, cache: dict[tuple[str, int], QuestionSet]) -> QuestionSet:
    key = (set_id, version)
    if key not in cache:
        row = session.get(QuestionSetVersion, key)
        cache[key] = parsed_set(row.definition)
    return cache[key]


def remember_set(session: Session, qset: QuestionSet) -> None:
    if session.get(QuestionSetVersion, (qset.id, qset.version)) is None:
        # Several writers may store a version on its first use at once: the first insert wins.
        insert_if_absent(
            session, QuestionSetVersion, set_id=qset.id, version=qset.version, definition=qset.model_dump_json(), stored_at=utcnow()
        )
