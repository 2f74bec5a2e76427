"""The whole app at the size of a large trust, on SQLite and on PostgreSQL.

Run from the repository root:  .venv/bin/python bench/org_scale.py   (or `make bench`)

For each database it builds the organisation at 1/10 and at full size with
`reflect demo --scale` (5,000 staff at full size), then starts one measuring process per size,
each playing the app server, and times every page as each role (AppTest reruns of `main.py`),
an empty Streamlit page, register search with and without words, languages, match, export,
the year's supervision summary PDF, My reflections for a heavy user and the guard per answer;
then start-up (a new process to the first page) and each process's peak memory. It counts the
SQL statements each one runs, prints a table and merges the figures into bench/results.json:
{"sqlite"|"postgresql": {"<measure>": {"median_ms": n, "cpu_ms": c, "ratio": r, "queries": q},
"run": {date, size, runs, rounds, load averages}}}. Other top-level keys are kept.

How the sizes are compared, on a machine others share: the two sizes' processes are measured
in turn, batch by batch. In each of BENCH_ROUNDS rounds every measure gets a batch of
BENCH_RUNS timed calls (after a warm call and a call whose statements are counted) from one
size and straight after from the other, the size going first alternating by round. So the two
batches compared are seconds apart, whatever the machine was doing a minute before or after.
- `median_ms` (wall clock) and `cpu_ms` are medians over the batches of each batch's median.
  `cpu_ms` is CPU time: the measuring process's own (which holds SQLite's work, and the
  script threads of AppTest) plus, on PostgreSQL, that of the server processes serving its
  connections (read from /proc/<pid>/schedstat; the server runs on this machine).
- `ratio` is the multiple of the empty page (wall clock) for pages.
- `<measure>@growth` has `ratio` = full size ÷ 1/10 size in CPU time: for each round, the full
  size's batch over the small size's taken in the same round, each batch by its call with the
  least CPU time, then the median over rounds. CPU time counts the work a page does, which is
  what grows when a query reads more rows; it leaves out the time spent waiting for a core
  other programs held, which made wall-clock growth wander by 20 % and more on a busy machine.
  Other programs can still add to a call's CPU time (they share caches and memory), never take
  from it, so each batch's least is its least disturbed call. `wall_ratio` is the same
  quotient in wall-clock time, kept for comparison. The export of everything is per row (it
  grows with what there is); start-up compares the CPU time of new processes started for the
  sizes in turn; memory compares the peaks.

Settings (environment): BENCH_SCALE (default 1: full size is that share of the organisation,
e.g. 0.05 for a quick try), BENCH_DATABASES (default "sqlite,postgresql"), BENCH_RUNS (timed
calls per batch, default 7; searches and languages take twice as many, export 5 and PDF 3),
BENCH_ROUNDS (batches per measure and size, default 5).
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


def _measures(runs: int) -> dict:
    """Run inside a fresh process with REFLECT_* set: every measure for this database and size,
    as name -> (call, runs per batch, extra figures). Each call is one page view or one service
    call; the guard's call checks three answers (its figure is a third of the call)."""
    from streamlit.testing.v1 import AppTest

    from tests.conftest import share_script_cache

    # Every run shares one compiled copy of each page, as the server does (not AppTest's default).
    share_script_cache()

    from reflect import navigation
    from reflect.reports import tables
    from reflect.services import auth, journeys, register, scale, supervision
    from reflect.ui import context

    measures: dict = {}
    empty = AppTest.from_string("import streamlit as st\nst.write('')", default_timeout=60)
    measures["page:empty"] = (empty.run, runs, {})

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
            measures[f"page:{role}:{spec.script.removesuffix('.py')}"] = (at.run, runs, {})

    heavy = auth.sign_in(email=scale.HEAVY_USER, password=password)
    at = AppTest.from_file(SCRIPT, default_timeout=120)
    at.session_state[context.TOKEN_KEY] = heavy.token
    at.run()
    at.switch_page(str(navigation.PAGES_DIR / "my_reflections.py"))
    at.run()
    _check_shown(at, "heavy user my_reflections.py")
    measures["page:heavy_user:my_reflections"] = (at.run, runs, {})

    viewer = actors["practitioner"].actor
    for name, query in SEARCHES.items():
        filters = register.RegisterFilters(query=query)
        measures[name] = (lambda f=filters: register.search(by=viewer, filters=f), runs * 2, {})
    measures["register:languages"] = (lambda: register.languages(by=viewer), runs * 2, {})
    measures["register:match"] = (lambda: register.match(by=viewer, interests="football, gardening and Polish"), runs, {})

    exported: dict = {}

    def export() -> None:
        columns, chunks = None, []
        for columns, chunk in register.export_chunks(by=viewer):
            chunks.extend(chunk)
        exported["rows"] = len(chunks)
        tables.to_csv(columns or register.EXPORT_COLUMNS, chunks)

    # About 0.6 s each at full size on a quiet machine: five a batch.
    measures["register:export"] = (export, 5, exported)

    sup = actors["supervisor"].actor
    pair_id = supervision.my_supervisees(by=sup)[0].id
    today = date.today()
    measures["supervision:year_summary_pdf"] = (
        lambda: supervision.summary_pdf(pair_id=pair_id, since=today - timedelta(days=365), until=today, by=sup), 3, {}
    )

    # The identifying-details guard on answers of about three sentences (run on every save).
    answers = [
        "I told them I had been in hospital too and it helped us both. I kept it short. Afterwards I felt tired but glad.",
        "My supervisor Sam Patel at 12 Mill Lane suggested I wait. I did not share on 03/04/1985. It felt right to hold back.",
        "We talked about hearing voices and what helps. I said what works for me. The person smiled and asked a question.",
    ]
    journeys.identifying(answers[0])  # the language analyzer loads on first use
    measures["guard:per_answer"] = (lambda: [journeys.identifying(a) for a in answers], runs, {"per": len(answers)})
    return measures


def _serve(runs: int) -> None:
    """The measuring process: sets every measure up, then answers the driver one batch at a
    time ("batch <name>": a warm call, a call whose statements are counted, then `runs` timed
    calls) until "end", when it reports its peak memory. Replies are the lines starting "@@"."""
    from sqlalchemy import event

    from reflect import runtime

    rt = runtime.current()  # as the app server starts it on its first request
    counter = {"n": 0}

    @event.listens_for(rt.db.engine, "before_cursor_execute")
    def _count(_conn, _cursor, statement, *_args) -> None:
        # Transaction control is left out: PostgreSQL's driver sends BEGIN without a statement.
        if not statement.lstrip().upper().startswith(("BEGIN", "COMMIT", "ROLLBACK")):
            counter["n"] += 1

    measures = _measures(runs)
    find_server, server_used = _server_cpu(rt)

    def reply(value) -> None:
        print("@@" + json.dumps(value), flush=True)

    reply(list(measures))
    for line in sys.stdin:
        command, _, name = line.strip().partition(" ")
        if command == "end":
            break
        call, n, extra = measures[name]
        per = extra.get("per", 1)
        call()  # warm
        counter["n"] = 0
        call()
        queries = counter["n"]
        find_server()
        walls, cpus, servers = [], [], []
        for _ in range(n):
            server_before = server_used()
            cpu_before, began = time.process_time(), time.perf_counter()
            call()
            walls.append((time.perf_counter() - began) * 1000 / per)
            cpus.append((time.process_time() - cpu_before) * 1000 / per)
            servers.append(_spent(server_before, server_used()) / per)
        reply({
            "wall_ms": statistics.median(walls),
            "cpu_ms": statistics.median(c + s for c, s in zip(cpus, servers)),
            # The least disturbed call: another program's work can only add to a call's CPU
            # time (caches and memory shared with it), never take from it.
            "cpu_least_ms": min(c + s for c, s in zip(cpus, servers)),
            "server_cpu_ms": statistics.median(servers),
            "queries": queries,
            **{k: v for k, v in extra.items() if k != "per"},
        })
    runtime.stop()
    reply({"mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024})


def _server_cpu(rt):
    """For PostgreSQL, functions to (1) find the server processes serving this process's
    connections and (2) read the CPU time each has used so far, from /proc/<pid>/schedstat in
    nanoseconds (the server runs on this machine). For SQLite, which runs inside this process
    (its work is in this process's CPU time already), nothing."""
    if rt.db.engine.dialect.name != "postgresql":
        return (lambda: None), (lambda: {})
    from sqlalchemy import text

    pids: set[int] = set()

    def refresh() -> None:
        pids.clear()
        with rt.db.engine.connect() as connection:
            pids.update(connection.execute(
                text("SELECT pid FROM pg_stat_activity WHERE datname = current_database()")
            ).scalars())

    def used() -> dict[int, int]:
        found = {}
        for pid in pids:
            try:
                found[pid] = int(Path(f"/proc/{pid}/schedstat").read_text().split()[0])
            except (OSError, ValueError, IndexError):
                pass  # a connection closed
        return found

    return refresh, used


def _spent(before: dict[int, int], after: dict[int, int]) -> float:
    """Milliseconds of server CPU between two readings, over the processes in both."""
    return sum(after[pid] - before[pid] for pid in before if pid in after) / 1e6


def _check_shown(at, what: str) -> None:
    """A page measure counts only when the page really ran, signed in: no error, a title."""
    if at.exception:
        raise RuntimeError(f"{what}: {at.exception[0].message}")
    if not at.title and not at.header:
        raise RuntimeError(f"{what}: the page showed no title (not signed in, or not the page meant)")


def _startup(envs: dict, rounds: int) -> dict:
    """Milliseconds from a new process to the first page served (sign-in page, migrations
    checked), for each size: new processes for the sizes in turn, `rounds` each. The median
    wall-clock time, and the median CPU time of those processes (user and system)."""
    code = (
        "import time; t=time.perf_counter()\n"
        "from streamlit.testing.v1 import AppTest\n"
        f"at = AppTest.from_file({SCRIPT!r}, default_timeout=120); at.run()\n"
        "assert not at.exception\n"
        "print((time.perf_counter()-t)*1000)\n"
    )
    walls: dict = {size: [] for size in envs}
    cpus: dict = {size: [] for size in envs}
    for _ in range(rounds):
        for size, env in envs.items():
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            done = subprocess.run([sys.executable, "-c", code], env=env, check=True, capture_output=True, text=True, cwd=CHECKOUT)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            walls[size].append(float(done.stdout.strip().splitlines()[-1]))
            cpus[size].append((after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime) * 1000)
    return {size: {"wall": walls[size], "cpu": cpus[size]} for size in envs}


# --- the driver -------------------------------------------------------------------------------


def _env(folder: str, url: str | None) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("REFLECT_")}
    env["REFLECT_DATA_DIR"] = folder
    if url:
        env["REFLECT_DATABASE_URL"] = url
    return env


def _build(database: str, factor: float, folder: str, server) -> tuple[dict, float]:
    """The organisation at this size in a new database: its environment and the seconds taken."""
    url = None
    if database == "postgresql":
        from tests.conftest import create_database

        url = create_database(server, f"bench_{str(factor).replace('.', '_')}")
    env = _env(folder, url)
    began = time.perf_counter()
    subprocess.run([str(CHECKOUT / ".venv" / "bin" / "reflect"), "demo", "--scale", str(factor)], env=env, check=True, cwd=CHECKOUT)
    built_s = time.perf_counter() - began
    os.sync()  # the build's writes reach the disk before anything is timed
    return env, built_s


class _Measuring:
    """A measuring process (`--serve`) for one size, asked for one batch at a time."""

    def __init__(self, env: dict, runs: int, folder: str) -> None:
        self.log = open(Path(folder) / "measuring.log", "w")  # noqa: SIM115 (closed in end)
        self.process = subprocess.Popen(
            [sys.executable, __file__, "--serve", str(runs)],
            env=env, cwd=CHECKOUT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.log, text=True,
        )

    def answer(self):
        for line in self.process.stdout:
            if line.startswith("@@"):
                return json.loads(line[2:])
        self.process.wait()
        raise RuntimeError(f"the measuring process stopped (exit {self.process.returncode}); see {self.log.name}")

    def ask(self, command: str):
        self.process.stdin.write(command + "\n")
        self.process.stdin.flush()
        return self.answer()

    def end(self) -> float:
        memory = self.ask("end")["mb"]
        self.process.wait()
        self.log.close()
        return memory


def _measure_sizes(envs: dict, folders: dict, runs: int, rounds: int) -> dict:
    """Every measure at every size, in batches that alternate between the sizes: both sizes'
    measuring processes are set up, then for each round and each measure a batch from one size
    and straight after a batch from the other (which goes first alternates by round). The
    sizes are thus measured seconds apart, on the same machine in the same state, and the
    figures for each size keep every batch (`batches`: per size, per measure, one per round)."""
    processes = {size: _Measuring(env, runs, folders[size]) for size, env in envs.items()}
    try:
        names = {size: m.answer() for size, m in processes.items()}
        order = list(names[list(envs)[0]])
        batches: dict = {size: {name: [] for name in order} for size in envs}
        for r in range(rounds):
            sizes = list(envs) if r % 2 == 0 else list(reversed(envs))
            for name in order:
                for size in sizes:
                    batches[size][name].append(processes[size].ask(f"batch {name}"))
        memory = {size: m.end() for size, m in processes.items()}
    finally:
        for m in processes.values():
            if m.process.poll() is None:
                m.process.kill()
    return {"batches": batches, "memory": memory}


def _figures(batches: dict, memory_mb: float, startup: dict) -> dict:
    """One size's figures: for each measure the median over its batches of the batch medians
    (wall-clock `median_ms`, `cpu_ms`), the statements of one call, and the ratio to the empty
    page for pages."""
    figures = {}
    for name, tried in batches.items():
        figure = {
            "median_ms": statistics.median(b["wall_ms"] for b in tried),
            "cpu_ms": statistics.median(b["cpu_ms"] for b in tried),
            "ratio": None,
            "queries": tried[0]["queries"],
        }
        if any(b["server_cpu_ms"] for b in tried):
            figure["server_cpu_ms"] = statistics.median(b["server_cpu_ms"] for b in tried)
        if "rows" in tried[0]:
            figure["rows"] = tried[0]["rows"]
        figures[name] = figure
    empty = figures["page:empty"]
    empty["ratio"] = 1.0
    for name, figure in figures.items():
        if name.startswith("page:") and name != "page:empty":
            figure["ratio"] = figure["median_ms"] / empty["median_ms"]
    figures["memory:peak"] = {"median_ms": None, "ratio": None, "queries": None, "mb": memory_mb}
    figures["startup"] = {
        "median_ms": statistics.median(startup["wall"]), "cpu_ms": statistics.median(startup["cpu"]), "ratio": None, "queries": None
    }
    return figures


def _growth(small: dict, full: dict, small_batches: dict, full_batches: dict, startup: dict) -> dict:
    """Full size ÷ (1/10 size) for every figure. `ratio`, the figure held to its target, is the
    median over rounds of the quotient of the two sizes' batches taken together in that round,
    each batch by its least CPU time of one call: the measuring process's own (which holds SQLite's work) plus, on PostgreSQL,
    the server processes' serving it. CPU time counts the work a page does, not the time it
    waited for a core another program was using. `wall_ratio` is the same quotient of
    wall-clock medians. For the export of everything both are per row (it grows with what
    there is)."""
    grown = {}
    for name, figure in full.items():
        if name in full_batches:
            pairs = list(zip(small_batches[name], full_batches[name]))
            scale = 1.0
            if figure.get("rows") and small[name].get("rows"):
                scale = small[name]["rows"] / figure["rows"]
            cpu = statistics.median(f["cpu_least_ms"] / s["cpu_least_ms"] for s, f in pairs) * scale
            wall = statistics.median(f["wall_ms"] / s["wall_ms"] for s, f in pairs) * scale
            grown[f"{name}@growth"] = {"median_ms": figure["median_ms"], "ratio": cpu, "wall_ratio": wall, "queries": figure.get("queries")}
            if scale != 1.0:
                grown[f"{name}@growth"]["per_row"] = True
        elif name == "startup":
            pairs = list(zip(startup["small"]["cpu"], startup["full"]["cpu"]))
            walls = list(zip(startup["small"]["wall"], startup["full"]["wall"]))
            grown["startup@growth"] = {
                "median_ms": figure["median_ms"],
                "ratio": statistics.median(f / s for s, f in pairs),
                "wall_ratio": statistics.median(f / s for s, f in walls),
                "queries": None,
            }
        elif figure.get("mb") and small[name].get("mb"):
            grown[f"{name}@growth"] = {"median_ms": None, "ratio": figure["mb"] / small[name]["mb"], "queries": None}
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
    names = sorted({n for d in databases for n in results[d] if not n.endswith("@growth") and n != "run"})
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
    if len(sys.argv) > 2 and sys.argv[1] == "--serve":
        _serve(int(sys.argv[2]))
        return 0
    full = float(os.environ.get("BENCH_SCALE", "1"))
    databases = [d.strip() for d in os.environ.get("BENCH_DATABASES", "sqlite,postgresql").split(",") if d.strip()]
    runs = int(os.environ.get("BENCH_RUNS", "7"))
    rounds = int(os.environ.get("BENCH_ROUNDS", "5"))
    server = None
    if "postgresql" in databases:
        from tests import pg_server

        if pg_server.find_bin_dir() is None:
            print("PostgreSQL is not installed here: measuring SQLite only.")
            databases.remove("postgresql")
        else:
            server = pg_server.start()
    results: dict = {}
    loads = [os.getloadavg()[0]]
    try:
        for database in databases:
            with tempfile.TemporaryDirectory(prefix="reflect-bench-") as small_dir, tempfile.TemporaryDirectory(prefix="reflect-bench-") as full_dir:
                folders = {"small": small_dir, "full": full_dir}
                envs = {}
                for size, factor in (("small", round(full / 10, 4)), ("full", full)):
                    envs[size], built_s = _build(database, factor, folders[size], server)
                    print(f"{database}: built {factor} of the organisation in {built_s:.0f} s.", flush=True)
                loads.append(os.getloadavg()[0])
                measured = _measure_sizes(envs, folders, runs, rounds)
                startup = _startup(envs, rounds)
                loads.append(os.getloadavg()[0])
                print(f"{database}: measured both sizes in {rounds} rounds.", flush=True)
            batches = measured["batches"]
            small = _figures(batches["small"], measured["memory"]["small"], startup["small"])
            big = _figures(batches["full"], measured["memory"]["full"], startup["full"])
            results[database] = {**big, **_growth(small, big, batches["small"], batches["full"], startup)}
    finally:
        if server is not None:
            server.stop()
    stamp = (
        f"{date.today().isoformat()}, {os.cpu_count()} CPU cores, {_memory_gb():.0f} GB memory, {platform.system()}, "
        f"full size = {full} of the organisation, load average (1 minute) {min(loads):.1f} to {max(loads):.1f} while measuring"
    )
    table = _table(results)
    print(f"\n{stamp}\n\n{table}")
    misses = [(d, n, m) for d in results for n, f in results[d].items() for m in _misses(n, f)]
    print(f"\n{len(misses)} figure(s) miss their target" + (":" if misses else "."))
    for d, n, m in misses:
        print(f"  {d} {n}: {m}")
    merged = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    for database, figures in results.items():
        merged[database] = {n: {k: (round(v, 3) if isinstance(v, float) else v) for k, v in f.items()} for n, f in figures.items()}
        merged[database]["run"] = {"date": date.today().isoformat(), "full_size": full, "runs": runs, "rounds": rounds,
                                   "load_average": [round(x, 2) for x in loads]}
    RESULTS.write_text(json.dumps(merged, indent=2, sort_keys=True) + "\n")
    # results.md shows both databases as results.json holds them, each from its latest run.
    shown = {d: merged[d] for d in ("sqlite", "postgresql") if d in merged}
    runs_line = "; ".join(
        f"{d}: {f['run']['date']}, load average {min(f['run']['load_average']):.1f} to {max(f['run']['load_average']):.1f}"
        for d, f in shown.items() if "run" in f
    )
    (CHECKOUT / "bench" / "results.md").write_text(f"{stamp}\n\nRuns: {runs_line}\n\n{_table(shown)}\n")
    return 0


def _memory_gb() -> float:
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 1e9
    except (ValueError, OSError):
        return 0.0


if __name__ == "__main__":
    raise SystemExit(main())
