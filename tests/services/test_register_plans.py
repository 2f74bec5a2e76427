"""How the register's reads grow with the trust, from the databases' own plans (SQLite's EXPLAIN
QUERY PLAN, PostgreSQL's EXPLAIN ANALYZE): what a page of results reads follows what it shows,
not how many people or entries the trust has."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import event, insert

from reflect.models import Person
from reflect.services import register
from reflect.services.access import SYSTEM
from reflect.services.register import visibility
from tests import factories

# People in the trust beside the few who own entries: many more than a page of results.
BYSTANDERS = 600
# Owners of entries: a page of a hundred entries has about as many different owners.
OWNERS = 100


def _statements(rt, call) -> list[tuple[str, object]]:
    seen: list[tuple[str, object]] = []

    def keep(_conn, _cursor, statement, parameters, *_args) -> None:
        seen.append((statement, parameters))

    event.listen(rt.db.engine, "before_cursor_execute", keep)
    try:
        call()
    finally:
        event.remove(rt.db.engine, "before_cursor_execute", keep)
    return seen


def _plan_nodes(node: dict):
    yield node
    for child in node.get("Plans", ()):
        yield from _plan_nodes(child)


def _postgres_plan(rt, sql: str, parameters) -> list[dict]:
    """Every node of the statement's plan as run (EXPLAIN ANALYZE)."""
    raw = rt.db.engine.raw_connection()
    try:
        cursor = raw.cursor()
        cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql, parameters)
        found = cursor.fetchone()[0]
    finally:
        raw.close()
    plan = found if isinstance(found, list) else json.loads(found)
    return list(_plan_nodes(plan[0]["Plan"]))


def _sqlite_plan(rt, sql: str, parameters) -> str:
    with rt.db.engine.connect() as connection:
        return " | ".join(row[-1] for row in connection.exec_driver_sql("EXPLAIN QUERY PLAN " + sql, parameters).all())


def _trust(rt, org: int, owners: int) -> list:
    """BYSTANDERS people in the trust, then a team of `owners` people with 400 generated
    entries, with fresh statistics (as autovacuum keeps them)."""
    with rt.db.write() as session:  # first, so the owners are not the first people in any index
        session.execute(insert(Person), [
            {"organisation_id": org, "name": f"Bystander {n}", "email": f"bystander{n}@example.org"} for n in range(BYSTANDERS)
        ])
    team_id = factories.make_team(org, "Big")
    people = [factories.make_person(org, teams=(team_id,)) for _ in range(owners)]
    register.load_synthetic(by=SYSTEM, owners=[(p.person_id, team_id) for p in people], count=400, seed=7)
    with rt.db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.exec_driver_sql("VACUUM ANALYZE" if not rt.db.is_sqlite else "ANALYZE")
    return people


def test_reading_a_hundred_entries_looks_up_their_owners_and_reads_no_one_else(rt, org):
    """The match shows up to a hundred entries: their owners' names are found by key, one
    lookup each, never by reading (and hashing) every person in the trust."""
    people = _trust(rt, org, OWNERS)
    ids = [g.entry_id for g in register.search(by=people[0], per_page=100).items]
    assert len(ids) == 100
    seen = _statements(rt, lambda: _read(rt, ids))
    [(sql, parameters)] = [(s, p) for s, p in seen if "register_entries.description" in s]
    if rt.db.is_sqlite:
        plan = _sqlite_plan(rt, sql, parameters)
        assert "SCAN people" not in plan and "SEARCH people USING INTEGER PRIMARY KEY" in plan, plan
        return
    nodes = _postgres_plan(rt, sql, parameters)
    people_read = sum(n["Actual Rows"] * n["Actual Loops"] for n in nodes if n.get("Relation Name") == "people")
    assert people_read <= 2 * len(ids) < BYSTANDERS  # a name and an e-mail address per entry
    assert not [n for n in nodes if n.get("Relation Name") == "people" and n["Node Type"] == "Seq Scan"]


def _read(rt, ids: list[int]) -> None:
    with rt.db.read() as session:
        assert len(visibility.items_by_id(session, rt.server_key, ids)) == len(ids)


def test_a_two_word_search_reads_each_words_index_entries_in_one_pass(rt, org):
    """Each word's index entries are read once, newest first, side by side (PostgreSQL) or the
    other word looked up in the index before any entry is opened (SQLite): never an index
    descent per row on PostgreSQL, which grew a level deeper with the register."""
    trust = _trust(rt, org, 3)
    query = "football gardening"
    found = register.search(by=trust[0], filters=register.RegisterFilters(query=query))
    assert found.items
    seen = _statements(rt, lambda: register.search(by=trust[0], filters=register.RegisterFilters(query=query)))
    [(sql, parameters)] = [(s, p) for s, p in seen if "register_tokens_1" in s and "ORDER BY register_tokens.entry_id DESC" in s]
    if rt.db.is_sqlite:
        plan = _sqlite_plan(rt, sql, parameters)
        # The second word's lookup comes before the entry is opened.
        assert plan.index("register_tokens_1") < plan.index("SEARCH register_entries"), plan
        return
    nodes = _postgres_plan(rt, sql, parameters)
    token_scans = [n for n in nodes if n.get("Relation Name") == "register_tokens"]
    assert len(token_scans) == 2 and all(n["Actual Loops"] == 1 for n in token_scans), [
        (n["Node Type"], n.get("Actual Loops")) for n in nodes
    ]


def test_the_demo_organisation_is_left_as_autovacuum_would_leave_it(rt):
    """After the bulk load, statistics on both databases and, on PostgreSQL, the vacuum that
    marks the pages all-visible, so an index-only scan can read the index alone from the first
    search rather than once autovacuum has come round."""
    from sqlalchemy import text

    from reflect.services import scale

    began = None
    if not rt.db.is_sqlite:
        with rt.db.engine.connect() as connection:
            began = connection.execute(text("SELECT clock_timestamp()")).scalar()
    scale.build(by=SYSTEM, factor=0.004)
    with rt.db.engine.connect() as connection:
        if rt.db.is_sqlite:
            analysed = connection.execute(text("SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'register_tokens'")).scalar()
            assert analysed
            return
        done = connection.execute(text(
            "SELECT relname, last_vacuum >= :began, last_analyze >= :began FROM pg_stat_user_tables"
            " WHERE relname IN ('register_tokens', 'register_entries', 'people') ORDER BY relname"
        ), {"began": began}).all()
    assert done == [("people", True, True), ("register_entries", True, True), ("register_tokens", True, True)], done
