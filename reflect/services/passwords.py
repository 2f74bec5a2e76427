"""Password checking, and the password rules.

One argon2id run per check. The password, with a salt of its own and OWASP's baseline
settings (19 MiB, two passes, one lane), gives one key; what is stored is only a verifier
made from that key with HKDF, never the key. The same key wraps the person's own key
(reflect/own_key.py), with the same salt, so a sign-in both checks the password and opens the
own key with one run: about 25 ms of one core. Stored as

    $reflect-hkdf$v=1$argon2id;t=2;m=19456;p=1$<salt>$<verifier>

A hash of the older form (argon2's own, "$argon2id$...") still verifies, and is made again in
this form at its next successful sign-in.
"""

from __future__ import annotations

import base64
import binascii
import hmac
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from reflect.services.errors import Refused

from reflect import metrics, own_key
from reflect.own_key import STANDARD, Derivation

# Every password hash is made with these settings, whoever the person (the demo's too).
SETTINGS = STANDARD
_FORM = "$reflect-hkdf$v=1$"
# The older form, argon2's own encoding: verified until its next successful sign-in.
_OLDER = PasswordHasher()

MIN_LENGTH = 10


class PasswordRejected(Refused, ValueError):
    """The new password does not meet the rules; the message says which."""


@dataclass(frozen=True)
class Made:
    """A password's key with its salt and settings: the stored hash, and the key that wraps the
    own key under the same salt."""

    password_hash: str
    salt: bytes
    derivation: Derivation
    key: bytes = field(repr=False)


@dataclass(frozen=True)
class Check:
    """The result of one check. For a hash of today's form, also the key the password gave (it
    opens the own key's wrap made with the same salt and settings)."""

    matched: bool
    made: Made | None = field(default=None, repr=False)


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii").rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text + "=" * (-len(text) % 4), validate=True)


def _verifier(key: bytes) -> bytes:
    return own_key.hkdf(key, b"reflect-password-verifier")


def from_key(key: bytes, salt: bytes, derivation: Derivation) -> Made:
    """The stored form for a key already derived from the password (no further argon2id run)."""
    stored = f"{_FORM}{derivation.label}${_b64(salt)}${_b64(_verifier(key))}"
    return Made(stored, salt, derivation, key)


def make(password: str, derivation: Derivation = SETTINGS) -> Made:
    """A new hash of the password with a new salt: one argon2id run."""
    salt = own_key.new_salt()
    return from_key(own_key.derive(password, salt, derivation), salt, derivation)


def hash_password(password: str) -> str:
    return make(password).password_hash


def _parse(password_hash: str | None) -> tuple[bytes, Derivation, bytes] | None:
    """Salt, settings and verifier of a hash of today's form; None for any other."""
    if not password_hash or not password_hash.startswith(_FORM):
        return None
    try:
        label, salt, verifier = password_hash[len(_FORM):].split("$")
        return _unb64(salt), Derivation.from_label(label), _unb64(verifier)
    except (ValueError, binascii.Error):
        return None


def needs_rehash(password_hash: str | None) -> bool:
    """True for a hash of the older form or other settings than today's (made again at sign-in)."""
    if password_hash is None:
        return False
    parsed = _parse(password_hash)
    return parsed is None or parsed[1] != SETTINGS


def check(password_hash: str | None, password: str) -> Check:
    """Check a password against its stored hash with one argon2id run. With no hash (an address
    nobody has, an account without a password) the same run is made, and refused."""
    parsed = _parse(password_hash)
    if parsed is not None:
        salt, derivation, verifier = parsed
        made = from_key(own_key.derive(password, salt, derivation), salt, derivation)
        matched = hmac.compare_digest(_verifier(made.key), verifier)
        return Check(matched, made if matched else None)
    if password_hash and password_hash.startswith("$argon2"):
        metrics.OWN_KEY_DERIVATIONS.labels(settings="older_hash").inc()
        try:
            return Check(_OLDER.verify(password_hash, password))
        except (VerificationError, InvalidHashError):
            return Check(False)
    own_key.derive(password, own_key.new_salt(), SETTINGS)  # the same work, so the time tells nothing
    return Check(False)


def verify(password_hash: str | None, password: str) -> bool:
    return check(password_hash, password).matched


_turns: dict[int, threading.BoundedSemaphore] = {}
_turns_lock = threading.Lock()


@contextmanager
def turn(at_once: int) -> Iterator[None]:
    """Wait for one of `at_once` turns to check a password. Each check takes 19 MiB, so a
    crowd signing in together queues here instead of filling the server's memory."""
    with _turns_lock:
        gate = _turns.setdefault(at_once, threading.BoundedSemaphore(at_once))
    began = time.perf_counter()
    metrics.PASSWORD_CHECKS_WAITING.inc()
    try:
        gate.acquire()
    finally:
        metrics.PASSWORD_CHECKS_WAITING.dec()
    try:
        yield
    finally:
        gate.release()
        metrics.PASSWORD_CHECK_SECONDS.observe(time.perf_counter() - began)


def check_rules(password: str, *, email: str) -> None:
    """Raises:
    PasswordRejected: too short, or the same as the e-mail address.
    """
    if len(password) < MIN_LENGTH:
        raise PasswordRejected(f"Please choose a password of at least {MIN_LENGTH} characters.")
    if password.strip().lower() == email.strip().lower():
        raise PasswordRejected("Please choose a password that is different from your e-mail address.")
