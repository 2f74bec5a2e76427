"""Each data key names the keystore key that wraps it. Rows from before the keystore have no
name: they are still wrapped by the server key, and start-up moves each one under a keystore
key of its own (`installation.move_keys_to_keystore`).

Revision ID: 0014_keystore
Revises: 0013_decision_ledger
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0014_keystore'
down_revision: str | None = '0013_decision_ledger'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    for table in ('person_keys', 'register_contributors'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('key_name', sa.String(length=80), nullable=True))


def downgrade() -> None:
    for table in ('person_keys', 'register_contributors'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column('key_name')
