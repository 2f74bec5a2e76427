"""The real app, served by Streamlit on loopback with the demo organisation, and headless Chromium."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.browser.app_server import CHROMIUM, CHROMIUM_ARGS, STEP_TIMEOUT_MS, demo_app, sign_in

__all__ = ["sign_in"]


@pytest.fixture(scope="session")
def app_data_dir(tmp_path_factory) -> Path:
    """Where the shared app keeps its database and its server.log."""
    return tmp_path_factory.mktemp("browser-data")


@pytest.fixture(scope="session")
def app_url(app_data_dir) -> Iterator[str]:
    with demo_app(app_data_dir) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            raise RuntimeError("CI must run the browser tests: .ci/run installs chromium")
        pytest.skip("Chromium is not installed here (.ci/run installs it, so CI runs these)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(STEP_TIMEOUT_MS)
    yield page
    context.close()


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(STEP_TIMEOUT_MS)
    yield page
    context.close()
