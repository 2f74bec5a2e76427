"""Durability: random public ids for the decision ledger, the server key's fingerprint,
and sign-in pauses counted by address.

Revision ID: 0007_durability
Revises: 0006_operations
"""

import uuid
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import reflect.models.base


revision: str = '0007_durability'
down_revision: str | None = '0006_operations'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Table, key column: every existing row gets its own random public id.
_PUBLIC_IDS = (
    ('people', 'id'),
    ('register_contributors', 'id'),
    ('shared_items', 'id'),
    ('auth_sessions', 'token_hash'),
)


def upgrade() -> None:
    connection = op.get_bind()
    for table, key in _PUBLIC_IDS:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('public_id', sa.String(length=32), nullable=True))
        keys = [row[0] for row in connection.execute(sa.text(f'SELECT {key} FROM {table}'))]
        for value in keys:
            connection.execute(
                sa.text(f'UPDATE {table} SET public_id = :public_id WHERE {key} = :key'),
                {'public_id': uuid.uuid4().hex, 'key': value},
            )
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column('public_id', existing_type=sa.String(length=32), nullable=False)
            batch_op.create_unique_constraint(op.f(f'uq_{table}_public_id'), ['public_id'])

    with op.batch_alter_table('sign_in_failures', schema=None) as batch_op:
        batch_op.add_column(sa.Column('address_hash', sa.String(length=64), nullable=True))
        batch_op.alter_column('person_id', existing_type=sa.Integer(), nullable=True)
        batch_op.create_index('ix_sign_in_failures_address_at', ['address_hash', 'at'], unique=False)

    op.create_table('sign_in_pauses',
    sa.Column('address_hash', sa.String(length=64), nullable=False),
    sa.Column('paused_until', reflect.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('address_hash', name=op.f('pk_sign_in_pauses'))
    )
    op.create_table('installation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key_fingerprint', sa.String(length=64), nullable=False),
    sa.Column('created_at', reflect.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_installation'))
    )


def downgrade() -> None:
    op.drop_table('installation')
    op.drop_table('sign_in_pauses')
    with op.batch_alter_table('sign_in_failures', schema=None) as batch_op:
        batch_op.drop_index('ix_sign_in_failures_address_at')
        batch_op.drop_column('address_hash')
    for table, _key in reversed(_PUBLIC_IDS):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(op.f(f'uq_{table}_public_id'), type_='unique')
            batch_op.drop_column('public_id')
