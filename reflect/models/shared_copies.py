"""What a person shares with their supervisor, sealed for the supervisor alone
(reflect/recipient_seal.py), and each person's key pair for receiving it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from reflect.crypto import SealedText
from reflect.models.base import Base, EncryptedText, utcnow


class RecipientKey(Base):
    """A person's X25519 key pair: the public key plainly, the private key sealed with their
    private data key (only they, signed in, can open it; erasure makes it unopenable)."""

    __tablename__ = "recipient_keys"

    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), primary_key=True)
    public_key: Mapped[bytes] = mapped_column(LargeBinary)
    private_key: Mapped[SealedText] = mapped_column(EncryptedText())
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class SharedCopy(Base):
    """One shared text, sealed at the moment of sharing for the recipient's public key: an
    entry of a shared item (`entry_id`), a shared profile experience (`part` "profile"), or a
    shared version of a Wellness at Work plan (`wellness_share_id`). Withdrawal, erasure of
    either person and the end of the pair delete it."""

    __tablename__ = "shared_copies"
    __table_args__ = (Index("ix_shared_copies_item", "shared_item_id", "entry_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    recipient_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    pair_id: Mapped[int] = mapped_column(ForeignKey("supervision_pairs.id", ondelete="CASCADE"), index=True)
    part: Mapped[str] = mapped_column(String(20))  # "entry", "profile" or "plan"
    shared_item_id: Mapped[int | None] = mapped_column(ForeignKey("shared_items.id", ondelete="CASCADE"))
    wellness_share_id: Mapped[int | None] = mapped_column(ForeignKey("wellness_plan_shares.id", ondelete="CASCADE"), index=True)
    entry_id: Mapped[int | None] = mapped_column(ForeignKey("entries.id", ondelete="CASCADE"), index=True)
    sealed: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
