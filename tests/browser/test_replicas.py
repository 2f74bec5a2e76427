"""Two real app servers on one PostgreSQL database and one shared data folder, as behind the
compose file's proxy, driven by one browser: a sign-in through one server is honoured by the
other, a draft saved through either is read through the other, and signing out through one
ends the session in both. With the keystore file on the shared folder, and with OpenBao's
transit engine as the key service."""

from __future__ import annotations

import subprocess
import threading
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from reflect.services.demo import DEMO_PASSWORD
from tests.browser.app_server import BIN, CHECKOUT, STEP_TIMEOUT_MS, app_servers, go_to, load_demo, server_env, sign_in
from tests.conftest import create_database

pytestmark = pytest.mark.browser

EMAIL = "practitioner@example.org"  # no other browser test changes this account
TYPED_ON_A = "Typed on the first server: I said I had been through something similar"
TYPED_ON_B = "Typed on the second server: next time I would ask first"


def _first_page_at_once(urls: list[str]) -> None:
    """Ask each server for a page at the same moment. A session cookie makes each process open
    the database (the app opens it on first use, not at start), so both start on the empty
    database together: one migrates while the other waits for the advisory lock."""
    ready = threading.Barrier(len(urls))
    answers: dict[str, str] = {}

    def ask(url: str) -> None:
        request = urllib.request.Request(f"{url}/", headers={"Accept": "text/html", "Cookie": "reflect_session=nobody"})
        ready.wait()
        with urllib.request.urlopen(request, timeout=180) as response:  # an error page would raise here
            answers[url] = response.url

    threads = [threading.Thread(target=ask, args=(url,)) for url in urls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert answers == {url: f"{url}/signin" for url in urls}


# What the database holds, read as the person in a process of its own: their draft reflections,
# newest first, each with its answers. Only asked when words typed through one server are not
# read back through the other, to tell a save that never arrived from one that is not read back.
_DRAFTS = """
import os
from reflect import config, runtime
from reflect.domain import Stage
from reflect.services import auth, journeys
runtime.start(config.load(dict(os.environ)))
me = auth.sign_in(email={email!r}, password={password!r}).actor
drafts, _ = journeys.list_mine(by=me, filters=journeys.Filters(stage=Stage.AFTER_SHARING, status="draft"), with_total=False)
print([(d.id, d.updated_at.isoformat(), d.answers) for d in drafts])
"""


def _drafts_in_database(shared: Path, database_url: str, keystore_env: dict[str, str]) -> str:
    code = _DRAFTS.format(email=EMAIL, password=DEMO_PASSWORD)
    done = subprocess.run(
        [str(BIN / "python"), "-c", code], cwd=CHECKOUT, env=server_env(shared, database_url, keystore_env),
        capture_output=True, text=True, timeout=120,
    )
    return done.stdout.strip() or done.stderr.strip()[-1500:]


@pytest.fixture
def two_servers(postgres, tmp_path: Path, keystore_env: dict[str, str]) -> Iterator[tuple[list[str], object]]:
    database_url = create_database(postgres, "reflect_browser_replicas")
    shared = tmp_path / "shared"  # stands for the shared volume: one key file for both (and the keystore file)
    shared.mkdir()
    with app_servers(shared, ports=(None, None), database_url=database_url, extra_env=keystore_env) as urls:
        _first_page_at_once(urls)
        load_demo(shared, database_url=database_url, extra_env=keystore_env)  # as an admin would, once both are running
        yield urls, lambda: _drafts_in_database(shared, database_url, keystore_env)


def _answer_boxes(page):
    boxes = page.get_by_test_id("stMain").locator("textarea")
    boxes.first.wait_for()
    return boxes


def _open_reflection_until(page, url: str, expected: list[str], *, saved_from=None, drafts=None) -> None:
    """Open the reflection page until its first answer boxes hold `expected`: a save made
    through one server is read by the other once it has reached the database. `saved_from`,
    the page the words were typed on, is described if they never arrive, and so is what the
    database holds (`drafts`)."""
    for _ in range(30):
        page.goto(f"{url}/reflection")
        page.get_by_role("heading", name="Reflect after sharing").wait_for()
        boxes = _answer_boxes(page)
        found = [boxes.nth(i).input_value() for i in range(len(expected))]
        if found == expected:
            return
    there = ""
    if saved_from is not None:
        boxes = saved_from.get_by_test_id("stMain").locator("textarea")
        there = f"; the page they were typed on shows {[boxes.nth(i).input_value() for i in range(boxes.count())]!r}"
        there += f" and says {saved_from.get_by_test_id('stMain').inner_text()[:1500]!r}"
        # Whether the typing watcher had loaded there (it sends words left in a box after a pause).
        there += f"; its typing watcher is {saved_from.evaluate('() => typeof window.__reflectTypingLater')!r}"
    if drafts is not None:
        there += f"; the database holds these drafts: {drafts()}"
    assert found == expected, f"read back {found!r}{there}"


def test_two_app_servers_share_one_sign_in_its_drafts_and_its_sign_out(browser, two_servers):
    (a, b), drafts = two_servers
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    on_a = context.new_page()
    on_a.set_default_timeout(STEP_TIMEOUT_MS)

    # Signed in through A, a reflection is started there and an answer typed and left.
    sign_in(on_a, a, EMAIL, DEMO_PASSWORD)
    go_to(on_a, "Reflect after sharing")
    on_a.get_by_role("heading", name="Reflect after sharing").wait_for()
    box = _answer_boxes(on_a).first
    box.fill(TYPED_ON_A)
    box.press("Tab")

    # B, on another port of the same host, gets the same HttpOnly session cookie: it shows the
    # person signed in, not the sign-in form, and the draft resumes with what was typed on A.
    on_b = context.new_page()
    on_b.set_default_timeout(STEP_TIMEOUT_MS)
    on_b.goto(b)
    on_b.get_by_role("heading", name="Hello").wait_for()
    assert on_b.url == f"{b}/"
    _open_reflection_until(on_b, b, [TYPED_ON_A], saved_from=on_a, drafts=drafts)

    # An answer added through B is there when A's page is opened again.
    second = _answer_boxes(on_b).nth(1)
    second.fill(TYPED_ON_B)
    second.press("Tab")
    _open_reflection_until(on_a, a, [TYPED_ON_A, TYPED_ON_B], saved_from=on_b, drafts=drafts)

    # Signing out through B ends the session for A too: A's open page can no longer save,
    session = next(c for c in context.cookies() if c["name"] == "reflect_session")
    on_b.get_by_test_id("stSidebar").get_by_role("button", name="Sign out").click()
    on_b.get_by_text("You have signed out").wait_for()
    box = _answer_boxes(on_a).first
    box.fill("typed after signing out elsewhere")
    box.press("Tab")
    on_a.get_by_text("Your session has ended").first.wait_for()
    # a reload there asks to sign in, and so it does even with the old cookie put back: the
    # session ended in the database, not only in this browser.
    on_a.goto(f"{a}/my-reflections")
    on_a.get_by_label("E-mail address").wait_for()
    context.add_cookies([session])
    on_a.goto(f"{a}/my-reflections")
    on_a.get_by_label("E-mail address").wait_for()
    assert on_a.url == f"{a}/signin?next=/my-reflections"
    context.close()

