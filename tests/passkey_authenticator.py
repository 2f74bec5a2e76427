"""A software passkey for tests: an ES256 key answering WebAuthn ceremonies as a browser and
authenticator together would, with attestation "none" and the PRF extension (hmac-secret)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import struct

import cbor2
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec

from reflect import runtime
from reflect.models import Person
from reflect.own_key import DEMO_ONLY
from reflect.services import own_keys, passkeys
from tests.factories import OWN_KEYS

UP, UV, AT = 0x01, 0x04, 0x40


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class SoftPasskey:
    """One passkey on one authenticator. `origin` is the page the browser says it ran on."""

    def __init__(self, origin: str, *, rp_id: str | None = None) -> None:
        self.origin = origin
        self.rp_id = rp_id
        self.key = ec.generate_private_key(ec.SECP256R1())
        self.credential_id = os.urandom(32)
        self.prf_secret = os.urandom(32)
        self.sign_count = 0

    def _client_data(self, kind: str, challenge: str) -> bytes:
        return json.dumps({"type": kind, "challenge": challenge, "origin": self.origin, "crossOrigin": False}).encode()

    def _auth_data(self, rp_id: str, flags: int, extra: bytes = b"") -> bytes:
        return hashlib.sha256(rp_id.encode()).digest() + bytes([flags]) + struct.pack(">I", self.sign_count) + extra

    def prf(self, salt: bytes) -> bytes:
        """As browsers do: the salt is hashed with a WebAuthn label before hmac-secret sees it."""
        return hmac.new(self.prf_secret, hashlib.sha256(b"WebAuthn PRF\x00" + salt).digest(), hashlib.sha256).digest()

    def create(self, options: dict) -> dict:
        """navigator.credentials.create's answer to these options (JSON, as the browser sends it)."""
        numbers = self.key.public_key().public_numbers()
        cose = cbor2.dumps({1: 2, 3: -7, -1: 1, -2: numbers.x.to_bytes(32, "big"), -3: numbers.y.to_bytes(32, "big")})
        attested = bytes(16) + struct.pack(">H", len(self.credential_id)) + self.credential_id + cose
        auth_data = self._auth_data(self.rp_id or options["rp"]["id"], UP | UV | AT, attested)
        attestation = cbor2.dumps({"fmt": "none", "attStmt": {}, "authData": auth_data})
        return {
            "id": b64url(self.credential_id), "rawId": b64url(self.credential_id), "type": "public-key",
            "response": {
                "clientDataJSON": b64url(self._client_data("webauthn.create", options["challenge"])),
                "attestationObject": b64url(attestation),
                "transports": ["internal"],
            },
            "clientExtensionResults": {"prf": {"enabled": True}},
            "authenticatorAttachment": "platform",
        }

    def get(self, options: dict) -> tuple[dict, bytes]:
        """navigator.credentials.get's answer to these options, and the PRF output for this
        passkey's salt (from `eval` or `evalByCredential`), as the page sends them."""
        self.sign_count += 1
        client_data = self._client_data("webauthn.get", options["challenge"])
        auth_data = self._auth_data(self.rp_id or options["rpId"], UP | UV)
        signature = self.key.sign(auth_data + hashlib.sha256(client_data).digest(), ec.ECDSA(hashes.SHA256()))
        prf = options["extensions"]["prf"]
        salt = prf["eval"]["first"] if "eval" in prf else prf["evalByCredential"][b64url(self.credential_id)]["first"]
        credential = {
            "id": b64url(self.credential_id), "rawId": b64url(self.credential_id), "type": "public-key",
            "response": {
                "clientDataJSON": b64url(client_data), "authenticatorData": b64url(auth_data),
                "signature": b64url(signature), "userHandle": None,
            },
            "clientExtensionResults": {},
        }
        return credential, self.prf(unb64url(salt))


def add_passkey(by, passkey: SoftPasskey, name: str = "Work laptop", passphrase: str = "a passphrase only I know"):
    """Add this passkey for the acting person (own key open, `passphrase` theirs), as the ceremony page does."""
    start = passkeys.begin_adding(by=by, name=name, passphrase=passphrase)
    prove = passkeys.register(by=by, ceremony=start.id, credential=passkey.create(start.options))
    credential, prf = passkey.get(prove.options)
    return passkeys.finish_adding(by=by, ceremony=prove.id, credential=credential, prf_output=prf)


def give_passphrase(person_id: int, passphrase: str = "a passphrase only I know") -> None:
    """For a person made by tests/factories.py (their own key wrapped by their password): the
    same key wrapped by a single sign-on passphrase too, as for someone who signs in with their
    organisation, for whom passkeys are offered."""
    with runtime.current().db.write() as session:
        person = session.get(Person, person_id)
        own_keys.set_secret(session, person, own_keys.PASSPHRASE, OWN_KEYS[person_id], passphrase, DEMO_ONLY)
