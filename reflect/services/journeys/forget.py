"""Journeys' forget step: a person's entries, episodes and learning notes removed on erasure
(their text is unreadable already, once their key is gone)."""

from __future__ import annotations

from sqlalchemy import delete
from sqlalchemy.orm import Session

from reflect.models import Entry, Episode, LearningNote


def forget_person(session: Session, person_id: int) -> None:
    """Remove a person's reflection journeys in an erasure's unit of work."""
    for model in (LearningNote, Entry, Episode):
        session.execute(delete(model).where(model.owner_id == person_id))
