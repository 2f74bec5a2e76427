"""Erasure destroys the person's key in the keystore, so a database backup made before it, and
the database's own files, hold nothing any key can open. Run on SQLite and PostgreSQL, with
the file keystore and with OpenBao's transit engine."""

from __future__ import annotations

import logging
import shutil
import sqlite3
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import text, update

from reflect import config, logs, own_key, runtime
from reflect.crypto import KeyUnavailable, SealedText, unseal
from reflect.keystore import FileKeystore, KeystoreError
from reflect.models import Base, EncryptedText, PersonKey, Role, Stage
from reflect.models.register import RegisterContributor
from reflect.services import backup, erasure, journeys, register
from reflect.services.register import EntryInput
from reflect.services.access import SYSTEM, Actor
from tests import factories
from tests.conftest import _empty_postgres, settings_for

SECRET = "I told the group about the winter my father did not come home"
KEPT = "A reflection that stays, written by a colleague who is not erased"


@dataclass
class Written:
    person: Actor
    entry_id: int
    wrapped: bytes
    key_name: str

    @property
    def person_id(self) -> int:
        return self.person.person_id


def _write(rt: runtime.Runtime, org: int, words: str) -> Written:
    person = factories.make_person(org)
    entry = journeys.start(stage=Stage.AFTER_SHARING, by=person)
    journeys.save_answer(entry_id=entry.id, question_id="what_shared", value=words, by=person)
    with rt.db.read() as session:
        key = session.get(PersonKey, person.person_id)
        return Written(person, entry.id, key.wrapped_key, key.key_name)


def _own_keys_with_passwords(connection: sqlite3.Connection) -> dict[int, bytes]:
    """Each own key in the backup that its person's password (the tests' one) opens: what the
    person themselves, or anyone who learned their password, could open with this backup."""
    opened = {}
    rows = connection.execute(
        "SELECT w.person_id, w.salt, w.derivation, w.wrapped, p.public_id FROM own_key_wraps w "
        "JOIN people p ON p.id = w.person_id WHERE w.kind = 'password'"
    )
    for person_id, salt, derivation, wrapped, public_id in rows:
        wrapping_key = own_key.derive(factories.PASSWORD, salt, own_key.Derivation.from_label(derivation))
        key = own_key.unwrap(wrapping_key, wrapped, own_key.wrap_context("password", public_id))
        if key is not None:
            opened[person_id] = key
    return opened


def _everything_that_opens(backup_path: Path, rt: runtime.Runtime) -> dict[int, list[str]]:
    """What someone holding this backup, the key file and the keystore as it is now, and every
    person's password, can read: every wrapped key in it tried with the server key and the
    keystore, private data keys made with the own keys the passwords open, and every sealed
    text in every table tried with every key that opened."""
    connection = sqlite3.connect(f"file:{backup_path}?mode=ro", uri=True)
    try:
        own = _own_keys_with_passwords(connection)
        keys: dict[int, bytes] = {}
        for person_id, wrapped, key_name in connection.execute("SELECT person_id, wrapped_key, key_name FROM person_keys"):
            try:
                keys[person_id] = rt.server_key.unwrap(wrapped, person_id)
            except KeyUnavailable:
                pass
            if key_name:
                opened = rt.keystore.unwrap({key_name: wrapped})[key_name]
                if opened is not None:
                    keys[person_id] = opened
        found: dict[int, list[str]] = {}
        for table in Base.metadata.sorted_tables:
            for column in table.columns:
                if not isinstance(column.type, EncryptedText):
                    continue
                for (blob,) in connection.execute(f"SELECT {column.name} FROM {table.name} WHERE {column.name} IS NOT NULL"):
                    sealed = SealedText.from_blob(blob)
                    candidates = list(keys.values())
                    if sealed.is_private:
                        owner = sealed.owner_id
                        candidates = [own_key.private_data_key(own[owner], keys[owner])] if owner in own and owner in keys else []
                    for key in candidates:
                        try:
                            opened_text = unseal(key, sealed)
                        except Exception:  # InvalidTag: not this key
                            continue
                        found.setdefault(sealed.owner_id, []).append(opened_text)
        return found
    finally:
        connection.close()


def test_a_backup_made_before_an_erasure_holds_nothing_that_opens(rt_keystore, tmp_path):
    org = factories.make_organisation()
    erased, kept = _write(rt_keystore, org, SECRET), _write(rt_keystore, org, KEPT)
    target = tmp_path / "before-erasure.db"
    backup.backup(path=target, by=SYSTEM)
    assert any(SECRET in t for t in _everything_that_opens(target, rt_keystore)[erased.person_id])  # readable until now

    erasure.erase(person_id=erased.person_id, by=SYSTEM)

    opened = _everything_that_opens(target, rt_keystore)
    assert erased.person_id not in opened
    assert not any(SECRET in t for texts in opened.values() for t in texts)
    assert any(KEPT in t for t in opened[kept.person_id])  # the same reading still opens everyone else's


def test_a_keystore_put_back_from_its_backup_is_pruned_by_the_ledger_at_start_and_at_restore(rt_keystore, tmp_path):
    org = factories.make_organisation()
    erased, kept = _write(rt_keystore, org, SECRET), _write(rt_keystore, org, KEPT)
    file_backup = tmp_path / "keystore-backup"
    if rt_keystore.keystore.kind == "file":
        shutil.copy2(rt_keystore.settings.keystore_file, file_backup)
    database_backup = tmp_path / "database-backup.db"
    backup.backup(path=database_backup, by=SYSTEM)
    erasure.erase(person_id=erased.person_id, by=SYSTEM)
    assert erased.key_name not in rt_keystore.keystore.names()

    def put_keystore_back() -> None:
        if rt_keystore.keystore.kind == "file":
            shutil.copy2(file_backup, rt_keystore.settings.keystore_file)
        else:  # a key service's own backup: the key is there again under its name
            rt_keystore.keystore.create([erased.key_name])
        assert erased.key_name in rt_keystore.keystore.names()

    put_keystore_back()
    restarted = runtime.start(rt_keystore.settings)
    assert erased.key_name not in restarted.keystore.names()
    assert kept.key_name in restarted.keystore.names()

    put_keystore_back()
    backup.restore(path=database_backup, by=SYSTEM)
    assert erased.key_name not in restarted.keystore.names()
    assert not any(SECRET in t for texts in _everything_that_opens(database_backup, restarted).values() for t in texts)
    assert journeys.get(entry_id=kept.entry_id, by=kept.person).answers["what_shared"] == KEPT


def test_start_up_moves_keys_from_before_the_keystore_into_it_losing_none(rt_keystore):
    org = factories.make_organisation()
    writers = [_write(rt_keystore, org, f"{KEPT} {n}") for n in range(3)]
    # As an installation from before the keystore holds them: each data key wrapped by the
    # server key on its row, and no keystore key.
    with rt_keystore.db.write() as session:
        for w in writers:
            data_key = rt_keystore.keystore.unwrap({w.key_name: w.wrapped})[w.key_name]
            session.execute(
                update(PersonKey)
                .where(PersonKey.person_id == w.person_id)
                .values(wrapped_key=rt_keystore.server_key.wrap(data_key, w.person_id), key_name=None)
            )
    rt_keystore.keystore.delete([w.key_name for w in writers])

    restarted = runtime.start(rt_keystore.settings)

    with restarted.db.read() as session:
        names = dict(session.execute(text("SELECT person_id, key_name FROM person_keys")).all())
    assert {names[w.person_id] for w in writers} == {w.key_name for w in writers}
    assert {w.key_name for w in writers} <= restarted.keystore.names()
    for n, w in enumerate(writers):
        assert journeys.get(entry_id=w.entry_id, by=w.person).answers["what_shared"] == f"{KEPT} {n}"


def test_sqlite_connections_overwrite_deleted_rows(sqlite_rt):
    with sqlite_rt.db.read() as session:
        assert session.execute(text("PRAGMA secure_delete")).scalar() == 1


def _occurrences(folder: Path, needle: bytes) -> list[Path]:
    found = []
    for path in sorted(folder.rglob("*")):
        if path.is_file() and not path.is_symlink():
            try:
                if needle in path.read_bytes():
                    found.append(path)
            except OSError:  # a file the server removed while we walked
                continue
    return found


@pytest.mark.postgres
def test_postgresql_table_files_and_wal_after_an_erasure_hold_no_key_that_opens(tmp_path, keystore_env, postgres, postgres_url):
    rt = runtime.start(settings_for(tmp_path, postgres_url, keystore_env))
    try:
        org = factories.make_organisation()
        erased, kept = _write(rt, org, SECRET), _write(rt, org, KEPT)
        erasure.erase(person_id=erased.person_id, by=SYSTEM)
        with rt.db.engine.connect() as connection:
            connection.execute(text("CHECKPOINT"))

        # The erased row's bytes are still in PostgreSQL's files (a dead tuple, the write-ahead
        # log): what the keystore changes is that no key opens them.
        wal = _occurrences(postgres.data_dir / "pg_wal", erased.wrapped)
        assert wal  # still there, in the log of the row's insert
        assert rt.keystore.unwrap({erased.key_name: erased.wrapped}) == {erased.key_name: None}
        with pytest.raises(KeyUnavailable):
            rt.server_key.unwrap(erased.wrapped, erased.person_id)
        # The same reading of the same files opens the colleague's key, who was not erased.
        assert _occurrences(postgres.data_dir / "base", kept.wrapped)
        assert rt.keystore.unwrap({kept.key_name: kept.wrapped})[kept.key_name] is not None
    finally:
        _empty_postgres(rt)
        runtime.stop()


def test_sqlite_files_after_an_erasure_no_longer_hold_the_erased_key(sqlite_rt):
    org = factories.make_organisation()
    erased = _write(sqlite_rt, org, SECRET)
    erasure.erase(person_id=erased.person_id, by=SYSTEM)
    sqlite_rt.db.dispose()  # the last connection closes: the write-ahead log is folded in and removed
    database = Path(sqlite_rt.settings.database_url.database)
    assert not [p for p in database.parent.glob(database.name + "*") if erased.wrapped in p.read_bytes()]
    assert sqlite_rt.keystore.unwrap({erased.key_name: erased.wrapped}) == {erased.key_name: None}


def test_a_key_service_takes_over_from_the_file_keystore_losing_no_key(rt, tmp_path, openbao):
    org = factories.make_organisation()
    kept, erased = _write(rt, org, KEPT), _write(rt, org, SECRET)
    before_move = tmp_path / "before-the-move.db"
    backup.backup(path=before_move, by=SYSTEM)
    service = openbao.env()

    moved = runtime.start(
        replace(rt.settings, keystore_transit=config.load({"REFLECT_DATA_DIR": str(tmp_path), **service}).keystore_transit)
    )

    with moved.db.read() as session:
        rows = dict(session.execute(text("SELECT key_name, wrapped_key FROM person_keys")).all())
    assert all(bytes(w).startswith(b"vault:v") for w in rows.values())
    assert journeys.get(entry_id=kept.entry_id, by=kept.person).answers["what_shared"] == KEPT
    erasure.erase(person_id=erased.person_id, by=SYSTEM)
    assert erased.key_name not in moved.keystore.current.names()
    assert erased.key_name not in moved.keystore.earlier.names()  # the file loses it too

    # A backup from before the move still opens, and the erasure made since holds in it.
    backup.restore(path=before_move, by=SYSTEM)
    assert journeys.get(entry_id=kept.entry_id, by=kept.person).answers["what_shared"] == KEPT
    assert not any(SECRET in t for texts in _everything_that_opens(before_move, moved).values() for t in texts)


def test_an_erasure_the_keystore_cannot_finish_at_once_is_finished_at_the_next_start(rt, monkeypatch, caplog):
    org = factories.make_organisation()
    erased = _write(rt, org, SECRET)

    def unreachable(self, names):
        raise KeystoreError("The keystore cannot be written just now.")

    monkeypatch.setattr(FileKeystore, "delete", unreachable)
    logs.set_level(logging.INFO)
    logs._LOGGER.addHandler(caplog.handler)  # Reflect's logger does not propagate to the root
    try:
        erasure.erase(person_id=erased.person_id, by=SYSTEM)  # the erasure itself stands
    finally:
        logs._LOGGER.removeHandler(caplog.handler)
    assert "event=keystore.delete_deferred" in caplog.text
    assert erased.key_name in rt.keystore.names()
    monkeypatch.undo()

    restarted = runtime.start(rt.settings)
    assert erased.key_name not in restarted.keystore.names()


def test_a_contributors_key_moves_into_the_keystore_and_goes_with_their_consent(rt_keystore):
    org = factories.make_organisation()
    north = factories.make_team(org, "North")
    lead = factories.make_person(org, roles=(Role.PRACTITIONER, Role.TEAM_LEAD), leads=(north,))
    contributor_id = register.record_contributor(
        by=lead, team_id=north, chosen_name="Ana", consent_from="person", consented_at=datetime(2026, 1, 5, tzinfo=UTC),
        consent_visibility="team", entries=[EntryInput(category="skills", description=SECRET, visibility="team")],
    )
    with rt_keystore.db.write() as session:
        row = session.get(RegisterContributor, contributor_id)
        key_name = row.key_name
        data_key = rt_keystore.keystore.unwrap({key_name: row.wrapped_key})[key_name]
        # As an installation from before the keystore holds it: wrapped by the server key.
        row.wrapped_key, row.key_name = rt_keystore.server_key.wrap(data_key, f"register-contributor-{contributor_id}"), None
    rt_keystore.keystore.delete([key_name])

    restarted = runtime.start(rt_keystore.settings)

    assert [c.chosen_name for c in register.contributors(by=lead, team_id=north)] == ["Ana"]
    assert key_name in restarted.keystore.names()
    register.withdraw_consent(by=lead, contributor_id=contributor_id)
    assert key_name not in restarted.keystore.names()
