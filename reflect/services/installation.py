"""Start-up checks that tie the key file to its database, and the decision ledger's upkeep.

Run before the runtime is published, so they take the database and key explicitly.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import exists, select

from reflect.config import ConfigError
from reflect.crypto import KeyUnavailable, ServerKey
from reflect.db import Database, insert_if_absent
from reflect.ledger import DecisionKind, DecisionLedger
from reflect.models import Installation, Person, PersonKey, utcnow


def open_server_key(db: Database, path: Path) -> ServerKey:
    """The server key for this database, made only for a database that holds nobody yet.

    A database remembers the fingerprint of the key it was made with; a missing or different
    key file stops start-up rather than leave every entry unreadable and every save failing.

    Raises:
        ConfigError: the key file is missing, or is not this database's key.
    """
    with db.read() as session:
        stored = session.scalar(select(Installation.key_fingerprint).where(Installation.id == 1))
        has_people = bool(session.scalar(select(exists().where(Person.id.is_not(None)))))
    if not path.exists() and (stored is not None or has_people):
        raise ConfigError(
            f"The server key file {path} is missing, and this database's entries can only be read with it: "
            "put the key file back from your key backup (Reflect makes a new key only for an empty database)."
        )
    key = ServerKey.load_or_create(path)
    wrong = (
        f"The key file {path} is not the key this database was made with: "
        "put back the right key file from your key backup."
    )
    if stored is not None:
        if stored != key.fingerprint():
            raise ConfigError(wrong)
        return key
    with db.write() as session:
        sample = session.scalars(select(PersonKey).limit(1)).first()
        if sample is not None:
            try:
                key.unwrap(sample.wrapped_key, sample.person_id)
            except KeyUnavailable:
                raise ConfigError(wrong) from None
        insert_if_absent(session, Installation, id=1, key_fingerprint=key.fingerprint(), created_at=utcnow())
    return key


def import_legacy_erasures(db: Database, legacy: Path, ledger: DecisionLedger) -> int:
    """Carry an older ledger of integer person ids into the decision ledger, once.

    Integer ids can be handed out again, so they are read against this database as it is
    now: only an id whose account is erased here is carried over, by its public id. The old
    file is then renamed so it is never read again. Returns how many were carried over.
    """
    if not legacy.exists():
        return 0
    ids = {int(part) for part in legacy.read_text().split() if part.strip().isdigit()}
    with db.read() as session:
        public_ids = session.scalars(
            select(Person.public_id).where(Person.id.in_(sorted(ids)), Person.erased_at.is_not(None))
        ).all() if ids else []
    ledger.record(DecisionKind.PERSON_ERASED, public_ids)
    legacy.rename(legacy.with_name(legacy.name + ".imported"))
    return len(public_ids)
