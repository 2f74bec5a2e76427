"""Supervision's forget step: a person's supervision content removed on erasure. The pairs
themselves, and the check every supervision function starts from, are in services/pairs.py."""

from __future__ import annotations

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from reflect.models import MeetingNotes, SharedItem, SupervisionAction, SupervisionMeeting, SupervisionPair
from reflect.services.supervision import goals, note_choices


def forget_person(session: Session, person_id: int) -> None:
    """Remove a person's supervision content in an erasure's unit of work."""
    session.execute(update(SupervisionMeeting).where(SupervisionMeeting.pair_id.in_(
        select(SupervisionPair.id).where(SupervisionPair.supervisee_id == person_id)
    )).values(supervisee_comment=None))
    for model, column in ((SharedItem, SharedItem.owner_id), (MeetingNotes, MeetingNotes.author_id)):
        session.execute(model.__table__.delete().where(column == person_id))
    session.execute(
        SupervisionAction.__table__.delete().where(or_(SupervisionAction.author_id == person_id, SupervisionAction.owner_id == person_id))
    )
    note_choices.forget_person(session, person_id)  # "just me" notes and each note's choices
    goals.forget_person(session, person_id)
