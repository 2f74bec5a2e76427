"""/ready and /metrics (reflect/operations.py), driven over HTTP with Starlette's test client,
and the JSON log lines (reflect/logs.py): what an operator sees never holds anyone's words."""

from __future__ import annotations

import dataclasses
import io
import json
import logging

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import text, update
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.routing import WebSocketRoute
from starlette.testclient import TestClient

from reflect import config, logs, metrics, operations, runtime
from reflect.db import alembic_config
from reflect.models import Installation, Stage
from reflect.services import auth, journeys, readiness
from tests import factories, pg_server
from tests.conftest import settings_for
from tests.factories import PASSWORD
from tests.pages.apptest import open_page

# Marked words written through the services: none may appear in a scrape or a log line.
MARK = "Quillfeather"
MARKED_NAME = f"Ada {MARK}"
MARKED_EMAIL = f"ada.{MARK.lower()}@example.org"
MARKED_TEXT = f"I told them about my brother {MARK} and the winter in Leeds"
MARKED_PASSWORD = f"{MARK} wrong guess"


def _client(address: str = "127.0.0.1", headers: dict[str, str] | None = None) -> TestClient:
    app = Starlette(routes=operations.ROUTES)
    return TestClient(app, base_url="http://reflect.test", client=(address, 50000), headers=headers)


def _allowing(rt: runtime.Runtime, networks: str) -> None:
    rt.settings = dataclasses.replace(rt.settings, metrics_allow=config.metrics_allow({"REFLECT_METRICS_ALLOW": networks}))


# --- /ready -------------------------------------------------------------------------------


def test_ready_answers_ready_when_the_database_key_and_pipeline_are_in_place(rt):
    answer = _client().get("/ready")
    assert (answer.status_code, answer.text) == (200, "ready\n")


def test_ready_fails_when_the_server_key_does_not_match_the_database(rt):
    with rt.db.write(check_session=False) as session:
        session.execute(update(Installation).values(key_fingerprint="0" * 64))

    answer = _client().get("/ready")

    assert answer.status_code == 503
    assert answer.text == f"not ready: {readiness.KEY_MISMATCH}\n"


def _set_revision(rt: runtime.Runtime, revision: str) -> None:
    with rt.db.engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = :revision"), {"revision": revision})


def test_ready_fails_when_the_database_is_behind_the_newest_migration(rt):
    newest = readiness.newest_migration()
    before = ScriptDirectory.from_config(alembic_config()).get_revision(newest).down_revision
    _set_revision(rt, before)
    try:
        answer = _client().get("/ready")
    finally:
        _set_revision(rt, newest)  # the shared PostgreSQL database stays at the newest for the next test

    assert answer.status_code == 503 and readiness.MIGRATIONS_BEHIND in answer.text


def test_ready_fails_when_the_database_is_down(tmp_path, postgres):
    own = pg_server.start()  # this test's own server, to stop
    url = own.url("postgres")
    try:
        runtime.start(settings_for(tmp_path, url))
        assert _client().get("/ready").status_code == 200
        own.stop()

        answer = _client().get("/ready")
    finally:
        runtime.stop()
    assert answer.status_code == 503
    assert answer.text == f"not ready: {readiness.DATABASE_UNREACHABLE}\n"
    assert str(own.port) not in answer.text and "postgres" not in answer.text


def test_ready_fails_without_saying_why_when_the_runtime_cannot_start(tmp_path, monkeypatch):
    runtime.stop()
    monkeypatch.setenv("REFLECT_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("REFLECT_DATABASE_URL", "postgresql+psycopg://reflect:s3cret-word@127.0.0.1:1/reflect")
    try:
        answer = _client().get("/ready")
    finally:
        runtime.stop()
    assert (answer.status_code, answer.text) == (503, f"not ready: {operations.NOT_STARTED}\n")


# --- /metrics -----------------------------------------------------------------------------


def _marked_use(rt: runtime.Runtime) -> None:
    """A person with a marked name and e-mail signs in (once wrongly), writes marked text and
    opens the page that lists it."""
    org = factories.make_organisation()
    factories.make_person(org, name=MARKED_NAME, email=MARKED_EMAIL)
    with pytest.raises(auth.SignInError):
        auth.sign_in(email=MARKED_EMAIL, password=MARKED_PASSWORD)
    actor = auth.sign_in(email=MARKED_EMAIL, password=PASSWORD).actor
    entry = journeys.start(stage=Stage.AFTER_SHARING, by=actor)
    journeys.save_answer(entry_id=entry.id, question_id="what_shared", value=MARKED_TEXT, by=actor)
    open_page(MARKED_EMAIL, "my_reflections.py")


def test_metrics_count_reruns_and_sign_ins_and_hold_no_text(sqlite_rt):
    _marked_use(sqlite_rt)

    answer = _client().get("/metrics")

    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/plain")
    scrape = answer.text
    assert 'reflect_reruns_total{page="my-reflections"}' in scrape
    assert 'reflect_sign_ins_total{outcome="ok"}' in scrape and 'reflect_sign_ins_total{outcome="refused"}' in scrape
    assert "reflect_db_pool_checked_out" in scrape and "reflect_sessions_open" in scrape
    for marked in (MARK, MARKED_NAME, MARKED_EMAIL, MARKED_TEXT, "Leeds", "brother", "@example.org"):
        assert marked.lower() not in scrape.lower()


@pytest.mark.parametrize(
    "address, headers",
    [("203.0.113.9", None), ("10.1.2.3", None), ("127.0.0.1", {"X-Forwarded-For": "127.0.0.1"}), ("::ffff:192.0.2.1", None)],
    ids=["elsewhere", "not-allowed-yet", "through-the-proxy", "mapped-elsewhere"],
)
def test_metrics_are_refused_from_an_address_the_operator_has_not_allowed(sqlite_rt, address, headers):
    answer = _client(address, headers).get("/metrics")
    assert answer.status_code == 403
    assert "reflect_" not in answer.text


def test_metrics_are_served_to_the_networks_the_operator_allows(sqlite_rt):
    _allowing(sqlite_rt, "127.0.0.1/32,10.0.0.0/8")
    assert _client("10.1.2.3").get("/metrics").status_code == 200
    assert _client("::ffff:10.9.9.9").get("/metrics").status_code == 200
    assert _client("192.168.1.5").get("/metrics").status_code == 403


def test_a_wrong_metrics_allow_setting_is_named_at_start(tmp_path):
    with pytest.raises(config.ConfigError, match="REFLECT_METRICS_ALLOW"):
        settings_for(tmp_path, extra={"REFLECT_METRICS_ALLOW": "10.0.0.0/8,the office"})


def test_open_browser_connections_are_counted_while_open():
    seen = []

    async def stream(websocket):
        await websocket.accept()
        seen.append(metrics.SESSIONS_OPEN._value.get())
        await websocket.close()

    before = metrics.SESSIONS_OPEN._value.get()
    app = Starlette(routes=[WebSocketRoute("/_stcore/stream", stream)], middleware=[Middleware(operations.SessionsOpen)])
    with TestClient(app).websocket_connect("/_stcore/stream"):
        pass
    assert seen == [before + 1]
    assert metrics.SESSIONS_OPEN._value.get() == before


# --- JSON logs ----------------------------------------------------------------------------


def test_json_log_lines_parse_and_hold_no_text(sqlite_rt):
    written = io.StringIO()
    handler = logging.StreamHandler(written)
    handler.setFormatter(logs.formatter("json"))
    logs.set_level(logging.INFO)
    logging.getLogger("reflect").addHandler(handler)
    try:
        _marked_use(sqlite_rt)
        logs.script_error(123456, "KeyError")
    finally:
        logging.getLogger("reflect").removeHandler(handler)

    lines = [json.loads(line) for line in written.getvalue().splitlines()]
    events = {line["event"] for line in lines}
    assert {"sign_in.failed", "sign_in.ok", "script.error"} <= events
    assert all(set(line) >= {"time", "level", "event"} for line in lines)
    assert all(isinstance(value, (int, float, bool, type(None))) for line in lines for key, value in line.items() if key not in ("time", "level", "event", "type"))
    for marked in (MARK, MARKED_NAME, MARKED_EMAIL, MARKED_TEXT, "Leeds", "@example.org"):
        assert marked.lower() not in written.getvalue().lower()


def test_the_log_format_setting_chooses_json_lines(monkeypatch):
    monkeypatch.setenv(logs.FORMAT_SETTING, "json")
    assert isinstance(logs.formatter(), logs.JsonLines)
    monkeypatch.setenv(logs.FORMAT_SETTING, "")
    assert not isinstance(logs.formatter(), logs.JsonLines)
