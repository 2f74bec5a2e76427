"""Server log: a level, an event name and ids or counts. Never free text, passwords or keys.

Lines read `<time> <level> event=<name> key=value ...`, or with REFLECT_LOG_FORMAT=json one
JSON object a line: {"time", "level", "event", and the same keys and numbers}.
"""

from __future__ import annotations

import json
import logging
import os
import sys
from datetime import UTC, datetime

from reflect import metrics

_LOGGER = logging.getLogger("reflect")
_ALLOWED = (int, bool, float, type(None))
FORMAT_SETTING = "REFLECT_LOG_FORMAT"
_FIELDS = "reflect_fields"


class JsonLines(logging.Formatter):
    """One JSON object a line: the time, the level, the event name and its numbers and flags.
    A line that is not an event (none should be) keeps its level and time, never its words."""

    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            **getattr(record, _FIELDS, {"event": "unstructured"}),
        }
        return json.dumps(line, separators=(",", ":"))


def formatter(kind: str | None = None) -> logging.Formatter:
    """The formatter REFLECT_LOG_FORMAT names ("json", or plain lines by default)."""
    kind = (kind if kind is not None else os.environ.get(FORMAT_SETTING, "")).strip().lower()
    return JsonLines() if kind == "json" else logging.Formatter("%(asctime)s %(levelname)s %(message)s")


def _configure() -> None:
    if _LOGGER.handlers:
        return
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(formatter())
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
    _LOGGER.log(level, f"event={name} {detail}".rstrip(), extra={_FIELDS: {"event": name, **dict(sorted(fields.items()))}})


def script_error(number: int, kind: str) -> None:
    """Log an unexpected error by its number and exception type: never its message, which
    may hold what someone wrote. `kind` must be a class name."""
    if not isinstance(number, int) or not kind.replace("_", "").replace(".", "").isalnum():
        raise TypeError("an error is logged by its number and exception type only")
    _configure()
    metrics.error()
    _LOGGER.log(
        logging.ERROR, f"event=script.error number={number} type={kind}",
        extra={_FIELDS: {"event": "script.error", "number": number, "type": kind}},
    )
