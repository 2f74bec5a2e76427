"""What a regulator asks for: written reflective accounts, the reflective discussion, the
revalidation plan, the CPD, feedback and practice hours the tracker counts, and the HCPC CPD
profile.

Written after 0016_places_to_turn; at merge it follows 0017_supervision_kinds.

Revision ID: 0018_revalidation
Revises: 0017_supervision_kinds
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import reflect.models.base


revision: str = '0018_revalidation'
down_revision: str | None = '0017_supervision_kinds'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_WHEN = reflect.models.base.UTCDateTime(timezone=True)


def upgrade() -> None:
    op.create_table('reflective_accounts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('public_id', sa.String(length=32), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=False),
    sa.Column('form_id', sa.String(length=60), nullable=False),
    sa.Column('form_version', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('source', sa.String(length=20), nullable=False),
    sa.Column('written_on', sa.Date(), nullable=False),
    sa.Column('body', reflect.models.base.EncryptedText(), nullable=False),
    sa.Column('created_at', _WHEN, nullable=False),
    sa.Column('updated_at', _WHEN, nullable=False),
    sa.ForeignKeyConstraint(['owner_id'], ['people.id'], name=op.f('fk_reflective_accounts_owner_id_people'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reflective_accounts')),
    sa.UniqueConstraint('public_id', name=op.f('uq_reflective_accounts_public_id'))
    )
    op.create_index('ix_reflective_accounts_owner_written', 'reflective_accounts', ['owner_id', 'written_on'], unique=False)
    op.create_table('reflective_discussions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('public_id', sa.String(length=32), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=False),
    sa.Column('partner_id', sa.Integer(), nullable=True),
    sa.Column('form_id', sa.String(length=60), nullable=False),
    sa.Column('form_version', sa.Integer(), nullable=False),
    sa.Column('discussed_on', sa.Date(), nullable=False),
    sa.Column('details', reflect.models.base.EncryptedText(), nullable=False),
    sa.Column('created_at', _WHEN, nullable=False),
    sa.Column('updated_at', _WHEN, nullable=False),
    sa.Column('confirmed_at', _WHEN, nullable=True),
    sa.ForeignKeyConstraint(['owner_id'], ['people.id'], name=op.f('fk_reflective_discussions_owner_id_people'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['partner_id'], ['people.id'], name=op.f('fk_reflective_discussions_partner_id_people'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reflective_discussions')),
    sa.UniqueConstraint('public_id', name=op.f('uq_reflective_discussions_public_id'))
    )
    op.create_index(op.f('ix_reflective_discussions_owner_id'), 'reflective_discussions', ['owner_id'], unique=False)
    op.create_index(op.f('ix_reflective_discussions_partner_id'), 'reflective_discussions', ['partner_id'], unique=False)
    op.create_table('revalidation_plans',
    sa.Column('owner_id', sa.Integer(), nullable=False),
    sa.Column('body', sa.String(length=20), nullable=False),
    sa.Column('renewal_on', sa.Date(), nullable=True),
    sa.Column('confirmed_on', sa.Date(), nullable=True),
    sa.Column('updated_at', _WHEN, nullable=False),
    sa.ForeignKeyConstraint(['owner_id'], ['people.id'], name=op.f('fk_revalidation_plans_owner_id_people'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('owner_id', name=op.f('pk_revalidation_plans'))
    )
    op.create_table('revalidation_records',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('done_on', sa.Date(), nullable=False),
    sa.Column('hours', sa.Float(), nullable=False),
    sa.Column('participatory', sa.Boolean(), nullable=False),
    sa.Column('note', reflect.models.base.EncryptedText(), nullable=True),
    sa.Column('created_at', _WHEN, nullable=False),
    sa.ForeignKeyConstraint(['owner_id'], ['people.id'], name=op.f('fk_revalidation_records_owner_id_people'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_revalidation_records'))
    )
    op.create_index('ix_revalidation_records_owner_on', 'revalidation_records', ['owner_id', 'done_on'], unique=False)
    op.create_table('cpd_profiles',
    sa.Column('owner_id', sa.Integer(), nullable=False),
    sa.Column('form_id', sa.String(length=60), nullable=False),
    sa.Column('form_version', sa.Integer(), nullable=False),
    sa.Column('body', reflect.models.base.EncryptedText(), nullable=False),
    sa.Column('updated_at', _WHEN, nullable=False),
    sa.ForeignKeyConstraint(['owner_id'], ['people.id'], name=op.f('fk_cpd_profiles_owner_id_people'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('owner_id', name=op.f('pk_cpd_profiles'))
    )


def downgrade() -> None:
    op.drop_table('cpd_profiles')
    op.drop_index('ix_revalidation_records_owner_on', table_name='revalidation_records')
    op.drop_table('revalidation_records')
    op.drop_table('revalidation_plans')
    op.drop_index(op.f('ix_reflective_discussions_partner_id'), table_name='reflective_discussions')
    op.drop_index(op.f('ix_reflective_discussions_owner_id'), table_name='reflective_discussions')
    op.drop_table('reflective_discussions')
    op.drop_index('ix_reflective_accounts_owner_written', table_name='reflective_accounts')
    op.drop_table('reflective_accounts')
