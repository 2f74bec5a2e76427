"""A replica lost mid-use: two app servers on one PostgreSQL database behind Caddy running
deploy/Caddyfile (its upstream and listening addresses swapped for this machine's), one
browser. The replica serving the person stops answering while they type and is killed; the
page reconnects through the proxy to the other, still signed in (the cookie), on the same page,
with what they typed still in its box. Streamlit's page runs nothing on the new replica until
the person's next step; then the box keeps the words typed after the last save and saves
them (reflect/ui/forms.py), where it used to put the older saved text back over them.
Until that step, a reload would lose those words."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect

from reflect.services.demo import DEMO_PASSWORD
from reflect.ui.forms import TYPING_PAUSE_MS
from tests.browser.app_server import STEP_TIMEOUT_MS, app_servers, free_port, go_to, load_demo, sign_in
from tests.conftest import CHECKOUT, create_database

pytestmark = pytest.mark.browser

CADDY = "/usr/bin/caddy"
EMAIL = "supervisor@example.org"  # no other browser test types a reflection as this account
SAVED_PART = "I mentioned my own recovery, briefly,"
TYPED = SAVED_PART + " and typed this just before the server went away"
# Caddy marks a lost replica down at its next health check (every 10 s in deploy/Caddyfile);
# Streamlit's page keeps trying to reconnect meanwhile.
RECONNECT_TIMEOUT_MS = 90_000


def caddyfile_for(upstreams: list[str], port: int) -> tuple[str, dict[str, str]]:
    """deploy/Caddyfile and the environment to run it with here. A file that reads its
    addresses from the environment runs as shipped; one that names compose's addresses
    (app1:8501 app2:8501 on :8080) runs as a copy with these swapped in. Either way without
    `stream_timeout`, which Debian's Caddy 2.6 does not know (and whose absence means a
    WebSocket is never closed by the proxy)."""
    shipped = (CHECKOUT / "deploy" / "Caddyfile").read_text()
    adapted = re.sub(r"^\s*stream_timeout .*\n", "", shipped, flags=re.M)
    if "{$REFLECT_UPSTREAMS" in shipped:
        return adapted, {"REFLECT_PROXY_ADDRESS": f"http://127.0.0.1:{port}", "REFLECT_UPSTREAMS": " ".join(upstreams)}
    adapted, swapped = re.subn(r"reverse_proxy app1:8501 app2:8501", "reverse_proxy " + " ".join(upstreams), adapted)
    assert swapped == 1, "deploy/Caddyfile names neither its replicas' addresses nor REFLECT_UPSTREAMS: adapt this test"
    adapted, swapped = re.subn(r"^:8080 \{", f"http://127.0.0.1:{port} {{", adapted, flags=re.M)
    assert swapped == 1
    return adapted, {}


def _answer(url: str, path: str) -> str:
    with urllib.request.urlopen(f"{url}{path}", timeout=30) as response:
        return response.read().decode()


def _ready(url: str) -> str:
    """/ready's answer once it is 200, as a readiness probe waits (the first loads the language pipeline)."""
    for _ in range(60):
        try:
            return _answer(url, "/ready")
        except urllib.error.HTTPError as refused:
            last = refused.read().decode()
            time.sleep(2)
    return last


def _sessions_open(url: str) -> float:
    """How many browser connections a replica holds, from its own /metrics (this machine may read them)."""
    found = re.search(r"^reflect_sessions_open (\S+)$", _answer(url, "/metrics"), re.M)
    return float(found.group(1))


@pytest.fixture
def behind_caddy(postgres, tmp_path: Path) -> Iterator[tuple[str, list[str], list[subprocess.Popen]]]:
    if not Path(CADDY).exists():
        if os.environ.get("CI"):
            raise RuntimeError("CI must run the proxy test: Debian's caddy package provides /usr/bin/caddy")
        pytest.skip("caddy is not installed here (.ci/run installs it, so CI runs this)")
    database_url = create_database(postgres, "reflect_browser_replica_loss")
    shared = tmp_path / "shared"
    shared.mkdir()
    load_demo(shared, database_url=database_url)
    processes: list[subprocess.Popen] = []
    with app_servers(shared, ports=(None, None), database_url=database_url, processes=processes) as urls:
        port = free_port()
        config = tmp_path / "Caddyfile"
        text, addresses = caddyfile_for([u.removeprefix("http://") for u in urls], port)
        config.write_text(text)
        home = tmp_path / "caddy-home"
        env = {**os.environ, **addresses, "HOME": str(home), "XDG_CONFIG_HOME": str(home / "config"), "XDG_DATA_HOME": str(home / "data")}
        log = open(tmp_path / "caddy.log", "w")
        caddy = subprocess.Popen([CADDY, "run", "--config", str(config), "--adapter", "caddyfile"], env=env, stdout=log, stderr=log)
        try:
            proxy = f"http://127.0.0.1:{port}"
            for _ in range(150):
                try:
                    if _answer(proxy, "/_stcore/health") == "ok":
                        break
                except OSError:
                    assert caddy.poll() is None, (tmp_path / "caddy.log").read_text()[-2000:]
                    time.sleep(0.2)
            yield proxy, urls, processes
        finally:
            caddy.terminate()
            caddy.wait(timeout=20)
            log.close()


def test_a_person_whose_replica_is_lost_reconnects_to_the_other_signed_in_on_their_page_with_what_they_typed(browser, behind_caddy):
    proxy, replicas, processes = behind_caddy
    assert [_ready(url) for url in replicas] == ["ready\n", "ready\n"]
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(STEP_TIMEOUT_MS)

    # Signed in through the proxy, on a reflection.
    sign_in(page, proxy, EMAIL, DEMO_PASSWORD)
    go_to(page, "Reflect after sharing")
    page.get_by_role("heading", name="Reflect after sharing").wait_for()
    box = page.get_by_test_id("stMain").locator("textarea").first
    box.wait_for()
    box.fill(SAVED_PART)
    _reflection_shows(context, proxy, {SAVED_PART})  # saved as they typed: another tab reads it back

    # The replica holding this person's connection stops answering while they type, past the
    # pause after which the page sends typed text, then is killed outright: nothing of the
    # typed words can have reached the database.
    serving = [n for n, url in enumerate(replicas) if _sessions_open(url) >= 1]
    assert len(serving) == 1
    lost, other = serving[0], 1 - serving[0]
    processes[lost].send_signal(signal.SIGSTOP)
    box.fill(TYPED)
    page.wait_for_timeout(2 * TYPING_PAUSE_MS)
    processes[lost].send_signal(signal.SIGKILL)
    processes[lost].wait(timeout=20)

    # The page reconnects through the proxy to the other replica, which knows the session by
    # its cookie: still signed in, still on the reflection page, the typed words in the box.
    deadline = time.monotonic() + RECONNECT_TIMEOUT_MS / 1000
    while _sessions_open(replicas[other]) < 1:
        assert time.monotonic() < deadline, "the page did not reconnect to the other replica"
        time.sleep(0.5)
    page.get_by_role("heading", name="Reflect after sharing").wait_for(timeout=RECONNECT_TIMEOUT_MS)
    assert page.url == f"{proxy}/reflection"
    assert page.get_by_label("E-mail address").count() == 0
    box = page.get_by_test_id("stMain").locator("textarea").first
    # What they typed is still in the box, on the page they were on.
    expect(box).to_have_value(TYPED)

    # Their next step (leaving the box) runs the page on the other replica: the box keeps the
    # words typed after the last save, rather than the older saved text, and saves them.
    box.press("Tab")
    _reflection_shows(context, proxy, {TYPED})
    expect(box).to_have_value(TYPED)
    context.close()


def _reflection_shows(context, proxy: str, expected: set[str]) -> None:
    """Open the reflection page in a new tab, signed in, until its first box holds one of `expected`."""
    tab = context.new_page()
    tab.set_default_timeout(STEP_TIMEOUT_MS)
    for _ in range(30):
        tab.goto(f"{proxy}/reflection")
        tab.get_by_role("heading", name="Reflect after sharing").wait_for()
        first = tab.get_by_test_id("stMain").locator("textarea").first
        first.wait_for()
        if first.input_value() in expected:
            break
        time.sleep(0.5)
    assert first.input_value() in expected
    tab.close()
