"""Writers for the durability tests: each save is a new reflection with one sealed answer,
the way the app saves a newly started entry. Run in threads, or in processes made by a
fork server (which imports Reflect and loads its language pipeline once, so twenty processes
start quickly)."""

from __future__ import annotations

import faulthandler
import json
import multiprocessing
import queue
import sys
import time
import types
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import select

from reflect import config, guard, runtime
from reflect.models import Entry, Stage
from reflect.services import journeys
from reflect.services.access import Actor
from reflect.services.vault import Vault
from tests.factories import OWN_KEYS
from tests.shared_questions import load_shipped

QUESTION = "what_shared"

# Loaded here, at import, so the fork server (which imports this module) holds the language
# pipeline and the question files every writer's runtime needs, and each writer starts without
# loading them again.
guard.analyzer()
load_shipped()


@dataclass(frozen=True)
class Save:
    entry_id: int
    text: str


def text_for(writer: int, n: int) -> str:
    return f"Writer {writer} save {n}: what I shared and how it went"


def save_once(by: Actor, writer: int, n: int) -> Save:
    entry = journeys.start(stage=Stage.AFTER_SHARING, by=by)
    text = text_for(writer, n)
    journeys.save_answer(entry_id=entry.id, question_id=QUESTION, value=text, by=by)
    return Save(entry.id, text)


def write_many(by: Actor, writer: int, count: int) -> list[Save]:
    return [save_once(by, writer, n) for n in range(count)]


def _env_of(rt: runtime.Runtime) -> dict[str, str]:
    return {
        "REFLECT_DATA_DIR": str(rt.settings.data_dir),
        "REFLECT_DATABASE_URL": rt.settings.database_url.render_as_string(hide_password=False),
        "REFLECT_SECRET_KEY_FILE": str(rt.settings.secret_key_file),
    }


# A writer that has not finished by then prints where each of its threads stands and exits,
# so a stuck writer fails the test within minutes, with its tracebacks, rather than silently.
WRITER_DEADLINE_S = 240


def _process_writer(env: dict[str, str], by: Actor, writer: int, count: int, results) -> None:
    faulthandler.dump_traceback_later(WRITER_DEADLINE_S, exit=True)
    try:
        runtime.start(config.load(env), migrate=False)  # the test's runtime has migrated already
        results.put([(s.entry_id, s.text) for s in write_many(by, writer, count)])
    except Exception as exc:  # reported to the test, which fails with it
        results.put(f"writer {writer} failed: {type(exc).__name__}: {exc}")
    finally:
        runtime.stop()


def _acknowledging_writer(env: dict[str, str], by: Actor, writer: int, connection) -> None:
    """Saves until killed, sending each save's id and text once it is committed."""
    runtime.start(config.load(env), migrate=False)
    n = 0
    while True:
        save = save_once(by, writer, n)
        connection.send((save.entry_id, save.text))
        n += 1


@contextmanager
def _bare_main():
    """Start child processes with an empty `__main__`.

    Streamlit's script runner installs the page script as `__main__` and leaves it there, so
    after a page test has run in this process `__main__` is `main.py`. A child made by the fork
    server imports its parent's main module before anything else, which would run the whole
    page script in every writer: it starts a runtime from the environment (not the test's
    database) and, where that fails, the writer dies before it writes."""
    saved = sys.modules["__main__"]
    sys.modules["__main__"] = types.ModuleType("__main__")
    try:
        yield
    finally:
        sys.modules["__main__"] = saved


def start(process) -> None:
    with _bare_main():
        process.start()


def report_main_file(results) -> None:
    """Send the file this child imported as its main module (None when it imported none)."""
    results.put(getattr(sys.modules["__main__"], "__file__", None))


def process_context():
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["tests.durability"])
    return context


def write_in_processes(rt: runtime.Runtime, writers: list[Actor], count: int) -> list[Save]:
    context = process_context()
    results = context.Queue()
    processes = [
        context.Process(target=_process_writer, args=(_env_of(rt), by, n, count, results)) for n, by in enumerate(writers)
    ]
    for process in processes:
        start(process)
    batches = _collect(results, processes)
    failures = [batch for batch in batches if isinstance(batch, str)]
    assert not failures, failures
    saves = [Save(*pair) for batch in batches for pair in batch]
    for process in processes:
        process.join(timeout=60)
        assert process.exitcode == 0
    return saves


def _collect(results, processes) -> list:
    """One batch from each writer; a writer that ends without sending one fails the test at once,
    with its exit code (its tracebacks are in the captured output)."""
    batches: list = []
    deadline = time.monotonic() + WRITER_DEADLINE_S + 60
    while len(batches) < len(processes):
        try:
            batches.append(results.get(timeout=1))
            continue
        except queue.Empty:
            pass
        ended = [p.exitcode for p in processes if p.exitcode not in (None, 0)]
        assert not ended, f"{len(ended)} writer(s) ended without a result, exit codes {ended}"
        assert time.monotonic() < deadline, f"{len(processes) - len(batches)} writer(s) still running"
    return batches


def start_acknowledging_writer(rt: runtime.Runtime, by: Actor, writer: int):
    context = process_context()
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(target=_acknowledging_writer, args=(_env_of(rt), by, writer, sender))
    start(process)
    sender.close()
    return process, receiver


def stored_texts(rt: runtime.Runtime) -> dict[int, str | None]:
    """Every reflection in the database, opened by its writer (a reflection is private text: only
    its owner's own key opens it, here the one the factory gave them): entry id to its answer."""
    with rt.db.read() as session:
        entries = session.scalars(select(Entry).where(Entry.stage == Stage.AFTER_SHARING.value)).all()
        vaults: dict[int, Vault] = {}
        opened = {}
        for entry in entries:
            if entry.owner_id not in vaults:
                owner = Actor(person_id=entry.owner_id, organisation_id=0, name="", roles=frozenset(), own_key=OWN_KEYS.get(entry.owner_id))
                vaults[entry.owner_id] = Vault(session, rt.server_key, by=owner)
            text = vaults[entry.owner_id].open(entry.answers)
            # "" for a reflection started but not yet answered; None only if it can't be opened.
            opened[entry.id] = json.loads(text).get(QUESTION, "") if text else None
    return opened
