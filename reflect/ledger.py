"""The decision ledger: every decision that narrows who may read what or who may sign in,
kept beside the key file.

A backup holds the database as it was, so restoring one could bring back what someone
had since taken away. Every such decision is appended here, outside the database and its
backups, before its transaction commits, and `reflect restore` applies them all again.

Each line is one JSON object: when, which kind of decision, and the random public id of
the person, consent record, share (of a reflection or a Wellness at Work plan), session, learning note, register entry or supervision
pair it concerns. Public ids are never reused, so a decision can only ever apply to the
record it was made about. A few kinds carry what the decision set, in values that are never
text: a pair's last day, and the roles and team ids an account was left with. The ledger
holds no names, no addresses, no text and no password hashes.

Where a later decision can undo an earlier one (an account reactivated, a pair's last day
moved on), that later decision is recorded too, so re-applying follows the latest.
"""

from __future__ import annotations

import enum
import fcntl
import json
import os
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path


class DecisionKind(enum.StrEnum):
    PERSON_ERASED = "person_erased"
    CONSENT_WITHDRAWN = "consent_withdrawn"  # a register contributor's consent, and with it their key
    SHARE_WITHDRAWN = "share_withdrawn"
    SESSION_ENDED = "session_ended"
    ENTRY_DISCARDED = "entry_discarded"  # a reflection deleted by its author, and every share of it
    LEARNING_NOTE_WITHDRAWN = "learning_note_withdrawn"
    REGISTER_ENTRY_DELETED = "register_entry_deleted"
    # Any change its owner makes may narrow who sees the entry, whether it is downloaded, or
    # what it says: an older version restored waits, unpublished, for its owner.
    REGISTER_ENTRY_CHANGED = "register_entry_changed"
    BIOGRAPHY_WITHDRAWN = "biography_withdrawn"
    # An approved biography edited goes back to draft: an older one restored leaves the leaflet.
    BIOGRAPHY_CHANGED = "biography_changed"
    BIOGRAPHY_PHOTO_REMOVED = "biography_photo_removed"
    PAIR_LAST_DAY_SET = "pair_last_day_set"  # carries `on`: ending, moving or re-dating a pair
    ACCOUNT_DEACTIVATED = "account_deactivated"
    ACCOUNT_REACTIVATED = "account_reactivated"  # a later decision that undoes a deactivation
    ACCOUNT_ACCESS_SET = "account_access_set"  # carries `roles`, `teams`, `leads` after an admin's change
    PASSWORD_SET = "password_set"  # changed or reset: an older hash restored is refused
    WELLNESS_SHARE_WITHDRAWN = "wellness_share_withdrawn"  # a Wellness at Work plan's share with a supervisor
    # A supervision note its writer keeps to "just me", and the later decision that undoes it
    # (back to both of us). Their id joins three: the session's, the writer's and the prompt's.
    NOTE_KEPT_TO_WRITER = "note_kept_to_writer"
    NOTE_FOR_BOTH = "note_for_both"
    REFLECTIVE_ACCOUNT_DELETED = "reflective_account_deleted"  # a regulator's reflective account its writer deleted
    PASSKEY_REMOVED = "passkey_removed"  # a passkey its owner removed, and its wrap of their own key


@dataclass(frozen=True)
class Decision:
    kind: DecisionKind
    public_id: str
    at: datetime
    on: date | None = None
    roles: tuple[str, ...] | None = None
    teams: tuple[str, ...] | None = None
    leads: tuple[str, ...] | None = None


class DecisionLedger:
    """An append-only file of decisions. Writing is flushed to disk before the caller commits."""

    def __init__(self, path: Path):
        self.path = path

    def record(
        self,
        kind: DecisionKind,
        public_ids: Iterable[str],
        *,
        at: datetime | None = None,
        on: date | None = None,
        roles: Iterable[str] | None = None,
        teams: Iterable[str] | None = None,
        leads: Iterable[str] | None = None,
    ) -> None:
        """Append one line per public id, in one write, and wait until it is on disk.

        Raises:
            OSError: the ledger can't be written; the caller's transaction must then fail too.
        """
        line: dict[str, object] = {"at": (at or datetime.now(UTC)).astimezone(UTC).isoformat(), "kind": kind.value}
        if on is not None:
            line["on"] = on.isoformat()
        for name, values in (("roles", roles), ("teams", teams), ("leads", leads)):
            if values is not None:
                line[name] = sorted(str(v) for v in values)
        lines = "".join(json.dumps({**line, "id": public_id}, separators=(",", ":")) + "\n" for public_id in public_ids)
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
                found.append(_decision(json.loads(line)))
            except (ValueError, KeyError, TypeError, AttributeError):
                continue
        return found


def _decision(raw: dict) -> Decision:
    def names(key: str) -> tuple[str, ...] | None:
        return tuple(str(v) for v in raw[key]) if key in raw else None

    return Decision(
        DecisionKind(raw["kind"]),
        str(raw["id"]),
        datetime.fromisoformat(raw["at"]),
        on=date.fromisoformat(raw["on"]) if "on" in raw else None,
        roles=names("roles"),
        teams=names("teams"),
        leads=names("leads"),
    )
