"""Whether this replica's database is ready for it: reachable, at the newest migration, and
made with this replica's server key. Read by /ready (reflect/operations.py); every answer is
one of a few fixed phrases, so nothing about the data, the key or the settings leaves here.
"""

from __future__ import annotations

import functools

from alembic.script import ScriptDirectory
from sqlalchemy import select, text

from reflect.db import Database, alembic_config
from reflect.crypto import ServerKey
from reflect.logs import event
from reflect.models import Installation

DATABASE_UNREACHABLE = "database unreachable"
MIGRATIONS_BEHIND = "database not at the newest migration"
KEY_MISMATCH = "server key does not match the database"


@functools.cache
def newest_migration() -> str | None:
    """The newest migration this version of Reflect ships."""
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def database_problems(db: Database, server_key: ServerKey) -> list[str]:
    """What stops this replica's database serving it, as fixed phrases: none when it is ready."""
    try:
        with db.read() as session:
            session.execute(text("SELECT 1"))
            stored_key = session.scalar(select(Installation.key_fingerprint).where(Installation.id == 1))
        revision = db.schema_revision()
    except Exception as exc:  # any failure to reach or read the database reads as unreachable
        event("ready.database_unreachable", connection_refused=isinstance(exc, OSError))
        return [DATABASE_UNREACHABLE]
    problems = []
    if revision != newest_migration():
        problems.append(MIGRATIONS_BEHIND)
    if stored_key != server_key.fingerprint():
        problems.append(KEY_MISMATCH)
    return problems
