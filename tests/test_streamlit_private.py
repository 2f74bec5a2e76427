"""Streamlit's private parts that Reflect relies on (`reflect/streamlit_private.py`) are still
there and still take and give what we pass and read. An upgrade that moves or changes one fails
here, by name, rather than switching single sign-on or the content security policy off."""

from __future__ import annotations

import inspect
import json

from starlette.requests import Request
from starlette.responses import Response
from streamlit.web.server.server_util import get_cookie_secret
from streamlit.web.server.starlette.starlette_app_utils import create_signed_value

from reflect import streamlit_private, web
from tests.own_thread import in_own_thread


def _parameters(function) -> list[tuple[str, object]]:
    return [(p.name, p.kind) for p in inspect.signature(function).parameters.values()]


def _request(cookies: dict[str, str]) -> Request:
    header = "; ".join(f"{name}={value}" for name, value in cookies.items())
    scope = {"type": "http", "method": "GET", "path": "/signout", "headers": [(b"cookie", header.encode("latin-1"))],
             "scheme": "http", "server": ("localhost", 8501), "root_path": "", "query_string": b""}
    return Request(scope)


def test_the_sso_cookie_reader_takes_the_cookies_and_the_cookie_name():
    positional = inspect.Parameter.POSITIONAL_OR_KEYWORD
    assert _parameters(streamlit_private._get_signed_cookie_with_chunks) == [("cookies", positional), ("cookie_name", positional)]


def test_the_sso_cookie_clearer_takes_the_response_and_the_request():
    positional = inspect.Parameter.POSITIONAL_OR_KEYWORD
    assert _parameters(streamlit_private._clear_auth_cookie) == [("response", positional), ("request", positional)]


def test_the_sso_cookie_name_is_the_one_streamlit_sets():
    assert streamlit_private.USER_COOKIE_NAME == "_streamlit_user"


def test_a_signed_sso_cookie_reads_back_and_a_tampered_one_reads_as_none():
    identity = {"email": "sam@example.org", "is_logged_in": True, "origin": "http://localhost:8501"}
    name = streamlit_private.USER_COOKIE_NAME
    signed = create_signed_value(get_cookie_secret(), name, json.dumps(identity)).decode("latin-1")
    assert json.loads(streamlit_private.sso_cookie({name: signed})) == identity
    assert streamlit_private.sso_cookie({name: signed[:-2] + "xx"}) is None
    assert streamlit_private.sso_cookie({}) is None


def test_clearing_the_sso_cookie_tells_the_browser_to_drop_it():
    response = Response()
    streamlit_private.clear_sso_cookie(response, _request({streamlit_private.USER_COOKIE_NAME: "anything"}))
    cleared = [v.decode("latin-1") for k, v in response.raw_headers if k == b"set-cookie"]
    assert any(c.startswith(f"{streamlit_private.USER_COOKIE_NAME}=") and "Max-Age=0" in c for c in cleared)


def test_streamlits_index_page_is_there_with_its_inline_scripts_hashed_into_the_policy():
    assert streamlit_private.STATIC_INDEX.is_file()
    scripts = streamlit_private.inline_scripts()
    assert scripts
    for body in scripts:
        assert web.script_hash(body) in web.CONTENT_SECURITY_POLICY


def test_script_events_reach_the_event_loop_in_batches_each_once_and_in_order():
    import asyncio
    import threading

    from streamlit.runtime.app_session import AppSession

    streamlit_private.batch_script_events()
    streamlit_private.batch_script_events()  # installing twice changes nothing
    loop = asyncio.new_event_loop()
    handled: list[tuple[str, int]] = []
    callbacks: list[int] = []

    class Session:  # the two parts of an AppSession the batching uses
        def _call_soon_on_event_loop(self, callback):
            callbacks.append(1)
            loop.call_soon_threadsafe(callback)

        def _handle_scriptrunner_event_on_event_loop(self, sender, event, forward_msg=None, **_):
            handled.append((sender, forward_msg))

    session = Session()
    runner = threading.Thread(target=loop.run_forever)
    runner.start()

    def script(name: str) -> None:
        for n in range(500):
            AppSession._on_scriptrunner_event(session, name, event="enqueue", forward_msg=n)

    scripts = [threading.Thread(target=script, args=(name,)) for name in ("a", "b")]
    for thread in scripts:
        thread.start()
    for thread in scripts:
        thread.join()
    done = threading.Event()
    loop.call_soon_threadsafe(done.set)
    done.wait(10)
    loop.call_soon_threadsafe(loop.stop)
    runner.join(10)
    loop.close()
    for name in ("a", "b"):
        assert [n for sender, n in handled if sender == name] == list(range(500))
    assert len(handled) == 1000
    assert len(callbacks) < 1000


def test_a_batch_wakes_the_sending_loop_once_after_every_message_of_it_is_queued():
    import asyncio

    from streamlit.runtime.app_session import AppSession

    streamlit_private.batch_script_events()
    loop = asyncio.new_event_loop()
    queued: list[int] = []
    wakes: list[int] = []  # how many messages were queued when the sending loop was woken

    class Session:  # an AppSession's parts: its handler queues each message and calls the wake-up
        def __init__(self):
            self._message_enqueued_callback = lambda: wakes.append(len(queued))

        def _call_soon_on_event_loop(self, callback):
            loop.call_soon(callback)

        def _handle_scriptrunner_event_on_event_loop(self, sender, event, forward_msg=None, **_):
            if forward_msg == 3:
                raise ValueError("a handler that raised")
            queued.append(forward_msg)
            self._message_enqueued_callback()

    session = Session()
    wake = session._message_enqueued_callback
    loop.set_exception_handler(lambda *_: None)

    def run_the_loop() -> None:  # in a thread of its own, where no other loop is running
        for n in range(200):
            AppSession._on_scriptrunner_event(session, "runner", event="enqueue", forward_msg=n)
        loop.call_soon(loop.stop)
        loop.run_forever()
        loop.close()

    in_own_thread(run_the_loop)
    assert queued == [n for n in range(200) if n != 3]
    assert wakes == [199]  # once, after the whole batch, a handler that raised notwithstanding
    assert session._message_enqueued_callback is wake  # the session's own wake-up is put back
    session._message_enqueued_callback()
    assert wakes == [199, 199]


def test_an_app_session_wakes_the_sending_loop_through_the_callback_the_batch_notes():
    from streamlit.runtime.app_session import AppSession

    assert "self._message_enqueued_callback = message_enqueued_callback" in inspect.getsource(AppSession.__init__)
    assert "self._message_enqueued_callback()" in inspect.getsource(AppSession._enqueue_forward_msg)


def test_the_event_handler_takes_what_a_script_runner_sends():
    from streamlit.runtime.app_session import AppSession

    names = [p.name for p in inspect.signature(AppSession._handle_scriptrunner_event_on_event_loop).parameters.values()]
    assert names == ["self", "sender", "event", "forward_msg", "exception", "client_state", "page_script_hash",
                     "fragment_ids_this_run", "pages", "run_descriptor"]
    assert callable(AppSession._call_soon_on_event_loop)


def test_the_theme_read_once_is_the_theme_streamlit_builds():
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
    from streamlit.runtime import app_session

    sections = ["theme", "theme.light", "theme.dark", "theme.sidebar", "theme.light.sidebar", "theme.dark.sidebar"]

    def built(populate) -> bytes:
        msg = ForwardMsg()
        theme = msg.new_session.custom_theme
        for target, section in zip(
            [theme, theme.light, theme.dark, theme.sidebar, theme.light.sidebar, theme.dark.sidebar], sections, strict=True
        ):
            populate(target, section)
        return msg.SerializeToString(deterministic=True)

    streamlit_private.theme_once()
    once = app_session._populate_theme_msg
    assert once.reflect_once
    original = once.streamlit_builds  # Streamlit's own builder, which theme_once replaced
    assert not getattr(original, "reflect_once", False)
    assert any(v is not None for v in app_session.config.get_options_for_section("theme").values())  # the app's theme is set
    assert built(once) == built(original) == built(once)
    msg = ForwardMsg()
    once(msg.new_session.custom_theme)
    assert msg.new_session.HasField("custom_theme") == any(
        v is not None for v in app_session.config.get_options_for_section("theme").values()
    )
