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
from reflect.keystore import FileKeystore, Keystore, MovingKeystore, contributor_key_name, person_key_name
from reflect.ledger import DecisionKind, DecisionLedger
from reflect.logs import event
from reflect.models import Installation, Person, PersonKey, utcnow
from reflect.models.register import RegisterContributor

_MOVE_BATCH = 500


def open_server_key(db: Database, path: Path, keystore_file: Path | None = None) -> ServerKey:
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
        if keystore_file is not None and not FileKeystore(keystore_file, key).opens():
            raise ConfigError(wrong)
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
    """Move every data key that is not yet under `keystore` into it: keys from before the
    keystore (wrapped by the server key on their row) and, when a key service has taken over
    from the file keystore (a `MovingKeystore`), the file's keys. The file keeps its copies,
    so a backup from before the move still opens; erasure destroys a key in both.

    In batches: the batch's new keystore keys are made and durable first, then the rows are
    rewrapped in one transaction. A crash between the two leaves the rows as they were, and the
    next start finds the keys made already and uses them, so no key is lost. Several replicas
    may run this at once: a row changes only while it still holds what was read. A key that
    does not open (damaged) is left as it is. Returns how many keys were moved.
    """
    earlier = keystore.earlier if isinstance(keystore, MovingKeystore) else None
    moved = 0
    for model in (PersonKey, RegisterContributor):
        owner = PersonKey.person_id if model is PersonKey else RegisterContributor.id
        after = 0
        while True:
            with db.write(check_session=False) as session:
                query = select(owner, model.wrapped_key, model.key_name).where(owner > after).order_by(owner).limit(_MOVE_BATCH)
                query = query.where(model.key_name.is_(None)) if earlier is None else query
                rows = session.execute(query).all()
                if not rows:
                    break
                after = rows[-1][0]
                opened = _open_elsewhere(session, model, rows, server_key, keystore, earlier)
                if not opened:
                    continue
                keystore.create([name for name, _ in opened.values()])
                rewrapped = keystore.wrap(dict(opened.values()))
                for row_owner, wrapped, key_name in rows:
                    if row_owner not in opened:
                        continue
                    name = opened[row_owner][0]
                    held = model.key_name.is_(None) if key_name is None else model.key_name == key_name
                    session.execute(
                        update(model)
                        .where(owner == row_owner, held, model.wrapped_key == wrapped)
                        .values(wrapped_key=rewrapped[name], key_name=name)
                    )
                moved += len(opened)
    if moved:
        event("keystore.keys_moved", keys=moved)
    return moved


def _open_elsewhere(
    session: Session, model: Any, rows: list[Any], server_key: ServerKey, keystore: Keystore, earlier: Keystore | None
) -> dict[int, tuple[str, bytes]]:
    """For each row not yet under `keystore`: its keystore key name and its data key, opened."""
    opened: dict[int, tuple[str, bytes]] = {}
    from_earlier: dict[str, tuple[int, bytes]] = {}
    legacy = [r for r in rows if r[2] is None]
    public = _public_ids(session, model, [r[0] for r in legacy])
    for row_owner, wrapped, key_name in rows:
        if key_name is None:
            # The context each kind of key was wrapped under before the keystore.
            context: int | str = row_owner if model is PersonKey else f"register-contributor-{row_owner}"
            try:
                data_key = server_key.unwrap(wrapped, context)
            except KeyUnavailable:
                continue
            name = (person_key_name if model is PersonKey else contributor_key_name)(public[row_owner])
            opened[row_owner] = (name, data_key)
        elif earlier is not None and not keystore.holds_wrapping(wrapped):
            from_earlier[key_name] = (row_owner, wrapped)
    if earlier is not None and from_earlier:
        keys = earlier.unwrap({name: wrapped for name, (_, wrapped) in from_earlier.items()})
        for name, data_key in keys.items():
            if data_key is not None:
                opened[from_earlier[name][0]] = (name, data_key)
    return opened


def _public_ids(session: Session, model: Any, owners: list[int]) -> dict[int, str]:
    if not owners:
        return {}
    if model is PersonKey:
        return dict(session.execute(select(Person.id, Person.public_id).where(Person.id.in_(owners))).all())
    return dict(
        session.execute(select(RegisterContributor.id, RegisterContributor.public_id).where(RegisterContributor.id.in_(owners))).all()
    )


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
