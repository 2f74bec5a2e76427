"""Operations: deactivated accounts, one-time passwords, archived teams, a hash-chained audit.

Revision ID: 0006_operations
Revises: 0005_guidance
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import reflect.models.base
from reflect.models.security import GENESIS_HASH, chain_hash

revision: str = '0006_operations'
down_revision: str | None = '0005_guidance'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_SQLITE_TRIGGERS = {
    verb: (
        f"CREATE TRIGGER audit_events_no_{verb.lower()} BEFORE {verb} ON audit_events "
        "BEGIN SELECT RAISE(ABORT, 'audit events cannot be changed or deleted'); END"
    )
    for verb in ("UPDATE", "DELETE")
}


def _chain_existing_events() -> None:
    """Give every event already recorded its place in the chain, oldest first."""
    bind = op.get_bind()
    events = sa.table(
        'audit_events',
        sa.column('id', sa.Integer()),
        sa.column('at', reflect.models.base.UTCDateTime(timezone=True)),
        sa.column('actor_id', sa.Integer()),
        sa.column('action', sa.String()),
        sa.column('subject_id', sa.Integer()),
        sa.column('object_type', sa.String()),
        sa.column('object_id', sa.Integer()),
        sa.column('prev_hash', sa.String()),
        sa.column('hash', sa.String()),
    )
    rows = bind.execute(
        sa.select(events.c.id, events.c.at, events.c.actor_id, events.c.action, events.c.subject_id, events.c.object_type, events.c.object_id)
        .order_by(events.c.id)
    ).all()
    if not rows:
        return
    if bind.dialect.name == "sqlite":
        op.execute("DROP TRIGGER audit_events_no_update")
    else:
        op.execute("ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only")
    previous = GENESIS_HASH
    for row in rows:
        digest = chain_hash(previous, row.at, row.actor_id, row.action, row.subject_id, row.object_type, row.object_id)
        bind.execute(sa.update(events).where(events.c.id == row.id).values(prev_hash=previous, hash=digest))
        previous = digest
    if bind.dialect.name == "sqlite":
        op.execute(_SQLITE_TRIGGERS["UPDATE"])
    else:
        op.execute("ALTER TABLE audit_events ENABLE TRIGGER audit_events_append_only")


def upgrade() -> None:
    op.add_column('people', sa.Column('deactivated_at', reflect.models.base.UTCDateTime(timezone=True), nullable=True))
    op.add_column('people', sa.Column('must_change_password', sa.Boolean(), nullable=False, server_default=sa.false()))
    op.add_column('teams', sa.Column('archived_at', reflect.models.base.UTCDateTime(timezone=True), nullable=True))
    op.add_column('audit_events', sa.Column('prev_hash', sa.String(length=64), nullable=True))
    op.add_column('audit_events', sa.Column('hash', sa.String(length=64), nullable=True))
    _chain_existing_events()


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        for verb in ("update", "delete"):
            op.execute(f"DROP TRIGGER audit_events_no_{verb}")
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.drop_column('hash')
        batch_op.drop_column('prev_hash')
    if bind.dialect.name == "sqlite":
        for statement in _SQLITE_TRIGGERS.values():
            op.execute(statement)
    with op.batch_alter_table('teams', schema=None) as batch_op:
        batch_op.drop_column('archived_at')
    with op.batch_alter_table('people', schema=None) as batch_op:
        batch_op.drop_column('must_change_password')
        batch_op.drop_column('deactivated_at')
