"""Start-up checks that tie the key file to its database, the keystore's and the decision
ledger's upkeep.

Run before the runtime is published, so they take the database and key explicitly.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Select, exists, select, update
from sqlalchemy.orm import Session

from reflect.config import ConfigError
from reflect.crypto import KeyUnavailable, ServerKey
from reflect.db import Database, insert_if_absent
from reflect.keystore import Keystore, contributor_key_name, person_key_name
from reflect.ledger import DecisionKind, DecisionLedger
from reflect.logs import event
from reflect.models import Installation, Person, PersonKey, utcnow
from reflect.models.register import RegisterContributor

_MOVE_BATCH = 500


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
        sample = session.scalars(select(PersonKey).where(PersonKey.key_name.is_(None)).limit(1)).first()
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


def move_keys_to_keystore(db: Database, server_key: ServerKey, keystore: Keystore) -> int:
    """Move every data key still wrapped by the server key under a keystore key of its own.

    In batches: the batch's keystore keys are made and on disk (or in the key service) first,
    then the rows are rewrapped in one transaction. A crash between the two leaves the rows as
    they were, and the next start finds the keys made already and uses them, so no key is lost.
    Several replicas may run this at once: each row changes only while it still has no key name.
    Returns how many keys were moved.
    """
    moved = 0
    for model, owner, context in (
        (PersonKey, PersonKey.person_id, lambda owner: owner),
        # The context `register.index` wrapped a contributor's key under before the keystore.
        (RegisterContributor, RegisterContributor.id, lambda owner: f"register-contributor-{owner}"),
    ):
        name_of = person_key_name if model is PersonKey else contributor_key_name
        public = Person.public_id if model is PersonKey else RegisterContributor.public_id
        while True:
            with db.write(check_session=False) as session:
                query = select(owner, model.wrapped_key, public).where(model.key_name.is_(None)).limit(_MOVE_BATCH)
                if model is PersonKey:
                    query = query.join(Person, Person.id == PersonKey.person_id)
                rows = session.execute(query).all()
                if not rows:
                    break
                names = {row[0]: name_of(row[2]) for row in rows}
                keystore.create(list(names.values()))
                data_keys = {}
                for row_owner, wrapped, _public in rows:
                    try:
                        data_keys[names[row_owner]] = server_key.unwrap(wrapped, context(row_owner))
                    except KeyUnavailable:
                        raise ConfigError(
                            "A data key in the database does not open with this key file: put back the key "
                            "file this database was made with."
                        ) from None
                rewrapped = keystore.wrap(data_keys)
                for row_owner, _wrapped, _public in rows:
                    name = names[row_owner]
                    session.execute(
                        update(model)
                        .where(owner == row_owner, model.key_name.is_(None))
                        .values(wrapped_key=rewrapped[name], key_name=name)
                    )
                moved += len(rows)
    if moved:
        event("keystore.keys_moved", keys=moved)
    return moved


def prune_keystore(db: Database, keystore: Keystore, ledger: DecisionLedger) -> int:
    """Destroy every keystore key that belongs to an erasure or a withdrawn consent.

    A keystore put back from its own backup holds keys destroyed since; the decision ledger
    names them. A key is destroyed when the ledger names it and the database holds no live
    record for it (an account the database still has live is left to the restore, which
    erases it and then prunes again), and whenever the database says its person is erased.
    Returns how many keys were destroyed.
    """
    held = keystore.names()
    if not held:
        return 0
    decided: dict[DecisionKind, set[str]] = {DecisionKind.PERSON_ERASED: set(), DecisionKind.CONSENT_WITHDRAWN: set()}
    for decision in ledger.decisions():
        if decision.kind in decided:
            decided[decision.kind].add(decision.public_id)
    people = {person_key_name(p): p for p in decided[DecisionKind.PERSON_ERASED]}
    contributors = {contributor_key_name(c): c for c in decided[DecisionKind.CONSENT_WITHDRAWN]}
    with db.read() as session:
        live_people = _present(session, select(Person.public_id).where(Person.erased_at.is_(None)), Person.public_id, people, held)
        live_contributors = _present(
            session, select(RegisterContributor.public_id), RegisterContributor.public_id, contributors, held
        )
        erased_here = {
            person_key_name(p) for p in session.scalars(select(Person.public_id).where(Person.erased_at.is_not(None)))
        }
    doomed = {n for n, p in people.items() if n in held and p not in live_people}
    doomed |= {n for n, c in contributors.items() if n in held and c not in live_contributors}
    doomed |= erased_here & held
    if doomed:
        keystore.delete(sorted(doomed))
        event("keystore.pruned", keys=len(doomed))
    return len(doomed)


def _present(session: Session, query: Select, column: Any, candidates: dict[str, str], held: set[str]) -> set[str]:
    wanted = [public for name, public in candidates.items() if name in held]
    found: set[str] = set()
    for start in range(0, len(wanted), _MOVE_BATCH):
        found |= set(session.scalars(query.where(column.in_(wanted[start : start + _MOVE_BATCH]))))
    return found
