"""Run a piece of a test in a thread of its own.

Playwright's synchronous API (the browser tests' session-wide browser) leaves its event loop
marked as running in the main thread of the test process for as long as the browser is open.
A test that runs its own asyncio loop, and happens to share a worker process with a browser
test, runs that loop in a fresh thread, where no other loop is running."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

T = TypeVar("T")


def in_own_thread(work: Callable[..., T], *args, **kwargs) -> T:
    """`work(*args, **kwargs)` run in a new thread; its result returned, its exception raised."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(work, *args, **kwargs).result()
