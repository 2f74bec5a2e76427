"""A change and its audit record are one transaction: when the audit write fails for real (a
database trigger refuses the insert), the change is not there either, on both databases."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, timedelta

import pytest
from sqlalchemy import select, text

from reflect import runtime
from reflect.models.base import Base
from reflect.services import pairs, supervision, teams
from tests import supervision_world


@pytest.fixture
def world(org):
    return supervision_world.build(org)


@contextmanager
def audit_writes_fail() -> Iterator[None]:
    """A real trigger on the audit table that refuses every new event until the block ends."""
    db = runtime.current().db
    postgres = db.engine.dialect.name == "postgresql"
    with db.write() as session:
        if postgres:
            session.execute(text(
                "CREATE FUNCTION audit_down() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'the audit is down'; END $$ LANGUAGE plpgsql"
            ))
            session.execute(text("CREATE TRIGGER audit_down BEFORE INSERT ON audit_events FOR EACH ROW EXECUTE FUNCTION audit_down()"))
        else:
            session.execute(text("CREATE TRIGGER audit_down BEFORE INSERT ON audit_events BEGIN SELECT RAISE(ABORT, 'the audit is down'); END"))
    try:
        yield
    finally:
        with db.write() as session:
            session.execute(text("DROP TRIGGER audit_down ON audit_events" if postgres else "DROP TRIGGER audit_down"))
            if postgres:
                session.execute(text("DROP FUNCTION audit_down()"))


def everything() -> dict[str, list[tuple]]:
    """Every row of every table, to compare before and after."""
    with runtime.current().db.read() as session:
        return {
            table.name: sorted((tuple(map(repr, row)) for row in session.execute(select(table)).all()))
            for table in Base.metadata.sorted_tables
        }


def _writes(world, meeting_id: int, action_id: int) -> dict[str, Callable[[], object]]:
    sam, priya = world.sam, world.north_supervisor
    return {
        "record a session": lambda: supervision.record_meeting(pair_id=world.north_pair, held_on=date.today(), functions=[], discussed=[], by=priya),
        "correct a session": lambda: supervision.update_meeting(
            meeting_id=meeting_id, held_on=date.today() - timedelta(days=2), functions=["restorative"], discussed=[], by=priya
        ),
        "save notes": lambda: supervision.save_notes(meeting_id=meeting_id, question_id="learned", value="Start small", by=sam),
        "confirm": lambda: supervision.respond(meeting_id=meeting_id, confirmed=True, by=sam),
        "agree an action": lambda: supervision.add_action(pair_id=world.north_pair, text="Read the policy", owner_id=sam.person_id, by=sam),
        "mark an action done": lambda: supervision.set_action_done(action_id=action_id, done=True, by=priya),
        "add a team": lambda: teams.add(name="Assertive outreach", by=world.admin),
        "add a pair": lambda: pairs.add(supervisor_email="dee@example.org", supervisee_email="sam@example.org", by=world.admin),
    }


WRITES = ("record a session", "correct a session", "save notes", "confirm", "agree an action", "mark an action done", "add a team", "add a pair")


@pytest.mark.parametrize("write", WRITES)
def test_a_write_whose_audit_record_fails_leaves_nothing_changed(rt, world, write):
    meeting_id = supervision.record_meeting(pair_id=world.north_pair, held_on=date.today() - timedelta(days=1), functions=[], discussed=[], by=world.north_supervisor)
    action_id = supervision.add_action(pair_id=world.north_pair, text="Bring a framing to try", owner_id=world.sam.person_id, by=world.north_supervisor)
    before = everything()

    with audit_writes_fail(), pytest.raises(Exception, match="the audit is down"):
        _writes(world, meeting_id, action_id)[write]()

    assert everything() == before
    _writes(world, meeting_id, action_id)[write]()  # and with the audit back, the same write goes through
    assert everything() != before
