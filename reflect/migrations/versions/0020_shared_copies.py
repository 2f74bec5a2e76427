"""Private means private: each person's key pair for receiving what is shared with them, and
shared snapshots sealed for the supervisor alone.

Revision ID: 0020_shared_copies
Revises: 0019_own_keys, 0019_register_order_descending (it joins the two)
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import reflect.models.base


revision: str = '0020_shared_copies'
down_revision: str | tuple[str, ...] | None = ('0019_own_keys', '0019_register_order_descending')
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_WHEN = reflect.models.base.UTCDateTime(timezone=True)


def upgrade() -> None:
    op.create_table('recipient_keys',
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('public_key', sa.LargeBinary(), nullable=False),
    sa.Column('private_key', reflect.models.base.EncryptedText(), nullable=False),
    sa.Column('created_at', _WHEN, nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_recipient_keys_person_id_people'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('person_id', name=op.f('pk_recipient_keys'))
    )
    op.create_table('shared_copies',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=False),
    sa.Column('recipient_id', sa.Integer(), nullable=False),
    sa.Column('pair_id', sa.Integer(), nullable=False),
    sa.Column('part', sa.String(length=20), nullable=False),
    sa.Column('shared_item_id', sa.Integer(), nullable=True),
    sa.Column('wellness_share_id', sa.Integer(), nullable=True),
    sa.Column('entry_id', sa.Integer(), nullable=True),
    sa.Column('sealed', sa.LargeBinary(), nullable=False),
    sa.Column('created_at', _WHEN, nullable=False),
    sa.ForeignKeyConstraint(['entry_id'], ['entries.id'], name=op.f('fk_shared_copies_entry_id_entries'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['owner_id'], ['people.id'], name=op.f('fk_shared_copies_owner_id_people'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['pair_id'], ['supervision_pairs.id'], name=op.f('fk_shared_copies_pair_id_supervision_pairs'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['recipient_id'], ['people.id'], name=op.f('fk_shared_copies_recipient_id_people'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['shared_item_id'], ['shared_items.id'], name=op.f('fk_shared_copies_shared_item_id_shared_items'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['wellness_share_id'], ['wellness_plan_shares.id'], name=op.f('fk_shared_copies_wellness_share_id_wellness_plan_shares'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_shared_copies'))
    )
    with op.batch_alter_table('shared_copies', schema=None) as batch_op:
        batch_op.create_index('ix_shared_copies_item', ['shared_item_id', 'entry_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_shared_copies_owner_id'), ['owner_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_shared_copies_recipient_id'), ['recipient_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_shared_copies_pair_id'), ['pair_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_shared_copies_wellness_share_id'), ['wellness_share_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_shared_copies_entry_id'), ['entry_id'], unique=False)


def downgrade() -> None:
    op.drop_table('shared_copies')
    op.drop_table('recipient_keys')
