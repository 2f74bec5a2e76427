"""Supervision records that follow the writer's choices: who sees each note ("just me" or
both of us) and whether it goes in the summary PDF, and the supervisee's development goals,
carried from session to session until reviewed as met."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from reflect.crypto import SealedText
from reflect.models.base import Base, EncryptedText, utcnow


class PrivateNotes(Base):
    """One side's "just me" notes for a session: answers sealed with the writer's own data key
    and kept apart from the notes both can read, so no read path of the other member ever
    opens them."""

    __tablename__ = "supervision_private_notes"

    meeting_id: Mapped[int] = mapped_column(ForeignKey("supervision_meetings.id", ondelete="CASCADE"), primary_key=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), primary_key=True, index=True)
    answers: Mapped[SealedText] = mapped_column(EncryptedText())
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class NoteChoice(Base):
    """The writer's choice for one note of a session: sealed to them alone, and whether it
    goes in the summary PDF. A note without a row takes the prompt's default (both of us; in
    the PDF unless the prompt is a personal one)."""

    __tablename__ = "supervision_note_choices"

    meeting_id: Mapped[int] = mapped_column(ForeignKey("supervision_meetings.id", ondelete="CASCADE"), primary_key=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), primary_key=True, index=True)
    question_id: Mapped[str] = mapped_column(String(60), primary_key=True)
    just_me: Mapped[bool] = mapped_column(default=False)
    in_pdf: Mapped[bool] = mapped_column(default=True)


class DevelopmentGoal(Base):
    """A development goal of the supervisee, with a date to review it. It carries over from
    session to session until the pair marks it met (or no longer wanted)."""

    __tablename__ = "supervision_goals"
    __table_args__ = (Index("ix_supervision_goals_pair_closed", "pair_id", "closed_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    pair_id: Mapped[int] = mapped_column(ForeignKey("supervision_pairs.id", ondelete="CASCADE"))
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("supervision_meetings.id", ondelete="SET NULL"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    # Sealed with the author's key.
    text: Mapped[SealedText] = mapped_column(EncryptedText())
    review_on: Mapped[date]
    last_reviewed_on: Mapped[date | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # "met" or "set_aside", with when.
    closed_as: Mapped[str | None] = mapped_column(String(20))
    closed_at: Mapped[datetime | None]
