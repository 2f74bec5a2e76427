"""The load bench's client (bench/load.py) speaks Streamlit's browser protocol to the real
server: it signs in through /signin, opens the websocket with the session cookie, asks for
real pages and counts each rerun when its script_finished arrives. No timings are asserted."""

from __future__ import annotations

import asyncio
import importlib.util
import sys
from pathlib import Path

from tests.browser.app_server import demo_app
from tests.conftest import CHECKOUT
from tests.own_thread import in_own_thread

_spec = importlib.util.spec_from_file_location("reflect_bench_load", CHECKOUT / "bench" / "load.py")
load = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = load  # its dataclasses look their module up by name
_spec.loader.exec_module(load)

ACCOUNTS = ["practitioner@example.org", "supervisor@example.org"]


def test_two_signed_in_sessions_move_between_real_pages_and_each_rerun_is_counted(tmp_path: Path):
    with demo_app(tmp_path) as url:
        signed = in_own_thread(asyncio.run, load.sign_in_all(url, ACCOUNTS))
        assert all("reflect_session" in s.cookies for s in signed)

        async def one_session_by_hand() -> load.Session:
            session = load.Session(url, ACCOUNTS[0], cookies=dict(signed[0].cookies))
            await session.open()
            for page in (*load.PAGES, ""):
                await session.rerun(page)
            await session.close()
            return session

        by_hand = in_own_thread(asyncio.run, one_session_by_hand())
        # The server sent the page list, each page asked for ran (its own script, no error),
        # and each rerun ended with script_finished carrying the page's elements.
        assert set(load.PAGES) <= set(by_hand.pages)
        assert [r.page for r in by_hand.reruns] == ["home", "quick-check", "my-reflections", "register", "home"]
        assert all(r.ok and r.bytes > 1000 for r in by_hand.reruns), by_hand.errors
        assert not by_hand.errors
        # The style sheet, sent with every page, went the second time as a hash the browser
        # (here the client, which keeps elements as the browser does) already held.
        assert by_hand.refs >= 1

        figures = in_own_thread(asyncio.run, load.drive(signed, 3.0, think_s=0.3, ramp_s=0.2))
    assert figures["sessions"] == 2
    assert figures["reruns"] >= 2 and figures["reruns_per_s"] > 0
    assert figures["errors"] == 0 and figures["dropped"] == 0, figures["error_kinds"]
    assert figures["p50_ms"] is not None and figures["p95_ms"] >= figures["p50_ms"]
    summary = load.knee([figures])
    assert summary["levels"] == [figures] and summary["errors"] == 0 and summary["dropped"] == 0


def test_the_server_skips_streamlits_collection_after_each_run_and_sends_large_unchanged_elements_as_hashes():
    """.streamlit/config.toml: a full garbage collection after every rerun was half a
    rerun's CPU; elements of 2 KB or more (the style sheet) are sent once, then by hash."""
    import tomllib

    settings = tomllib.loads((CHECKOUT / ".streamlit" / "config.toml").read_text())
    assert settings["runner"]["postScriptGC"] is False
    assert settings["global"]["minCachedMessageSize"] <= 2000
