"""The audit chain: every event links to the one before it, and a change anywhere is found."""

import threading

import pytest
from sqlalchemy import select, text

from reflect import cli
from reflect.models import AuditEvent
from reflect.models.security import GENESIS_HASH
from reflect.services import audit, persons, teams
from reflect.services.access import SYSTEM, AccessDenied
from tests import factories


def _drop_append_only_trigger(rt) -> None:
    with rt.db.write() as session:
        if rt.db.is_sqlite:
            session.execute(text("DROP TRIGGER audit_events_no_update"))
        else:
            session.execute(text("ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only"))


def _restore_trigger(rt) -> None:
    if not rt.db.is_sqlite:
        with rt.db.write() as session:
            session.execute(text("ALTER TABLE audit_events ENABLE TRIGGER audit_events_append_only"))


def test_each_event_links_to_the_one_before(rt, org, admin):
    for n in range(3):
        teams.add(name=f"Team {n}", by=admin)
    with rt.db.read() as session:
        events = session.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
    assert events[0].prev_hash == GENESIS_HASH
    assert all(later.prev_hash == earlier.hash for earlier, later in zip(events, events[1:]))
    result = audit.verify(by=SYSTEM)
    assert result.ok and result.checked == len(events) and result.head_hash == events[-1].hash


def test_reflect_audit_verify_names_the_one_row_changed_in_sql(rt, org, admin, capsys):
    for n in range(4):
        teams.add(name=f"Team {n}", by=admin)
    with rt.db.read() as session:
        ids = session.scalars(select(AuditEvent.id).order_by(AuditEvent.id)).all()
    target = ids[2]
    assert cli.main(["audit", "verify"]) == 0
    assert "intact" in capsys.readouterr().out

    _drop_append_only_trigger(rt)
    with rt.db.write() as session:
        session.execute(text("UPDATE audit_events SET action = 'team_renamed' WHERE id = :id"), {"id": target})
    _restore_trigger(rt)

    assert cli.main(["audit", "verify"]) == 1
    captured = capsys.readouterr()
    assert f"event {target} " in captured.err and "changed" in captured.err


def test_a_removed_event_breaks_the_link_of_the_next(rt, org, admin):
    for n in range(3):
        teams.add(name=f"Team {n}", by=admin)
    with rt.db.read() as session:
        ids = session.scalars(select(AuditEvent.id).order_by(AuditEvent.id)).all()
    with rt.db.write() as session:
        if rt.db.is_sqlite:
            session.execute(text("DROP TRIGGER audit_events_no_delete"))
        else:
            session.execute(text("ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only"))
        session.execute(text("DELETE FROM audit_events WHERE id = :id"), {"id": ids[1]})
    _restore_trigger(rt)
    result = audit.verify(by=SYSTEM)
    assert result.broken_at == ids[2] and "link" in result.reason


def test_writers_at_the_same_time_keep_one_unbroken_chain(rt, org, admin):
    errors = []

    def add_teams(prefix: str) -> None:
        try:
            for n in range(8):
                teams.add(name=f"{prefix} {n}", by=admin)
        except Exception as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=add_teams, args=(f"Writer {w}",)) for w in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    result = audit.verify(by=SYSTEM)
    assert result.ok and result.checked >= 32


def test_verifying_needs_an_admin(rt, org, practitioner):
    with pytest.raises(AccessDenied):
        audit.verify(by=practitioner)


def test_admin_search_filters_by_person_kind_and_date_and_shows_no_content(rt, org, admin):
    person = factories.make_person(org, name="Nia Roberts")
    teams.add(name="Crisis", by=admin)
    persons.unlock(person_id=person.person_id, by=admin)
    rows, total = audit.search(by=admin, person_id=person.person_id)
    assert total == 1 and rows[0].action == "account_unlocked" and rows[0].subject == "Nia Roberts"
    rows, total = audit.search(by=admin, action="team_added")
    assert total == 1 and rows[0].object_type == "team"
    today = rows[0].at.date()
    assert audit.search(by=admin, since=today, until=today)[1] == 2
    assert audit.search(by=admin, until=today.replace(year=today.year - 1))[1] == 0
    assert set(vars(rows[0])) == {"id", "at", "actor", "action", "subject", "object_type", "object_id"}


def test_the_admin_count_is_the_searchs_total_and_a_page_given_it_does_not_count_again(rt, org, admin):
    """The audit page counts once per view (counting reads every event of the trust) and
    passes the count to the page of events it shows."""
    from sqlalchemy import event

    person = factories.make_person(org, name="Nia Roberts")
    teams.add(name="Crisis", by=admin)
    persons.unlock(person_id=person.person_id, by=admin)
    for filters in ({}, {"person_id": person.person_id}, {"action": "team_added"}):
        assert audit.count(by=admin, **filters) == audit.search(by=admin, **filters)[1]
    counted = []

    def keep(_conn, _cursor, statement, *_args) -> None:
        if "count(" in statement.lower():
            counted.append(statement)

    event.listen(rt.db.engine, "before_cursor_execute", keep)
    try:
        rows, total = audit.search(by=admin, per_page=1, total=3)
    finally:
        event.remove(rt.db.engine, "before_cursor_execute", keep)
    assert total == 3 and len(rows) == 1 and counted == []


def test_csv_download_is_recorded(rt, org, admin):
    teams.add(name="Crisis", by=admin)
    rows = audit.export_rows(by=admin)
    assert [r.action for r in rows] == ["team_added"]
    assert audit.search(by=admin, action="audit_exported")[1] == 1


def test_each_person_keeps_seeing_events_about_their_own_account(rt, org, admin):
    person = factories.make_person(org)
    persons.reset_password(person_id=person.person_id, by=admin)
    entries, total = audit.about_me(by=person)
    assert total == 1 and entries[0].action == "password_reset" and entries[0].actor_name == admin.name
