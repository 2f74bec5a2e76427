"""Sealing and opening free text with each person's data key, inside one unit of work.

Two kinds of text, one seam:

- Team text (`seal`): register entries, approved learning notes, the approved biography, what
  the team reads when its author is away. Sealed with the person's data key, which the
  keystore opens.
- Private text (`seal_private`): the profile, quick checks, reflections and drafts, the
  Wellness at Work plan, "just me" supervision notes, revalidation notes. Sealed with the
  person's private data key, made from their own key (reflect/own_key.py), which only a
  session they signed in to holds. `open` tells the two apart by the sealed text's header.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from sqlalchemy import select
from sqlalchemy.orm import Session

from reflect import own_key, runtime
from reflect.crypto import KeyUnavailable, SealedText, ServerKey, seal, unseal
from reflect.keystore import Keystore, new_data_key, person_key_name
from reflect.models import PersonKey
from reflect.services.access import Actor
from reflect.services.errors import PrivateLocked


@dataclass(frozen=True)
class WrappedKey:
    """A data key as the database holds it: wrapped by the keystore key `key_name`, or, on a
    row from before the keystore (no name), by the server key."""

    owner: int
    wrapped: bytes
    key_name: str | None


def unwrap_keys(
    server_key: ServerKey, keystore: Keystore, rows: Iterable[WrappedKey], legacy_context: Callable[[int], int | str]
) -> dict[int, bytes | None]:
    """Open many wrapped data keys with one keystore call. None for a key that no longer opens."""
    opened: dict[int, bytes | None] = {}
    by_name: dict[str, bytes] = {}
    owner_of: dict[str, int] = {}
    for row in rows:
        if row.key_name is None:
            try:
                opened[row.owner] = server_key.unwrap(row.wrapped, legacy_context(row.owner))
            except KeyUnavailable:
                opened[row.owner] = None
        else:
            by_name[row.key_name] = row.wrapped
            owner_of[row.key_name] = row.owner
    for name, key in keystore.unwrap(by_name).items() if by_name else ():
        opened[owner_of[name]] = key
    return opened


def new_wrapped_key(keystore: Keystore, name: str) -> tuple[bytes, bytes]:
    """A new data key and its wrapping by a new keystore key called `name` (made durable first)."""
    keystore.create([name])
    data_key = new_data_key()
    return data_key, keystore.wrap({name: data_key})[name]


class Vault:
    """Holds the data keys unwrapped during one unit of work, and no longer.

    Keys are never cached across requests: an erasure on one replica must take effect
    on every other replica at once. One request that reads in several short transactions
    (a download, chunk by chunk) keeps its keys with `within`, and each of its reads still
    leaves out the entries of anyone erased meanwhile.
    """

    def __init__(
        self,
        session: Session,
        server_key: ServerKey,
        keys: dict[int, bytes | None] | None = None,
        *,
        keystore: Keystore | None = None,
        by: Actor | None = None,
    ):
        self._session = session
        self._server_key = server_key
        self._keystore = keystore if keystore is not None else runtime.current().keystore
        self._keys: dict[int, bytes | None] = {} if keys is None else keys
        self._by = by
        self._private: bytes | None = None

    def within(self, session: Session) -> Vault:
        """This vault's keys, used in another transaction of the same request."""
        return Vault(session, self._server_key, self._keys, keystore=self._keystore, by=self._by)

    def create_key(self, person_id: int, public_id: str) -> None:
        """Make the person's keystore key and data key. The keystore key is on disk (or in the
        key service) before this unit of work commits, so no saved row lacks its key."""
        name = person_key_name(public_id)
        data_key, wrapped = new_wrapped_key(self._keystore, name)
        self._session.add(PersonKey(person_id=person_id, wrapped_key=wrapped, key_name=name))
        self._keys[person_id] = data_key

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

    def seal_private(self, owner_id: int, text: str) -> SealedText:
        """Seal text its owner keeps to themselves: only the owner, signed in, can open it.

        Raises:
            PrivateLocked: the acting person is not the owner, or their own key is locked.
        """
        key = self._private_key(owner_id)
        if key is None:
            raise PrivateLocked()
        return seal(key, owner_id, text, private=True)

    def seal_private_optional(self, owner_id: int, text: str | None) -> SealedText | None:
        return None if text is None or text == "" else self.seal_private(owner_id, text)

    def seal_like(self, earlier: SealedText | None, owner_id: int, text: str) -> SealedText:
        """Seal a new version of a value the way its earlier version was (private unless the
        earlier one is team text, such as an entry shared with a supervisor)."""
        if earlier is not None and not earlier.is_private:
            return self.seal(owner_id, text)
        return self.seal_private(owner_id, text)

    @property
    def reader_id(self) -> int | None:
        """The person this vault acts for (None for the system)."""
        return None if self._by is None else self._by.person_id

    def private_unlocked(self, owner_id: int) -> bool:
        """Whether this vault can open and seal the owner's private text."""
        return self._private_key(owner_id) is not None

    def open(self, sealed: SealedText | None) -> str | None:
        """The plaintext, or None when there is none, the owner's key was destroyed, or it is
        private text and its owner's own key is not in this session."""
        if sealed is None:
            return None
        key = self._private_key(sealed.owner_id) if sealed.is_private else self._key(sealed.owner_id)
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
        self._fetch(wanted)

    def _private_key(self, person_id: int) -> bytes | None:
        """The acting person's private data key, made once per vault; None for anyone else's."""
        by = self._by
        if by is None or by.own_key is None or by.person_id != person_id:
            return None
        if self._private is None:
            data_key = self._key(person_id)
            if data_key is None:
                return None
            self._private = own_key.private_data_key(by.own_key, data_key)
        return self._private

    def _key(self, person_id: int) -> bytes | None:
        if person_id not in self._keys:
            self._fetch({person_id})
        return self._keys[person_id]

    def _fetch(self, person_ids: set[int]) -> None:
        rows = self._session.execute(
            select(PersonKey.person_id, PersonKey.wrapped_key, PersonKey.key_name).where(PersonKey.person_id.in_(person_ids))
        ).all()
        opened = unwrap_keys(self._server_key, self._keystore, (WrappedKey(*row) for row in rows), lambda owner: owner)
        for person_id in person_ids:
            self._keys[person_id] = opened.get(person_id)
