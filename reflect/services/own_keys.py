"""Each person's own key in the database: its wraps, its sessions, its recovery code.

What the database holds (reflect/own_key.py describes the keys themselves):

- `own_key_wraps`: the own key wrapped by a key derived (argon2id) from the password
  ("password"), a single sign-on passphrase ("passphrase") or the recovery code ("recovery"),
  or (HKDF) from a passkey's PRF output ("passkey:<id>", reflect/services/passkeys.py).
  Nothing here opens without the secret the person holds.
- `auth_sessions.own_key_wrap`: for a live session, the own key wrapped by a key derived from
  the session's token; the token lives only in the browser's cookie, the database keeps its hash.
"""

from __future__ import annotations

import enum
import hmac
from dataclasses import dataclass
from datetime import date

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from reflect import own_key, runtime
from reflect.logs import event
from reflect.models import AuthSession, OwnKeyWrap, Passkey, Person, utcnow
from reflect.own_key import DEMO_ONLY, STANDARD, Derivation
from reflect.services import audit, lockout, passwords, private_text, shared_copies
from reflect.services.access import Actor, Permission, ensure
from reflect.services.errors import PrivateLocked, Refused
from reflect.services.vault import Vault

PASSWORD = "password"
PASSPHRASE = "passphrase"
RECOVERY = "recovery"
SECRET_KINDS = (PASSWORD, PASSPHRASE)

WRONG_RECOVERY_CODE = (
    "That recovery code doesn't open your private notes. Please check it against the one you saved "
    "(letters and numbers; spaces and dashes don't matter) and try again."
)
WRONG_PASSPHRASE = "That passphrase doesn't match the one you chose. Please check it and try again."
PASSPHRASE_MIN = 10
REPLACE_CODE_NEEDS_SECRET = (
    "To make a new recovery code, please enter your password (or, if you sign in with your organisation, "
    "your passphrase). The recovery code you saved still works."
)
REPLACE_CODE_WRONG = "That doesn't match, so nothing was changed: the recovery code you saved still works. Please try again."
# The demo organisation's published password: it opens the demo people's own keys, which use
# the demo-only derivation (reflect/services/demo.py).
DEMO_PASSWORD = "demo-only-reflect"


class LockState(enum.StrEnum):
    OPEN = "open"  # unlocked, with a recovery code they have saved
    SAVE_RECOVERY_CODE = "save_recovery_code"  # unlocked; a recovery code still to be saved
    CHOOSE_PASSPHRASE = "choose_passphrase"  # single sign-on, first use: no own key yet
    ENTER_PASSPHRASE = "enter_passphrase"  # single sign-on: a passphrase unlocks
    ENTER_RECOVERY_CODE = "enter_recovery_code"  # locked after a password reset


class OwnKeyRefused(Refused):
    """A passphrase or recovery code that doesn't open the own key, or one that breaks a rule."""


def derivation_for(person: Person) -> Derivation:
    """Demo accounts (published passwords) use the cheap, demo-only derivation."""
    return DEMO_ONLY if person.is_demo else STANDARD


@dataclass(frozen=True)
class Wrapping:
    """What a sign-in needs to derive its wrapping key before it takes the write lock: a salt
    and settings. For an unknown address, or a person without a wrap of this kind yet, a fresh
    salt and today's settings, so the same work is done whatever the case."""

    salt: bytes
    derivation: Derivation
    exists: bool


def wrapping(session: Session, person: Person | None, kind: str = PASSWORD) -> Wrapping:
    row = session.get(OwnKeyWrap, (person.id, kind)) if person is not None else None
    if row is not None:
        try:
            return Wrapping(row.salt, Derivation.from_label(row.derivation), True)
        except ValueError:
            pass
    return Wrapping(own_key.new_salt(), derivation_for(person) if person is not None else STANDARD, False)


def derive(secret: str, found: Wrapping) -> bytes:
    return own_key.derive(secret, found.salt, found.derivation)


def _put(session: Session, person: Person, kind: str, key: bytes, wrapping_key: bytes, salt: bytes, derivation: Derivation) -> None:
    wrapped = own_key.wrap(wrapping_key, key, own_key.wrap_context(kind, person.public_id))
    row = session.get(OwnKeyWrap, (person.id, kind))
    if row is None:
        session.add(OwnKeyWrap(person_id=person.id, kind=kind, salt=salt, derivation=derivation.label, wrapped=wrapped))
    else:
        row.salt, row.derivation, row.wrapped, row.created_at, row.confirmed_at = salt, derivation.label, wrapped, utcnow(), None
    session.flush()


def has_own_key(session: Session, person_id: int) -> bool:
    return session.scalar(select(OwnKeyWrap.kind).where(OwnKeyWrap.person_id == person_id).limit(1)) is not None


@dataclass(frozen=True)
class Opened:
    key: bytes | None
    created: bool = False


def open_with_secret(session: Session, person: Person, kind: str, derived: bytes, found: Wrapping) -> Opened:
    """At sign-in, inside its unit of work: the own key, opened with the key derived from the
    password or passphrase; a new own key for a person who has none (first sign-in, or first
    after the upgrade); None when the wrap doesn't open (after an admin's password reset)."""
    row = session.get(OwnKeyWrap, (person.id, kind))
    if row is not None and row.salt == found.salt:
        return Opened(own_key.unwrap(derived, row.wrapped, own_key.wrap_context(kind, person.public_id)))
    if has_own_key(session, person.id):
        return Opened(None)
    key = own_key.new_own_key()
    _put(session, person, kind, key, derived, found.salt, found.derivation)
    event("own_key.created", person=person.id)
    return Opened(key, created=True)


def store_password(session: Session, person: Person, key: bytes, made: passwords.Made) -> None:
    """Wrap the own key with the key of the person's password hash, under the hash's salt: the
    next sign-in's one check opens it too."""
    _put(session, person, PASSWORD, key, made.key, made.salt, made.derivation)


def set_password(session: Session, person: Person, password: str, key: bytes | None = None) -> None:
    """Give the person this password: its hash and, with the own key, its wrap, from one
    argon2id run made inside the caller's unit of work (for accounts made in bulk and tests)."""
    made = passwords.make(password)
    person.password_hash = made.password_hash
    if key is not None:
        store_password(session, person, key, made)


def _wrap_with_password(session: Session, person: Person, key: bytes, secret: str, checked: passwords.Check, checked_hash: str | None) -> None:
    """Wrap the own key with the password just checked: with the key of its check, under its
    hash's salt, when the hash is of today's form and still the one stored; else a new derivation."""
    if checked.made is not None and person.password_hash == checked_hash:
        store_password(session, person, key, checked.made)
    else:
        set_secret(session, person, PASSWORD, key, secret)


def set_secret(session: Session, person: Person, kind: str, key: bytes, secret: str, derivation: Derivation | None = None) -> None:
    """Wrap the own key with a new password or passphrase (a change: nothing is re-encrypted)."""
    salt, derivation = own_key.new_salt(), derivation or derivation_for(person)
    _put(session, person, kind, key, own_key.derive(secret, salt, derivation), salt, derivation)


def enrol(
    session: Session, person: Person, secret: str, *, recovery_code: str | None = None, derivation: Derivation | None = None,
) -> bytes:
    """Give a person with no own key one, wrapped by `secret` (their password) and, when given,
    by a recovery code counted as saved: for accounts made in bulk (the organisation-scale
    build, with the demo-only derivation) and for tests. Returns the own key."""
    key = own_key.new_own_key()
    set_secret(session, person, PASSWORD, key, secret, derivation)
    if recovery_code is not None:
        salt, chosen = own_key.new_salt(), derivation or derivation_for(person)
        _put(session, person, RECOVERY, key, own_key.derive(own_key.normalise_recovery_code(recovery_code), salt, chosen), salt, chosen)
        session.get(OwnKeyWrap, (person.id, RECOVERY)).confirmed_at = utcnow()
    # Their key pair for what is shared with them, once they have a data key to seal it with.
    shared_copies.give_key_pair(session, shared_copies.owner_vault(session, person.id, person.organisation_id, key), person.id)
    return key


def open_with(session: Session, person: Person, secret: str, kind: str = PASSWORD) -> bytes | None:
    """The own key opened with a password or passphrase, inside the caller's unit of work; a
    new one for a person who has none. For the demo (its published password unlocks its keys)."""
    found = wrapping(session, person, kind)
    key = open_with_secret(session, person, kind, derive(secret, found), found).key
    if key is not None:
        settle(session, person, key)
    return key


def session_wrap(session_key: bytes, key: bytes) -> bytes:
    return own_key.wrap(session_key, key, b"reflect-own-key:session")


def open_session_wrap(session_key: bytes, wrapped: bytes | None) -> bytes | None:
    return None if wrapped is None else own_key.unwrap(session_key, wrapped, b"reflect-own-key:session")


def forget_secret(session: Session, person_id: int, kind: str = PASSWORD) -> None:
    """An admin's password reset: the old password's wrap goes, and every session's with it, so
    the person's private text stays locked until their recovery code opens it."""
    session.execute(delete(OwnKeyWrap).where(OwnKeyWrap.person_id == person_id, OwnKeyWrap.kind == kind))
    session.execute(update(AuthSession).where(AuthSession.person_id == person_id).values(own_key_wrap=None))


def destroy(session: Session, person_id: int) -> None:
    """Erasure: every wrap of the person's own key goes (the keystore key going too makes the
    private data key impossible to make again, in every backup)."""
    session.execute(delete(OwnKeyWrap).where(OwnKeyWrap.person_id == person_id))
    session.execute(delete(Passkey).where(Passkey.person_id == person_id))
    session.execute(update(AuthSession).where(AuthSession.person_id == person_id).values(own_key_wrap=None))


def move_private_text(*, by: Actor) -> int:
    """Move the person's text from before own keys under their own key (first sign-in after the
    upgrade). Returns how many values moved."""
    ensure(by, Permission.USE_APP)
    rt = runtime.current()
    with rt.db.write(by=by) as session:
        moved = private_text.move_under_own_key(session, Vault(session, rt.server_key, by=by), by.person_id)
    event("own_key.private_text_moved", person=by.person_id, moved=moved)
    return moved


def state(*, by: Actor) -> LockState:
    """Where the person stands with their own key in this session."""
    ensure(by, Permission.USE_APP)
    with runtime.current().db.read() as session:
        kinds = {r.kind: r for r in session.scalars(select(OwnKeyWrap).where(OwnKeyWrap.person_id == by.person_id))}
        demo = session.scalar(select(Person.is_demo).where(Person.id == by.person_id))
    if by.own_key is not None:
        recovery = kinds.get(RECOVERY)
        return LockState.OPEN if demo or (recovery is not None and recovery.confirmed_at is not None) else LockState.SAVE_RECOVERY_CODE
    if PASSPHRASE in kinds:
        return LockState.ENTER_PASSPHRASE
    if not kinds:
        return LockState.CHOOSE_PASSPHRASE
    return LockState.ENTER_RECOVERY_CODE


def settle(session: Session, person: Person, key: bytes) -> None:
    """Whenever a session opens the own key: the person's key pair for what is shared with
    them (made at the first sign-in after the upgrade), and nothing kept from ended pairs."""
    vault = shared_copies.owner_vault(session, person.id, person.organisation_id, key)
    shared_copies.settle(session, vault, person.id, date.today())
    if has_own_key(session, person.id):
        private_text.catch_up_shares(session, vault, person.id)


def keep_for_session(session: Session, by: Actor, key: bytes) -> None:
    """The own key, just opened, kept wrapped for this session (by the key from its token)."""
    settle(session, session.get(Person, by.person_id), key)
    if by.session_key is None or by.session_token_hash is None:
        return
    session.execute(
        update(AuthSession).where(AuthSession.token_hash == by.session_token_hash).values(own_key_wrap=session_wrap(by.session_key, key))
    )


def _issue_recovery(session: Session, person: Person, key: bytes) -> str:
    code = own_key.new_recovery_code()
    salt, derivation = own_key.new_salt(), derivation_for(person)
    _put(session, person, RECOVERY, key, own_key.derive(code, salt, derivation), salt, derivation)
    return code


def _opens_with_passphrase(session: Session, person_id: int, password_hash: str | None) -> bool:
    """A passphrase, not the Reflect password, opens the person's own key: they sign in with
    their organisation (no password), or chose a passphrase."""
    return password_hash is None or session.get(OwnKeyWrap, (person_id, PASSPHRASE)) is not None


def unlocks_with_passphrase(*, by: Actor) -> bool:
    """Whether a passphrase (single sign-on), rather than the Reflect password, opens the
    acting person's own key: what a page asks for when it needs them to say it is them."""
    ensure(by, Permission.USE_APP)
    with runtime.current().db.read() as session:
        password_hash = session.scalar(select(Person.password_hash).where(Person.id == by.person_id))
        return _opens_with_passphrase(session, by.person_id, password_hash)


def is_their_secret(*, by: Actor, secret: str) -> bool:
    """Whether `secret` is the acting person's password, or the passphrase that opens their own
    key: one argon2id run either way, outside any write. For steps that give a session's holder
    a lasting way in (a new recovery code, a passkey), which a live session alone must not."""
    ensure(by, Permission.USE_APP)
    if not secret:
        return False
    rt = runtime.current()
    with rt.db.read() as session:
        person = session.get(Person, by.person_id)
        password_hash = person.password_hash
        uses_passphrase = _opens_with_passphrase(session, person.id, password_hash)
        found = wrapping(session, person, PASSPHRASE)
    place = _take_turn(by)
    with passwords.turn(rt.settings.password_checks):
        if uses_passphrase:
            derived = derive(secret, found)
        else:
            matched = passwords.verify(password_hash, secret)
    if uses_passphrase:
        with rt.db.read() as session:
            key = _open_wrap(session, session.get(Person, by.person_id), PASSPHRASE, found, derived)
        matched = key is not None and by.own_key is not None and hmac.compare_digest(key, by.own_key)
    lockout.settle_secret_turn(by.person_id, place, matched=matched)
    return matched


def issue_recovery_code(*, by: Actor, secret: str | None = None) -> str:
    """A new recovery code for the signed-in person (the old one stops working). Shown once.

    Replacing a code the person has saved takes their password (or, with single sign-on, their
    passphrase): a recovery code opens their private notes after a password change, a sign-out
    everywhere or an admin's reset, so a live session alone (a stolen cookie, a screen left
    unlocked) must not be enough to make one.

    Raises:
        PrivateLocked: the own key is locked in this session.
        OwnKeyRefused: a saved code is to be replaced and `secret` is missing or not theirs.
    """
    ensure(by, Permission.USE_APP)
    if by.own_key is None:
        raise PrivateLocked()
    with runtime.current().db.read() as session:
        saved = _recovery_saved(session, by.person_id)
    if saved and not is_their_secret(by=by, secret=secret or ""):
        event("own_key.recovery_code_refused", person=by.person_id, given=bool(secret))
        raise OwnKeyRefused(REPLACE_CODE_WRONG if secret else REPLACE_CODE_NEEDS_SECRET)
    with runtime.current().db.write(by=by) as session:
        person = session.get(Person, by.person_id)
        code = _issue_recovery(session, person, by.own_key)
        audit.record(session, by=by, action="recovery_code_issued", subject_id=by.person_id)
    return code


def _take_turn(by: Actor) -> int:
    """A check of the person's secret, counted until settled (reflect/services/lockout.py).

    Raises:
        OwnKeyRefused: such checks are paused for now, after several that didn't match.
    """
    try:
        return lockout.take_secret_turn(by.person_id)
    except lockout.SecretPaused as exc:
        event("own_key.secret_paused", person=by.person_id)
        raise OwnKeyRefused(str(exc)) from None


def _recovery_saved(session: Session, person_id: int) -> bool:
    row = session.get(OwnKeyWrap, (person_id, RECOVERY))
    return row is not None and row.confirmed_at is not None


def confirm_recovery_saved(*, by: Actor) -> None:
    ensure(by, Permission.USE_APP)
    with runtime.current().db.write(by=by) as session:
        session.execute(
            update(OwnKeyWrap).where(OwnKeyWrap.person_id == by.person_id, OwnKeyWrap.kind == RECOVERY).values(confirmed_at=utcnow())
        )


def recover(*, by: Actor, code: str, secret: str) -> str:
    """Open the own key with the recovery code, wrap it again with `secret` (the current
    password, or a new passphrase for single sign-on), and issue a new recovery code: each
    code works once. Returns the new code, to be shown once.

    Raises:
        OwnKeyRefused: the code doesn't open the key, or the password doesn't match.
    """
    ensure(by, Permission.USE_APP)
    rt = runtime.current()
    with rt.db.read() as session:
        person = session.get(Person, by.person_id)
        found = wrapping(session, person, RECOVERY)
        password_hash = person.password_hash
        uses_passphrase = _opens_with_passphrase(session, person.id, password_hash)
    if uses_passphrase and len(secret) < PASSPHRASE_MIN:
        raise OwnKeyRefused(f"Please choose a passphrase of at least {PASSPHRASE_MIN} characters.")
    place = _take_turn(by)
    with passwords.turn(rt.settings.password_checks):
        derived = derive(own_key.normalise_recovery_code(code), found)
        checked = None if uses_passphrase else passwords.check(password_hash, secret)
    if checked is not None and not checked.matched:
        lockout.settle_secret_turn(by.person_id, place, matched=False)
        raise OwnKeyRefused("Your password doesn't match. Please enter the password you signed in with just now.")
    with rt.db.read() as session:
        opens = _open_wrap(session, session.get(Person, by.person_id), RECOVERY, found, derived) is not None
    lockout.settle_secret_turn(by.person_id, place, matched=opens)
    with rt.db.write(by=by) as session:
        person = session.get(Person, by.person_id)
        key = _open_wrap(session, person, RECOVERY, found, derived)
        if key is None:
            event("own_key.recovery_refused", person=by.person_id)
            raise OwnKeyRefused(WRONG_RECOVERY_CODE)
        if checked is None:
            set_secret(session, person, PASSPHRASE, key, secret)
        else:
            _wrap_with_password(session, person, key, secret, checked, password_hash)
        new_code = _issue_recovery(session, person, key)
        keep_for_session(session, by, key)
        audit.record(session, by=by, action="own_key_recovered", subject_id=by.person_id)
    event("own_key.recovered", person=by.person_id)
    return new_code


def _open_wrap(session: Session, person: Person, kind: str, found: Wrapping, derived: bytes) -> bytes | None:
    """The own key from the person's wrap of this kind, with the key derived from their secret:
    None when there is no such wrap, it was replaced since `found` was read, or the secret is wrong."""
    row = session.get(OwnKeyWrap, (person.id, kind))
    if not found.exists or row is None or row.salt != found.salt:
        return None
    return own_key.unwrap(derived, row.wrapped, own_key.wrap_context(kind, person.public_id))


def _unlock(by: Actor, secret: str, kind: str) -> bytes | None:
    """Open the own key with a password or passphrase and keep it for this session. The same
    derivation is done whether or not the person has a wrap of this kind."""
    rt = runtime.current()
    with rt.db.read() as session:
        found = wrapping(session, session.get(Person, by.person_id), kind)
    with passwords.turn(rt.settings.password_checks):
        derived = derive(secret, found)
    with rt.db.write(by=by) as session:
        person = session.get(Person, by.person_id)
        key = _open_wrap(session, person, kind, found, derived)
        if key is not None:
            keep_for_session(session, by, key)
    return key


def unlock_with_passphrase(*, by: Actor, passphrase: str) -> None:
    """Single sign-on: open the own key with the person's passphrase for this session.

    Raises:
        OwnKeyRefused: the passphrase doesn't open it.
    """
    ensure(by, Permission.USE_APP)
    place = _take_turn(by)
    opened = _unlock(by, passphrase, PASSPHRASE) is not None
    lockout.settle_secret_turn(by.person_id, place, matched=opened)
    if not opened:
        event("own_key.passphrase_refused", person=by.person_id)
        raise OwnKeyRefused(WRONG_PASSPHRASE)
    event("own_key.unlocked", person=by.person_id)


def unlock_after_sign_in(*, by: Actor, password: str) -> bytes | None:
    """After a password sign-in whose own key didn't open because its wrap changed meanwhile
    (two first sign-ins at once: the other made the key), try the wrap there is now. None when
    there is no password wrap (after an admin's reset) or it doesn't open."""
    ensure(by, Permission.USE_APP)
    with runtime.current().db.read() as session:
        if session.get(OwnKeyWrap, (by.person_id, PASSWORD)) is None:
            return None
    return _unlock(by, password, PASSWORD)


def choose_passphrase(*, by: Actor, passphrase: str) -> None:
    """Single sign-on, first use: make the person's own key, wrapped by their new passphrase,
    and open it for this session. Their earlier private text moves under it.

    Raises:
        OwnKeyRefused: too short, or the person already has an own key.
    """
    ensure(by, Permission.USE_APP)
    if len(passphrase) < PASSPHRASE_MIN:
        raise OwnKeyRefused(f"Please choose a passphrase of at least {PASSPHRASE_MIN} characters.")
    rt = runtime.current()
    with rt.db.write(by=by) as session:
        person = session.get(Person, by.person_id)
        if has_own_key(session, person.id):
            raise OwnKeyRefused("You have already chosen a passphrase. Please enter it to unlock your private notes.")
        key = own_key.new_own_key()
        set_secret(session, person, PASSPHRASE, key, passphrase)
        keep_for_session(session, by, key)
        audit.record(session, by=by, action="passphrase_chosen", subject_id=by.person_id)
    event("own_key.created", person=by.person_id, sso=True)



def start_afresh(*, by: Actor, secret: str) -> None:
    """When the password (or passphrase) and the recovery code are both lost: a new own key,
    wrapped by the current password (checked) or a new passphrase. The earlier private text
    stays sealed under the old key, which nobody can make again; pages show it as empty.

    Raises:
        OwnKeyRefused: the password doesn't match, or the passphrase is too short.
    """
    ensure(by, Permission.USE_APP)
    rt = runtime.current()
    with rt.db.read() as session:
        password_hash = session.scalar(select(Person.password_hash).where(Person.id == by.person_id))
        uses_passphrase = _opens_with_passphrase(session, by.person_id, password_hash)
    if uses_passphrase and len(secret) < PASSPHRASE_MIN:
        raise OwnKeyRefused(f"Please choose a passphrase of at least {PASSPHRASE_MIN} characters.")
    checked = None
    if not uses_passphrase:
        place = _take_turn(by)
        with passwords.turn(rt.settings.password_checks):
            checked = passwords.check(password_hash, secret)
        lockout.settle_secret_turn(by.person_id, place, matched=checked.matched)
        if not checked.matched:
            raise OwnKeyRefused("Your password doesn't match. Please enter the password you signed in with just now.")
    with rt.db.write(by=by) as session:
        person = session.get(Person, by.person_id)
        session.execute(delete(OwnKeyWrap).where(OwnKeyWrap.person_id == person.id))
        # A passkey wrapped the old key: it goes with it, to be added again for the new one.
        session.execute(delete(Passkey).where(Passkey.person_id == person.id))
        key = own_key.new_own_key()
        if checked is None:
            set_secret(session, person, PASSPHRASE, key, secret)
        else:
            _wrap_with_password(session, person, key, secret, checked, password_hash)
        keep_for_session(session, by, key)
        audit.record(session, by=by, action="own_key_started_afresh", subject_id=by.person_id)
    event("own_key.started_afresh", person=by.person_id)
