"""Reflection journeys: entries against versioned question sets, their history, episodes,
and the learning notes an author offers their team."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, ForeignKeyConstraint, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from reflect.crypto import SealedText
from reflect.domain import Stage
from reflect.models.base import Base, EncryptedText, new_public_id, utcnow


class QuestionSetVersion(Base):
    """A copy of each question set version that answers were written against, so an old
    entry still reads with its own questions after the set changes."""

    __tablename__ = "question_set_versions"

    set_id: Mapped[str] = mapped_column(String(60), primary_key=True)
    version: Mapped[int] = mapped_column(primary_key=True)
    definition: Mapped[str] = mapped_column(Text)
    stored_at: Mapped[datetime] = mapped_column(default=utcnow)


class Episode(Base):
    """One sharing episode: a profile item, a quick check and a reflection read as one story."""

    __tablename__ = "episodes"

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Entry(Base):
    """One person's answers to one question set: a draft until completed.

    All answers, choices included, are one encrypted JSON document: even which kind of
    experience someone wrote about is theirs alone.
    """

    __tablename__ = "entries"
    __table_args__ = (
        ForeignKeyConstraint(
            ["set_id", "set_version"], ["question_set_versions.set_id", "question_set_versions.version"]
        ),
        Index("ix_entries_owner_stage_updated", "owner_id", "stage", "updated_at"),
        Index("ix_entries_owner_updated", "owner_id", "updated_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # The identifier the decision ledger uses when its author deletes it.
    public_id: Mapped[str] = mapped_column(String(32), unique=True, default=new_public_id)
    owner_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    stage: Mapped[str] = mapped_column(String(20))
    set_id: Mapped[str] = mapped_column(String(60))
    set_version: Mapped[int]
    status: Mapped[str] = mapped_column(String(10), default="draft")
    episode_id: Mapped[int | None] = mapped_column(ForeignKey("episodes.id", ondelete="SET NULL"), index=True)
    answers: Mapped[SealedText] = mapped_column(EncryptedText())
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    completed_at: Mapped[datetime | None]


class EntryRevision(Base):
    """A saved version of a living document (the profile), kept as its history."""

    __tablename__ = "entry_revisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("entries.id", ondelete="CASCADE"), index=True)
    saved_at: Mapped[datetime] = mapped_column(default=utcnow)
    answers: Mapped[SealedText] = mapped_column(EncryptedText())


class LearningNote(Base):
    """A short, de-identified note an author writes from a reflection and approves for their team.
    The team sees the note alone, never the reflection."""

    __tablename__ = "learning_notes"
    __table_args__ = (Index("ix_learning_notes_team_approved", "team_id", "approved_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # The identifier the decision ledger uses for a withdrawal.
    public_id: Mapped[str] = mapped_column(String(32), unique=True, default=new_public_id)
    owner_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"))
    entry_id: Mapped[int | None] = mapped_column(ForeignKey("entries.id", ondelete="SET NULL"))
    body: Mapped[SealedText] = mapped_column(EncryptedText())
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    approved_at: Mapped[datetime | None]
