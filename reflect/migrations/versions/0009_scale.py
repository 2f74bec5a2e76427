"""Indexes that keep pages flat as the organisation grows.

Revision ID: 0009_scale
Revises: 0008_sessions
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0009_scale'
down_revision: str | None = '0008_sessions'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('register_entries', schema=None) as batch_op:
        batch_op.create_index(
            'ix_register_entries_org_order', ['organisation_id', 'category', sa.text('updated_at DESC'), 'id'], unique=False
        )
        batch_op.create_index('ix_register_entries_org_language', ['organisation_id', 'language'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('register_entries', schema=None) as batch_op:
        batch_op.drop_index('ix_register_entries_org_language')
        batch_op.drop_index('ix_register_entries_org_order')
