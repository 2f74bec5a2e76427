"""Settling the heap: what the process has loaded for good stays out of Python's full garbage
collections. Called once the runtime has started and once the language model is loaded."""

from __future__ import annotations

import gc


def settle_heap() -> None:
    """Keep what the process has loaded for good (modules, settings, the language model) out of
    Python's full garbage collections: without this, each full collection walks every one of
    those objects, a pause that a large download or report set off several times over."""
    gc.collect()
    gc.freeze()
