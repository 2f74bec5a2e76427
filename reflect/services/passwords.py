"""argon2id password hashing and the password rules."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from reflect.services.errors import Refused

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


def check_rules(password: str, *, email: str) -> None:
    """Raises:
    PasswordRejected: too short, or the same as the e-mail address.
    """
    if len(password) < MIN_LENGTH:
        raise PasswordRejected(f"Please choose a password of at least {MIN_LENGTH} characters.")
    if password.strip().lower() == email.strip().lower():
        raise PasswordRejected("Please choose a password that is different from your e-mail address.")
