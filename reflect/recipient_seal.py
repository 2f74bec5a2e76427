"""Sealing a snapshot for one recipient: what a person shares with their supervisor.

Each person has an X25519 key pair. The public key is stored plainly; the private key is
sealed with the person's private data key (reflect/own_key.py), so only they, signed in, can
use it. To share, the sharer's session seals the snapshot for the recipient's public key:

- a fresh (ephemeral) X25519 key pair for each snapshot, and its exchange with the
  recipient's public key;
- HKDF-SHA256 over that shared secret (salted with both public keys) gives an AES-256-GCM key;
- the recipient and the item are bound in as associated data, so a sealed copy can't be moved
  to another person or stand in for another item.

Opening needs the recipient's private key: the database, its backups, the server key and the
keystore together don't open it. Nothing here touches the database.
"""

from __future__ import annotations

import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

PUBLIC_BYTES = 32
_NONCE_BYTES = 12
_VERSION = b"\x01"
_INFO = b"reflect-shared-snapshot"


def _raw_public(key: X25519PublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def new_key_pair() -> tuple[bytes, bytes]:
    """(private key, public key), each 32 raw bytes."""
    private = X25519PrivateKey.generate()
    raw = private.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption())
    return raw, _raw_public(private.public_key())


def public_of(private_key: bytes) -> bytes:
    return _raw_public(X25519PrivateKey.from_private_bytes(private_key).public_key())


def _key(shared_secret: bytes, ephemeral_public: bytes, recipient_public: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=ephemeral_public + recipient_public, info=_INFO).derive(shared_secret)


def seal_for(recipient_public: bytes, plaintext: bytes, context: bytes) -> bytes:
    """Seal `plaintext` so only the holder of the recipient's private key opens it. `context`
    (who it is for, which item) must be given again, exactly, to open it."""
    ephemeral = X25519PrivateKey.generate()
    ephemeral_public = _raw_public(ephemeral.public_key())
    key = _key(ephemeral.exchange(X25519PublicKey.from_public_bytes(recipient_public)), ephemeral_public, recipient_public)
    nonce = os.urandom(_NONCE_BYTES)
    return _VERSION + ephemeral_public + nonce + AESGCM(key).encrypt(nonce, plaintext, _VERSION + context)


def open_sealed(private_key: bytes, sealed: bytes, context: bytes) -> bytes | None:
    """The plaintext, or None when this key or context doesn't open it (or it was altered)."""
    if len(sealed) < 1 + PUBLIC_BYTES + _NONCE_BYTES + 16 or sealed[:1] != _VERSION:
        return None
    ephemeral_public = sealed[1 : 1 + PUBLIC_BYTES]
    nonce = sealed[1 + PUBLIC_BYTES : 1 + PUBLIC_BYTES + _NONCE_BYTES]
    try:
        private = X25519PrivateKey.from_private_bytes(private_key)
        key = _key(private.exchange(X25519PublicKey.from_public_bytes(ephemeral_public)), ephemeral_public, _raw_public(private.public_key()))
        return AESGCM(key).decrypt(nonce, sealed[1 + PUBLIC_BYTES + _NONCE_BYTES :], _VERSION + context)
    except (InvalidTag, ValueError):
        return None
