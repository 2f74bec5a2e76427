import sqlite3

import pytest
from sqlalchemy import Column, Integer, MetaData, Table, insert, select

from reflect.crypto import SealedText
from reflect.models import EncryptedText, Person, PersonKey
from reflect.services import backup, erasure, teams
from reflect.services.access import SYSTEM, AccessDenied
from reflect.services.vault import Vault
from tests import factories
from tests.disk import raw_files_after_backup

SECRET = "When my brother was sectioned I slept at the hospital for a week"

# A stand-in free-text table, so the column type is tested apart from any feature's model.
scratch = MetaData()
notes = Table("scratch_notes", scratch, Column("id", Integer, primary_key=True), Column("body", EncryptedText()))


def _store_note(rt, owner_id: int, text: str) -> None:
    scratch.create_all(rt.db.engine)
    with rt.db.write() as session:
        session.execute(insert(notes).values(body=Vault(session, rt.server_key).seal(owner_id, text)))


def _read_note(rt) -> str | None:
    with rt.db.read() as session:
        sealed = session.scalar(select(notes.c.body))
        return Vault(session, rt.server_key).open(sealed)


def test_encrypted_column_round_trips(sqlite_rt):
    org = factories.make_organisation()
    person = factories.make_person(org)
    _store_note(sqlite_rt, person.person_id, SECRET)
    assert _read_note(sqlite_rt) == SECRET


def test_encrypted_column_refuses_plaintext(sqlite_rt):
    scratch.create_all(sqlite_rt.db.engine)
    with pytest.raises(Exception, match="must be sealed"):
        with sqlite_rt.db.write() as session:
            session.execute(insert(notes).values(body=SECRET))


def test_database_file_and_backup_hold_no_plaintext(sqlite_rt, tmp_path):
    org = factories.make_organisation()
    person = factories.make_person(org)
    _store_note(sqlite_rt, person.person_id, SECRET)
    for raw in raw_files_after_backup(sqlite_rt, tmp_path):
        for fragment in (SECRET, "sectioned", "hospital"):
            assert fragment.encode() not in raw
            assert fragment.encode("utf-16-le") not in raw


def test_backup_then_restore_gives_back_the_same_data(rt, tmp_path, org):
    teams.add(name="Kept", by=SYSTEM)
    factories.make_person(org, email="kept@example.org")
    target = tmp_path / "backup.db"
    rows = backup.backup(path=target, by=SYSTEM)
    assert rows > 0
    with rt.db.read() as session:
        before = [(p.id, p.email, p.name) for p in session.scalars(select(Person).order_by(Person.id))]
    factories.make_person(org, email="later@example.org")
    teams.add(name="Later", by=SYSTEM)
    backup.restore(path=target, by=SYSTEM)
    with rt.db.read() as session:
        after = [(p.id, p.email, p.name) for p in session.scalars(select(Person).order_by(Person.id))]
    assert after == before
    # New rows after a restore get fresh ids, not clashing ones.
    new = factories.make_person(org, email="after-restore@example.org")
    assert new.person_id > max(p[0] for p in before)


def test_restore_reapplies_erasures_made_after_the_backup(rt, tmp_path, org):
    person = factories.make_person(org, email="gone@example.org")
    target = tmp_path / "backup.db"
    backup.backup(path=target, by=SYSTEM)
    erasure.erase(person_id=person.person_id, by=SYSTEM)
    assert backup.restore(path=target, by=SYSTEM).erasures == 1
    with rt.db.read() as session:
        assert session.get(PersonKey, person.person_id) is None
        assert session.get(Person, person.person_id).email is None


def test_restore_keeps_encrypted_text_readable(sqlite_rt, tmp_path):
    org = factories.make_organisation()
    person = factories.make_person(org)
    _store_note(sqlite_rt, person.person_id, SECRET)
    target = tmp_path / "b.db"
    backup.backup(path=target, by=SYSTEM)
    backup.restore(path=target, by=SYSTEM)
    assert _read_note(sqlite_rt) == SECRET


def test_backup_refuses_to_overwrite(rt, tmp_path, org):
    target = tmp_path / "exists.db"
    target.write_text("x")
    with pytest.raises(backup.BackupError, match="already exists"):
        backup.backup(path=target, by=SYSTEM)


@pytest.mark.parametrize("content", [b"", b"hello", b"SQLite format 3\x00" + b"\x00" * 100])
def test_restore_refuses_a_file_that_is_not_a_backup(rt, tmp_path, org, content):
    target = tmp_path / "bad.db"
    target.write_bytes(content)
    with pytest.raises(backup.BackupError, match="not a Reflect backup"):
        backup.restore(path=target, by=SYSTEM)


def test_restore_refuses_an_ordinary_sqlite_file(rt, tmp_path, org):
    target = tmp_path / "other.db"
    sqlite3.connect(target).execute("CREATE TABLE t (x)").connection.close()
    with pytest.raises(backup.BackupError, match="not a Reflect backup"):
        backup.restore(path=target, by=SYSTEM)


def test_backup_needs_an_admin(rt, tmp_path, practitioner):
    with pytest.raises(AccessDenied):
        backup.backup(path=tmp_path / "b.db", by=practitioner)


def test_sealed_text_repr_never_shows_content():
    assert "bytes" in repr(SealedText(1, b"\x01" + b"\x00" * 8 + b"secret"))
