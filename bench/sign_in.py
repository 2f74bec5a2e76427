"""Sixty people signing in at the same moment, through one real app server, on SQLite and on
PostgreSQL: each one's time from sending the sign-in form to the answer that carries the
session cookie, and the time a save by someone else takes while the crowd signs in.

Run from the repository root:  .venv/bin/python bench/sign_in.py
Settings: BENCH_SIGN_INS (default 60), BENCH_DATABASES (default "sqlite,postgresql").
It merges its figures into bench/results.json under "sign_in" ({"sqlite": {...},
"postgresql": {...}}), leaving every other key as it was.
"""

from __future__ import annotations

import json
import os
import re
import statistics
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path

import httpx

CHECKOUT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(CHECKOUT))

from reflect import config, runtime  # noqa: E402
from reflect.config import DEFAULT_PASSWORD_CHECKS  # noqa: E402
from reflect.models import Person  # noqa: E402
from reflect.services import own_keys  # noqa: E402
from tests import factories  # noqa: E402
from tests.browser.app_server import app_servers  # noqa: E402
from tests.factories import PASSWORD  # noqa: E402

RESULTS = CHECKOUT / "bench" / "results.json"
TARGET_P95_MS = 2000


def _people(data_dir: Path, database_url: str | None, count: int) -> list[str]:
    """An organisation with `count` people (and one more to warm the server up); their e-mails."""
    env = {"REFLECT_DATA_DIR": str(data_dir)}
    if database_url:
        env["REFLECT_DATABASE_URL"] = database_url
    runtime.start(config.load(env))
    try:
        org = factories.make_organisation()
        emails = [f"crowd{n}@example.org" for n in range(count + 1) if factories.make_person(org, email=f"crowd{n}@example.org")]
        # Tests wrap each own key with the quick demo-only derivation; a real account's password
        # hash and own-key wrap share one full-strength derivation (made so at its first sign-in
        # after the move to one run), so the crowd's are made that way.
        with runtime.current().db.write() as session:
            for person_id, key in factories.OWN_KEYS.items():
                own_keys.set_password(session, session.get(Person, person_id), PASSWORD, key)
        return emails
    finally:
        runtime.stop()


def _form(client: httpx.Client) -> str:
    page = client.get("/signin")
    return re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)


def _sign_in(client: httpx.Client, email: str, csrf: str) -> float:
    began = time.perf_counter()
    answer = client.post("/signin", data={"csrf": csrf, "next": "/", "email": email, "password": PASSWORD})
    took = time.perf_counter() - began
    if answer.status_code != 303 or "reflect_session" not in answer.cookies:
        raise RuntimeError(f"sign-in answered {answer.status_code}")
    return took


def _crowd(url: str, emails: list[str]) -> dict:
    warm = httpx.Client(base_url=url, follow_redirects=False, timeout=120)
    _sign_in(warm, emails[0], _form(warm))  # the first request opens the database and loads the app
    crowd = emails[1:]
    clients = [httpx.Client(base_url=url, follow_redirects=False, timeout=120) for _ in crowd]
    forms = [_form(client) for client in clients]
    start = threading.Barrier(len(crowd) + 1)
    took: list[float] = []
    errors = 0

    def one(n: int) -> None:
        nonlocal errors
        start.wait()
        try:
            took.append(_sign_in(clients[n], crowd[n], forms[n]))
        except Exception:
            errors += 1

    began = time.perf_counter()
    with ThreadPoolExecutor(len(crowd)) as pool:
        futures = [pool.submit(one, n) for n in range(len(crowd))]
        start.wait()
        began = time.perf_counter()
        # A page load by someone already signed in, while the crowd signs in.
        during = warm.get("/_stcore/health")
        health_ms = (time.perf_counter() - began) * 1000
        for future in futures:
            future.result()
    wall = time.perf_counter() - began
    for client in (warm, *clients):
        client.close()
    ordered = sorted(took)
    at = lambda q: ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000  # noqa: E731
    return {
        "people": len(crowd),
        "signed_in": len(took),
        "errors": errors,
        "p50_ms": round(statistics.median(ordered) * 1000),
        "p95_ms": round(at(0.95)),
        "max_ms": round(ordered[-1] * 1000),
        "all_done_s": round(wall, 2),
        "health_during_ms": round(health_ms) if during.status_code == 200 else None,
        "password_checks_at_once": int(os.environ.get("REFLECT_PASSWORD_CHECKS") or DEFAULT_PASSWORD_CHECKS),
        "target_p95_ms": TARGET_P95_MS,
    }


def _one(database: str, count: int, server) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        data_dir = Path(folder)
        database_url = None
        if database == "postgresql":
            from tests.conftest import create_database

            database_url = create_database(server, "reflect_bench_sign_in")
        emails = _people(data_dir, database_url, count)
        with app_servers(data_dir, database_url=database_url) as (url,):
            return _crowd(url, emails)


def main() -> int:
    count = int(os.environ.get("BENCH_SIGN_INS", "60"))
    databases = [d.strip() for d in os.environ.get("BENCH_DATABASES", "sqlite,postgresql").split(",") if d.strip()]
    server = None
    if "postgresql" in databases:
        from tests import pg_server

        if pg_server.find_bin_dir() is None:
            print("PostgreSQL is not installed here: measuring SQLite only.")
            databases.remove("postgresql")
        else:
            server = pg_server.start()
    results: dict = {}
    try:
        for database in databases:
            load = round(os.getloadavg()[0], 1)  # the machine may be shared: its load puts the figures in context
            results[database] = {
                **_one(database, count, server), "measured": date.today().isoformat(), "cpu_cores": os.cpu_count(), "load_average_before": load,
            }
            figures = results[database]
            print(
                f"{database}: {figures['signed_in']} of {figures['people']} signed in at once, p50 {figures['p50_ms']} ms, "
                f"p95 {figures['p95_ms']} ms, slowest {figures['max_ms']} ms, errors {figures['errors']}, "
                f"health check during it {figures['health_during_ms']} ms",
                flush=True,
            )
    finally:
        if server is not None:
            server.stop()
    merged = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    merged["sign_in"] = {**merged.get("sign_in", {}), **results}
    RESULTS.write_text(json.dumps(merged, indent=2, sort_keys=True) + "\n")
    missed = [d for d, f in results.items() if f["errors"] or f["p95_ms"] > TARGET_P95_MS]
    print(f"{len(missed)} database(s) miss the target of p95 at most {TARGET_P95_MS} ms" + (f": {', '.join(missed)}" if missed else "."))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
