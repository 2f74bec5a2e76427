"""The audit chain is keyed from here on, the app cannot truncate it, and its events name
people by id alone (a restore re-adds events about people the backup does not hold).

Revision ID: 0015_audit_anchor
Revises: 0014_keystore
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0015_audit_anchor'
down_revision: str | None = '0014_keystore'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_SQLITE_TRIGGERS = [
    f"CREATE TRIGGER audit_events_no_{verb.lower()} BEFORE {verb} ON audit_events "
    "BEGIN SELECT RAISE(ABORT, 'audit events cannot be changed or deleted'); END"
    for verb in ("UPDATE", "DELETE")
]
_FOREIGN_KEYS = (
    ('fk_audit_events_actor_id_people', 'actor_id'),
    ('fk_audit_events_subject_id_people', 'subject_id'),
)


def upgrade() -> None:
    bind = op.get_bind()
    keying = op.create_table(
        'audit_keying',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('keyed_from', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_keying')),
    )
    # Every event recorded from now on is keyed; those already recorded keep their SHA-256 and
    # the chain runs on across the two. With no row (a new database) every event is keyed.
    newest = bind.scalar(sa.text("SELECT MAX(id) FROM audit_events"))
    if newest:
        op.bulk_insert(keying, [{'id': 1, 'keyed_from': newest + 1}])
    if bind.dialect.name == "sqlite":
        for verb in ("update", "delete"):
            op.execute(f"DROP TRIGGER audit_events_no_{verb}")
        with op.batch_alter_table('audit_events', schema=None, recreate='always') as batch_op:
            for name, _column in _FOREIGN_KEYS:
                batch_op.drop_constraint(name, type_='foreignkey')
        for statement in _SQLITE_TRIGGERS:
            op.execute(statement)
        return  # SQLite has no TRUNCATE: a DELETE meets the trigger above
    for name, _column in _FOREIGN_KEYS:
        op.drop_constraint(name, 'audit_events', type_='foreignkey')
    op.execute(
        "CREATE FUNCTION audit_events_no_truncate() RETURNS trigger LANGUAGE plpgsql AS $$ "
        "BEGIN RAISE EXCEPTION 'audit events cannot be truncated'; END $$"
    )
    op.execute(
        "CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events "
        "FOR EACH STATEMENT EXECUTE FUNCTION audit_events_no_truncate()"
    )


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        for verb in ("update", "delete"):
            op.execute(f"DROP TRIGGER audit_events_no_{verb}")
        with op.batch_alter_table('audit_events', schema=None, recreate='always') as batch_op:
            for name, column in _FOREIGN_KEYS:
                batch_op.create_foreign_key(name, 'people', [column], ['id'])
        for statement in _SQLITE_TRIGGERS:
            op.execute(statement)
    else:
        op.execute("DROP TRIGGER audit_events_no_truncate ON audit_events")
        op.execute("DROP FUNCTION audit_events_no_truncate()")
        for name, column in _FOREIGN_KEYS:
            op.create_foreign_key(name, 'audit_events', 'people', [column], ['id'])
    op.drop_table('audit_keying')
