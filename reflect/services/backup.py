"""Consistent backups and restores, safe while the app runs.

A backup is a SQLite file whatever the live database is: on SQLite it is made with
`VACUUM INTO` (one consistent snapshot); on PostgreSQL the rows are copied inside one
repeatable-read transaction. Free text stays encrypted in the backup. The server key is
not in it: keep the key file's own backup apart from the database backups.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Connection, func, insert, select, text, update

from reflect import runtime
from reflect.db import Database
from reflect.ledger import DecisionKind
from reflect.logs import event
from reflect.models import AuthSession, Base, Person, utcnow
from reflect.services import audit, decisions, installation
from reflect.services.access import Actor, Permission, ensure
from reflect.services.errors import Refused

_SQLITE_MAGIC = b"SQLite format 3\x00"
_BATCH = 2000


class BackupError(Refused):
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
        # VACUUM INTO writes into an empty file: made first, so the copy is owner-only from its first byte.
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
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


@dataclass(frozen=True)
class RestoreReport:
    """What a restore applied again from the decision ledger, by kind, the sign-in sessions it
    ended, and what the operator should know."""

    reapplied: Mapping[DecisionKind, int]
    sessions_ended: int
    warnings: tuple[str, ...] = ()
    audit_events_rejoined: int = 0

    @property
    def erasures(self) -> int:
        return self.reapplied[DecisionKind.PERSON_ERASED]

    @property
    def consents_withdrawn(self) -> int:
        return self.reapplied[DecisionKind.CONSENT_WITHDRAWN]

    @property
    def shares_withdrawn(self) -> int:
        return self.reapplied[DecisionKind.SHARE_WITHDRAWN]

    @property
    def sessions_from_ledger(self) -> int:
        return self.reapplied[DecisionKind.SESSION_ENDED]

    def lines(self) -> list[str]:
        return [
            *(f"{label}: {self.reapplied[kind]}" for kind, label in decisions.LABELS.items()),
            f"Audit events recorded after the backup, added back from the audit journal: {self.audit_events_rejoined}",
            f"Sign-in sessions ended by the restore (everyone signs in again): {self.sessions_ended}",
        ]


def describe_database() -> str:
    """The database a restore would overwrite, named without its password."""
    url = runtime.current().settings.database_url
    if url.get_backend_name() == "sqlite":
        return f"the SQLite database {Path(url.database).expanduser().resolve()}"
    return f"the PostgreSQL database {url.render_as_string(hide_password=True)}"


def check_backup(*, path: Path, by: Actor) -> Path:
    """Check that `path` is a Reflect backup made with this server key. Returns the full path.

    Raises:
        BackupError: it isn't, and the message says why.
    """
    ensure(by, Permission.ADMINISTER)
    path = path.expanduser().resolve()
    _check_backup_file(path)
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        row = connection.execute("SELECT key_fingerprint FROM installation WHERE id = 1").fetchone()
    except sqlite3.DatabaseError:
        row = None  # made before backups named their key, or its installation record was removed
    finally:
        connection.close()
    if row is None:
        raise BackupError(
            f"{path} is not a backup of this installation: it doesn't say which server key it was made with, "
            "so it can't be checked. Restore a backup this installation made."
        )
    if row[0] != runtime.current().server_key.fingerprint():
        raise BackupError(
            f"{path} was made with a different server key, so nothing in it could be read here: "
            "restore it with its own key file."
        )
    return path


def restore(*, path: Path, by: Actor) -> RestoreReport:
    """Replace the database's contents with a backup, then re-apply every decision in the
    ledger and end every sign-in session.

    Raises:
        BackupError: the file is missing, is not a Reflect backup, or belongs to another key.
    """
    path = check_backup(path=path, by=by)
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
    recorded = rt.ledger.decisions()
    with rt.db.write(by=by) as session:
        # First, before anything else is recorded: the audit events the backup lacks.
        rejoined, _lost = audit.rejoin_journal(session)
        applied = decisions.reapply(session, recorded)
        now = utcnow()
        ended = session.execute(
            update(AuthSession).where(AuthSession.ended_at.is_(None)).values(ended_at=now, end_reason="restored")
        ).rowcount
        # Single sign-on identities issued before the restore are not honoured either.
        session.execute(update(Person).values(sessions_not_before=now))
        audit.record(session, by=by, action="backup_restored")
    # The backup's keys from before the keystore move into it, and the keystore loses every key
    # the ledger (and the restored database) says is destroyed.
    installation.move_keys_to_keystore(rt.db, rt.server_key, rt.keystore)
    installation.prune_keystore(rt.db, rt.keystore, rt.ledger)
    report = RestoreReport(applied.counts, ended, applied.warnings, rejoined)
    event("backup.restored", sessions=ended, **{kind.value: count for kind, count in applied.counts.items() if count})
    return report


def erasure_warnings(*, path: Path, by: Actor) -> list[str]:
    """Accounts a restore from `path` would erase, as the decision ledger says, though they signed
    in after the erasure was recorded (in this database or in the backup), each named.

    Raises:
        BackupError: the file is not a backup of this installation.
    """
    path = check_backup(path=path, by=by)
    rt = runtime.current()
    recorded = rt.ledger.decisions()
    erased = [d.public_id for d in recorded if d.kind is DecisionKind.PERSON_ERASED]
    if not erased:
        return []
    with rt.db.read() as session:
        sign_ins = decisions.last_sign_ins(session, erased)
    sign_ins += _backup_sign_ins(path)
    return list(dict.fromkeys(decisions.erased_but_signed_in(recorded, sign_ins)))


def _backup_sign_ins(path: Path) -> list[tuple[str, str, str | None, datetime]]:
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        rows = connection.execute(
            "SELECT p.public_id, p.name, p.email, MAX(s.created_at) FROM people p "
            "JOIN auth_sessions s ON s.person_id = p.id WHERE p.erased_at IS NULL GROUP BY p.id"
        ).fetchall()
    finally:
        connection.close()
    return [(public_id, name, email, _utc(at)) for public_id, name, email, at in rows]


def _utc(value: str) -> datetime:
    at = datetime.fromisoformat(value)
    return at.replace(tzinfo=UTC) if at.tzinfo is None else at


def _restore_logically(target: Database, path: Path) -> None:
    source = Database(f"sqlite:///{path}")
    try:
        with source.engine.connect() as src, target.engine.begin() as dst:
            names = ", ".join(t.name for t in Base.metadata.sorted_tables)
            # The app may not truncate the audit; a restore replaces it whole, then re-adds from
            # the audit journal what the backup lacks.
            dst.execute(text("ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_truncate"))
            dst.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
            dst.execute(text("ALTER TABLE audit_events ENABLE TRIGGER audit_events_no_truncate"))
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
