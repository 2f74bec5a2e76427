"""The audit no one can shorten or rewrite unseen: a keyed chain, a journal of every event kept
outside the database (its newest line the anchor), a table the app cannot truncate, and a
restore that loses nothing recorded after the backup."""

import base64
import json
import multiprocessing
from datetime import UTC, datetime
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import hashes, hmac
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from sqlalchemy import func, select, text

from reflect import cli, runtime
from reflect.models import AuditEvent, AuditKeying, Role
from reflect.models.security import GENESIS_HASH, chain_hash
from reflect.services import audit, backup, organisations, persons, supervision, teams
from reflect.services.access import SYSTEM
from tests import factories, supervision_world


def _add_events(admin, count: int, prefix: str = "Team") -> list[int]:
    for n in range(count):
        teams.add(name=f"{prefix} {n}", by=admin)
    with runtime.current().db.read() as session:
        return list(session.scalars(select(AuditEvent.id).order_by(AuditEvent.id)))


def _tamper(rt, *statements: str, **params) -> None:
    """Run statements as someone with the database's owner role, the app's triggers set aside."""
    with rt.db.write() as session:
        if rt.db.is_sqlite:
            for verb in ("update", "delete"):
                session.execute(text(f"DROP TRIGGER IF EXISTS audit_events_no_{verb}"))
        else:
            session.execute(text("ALTER TABLE audit_events DISABLE TRIGGER USER"))
        for statement in statements:
            session.execute(text(statement), params)
        if not rt.db.is_sqlite:
            session.execute(text("ALTER TABLE audit_events ENABLE TRIGGER USER"))


def _verify(capsys) -> tuple[int, str]:
    code = cli.main(["audit", "verify"])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def test_the_chain_is_an_hmac_under_a_key_derived_from_the_server_key(rt, org, admin):
    """The recipe in docs/security.md, recomputed from the key file alone."""
    ids = _add_events(admin, 2)
    raw_key = base64.b64decode(rt.settings.secret_key_file.read_text().strip())
    audit_key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"reflect-audit-chain").derive(raw_key)
    with rt.db.read() as session:
        events = session.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
    previous = GENESIS_HASH
    for event in events:
        mac = hmac.HMAC(audit_key, hashes.SHA256())
        mac.update("\x1f".join([
            previous, event.at.strftime("%Y-%m-%dT%H:%M:%S.%fZ"), str(event.actor_id or ""), event.action,
            str(event.subject_id or ""), event.object_type or "", str(event.object_id or ""),
        ]).encode())
        assert event.prev_hash == previous and event.hash == mac.finalize().hex()
        assert event.hash != chain_hash(previous, event.at, event.actor_id, event.action, event.subject_id, event.object_type, event.object_id)
        previous = event.hash
    assert [e.id for e in events] == ids


def test_the_journal_is_owner_only_and_holds_ids_kinds_and_times_alone(rt, org, admin):
    _add_events(admin, 3)
    path = rt.settings.audit_journal
    assert path.parent == rt.settings.secret_key_file.parent
    assert path.stat().st_mode & 0o777 == 0o600
    lines = [json.loads(line) for line in path.read_text().splitlines()]
    assert [line["kind"] for line in lines] == ["team_added"] * 3
    assert all(set(line) == {"id", "at", "by", "kind", "about", "type", "obj", "hash"} for line in lines)
    assert "Team" not in path.read_text() and admin.name not in path.read_text()


def test_deleting_the_newest_event_is_named(rt, org, admin, capsys):
    ids = _add_events(admin, 4)
    assert _verify(capsys)[0] == 0
    _tamper(rt, "DELETE FROM audit_events WHERE id = :id", id=ids[-1])
    code, said = _verify(capsys)
    assert code == 1
    assert f"the newest event (event {ids[-1]}) was removed" in said and f"ends at event {ids[-2]}" in said


def test_deleting_the_newest_ten_is_named(rt, org, admin, capsys):
    ids = _add_events(admin, 13)
    _tamper(rt, "DELETE FROM audit_events WHERE id > :id", id=ids[-11])
    code, said = _verify(capsys)
    assert code == 1
    assert f"the newest 10 events (events {ids[-10]} to {ids[-1]}) were removed" in said


def test_the_newest_removed_and_more_recorded_after_is_named(rt, org, admin, capsys):
    """The app goes on recording after the cut: on PostgreSQL the chain then skips the removed ids,
    on SQLite the next events are given them again. Both are named as a cut."""
    ids = _add_events(admin, 6)
    _tamper(rt, "DELETE FROM audit_events WHERE id > :id", id=ids[-4])
    _add_events(admin, 2, "After the cut")
    code, said = _verify(capsys)
    assert code == 1
    assert "The audit was cut short and then recorded on: " in said and f"({ids[-3]} to {ids[-1]})" in said


def test_a_changed_event_with_the_chain_recomputed_is_named(rt, org, admin, capsys):
    """Without the key the recomputed chain does not fit its keyed hashes; with it (someone who
    also holds the key file), the journal outside the database still differs."""
    ids = _add_events(admin, 5)
    target = ids[2]

    def rechain(hash_of) -> None:
        with rt.db.read() as session:
            events = session.scalars(select(AuditEvent).where(AuditEvent.id >= target).order_by(AuditEvent.id)).all()
            previous = session.scalar(select(AuditEvent.hash).where(AuditEvent.id == target - 1))
        updates = []
        for event in events:
            action = "team_renamed" if event.id == target else event.action
            digest = hash_of(previous, event.at, event.actor_id, action, event.subject_id, event.object_type, event.object_id)
            updates.append(f"UPDATE audit_events SET action = '{action}', prev_hash = '{previous}', hash = '{digest}' WHERE id = {event.id}")
            previous = digest
        _tamper(rt, *updates)

    rechain(chain_hash)
    code, said = _verify(capsys)
    assert code == 1 and f"broken at event {target} " in said and "changed after it was recorded" in said

    rechain(audit.keyed_hash)
    code, said = _verify(capsys)
    assert code == 1 and f"Event {target} was rewritten" in said and "audit journal" in said


def test_the_app_cannot_truncate_the_audit_and_an_emptied_table_is_named(rt, org, admin, capsys):
    ids = _add_events(admin, 3)
    statement = "DELETE FROM audit_events" if rt.db.is_sqlite else "TRUNCATE audit_events"
    with pytest.raises(Exception, match="audit events cannot be"):
        with rt.db.write() as session:
            session.execute(text(statement))
    assert _verify(capsys)[0] == 0
    _tamper(rt, statement)
    code, said = _verify(capsys)
    assert code == 1
    assert f"The audit table was emptied (truncated): the audit journal outside the database records 3 event(s), up to event {ids[-1]}" in said


def test_a_missing_journal_is_named(rt, org, admin, capsys):
    _add_events(admin, 2)
    rt.settings.audit_journal.unlink()
    code, said = _verify(capsys)
    assert code == 1 and "audit journal" in said and "is missing" in said


def test_events_from_before_keying_keep_their_hashes_and_the_chain_runs_on(rt, org, admin, capsys):
    """An installation upgraded with events already recorded: those keep their SHA-256 hashes,
    the marker says where keying began, and moving the marker is found."""
    previous, old = GENESIS_HASH, []
    at = audit.utcnow()
    with rt.db.write() as session:
        for n in range(1, 4):
            digest = chain_hash(previous, at, None, "older_event", None, None, n)
            session.add(AuditEvent(id=n, at=at, action="older_event", object_id=n, prev_hash=previous, hash=digest))
            old.append(digest)
            previous = digest
        session.add(AuditKeying(id=1, keyed_from=4))
    if not rt.db.is_sqlite:
        with rt.db.write() as session:
            session.execute(text("SELECT setval(pg_get_serial_sequence('audit_events', 'id'), 3)"))
    _add_events(admin, 2)
    code, said = _verify(capsys)
    assert code == 0 and "5 event(s) checked" in said
    _tamper(rt, "UPDATE audit_keying SET keyed_from = 6")
    code, said = _verify(capsys)
    assert code == 1 and "broken at event 4" in said


def test_after_a_restore_the_chain_verifies_and_every_opening_is_listed(rt, org, tmp_path, capsys):
    world = supervision_world.build(org)
    supervision.open_shared(shared_item_id=world.shared_item, by=world.north_supervisor)
    target = tmp_path / "before.db"
    backup.backup(path=target, by=SYSTEM)
    # Recorded after the backup: more openings of Sam's items, and a reading by someone else.
    supervision.open_shared(shared_item_id=world.profile_item, by=world.north_supervisor)
    supervision.open_shared(shared_item_id=world.supervisors_item, by=world.crisis_supervisor)
    before, total_before = supervision.openings(by=world.sam)
    assert total_before == 2

    report = backup.restore(path=target, by=SYSTEM)

    assert report.audit_events_rejoined >= 2
    assert any("added back from the audit journal" in line for line in report.lines())
    code, said = _verify(capsys)
    assert code == 0, said
    after, total_after = supervision.openings(by=world.sam)
    assert total_after == 2 and after == before
    assert audit.search(by=SYSTEM, action="backup_restored")[1] == 1
    # The app goes on appending to one unbroken chain, anchored outside the database.
    supervision.open_shared(shared_item_id=world.shared_item, by=world.north_supervisor)  # within the window: not again
    teams.add(name="After the restore", by=world.admin)
    assert _verify(capsys)[0] == 0


def test_a_restore_without_the_journals_events_says_where_it_picked_up(rt, org, admin, tmp_path, capsys):
    _add_events(admin, 2)
    target = tmp_path / "before.db"
    backup.backup(path=target, by=SYSTEM)
    later = _add_events(admin, 3, "Later")[-3:]
    # A journal line lost in between: the events after it cannot be re-added unbroken.
    journal = rt.settings.audit_journal
    journal.write_text("".join(line + "\n" for line in journal.read_text().splitlines() if json.loads(line)["id"] != later[0]))
    report = backup.restore(path=target, by=SYSTEM)
    assert report.audit_events_rejoined == 0
    code, said = _verify(capsys)
    assert code == 0, said
    assert f"picked the chain up again at event {later[0] - 1}; 2 event(s) in the audit journal after it could not be re-added" in said


def test_someone_given_the_id_of_an_account_a_restore_took_back_sees_none_of_its_events(rt, org, admin, tmp_path, capsys):
    target = tmp_path / "before.db"
    backup.backup(path=target, by=SYSTEM)
    gone, _ = persons.add(name="Gone Soon", email="gone@example.org", roles=[Role.PRACTITIONER], by=admin)
    persons.reset_password(person_id=gone, by=admin)
    backup.restore(path=target, by=SYSTEM)
    assert _verify(capsys)[0] == 0
    with rt.db.read() as session:
        assert session.scalar(select(func.count()).select_from(AuditEvent).where(AuditEvent.subject_id == gone)) == 2
    newcomer = factories.make_person(org, name="New Arrival")
    assert newcomer.person_id == gone  # the id is given again
    assert audit.about_me(by=newcomer) == ([], 0)
    assert audit.search(by=admin, person_id=newcomer.person_id) == ([], 0)
    persons.reset_password(person_id=newcomer.person_id, by=admin)
    entries, total = audit.about_me(by=newcomer)
    assert total == 1 and entries[0].actor_name == admin.name


@pytest.mark.parametrize("backend", ["sqlite"])
def test_an_installation_upgraded_with_events_keeps_them_and_keys_every_new_one(backend, request, tmp_path, capsys):
    """The migration from an unkeyed chain: older events keep their SHA-256 hashes, the marker
    names the first keyed event, the table still refuses changes and deletions (and on PostgreSQL
    truncation), and people are named by id alone. SQLite, where the migration rebuilds the table
    (a PostgreSQL upgrade only drops two constraints and adds a trigger; "postgresql" runs it too)."""
    from alembic import command

    from reflect.db import Database, alembic_config
    from tests.conftest import create_database, settings_for

    url = create_database(request.getfixturevalue("postgres"), "reflect_upgrade") if backend == "postgresql" else None
    settings = settings_for(tmp_path, url)
    db = Database(settings.database_url)
    with db.engine.begin() as connection:
        config = alembic_config()
        config.attributes["connection"] = connection
        command.upgrade(config, "0013_decision_ledger")
        previous = GENESIS_HASH
        at = audit.utcnow()
        for n in range(1, 4):
            digest = chain_hash(previous, at, None, "older_event", None, None, n)
            connection.execute(
                text("INSERT INTO audit_events (id, at, action, object_id, prev_hash, hash) VALUES (:id, :at, 'older_event', :id, :p, :h)"),
                {"id": n, "at": at, "p": previous, "h": digest},
            )
            previous = digest
        if backend == "postgresql":
            connection.execute(text("SELECT setval(pg_get_serial_sequence('audit_events', 'id'), 3)"))
    db.dispose()
    rt = runtime.start(settings)
    try:
        with rt.db.read() as session:
            assert session.scalar(select(AuditKeying.keyed_from)) == 4
        organisations.create(name="Upgraded Trust", by=SYSTEM)
        teams.add(name="North", by=SYSTEM)
        code, said = _verify(capsys)
        assert code == 0 and "5 event(s) checked" in said
        with rt.db.write() as session:  # an id no account has: no foreign key
            audit.record(session, by=SYSTEM, action="bench_event", subject_id=999)
        refused = ["UPDATE audit_events SET action = 'x'", "DELETE FROM audit_events"]
        if backend == "postgresql":
            refused.append("TRUNCATE audit_events")
        for statement in refused:
            with pytest.raises(Exception, match="audit events cannot be"):
                with rt.db.write() as session:
                    session.execute(text(statement))
        assert _verify(capsys)[0] == 0
    finally:
        runtime.stop()


def _append_many(path: str, start: int) -> None:
    from reflect.audit_journal import AuditJournal, JournalEvent

    journal = AuditJournal(Path(path))
    for n in range(start, start + 40):
        journal.append([JournalEvent(n, datetime.now(UTC), 1, "item_opened", 2, "shared_item", n, f"{n:064x}")])


def test_the_journal_keeps_every_line_from_several_processes_and_survives_a_line_cut_short(tmp_path):
    from reflect.audit_journal import AuditJournal

    path = tmp_path / "server.key.audit"
    path.write_text('{"id":1,"at":"2026-')  # a write cut short by a crash
    path.chmod(0o600)
    context = multiprocessing.get_context("fork")
    workers = [context.Process(target=_append_many, args=(str(path), 100 * w + 2)) for w in range(3)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    state = AuditJournal(path).read()
    assert sorted(state.hashes) == sorted(n for w in range(3) for n in range(100 * w + 2, 100 * w + 42))
    assert state.event(120).object_id == 120 and state.hashes[120] == f"{120:064x}"
