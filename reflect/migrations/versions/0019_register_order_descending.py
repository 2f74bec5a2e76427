"""The register's order index reads newest first again on SQLite.

0013_decision_ledger rebuilt register_entries on SQLite (its batch mode copies a table to
change it), and SQLite's reflection does not report an index column's direction, so the copy
made `updated_at` ascending. The register's order is category, then most recently changed
first: with the direction lost, SQLite read every visible entry of the organisation and sorted
them for each listing and each capped count (2 ms at 40,000 entries, growing with the
register), where the index should let it stop after the page shown. PostgreSQL's change was
made in place and kept the index as it was, so this rebuilds it on SQLite only.

Revision ID: 0019_register_order_descending
Revises: 0018_revalidation
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0019_register_order_descending'
down_revision: str | None = '0018_revalidation'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# As 0012_register_order_covers made it (and as reflect/models/register.py declares it).
COLUMNS = [
    'organisation_id', 'category', sa.text('updated_at DESC'), 'id',
    'published', 'visibility', 'team_id', 'owner_id', 'contributor_id', 'exportable',
]


def upgrade() -> None:
    if op.get_bind().dialect.name != 'sqlite':
        return
    # Plain statements, not batch mode: batch mode would copy the table and lose it again.
    bind = op.get_bind()
    op.drop_index('ix_register_entries_org_order', table_name='register_entries')
    op.create_index('ix_register_entries_org_order', 'register_entries', COLUMNS, unique=False)
    # Dropping the index dropped its statistics. Where the database keeps statistics (a demo
    # organisation's build gathers them), the rebuilt index needs its own: without them SQLite
    # planned a two-word register search at a whole trust's size to read five times as much.
    if bind.exec_driver_sql("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'").first():
        bind.exec_driver_sql('ANALYZE register_entries')


def downgrade() -> None:
    # 0018 declared the same index; only its direction had been lost. Nothing to undo.
    pass
