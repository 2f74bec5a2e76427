"""Migrations from empty on both databases, and the SQLite durability settings."""

import sqlite3

import pytest
from sqlalchemy import inspect, text
from sqlalchemy.exc import DatabaseError, IntegrityError

from reflect.db import Database
from reflect.models import AuditEvent, Base
from tests.conftest import create_database


def _check_schema(db: Database) -> None:
    tables = set(inspect(db.engine).get_table_names())
    assert {t.name for t in Base.metadata.sorted_tables} <= tables
    assert db.schema_revision() is not None


def test_migrations_run_from_empty_on_sqlite(tmp_path):
    db = Database(f"sqlite:///{tmp_path / 'empty.db'}")
    assert db.schema_revision() is None
    db.migrate()
    _check_schema(db)
    db.migrate()  # a second run is a no-op
    db.dispose()


def test_migrations_run_from_empty_on_postgresql(postgres):
    db = Database(create_database(postgres, "reflect_migrations"))
    assert db.schema_revision() is None
    db.migrate()
    _check_schema(db)
    db.dispose()


def test_sqlite_is_durable_and_checks_foreign_keys(tmp_path):
    db = Database(f"sqlite:///{tmp_path / 'p.db'}")
    with db.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == 10_000
    db.dispose()


def test_on_sqlite_a_write_holds_the_write_lock_from_its_start_and_a_read_is_one_snapshot(tmp_path):
    path = tmp_path / "t.db"
    db = Database(f"sqlite:///{path}")
    with db.engine.begin() as connection:
        connection.exec_driver_sql("CREATE TABLE t (n INTEGER)")
        connection.exec_driver_sql("INSERT INTO t VALUES (1)")
    other = sqlite3.connect(path, isolation_level=None, timeout=0)
    with db.write(check_session=False) as session:
        session.connection()  # the transaction has begun; nothing written yet
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            other.execute("BEGIN IMMEDIATE")
    other.execute("BEGIN IMMEDIATE")  # free again once the write has ended
    other.execute("ROLLBACK")
    with db.read() as session:
        assert session.execute(text("SELECT n FROM t")).scalar() == 1
        other.execute("UPDATE t SET n = 2")  # another writer, mid-read
        assert session.execute(text("SELECT n FROM t")).scalar() == 1
    with db.read() as session:
        assert session.execute(text("SELECT n FROM t")).scalar() == 2
    other.close()
    db.dispose()


def test_foreign_keys_are_enforced(rt):
    with pytest.raises(IntegrityError):
        with rt.db.write() as session:
            session.execute(text("INSERT INTO teams (organisation_id, name, created_at) VALUES (999, 'x', '2026-01-01')"))


def test_audit_events_cannot_be_changed_or_deleted_even_in_sql(rt, practitioner):
    with rt.db.write() as session:
        session.add(AuditEvent(actor_id=practitioner.person_id, action="opened", subject_id=practitioner.person_id))
    for statement in ("UPDATE audit_events SET action = 'x'", "DELETE FROM audit_events"):
        with pytest.raises(DatabaseError, match="cannot be changed or deleted"):
            with rt.db.write() as session:
                session.execute(text(statement))
    with rt.db.read() as session:
        assert session.scalar(text("SELECT action FROM audit_events")) == "opened"


def test_a_failed_write_leaves_nothing_behind(rt, org):
    from reflect.models import Team

    with pytest.raises(RuntimeError):
        with rt.db.write() as session:
            session.add(Team(organisation_id=org, name="Half made"))
            session.flush()
            raise RuntimeError("boom")
    with rt.db.read() as session:
        assert session.scalar(text("SELECT count(*) FROM teams WHERE name = 'Half made'")) == 0


def test_migrations_match_the_models(rt):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    with rt.db.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert differences == []


def _descending_in_models() -> dict[str, set[str]]:
    """Each model index with a descending column: its name and those columns."""
    from sqlalchemy.sql.elements import UnaryExpression
    from sqlalchemy.sql.operators import desc_op

    found: dict[str, set[str]] = {}
    for table in Base.metadata.sorted_tables:
        for index in table.indexes:
            for expression in index.expressions:
                if isinstance(expression, UnaryExpression) and expression.modifier is desc_op:
                    found.setdefault(index.name, set()).add(expression.element.name)
    return found


def _descending_in_database(connection, table: str, index: str) -> set[str]:
    if connection.dialect.name == "sqlite":
        # index_xinfo: (seqno, cid, name, desc, collation, key); SQLAlchemy's reflection leaves
        # the direction out, which is how a batch-mode copy of a table came to lose it.
        rows = connection.exec_driver_sql(f"PRAGMA index_xinfo('{index}')").all()
        return {row[2] for row in rows if row[5] and row[3]}
    reflected = next(i for i in inspect(connection).get_indexes(table) if i["name"] == index)
    return {column for column, sorting in reflected.get("column_sorting", {}).items() if "desc" in sorting}


def test_migrated_indexes_keep_the_models_newest_first_order(rt):
    """compare_metadata does not see an index column's direction; a listing newest first that
    lost it reads and sorts a whole organisation's rows instead of stopping after one page."""
    descending = _descending_in_models()
    assert "ix_register_entries_org_order" in descending
    with rt.db.engine.connect() as connection:
        for index, columns in descending.items():
            table = next(t.name for t in Base.metadata.sorted_tables if any(i.name == index for i in t.indexes))
            assert _descending_in_database(connection, table, index) == columns, index


def test_the_register_order_index_is_rebuilt_newest_first_with_its_statistics(tmp_path):
    """A SQLite database whose order index lost its direction (0013 rebuilt the table), and
    that keeps statistics: after migrating, the index reads newest first and SQLite still has
    figures for it to plan with."""
    from alembic import command

    from reflect.db import alembic_config

    db = Database(f"sqlite:///{tmp_path / 'upgraded.db'}")
    with db.engine.begin() as connection:
        config = alembic_config()
        config.attributes["connection"] = connection
        command.upgrade(config, "0018_revalidation")
    # Rows for the statistics to describe, written as a plain connection (foreign keys not
    # enforced: the owners need not exist for this).
    plain = sqlite3.connect(tmp_path / "upgraded.db")
    with plain:
        plain.executemany(
            "INSERT INTO register_entries (organisation_id, owner_id, category, visibility, willing_to, description,"
            " published, set_id, set_version, created_at, updated_at, exportable, public_id)"
            " VALUES (1, ?, 'languages', 'organisation', ' ', x'00', 1, 'register', 1, '2026-01-01', ?, 0, ?)",
            [(n + 1, f"2026-01-{n + 1:02d}", f"entry{n}") for n in range(20)],
        )
        plain.execute("ANALYZE")
    plain.close()
    db.migrate()
    with db.engine.connect() as connection:
        assert _descending_in_database(connection, "register_entries", "ix_register_entries_org_order") == {"updated_at"}
        assert connection.exec_driver_sql(
            "SELECT count(*) FROM sqlite_stat1 WHERE idx = 'ix_register_entries_org_order'"
        ).scalar() == 1
    db.dispose()


def _server_closes(postgres_url: str, backend: int) -> None:
    """The server ends one connection's backend, as a restart ends them all."""
    admin = Database(postgres_url)
    with admin.engine.connect() as connection:
        assert connection.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": backend}).scalar()
    admin.dispose()


def _backend(db: Database) -> int:
    with db.read() as session:
        return session.scalar(text("SELECT pg_backend_pid()"))


def test_on_postgresql_a_connection_closed_by_the_server_while_it_sat_idle_is_replaced_before_use(postgres_url):
    # Idle for at least the threshold (0 s here, so no test waits): checked before use.
    db = Database(postgres_url, ping_after_idle_s=0)
    first = _backend(db)
    _server_closes(postgres_url, first)
    second = _backend(db)  # no error: the pool saw the closed connection and made a new one
    assert second != first
    db.dispose()


def test_on_postgresql_a_connection_closed_just_after_use_fails_once_and_every_older_one_is_replaced(postgres_url):
    # Used within the threshold, a connection is not checked: a restart in that moment fails
    # one statement, as one under way would, and the pool then replaces every older connection.
    db = Database(postgres_url, ping_after_idle_s=3600)
    with db.read() as one, db.read() as two:  # two pooled connections
        backends = {one.scalar(text("SELECT pg_backend_pid()")), two.scalar(text("SELECT pg_backend_pid()"))}
    for backend in backends:
        _server_closes(postgres_url, backend)
    with pytest.raises(DatabaseError) as failed:
        _backend(db)
    assert failed.value.connection_invalidated
    assert _backend(db) not in backends  # the other closed connection is not tried
    db.dispose()


def test_on_postgresql_reads_go_without_begin_and_commit_and_writes_keep_their_transaction(postgres_url):
    from psycopg.pq import TransactionStatus

    def status(connection) -> TransactionStatus:
        return connection.connection.driver_connection.info.transaction_status

    db = Database(postgres_url, ping_after_idle_s=3600)
    for _ in range(2):  # the second time on the same pooled connection
        with db.read_one() as connection:
            backend = connection.execute(text("SELECT pg_backend_pid()")).scalar()
            assert status(connection) is TransactionStatus.IDLE  # no transaction was opened
        with db.read() as session:
            assert session.scalar(text("SELECT pg_backend_pid()")) == backend
            assert status(session.connection()) is TransactionStatus.IDLE
        with db.write(check_session=False) as session:
            assert session.scalar(text("SELECT pg_backend_pid()")) == backend
            assert status(session.connection()) is TransactionStatus.INTRANS  # all or nothing, as before
    db.dispose()
