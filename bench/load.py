"""Many people signed in at once, through the real server: Streamlit's own browser protocol
over the websocket, each session signed in through /signin as a scale-demo account and moving
between real pages with think time.

Run from the repository root:
    .venv/bin/python bench/load.py                 (one replica on SQLite, two on PostgreSQL behind Caddy)
    .venv/bin/python bench/load.py 50              (those set-ups at 50 sessions alone)
    .venv/bin/python bench/load.py --quick         (a short try: 2 and 5 sessions, 10 s each)
    .venv/bin/python bench/load.py --setups one_replica 10 35
    .venv/bin/python bench/load.py --url http://127.0.0.1:8501 --accounts 0 20   (a running server)

Each session: GET /signin, POST the form (the session cookie), open the websocket
/_stcore/stream with that cookie (and the proxy's replica cookie), then ask for a rerun of one
page after another (Home, Quick check, My reflections, Team register) with think time drawn from
an exponential distribution (5 s mean). A rerun's time is from sending `rerun_script` to the
`script_finished` message, as a browser sees it.

For each level of sessions it reports reruns a second, p50/p95/p99, errors (a page that raised,
a refusal, a rerun that did not finish in time), dropped sessions (a websocket the server
closed, or that never opened), memory per session (the growth of the app processes' resident
memory with the sessions open, divided by their number), server CPU (of one core, all app
processes together, and the proxy's apart), and bytes sent per rerun. The knee is the most
sessions with p95 at most 300 ms. Figures merge into bench/results.json as
{"load": {"one_replica": {...}, "two_replicas": {...}}}; other keys are kept. The last line
printed is a one-line summary.

Settings (environment or options): BENCH_LOAD_SCALE (share of the scale organisation to build,
default 0.1: 500 staff), BENCH_LOAD_SECONDS (measuring time per level, default 60),
BENCH_LOAD_LEVELS (default "10,35,50,100,200"), BENCH_LOAD_TIMEOUT (whole run, seconds,
default 3600), BENCH_LOAD_PROCESSES (app processes per replica set-up, default: one replica
is one process, two replicas are two).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

CHECKOUT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(CHECKOUT))
RESULTS = CHECKOUT / "bench" / "results.json"
PASSWORD = "demo-only-reflect"
EMAIL_DOMAIN = "scale.example.org"
# The pages every session moves between (their url paths in st.navigation).
PAGES = ("", "quick-check", "my-reflections", "register")
KNEE_P95_MS = 300
MAX_CACHED_AGE = 2  # Streamlit's global.maxCachedMessageAge
THINK_MEAN_S = 5.0
RERUN_TIMEOUT_S = 60.0
# The first sign-in starts the app process's runtime (migrations checked, the language
# pipeline loaded): on a busy machine that alone can take most of a minute.
SIGN_IN_TIMEOUT_S = 180.0
SIGN_IN_AT_ONCE = 4  # sign-ins in flight together while sessions gather (argon2id, 64 MiB each)
CLK_TCK = os.sysconf("SC_CLK_TCK")


def email(n: int) -> str:
    return f"staff{n:04d}@{EMAIL_DOMAIN}"


# --- one session, as a browser tab --------------------------------------------------------------


@dataclass
class Rerun:
    page: str
    began: float
    ms: float
    bytes: int
    ok: bool


@dataclass
class Session:
    """One signed-in browser tab speaking Streamlit's protocol."""

    base: str  # http://host:port
    account: str
    cookies: dict[str, str] = field(default_factory=dict)
    pages: dict[str, str] = field(default_factory=dict)  # url path -> page script hash
    # Hashes of cacheable messages, as the browser keeps them: each with the run it was last
    # used in; the browser forgets one not used for MAX_CACHED_AGE runs.
    cached: dict[str, int] = field(default_factory=dict)
    _run: int = 0
    refs: int = 0  # elements the server sent as a hash, the browser holding them already
    reruns: list[Rerun] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    dropped: bool = False
    sign_in_s: float | None = None
    _ws: object = None
    _reader: asyncio.Task | None = None
    _finished: asyncio.Queue | None = None
    _bytes: int = 0
    _exception: bool = False
    _ran: str = ""  # the page script the server last ran (from new_session)

    async def sign_in(self, client) -> None:
        """The sign-in form, as a browser fills it: the CSRF cookie and field, then the POST."""
        began = time.perf_counter()
        form = await client.get(f"{self.base}/signin")
        self._keep_cookies(form)
        csrf = re.search(r'name="csrf" value="([^"]+)"', form.text)
        if form.status_code != 200 or not csrf:
            raise RuntimeError(f"sign-in form: HTTP {form.status_code}")
        headers = {"origin": self.base}
        done = await client.post(
            f"{self.base}/signin", data={"csrf": csrf.group(1), "next": "/", "email": self.account, "password": PASSWORD}, headers=headers
        )
        self._keep_cookies(done)
        if done.status_code != 303 or "reflect_session" not in self.cookies:
            raise RuntimeError(f"sign-in refused: HTTP {done.status_code}")
        self.sign_in_s = time.perf_counter() - began

    def _keep_cookies(self, response) -> None:
        for header in response.headers.get_list("set-cookie"):
            name, _, rest = header.partition("=")
            value = rest.split(";", 1)[0]
            if "max-age=0" in header.lower() or "expires=thu, 01 jan 1970" in header.lower():
                self.cookies.pop(name.strip(), None)
            else:
                self.cookies[name.strip()] = value

    def _cookie_header(self, *, signing_in: bool = False) -> str:
        # The CSRF cookie's path is /signin: a browser sends it there alone.
        return "; ".join(f"{k}={v}" for k, v in self.cookies.items() if signing_in or k != "reflect_csrf")

    async def open(self) -> None:
        import websockets

        parts = urlsplit(self.base)
        scheme = "wss" if parts.scheme == "https" else "ws"
        self._ws = await websockets.connect(
            f"{scheme}://{parts.netloc}/_stcore/stream",
            subprotocols=["streamlit"],
            additional_headers={"cookie": self._cookie_header(), "origin": self.base},
            max_size=None,
            open_timeout=RERUN_TIMEOUT_S,
            ping_interval=None,
        )
        self._finished = asyncio.Queue()
        self._reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        try:
            async for data in self._ws:
                self._bytes += len(data)
                msg = ForwardMsg()
                msg.ParseFromString(data)
                kind = msg.WhichOneof("type")
                if msg.metadata.cacheable and msg.hash:
                    self.cached[msg.hash] = self._run
                elif kind == "ref_hash":
                    self.cached[msg.ref_hash] = self._run
                    self.refs += 1
                if kind == "new_session":
                    self._ran = msg.new_session.page_script_hash
                elif kind == "navigation":
                    for page in msg.navigation.app_pages:
                        self.pages[page.url_pathname] = page.page_script_hash
                elif kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
                    if msg.delta.new_element.WhichOneof("type") == "exception":
                        self._exception = True
                elif kind == "page_not_found":
                    self._exception = True
                elif kind == "script_finished":
                    if msg.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                        self._finished.put_nowait(msg.script_finished)
        except Exception as exc:  # the connection failed under us
            self.errors.append(f"websocket: {type(exc).__name__}")
        finally:
            self.dropped = True
            self._finished.put_nowait(None)

    async def rerun(self, page: str) -> Rerun:
        """Ask for `page` (a url path; "" is Home) and wait for its script_finished."""
        from streamlit.proto.BackMsg_pb2 import BackMsg
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        back = BackMsg()
        state = back.rerun_script
        state.query_string = ""
        state.page_script_hash = self.pages.get(page, "")
        state.page_name = page
        self._run += 1
        self.cached = {h: run for h, run in self.cached.items() if self._run - run <= MAX_CACHED_AGE}
        state.cached_message_hashes.extend(sorted(self.cached))
        state.context_info.timezone = "Europe/London"
        state.context_info.locale = "en-GB"
        while not self._finished.empty():
            self._finished.get_nowait()
        self._bytes, self._exception, self._ran = 0, False, ""
        began = time.perf_counter()
        await self._ws.send(back.SerializeToString())
        try:
            status = await asyncio.wait_for(self._finished.get(), RERUN_TIMEOUT_S)
        except TimeoutError:
            status = "timeout"
        ms = (time.perf_counter() - began) * 1000
        wrong_page = bool(state.page_script_hash) and self._ran != state.page_script_hash
        ok = status == ForwardMsg.FINISHED_SUCCESSFULLY and not self._exception and not wrong_page
        if not ok:
            why = "dropped" if status is None else "timeout" if status == "timeout" else "another page ran" if wrong_page else "the page raised"
            self.errors.append(f"{page or 'home'}: {why}")
        done = Rerun(page or "home", began, ms, self._bytes, ok)
        self.reruns.append(done)
        return done

    async def close(self) -> None:
        if self._ws is not None:
            await self._ws.close()
        if self._reader is not None:
            await asyncio.gather(self._reader, return_exceptions=True)


async def sign_in_all(base: str, accounts: list[str], at_once: int = SIGN_IN_AT_ONCE, tries: int = 3) -> list[Session]:
    """Sign every account in, `at_once` at a time; a sign-in that fails is tried again up to
    `tries` times. Returns the sessions signed in (a failure is left out, and named in
    `sign_in_all.failures`)."""
    import httpx

    gate = asyncio.Semaphore(at_once)
    sessions = [Session(base, account) for account in accounts]
    failures: list[str] = []

    async def one(session: Session) -> None:
        async with gate:
            for attempt in range(tries):
                # A client of its own, as a browser of its own: no cookie crosses between sessions.
                async with httpx.AsyncClient(timeout=SIGN_IN_TIMEOUT_S, follow_redirects=False) as client:
                    try:
                        await session.sign_in(client)
                        return
                    except (httpx.HTTPError, RuntimeError) as exc:
                        if attempt == tries - 1:
                            failures.append(f"{session.account}: {type(exc).__name__} {exc}"[:200])
                        session.cookies.clear()

    await asyncio.gather(*(one(s) for s in sessions))
    sign_in_all.failures = failures
    return [s for s in sessions if s.sign_in_s is not None]


sign_in_all.failures = []


# --- one level --------------------------------------------------------------------------------


async def drive(signed: list[Session], seconds: float, *, think_s: float = THINK_MEAN_S, seed: int = 0, ramp_s: float | None = None) -> dict:
    """Open a websocket for every session (spread over the ramp), let each move between the
    pages with think time, and measure the reruns that begin within `seconds` after the ramp."""
    chooser = random.Random(seed)
    sessions = [Session(s.base, s.account, cookies=dict(s.cookies)) for s in signed]
    ramp_s = min(think_s, 5.0) if ramp_s is None else ramp_s
    started = time.perf_counter()
    window = (started + ramp_s, started + ramp_s + seconds)
    failed_to_open = 0

    async def live(session: Session, delay: float, rng: random.Random) -> None:
        nonlocal failed_to_open
        await asyncio.sleep(delay)
        try:
            await session.open()
            await session.rerun("")  # the first page, as a browser asks for it on connecting
        except Exception as exc:
            session.errors.append(f"open: {type(exc).__name__}")
            session.dropped = True
            failed_to_open += 1
            return
        while time.perf_counter() < window[1] and not session.dropped:
            await asyncio.sleep(min(rng.expovariate(1 / think_s), window[1] - time.perf_counter() + 0.01) if think_s else 0)
            if time.perf_counter() >= window[1]:
                break
            await session.rerun(rng.choice(PAGES))

    tasks = [live(s, chooser.uniform(0, ramp_s), random.Random(chooser.random())) for s in sessions]
    await asyncio.gather(*tasks)
    dropped = sum(1 for s in sessions if s.dropped)
    # Let any rerun still running finish before closing, so its time is not cut short.
    await asyncio.gather(*(s.close() for s in sessions))
    measured = [r for s in sessions for r in s.reruns if window[0] <= r.began < window[1]]
    times = sorted(r.ms for r in measured)
    return {
        "sessions": len(sessions),
        "seconds": round(seconds, 1),
        "reruns": len(measured),
        "reruns_per_s": round(len(measured) / seconds, 2) if seconds else 0.0,
        "p50_ms": _pct(times, 50),
        "p95_ms": _pct(times, 95),
        "p99_ms": _pct(times, 99),
        "max_ms": round(times[-1], 1) if times else None,
        "errors": sum(1 for r in measured if not r.ok) + failed_to_open,
        "dropped": dropped,
        "kb_per_rerun": round(statistics.mean(r.bytes for r in measured) / 1024, 1) if measured else None,
        "error_kinds": sorted({e for s in sessions for e in s.errors})[:10],
        "by_page_p50_ms": {p: _pct(sorted(r.ms for r in measured if r.page == p), 50) for p in sorted({r.page for r in measured})},
    }


def _pct(values: list[float], pct: float) -> float | None:
    if not values:
        return None
    k = min(len(values) - 1, max(0, round(pct / 100 * len(values) + 0.5) - 1))
    return round(values[k], 1)


# --- the processes measured -------------------------------------------------------------------


def _tree(pids: list[int]) -> list[int]:
    """The processes and all their children."""
    found = list(pids)
    try:
        out = subprocess.run(["ps", "-e", "-o", "pid=,ppid="], capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return found
    children: dict[int, list[int]] = {}
    for line in out.splitlines():
        pid, ppid = (int(x) for x in line.split())
        children.setdefault(ppid, []).append(pid)
    i = 0
    while i < len(found):
        found.extend(children.get(found[i], []))
        i += 1
    return found


def cpu_seconds(pids: list[int]) -> float:
    total = 0.0
    for pid in _tree(pids):
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / CLK_TCK  # utime + stime
    return total


def rss_mb(pids: list[int]) -> float:
    total = 0
    for pid in _tree(pids):
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total / 1024


def peak_mb(pids: list[int]) -> float:
    """The largest peak resident memory of any one of the processes (VmHWM)."""
    peak = 0
    for pid in _tree(pids):
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    peak = max(peak, int(line.split()[1]))
        except OSError:
            continue
    return peak / 1024


def measure_level(base: str, signed: list[Session], seconds: float, app_pids: list[int], proxy_pids: list[int], seed: int) -> dict:
    rss_before = rss_mb(app_pids)
    cpu_before, proxy_before, wall_before = cpu_seconds(app_pids), cpu_seconds(proxy_pids), time.perf_counter()
    client_before = time.process_time()
    figures = asyncio.run(drive(signed, seconds, seed=seed))
    wall = time.perf_counter() - wall_before
    # The client shares the machine's cores with the servers: its own share is reported too.
    figures["client_cpu_pct_of_core"] = round(100 * (time.process_time() - client_before) / wall, 1)
    # Resident memory grows while the sessions are open; measured at the end of the level,
    # before the sessions' memory is released.
    rss_open = max(rss_mb(app_pids), rss_before)
    cpu = cpu_seconds(app_pids) - cpu_before
    figures["server_cpu_pct_of_core"] = round(100 * cpu / wall, 1)
    figures["server_cpu_ms_per_rerun"] = round(1000 * cpu / figures["reruns"], 1) if figures["reruns"] else None
    if proxy_pids:
        figures["proxy_cpu_pct_of_core"] = round(100 * (cpu_seconds(proxy_pids) - proxy_before) / wall, 1)
    figures["memory_kib_per_session"] = round(max(0.0, rss_open - rss_before) * 1024 / max(1, len(signed)), 1)
    figures["app_rss_mb"] = round(rss_mb(app_pids), 1)
    figures["app_peak_mb"] = round(peak_mb(app_pids), 1)
    return figures


def knee(levels: list[dict]) -> dict:
    good = [lv for lv in levels if lv["p95_ms"] is not None and lv["p95_ms"] <= KNEE_P95_MS and not lv["errors"] and not lv["dropped"]]
    best = max(good, key=lambda lv: lv["sessions"], default=None)
    return {
        "knee_sessions": best["sessions"] if best else 0,
        "knee_p95_ms": best["p95_ms"] if best else None,
        "errors": sum(lv["errors"] for lv in levels),
        "dropped": sum(lv["dropped"] for lv in levels),
        "levels": levels,
    }


def run_levels(base: str, levels: list[int], seconds: float, app_pids: list[int], proxy_pids: list[int], deadline: float, label: str) -> dict:
    wanted = max(levels)
    began = time.perf_counter()
    # One sign-in first, alone: it starts the runtime in the app process (in each process
    # behind a proxy, as sessions land there), so the rest are not timed against start-up.
    first = asyncio.run(sign_in_all(base, [email(0)], at_once=1))
    failed = list(sign_in_all.failures)
    signed = first + asyncio.run(sign_in_all(base, [email(n) for n in range(1, wanted)]))
    failed += sign_in_all.failures
    if not signed:
        raise RuntimeError(f"{label}: no one could sign in: {failed[:3]}")
    sign_in_times = sorted(s.sign_in_s for s in signed[1:] if s.sign_in_s is not None)
    print(f"{label}: {len(signed)} signed in ({len(failed)} failed), {SIGN_IN_AT_ONCE} at a time, in {time.perf_counter() - began:.1f} s", flush=True)
    if len(signed) < wanted:
        levels = [lv for lv in levels if lv <= len(signed)] or [len(signed)]
    # A first pass over the pages warms each app process (first imports, the language pipeline).
    asyncio.run(drive(signed[: min(8, len(signed))], 3.0, think_s=0.2, ramp_s=0.5))
    done = []
    for n, level in enumerate(levels):
        if time.monotonic() > deadline:
            print(f"{label}: out of time before {level} sessions", flush=True)
            break
        figures = measure_level(base, signed[:level], seconds, app_pids, proxy_pids, seed=n)
        done.append(figures)
        print(f"{label}: {_line(figures)}", flush=True)
    result = knee(done)
    result["sign_in_failures"] = len(failed)
    result["sign_in_p95_s_while_gathering"] = round(_pct(sign_in_times, 95), 2) if sign_in_times else None
    return result


def _line(f: dict) -> str:
    proxy = f" proxy {f['proxy_cpu_pct_of_core']}%" if "proxy_cpu_pct_of_core" in f else ""
    return (
        f"{f['sessions']} sessions: {f['reruns_per_s']} reruns/s, p50 {f['p50_ms']} ms, p95 {f['p95_ms']} ms, p99 {f['p99_ms']} ms, "
        f"errors {f['errors']}, dropped {f['dropped']}, CPU {f['server_cpu_pct_of_core']}% of a core "
        f"({f['server_cpu_ms_per_rerun']} ms a rerun){proxy}, client {f.get('client_cpu_pct_of_core')}%, {f['kb_per_rerun']} KiB a rerun, "
        f"{f['memory_kib_per_session']} KiB a session"
    )


# --- the set-ups ------------------------------------------------------------------------------


def _env(data_dir: str, url: str | None) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("REFLECT_")}
    env["REFLECT_DATA_DIR"] = data_dir
    if url:
        env["REFLECT_DATABASE_URL"] = url
    return env


def build(data_dir: str, url: str | None, scale: float) -> None:
    began = time.perf_counter()
    subprocess.run([str(CHECKOUT / ".venv" / "bin" / "reflect"), "demo", "--scale", str(scale)], env=_env(data_dir, url), check=True, cwd=CHECKOUT, capture_output=True)
    print(f"built {scale} of the organisation in {time.perf_counter() - began:.0f} s", flush=True)


@contextmanager
def servers(data_dir: str, url: str | None, count: int) -> Iterator[tuple[list[str], list[int]]]:
    """`count` app processes (streamlit run app.py) on this data and database."""
    from tests.browser.app_server import app_servers

    with app_servers(Path(data_dir), ports=(None,) * count, database_url=url) as urls:
        pids = _listening_pids(urls)
        yield urls, pids


def _listening_pids(urls: list[str]) -> list[int]:
    """The process serving each URL's port (from `ss`)."""
    pids = []
    for url in urls:
        port = urlsplit(url).port
        out = subprocess.run(["ss", "-ltnpH", f"sport = :{port}"], capture_output=True, text=True).stdout
        found = re.search(r"pid=(\d+)", out)
        if found:
            pids.append(int(found.group(1)))
    return pids


@contextmanager
def caddy(upstreams: list[str]) -> Iterator[tuple[str, list[int]]]:
    """Debian's caddy running deploy/Caddyfile, its upstreams these app processes."""
    from tests.browser.app_server import free_port

    binary = shutil.which("caddy") or "/usr/bin/caddy"
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="reflect-caddy-") as home:
        env = {
            **os.environ,
            "REFLECT_UPSTREAMS": " ".join(urlsplit(u).netloc for u in upstreams),
            "REFLECT_PROXY_ADDRESS": f":{port}",
            "CADDY_ADMIN": f"127.0.0.1:{free_port()}",  # not the default 2019, which another Caddy may hold
            "XDG_DATA_HOME": home,
            "XDG_CONFIG_HOME": home,
        }
        log_path = Path(home) / "caddy.log"
        with open(log_path, "w") as log:
            process = subprocess.Popen(
                [binary, "run", "--config", str(CHECKOUT / "deploy" / "Caddyfile"), "--adapter", "caddyfile"], env=env, stdout=log, stderr=log
            )
            base = f"http://127.0.0.1:{port}"
            try:
                _wait_for(base, process, str(log_path))
                yield base, [process.pid]
            finally:
                process.send_signal(signal.SIGTERM)
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()


def _wait_for(base: str, process: subprocess.Popen, log: str) -> None:
    import urllib.request

    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"caddy stopped: {Path(log).read_text()[-2000:]}")
        try:
            if urllib.request.urlopen(f"{base}/_stcore/health", timeout=2).read() == b"ok":
                return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"caddy did not answer: {Path(log).read_text()[-2000:]}")


def one_replica(levels: list[int], seconds: float, scale: float, deadline: float, processes: int = 1) -> dict:
    with tempfile.TemporaryDirectory(prefix="reflect-load-") as folder:
        build(folder, None, scale)
        with servers(folder, None, processes) as (urls, pids):
            if processes == 1:
                return run_levels(urls[0], levels, seconds, pids, [], deadline, "one replica (SQLite)")
            with caddy(urls) as (base, proxy):
                return run_levels(base, levels, seconds, pids, proxy, deadline, f"{processes} processes on SQLite behind Caddy")


def two_replicas(levels: list[int], seconds: float, scale: float, deadline: float, processes: int = 2) -> dict:
    from tests import pg_server
    from tests.conftest import create_database

    if pg_server.find_bin_dir() is None:
        raise RuntimeError("PostgreSQL is not installed here")
    server = pg_server.start()
    try:
        url = create_database(server, "reflect_load")
        with tempfile.TemporaryDirectory(prefix="reflect-load-") as folder:
            build(folder, url, scale)
            with servers(folder, url, processes) as (urls, pids), caddy(urls) as (base, proxy):
                return run_levels(base, levels, seconds, pids, proxy, deadline, f"{processes} replicas (PostgreSQL) behind Caddy")
    finally:
        server.stop()


def summary(results: dict) -> str:
    parts = []
    for name, r in results.items():
        top = r["levels"][-1] if r["levels"] else None
        at_top = f", at {top['sessions']}: p95 {top['p95_ms']} ms, {top['reruns_per_s']} reruns/s" if top else ""
        parts.append(f"{name}: knee {r['knee_sessions']} sessions (p95 {r['knee_p95_ms']} ms){at_top}, errors {r['errors']}, dropped {r['dropped']}")
    return "load: " + "; ".join(parts)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("levels", nargs="*", type=int, help="sessions at each level (default BENCH_LOAD_LEVELS)")
    parser.add_argument("--quick", action="store_true", help="a short try: 2 and 5 sessions, 10 s each, a small organisation")
    parser.add_argument("--seconds", type=float, default=float(os.environ.get("BENCH_LOAD_SECONDS", "60")))
    parser.add_argument("--scale", type=float, default=float(os.environ.get("BENCH_LOAD_SCALE", "0.1")))
    parser.add_argument("--timeout", type=float, default=float(os.environ.get("BENCH_LOAD_TIMEOUT", "3600")), help="seconds for the whole run")
    parser.add_argument("--setups", nargs="+", default=["one_replica", "two_replicas"], choices=["one_replica", "two_replicas"])
    parser.add_argument("--processes", type=int, default=int(os.environ.get("BENCH_LOAD_PROCESSES", "0")), help="app processes per set-up (0: 1 and 2)")
    parser.add_argument("--url", help="drive a server already running here instead (its data: the scale demo)")
    parser.add_argument("--pids", type=int, nargs="*", default=[], help="with --url: the app processes to measure")
    parser.add_argument("--no-save", action="store_true", help="print only; leave bench/results.json as it is")
    args = parser.parse_args(argv)
    levels = args.levels or [int(x) for x in os.environ.get("BENCH_LOAD_LEVELS", "10,35,50,100,200").split(",") if x.strip()]
    seconds, scale = args.seconds, args.scale
    if args.quick:
        levels, seconds, scale = args.levels or [2, 5], min(seconds, 10.0), min(scale, 0.02)
    levels = sorted(set(levels))
    deadline = time.monotonic() + args.timeout
    results: dict = {}

    def on_alarm(*_):
        raise TimeoutError(f"the load bench ran past its timeout of {args.timeout:.0f} s")

    signal.signal(signal.SIGALRM, on_alarm)
    signal.alarm(int(args.timeout) + 120)  # a hard stop beyond the soft deadline between levels
    try:
        if args.url:
            results["url"] = run_levels(args.url.rstrip("/"), levels, seconds, args.pids, [], deadline, args.url)
        for setup in args.setups if not args.url else []:
            if setup == "one_replica":
                results[setup] = one_replica(levels, seconds, scale, deadline, args.processes or 1)
            else:
                results[setup] = two_replicas(levels, seconds, scale, deadline, args.processes or 2)
    finally:
        signal.alarm(0)
    for r in results.values():
        r.update(think_time_mean_s=THINK_MEAN_S, seconds_per_level=seconds, scale=scale, cores=os.cpu_count(), measured_on=time.strftime("%Y-%m-%d"))
    if not args.no_save and not args.url and not args.quick:
        merged = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
        merged.setdefault("load", {}).update(results)
        RESULTS.write_text(json.dumps(merged, indent=2, sort_keys=True) + "\n")
    print(summary(results), flush=True)
    return 0 if all(not r["errors"] and not r["dropped"] for r in results.values()) else 1


if __name__ == "__main__":
    raise SystemExit(main())
