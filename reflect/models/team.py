"""Team records the team lead keeps: the periodic review of the team's assets (after TRIP),
with the actions agreed and their owners, and notes on the team's culture. They are about
the team, never judgements of individuals."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from reflect.crypto import SealedText
from reflect.models.base import Base, EncryptedText, utcnow


class TeamRecord(Base):
    """One review of the team's assets (`kind` "asset_review") or one note on the team's
    culture (`kind` "culture"): answers to the prompts in the register categories set, a sealed
    JSON object {prompt id: text}, sealed with the author's key."""

    __tablename__ = "team_records"
    __table_args__ = (Index("ix_team_records_team_kind", "team_id", "kind", "held_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20))
    held_on: Mapped[date]
    author_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    set_id: Mapped[str] = mapped_column(String(64))
    set_version: Mapped[int]
    answers: Mapped[SealedText] = mapped_column(EncryptedText())
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class TeamAction(Base):
    """An action a team review agreed, with an owner from the team; open until marked done."""

    __tablename__ = "team_actions"

    id: Mapped[int] = mapped_column(primary_key=True)
    record_id: Mapped[int] = mapped_column(ForeignKey("team_records.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    owner_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    text: Mapped[SealedText] = mapped_column(EncryptedText())
    due_on: Mapped[date | None]
    done_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
