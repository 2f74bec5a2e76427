"""What a regulator asks for (issue 25): written reflective accounts, the reflective discussion,
the person's revalidation plan, and the CPD, feedback and practice hours the tracker counts.

Everything here is its owner's alone. Every word is sealed with the owner's key: even the
partner named on a discussion form is the owner's record, not the partner's.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Float, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from reflect.crypto import SealedText
from reflect.models.base import Base, EncryptedText, new_public_id, utcnow


class ReflectiveAccount(Base):
    """A written reflective account on the regulator's form. `body` holds the parts and the
    Code's themes as one encrypted JSON document; `source` says only what kind of record it
    was made from (reflection, supervision, learning_note, new), never which."""

    __tablename__ = "reflective_accounts"
    __table_args__ = (Index("ix_reflective_accounts_owner_written", "owner_id", "written_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True, default=new_public_id)
    owner_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    form_id: Mapped[str] = mapped_column(String(60))
    form_version: Mapped[int]
    kind: Mapped[str] = mapped_column(String(20))
    source: Mapped[str] = mapped_column(String(20))
    written_on: Mapped[date]
    body: Mapped[SealedText] = mapped_column(EncryptedText())
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class ReflectiveDiscussion(Base):
    """The reflective discussion form. `details` (the partner's name, PIN, e-mail and
    professional address) is sealed with the owner's key. Where the partner is the owner's
    supervisor in Reflect, `partner_id` names them and they confirm it here."""

    __tablename__ = "reflective_discussions"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True, default=new_public_id)
    owner_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    partner_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"), index=True)
    form_id: Mapped[str] = mapped_column(String(60))
    form_version: Mapped[int]
    discussed_on: Mapped[date]
    details: Mapped[SealedText] = mapped_column(EncryptedText())
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    confirmed_at: Mapped[datetime | None]


class RevalidationPlan(Base):
    """The person's registration: which body, when it is renewed, and when an appropriate
    person confirmed their revalidation."""

    __tablename__ = "revalidation_plans"

    owner_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), primary_key=True)
    body: Mapped[str] = mapped_column(String(20))
    renewal_on: Mapped[date | None]
    confirmed_on: Mapped[date | None]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class RevalidationRecord(Base):
    """One thing revalidation counts: a CPD activity (hours, participatory or not), a piece of
    practice-related feedback, or a period of practice hours. `note` is sealed."""

    __tablename__ = "revalidation_records"
    __table_args__ = (Index("ix_revalidation_records_owner_on", "owner_id", "done_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20))
    done_on: Mapped[date]
    hours: Mapped[float] = mapped_column(Float, default=0.0)
    participatory: Mapped[bool] = mapped_column(default=False)
    note: Mapped[SealedText | None] = mapped_column(EncryptedText())
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class CpdProfile(Base):
    """The person's HCPC CPD profile: the summary of practice, the personal statement for each
    standard and the evidence list, as one encrypted JSON document."""

    __tablename__ = "cpd_profiles"

    owner_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), primary_key=True)
    form_id: Mapped[str] = mapped_column(String(60))
    form_version: Mapped[int]
    body: Mapped[SealedText] = mapped_column(EncryptedText())
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
