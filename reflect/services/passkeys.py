"""Passkeys that open a person's own key, where the browser supports WebAuthn's PRF extension.

A passkey proves who is there (a signature over a fresh challenge, checked with py_webauthn)
and, through the PRF extension, gives 32 bytes for a salt of its own that only the
authenticator can give again. Those bytes derive (HKDF) a key that wraps the person's own key:
an `OwnKeyWrap` of kind "passkey:<id>", beside the passphrase's and the recovery code's. The
PRF output is used for the moment it takes to wrap or unwrap, and never stored or logged.

Each ceremony takes two steps in the browser (reflect/passkey_web.py): options from the
server, then the authenticator's answer. Each challenge is kept in the database for the
session that asked for it, is used once (taken before it is checked) and lasts five minutes,
so any replica can serve either step and no answer can be replayed.

Adding a passkey needs the own key open (signed in and unlocked); its second step asks the new
passkey once more, to get the PRF output the wrap needs. The passphrase (or password) always
stays: a passkey is offered beside it, never in its place.
"""

from __future__ import annotations

import base64
import json
import os
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from reflect import own_key, runtime
from reflect.ledger import DecisionKind
from reflect.logs import event
from reflect.models import OwnKeyWrap, Passkey, PasskeyChallenge, Person, utcnow
from reflect.services import audit, own_keys
from reflect.services.access import Actor, Permission, ensure
from reflect.services.errors import PrivateLocked, Refused
from reflect.text import clean_text

CHALLENGE_LIFETIME = timedelta(minutes=5)
TIMEOUT_MS = 120_000
PRF_BYTES = 32
NAME_MAX = 60
DERIVATION = "webauthn-prf;hkdf-sha256"

ADD, PROVE, UNLOCK = "add", "prove", "unlock"

NOT_OFFERED = (
    "Passkeys aren't set up on this Reflect yet, so please use your passphrase. Your admin can turn them on."
)
EXPIRED = (
    "That passkey request had expired or was already used, so nothing was changed. Please try again: "
    "each request lasts five minutes."
)
NOT_CHECKED = (
    "Your passkey's answer couldn't be checked, so nothing was changed. Please try again, or use your passphrase."
)
NO_PRF = (
    "This browser or passkey can't give Reflect the key it needs (the PRF extension), so it can't open your "
    "private notes. Your passphrase still works. Current Chrome and Edge, and Safari 18 or later, usually can."
)
DOES_NOT_OPEN = (
    "That passkey didn't open your private notes. It may be one you removed, or one added before you started "
    "afresh. Please use your passphrase; you can add this passkey again once your notes are open."
)
FOR_PASSPHRASES = (
    "A passkey opens your private notes in place of the passphrase you use with your organisation's sign-in. "
    "Your Reflect password opens them already, so there is nothing for a passkey to do here yet."
)
NEEDS_PASSPHRASE = "To add a passkey, please enter your passphrase as well: the one that opens your private notes."
WRONG_PASSPHRASE = "That passphrase doesn't match, so no passkey was added. Please check it and try again."
COUNTER_BACK = (
    "This passkey's use count went backwards, which can mean it was copied. To be safe it wasn't used. "
    "Please unlock with your passphrase, and think about removing this passkey."
)


class PasskeyRefused(Refused):
    """A passkey step turned down; the message says why, kindly, and the passphrase stays."""


@dataclass(frozen=True)
class PasskeyInfo:
    public_id: str
    name: str
    created_at: datetime
    last_used_at: datetime | None


@dataclass(frozen=True)
class Ceremony:
    """What the browser needs for one step: the id to send back and WebAuthn's options (JSON)."""

    id: str
    options: dict[str, Any]


@dataclass(frozen=True)
class _Taken:
    challenge: bytes
    name: str | None
    credential_id: bytes | None
    public_key: bytes | None
    sign_count: int | None
    prf_salt: bytes | None


def offered() -> bool:
    """Whether this Reflect offers passkeys: it knows the address people reach it at."""
    return runtime.current().settings.public_address is not None


def offered_to(*, by: Actor) -> bool:
    """Whether the person may add a passkey: passkeys are offered here, and a passphrase (single
    sign-on) opens their notes. A password opens them at sign-in already."""
    ensure(by, Permission.USE_APP)
    if not offered():
        return False
    with runtime.current().db.read() as session:
        return _uses_passphrase(session, by.person_id)


def _uses_passphrase(session: Session, person_id: int) -> bool:
    return session.get(OwnKeyWrap, (person_id, own_keys.PASSPHRASE)) is not None


def _party() -> tuple[str, str]:
    settings = runtime.current().settings
    if settings.public_address is None or settings.passkey_rp_id is None:
        raise PasskeyRefused(NOT_OFFERED)
    return settings.passkey_rp_id, settings.public_address


def _require_session(by: Actor) -> str:
    if by.session_token_hash is None:
        raise PasskeyRefused(NOT_OFFERED)
    return by.session_token_hash


def _begin(session: Session, token_hash: str, purpose: str, challenge: bytes, **pending: Any) -> str:
    """Keep a challenge for this session; every expired one (anyone's) goes."""
    now = utcnow()
    session.execute(delete(PasskeyChallenge).where(PasskeyChallenge.expires_at < now))
    row = PasskeyChallenge(token_hash=token_hash, purpose=purpose, challenge=challenge, expires_at=now + CHALLENGE_LIFETIME, **pending)
    session.add(row)
    session.flush()
    return row.public_id


def _take(by: Actor, ceremony: str, purpose: str) -> _Taken:
    """The challenge of this session's step, taken out so it can never be used again.

    Raises:
        PasskeyRefused: no such step for this session, or it expired.
    """
    token_hash = _require_session(by)
    with runtime.current().db.write(by=by) as session:
        row = session.get(PasskeyChallenge, str(ceremony))
        if row is None or row.token_hash != token_hash or row.purpose != purpose:
            event("passkey.unknown_challenge", person=by.person_id)
            raise PasskeyRefused(EXPIRED)
        taken = _Taken(row.challenge, row.name, row.credential_id, row.public_key, row.sign_count, row.prf_salt)
        expired = row.expires_at < utcnow()
        # Taken by this statement alone: an answer sent twice at once finds it gone the second time.
        if session.execute(delete(PasskeyChallenge).where(PasskeyChallenge.public_id == row.public_id)).rowcount != 1:
            raise PasskeyRefused(EXPIRED)
    if expired:
        event("passkey.expired_challenge", person=by.person_id)
        raise PasskeyRefused(EXPIRED)
    return taken


# py_webauthn (with cbor2, pyOpenSSL and pyasn1, about 7 MB) is loaded by the first ceremony,
# not by every page that lists a person's passkeys.
def _webauthn():
    import webauthn

    return webauthn


def _algorithms() -> list:
    """ES256 first (every passkey provider), then EdDSA and RS256 (Windows Hello)."""
    from webauthn.helpers.cose import COSEAlgorithmIdentifier

    return [COSEAlgorithmIdentifier.ECDSA_SHA_256, COSEAlgorithmIdentifier.EDDSA, COSEAlgorithmIdentifier.RSASSA_PKCS1_v1_5_SHA_256]


def _refusals() -> tuple[type[Exception], ...]:
    """What a bad answer from the browser raises while it is checked."""
    from webauthn.helpers.exceptions import WebAuthnException

    return (WebAuthnException, ValueError, KeyError, TypeError)


def _base64url(value: bytes) -> str:
    """Base64url without padding, as WebAuthn writes bytes in JSON."""
    return base64.urlsafe_b64encode(value).decode("ascii").rstrip("=")


def _options(options: Any) -> dict[str, Any]:
    return json.loads(_webauthn().options_to_json(options))


def _get_options(challenge: bytes, rp_id: str, allow: list[bytes], prf: dict[str, Any]) -> dict[str, Any]:
    return {
        "challenge": _base64url(challenge),
        "rpId": rp_id,
        "timeout": TIMEOUT_MS,
        "allowCredentials": [{"type": "public-key", "id": _base64url(c)} for c in allow],
        "userVerification": "required",
        "extensions": {"prf": prf},
    }


def _without_prf_results(credential: Any) -> dict[str, Any]:
    """The browser's credential without any PRF output it might carry (that never leaves here)."""
    if not isinstance(credential, dict):
        raise PasskeyRefused(NOT_CHECKED)
    return {k: v for k, v in credential.items() if k != "clientExtensionResults"}


def _prf_output(value: Any) -> bytes:
    if not isinstance(value, bytes | bytearray) or len(value) != PRF_BYTES:
        raise PasskeyRefused(NO_PRF)
    return bytes(value)


def _wrap_context(person: Person, passkey: Passkey) -> bytes:
    return own_key.wrap_context(passkey.wrap_kind, person.public_id)


# --- adding a passkey ---------------------------------------------------------------------


def begin_adding(*, by: Actor, name: str, passphrase: str = "") -> Ceremony:
    """The first step of adding a passkey: options for `navigator.credentials.create`, asking
    for the PRF extension. The person's passphrase is asked for first: a passkey opens their
    private notes in later sessions, so a live session alone (a stolen cookie, a screen left
    unlocked) must not be enough to add one.

    Raises:
        PrivateLocked: the own key is locked in this session (a passkey wraps it, so it must be open).
        PasskeyRefused: passkeys aren't offered, the person unlocks with a password (which
            opens their notes at sign-in), the name is empty or too long, or the passphrase
            is missing or not theirs.
    """
    ensure(by, Permission.USE_APP)
    if by.own_key is None:
        raise PrivateLocked()
    rp_id, _origin = _party()
    token_hash = _require_session(by)
    name = clean_text(name or "").strip()
    if not name or len(name) > NAME_MAX:
        raise PasskeyRefused(f"Please give this passkey a name of up to {NAME_MAX} characters, such as \"work laptop\".")
    if not own_keys.unlocks_with_passphrase(by=by):
        raise PasskeyRefused(FOR_PASSPHRASES)
    if not own_keys.is_their_secret(by=by, secret=passphrase):
        event("passkey.passphrase_refused", person=by.person_id, given=bool(passphrase))
        raise PasskeyRefused(WRONG_PASSPHRASE if passphrase else NEEDS_PASSPHRASE)
    with runtime.current().db.write(by=by) as session:
        if not _uses_passphrase(session, by.person_id):
            raise PasskeyRefused(FOR_PASSPHRASES)
        person = session.get(Person, by.person_id)
        existing = session.scalars(select(Passkey.credential_id).where(Passkey.person_id == person.id)).all()
        from webauthn.helpers.structs import (
            AuthenticatorSelectionCriteria, PublicKeyCredentialDescriptor, ResidentKeyRequirement, UserVerificationRequirement,
        )

        options = _webauthn().generate_registration_options(
            rp_id=rp_id, rp_name="Reflect", user_name=person.email or person.public_id, user_id=person.public_id.encode(),
            user_display_name=person.name, timeout=TIMEOUT_MS, supported_pub_key_algs=_algorithms(),
            exclude_credentials=[PublicKeyCredentialDescriptor(id=c) for c in existing],
            authenticator_selection=AuthenticatorSelectionCriteria(
                resident_key=ResidentKeyRequirement.PREFERRED, user_verification=UserVerificationRequirement.REQUIRED,
            ),
        )
        ceremony = _begin(session, token_hash, ADD, options.challenge, name=name)
    return Ceremony(ceremony, {**_options(options), "extensions": {"prf": {}}})


def register(*, by: Actor, ceremony: str, credential: Any) -> Ceremony:
    """The second step: check the new passkey (`navigator.credentials.create`'s answer) and
    ask it once more, with its own salt, for the PRF output its wrap needs.

    Raises:
        PasskeyRefused: the step expired or was used, the answer doesn't check, the passkey is
            already added, or it says it has no PRF.
    """
    ensure(by, Permission.USE_APP)
    rp_id, origin = _party()
    taken = _take(by, ceremony, ADD)
    if isinstance(credential, dict) and (credential.get("clientExtensionResults") or {}).get("prf", {}).get("enabled") is False:
        event("passkey.no_prf", person=by.person_id)
        raise PasskeyRefused(NO_PRF)
    webauthn, refusals = _webauthn(), _refusals()
    try:
        verified = webauthn.verify_registration_response(
            credential=_without_prf_results(credential), expected_challenge=taken.challenge, expected_rp_id=rp_id,
            expected_origin=origin, require_user_verification=True, supported_pub_key_algs=_algorithms(),
        )
    except refusals:
        event("passkey.registration_refused", person=by.person_id)
        raise PasskeyRefused(NOT_CHECKED) from None
    salt, challenge = os.urandom(PRF_BYTES), os.urandom(32)
    with runtime.current().db.write(by=by) as session:
        if session.scalar(select(Passkey.id).where(Passkey.credential_id == verified.credential_id)) is not None:
            raise PasskeyRefused("This passkey is added already: it is in your list of passkeys.")
        step = _begin(
            session, _require_session(by), PROVE, challenge, name=taken.name, credential_id=verified.credential_id,
            public_key=verified.credential_public_key, sign_count=verified.sign_count, prf_salt=salt,
        )
    prf = {"eval": {"first": _base64url(salt)}}
    return Ceremony(step, _get_options(challenge, rp_id, [verified.credential_id], prf))


def finish_adding(*, by: Actor, ceremony: str, credential: Any, prf_output: bytes) -> PasskeyInfo:
    """The last step: check the new passkey's signature, then wrap the own key by the key its
    PRF output gives. From now on the passkey opens the own key.

    Raises:
        PrivateLocked: the own key was locked meanwhile.
        PasskeyRefused: the step expired or was used, the answer doesn't check, or no PRF output.
    """
    ensure(by, Permission.USE_APP)
    if by.own_key is None:
        raise PrivateLocked()
    rp_id, origin = _party()
    taken = _take(by, ceremony, PROVE)
    prf = _prf_output(prf_output)
    sign_count = _verify(by, credential, taken.challenge, rp_id, origin, taken.credential_id, taken.public_key, taken.sign_count)
    with runtime.current().db.write(by=by) as session:
        person = session.get(Person, by.person_id)
        passkey = Passkey(
            person_id=person.id, credential_id=taken.credential_id, public_key=taken.public_key, sign_count=sign_count,
            name=taken.name, prf_salt=taken.prf_salt, last_used_at=utcnow(),
        )
        session.add(passkey)
        session.flush()
        wrapped = own_key.wrap(own_key.passkey_key(prf), by.own_key, _wrap_context(person, passkey))
        session.add(OwnKeyWrap(person_id=person.id, kind=passkey.wrap_kind, salt=taken.prf_salt, derivation=DERIVATION, wrapped=wrapped))
        audit.record(session, by=by, action="passkey_added", subject_id=person.id, object_type="passkey", object_id=passkey.id)
        info = PasskeyInfo(passkey.public_id, passkey.name, passkey.created_at, passkey.last_used_at)
    event("passkey.added", person=by.person_id)
    return info


def _verify(
    by: Actor, credential: Any, challenge: bytes, rp_id: str, origin: str, credential_id: bytes | None, public_key: bytes | None,
    sign_count: int | None,
) -> int:
    """Check an assertion from this passkey over this challenge. Returns its new use count.

    Raises:
        PasskeyRefused: from another passkey, another site, a wrong signature, or a count gone back.
    """
    cleaned = _without_prf_results(credential)
    webauthn, refusals = _webauthn(), _refusals()
    try:
        if credential_id is None or public_key is None or webauthn.base64url_to_bytes(str(cleaned.get("rawId", ""))) != credential_id:
            raise PasskeyRefused(NOT_CHECKED)
        verified = webauthn.verify_authentication_response(
            credential=cleaned, expected_challenge=challenge, expected_rp_id=rp_id, expected_origin=origin,
            credential_public_key=public_key, credential_current_sign_count=sign_count or 0, require_user_verification=True,
        )
    except refusals as exc:
        counted_back = "sign count" in str(exc)
        event("passkey.assertion_refused", person=by.person_id, counter=counted_back)
        raise PasskeyRefused(COUNTER_BACK if counted_back else NOT_CHECKED) from None
    return verified.new_sign_count


# --- unlocking with a passkey -------------------------------------------------------------


def has_passkeys(*, by: Actor) -> bool:
    """Whether the person has a passkey that can open their own key (and passkeys are offered)."""
    ensure(by, Permission.USE_APP)
    if not offered():
        return False
    with runtime.current().db.read() as session:
        return session.scalar(select(Passkey.id).where(Passkey.person_id == by.person_id).limit(1)) is not None


def begin_unlock(*, by: Actor) -> Ceremony:
    """Options for `navigator.credentials.get`: the person's passkeys, each with its own salt.

    Raises:
        PasskeyRefused: passkeys aren't offered, or the person has none.
    """
    ensure(by, Permission.USE_APP)
    rp_id, _origin = _party()
    with runtime.current().db.write(by=by) as session:
        rows = session.execute(select(Passkey.credential_id, Passkey.prf_salt).where(Passkey.person_id == by.person_id)).all()
        if not rows:
            raise PasskeyRefused("You haven't added a passkey yet, so please use your passphrase.")
        challenge = os.urandom(32)
        ceremony = _begin(session, _require_session(by), UNLOCK, challenge)
    prf = {"evalByCredential": {_base64url(c): {"first": _base64url(s)} for c, s in rows}}
    return Ceremony(ceremony, _get_options(challenge, rp_id, [c for c, _ in rows], prf))


def unlock(*, by: Actor, ceremony: str, credential: Any, prf_output: bytes) -> None:
    """Open the own key with a passkey and keep it for this session, as the passphrase does.

    Raises:
        PasskeyRefused: the step expired or was used, the passkey isn't one of the person's (or
            was removed), the answer doesn't check, or its PRF output doesn't open the wrap.
    """
    ensure(by, Permission.USE_APP)
    rp_id, origin = _party()
    taken = _take(by, ceremony, UNLOCK)
    prf = _prf_output(prf_output)
    try:
        raw_id = _webauthn().base64url_to_bytes(str(_without_prf_results(credential).get("rawId", "")))
    except ValueError:
        raise PasskeyRefused(NOT_CHECKED) from None
    with runtime.current().db.read() as session:
        passkey = session.scalar(select(Passkey).where(Passkey.person_id == by.person_id, Passkey.credential_id == raw_id))
        if passkey is None:
            event("passkey.unknown", person=by.person_id)
            raise PasskeyRefused(DOES_NOT_OPEN)
        passkey_id, public_key, sign_count = passkey.id, passkey.public_key, passkey.sign_count
    new_count = _verify(by, credential, taken.challenge, rp_id, origin, raw_id, public_key, sign_count)
    with runtime.current().db.write(by=by) as session:
        person = session.get(Person, by.person_id)
        passkey = session.get(Passkey, passkey_id)
        wrap = session.get(OwnKeyWrap, (person.id, passkey.wrap_kind)) if passkey is not None else None
        if passkey is None or wrap is None or (passkey.sign_count and new_count and new_count <= passkey.sign_count):
            raise PasskeyRefused(DOES_NOT_OPEN if passkey is None or wrap is None else COUNTER_BACK)
        key = own_key.unwrap(own_key.passkey_key(prf), wrap.wrapped, _wrap_context(person, passkey))
        if key is None:
            event("passkey.does_not_open", person=by.person_id)
            raise PasskeyRefused(DOES_NOT_OPEN)
        passkey.sign_count, passkey.last_used_at = new_count, utcnow()
        own_keys.keep_for_session(session, by, key)
        audit.record(session, by=by, action="passkey_unlocked", subject_id=person.id, object_type="passkey", object_id=passkey.id)
    event("own_key.unlocked", person=by.person_id, passkey=True)


# --- the person's passkeys ----------------------------------------------------------------


def mine(*, by: Actor) -> list[PasskeyInfo]:
    """The acting person's passkeys, oldest first (names and dates only)."""
    ensure(by, Permission.USE_APP)
    with runtime.current().db.read() as session:
        rows = session.scalars(select(Passkey).where(Passkey.person_id == by.person_id).order_by(Passkey.id)).all()
        return [PasskeyInfo(r.public_id, r.name, r.created_at, r.last_used_at) for r in rows]


def remove(*, by: Actor, public_id: str) -> bool:
    """Remove one of the acting person's passkeys and its wrap of their own key: it opens
    nothing from now on, and a restore from an older backup removes it again. Returns whether
    one was removed."""
    ensure(by, Permission.USE_APP)
    with runtime.current().db.write(by=by) as session:
        passkey = session.scalar(select(Passkey).where(Passkey.person_id == by.person_id, Passkey.public_id == str(public_id)))
        if passkey is None:
            return False
        runtime.current().ledger.record(DecisionKind.PASSKEY_REMOVED, [passkey.public_id], at=utcnow())
        forget(session, [passkey])
        audit.record(session, by=by, action="passkey_removed", subject_id=by.person_id, object_type="passkey", object_id=passkey.id)
    event("passkey.removed", person=by.person_id)
    return True


def forget(session: Session, passkeys: list[Passkey]) -> int:
    """Delete these passkeys and their wraps of the own key, inside the caller's unit of work
    (removal, and a restore applying removals again). Returns how many went."""
    for passkey in passkeys:
        session.execute(delete(OwnKeyWrap).where(OwnKeyWrap.person_id == passkey.person_id, OwnKeyWrap.kind == passkey.wrap_kind))
        session.delete(passkey)
    session.flush()
    return len(passkeys)
