"""A shared episode covers the entries it held when it was shared.

Revision ID: 0010_share_snapshot
Revises: 0009_scale

Episodes already shared are given the finished entries they held at the moment of sharing
(those completed by then); anything finished later stays private until its author shares it.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0010_share_snapshot'
down_revision: str | None = '0009_scale'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('shared_item_entries',
    sa.Column('shared_item_id', sa.Integer(), nullable=False),
    sa.Column('entry_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['entry_id'], ['entries.id'], name=op.f('fk_shared_item_entries_entry_id_entries'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['shared_item_id'], ['shared_items.id'], name=op.f('fk_shared_item_entries_shared_item_id_shared_items'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('shared_item_id', 'entry_id', name=op.f('pk_shared_item_entries'))
    )
    with op.batch_alter_table('shared_item_entries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_shared_item_entries_entry_id'), ['entry_id'], unique=False)
    op.execute(
        "INSERT INTO shared_item_entries (shared_item_id, entry_id) "
        "SELECT shared_items.id, entries.id FROM shared_items JOIN entries ON entries.episode_id = shared_items.episode_id "
        "WHERE shared_items.kind = 'episode' AND entries.status = 'complete' "
        "AND entries.completed_at IS NOT NULL AND entries.completed_at <= shared_items.shared_at"
    )


def downgrade() -> None:
    with op.batch_alter_table('shared_item_entries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_shared_item_entries_entry_id'))
    op.drop_table('shared_item_entries')
