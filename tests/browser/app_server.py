"""The real app with the demo organisation, served by Streamlit on loopback. Used by the
browser tests and by the scripts in docs/ that take the README's screenshots."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect

CHECKOUT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
CHROMIUM = "/usr/bin/chromium"
# How long one browser step may wait. Generous: CI runs the browser tests beside CPU-heavy
# property tests on two cores, and a slow step must not read as a failure.
STEP_TIMEOUT_MS = 45_000
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def free_port() -> int:
    return _free_port()


def _env(data_dir: Path, database_url: str | None, extra_env: dict[str, str] | None = None) -> dict[str, str]:
    """The environment of an app process: `data_dir` for the key file and logs, and the
    database at `database_url`, or else the SQLite database in `data_dir` (and `extra_env`,
    such as a key service for the keystore)."""
    env = {**os.environ, "REFLECT_DATA_DIR": str(data_dir)}
    env.pop("REFLECT_DATABASE_URL", None)
    if database_url:
        env["REFLECT_DATABASE_URL"] = database_url
    return {**env, **(extra_env or {})}


def server_env(data_dir: Path, database_url: str | None = None, extra_env: dict[str, str] | None = None) -> dict[str, str]:
    """The environment the app processes on `data_dir` and `database_url` run with, for a
    process of the test's own that reads what they wrote."""
    return _env(data_dir, database_url, extra_env)


def load_demo(data_dir: Path, *, database_url: str | None = None, extra_env: dict[str, str] | None = None) -> None:
    """Load the demo organisation with `reflect demo`, as an admin would."""
    subprocess.run(
        [str(BIN / "reflect"), "demo"], env=_env(data_dir, database_url, extra_env), check=True, capture_output=True
    )


@contextmanager
def app_servers(
    data_dir: Path,
    *,
    ports: tuple[int | None, ...] = (None,),
    database_url: str | None = None,
    extra_args: tuple[str, ...] = (),
    extra_env: dict[str, str] | None = None,
    processes: list[subprocess.Popen] | None = None,
) -> Iterator[list[str]]:
    """Serve the app from one process per entry of `ports` (None: any free port), all started
    at once on the same `data_dir` and database, and yield their URLs once every one answers.
    Loads nothing. The first server's log goes to `data_dir`/server.log, the second's to
    server-2.log, and so on. `processes`, if given, receives each server's process (a test
    that stops one mid-use).

    Raises:
        RuntimeError: a server did not answer its health check within a minute.
    """
    env = _env(data_dir, database_url, extra_env)
    logs = [Path(data_dir) / ("server.log" if n == 1 else f"server-{n}.log") for n in range(1, len(ports) + 1)]
    chosen: list[int] = []
    for port in ports:
        while port is None or port in chosen:
            port = _free_port()
        chosen.append(port)
    urls = [f"http://127.0.0.1:{port}" for port in chosen]
    servers: list[tuple[subprocess.Popen, IO[str]]] = []
    try:
        for port, log_path in zip(chosen, logs):
            log = open(log_path, "w")
            command = [str(BIN / "streamlit"), "run", "app.py", "--server.port", str(port), "--server.address", "127.0.0.1", *extra_args]
            servers.append((subprocess.Popen(command, cwd=CHECKOUT, env=env, stdout=subprocess.DEVNULL, stderr=log), log))
            if processes is not None:
                processes.append(servers[-1][0])
        deadline = time.monotonic() + 60
        for url, log_path in zip(urls, logs):
            while True:
                try:
                    if urllib.request.urlopen(f"{url}/_stcore/health", timeout=2).read() == b"ok":
                        break
                except OSError:
                    if time.monotonic() > deadline:
                        raise RuntimeError(f"the app did not start: {log_path.read_text()[-2000:]}") from None
                    time.sleep(0.3)
        yield urls
    finally:
        for server, _ in servers:
            server.terminate()
        for server, log in servers:
            server.wait(timeout=20)
            log.close()


@contextmanager
def demo_app(
    data_dir: Path, *, port: int | None = None, extra_args: tuple[str, ...] = (), database_url: str | None = None
) -> Iterator[str]:
    """Load the demo into `data_dir` (or into the database at `database_url`), serve the app,
    and yield its URL until the block ends. The server's log goes to `data_dir`/server.log.

    Raises:
        RuntimeError: the app did not answer its health check within a minute.
    """
    load_demo(data_dir, database_url=database_url)
    with app_servers(data_dir, ports=(port,), database_url=database_url, extra_args=extra_args) as (url,):
        yield url


def sign_in(page, url: str, email: str, password: str) -> None:
    page.goto(url)
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("heading", name="Hello").wait_for()


def go_to(page, title: str) -> None:
    """Choose a page from the menu as a person would, at any width: the sidebar on a laptop,
    the *Menu* button at the top of the page on a phone."""
    # The app's style shows the sidebar from 768 px and the Menu button below it. Decided by
    # the window's width, not by what is visible at one instant while the page is still drawing.
    if page.viewport_size["width"] < 768:
        page.get_by_test_id("stMain").get_by_role("button", name="Menu").click()
        scope = page.get_by_test_id("stPopoverBody")
    else:
        scope = page.get_by_test_id("stSidebar")
    scope.get_by_role("link", name=title, exact=True).click()


PICTURE_WIDTHS = (390, 1280)  # a phone and a laptop
PHONE_AGENT = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Mobile Safari/537.36"
)


def picture(browser, url: str, *, email: str, title: str, out: Path, width: int, height: int = 1100, heading: str | None = None, then=None) -> None:
    """Sign in as `email` at `width` px (a phone below 600), open `title` from the menu
    (Home is where sign-in lands), run `then(page)` if given, and save the window to `out`."""
    phone = width < 600
    options = {"user_agent": PHONE_AGENT, "is_mobile": True, "has_touch": True} if phone else {}
    context = browser.new_context(viewport={"width": width, "height": height}, **options)
    page = context.new_page()
    page.set_default_timeout(STEP_TIMEOUT_MS)
    sign_in(page, url, email, "demo-only-reflect")
    if title != "Home":
        go_to(page, title)
        page.get_by_role("heading", name=heading or title).first.wait_for()
    if then is not None:
        then(page)
    page.mouse.move(1, 1)  # no tooltip in the picture
    time.sleep(2.5)
    page.screenshot(path=str(out), full_page=False)
    context.close()


def choose_option(page, box, name: re.Pattern[str] | str, *, typed: str) -> None:
    """Open the select box `box` and choose the option called `name`, as a person would: a tap
    on the box, and if the list has not opened (the page may still be drawing when the first tap
    lands), a few letters typed into it to narrow the list. If the option never shows, say what
    the box and the list showed instead."""
    option = page.get_by_role("option", name=name).first
    field = box.locator("input")
    for attempt in range(4):
        field.click()
        if attempt >= 2:
            field.press_sequentially(typed, delay=30)
        try:
            option.wait_for(timeout=10_000)
            break
        except PlaywrightTimeout:
            page.keyboard.press("Escape")
            if attempt >= 2:
                field.fill("")
    else:
        listed = page.get_by_role("listbox").all_inner_texts()
        raise AssertionError(f"no option {name!r}: the box read {box.inner_text()!r}, the list {listed!r}")
    option.click()


def choose_supervisee(page, supervisee: str) -> None:
    """As a supervisor on *My supervisees*: choose whose shared items to see."""
    box = page.get_by_test_id("stSelectbox").filter(has_text="Supervisee")
    box.wait_for()
    if supervisee not in box.inner_text():  # the first supervisee is chosen already
        choose_option(page, box, supervisee, typed=supervisee)
    page.get_by_text(f"{supervisee} chose to share").wait_for()


def open_first_shared_item(page, supervisee: str) -> None:
    """As a supervisor on *My supervisees*: choose the supervisee and open their newest shared item."""
    choose_supervisee(page, supervisee)
    page.get_by_test_id("stMain").get_by_role("button", name="Open item", exact=True).first.click()
    page.get_by_role("dialog").get_by_role("button", name="Close this item").wait_for()


def demo_pdf_picture(data_dir: str, *, email: str, imports: str, expression: str, out_png: Path, resolution: int = 60) -> None:
    """Make a PDF as a demo person would, in a fresh process on the demo data, and render its
    first page to `out_png` with pdftoppm. `expression` makes the bytes, with `me` the person."""
    code = (
        f"{imports}\n"
        "from reflect import config, runtime\n"
        "from reflect.services import auth\n"
        f"runtime.start(config.load({{'REFLECT_DATA_DIR': {data_dir!r}}}))\n"
        f"me = auth.sign_in(email={email!r}, password='demo-only-reflect').actor\n"
        f"open({data_dir + '/picture.pdf'!r}, 'wb').write({expression})\n"
    )
    subprocess.run([str(BIN / "python"), "-c", code], check=True, cwd=Path(__file__).resolve().parents[2], capture_output=True)
    stem = str(out_png.with_suffix(""))
    subprocess.run(["pdftoppm", "-png", "-r", str(resolution), "-f", "1", "-l", "1", "-singlefile", f"{data_dir}/picture.pdf", stem], check=True)


CODE = re.compile(r"[A-Z2-9]{4}(-[A-Z2-9]{4}){5}")


def save_recovery_code(page) -> str:
    """On the private-notes page: read the code, say it is saved, continue. Returns the code."""
    page.get_by_role("heading", name="Your private notes").wait_for()
    code = page.get_by_test_id("stCode").inner_text().strip()
    assert CODE.fullmatch(code), code
    assert "can't be opened again" in page.get_by_test_id("stMain").inner_text()
    page.get_by_text("I have saved my recovery code somewhere safe").click()
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("heading", name="Hello").wait_for()
    # The whole menu is drawn in place of the set-up page's sign-out alone (once, not both).
    expect(page.get_by_test_id("stSidebar").get_by_role("button", name="Sign out")).to_have_count(1)
    return code
