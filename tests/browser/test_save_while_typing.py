"""Words typed into an answer box are saved after a pause, without leaving the box
(reflect/ui/forms.py), even when they arrive before the small watcher that sends them has
loaded. On a busy server or a slow connection the page's boxes are ready before the
watcher's script is: words pasted in that moment used to wait until the person left the box,
and were lost if the server went away first."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from reflect.services.demo import DEMO_PASSWORD
from reflect.ui.forms import TYPING_PAUSE_MS
from tests.browser.app_server import STEP_TIMEOUT_MS, demo_app, go_to, sign_in

pytestmark = pytest.mark.browser

EMAIL = "ruth@example.org"


@pytest.fixture
def own_app(tmp_path: Path):
    with demo_app(tmp_path) as url:
        yield url


def _saved_text(context, url: str) -> str:
    tab = context.new_page()
    tab.set_default_timeout(STEP_TIMEOUT_MS)
    tab.goto(f"{url}/reflection")
    tab.get_by_role("heading", name="Reflect after sharing").wait_for()
    box = tab.get_by_test_id("stMain").locator("textarea").first
    box.wait_for()
    value = box.input_value()
    tab.close()
    return value


def test_words_typed_before_the_watcher_loads_are_saved_without_leaving_the_box(browser, own_app):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(STEP_TIMEOUT_MS)
    messages: list = []  # what the page sends the server
    page.on("websocket", lambda socket: socket.on("framesent", lambda frame: messages.append(frame)))
    sign_in(page, own_app, EMAIL, DEMO_PASSWORD)

    held: list = []
    released = False

    def hold(route) -> None:
        if released:
            route.continue_()
        else:
            held.append(route)

    # Streamlit loads a page component's code as a separate script the first time one is shown.
    page.route("**/BidiComponent*.js", hold)
    go_to(page, "Reflect after sharing")
    page.get_by_role("heading", name="Reflect after sharing").wait_for()
    box = page.get_by_test_id("stMain").locator("textarea").first
    box.wait_for()
    words = "I said a little about my own time off sick, and kept it short"
    box.fill(words)  # the person stays in the box
    page.wait_for_timeout(2 * TYPING_PAUSE_MS)
    assert held, "the watcher's script was not held back, so this test shows nothing"
    released = True
    for route in held:
        route.continue_()

    deadline = time.monotonic() + 60
    while (saved := _saved_text(context, own_app)) != words:
        assert time.monotonic() < deadline, f"the typed words were not saved: the server holds {saved!r}"
        page.wait_for_timeout(TYPING_PAUSE_MS)
    assert page.get_by_test_id("stMain").locator("textarea").first.input_value() == words

    # Once saved, the words are not sent again and again while the person stays in the box.
    messages.clear()
    page.wait_for_timeout(5 * TYPING_PAUSE_MS)
    assert messages == [], f"the page kept sending while nothing was typed: {len(messages)} messages"
    context.close()
