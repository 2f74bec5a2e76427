"""Guidance: practice role and profession, session kind and supervisor's lived experience,
opt-in exports for personal-experience register entries, team records and actions.

Revision ID: 0005_guidance
Revises: 0004_supervision
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import reflect.models.base


revision: str = '0005_guidance'
down_revision: str | None = '0004_supervision'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('people') as batch:
        batch.add_column(sa.Column('practice_role', sa.String(length=20), nullable=True))
        batch.add_column(sa.Column('profession', sa.String(length=60), nullable=True))
    with op.batch_alter_table('supervision_meetings') as batch:
        batch.add_column(sa.Column('kind', sa.String(length=20), nullable=True))
        batch.add_column(sa.Column('supervisor_lived_experience', sa.String(length=20), nullable=True))
    with op.batch_alter_table('register_entries') as batch:
        batch.add_column(sa.Column('exportable', sa.Boolean(), nullable=False, server_default=sa.false()))
    op.create_table('team_records',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('team_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('held_on', sa.Date(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('set_id', sa.String(length=64), nullable=False),
    sa.Column('set_version', sa.Integer(), nullable=False),
    sa.Column('answers', reflect.models.base.EncryptedText(), nullable=False),
    sa.Column('created_at', reflect.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['people.id'], name=op.f('fk_team_records_author_id_people'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['team_id'], ['teams.id'], name=op.f('fk_team_records_team_id_teams'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_team_records'))
    )
    op.create_index('ix_team_records_team_kind', 'team_records', ['team_id', 'kind', 'held_on'], unique=False)
    op.create_index(op.f('ix_team_records_author_id'), 'team_records', ['author_id'], unique=False)
    op.create_table('team_actions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('record_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=False),
    sa.Column('text', reflect.models.base.EncryptedText(), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=True),
    sa.Column('done_at', reflect.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('created_at', reflect.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['people.id'], name=op.f('fk_team_actions_author_id_people'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['owner_id'], ['people.id'], name=op.f('fk_team_actions_owner_id_people'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['record_id'], ['team_records.id'], name=op.f('fk_team_actions_record_id_team_records'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_team_actions'))
    )
    op.create_index(op.f('ix_team_actions_record_id'), 'team_actions', ['record_id'], unique=False)
    op.create_index(op.f('ix_team_actions_owner_id'), 'team_actions', ['owner_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_team_actions_owner_id'), table_name='team_actions')
    op.drop_index(op.f('ix_team_actions_record_id'), table_name='team_actions')
    op.drop_table('team_actions')
    op.drop_index(op.f('ix_team_records_author_id'), table_name='team_records')
    op.drop_index('ix_team_records_team_kind', table_name='team_records')
    op.drop_table('team_records')
    with op.batch_alter_table('register_entries') as batch:
        batch.drop_column('exportable')
    with op.batch_alter_table('supervision_meetings') as batch:
        batch.drop_column('supervisor_lived_experience')
        batch.drop_column('kind')
    with op.batch_alter_table('people') as batch:
        batch.drop_column('profession')
        batch.drop_column('practice_role')
