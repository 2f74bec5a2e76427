"""Durability, on SQLite and PostgreSQL: concurrent saves are never lost, a killed writer
leaves every acknowledged save intact, and a backup taken while people write restores."""

from __future__ import annotations

import random
import sqlite3
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from reflect import runtime
from reflect.db import Database
from reflect.models import QuestionSetVersion, Stage
from reflect.services import backup, installation, journeys
from reflect.services.access import SYSTEM
from tests import durability, factories
from tests.conftest import _empty_postgres, settings_for
from tests.pages.apptest import new_app

WRITERS, SAVES = 20, 50


@pytest.fixture
def writers(org):
    return [factories.make_person(org) for _ in range(WRITERS)]


def _check_every_save(rt, saves) -> None:
    stored = durability.stored_texts(rt)
    assert len(saves) == WRITERS * SAVES
    assert len(stored) == WRITERS * SAVES
    assert {s.entry_id: s.text for s in saves} == stored


def test_twenty_threads_saving_fifty_times_store_every_save(rt, writers):
    with ThreadPoolExecutor(max_workers=WRITERS) as pool:
        batches = list(pool.map(lambda pair: durability.write_many(pair[1], pair[0], SAVES), enumerate(writers)))
    _check_every_save(rt, [save for batch in batches for save in batch])


def test_twenty_processes_saving_fifty_times_store_every_save(rt, writers):
    _check_every_save(rt, durability.write_in_processes(rt, writers, SAVES))


def test_a_writer_started_after_a_page_ran_here_does_not_run_the_page_script(rt):
    new_app()  # Streamlit leaves the page script installed as this process's main module
    assert sys.modules["__main__"].__file__.endswith("main.py")
    context = durability.process_context()
    results = context.Queue()
    child = context.Process(target=durability.report_main_file, args=(results,))
    durability.start(child)
    assert results.get(timeout=120) is None
    child.join(timeout=60)
    assert child.exitcode == 0


def test_a_writer_killed_at_random_points_loses_no_acknowledged_save(sqlite_rt):
    chooser = random.Random(20261125)
    writer = factories.make_person(factories.make_organisation())
    acknowledged = {}
    for _ in range(5):
        process, acks = durability.start_acknowledging_writer(sqlite_rt, writer, 0)
        for _ in range(chooser.randint(1, 25)):
            entry_id, text = acks.recv()
            acknowledged[entry_id] = text
        time.sleep(chooser.uniform(0, 0.03))  # somewhere inside the next save
        process.kill()
        process.join()
        while acks.poll():
            try:
                entry_id, text = acks.recv()
            except EOFError:
                break
            acknowledged[entry_id] = text
    stored = durability.stored_texts(sqlite_rt)
    assert acknowledged and all(stored.get(entry_id) == text for entry_id, text in acknowledged.items())
    connection = sqlite3.connect(sqlite_rt.settings.database_url.database)
    try:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        connection.close()


def test_a_backup_taken_while_people_write_restores_to_a_copy_that_opens_and_decrypts(rt, writers, tmp_path):
    target = tmp_path / "during.db"
    started = threading.Event()

    def write(pair):
        number, by = pair
        saves = []
        for n in range(25):
            saves.append(durability.save_once(by, number, n))
            if n == 4:
                started.set()
        return saves

    with ThreadPoolExecutor(max_workers=4) as pool:
        running = pool.map(write, enumerate(writers[:4]))
        started.wait()
        backup.backup(path=target, by=SYSTEM)
        list(running)

    copy = Database(f"sqlite:///{target}")
    try:
        key = installation.open_server_key(copy, rt.settings.secret_key_file)
        assert key.fingerprint() == rt.server_key.fingerprint()
        with copy.engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
    finally:
        copy.dispose()
    backup.restore(path=target, by=SYSTEM)
    stored = durability.stored_texts(rt)
    assert stored and all(text is not None for text in stored.values())  # every entry decrypts
    assert any(stored.values()) and all(text.startswith("Writer ") for text in stored.values() if text)


@pytest.fixture
def postgres_rt(postgres_url, tmp_path):
    """PostgreSQL alone: SQLite writers take turns, so the race is between PostgreSQL transactions."""
    started = runtime.start(settings_for(tmp_path, postgres_url))
    yield started
    _empty_postgres(started)
    runtime.stop()


def test_two_writers_storing_a_question_set_version_on_its_first_use_both_succeed(postgres_rt):
    rt = postgres_rt
    qset = journeys.current_set(Stage.AFTER_SHARING)
    failures = []

    def second_writer():
        try:
            with rt.db.write() as session:
                journeys.remember_set(session, qset)
        except Exception as exc:
            failures.append(exc)

    with rt.db.write() as first:
        journeys.remember_set(first, qset)
        first.flush()
        other = threading.Thread(target=second_writer)
        other.start()
        # Commit only once the second writer is waiting on the first one's row.
        with rt.db.engine.connect() as watcher:
            for _ in range(600):
                waiting = watcher.exec_driver_sql(
                    "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()"
                ).scalar()
                if waiting or not other.is_alive():
                    break
                time.sleep(0.05)
    other.join()
    assert failures == []
    with rt.db.read() as session:
        assert session.get(QuestionSetVersion, (qset.id, qset.version)) is not None
