"""A person's own key: the key to what they keep private, held by them and nobody else.

The key hierarchy for private text:

- The own key: 32 random bytes per person, never stored unwrapped. It is wrapped (AES-GCM)
  by a key derived with argon2id from their password (or, with single sign-on, a passphrase
  of their own), and by a key derived from their recovery code. A signed-in session keeps it
  wrapped by a key derived (HKDF) from the session's token, which only the browser's HttpOnly
  cookie holds.
- A passkey (WebAuthn with the PRF extension) can wrap it too: by a key derived (HKDF) from
  what the authenticator's PRF gives for a salt of that passkey's own.
- The private data key: derived (HKDF) from the own key together with the person's data key
  (which the keystore opens). Private text is sealed with it. Without the own key it can't be
  made; without the keystore key (destroyed at erasure) it can't be made either, so erasure
  stays final in every backup.

Nothing here touches the database: reflect/services/own_keys.py keeps the wraps.
"""

from __future__ import annotations

import os
import secrets
import string
from dataclasses import dataclass

from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from reflect.crypto import KEY_BYTES

_NONCE_BYTES = 12
SALT_BYTES = 16


@dataclass(frozen=True)
class Derivation:
    """argon2id settings for turning a password, passphrase or recovery code into a wrapping key.
    Kept beside each wrap (`label`), so settings can change and older wraps still open."""

    time_cost: int
    memory_kib: int
    parallelism: int

    @property
    def label(self) -> str:
        return f"argon2id;t={self.time_cost};m={self.memory_kib};p={self.parallelism}"

    @classmethod
    def from_label(cls, label: str) -> Derivation:
        """Raises ValueError for a label that is not one of ours."""
        name, *parts = label.split(";")
        values = dict(part.split("=", 1) for part in parts)
        if name != "argon2id" or set(values) != {"t", "m", "p"}:
            raise ValueError("unknown key derivation")
        return cls(int(values["t"]), int(values["m"]), int(values["p"]))


# OWASP's argon2id baseline, as the password hash uses: about 25 ms of one core and 19 MiB.
STANDARD = Derivation(time_cost=2, memory_kib=19 * 1024, parallelism=1)
# Demo-only: the demo's accounts (whose passwords are published anyway) and the
# organisation-scale build, so building thousands of people stays quick. Never for real people.
DEMO_ONLY = Derivation(time_cost=1, memory_kib=64, parallelism=1)


def new_own_key() -> bytes:
    return secrets.token_bytes(KEY_BYTES)


def new_salt() -> bytes:
    return os.urandom(SALT_BYTES)


def derive(secret: str, salt: bytes, derivation: Derivation) -> bytes:
    """The wrapping key a password, passphrase or recovery code gives with this salt."""
    return hash_secret_raw(
        secret.encode("utf-8"), salt, time_cost=derivation.time_cost, memory_cost=derivation.memory_kib,
        parallelism=derivation.parallelism, hash_len=KEY_BYTES, type=Type.ID,
    )


def wrap(wrapping_key: bytes, own_key: bytes, context: bytes) -> bytes:
    nonce = os.urandom(_NONCE_BYTES)
    return nonce + AESGCM(wrapping_key).encrypt(nonce, own_key, context)


def unwrap(wrapping_key: bytes, wrapped: bytes, context: bytes) -> bytes | None:
    """The own key, or None when this wrapping key does not open it."""
    try:
        return AESGCM(wrapping_key).decrypt(wrapped[:_NONCE_BYTES], wrapped[_NONCE_BYTES:], context)
    except (InvalidTag, ValueError):
        return None


def wrap_context(kind: str, person_public_id: str) -> bytes:
    """Binds a wrap to its kind and person, so no wrap can stand in for another."""
    return f"reflect-own-key:{kind}:{person_public_id}".encode()


def _hkdf(material: bytes, info: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=KEY_BYTES, salt=None, info=info).derive(material)


def session_key(token: str) -> bytes:
    """The key that wraps the own key for one session, from the token only the cookie holds."""
    return _hkdf(token.encode("utf-8"), b"reflect-session-own-key")


def passkey_key(prf_output: bytes) -> bytes:
    """The key that wraps the own key for one passkey, from what the passkey's PRF gives for
    its salt: only the authenticator can give that, and it is never stored."""
    return _hkdf(prf_output, b"reflect-passkey-own-key")


def private_data_key(own_key: bytes, data_key: bytes) -> bytes:
    """The key private text is sealed with: it needs the own key and the keystore-held data key."""
    return _hkdf(own_key + data_key, b"reflect-private-data-key")


# A recovery code: 24 letters and digits in six groups of four, without look-alikes (0/O, 1/I/L).
_ALPHABET = "".join(c for c in string.ascii_uppercase + string.digits if c not in "0O1IL")


def new_recovery_code() -> str:
    raw = "".join(secrets.choice(_ALPHABET) for _ in range(24))
    return "-".join(raw[i : i + 4] for i in range(0, 24, 4))


def normalise_recovery_code(code: str) -> str:
    """A recovery code as typed (any case, spaces or dashes) in its one written form."""
    raw = "".join(c for c in code.upper() if c.isalnum())
    return "-".join(raw[i : i + 4] for i in range(0, len(raw), 4))
