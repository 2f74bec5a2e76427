"""The admin's list of accounts reads people by name from an index, a page at a time.

Revision ID: 0011_people_by_name
Revises: 0010_share_snapshot
"""

from collections.abc import Sequence

from alembic import op


revision: str = '0011_people_by_name'
down_revision: str | None = '0010_share_snapshot'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('people', schema=None) as batch_op:
        batch_op.create_index('ix_people_org_name', ['organisation_id', 'name', 'id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('people', schema=None) as batch_op:
        batch_op.drop_index('ix_people_org_name')
