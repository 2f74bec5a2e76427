"""The audit journal: a copy of every audit event kept outside the database, beside the key
file and the decision ledger. Its newest line is the chain's anchor.

Each line is one JSON object holding an event's id, time, the ids of the person who acted and
the person it concerns, its kind, the type and id of what it touched, and its place in the
chain (its keyed hash): never a name and never any text. `reflect audit verify` checks the
database's chain against it, so removing the newest events, emptying the table or rewriting an
event (even with the chain recomputed) is found; `reflect restore` re-adds from it the events a
backup lacks. A restore that could not re-add some events writes a line saying where the
chain was picked up again.
"""

from __future__ import annotations

import fcntl
import json
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path


# An event's line as `JournalEvent.line` writes it: its id and hash are read without parsing the
# rest (a check of the whole chain reads every line).
_EVENT_LINE = re.compile(r'\{"id":(\d+),.*,"hash":"([0-9a-f]{64})"\}\n?')


@dataclass(frozen=True)
class JournalEvent:
    id: int
    at: datetime
    actor_id: int | None
    action: str
    subject_id: int | None
    object_type: str | None
    object_id: int | None
    hash: str

    def line(self) -> str:
        raw = {
            "id": self.id,
            "at": self.at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
            "by": self.actor_id,
            "kind": self.action,
            "about": self.subject_id,
            "type": self.object_type,
            "obj": self.object_id,
            "hash": self.hash,
        }
        return json.dumps(raw, separators=(",", ":")) + "\n"

    @classmethod
    def parse(cls, raw: dict) -> JournalEvent:
        return cls(
            id=int(raw["id"]),
            at=datetime.strptime(raw["at"], "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC),
            actor_id=None if raw["by"] is None else int(raw["by"]),
            action=str(raw["kind"]),
            subject_id=None if raw["about"] is None else int(raw["about"]),
            object_type=None if raw["type"] is None else str(raw["type"]),
            object_id=None if raw["obj"] is None else int(raw["obj"]),
            hash=str(raw["hash"]),
        )


def resume_line(*, head_id: int, lost: int) -> str:
    """The line a restore writes when it picked the chain up again at `head_id`: events after it
    that the journal held before this line are no longer expected in the database."""
    raw = {"resumed": datetime.now(UTC).isoformat(), "head": head_id, "lost": lost}
    return json.dumps(raw, separators=(",", ":")) + "\n"


@dataclass(frozen=True)
class Resumed:
    """A restore picked the chain up again at `head_id` and could not re-add `lost` events."""

    at: datetime
    head_id: int
    lost: int


@dataclass
class JournalState:
    """The journal read back: the events still expected in the database, by id, and the restores
    that left some out."""

    hashes: dict[int, str] = field(default_factory=dict)
    resumed: list[Resumed] = field(default_factory=list)
    # (first, last): events the journal held when the database gave `first` to another event,
    # so `first` to `last` were removed from the database (outside a restore) and ids given again.
    cuts: list[tuple[int, int]] = field(default_factory=list)
    exists: bool = False
    _raw: dict[int, str | dict] = field(default_factory=dict, repr=False)

    @property
    def head_id(self) -> int | None:
        return max(self.hashes) if self.hashes else None

    def add(self, event_id: int, digest: str, raw: str | dict) -> None:
        known = self.hashes.get(event_id)
        if known is not None and known != digest:
            newest = max(self.hashes)
            if not (self.cuts and self.cuts[-1][0] <= event_id <= self.cuts[-1][1]):
                self.cuts.append((event_id, newest))
        self.hashes[event_id] = digest
        self._raw[event_id] = raw

    def event(self, event_id: int) -> JournalEvent:
        raw = self._raw[event_id]
        return JournalEvent.parse(json.loads(raw) if isinstance(raw, str) else raw)


class AuditJournal:
    """An append-only file. Writers from several processes take turns with `flock`; each append is
    one write, flushed to disk before it returns."""

    def __init__(self, path: Path):
        self.path = path

    def append(self, events: Iterable[JournalEvent]) -> None:
        """Raises OSError when the journal can't be written."""
        self.write("".join(e.line() for e in events))

    def write(self, lines: str) -> None:
        """Append these lines in one write and wait until they are on disk.

        Raises:
            OSError: the journal can't be written.
        """
        if not lines:
            return
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_APPEND, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)  # several processes and replicas append at once
            data = lines.encode()
            end = os.lseek(fd, 0, os.SEEK_END)
            if end and os.pread(fd, 1, end - 1) != b"\n":
                data = b"\n" + data  # a line cut short by a crash stays a line of its own
            while data:
                data = data[os.write(fd, data):]
            os.fdatasync(fd)  # the data and the file's new length; nothing else is needed to read it back
        finally:
            os.close(fd)

    def read(self) -> JournalState:
        """Every line, in the order written. Lines of events appended at once by two processes may
        be out of id order; a line cut short by a crash is skipped."""
        state = JournalState()
        if not self.path.exists():
            return state
        state.exists = True
        with self.path.open(encoding="utf-8", errors="replace") as handle:
            for line in handle:
                if match := _EVENT_LINE.fullmatch(line):
                    state.add(int(match[1]), match[2], line)
                    continue
                try:
                    raw = json.loads(line)
                    if "resumed" in raw:
                        head = int(raw["head"])
                        for later in [i for i in state.hashes if i > head]:
                            del state.hashes[later], state._raw[later]
                        state.resumed.append(Resumed(datetime.fromisoformat(raw["resumed"]), head, int(raw["lost"])))
                    else:
                        state.add(int(raw["id"]), str(raw["hash"]), raw)
                except (ValueError, KeyError, TypeError):
                    continue
        return state
