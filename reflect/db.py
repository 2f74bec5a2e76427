"""The engine and sessions: one engine per process, short transactions owned by services."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import URL
from sqlalchemy.orm import Session, sessionmaker

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
SQLITE_BUSY_TIMEOUT_MS = 10_000


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
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        # A write transaction takes the lock at BEGIN: a deferred transaction that later
        # upgrades to writing can fail at once with "database is locked" under load.
        mode = connection.get_execution_options().get("reflect_begin", "DEFERRED")
        connection.exec_driver_sql(f"BEGIN {mode}")


# Checks every write unit of work runs first, inside its transaction (services/auth.py adds
# the check that the acting person's session is still live).
_write_checks: list[Callable[[Session], None]] = []


def add_write_check(check: Callable[[Session], None]) -> None:
    if check not in _write_checks:
        _write_checks.append(check)


class Database:
    """An engine and the two kinds of unit of work services use: `read()` and `write()`."""

    def __init__(self, url: URL | str, *, echo: bool = False):
        self.url = url
        kwargs: dict[str, Any] = {"echo": echo}
        if isinstance(url, str) or url.get_backend_name() != "sqlite":
            kwargs.update(pool_pre_ping=True, pool_size=10, max_overflow=10)
        self.engine = create_engine(url, **kwargs)
        if self.engine.dialect.name == "sqlite":
            _configure_sqlite(self.engine)
        self._reader = sessionmaker(self.engine, expire_on_commit=False)
        self._writer = sessionmaker(
            self.engine.execution_options(reflect_begin="IMMEDIATE"), expire_on_commit=False
        )

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A unit of work for reading: one consistent snapshot. Services write only through `write()`."""
        with self._reader() as session:
            with session.begin():
                yield session

    @contextmanager
    def write(self, *, check_session: bool = True) -> Iterator[Session]:
        """A unit of work that commits everything, or nothing if anything raises.

        Unless `check_session` is off (signing in and out themselves), the acting person's
        session is checked first, in the same transaction.
        """
        with self._writer() as session:
            with session.begin():
                if check_session:
                    for check in _write_checks:
                        check(session)
                yield session

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


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config
