"""Supervision that fits its kind: a pair's kinds, personal prompts turned on for a session,
"just me" notes and each note's choices, development goals, and the Wellness at Work plan.

Revision ID: 0017_supervision_kinds
Revises: 0016_places_to_turn
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import reflect.models.base


revision: str = '0017_supervision_kinds'
down_revision: str | None = '0016_places_to_turn'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


# A session's random public id, for the decision ledger (a note kept to its writer).
_RANDOM_HEX = {
    'sqlite': 'lower(hex(randomblob(16)))',
    'postgresql': "replace(gen_random_uuid()::text, '-', '')",
}


def upgrade() -> None:
    connection = op.get_bind()
    with op.batch_alter_table('supervision_pairs', schema=None) as batch_op:
        batch_op.add_column(sa.Column('kinds', sa.String(length=80), server_default='', nullable=False))
    with op.batch_alter_table('supervision_meetings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('public_id', sa.String(length=32), nullable=True))
    connection.execute(sa.text(f'UPDATE supervision_meetings SET public_id = {_RANDOM_HEX[connection.dialect.name]}'))
    with op.batch_alter_table('supervision_meetings', schema=None) as batch_op:
        batch_op.alter_column('public_id', existing_type=sa.String(length=32), nullable=False)
        batch_op.create_unique_constraint(op.f('uq_supervision_meetings_public_id'), ['public_id'])
    with op.batch_alter_table('supervision_meetings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('personal_prompts_on', sa.Boolean(), server_default=sa.false(), nullable=False))
    op.create_table('supervision_private_notes',
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('answers', reflect.models.base.EncryptedText(), nullable=False),
    sa.Column('updated_at', reflect.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['people.id'], name=op.f('fk_supervision_private_notes_author_id_people'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['meeting_id'], ['supervision_meetings.id'], name=op.f('fk_supervision_private_notes_meeting_id_supervision_meetings'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('meeting_id', 'author_id', name=op.f('pk_supervision_private_notes'))
    )
    op.create_index(op.f('ix_supervision_private_notes_author_id'), 'supervision_private_notes', ['author_id'], unique=False)
    op.create_table('supervision_note_choices',
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('question_id', sa.String(length=60), nullable=False),
    sa.Column('just_me', sa.Boolean(), nullable=False),
    sa.Column('in_pdf', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['people.id'], name=op.f('fk_supervision_note_choices_author_id_people'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['meeting_id'], ['supervision_meetings.id'], name=op.f('fk_supervision_note_choices_meeting_id_supervision_meetings'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('meeting_id', 'author_id', 'question_id', name=op.f('pk_supervision_note_choices'))
    )
    op.create_index(op.f('ix_supervision_note_choices_author_id'), 'supervision_note_choices', ['author_id'], unique=False)
    op.create_table('supervision_goals',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('pair_id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=True),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('text', reflect.models.base.EncryptedText(), nullable=False),
    sa.Column('review_on', sa.Date(), nullable=False),
    sa.Column('last_reviewed_on', sa.Date(), nullable=True),
    sa.Column('created_at', reflect.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('closed_as', sa.String(length=20), nullable=True),
    sa.Column('closed_at', reflect.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['author_id'], ['people.id'], name=op.f('fk_supervision_goals_author_id_people'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['meeting_id'], ['supervision_meetings.id'], name=op.f('fk_supervision_goals_meeting_id_supervision_meetings'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['pair_id'], ['supervision_pairs.id'], name=op.f('fk_supervision_goals_pair_id_supervision_pairs'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_supervision_goals'))
    )
    op.create_index('ix_supervision_goals_pair_closed', 'supervision_goals', ['pair_id', 'closed_at'], unique=False)
    op.create_index(op.f('ix_supervision_goals_author_id'), 'supervision_goals', ['author_id'], unique=False)
    op.create_index(op.f('ix_supervision_goals_meeting_id'), 'supervision_goals', ['meeting_id'], unique=False)
    op.create_table('wellness_plan_versions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('content', reflect.models.base.EncryptedText(), nullable=False),
    sa.Column('created_at', reflect.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('reviewed_on', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['owner_id'], ['people.id'], name=op.f('fk_wellness_plan_versions_owner_id_people'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_wellness_plan_versions')),
    sa.UniqueConstraint('owner_id', 'version', name=op.f('uq_wellness_plan_versions_owner_id'))
    )
    op.create_index(op.f('ix_wellness_plan_versions_owner_id'), 'wellness_plan_versions', ['owner_id'], unique=False)
    op.create_table('wellness_plan_shares',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('public_id', sa.String(length=32), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=False),
    sa.Column('pair_id', sa.Integer(), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('shared_at', reflect.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('withdrawn_at', reflect.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['owner_id'], ['people.id'], name=op.f('fk_wellness_plan_shares_owner_id_people'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['pair_id'], ['supervision_pairs.id'], name=op.f('fk_wellness_plan_shares_pair_id_supervision_pairs'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['version_id'], ['wellness_plan_versions.id'], name=op.f('fk_wellness_plan_shares_version_id_wellness_plan_versions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_wellness_plan_shares')),
    sa.UniqueConstraint('public_id', name=op.f('uq_wellness_plan_shares_public_id'))
    )
    op.create_index('ix_wellness_plan_shares_pair_live', 'wellness_plan_shares', ['pair_id', 'withdrawn_at'], unique=False)
    op.create_index(op.f('ix_wellness_plan_shares_owner_id'), 'wellness_plan_shares', ['owner_id'], unique=False)
    op.create_index(op.f('ix_wellness_plan_shares_version_id'), 'wellness_plan_shares', ['version_id'], unique=False)


def downgrade() -> None:
    for table in ('wellness_plan_shares', 'wellness_plan_versions', 'supervision_goals', 'supervision_note_choices', 'supervision_private_notes'):
        op.drop_table(table)
    with op.batch_alter_table('supervision_meetings', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('uq_supervision_meetings_public_id'), type_='unique')
        batch_op.drop_column('public_id')
        batch_op.drop_column('personal_prompts_on')
    with op.batch_alter_table('supervision_pairs', schema=None) as batch_op:
        batch_op.drop_column('kinds')
