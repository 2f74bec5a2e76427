"""Reflection journeys: entries (preparation, quick check, after sharing), drafts, episodes.

Revision ID: 0002_journeys
Revises: 0001_foundation
"""

from collections.abc import Sequence

revision: str = "0002_journeys"
down_revision: str | None = "0001_foundation"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
