"""Consistent backups and restores, safe while the app runs.

A backup is a SQLite file whatever the live database is: on SQLite it is made with
`VACUUM INTO` (one consistent snapshot); on PostgreSQL the rows are copied inside one
repeatable-read transaction. Free text stays encrypted in the backup. The server key is
not in it: keep the key file's own backup apart from the database backups.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy import Connection, func, insert, select, text

from reflect import runtime
from reflect.db import Database
from reflect.logs import event
from reflect.models import Base
from reflect.services.access import Actor, Permission, ensure
from reflect.services.people import apply_erasure

_SQLITE_MAGIC = b"SQLite format 3\x00"
_BATCH = 2000


class BackupError(Exception):
    """A backup or restore could not be done; the message says why and what to do."""


def backup(*, path: Path, by: Actor) -> int:
    """Write a consistent copy of the database to `path`. Returns the number of rows copied.

    Raises:
        BackupError: the file exists already, or its folder is missing.
    """
    ensure(by, Permission.ADMINISTER)
    path = path.expanduser().resolve()
    if path.exists():
        raise BackupError(f"{path} already exists: choose a new file name so no backup is overwritten.")
    if not path.parent.is_dir():
        raise BackupError(f"The folder {path.parent} does not exist.")
    db = runtime.current().db
    if db.is_sqlite:
        raw = db.engine.raw_connection()
        try:
            # Outside any transaction: VACUUM INTO reads one consistent snapshot by itself.
            raw.driver_connection.execute("VACUUM INTO ?", (str(path),))
        finally:
            raw.close()
        rows = _count_rows(Database(f"sqlite:///{path}"))
    else:
        rows = _backup_logically(db, path)
    path.chmod(0o600)
    event("backup.written", rows=rows)
    return rows


def _count_rows(db: Database) -> int:
    try:
        with db.engine.connect() as connection:
            return sum(connection.scalar(select(func.count()).select_from(t)) for t in Base.metadata.sorted_tables)
    finally:
        db.dispose()


def _backup_logically(source: Database, path: Path) -> int:
    target = Database(f"sqlite:///{path}")
    try:
        target.migrate()
        with source.engine.connect().execution_options(isolation_level="REPEATABLE READ") as src:
            with src.begin():
                src.exec_driver_sql("SET TRANSACTION READ ONLY")
                with target.engine.begin() as dst:
                    return _copy_rows(src, dst)
    finally:
        target.dispose()


def _copy_rows(src: Connection, dst: Connection) -> int:
    copied = 0
    for table in Base.metadata.sorted_tables:
        result = src.execute(select(table).order_by(*table.primary_key.columns))
        while batch := result.fetchmany(_BATCH):
            dst.execute(insert(table), [row._asdict() for row in batch])
            copied += len(batch)
    return copied


def _check_backup_file(path: Path) -> str:
    if not path.is_file():
        raise BackupError(f"There is no backup file at {path}.")
    with path.open("rb") as handle:
        if handle.read(len(_SQLITE_MAGIC)) != _SQLITE_MAGIC:
            raise BackupError(f"{path} is not a Reflect backup (it is not a SQLite database file).")
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        revision = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"{path} is not a Reflect backup (it has no schema version).") from exc
    finally:
        connection.close()
    if not revision:
        raise BackupError(f"{path} is not a Reflect backup (it has no schema version).")
    return revision[0]


def restore(*, path: Path, by: Actor) -> int:
    """Replace the database's contents with a backup, then re-apply every erasure in the ledger.

    Returns the number of erasures re-applied.

    Raises:
        BackupError: the file is missing or is not a Reflect backup.
    """
    ensure(by, Permission.ADMINISTER)
    path = path.expanduser().resolve()
    _check_backup_file(path)
    rt = runtime.current()
    if rt.db.is_sqlite:
        source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        raw = rt.db.engine.raw_connection()
        try:
            source.backup(raw.driver_connection)
        finally:
            raw.close()
            source.close()
        rt.db.engine.dispose()  # pooled connections may hold the old pages' schema cache
    else:
        _restore_logically(rt.db, path)
    rt.db.migrate()  # an older backup is brought up to the current schema
    erased = rt.ledger.person_ids()
    with rt.db.write() as session:
        for person_id in erased:
            apply_erasure(session, person_id)
    event("backup.restored", erasures=len(erased))
    return len(erased)


def _restore_logically(target: Database, path: Path) -> None:
    source = Database(f"sqlite:///{path}")
    try:
        with source.engine.connect() as src, target.engine.begin() as dst:
            names = ", ".join(t.name for t in Base.metadata.sorted_tables)
            dst.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
            _copy_rows(src, dst)
            _reset_sequences(dst)
    finally:
        source.dispose()


def _reset_sequences(connection: Connection) -> None:
    for table in Base.metadata.sorted_tables:
        column = table.autoincrement_column
        if column is None:
            continue
        connection.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('{table.name}', '{column.name}'), "
                f"COALESCE((SELECT MAX({column.name}) FROM {table.name}), 0) + 1, false)"
            )
        )
