"""The process-wide pieces: settings, database, server key, keystore and decision ledger.

Started once per process (the app, the CLI, or a test), from environment variables.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from reflect import config
from reflect.audit_journal import AuditJournal
from reflect.crypto import ServerKey
from reflect.db import Database
from reflect.heap import settle_heap
from reflect.keystore import Keystore, KeystoreError, open_keystore
from reflect.ledger import DecisionLedger
from reflect.logs import event
from reflect.phrasing import PhrasingGuide
from reflect.questions import Catalogue, QuestionFileError, load_catalogue
from reflect.services import live_session


@dataclass
class Runtime:
    settings: config.Settings
    db: Database
    server_key: ServerKey
    ledger: DecisionLedger
    catalogue: Catalogue
    phrasing: PhrasingGuide
    keystore: Keystore

    @property
    def audit_journal(self) -> AuditJournal:
        """The audit journal and anchor, beside the key file and the decision ledger."""
        return AuditJournal(self.settings.audit_journal)


def load_questions(settings: config.Settings) -> Catalogue:
    """The shipped question sets, with the organisation's own folder added or replacing by id.

    Raises:
        ConfigError: a question file is wrong; one line per problem names the file, question and field.
    """
    try:
        return load_catalogue(config.SHIPPED_PROMPTS_DIR, settings.prompts_override_dir)
    except QuestionFileError as exc:
        raise config.ConfigError(f"Reflect cannot start because a question file needs fixing:\n{exc}") from exc


_lock = threading.Lock()
_current: Runtime | None = None


def start(settings: config.Settings | None = None, *, migrate: bool = True) -> Runtime:
    """Start (or restart) the runtime: open the database, apply migrations, check the key.

    Raises:
        ConfigError: a setting is wrong; the message says what to fix.
    """
    global _current
    with _lock:
        settings = settings or config.load()
        # Questions first: nothing starts half-loaded if a file is wrong.
        catalogue = load_questions(settings)
        # Every write, and every read that names the person acting, checks in its own unit of
        # work that they are still signed in.
        db = Database(settings.database_url, write_check=live_session.check_live, read_check=live_session.check_live_read)
        try:
            if migrate:
                db.migrate()
        except Exception as exc:
            db.dispose()
            raise config.ConfigError(
                f"Reflect could not open its database ({type(exc).__name__}): check REFLECT_DATABASE_URL "
                "and that the database server is running and reachable."
            ) from exc
        from reflect.services import installation

        ledger = DecisionLedger(settings.decision_ledger)
        try:
            server_key = installation.open_server_key(db, settings.secret_key_file, settings.keystore_file)
            installation.import_legacy_erasures(db, settings.legacy_erasure_ledger, ledger)
            try:
                keystore = open_keystore(file=settings.keystore_file, server_key=server_key, transit=settings.keystore_transit)
            except KeystoreError as exc:
                raise config.ConfigError(f"Reflect cannot start: {exc}") from exc
            # Keys from before the keystore move into it; keys the ledger says are destroyed
            # (in a keystore put back from its own backup) are destroyed again.
            installation.move_keys_to_keystore(db, server_key, keystore)
            installation.prune_keystore(db, keystore, ledger)
        except BaseException:
            db.dispose()
            raise
        if _current is not None:
            _current.db.dispose()
        _current = Runtime(settings, db, server_key, ledger, catalogue, PhrasingGuide(catalogue.phrasing), keystore)
        event("runtime.started", sqlite=db.is_sqlite)
        return _current


def current() -> Runtime:
    """The running runtime, started from the environment on first use (in the app server,
    on its first request; the heap is then settled, see `settle_heap`)."""
    if _current is None:
        started = start()
        settle_heap()
        return started
    return _current


def running() -> Runtime | None:
    """The running runtime, or None when none has started (never starts one)."""
    return _current


def stop() -> None:
    global _current
    with _lock:
        if _current is not None:
            _current.db.dispose()
        _current = None
