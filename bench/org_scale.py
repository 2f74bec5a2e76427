"""The whole app at the size of a large trust, on SQLite and on PostgreSQL.

Run from the repository root:  .venv/bin/python bench/org_scale.py   (or `make bench`)

For each database and for 1/10 and full size it builds the organisation with
`reflect demo --scale` (5,000 staff at full size), then, in a fresh process that plays the
app server, times every page as each role (median of AppTest reruns, against an empty
Streamlit page in the same process), register search with and without words, match,
export, the year's supervision summary PDF, My reflections for a heavy user, start-up, and
the peak memory of that process. It counts the SQL statements each one runs, prints a table
and merges the figures into bench/results.json:
{"sqlite"|"postgresql": {"<measure>": {"median_ms": n, "ratio": r, "queries": q}}}, where
`ratio` is against the empty page for page measures, and `<measure>@growth` has
`ratio` = full size / (1/10 size), each time first taken as a multiple of the empty page in
its own process (so a machine busier during one size than the other cancels out; the plain
quotient is kept as `raw_ratio`). Other top-level keys in results.json are kept.

Settings (environment): BENCH_SCALE (default 1: full size is that share of the
organisation, e.g. 0.05 for a quick try), BENCH_DATABASES (default "sqlite,postgresql"),
BENCH_RUNS (reruns per measure, default 15).
"""

from __future__ import annotations

import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

CHECKOUT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(CHECKOUT))
RESULTS = CHECKOUT / "bench" / "results.json"
# The Streamlit script every page runs (app.py wraps it in st.App with the sign-in routes).
SCRIPT = str(CHECKOUT / "main.py")
TARGETS = {"page_ms": 50, "page_ratio": 25, "page_queries": 20, "growth": 1.2, "search_ms": 20, "export_ms": 2000, "pdf_ms": 1000, "memory_mb": 400}
PROCESSES = 2  # measuring processes per database and size
SEARCHES = {"search:words": "polish", "search:two-words": "football gardening", "search:no-words": ""}


# --- the measuring process ------------------------------------------------------------------


def _measure(runs: int) -> dict:
    """Run inside a fresh process with REFLECT_* set: every figure for this database and size."""
    from sqlalchemy import event
    from streamlit.testing.v1 import AppTest

    from tests.conftest import share_script_cache

    # Every run shares one compiled copy of each page, as the server does (not AppTest's default).
    share_script_cache()

    from reflect import navigation, runtime
    from reflect.reports import tables
    from reflect.services import auth, register, scale, supervision
    from reflect.ui import context

    rt = runtime.current()  # as the app server starts it on its first request
    counter = {"n": 0}

    @event.listens_for(rt.db.engine, "before_cursor_execute")
    def _count(_conn, _cursor, statement, *_args) -> None:
        # Transaction control is left out: PostgreSQL's driver sends BEGIN without a statement.
        if not statement.lstrip().upper().startswith(("BEGIN", "COMMIT", "ROLLBACK")):
            counter["n"] += 1

    def timed(call, n: int = runs) -> tuple[float, int]:
        call()  # warm
        counter["n"] = 0
        call()
        queries = counter["n"]
        times = []
        for _ in range(n):
            began = time.perf_counter()
            call()
            times.append((time.perf_counter() - began) * 1000)
        return statistics.median(times), queries

    out: dict = {}
    # The floor: an empty page, timed in batches spread through the process (at the start, after
    # the pages, and at the end); the floor is the fastest batch's median, so one slow moment
    # does not shift every ratio.
    empty = AppTest.from_string("import streamlit as st\nst.write('')", default_timeout=60)
    batches: list[float] = []

    def empty_batch() -> float:
        empty.run()  # warm
        batch = []
        for _ in range(runs):
            began = time.perf_counter()
            empty.run()
            batch.append((time.perf_counter() - began) * 1000)
        batches.append(statistics.median(batch))
        return min(batches)

    empty_ms = empty_batch()

    password = scale.demo.DEMO_PASSWORD
    accounts = {
        "practitioner": f"staff0007@{scale.EMAIL_DOMAIN}",
        "supervisor": scale.SUPERVISOR,
        "team_lead": scale.TEAM_LEAD,
        "admin": scale.ADMIN,
    }
    actors = {}
    for role, email in accounts.items():
        signed = auth.sign_in(email=email, password=password)
        actors[role] = signed
        for spec in navigation.pages_for(signed.actor):
            at = AppTest.from_file(SCRIPT, default_timeout=120)
            at.session_state[context.TOKEN_KEY] = signed.token
            at.run()
            at.switch_page(str(spec.path))
            at.run()
            _check_shown(at, f"{role} {spec.script}")
            ms, queries = timed(at.run)
            out[f"page:{role}:{spec.script.removesuffix('.py')}"] = {"median_ms": ms, "ratio": ms / empty_ms, "queries": queries}

    empty_ms = empty_batch()
    heavy = auth.sign_in(email=scale.HEAVY_USER, password=password)
    at = AppTest.from_file(SCRIPT, default_timeout=120)
    at.session_state[context.TOKEN_KEY] = heavy.token
    at.run()
    at.switch_page(str(navigation.PAGES_DIR / "my_reflections.py"))
    at.run()
    _check_shown(at, "heavy user my_reflections.py")
    ms, queries = timed(at.run)
    out["page:heavy_user:my_reflections"] = {"median_ms": ms, "ratio": ms / empty_ms, "queries": queries}

    viewer = actors["practitioner"].actor
    for name, query in SEARCHES.items():
        ms, queries = timed(lambda q=query: register.search(by=viewer, filters=register.RegisterFilters(query=q)), runs * 2)
        out[name] = {"median_ms": ms, "ratio": None, "queries": queries}
    ms, queries = timed(lambda: register.languages(by=viewer), runs * 2)
    out["register:languages"] = {"median_ms": ms, "ratio": None, "queries": queries}
    ms, queries = timed(lambda: register.match(by=viewer, interests="football, gardening and Polish"), runs)
    out["register:match"] = {"median_ms": ms, "ratio": None, "queries": queries}

    rows = {}

    def export() -> None:
        columns, chunks = None, []
        for columns, chunk in register.export_chunks(by=viewer):
            chunks.extend(chunk)
        rows["n"] = len(chunks)
        tables.to_csv(columns or register.EXPORT_COLUMNS, chunks)

    ms, queries = timed(export, 7)  # about 0.6 s each at full size: 7 keep the median steady
    out["register:export"] = {"median_ms": ms, "ratio": None, "queries": queries, "rows": rows["n"]}

    sup = actors["supervisor"].actor
    pair_id = supervision.my_supervisees(by=sup)[0].id
    today = date.today()
    ms, queries = timed(lambda: supervision.summary_pdf(pair_id=pair_id, since=today - timedelta(days=365), until=today, by=sup), 3)
    out["supervision:year_summary_pdf"] = {"median_ms": ms, "ratio": None, "queries": queries}

    # The identifying-details guard, per answer of about three sentences (run on every save).
    from reflect.services import journeys

    answers = [
        "I told them I had been in hospital too and it helped us both. I kept it short. Afterwards I felt tired but glad.",
        "My supervisor Sam Patel at 12 Mill Lane suggested I wait. I did not share on 03/04/1985. It felt right to hold back.",
        "We talked about hearing voices and what helps. I said what works for me. The person smiled and asked a question.",
    ]
    journeys.identifying(answers[0])  # the language analyzer loads on first use
    guard_times = []
    for _ in range(runs):
        for answer in answers:
            began = time.perf_counter()
            journeys.identifying(answer)
            guard_times.append((time.perf_counter() - began) * 1000)
    out["guard:per_answer"] = {"median_ms": statistics.median(guard_times), "ratio": None, "queries": 0}

    empty_ms = empty_batch()
    out["page:empty"] = {"median_ms": empty_ms, "ratio": 1.0, "queries": 0, "batches": [round(b, 3) for b in batches]}
    for name, figure in out.items():  # page ratios against the floor from all its batches
        if name.startswith("page:") and name != "page:empty":
            figure["ratio"] = figure["median_ms"] / empty_ms
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    out["memory:peak"] = {"median_ms": None, "ratio": None, "queries": None, "mb": peak_kb / 1024}
    runtime.stop()
    return out


def _check_shown(at, what: str) -> None:
    """A page measure counts only when the page really ran, signed in: no error, a title."""
    if at.exception:
        raise RuntimeError(f"{what}: {at.exception[0].message}")
    if not at.title and not at.header:
        raise RuntimeError(f"{what}: the page showed no title (not signed in, or not the page meant)")


def _startup(env: dict) -> float:
    """Seconds from a new process to the first page served (sign-in page, migrations checked)."""
    code = (
        "import time; t=time.perf_counter()\n"
        "from streamlit.testing.v1 import AppTest\n"
        f"at = AppTest.from_file({SCRIPT!r}, default_timeout=120); at.run()\n"
        "assert not at.exception\n"
        "print((time.perf_counter()-t)*1000)\n"
    )
    times = []
    for _ in range(3):
        done = subprocess.run([sys.executable, "-c", code], env=env, check=True, capture_output=True, text=True, cwd=CHECKOUT)
        times.append(float(done.stdout.strip().splitlines()[-1]))
    return statistics.median(times)


# --- the driver -------------------------------------------------------------------------------


def _env(folder: str, url: str | None) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("REFLECT_")}
    env["REFLECT_DATA_DIR"] = folder
    if url:
        env["REFLECT_DATABASE_URL"] = url
    return env


def _one(database: str, factor: float, runs: int, server) -> tuple[dict, float]:
    with tempfile.TemporaryDirectory(prefix="reflect-bench-") as folder:
        url = None
        if database == "postgresql":
            from tests.conftest import create_database

            url = create_database(server, f"bench_{str(factor).replace('.', '_')}")
        env = _env(folder, url)
        began = time.perf_counter()
        subprocess.run([str(CHECKOUT / ".venv" / "bin" / "reflect"), "demo", "--scale", str(factor)], env=env, check=True, cwd=CHECKOUT)
        built_s = time.perf_counter() - began
        os.sync()  # the build's writes reach the disk before anything is timed
        # Two measuring processes, one after the other: each figure is the quicker process's
        # median, so a process that ran slow throughout (it happens, by several per cent) does
        # not decide a growth figure.
        measured = []
        for _ in range(PROCESSES):
            done = subprocess.run(
                [sys.executable, __file__, "--measure", str(runs)], env=env, check=True, capture_output=True, text=True, cwd=CHECKOUT
            )
            measured.append(json.loads(done.stdout.strip().splitlines()[-1]))
        figures = _quicker(measured)
        figures["startup"] = {"median_ms": _startup(env), "ratio": None, "queries": None}
        return figures, built_s


def _quicker(measured: list[dict]) -> dict:
    """Each figure from the process where it was quickest (memory: the largest peak)."""
    figures = {}
    for name in measured[0]:
        tried = [m[name] for m in measured if name in m]
        if tried[0].get("median_ms") is not None:
            figures[name] = min(tried, key=lambda f: f["median_ms"])
        else:
            figures[name] = max(tried, key=lambda f: f.get("mb") or 0)
    empty = figures["page:empty"]["median_ms"]
    for name, figure in figures.items():
        if name.startswith("page:") and name != "page:empty":
            figure["ratio"] = figure["median_ms"] / empty
    return figures


def _growth(small: dict, full: dict) -> dict:
    """Full size / (1/10 size) for every figure. Each size is measured in a process of its own,
    perhaps while the machine is busier, so times are first taken as multiples of the empty
    page measured in the same process (that cancels a slower machine); `raw_ratio` keeps the
    plain quotient of the two medians."""
    grown = {}
    pace = small["page:empty"]["median_ms"] / full["page:empty"]["median_ms"]
    for name, figure in full.items():
        before = small.get(name, {})
        if figure.get("rows") and before.get("rows"):
            # An export of everything grows with what there is: its growth is per row.
            raw = (figure["median_ms"] / figure["rows"]) / (before["median_ms"] / before["rows"])
            grown[f"{name}@growth"] = {"median_ms": figure["median_ms"], "ratio": raw * pace, "raw_ratio": raw, "queries": figure.get("queries"), "per_row": True}
        elif figure.get("median_ms") and before.get("median_ms"):
            raw = figure["median_ms"] / before["median_ms"]
            ratio = 1.0 if name == "page:empty" else raw * pace
            grown[f"{name}@growth"] = {"median_ms": figure["median_ms"], "ratio": ratio, "raw_ratio": raw, "queries": figure.get("queries")}
        elif figure.get("mb") and before.get("mb"):
            grown[f"{name}@growth"] = {"median_ms": None, "ratio": figure["mb"] / before["mb"], "queries": None}
    return grown


def _misses(name: str, f: dict) -> list[str]:
    misses = []
    ms, ratio, queries = f.get("median_ms"), f.get("ratio"), f.get("queries")
    if name.endswith("@growth"):
        if ratio is not None and ratio > TARGETS["growth"]:
            misses.append(f"grows {ratio:.2f}x")
        return misses
    if name.startswith("page:") and name != "page:empty":
        if ms > TARGETS["page_ms"]:
            misses.append(f">{TARGETS['page_ms']} ms")
        if ratio > TARGETS["page_ratio"]:
            misses.append(f">{TARGETS['page_ratio']}x")
        if queries > TARGETS["page_queries"]:
            misses.append(f">{TARGETS['page_queries']} statements")
    if name.startswith("search:") and ms > TARGETS["search_ms"]:
        misses.append(f">{TARGETS['search_ms']} ms")
    if name == "register:export" and ms > TARGETS["export_ms"]:
        misses.append(f">{TARGETS['export_ms']} ms")
    if name == "supervision:year_summary_pdf" and ms > TARGETS["pdf_ms"]:
        misses.append(f">{TARGETS['pdf_ms']} ms")
    if name == "memory:peak" and f.get("mb", 0) > TARGETS["memory_mb"]:
        misses.append(f">{TARGETS['memory_mb']} MB")
    return misses


def _table(results: dict) -> str:
    databases = list(results)
    names = sorted({n for d in databases for n in results[d] if not n.endswith("@growth")})
    head = "| measure (full size) | " + " | ".join(f"{d} ms | × empty | statements | growth" for d in databases) + " |"
    lines = [head, "|" + "---|" * (1 + 4 * len(databases))]
    for name in names:
        cells = [name]
        for d in databases:
            f = results[d].get(name, {})
            g = results[d].get(f"{name}@growth", {})
            value = f.get("median_ms")
            shown = f"{value:.1f}" if value is not None else (f"{f['mb']:.0f} MB" if f.get("mb") else "")
            if f.get("rows"):
                shown += f" ({f['rows']:,} rows)"
            misses = _misses(name, f) + _misses(f"{name}@growth", g)
            cells += [
                shown + (" ✗" if misses else ""),
                f"{f['ratio']:.1f}" if f.get("ratio") is not None else "",
                str(f["queries"]) if f.get("queries") is not None else "",
                f"{g['ratio']:.2f}" if g.get("ratio") is not None else "",
            ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main() -> int:
    if len(sys.argv) > 2 and sys.argv[1] == "--measure":
        print(json.dumps(_measure(int(sys.argv[2]))))
        return 0
    full = float(os.environ.get("BENCH_SCALE", "1"))
    databases = [d.strip() for d in os.environ.get("BENCH_DATABASES", "sqlite,postgresql").split(",") if d.strip()]
    runs = int(os.environ.get("BENCH_RUNS", "15"))
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
            by_size = {}
            for factor in (round(full / 10, 4), full):
                figures, built_s = _one(database, factor, runs, server)
                print(f"{database}: built {factor} of the organisation in {built_s:.0f} s; measured.", flush=True)
                by_size[factor] = figures
            small, big = by_size[round(full / 10, 4)], by_size[full]
            results[database] = {**big, **_growth(small, big)}
    finally:
        if server is not None:
            server.stop()
    stamp = f"{date.today().isoformat()}, {os.cpu_count()} CPU cores, {_memory_gb():.0f} GB memory, {platform.system()}, full size = {full} of the organisation"
    table = _table(results)
    print(f"\n{stamp}\n\n{table}")
    misses = [(d, n, m) for d in results for n, f in results[d].items() for m in _misses(n, f)]
    print(f"\n{len(misses)} figure(s) miss their target" + (":" if misses else "."))
    for d, n, m in misses:
        print(f"  {d} {n}: {m}")
    merged = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    for database, figures in results.items():
        merged[database] = {n: {k: (round(v, 3) if isinstance(v, float) else v) for k, v in f.items()} for n, f in figures.items()}
    RESULTS.write_text(json.dumps(merged, indent=2, sort_keys=True) + "\n")
    (CHECKOUT / "bench" / "results.md").write_text(f"{stamp}\n\n{table}\n")
    return 0


def _memory_gb() -> float:
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 1e9
    except (ValueError, OSError):
        return 0.0


if __name__ == "__main__":
    raise SystemExit(main())
