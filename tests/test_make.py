"""`make run` serves on the port the README says, and on another when asked: `make run PORT=8631`."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import subprocess
import time
import urllib.request

import pytest

from tests.browser.app_server import free_port
from tests.conftest import CHECKOUT

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed here")


def test_make_run_passes_the_port_it_is_given_and_the_readme_says_so():
    default = subprocess.run(["make", "-n", "run"], cwd=CHECKOUT, capture_output=True, text=True, check=True).stdout
    chosen = subprocess.run(["make", "-n", "run", "PORT=8631"], cwd=CHECKOUT, capture_output=True, text=True, check=True).stdout

    assert re.search(r"streamlit run app\.py .*--server\.port 8501\b", default)
    assert re.search(r"streamlit run app\.py .*--server\.port 8631\b", chosen)
    assert "`make run PORT=8631` serves on 8631" in (CHECKOUT / "README.md").read_text()


def test_make_run_serves_on_the_chosen_port(tmp_path):
    port = free_port()  # not 8631 itself: other apps may be running on this machine
    env = {**os.environ, "REFLECT_DATA_DIR": str(tmp_path)}
    env.pop("REFLECT_DATABASE_URL", None)
    server = subprocess.Popen(
        ["make", "run", f"PORT={port}"], cwd=CHECKOUT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                answer = urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2).read()
                break
            except OSError:
                assert server.poll() is None, "make run stopped before serving"
                assert time.monotonic() < deadline, "make run did not serve within two minutes"
                time.sleep(0.5)
        assert answer == b"ok"
    finally:
        with contextlib.suppress(ProcessLookupError):  # gone already: the assertion above says why
            os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
