"""Supervision: what a supervisee chose to share with their supervisor, the sessions the pair
record together, each side's notes, and the actions they agree."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, ForeignKeyConstraint, Index, String, false
from sqlalchemy.orm import Mapped, mapped_column

from reflect.crypto import SealedText
from reflect.domain import ShareKind
from reflect.models.base import Base, EncryptedText, new_public_id, utcnow


class SharedItem(Base):
    """One item a supervisee shares with the supervisor of one pair. Withdrawing sets
    `withdrawn_at`; a withdrawn item is invisible to the supervisor from that moment."""

    __tablename__ = "shared_items"
    __table_args__ = (
        CheckConstraint("kind IN ('entry', 'episode', 'profile_item')", name="kind"),
        Index("ix_shared_items_pair_live", "pair_id", "withdrawn_at", "shared_at"),
        Index("ix_shared_items_owner_shared", "owner_id", "shared_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # The identifier the decision ledger uses for a withdrawal.
    public_id: Mapped[str] = mapped_column(String(32), unique=True, default=new_public_id)
    pair_id: Mapped[int] = mapped_column(ForeignKey("supervision_pairs.id", ondelete="CASCADE"))
    owner_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20))
    entry_id: Mapped[int | None] = mapped_column(ForeignKey("entries.id", ondelete="CASCADE"), index=True)
    episode_id: Mapped[int | None] = mapped_column(ForeignKey("episodes.id", ondelete="CASCADE"), index=True)
    # Which profile experience, sealed: even the kind of experience someone shares is theirs.
    profile_item: Mapped[SealedText | None] = mapped_column(EncryptedText())
    shared_at: Mapped[datetime] = mapped_column(default=utcnow)
    withdrawn_at: Mapped[datetime | None]


class SharedItemEntry(Base):
    """The entries a shared episode held at the moment it was shared: exactly what the
    supervisor may read. An entry added to the episode later stays private until its author
    shares it."""

    __tablename__ = "shared_item_entries"

    shared_item_id: Mapped[int] = mapped_column(ForeignKey("shared_items.id", ondelete="CASCADE"), primary_key=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("entries.id", ondelete="CASCADE"), primary_key=True, index=True)


class SupervisionMeeting(Base):
    """One supervision session of a pair. The supervisor records it; the supervisee confirms
    the record or says where they see it differently. Functions covered are option ids of
    the supervision question set, comma-separated."""

    __tablename__ = "supervision_meetings"
    __table_args__ = (Index("ix_supervision_meetings_pair_held", "pair_id", "held_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # The identifier the decision ledger uses for a note kept to its writer.
    public_id: Mapped[str] = mapped_column(String(32), unique=True, default=new_public_id)
    pair_id: Mapped[int] = mapped_column(ForeignKey("supervision_pairs.id", ondelete="CASCADE"))
    held_on: Mapped[date]
    next_on: Mapped[date | None]
    functions: Mapped[str] = mapped_column(String(200), default="")
    # Option ids of the supervision set's questions tagged session_kind (line management or
    # practice supervision) and supervisor_lived_experience.
    kind: Mapped[str | None] = mapped_column(String(20))
    supervisor_lived_experience: Mapped[str | None] = mapped_column(String(20))
    # The supervisee turned the personal prompts on for this line-management session.
    personal_prompts_on: Mapped[bool] = mapped_column(default=False, server_default=false())
    recorded_by: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    confirmed_at: Mapped[datetime | None]
    # Sealed with the supervisee's key: their words.
    supervisee_comment: Mapped[SealedText | None] = mapped_column(EncryptedText())


class MeetingItem(Base):
    """A shared item the pair discussed in a session."""

    __tablename__ = "supervision_meeting_items"

    meeting_id: Mapped[int] = mapped_column(ForeignKey("supervision_meetings.id", ondelete="CASCADE"), primary_key=True)
    shared_item_id: Mapped[int] = mapped_column(ForeignKey("shared_items.id", ondelete="CASCADE"), primary_key=True, index=True)


class MeetingNotes(Base):
    """One side's notes for a session: answers to the supervision prompts, sealed with the
    author's key. Each side writes only their own; both can read both."""

    __tablename__ = "supervision_notes"
    __table_args__ = (
        ForeignKeyConstraint(
            ["set_id", "set_version"], ["question_set_versions.set_id", "question_set_versions.version"]
        ),
    )

    meeting_id: Mapped[int] = mapped_column(ForeignKey("supervision_meetings.id", ondelete="CASCADE"), primary_key=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), primary_key=True, index=True)
    set_id: Mapped[str] = mapped_column(String(60))
    set_version: Mapped[int]
    answers: Mapped[SealedText] = mapped_column(EncryptedText())
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class SupervisionAction(Base):
    """An action the pair agreed. It carries over from session to session until done."""

    __tablename__ = "supervision_actions"
    __table_args__ = (Index("ix_supervision_actions_pair_done", "pair_id", "done_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    pair_id: Mapped[int] = mapped_column(ForeignKey("supervision_pairs.id", ondelete="CASCADE"))
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("supervision_meetings.id", ondelete="SET NULL"), index=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    # Sealed with the author's key.
    text: Mapped[SealedText] = mapped_column(EncryptedText())
    due_on: Mapped[date | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    done_at: Mapped[datetime | None]
