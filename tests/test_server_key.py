"""A wrong or missing server key stops start-up; a key is made only for an empty database."""

from __future__ import annotations

import base64
import os
import secrets
import stat

import pytest
from sqlalchemy import delete

from reflect import cli, runtime
from reflect.config import ConfigError
from reflect.models import Installation
from reflect.services import backup
from reflect.services.access import SYSTEM
from tests import factories
from tests.conftest import settings_for


def _write_other_key(path) -> None:
    path.write_text(base64.b64encode(secrets.token_bytes(32)).decode() + "\n")
    path.chmod(0o600)


@pytest.fixture
def started_with_a_person(tmp_path):
    runtime.start(settings_for(tmp_path))
    factories.make_person(factories.make_organisation())
    runtime.stop()
    yield tmp_path
    runtime.stop()


def test_a_missing_key_file_stops_start_up_and_no_new_key_is_made(started_with_a_person):
    settings = settings_for(started_with_a_person)
    settings.secret_key_file.unlink()
    with pytest.raises(ConfigError) as refused:
        runtime.start(settings)
    assert str(settings.secret_key_file) in str(refused.value) and "missing" in str(refused.value)
    assert "\n" not in str(refused.value)
    assert not settings.secret_key_file.exists()


def test_a_different_key_file_stops_start_up(started_with_a_person):
    settings = settings_for(started_with_a_person)
    _write_other_key(settings.secret_key_file)
    with pytest.raises(ConfigError, match="not the key this database was made with") as refused:
        runtime.start(settings)
    assert str(settings.secret_key_file) in str(refused.value)


def test_a_database_from_before_fingerprints_is_checked_against_its_people_keys(started_with_a_person):
    settings = settings_for(started_with_a_person)
    rt = runtime.start(settings)
    with rt.db.write() as session:
        session.execute(delete(Installation))
    runtime.stop()
    _write_other_key(settings.secret_key_file)
    with pytest.raises(ConfigError, match="not the key this database was made with"):
        runtime.start(settings)


def test_the_right_key_starts_and_the_fingerprint_is_kept(started_with_a_person):
    rt = runtime.start(settings_for(started_with_a_person))
    with rt.db.read() as session:
        assert session.get(Installation, 1).key_fingerprint == rt.server_key.fingerprint()


def test_reflect_init_never_makes_a_new_key_for_a_database_with_people(started_with_a_person, monkeypatch, capsys):
    settings = settings_for(started_with_a_person)
    settings.secret_key_file.unlink()
    monkeypatch.setenv("REFLECT_DATA_DIR", str(settings.data_dir))
    monkeypatch.delenv("REFLECT_DATABASE_URL", raising=False)
    assert cli.main(["init"]) == cli.EXIT_CONFIG
    err = capsys.readouterr().err
    assert str(settings.secret_key_file) in err and err.count("\n") == 1
    assert not settings.secret_key_file.exists()


def test_a_backup_made_with_another_key_is_refused(tmp_path):
    other = tmp_path / "other"
    runtime.start(settings_for(other))
    factories.make_person(factories.make_organisation())
    backup.backup(path=tmp_path / "other.db", by=SYSTEM)
    runtime.stop()
    runtime.start(settings_for(tmp_path / "here"))
    try:
        with pytest.raises(backup.BackupError, match="different server key"):
            backup.restore(path=tmp_path / "other.db", by=SYSTEM)
    finally:
        runtime.stop()


def test_database_wal_and_shm_files_are_owner_only(sqlite_rt):
    factories.make_person(factories.make_organisation())
    with sqlite_rt.db.engine.connect() as connection:  # keeps the WAL and shared-memory files open
        database = sqlite_rt.settings.database_url.database
        found = [p for p in (database, database + "-wal", database + "-shm") if os.path.exists(p)]
        assert len(found) == 3
        assert connection is not None
    for path in found:
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o600, path


def test_an_older_database_file_is_made_owner_only_at_start_up(tmp_path):
    settings = settings_for(tmp_path)
    runtime.start(settings)
    runtime.stop()
    database = settings.database_url.database
    os.chmod(database, 0o644)
    runtime.start(settings)
    runtime.stop()
    assert stat.S_IMODE(os.stat(database).st_mode) == 0o600


def test_a_backup_file_is_owner_only(sqlite_rt, tmp_path):
    factories.make_organisation()
    target = tmp_path / "b.db"
    backup.backup(path=target, by=SYSTEM)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_an_older_ledger_of_numbers_is_carried_over_once_for_erased_accounts_only(tmp_path):
    from reflect.ledger import DecisionKind
    from reflect.models import Person
    from reflect.services import erasure

    settings = settings_for(tmp_path)
    rt = runtime.start(settings)
    org = factories.make_organisation()
    erased, kept = factories.make_person(org), factories.make_person(org)
    erasure.erase(person_id=erased.person_id, by=SYSTEM)
    with rt.db.read() as session:
        erased_public_id = session.get(Person, erased.person_id).public_id
    runtime.stop()
    settings.decision_ledger.unlink()
    settings.legacy_erasure_ledger.write_text(f"{erased.person_id}\n{kept.person_id}\n")

    rt = runtime.start(settings)
    try:
        assert [(d.kind, d.public_id) for d in rt.ledger.decisions()] == [(DecisionKind.PERSON_ERASED, erased_public_id)]
        assert not settings.legacy_erasure_ledger.exists()
    finally:
        runtime.stop()
