"""Reflection journeys: entries against versioned question sets, history, episodes, learning notes.

Revision ID: 0002_journeys
Revises: 0001_foundation
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import reflect.models.base

revision: str = "0002_journeys"
down_revision: str | None = "0001_foundation"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('question_set_versions',
    sa.Column('set_id', sa.String(length=60), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('definition', sa.Text(), nullable=False),
    sa.Column('stored_at', reflect.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('set_id', 'version', name=op.f('pk_question_set_versions'))
    )
    op.create_table('episodes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=False),
    sa.Column('created_at', reflect.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['owner_id'], ['people.id'], name=op.f('fk_episodes_owner_id_people'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_episodes'))
    )
    with op.batch_alter_table('episodes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_episodes_owner_id'), ['owner_id'], unique=False)

    op.create_table('entries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=False),
    sa.Column('stage', sa.String(length=20), nullable=False),
    sa.Column('set_id', sa.String(length=60), nullable=False),
    sa.Column('set_version', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('episode_id', sa.Integer(), nullable=True),
    sa.Column('answers', reflect.models.base.EncryptedText(), nullable=False),
    sa.Column('created_at', reflect.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', reflect.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('completed_at', reflect.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['episode_id'], ['episodes.id'], name=op.f('fk_entries_episode_id_episodes'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['owner_id'], ['people.id'], name=op.f('fk_entries_owner_id_people'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['set_id', 'set_version'], ['question_set_versions.set_id', 'question_set_versions.version'], name=op.f('fk_entries_set_id_question_set_versions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_entries'))
    )
    with op.batch_alter_table('entries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_entries_episode_id'), ['episode_id'], unique=False)
        batch_op.create_index('ix_entries_owner_stage_updated', ['owner_id', 'stage', 'updated_at'], unique=False)
        batch_op.create_index('ix_entries_owner_updated', ['owner_id', 'updated_at'], unique=False)

    op.create_table('entry_revisions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('entry_id', sa.Integer(), nullable=False),
    sa.Column('saved_at', reflect.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('answers', reflect.models.base.EncryptedText(), nullable=False),
    sa.ForeignKeyConstraint(['entry_id'], ['entries.id'], name=op.f('fk_entry_revisions_entry_id_entries'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_entry_revisions'))
    )
    with op.batch_alter_table('entry_revisions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_entry_revisions_entry_id'), ['entry_id'], unique=False)

    op.create_table('learning_notes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=False),
    sa.Column('team_id', sa.Integer(), nullable=False),
    sa.Column('entry_id', sa.Integer(), nullable=True),
    sa.Column('body', reflect.models.base.EncryptedText(), nullable=False),
    sa.Column('created_at', reflect.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('approved_at', reflect.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['entry_id'], ['entries.id'], name=op.f('fk_learning_notes_entry_id_entries'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['owner_id'], ['people.id'], name=op.f('fk_learning_notes_owner_id_people'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['team_id'], ['teams.id'], name=op.f('fk_learning_notes_team_id_teams'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_learning_notes'))
    )
    with op.batch_alter_table('learning_notes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_learning_notes_owner_id'), ['owner_id'], unique=False)
        batch_op.create_index('ix_learning_notes_team_approved', ['team_id', 'approved_at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('learning_notes', schema=None) as batch_op:
        batch_op.drop_index('ix_learning_notes_team_approved')
        batch_op.drop_index(batch_op.f('ix_learning_notes_owner_id'))

    op.drop_table('learning_notes')
    with op.batch_alter_table('entry_revisions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_entry_revisions_entry_id'))

    op.drop_table('entry_revisions')
    with op.batch_alter_table('entries', schema=None) as batch_op:
        batch_op.drop_index('ix_entries_owner_updated')
        batch_op.drop_index('ix_entries_owner_stage_updated')
        batch_op.drop_index(batch_op.f('ix_entries_episode_id'))

    op.drop_table('entries')
    with op.batch_alter_table('episodes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_episodes_owner_id'))

    op.drop_table('episodes')
    op.drop_table('question_set_versions')
