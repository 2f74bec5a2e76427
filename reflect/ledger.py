"""The decision ledger: irreversible privacy decisions, kept beside the key file.

A backup holds the database as it was, so restoring one could bring back what someone
had since taken away. Every decision that must never be undone is appended here, outside
the database and its backups, and `reflect restore` applies them all again.

Each line is one JSON object: when, which kind of decision, and the random public id of
the person, consent record, share or session it concerns. Public ids are never reused, so
a decision can only ever apply to the record it was made about. The ledger holds no names,
no addresses and no text.
"""

from __future__ import annotations

import enum
import fcntl
import json
import os
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path


class DecisionKind(enum.StrEnum):
    PERSON_ERASED = "person_erased"
    CONSENT_WITHDRAWN = "consent_withdrawn"  # a register contributor's consent, and with it their key
    SHARE_WITHDRAWN = "share_withdrawn"
    SESSION_ENDED = "session_ended"


@dataclass(frozen=True)
class Decision:
    kind: DecisionKind
    public_id: str
    at: datetime


class DecisionLedger:
    """An append-only file of decisions. Writing is flushed to disk before the caller commits."""

    def __init__(self, path: Path):
        self.path = path

    def record(self, kind: DecisionKind, public_ids: Iterable[str], *, at: datetime | None = None) -> None:
        """Append one line per public id, in one write, and wait until it is on disk.

        Raises:
            OSError: the ledger can't be written; the caller's transaction must then fail too.
        """
        when = (at or datetime.now(UTC)).astimezone(UTC).isoformat()
        lines = "".join(
            json.dumps({"at": when, "kind": kind.value, "id": public_id}, separators=(",", ":")) + "\n"
            for public_id in public_ids
        )
        if not lines:
            return
        fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)  # several processes may append at once
            data = lines.encode()
            while data:
                written = os.write(fd, data)
                data = data[written:]
            os.fsync(fd)
        finally:
            os.close(fd)

    def decisions(self) -> list[Decision]:
        """Every decision recorded, oldest first. A line cut short by a crash is skipped."""
        if not self.path.exists():
            return []
        found = []
        for line in self.path.read_text(encoding="utf-8", errors="replace").splitlines():
            try:
                raw = json.loads(line)
                found.append(Decision(DecisionKind(raw["kind"]), str(raw["id"]), datetime.fromisoformat(raw["at"])))
            except (ValueError, KeyError, TypeError):
                continue
        return found
