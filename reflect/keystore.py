"""The keystore: each person's key-encryption key, kept outside the database and its backups.

Every person (and every register contributor who uses the service) has a data key that seals
their text. The database holds that data key only wrapped by the person's own key in the
keystore. Erasure deletes the keystore key, so no copy of the database, not a backup, not
PostgreSQL's table files or write-ahead log, holds anything that any key can still open.

Two keystores sit behind one interface:

- `FileKeystore` (the default): one file beside the server key, owner-only, each key in it
  wrapped by the server key. Written whole to a new file and renamed into place under a lock,
  so a crash leaves the old file or the new one, never half of either, and several processes
  can share it. Read once and kept until the file changes (one `stat` per lookup), so an
  erasure made by another process takes effect at its next lookup.
- `TransitKeystore`: an OpenBao or HashiCorp Vault server's transit engine, for a trust that
  runs several replicas. One transit key per person; data keys are wrapped and unwrapped by
  the server and never leave it except as plaintext to this process; erasure deletes the
  transit key.

Keys are named by public ids (`person_key_name`), never by integer ids, which a database may
hand out again.
"""

from __future__ import annotations

import base64
import binascii
import fcntl
import json
import os
import secrets
import threading
from collections.abc import Collection, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from reflect.config import TransitSettings
from reflect.crypto import KEY_BYTES, KeyUnavailable, ServerKey
from reflect.logs import event

_NONCE_BYTES = 12
_FILE_FORMAT = 1
# How every transit ciphertext begins; a file keystore's wrapping is 60 random bytes.
_TRANSIT_PREFIX = b"vault:v"


class KeystoreError(Exception):
    """The keystore can't be read or written; the message says what to check."""


def person_key_name(public_id: str) -> str:
    return f"person-{public_id}"


def contributor_key_name(public_id: str) -> str:
    return f"contributor-{public_id}"


def new_data_key() -> bytes:
    return secrets.token_bytes(KEY_BYTES)


class Keystore(Protocol):
    """What Reflect asks of a keystore. Every method takes many names at once, so a caller
    opening a thousand people's entries makes one call, not a thousand."""

    kind: str

    def create(self, names: Collection[str]) -> None:
        """Make a key for each name that has none; a name that has one keeps it. Durable on return."""

    def wrap(self, data_keys: Mapping[str, bytes]) -> dict[str, bytes]:
        """Each data key wrapped by the key of its name. Raises KeyUnavailable if a name has no key."""

    def unwrap(self, wrapped: Mapping[str, bytes]) -> dict[str, bytes | None]:
        """Each wrapped data key opened, or None where its name's key is gone (erased)."""

    def delete(self, names: Collection[str]) -> None:
        """Destroy these keys for good. A name with no key is skipped. Durable on return."""

    def names(self) -> set[str]:
        """Every key name this installation holds."""

    def holds_wrapping(self, wrapped: bytes) -> bool:
        """Whether `wrapped` was wrapped by this kind of keystore."""


def destroy_committed(keystore: Keystore, names: Collection[str]) -> None:
    """Destroy keys whose destruction is already decided and committed (an erasure, a withdrawn
    consent). If the keystore can't be reached, the decision stands (the rows are gone and it is
    in the ledger) and the next start destroys the keys (`installation.prune_keystore`); the log
    says so, for the operator."""
    try:
        keystore.delete(names)
    except (KeystoreError, OSError):
        event("keystore.delete_deferred", keys=len(names))


# --- the file keystore -----------------------------------------------------------------------


def _aad(name: str) -> bytes:
    return b"reflect-keystore-data-key:" + name.encode()


@dataclass
class _Loaded:
    version: tuple[int, int, int]
    wrapped: dict[str, bytes]
    opened: dict[str, bytes] = field(default_factory=dict)


class FileKeystore:
    """Keys in one owner-only file beside the server key, each wrapped by the server key."""

    kind = "file"

    def __init__(self, path: Path, server_key: ServerKey):
        self.path = path
        self._server_key = server_key
        self._lock_path = path.with_name(path.name + ".lock")
        self._loaded: _Loaded | None = None
        self._guard = threading.Lock()

    def __repr__(self) -> str:
        return f"FileKeystore({self.path})"

    # Reading: the parsed file is kept until its inode, size or modification time changes. A
    # write always renames a new file into place, so a changed file always has a new inode.

    def _current(self) -> _Loaded:
        try:
            info = os.stat(self.path)
        except FileNotFoundError:
            return _Loaded((0, 0, 0), {})
        version = (info.st_ino, info.st_mtime_ns, info.st_size)
        with self._guard:
            loaded = self._loaded
            if loaded is not None and loaded.version == version:
                return loaded
        loaded = _Loaded(version, self._read())
        with self._guard:
            self._loaded = loaded
        return loaded

    def _read(self) -> dict[str, bytes]:
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
            if raw.get("format") != _FILE_FORMAT:
                raise ValueError("unknown format")
            return {str(name): base64.b64decode(value, validate=True) for name, value in raw["keys"].items()}
        except FileNotFoundError:
            return {}
        except (ValueError, KeyError, TypeError, AttributeError, binascii.Error) as exc:
            raise KeystoreError(
                f"The keystore {self.path} is damaged: put it back from your keystore backup."
            ) from exc

    def _kek(self, loaded: _Loaded, name: str) -> bytes | None:
        kek = loaded.opened.get(name)
        if kek is not None:
            return kek
        wrapped = loaded.wrapped.get(name)
        if wrapped is None:
            return None
        try:
            kek = self._server_key.unwrap(wrapped, _file_context(name))
        except KeyUnavailable as exc:
            raise KeystoreError(
                f"The keystore {self.path} was not made with this server key: put back the keystore "
                "that belongs with this key file."
            ) from exc
        loaded.opened[name] = kek
        return kek

    def names(self) -> set[str]:
        return set(self._current().wrapped)

    def opens(self) -> bool:
        """Whether this server key opens the keystore (True for an empty or missing one)."""
        loaded = self._current()
        try:
            return all(self._kek(loaded, name) is not None for name in list(loaded.wrapped)[:1])
        except KeystoreError:
            return False

    def holds_wrapping(self, wrapped: bytes) -> bool:
        return not wrapped.startswith(_TRANSIT_PREFIX)

    def wrap(self, data_keys: Mapping[str, bytes]) -> dict[str, bytes]:
        loaded = self._current()
        out = {}
        for name, data_key in data_keys.items():
            kek = self._kek(loaded, name)
            if kek is None:
                raise KeyUnavailable(f"the keystore holds no key named {name}")
            nonce = os.urandom(_NONCE_BYTES)
            out[name] = nonce + AESGCM(kek).encrypt(nonce, data_key, _aad(name))
        return out

    def unwrap(self, wrapped: Mapping[str, bytes]) -> dict[str, bytes | None]:
        loaded = self._current()
        out: dict[str, bytes | None] = {}
        for name, blob in wrapped.items():
            kek = self._kek(loaded, name)
            if kek is None:
                out[name] = None
                continue
            try:
                out[name] = AESGCM(kek).decrypt(blob[:_NONCE_BYTES], blob[_NONCE_BYTES:], _aad(name))
            except InvalidTag:
                out[name] = None
        return out

    # Writing: under an exclusive lock on a file of its own, read the newest contents, change
    # them, write a new file, flush it, rename it over the old one and flush the folder.

    def create(self, names: Collection[str]) -> None:
        def add(keys: dict[str, bytes]) -> bool:
            missing = [n for n in names if n not in keys]
            for name in missing:
                keys[name] = self._server_key.wrap(new_data_key(), _file_context(name))
            return bool(missing)

        if names:
            self._change(add)

    def delete(self, names: Collection[str]) -> None:
        def remove(keys: dict[str, bytes]) -> bool:
            gone = [n for n in names if n in keys]
            for name in gone:
                del keys[name]
            return bool(gone)

        if names:
            self._change(remove)

    def _change(self, change: Any) -> None:
        fd = os.open(self._lock_path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            keys = self._read()
            if change(keys):
                self._write(keys)
        finally:
            os.close(fd)  # releases the lock

    def _write(self, keys: dict[str, bytes]) -> None:
        body = json.dumps(
            {"format": _FILE_FORMAT, "keys": {n: base64.b64encode(v).decode("ascii") for n, v in sorted(keys.items())}},
            separators=(",", ":"),
        ).encode()
        temporary = self.path.with_name(f"{self.path.name}.{os.getpid()}.{secrets.token_hex(4)}.new")
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            view = memoryview(body)
            while view:
                view = view[os.write(fd, view) :]
            os.fsync(fd)
        finally:
            os.close(fd)
        try:
            os.replace(temporary, self.path)
        except BaseException:
            temporary.unlink(missing_ok=True)
            raise
        folder = os.open(self.path.parent, os.O_RDONLY)
        try:
            os.fsync(folder)
        finally:
            os.close(folder)


def _file_context(name: str) -> str:
    # `ServerKey` binds each wrapped key to a context made from this string; no person's numeric
    # id and no other wrapped key of Reflect's has one beginning "keystore:".
    return f"keystore:{name}"


# --- OpenBao or Vault transit ----------------------------------------------------------------


class TransitKeystore:
    """One transit key per name on an OpenBao or HashiCorp Vault server.

    The transit engine takes one key per request (its batch form wraps many values under one
    key), so a request for many people's keys is spread over a few connections at once.
    """

    kind = "transit"
    _PARALLEL = 8

    def __init__(self, settings: TransitSettings):
        import hvac  # only a trust that runs a key service needs the client loaded

        self._hvac = hvac
        self._settings = settings
        self._client = hvac.Client(
            url=settings.url,
            token=settings.token,
            verify=settings.ca_cert if settings.ca_cert else True,
            namespace=settings.namespace,
            timeout=10,
        )
        self._login_lock = threading.Lock()
        self._pool = ThreadPoolExecutor(max_workers=self._PARALLEL, thread_name_prefix="reflect-keystore")
        if settings.role_id:
            self._call_login()

    def __repr__(self) -> str:
        return f"TransitKeystore({self._settings.url}, mount={self._settings.mount!r})"

    def _login(self) -> None:
        with self._login_lock:
            self._client.auth.approle.login(
                role_id=self._settings.role_id,
                secret_id=self._settings.secret_id,
                mount_point=self._settings.approle_mount,
            )

    def _call(self, action: Any) -> Any:
        """Run one request; with AppRole, sign in again once if the token has expired.

        Raises:
            KeystoreError: the service refused, failed or could not be reached; the hvac error
                is its cause.
        """
        errors = self._hvac.exceptions
        for attempt in (1, 2):
            try:
                return action()
            except errors.Forbidden as exc:
                if attempt == 2 or not self._settings.role_id:
                    raise KeystoreError(
                        "The key service refused Reflect: check its policy (see the operations guide)."
                    ) from exc
                self._call_login()
            except errors.VaultError as exc:
                raise KeystoreError(f"The key service could not do what was asked ({type(exc).__name__}).") from exc
            except OSError as exc:  # requests' connection errors derive from OSError
                raise KeystoreError(f"The key service at {self._settings.url} cannot be reached: check it is running.") from exc
        raise AssertionError("unreachable")

    def _call_login(self) -> None:
        try:
            self._login()
        except (self._hvac.exceptions.VaultError, OSError) as exc:
            raise KeystoreError("The key service refused Reflect's AppRole sign-in: check the role and secret ids.") from exc

    def _key(self, name: str) -> str:
        return self._settings.prefix + name

    def holds_wrapping(self, wrapped: bytes) -> bool:
        return wrapped.startswith(_TRANSIT_PREFIX)

    def _exists(self, name: str) -> bool:
        try:
            self._client.secrets.transit.read_key(name=self._key(name), mount_point=self._settings.mount)
        except self._hvac.exceptions.InvalidPath:
            return False
        return True

    def check(self) -> None:
        """Raises KeystoreError unless the server answers and accepts Reflect's sign-in."""
        self.names()

    def names(self) -> set[str]:
        errors = self._hvac.exceptions

        def listed() -> list[str]:
            try:
                return self._client.secrets.transit.list_keys(mount_point=self._settings.mount)["data"]["keys"]
            except errors.InvalidPath:  # no keys at all yet
                return []

        prefix = self._settings.prefix
        return {k[len(prefix) :] for k in self._call(listed) if k.startswith(prefix)}

    def create(self, names: Collection[str]) -> None:
        transit = self._client.secrets.transit
        # Creating a key that exists changes nothing on the server: no key is ever replaced.
        self._each(names, lambda n: self._call(lambda: transit.create_key(name=self._key(n), mount_point=self._settings.mount)))

    def wrap(self, data_keys: Mapping[str, bytes]) -> dict[str, bytes]:
        transit = self._client.secrets.transit
        errors = self._hvac.exceptions

        def one(name: str) -> bytes:
            plaintext = base64.b64encode(data_keys[name]).decode("ascii")
            # The transit engine makes a key for a name it does not know when asked to encrypt:
            # ask first, so a destroyed key is never quietly made again.
            if not self._call(lambda: self._exists(name)):
                raise KeyUnavailable(f"the key service holds no key named {name}")
            try:
                answer = self._call(
                    lambda: transit.encrypt_data(name=self._key(name), plaintext=plaintext, mount_point=self._settings.mount)
                )
            except KeystoreError as exc:
                if isinstance(exc.__cause__, errors.InvalidRequest):
                    raise KeyUnavailable(f"the key service holds no key named {name}") from exc
                raise
            return answer["data"]["ciphertext"].encode("ascii")

        return self._each(data_keys, one)

    def unwrap(self, wrapped: Mapping[str, bytes]) -> dict[str, bytes | None]:
        transit = self._client.secrets.transit
        errors = self._hvac.exceptions

        def one(name: str) -> bytes | None:
            if not self.holds_wrapping(wrapped[name]):
                return None  # not wrapped by a key service at all
            try:
                answer = self._call(
                    lambda: transit.decrypt_data(
                        name=self._key(name), ciphertext=wrapped[name].decode("ascii"), mount_point=self._settings.mount
                    )
                )
            except KeystoreError as exc:
                if isinstance(exc.__cause__, errors.InvalidRequest):  # the key was deleted: erased
                    return None
                raise
            return base64.b64decode(answer["data"]["plaintext"])

        return self._each(wrapped, one)

    def delete(self, names: Collection[str]) -> None:
        transit = self._client.secrets.transit
        errors = self._hvac.exceptions
        mount = self._settings.mount

        def one(name: str) -> None:
            def destroy() -> None:
                try:
                    transit.update_key_configuration(name=self._key(name), deletion_allowed=True, mount_point=mount)
                except errors.InvalidPath:
                    return  # no such key: already gone
                except errors.InvalidRequest as exc:
                    if "no existing key" in str(exc) or "not found" in str(exc):
                        return
                    raise
                transit.delete_key(name=self._key(name), mount_point=mount)

            self._call(destroy)

        self._each(names, one)

    def _each(self, names: Collection[str], action: Any) -> dict[str, Any]:
        names = list(names)
        if len(names) <= 1:
            return {n: action(n) for n in names}
        return dict(zip(names, self._pool.map(action, names), strict=True))


class MovingKeystore:
    """A key service taking over from the file keystore: new keys are made in the service, keys
    still under the file open from it until start-up has moved them, and erasure destroys a
    person's key in both, so the file never keeps a key the service has lost."""

    def __init__(self, current: Keystore, earlier: Keystore):
        self.current = current
        self.earlier = earlier
        self.kind = current.kind

    def __repr__(self) -> str:
        return f"MovingKeystore({self.current!r} from {self.earlier!r})"

    def create(self, names: Collection[str]) -> None:
        self.current.create(names)

    def wrap(self, data_keys: Mapping[str, bytes]) -> dict[str, bytes]:
        return self.current.wrap(data_keys)

    def unwrap(self, wrapped: Mapping[str, bytes]) -> dict[str, bytes | None]:
        here = {n: w for n, w in wrapped.items() if self.current.holds_wrapping(w)}
        there = {n: w for n, w in wrapped.items() if n not in here}
        return {**(self.current.unwrap(here) if here else {}), **(self.earlier.unwrap(there) if there else {})}

    def delete(self, names: Collection[str]) -> None:
        self.current.delete(names)
        self.earlier.delete(names)

    def names(self) -> set[str]:
        return self.current.names() | self.earlier.names()

    def holds_wrapping(self, wrapped: bytes) -> bool:
        return self.current.holds_wrapping(wrapped)


# --- choosing one ----------------------------------------------------------------------------


def open_keystore(*, file: Path, server_key: ServerKey, transit: TransitSettings | None) -> Keystore:
    """The transit keystore when a key service is configured, otherwise the file beside the key.
    A key service configured where a file keystore already holds keys takes over from it.

    Raises:
        KeystoreError: the key service is configured but cannot be reached or used.
    """
    in_file = FileKeystore(file, server_key)
    if transit is None:
        return in_file
    store = TransitKeystore(transit)
    store.check()
    return MovingKeystore(store, in_file) if in_file.names() else store
