"""The register's order index also holds who may see each entry, so a listing or a download
reads the index alone and opens only the entries it shows.

Revision ID: 0012_register_order_covers
Revises: 0011_people_by_name
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0012_register_order_covers'
down_revision: str | None = '0011_people_by_name'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ORDER = ['organisation_id', 'category', sa.text('updated_at DESC'), 'id']
COVERED = ['published', 'visibility', 'team_id', 'owner_id', 'contributor_id', 'exportable']


def upgrade() -> None:
    with op.batch_alter_table('register_entries', schema=None) as batch_op:
        batch_op.drop_index('ix_register_entries_org_order')
        batch_op.create_index('ix_register_entries_org_order', ORDER + COVERED, unique=False)


def downgrade() -> None:
    with op.batch_alter_table('register_entries', schema=None) as batch_op:
        batch_op.drop_index('ix_register_entries_org_order')
        batch_op.create_index('ix_register_entries_org_order', ORDER, unique=False)
