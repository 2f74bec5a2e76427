"""Server log: a level, an event name and ids or counts. Never free text, passwords or keys."""

from __future__ import annotations

import logging
import sys

_LOGGER = logging.getLogger("reflect")
_ALLOWED = (int, bool, float, type(None))


def _configure() -> None:
    if _LOGGER.handlers:
        return
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    _LOGGER.addHandler(handler)
    _LOGGER.setLevel(logging.INFO)
    _LOGGER.propagate = False


def set_level(level: int) -> None:
    _configure()
    _LOGGER.setLevel(level)


def event(name: str, *, level: int = logging.INFO, **fields: int | bool | float | None) -> None:
    """Log one event. Fields take numbers and flags only, so no one's words can reach the log.

    Raises:
        TypeError: a field is not a number, flag or None.
    """
    for key, value in fields.items():
        if not isinstance(value, _ALLOWED):
            raise TypeError(f"log field {key!r} must be a number or flag, not {type(value).__name__}")
    _configure()
    detail = " ".join(f"{key}={value}" for key, value in sorted(fields.items()))
    _LOGGER.log(level, f"event={name} {detail}".rstrip())


def script_error(number: int, kind: str) -> None:
    """Log an unexpected error by its number and exception type: never its message, which
    may hold what someone wrote. `kind` must be a class name."""
    if not isinstance(number, int) or not kind.replace("_", "").replace(".", "").isalnum():
        raise TypeError("an error is logged by its number and exception type only")
    _configure()
    _LOGGER.log(logging.ERROR, f"event=script.error number={number} type={kind}")
