"""Field encryption: per-person data keys wrapped by one server key (AES-256-GCM).

A stored text is a `SealedText`: the ciphertext plus the id of the person whose key
sealed it. The database column type (`reflect.models.base.EncryptedText`) accepts only
`SealedText`, so plaintext can never be written to a free-text column by mistake.
Destroying a person's data key makes everything sealed with it unreadable, in the
database and in every backup alike.
"""

from __future__ import annotations

import base64
import hmac as stdlib_hmac
import os
import secrets
import stat
import struct
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, hmac
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from reflect.config import ConfigError

_FORMAT = 1
# Text only its owner can open: sealed with their private data key, which is reachable only
# through their own key (reflect/own_key.py), never through the server key or keystore alone.
_PRIVATE_FORMAT = 2
_HEADER = struct.Struct(">BQ")  # format version, owner person id
_NONCE_BYTES = 12
KEY_BYTES = 32


class KeyUnavailable(Exception):
    """The data key that sealed this text has been destroyed (the person was erased)."""


@dataclass(frozen=True)
class SealedText:
    """Ciphertext of one free-text value, sealed with its owner's data key."""

    owner_id: int
    blob: bytes

    def __repr__(self) -> str:  # never show ciphertext or hint at plaintext in logs
        return f"SealedText(owner_id={self.owner_id}, {len(self.blob)} bytes)"

    @classmethod
    def from_blob(cls, blob: bytes) -> SealedText:
        version, owner_id = _HEADER.unpack_from(blob)
        if version not in (_FORMAT, _PRIVATE_FORMAT):
            raise ValueError(f"unknown sealed text format {version}")
        return cls(owner_id=owner_id, blob=bytes(blob))

    @property
    def is_private(self) -> bool:
        """Sealed with the owner's private data key: opens only while its owner is signed in."""
        return self.blob[0] == _PRIVATE_FORMAT


def seal(data_key: bytes, owner_id: int, text: str, *, private: bool = False) -> SealedText:
    """Encrypt `text` with the owner's data key (or, `private`, their private data key); the
    header, which says which, is bound in as associated data."""
    header = _HEADER.pack(_PRIVATE_FORMAT if private else _FORMAT, owner_id)
    nonce = os.urandom(_NONCE_BYTES)
    ciphertext = AESGCM(data_key).encrypt(nonce, text.encode("utf-8"), header)
    return SealedText(owner_id=owner_id, blob=header + nonce + ciphertext)


def unseal(data_key: bytes, sealed: SealedText) -> str:
    """Decrypt a sealed text. Raises `InvalidTag` if the blob was tampered with."""
    header = sealed.blob[: _HEADER.size]
    nonce = sealed.blob[_HEADER.size : _HEADER.size + _NONCE_BYTES]
    ciphertext = sealed.blob[_HEADER.size + _NONCE_BYTES :]
    return AESGCM(data_key).decrypt(nonce, ciphertext, header).decode("utf-8")


class ServerKey:
    """The server key that wraps every person's data key. Kept in a file, never in the database."""

    def __init__(self, key: bytes):
        if len(key) != KEY_BYTES:
            raise ValueError("the server key must be 32 bytes")
        self._aead = AESGCM(key)
        derive = hmac.HMAC(key, hashes.SHA256())
        derive.update(b"reflect-mac-key")
        self._mac_key = derive.finalize()
        self._audit_key = HKDF(algorithm=hashes.SHA256(), length=KEY_BYTES, salt=None, info=b"reflect-audit-chain").derive(key)

    def __repr__(self) -> str:
        return "ServerKey(<hidden>)"

    @classmethod
    def load_or_create(cls, path: Path) -> ServerKey:
        """Read the key file, creating it with owner-only permissions on first run.

        Raises:
            ConfigError: the file is readable by others, or does not hold a key.
        """
        if not path.exists():
            _create_key_file(path)
        mode = path.stat().st_mode
        if mode & (stat.S_IRWXG | stat.S_IRWXO):
            raise ConfigError(
                f"The key file {path} can be read by other accounts: run 'chmod 600 {path}' and start again."
            )
        try:
            key = base64.b64decode(path.read_text().strip(), validate=True)
        except (ValueError, UnicodeDecodeError) as exc:
            raise ConfigError(f"The key file {path} does not hold a Reflect server key: restore it from your key backup.") from exc
        if len(key) != KEY_BYTES:
            raise ConfigError(f"The key file {path} does not hold a Reflect server key: restore it from your key backup.")
        return cls(key)

    def fingerprint(self) -> str:
        """A value that tells keys apart without revealing anything about the key."""
        return self.mac("server-key-fingerprint", "")

    def mac(self, context: str, value: str) -> str:
        """A keyed hash of `value` (hex): the same input gives the same output only with this key."""
        mac = hmac.HMAC(self._mac_key, hashes.SHA256())
        mac.update(context.encode() + b"\x00" + value.encode())
        return mac.finalize().hex()

    def audit_chain_mac(self, message: bytes) -> str:
        """HMAC-SHA256 (hex) of an audit event's fields under the audit key, which is derived from
        the server key with HKDF (info "reflect-audit-chain"): no one without the key file can
        recompute the chain after changing an event."""
        return stdlib_hmac.digest(self._audit_key, message, "sha256").hex()

    def new_wrapped_key(self, person_id: int) -> bytes:
        """Make a random data key for a person and return it wrapped."""
        return self.wrap(secrets.token_bytes(KEY_BYTES), person_id)

    def wrap(self, data_key: bytes, person_id: int) -> bytes:
        nonce = os.urandom(_NONCE_BYTES)
        return nonce + self._aead.encrypt(nonce, data_key, _wrap_context(person_id))

    def unwrap(self, wrapped: bytes, person_id: int) -> bytes:
        """Raises `KeyUnavailable` when the wrapped key does not open with this server key."""
        try:
            return self._aead.decrypt(wrapped[:_NONCE_BYTES], wrapped[_NONCE_BYTES:], _wrap_context(person_id))
        except InvalidTag as exc:
            raise KeyUnavailable(f"the data key of person {person_id} does not open with this server key") from exc


def _wrap_context(person_id: int) -> bytes:
    return b"reflect-data-key:" + str(person_id).encode()


def _create_key_file(path: Path) -> None:
    encoded = base64.b64encode(secrets.token_bytes(KEY_BYTES)) + b"\n"
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process created it first: use theirs
        return
    with os.fdopen(fd, "wb") as handle:
        handle.write(encoded)
        handle.flush()
        os.fsync(handle.fileno())
