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

_HASHER = PasswordHasher()  # argon2id, RFC 9106 low-memory profile
# Spent on unknown e-mail addresses so a failed sign-in takes the same time either way.
_DUMMY_HASH = _HASHER.hash("reflect-timing-equaliser")

MIN_LENGTH = 10


class PasswordRejected(Refused, ValueError):
    """The new password does not meet the rules; the message says which."""


def hash_password(password: str) -> str:
    return _HASHER.hash(password)


def verify(password_hash: str | None, password: str) -> bool:
    try:
        return _HASHER.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


_turns: dict[int, threading.BoundedSemaphore] = {}
_turns_lock = threading.Lock()


@contextmanager
def turn(at_once: int) -> Iterator[None]:
    """Wait for one of `at_once` turns to check a password. Each check takes 64 MiB, so a
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
