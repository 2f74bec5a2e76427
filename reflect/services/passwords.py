"""argon2id password hashing and the password rules."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from reflect.services.errors import Refused

from reflect import metrics

# argon2id at OWASP's baseline (19 MiB, two passes, one lane): about 25 ms of one core, so a
# whole shift signing in at once is checked in seconds on a small server. A hash made with
# other settings still verifies, and is made again with these at its next sign-in.
_HASHER = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)
# Spent on unknown e-mail addresses so a failed sign-in takes the same time either way.
_DUMMY_HASH = _HASHER.hash("reflect-timing-equaliser")

MIN_LENGTH = 10


class PasswordRejected(Refused, ValueError):
    """The new password does not meet the rules; the message says which."""


def hash_password(password: str) -> str:
    return _HASHER.hash(password)


def needs_rehash(password_hash: str | None) -> bool:
    """True for a hash made with other settings than today's (to be made again at sign-in)."""
    try:
        return password_hash is not None and _HASHER.check_needs_rehash(password_hash)
    except InvalidHashError:
        return False


def verify(password_hash: str | None, password: str) -> bool:
    try:
        return _HASHER.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


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
