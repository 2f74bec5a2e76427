"""Sessions a person can see and end: a public id, the browser and system, and the
organisation sign-in each single sign-on session came from.

Revision ID: 0008_sessions
Revises: 0007_durability
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import reflect.models.base


revision: str = '0008_sessions'
down_revision: str | None = '0007_durability'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('auth_sessions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('browser', sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column('system', sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column('sso_issued_at', reflect.models.base.UTCDateTime(timezone=True), nullable=True))
    # Sessions from before this change were held by tabs that a restart has closed (the token
    # now lives in a cookie): end them, so everyone signs in once more.
    op.execute(
        sa.text("UPDATE auth_sessions SET ended_at = :now, end_reason = 'upgraded' WHERE ended_at IS NULL").bindparams(
            sa.bindparam('now', reflect.models.base.utcnow(), type_=reflect.models.base.UTCDateTime(timezone=True))
        )
    )


def downgrade() -> None:
    with op.batch_alter_table('auth_sessions', schema=None) as batch_op:
        batch_op.drop_column('sso_issued_at')
        batch_op.drop_column('system')
        batch_op.drop_column('browser')
