"""Who may fetch each file the app serves at `/media/<id>`: the session that made it, alone.

Streamlit keeps every download (`st.download_button`) and picture (`st.image`) in memory
and serves it at `/media/<id>` to anyone who asks, for a while after the page moved on. Here
each file id is tied, when the page makes the file, to the session token of the person whose
page made it (as a SHA-256 hash, in this process's memory only). The web layer serves a
file only to a request carrying that same token while its session is live, so a download
stops at sign-out or when the session ends, and nobody else's browser can fetch it.

Streamlit's file ids are hashes of the content, so two sessions making the same file (a
blank template, say) share one id: each is recorded as an owner.

`install()` puts the recording into Streamlit's in-memory media storage: the one adapter
over the framework here, checked by `tests/test_downloads.py`.
"""

from __future__ import annotations

import hashlib
import threading
from collections import defaultdict
from collections.abc import Callable
from typing import Any

MEDIA_PREFIX = "/media/"

_lock = threading.Lock()
_owners: dict[str, set[str]] = defaultdict(set)  # file id -> token hashes
_files: dict[str, set[str]] = defaultdict(set)  # token hash -> file ids


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def file_id(path: str) -> str:
    """The file id in a media path: `/media/<id>.<extension>` gives `<id>`."""
    name = path[len(MEDIA_PREFIX):] if path.startswith(MEDIA_PREFIX) else path.rsplit("/", 1)[-1]
    return name.split(".", 1)[0]


def record(file: str, token: str | None) -> None:
    """Note that the session holding `token` made the file `file` (nothing without a token)."""
    if not token:
        return
    owner = _hash(token)
    with _lock:
        _owners[file].add(owner)
        _files[owner].add(file)


def made_for(file: str, token: str | None) -> bool:
    """Whether the session holding `token` made the file `file`."""
    if not token:
        return False
    with _lock:
        owners = _owners.get(file)
        return owners is not None and _hash(token) in owners


def forget_file(file: str) -> None:
    """Drop a file the media storage deleted."""
    with _lock:
        for owner in _owners.pop(file, ()):
            files = _files.get(owner)
            if files is not None:
                files.discard(file)
                if not files:
                    del _files[owner]


def forget_session(token: str | None) -> None:
    """Drop every file tie of a session that ended here, at once."""
    if not token:
        return
    owner = _hash(token)
    with _lock:
        for file in _files.pop(owner, ()):
            owners = _owners.get(file)
            if owners is not None:
                owners.discard(owner)
                if not owners:
                    del _owners[file]


def install(current_token: Callable[[], str | None]) -> None:
    """Record the owner of every file Streamlit's in-memory media storage takes from now on,
    as `current_token()` names it in the script run that makes the file, and forget each
    file the storage deletes. Safe to call more than once.

    Raises:
        RuntimeError: this Streamlit no longer has the storage methods the adapter wraps.
    """
    from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

    storage: Any = MemoryMediaFileStorage
    if getattr(storage, "reflect_downloads_installed", False):
        return
    load, delete = getattr(storage, "load_and_get_id", None), getattr(storage, "delete_file", None)
    if load is None or delete is None:
        raise RuntimeError("Streamlit's MemoryMediaFileStorage has changed: downloads can't be tied to their owner.")

    def load_and_get_id(self: Any, *args: Any, **kwargs: Any) -> str:
        made = load(self, *args, **kwargs)
        record(made, current_token())
        return made

    def delete_file(self: Any, file: str) -> None:
        delete(self, file)
        forget_file(file)

    storage.load_and_get_id = load_and_get_id
    storage.delete_file = delete_file
    storage.reflect_downloads_installed = True

