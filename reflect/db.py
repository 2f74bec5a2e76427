"""The engine and sessions: one engine per process, short transactions owned by services."""

from __future__ import annotations

import fcntl
import os
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, Engine, create_engine, event, exc, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import URL
from sqlalchemy.orm import Session, sessionmaker

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
SQLITE_BUSY_TIMEOUT_MS = 10_000
# A pooled PostgreSQL connection is checked with a round trip before use only when it has sat
# unused this long (see _ping_when_idle).
PING_AFTER_IDLE_S = 2.0


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event below issue BEGIN itself, so reads are snapshots
        # and writes can take the write lock up front.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        # FULL: a save the app has acknowledged survives a power cut or crash.
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        # A deleted row's bytes are overwritten, not left in free pages: whatever this build's
        # default, nothing erased lingers in the database file.
        cursor.execute("PRAGMA secure_delete=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        # A write transaction takes the lock at BEGIN: a deferred transaction that later
        # upgrades to writing can fail at once with "database is locked" under load.
        mode = connection.get_execution_options().get("reflect_begin", "DEFERRED")
        # Straight to the driver: BEGIN returns nothing, and every read and write starts with
        # one, so it skips the statement machinery (contexts, result objects) a query needs.
        connection.connection.driver_connection.execute(f"BEGIN {mode}").close()


def _ping_when_idle(engine: Engine, after_s: float) -> None:
    """Before a pooled connection is used, check it with a round trip if it has sat unused for
    `after_s` seconds or more, and replace it if the server has closed it (a restart, a network
    drop, an idle timeout on the way).

    SQLAlchemy's `pool_pre_ping` checks before every use: one more round trip for every unit of
    work, several on every rerun, spent in the app and the database alike. A connection used
    within the last moments is taken as it is. If the server closed it in that moment, its
    first statement fails once with a disconnect, as a statement under way at a restart does,
    and SQLAlchemy then marks every older connection stale, so they are replaced rather than
    tried (tests/test_db.py shows both).
    """

    @event.listens_for(engine, "checkin")
    def _checked_in(_dbapi_connection: Any, record: Any) -> None:
        record.info["reflect_idle_since"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _checked_out(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        idle_since = record.info.get("reflect_idle_since")
        if idle_since is None or time.monotonic() - idle_since < after_s:
            return  # new, or used just now
        try:
            engine.dialect.do_ping(dbapi_connection)
        except engine.dialect.loaded_dbapi.Error as error:
            if engine.dialect.is_disconnect(error, dbapi_connection, None):
                # The pool throws this connection away and takes a new one.
                raise exc.DisconnectionError() from error
            raise


def _make_owner_only(database: str | None) -> None:
    """Create the database file readable by this account alone, and tighten an older one.

    SQLite gives the WAL and shared-memory files the permissions of the database file.
    """
    if not database or database == ":memory:" or database.startswith("file:"):
        return
    path = Path(database).expanduser()
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))
    except OSError:
        return  # the folder is missing or read-only: opening the database reports it
    for extra in ("", "-wal", "-shm", "-journal", "-writers"):
        candidate = path.with_name(path.name + extra)
        try:
            if candidate.stat().st_mode & 0o077:
                candidate.chmod(0o600)
        except OSError:
            continue


# The check a unit of work runs first, inside its transaction, given the person acting (or
# None): runtime.start sets the runtime database's to services/live_session.py's `check_live`
# (for writes) and `check_live_read` (for reads that name the person acting), that the acting
# person's sign-in session is still live.
SessionCheck = Callable[[Session, Any], None]


class Database:
    """An engine and the two kinds of unit of work services use: `read()` and `write()`."""

    def __init__(
        self,
        url: URL | str,
        *,
        echo: bool = False,
        write_check: SessionCheck | None = None,
        read_check: SessionCheck | None = None,
        ping_after_idle_s: float = PING_AFTER_IDLE_S,
    ):
        self.url = url
        self.write_check = write_check
        self.read_check = read_check
        kwargs: dict[str, Any] = {"echo": echo}
        if isinstance(url, str) or url.get_backend_name() != "sqlite":
            kwargs.update(pool_size=10, max_overflow=10)
        self.engine = create_engine(url, **kwargs)
        if self.engine.dialect.name != "sqlite":
            _ping_when_idle(self.engine, ping_after_idle_s)
        self._turn_file: Path | None = None
        self._turns = threading.local()
        if self.engine.dialect.name == "sqlite":
            _make_owner_only(self.engine.url.database)
            _configure_sqlite(self.engine)
            database = self.engine.url.database
            if database and database != ":memory:" and not database.startswith("file:"):
                path = Path(database).expanduser()
                self._turn_file = path.with_name(path.name + "-writers")
        # On PostgreSQL a read's statements run without BEGIN and COMMIT around them: at its
        # READ COMMITTED level each statement reads what is committed when it starts, in a
        # transaction or not, so a read loses nothing and saves two round trips.
        self._one_statement = self.engine if self.is_sqlite else self.engine.execution_options(isolation_level="AUTOCOMMIT")
        self._reader = sessionmaker(self._one_statement, expire_on_commit=False)
        self._writer = sessionmaker(
            self.engine.execution_options(reflect_begin="IMMEDIATE"), expire_on_commit=False
        )

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @contextmanager
    def read(self, *, by: Any = None) -> Iterator[Session]:
        """A unit of work for reading. Services write only through `write()`. On SQLite it is one
        consistent snapshot; on PostgreSQL each statement sees what was committed when it began
        (READ COMMITTED, as within a transaction there), with no BEGIN and COMMIT sent.

        Given `by`, the person acting (a read of someone's private words), the `read_check` runs
        first, in the same unit of work.
        """
        with self._reader() as session:
            with session.begin():
                if by is not None and self.read_check is not None:
                    self.read_check(session, by)
                yield session

    @contextmanager
    def read_one(self) -> Iterator[Connection]:
        """A connection for one reading statement, without the ORM's session around it: for
        the statement every rerun starts with. Reads as `read()` does."""
        with self._one_statement.connect() as connection, connection.begin():
            yield connection

    @contextmanager
    def write(self, *, check_session: bool = True, by: Any = None) -> Iterator[Session]:
        """A unit of work that commits everything, or nothing if anything raises.

        Unless `check_session` is off (signing in and out themselves), the `write_check` runs
        first, in the same transaction, given `by`, the person acting.
        """
        with self._write_turn():
            with self._writer() as session:
                with session.begin():
                    if check_session and self.write_check is not None:
                        self.write_check(session, by)
                    yield session

    @contextmanager
    def _write_turn(self) -> Iterator[None]:
        """On SQLite, writers queue for their turn on a lock file, threads and processes alike.

        SQLite's own lock is polled: under heavy load a writer can keep missing its turn until
        the busy timeout ends its save. Waiting on a file lock instead, the kernel wakes the
        next writer as soon as the lock is free, so no save is lost to waiting.
        """
        depth = getattr(self._turns, "depth", 0)
        if self._turn_file is None or depth:
            self._turns.depth = depth + 1
            try:
                yield
            finally:
                self._turns.depth = depth
            return
        fd = os.open(self._turn_file, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            self._turns.depth = 1
            try:
                yield
            finally:
                self._turns.depth = 0
        finally:
            os.close(fd)  # closing releases the lock, as does the end of a killed process

    def migrate(self) -> None:
        """Bring the schema to the newest migration."""
        with self.engine.begin() as connection:
            if connection.dialect.name == "postgresql":
                # Several replicas may start at once: only one migrates, the others wait.
                connection.execute(text("SELECT pg_advisory_xact_lock(7312001)"))
            config = alembic_config()
            config.attributes["connection"] = connection
            command.upgrade(config, "head")

    def schema_revision(self) -> str | None:
        with self.engine.connect() as connection:
            try:
                return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
            except Exception:  # no table yet: an empty database
                return None

    def dispose(self) -> None:
        self.engine.dispose()


def insert_if_absent(session: Session, model: Any, **values: Any) -> None:
    """Insert a row unless one with the same key exists (INSERT ... ON CONFLICT DO NOTHING).

    Get-or-create goes through this: two writers creating the same row at once both succeed,
    and neither loses its save to a unique-key error.
    """
    dialect = session.get_bind().dialect.name
    make = postgresql.insert if dialect == "postgresql" else sqlite.insert
    session.execute(make(model).values(**values).on_conflict_do_nothing())


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config
