"""What an operator can watch, in Prometheus's terms: counts, durations and gauges, never text.

Every label here takes a value from a fixed list (a page's address in the app, an outcome),
so nothing anyone typed, no name and no e-mail address can reach a scrape. `operations.py`
serves these at /metrics to the addresses the operator allows.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, ProcessCollector, generate_latest
from prometheus_client.core import GaugeMetricFamily
from sqlalchemy import Engine

REGISTRY = CollectorRegistry(auto_describe=True)
ProcessCollector(registry=REGISTRY)

RERUNS = Counter("reflect_reruns", "Script runs, by page.", ["page"], registry=REGISTRY)
RERUN_SECONDS = Histogram(
    "reflect_rerun_seconds", "How long a script run took, by page.", ["page"], registry=REGISTRY,
    buckets=(0.025, 0.05, 0.1, 0.2, 0.3, 0.5, 1.0, 2.0, 5.0, 10.0),
)
ERRORS = Counter("reflect_errors", "Unexpected errors, each shown to the person with an error number.", registry=REGISTRY)
SESSIONS_OPEN = Gauge("reflect_sessions_open", "Browser connections (Streamlit sessions) open now.", registry=REGISTRY)
SIGN_INS = Counter("reflect_sign_ins", "Password sign-ins, by outcome.", ["outcome"], registry=REGISTRY)
OWN_KEY_DERIVATIONS = Counter(
    "reflect_own_key_derivations",
    "argon2id runs on a password, passphrase or recovery code (one per sign-in attempt), by settings: "
    "standard, demo_only, other, or older_hash (a password hash of the older form).",
    ["settings"], registry=REGISTRY,
)
PASSWORD_CHECKS_WAITING = Gauge(
    "reflect_password_checks_waiting", "Password checks waiting for their turn (the number at once is bounded).", registry=REGISTRY
)
PASSWORD_CHECK_SECONDS = Histogram(
    "reflect_password_check_seconds", "A password check's time, its wait for a turn included.", registry=REGISTRY,
    buckets=(0.1, 0.2, 0.5, 1.0, 2.0, 5.0, 10.0, 30.0),
)

# The outcomes a sign-in can have: the only values the outcome label takes.
SIGN_IN_OUTCOMES = ("ok", "refused", "paused")
OTHER_PAGE = "other"


def page_label(url_path: str | None, known: Iterable[str]) -> str:
    """A page's label: its address among the app's own pages, or "other"."""
    path = url_path or ""
    return path if path in set(known) else OTHER_PAGE


class Rerun:
    """One script run being timed; its page is "other" until the run knows which page it shows."""

    def __init__(self) -> None:
        self.page = OTHER_PAGE


@contextmanager
def rerun() -> Iterator[Rerun]:
    """Count one script run and time it, however it ends, under the page it set (a label
    from `page_label`)."""
    began = time.perf_counter()
    this_run = Rerun()
    try:
        yield this_run
    finally:
        RERUNS.labels(page=this_run.page).inc()
        RERUN_SECONDS.labels(page=this_run.page).observe(time.perf_counter() - began)


def sign_in(outcome: str) -> None:
    if outcome not in SIGN_IN_OUTCOMES:
        raise ValueError("a sign-in outcome is one of a fixed few")
    SIGN_INS.labels(outcome=outcome).inc()


def error() -> None:
    ERRORS.inc()


class DatabasePool:
    """The database connection pool's use, read at each scrape from `engine()` (None before
    the runtime starts)."""

    def __init__(self, engine: Callable[[], Engine | None]) -> None:
        self.engine = engine

    def collect(self) -> Iterator[GaugeMetricFamily]:
        engine = self.engine()
        if engine is None:
            return
        pool = engine.pool
        for name, help_text, read in (
            ("reflect_db_pool_size", "Connections the pool keeps.", "size"),
            ("reflect_db_pool_checked_out", "Connections in use now.", "checkedout"),
            ("reflect_db_pool_overflow", "Connections open beyond the pool's size now.", "overflow"),
        ):
            method = getattr(pool, read, None)
            if callable(method):
                yield GaugeMetricFamily(name, help_text, value=float(method()))


def watch_pool(engine: Callable[[], Engine | None]) -> None:
    """Report the pool of the engine `engine()` gives at each scrape (once per process)."""
    global _pool_watched
    if not _pool_watched:
        REGISTRY.register(DatabasePool(engine))
        _pool_watched = True


_pool_watched = False
for _outcome in SIGN_IN_OUTCOMES:
    SIGN_INS.labels(outcome=_outcome)


def scrape() -> bytes:
    """Everything above in Prometheus's text format."""
    return generate_latest(REGISTRY)
