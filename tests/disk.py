"""Reading the database and a backup as raw bytes, to prove stored text is not there in clear."""

from __future__ import annotations

from pathlib import Path

from reflect import runtime
from reflect.services import backup
from reflect.services.access import SYSTEM


def raw_files_after_backup(rt: runtime.Runtime, tmp_path: Path) -> list[bytes]:
    """Take a backup, flush the write-ahead log, and return the bytes of the database files and the backup."""
    target = tmp_path / "backup.db"
    backup.backup(path=target, by=SYSTEM)
    rt.db.dispose()  # flush the WAL into the main file too
    database_file = Path(rt.settings.database_url.database)
    paths = [database_file, database_file.with_name(database_file.name + "-wal"), target]
    return [path.read_bytes() for path in paths if path.exists()]
