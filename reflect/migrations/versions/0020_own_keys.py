"""Private means private: each person's own key, wrapped by their password, passphrase or
recovery code, and, for a signed-in session, by a key only the session's cookie gives.

Written as 0019 after 0018_revalidation; at merge it follows 0019_register_order_descending.

Revision ID: 0020_own_keys
Revises: 0019_register_order_descending
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import reflect.models.base


revision: str = '0020_own_keys'
down_revision: str | None = '0019_register_order_descending'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_WHEN = reflect.models.base.UTCDateTime(timezone=True)


def upgrade() -> None:
    op.create_table('own_key_wraps',
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('salt', sa.LargeBinary(), nullable=False),
    sa.Column('derivation', sa.String(length=60), nullable=False),
    sa.Column('wrapped', sa.LargeBinary(), nullable=False),
    sa.Column('created_at', _WHEN, nullable=False),
    sa.Column('confirmed_at', _WHEN, nullable=True),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_own_key_wraps_person_id_people'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('person_id', 'kind', name=op.f('pk_own_key_wraps'))
    )
    with op.batch_alter_table('auth_sessions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('own_key_wrap', sa.LargeBinary(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('auth_sessions', schema=None) as batch_op:
        batch_op.drop_column('own_key_wrap')
    op.drop_table('own_key_wraps')
