"""Every decision that narrows access is in the decision ledger: random public ids for entries,
learning notes, register entries, supervision pairs and teams, and when each password was last set.

Revision ID: 0013_decision_ledger
Revises: 0012_register_order_covers
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import reflect.models.base


revision: str = '0013_decision_ledger'
down_revision: str | None = '0012_register_order_covers'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_PUBLIC_IDS = ('entries', 'learning_notes', 'register_entries', 'supervision_pairs', 'teams')

# One statement per table, so a large register is numbered as fast as the database can write.
_RANDOM_HEX = {
    'sqlite': 'lower(hex(randomblob(16)))',
    'postgresql': "replace(gen_random_uuid()::text, '-', '')",
}


def upgrade() -> None:
    connection = op.get_bind()
    for table in _PUBLIC_IDS:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('public_id', sa.String(length=32), nullable=True))
        connection.execute(sa.text(f'UPDATE {table} SET public_id = {_RANDOM_HEX[connection.dialect.name]}'))
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column('public_id', existing_type=sa.String(length=32), nullable=False)
            batch_op.create_unique_constraint(op.f(f'uq_{table}_public_id'), ['public_id'])
    with op.batch_alter_table('people', schema=None) as batch_op:
        batch_op.add_column(sa.Column('password_set_at', reflect.models.base.UTCDateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('people', schema=None) as batch_op:
        batch_op.drop_column('password_set_at')
    for table in reversed(_PUBLIC_IDS):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(op.f(f'uq_{table}_public_id'), type_='unique')
            batch_op.drop_column('public_id')
