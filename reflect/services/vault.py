"""Sealing and opening free text with each person's data key, inside one unit of work."""

from __future__ import annotations

from collections.abc import Iterable

from cryptography.exceptions import InvalidTag
from sqlalchemy import select
from sqlalchemy.orm import Session

from reflect.crypto import KeyUnavailable, SealedText, ServerKey, seal, unseal
from reflect.models import PersonKey


class Vault:
    """Holds the data keys unwrapped during one unit of work, and no longer.

    Keys are never cached across requests: an erasure on one replica must take effect
    on every other replica at once. One request that reads in several short transactions
    (a download, chunk by chunk) keeps its keys with `within`, and each of its reads still
    leaves out the entries of anyone erased meanwhile.
    """

    def __init__(self, session: Session, server_key: ServerKey, keys: dict[int, bytes | None] | None = None):
        self._session = session
        self._server_key = server_key
        self._keys: dict[int, bytes | None] = {} if keys is None else keys

    def within(self, session: Session) -> Vault:
        """This vault's keys, used in another transaction of the same request."""
        return Vault(session, self._server_key, self._keys)

    def create_key(self, person_id: int) -> None:
        self._session.add(PersonKey(person_id=person_id, wrapped_key=self._server_key.new_wrapped_key(person_id)))

    def seal(self, owner_id: int, text: str) -> SealedText:
        """Raises:
        KeyUnavailable: the owner has no data key (erased).
        """
        key = self._key(owner_id)
        if key is None:
            raise KeyUnavailable(f"person {owner_id} has no data key")
        return seal(key, owner_id, text)

    def seal_optional(self, owner_id: int, text: str | None) -> SealedText | None:
        return None if text is None or text == "" else self.seal(owner_id, text)

    def open(self, sealed: SealedText | None) -> str | None:
        """The plaintext, or None when there is none or the owner's key was destroyed."""
        if sealed is None:
            return None
        key = self._key(sealed.owner_id)
        if key is None:
            return None
        try:
            return unseal(key, sealed)
        except InvalidTag:
            return None

    def preload(self, sealed_values: Iterable[SealedText | None]) -> None:
        """Fetch every owner's key in one query before opening many values."""
        wanted = {s.owner_id for s in sealed_values if s is not None} - self._keys.keys()
        if not wanted:
            return
        found = dict(
            self._session.execute(select(PersonKey.person_id, PersonKey.wrapped_key).where(PersonKey.person_id.in_(wanted))).all()
        )
        for person_id in wanted:
            self._keys[person_id] = self._unwrap(person_id, found.get(person_id))

    def _key(self, person_id: int) -> bytes | None:
        if person_id not in self._keys:
            wrapped = self._session.get(PersonKey, person_id)
            self._keys[person_id] = self._unwrap(person_id, wrapped.wrapped_key if wrapped else None)
        return self._keys[person_id]

    def _unwrap(self, person_id: int, wrapped: bytes | None) -> bytes | None:
        if wrapped is None:
            return None
        try:
            return self._server_key.unwrap(wrapped, person_id)
        except KeyUnavailable:
            return None
