"""The organisation's own places to turn: support for staff, set by an admin."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from reflect.models.base import Base, utcnow


class PlaceToTurn(Base):
    """One place staff can turn to (occupational health, employee assistance, Freedom to Speak
    Up, urgent help), with how to reach it. Organisation information, not anyone's words."""

    __tablename__ = "places_to_turn"
    __table_args__ = (UniqueConstraint("organisation_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(200))
    how_to_reach: Mapped[str] = mapped_column(String(500))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
