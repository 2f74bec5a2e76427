"""Passkeys: a passkey (WebAuthn with the PRF extension) can open a person's own key, beside
their passphrase; each ceremony's challenge is kept for the session that began it, used once.

Revision ID: 0022_passkeys
Revises: 0021_shared_copies
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import reflect.models.base


revision: str = '0022_passkeys'
down_revision: str | None = '0021_shared_copies'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_WHEN = reflect.models.base.UTCDateTime(timezone=True)


def upgrade() -> None:
    op.create_table('passkeys',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('public_id', sa.String(length=32), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('credential_id', sa.LargeBinary(), nullable=False),
    sa.Column('public_key', sa.LargeBinary(), nullable=False),
    sa.Column('sign_count', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=60), nullable=False),
    sa.Column('prf_salt', sa.LargeBinary(), nullable=False),
    sa.Column('created_at', _WHEN, nullable=False),
    sa.Column('last_used_at', _WHEN, nullable=True),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_passkeys_person_id_people'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_passkeys')),
    sa.UniqueConstraint('credential_id', name=op.f('uq_passkeys_credential_id')),
    sa.UniqueConstraint('public_id', name=op.f('uq_passkeys_public_id'))
    )
    with op.batch_alter_table('passkeys', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_passkeys_person_id'), ['person_id'], unique=False)
    op.create_table('passkey_challenges',
    sa.Column('public_id', sa.String(length=32), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('purpose', sa.String(length=20), nullable=False),
    sa.Column('challenge', sa.LargeBinary(), nullable=False),
    sa.Column('expires_at', _WHEN, nullable=False),
    sa.Column('name', sa.String(length=60), nullable=True),
    sa.Column('credential_id', sa.LargeBinary(), nullable=True),
    sa.Column('public_key', sa.LargeBinary(), nullable=True),
    sa.Column('sign_count', sa.Integer(), nullable=True),
    sa.Column('prf_salt', sa.LargeBinary(), nullable=True),
    sa.ForeignKeyConstraint(['token_hash'], ['auth_sessions.token_hash'], name=op.f('fk_passkey_challenges_token_hash_auth_sessions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('public_id', name=op.f('pk_passkey_challenges'))
    )
    with op.batch_alter_table('passkey_challenges', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_passkey_challenges_token_hash'), ['token_hash'], unique=False)


def downgrade() -> None:
    op.drop_table('passkey_challenges')
    op.drop_table('passkeys')
