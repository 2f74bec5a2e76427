"""A practitioner's Wellness at Work plan (ImROC Briefing Paper 17, 10.1-10.2): each saved version
kept, sealed with its owner's key, and each share of one version with a supervisor."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from reflect.crypto import SealedText
from reflect.models.base import Base, EncryptedText, new_public_id, utcnow


class WellnessPlanVersion(Base):
    """One saved version of a person's plan: what keeps me well, early signs, what helps and
    the agreed adjustments with their dates, as one sealed JSON document."""

    __tablename__ = "wellness_plan_versions"
    __table_args__ = (UniqueConstraint("owner_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    version: Mapped[int]
    content: Mapped[SealedText] = mapped_column(EncryptedText())
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # When the person last went through this version in supervision, by their own word.
    reviewed_on: Mapped[date | None]


class WellnessPlanShare(Base):
    """One version of a plan shared with the supervisor of one pair. Withdrawing sets
    `withdrawn_at` (and is written to the decision ledger); a new supervisor is a new pair,
    so they see the plan only if its owner shares it with them."""

    __tablename__ = "wellness_plan_shares"
    __table_args__ = (Index("ix_wellness_plan_shares_pair_live", "pair_id", "withdrawn_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # The identifier the decision ledger uses for a withdrawal.
    public_id: Mapped[str] = mapped_column(String(32), unique=True, default=new_public_id)
    owner_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    pair_id: Mapped[int] = mapped_column(ForeignKey("supervision_pairs.id", ondelete="CASCADE"))
    version_id: Mapped[int] = mapped_column(ForeignKey("wellness_plan_versions.id", ondelete="CASCADE"), index=True)
    shared_at: Mapped[datetime] = mapped_column(default=utcnow)
    withdrawn_at: Mapped[datetime | None]
