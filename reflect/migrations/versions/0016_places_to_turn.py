"""The organisation's places to turn (occupational health, employee assistance, Freedom to
Speak Up, urgent help), set by an admin and shown calmly to staff.

Revision ID: 0016_places_to_turn
Revises: 0015_audit_anchor
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import reflect.models.base


revision: str = '0016_places_to_turn'
down_revision: str | None = '0015_audit_anchor'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('places_to_turn',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('how_to_reach', sa.String(length=500), nullable=False),
    sa.Column('updated_at', reflect.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_places_to_turn_organisation_id_organisations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_places_to_turn')),
    sa.UniqueConstraint('organisation_id', 'kind', name=op.f('uq_places_to_turn_organisation_id'))
    )
    op.create_index(op.f('ix_places_to_turn_organisation_id'), 'places_to_turn', ['organisation_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_places_to_turn_organisation_id'), table_name='places_to_turn')
    op.drop_table('places_to_turn')
