"""Median times of the supervision lists when one pair has shared thousands of items and
hundreds of other pairs share too.

Run from the repository root:  .venv/bin/python bench/supervision_lists.py [--pairs 100] [--items 2000] [--runs 20]
It uses a throwaway SQLite database in a temporary folder, or the PostgreSQL database named by
REFLECT_DATABASE_URL (which must be empty: the benchmark creates its own organisation).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from reflect import config, runtime  # noqa: E402
from reflect.models import Entry, Role, SharedItem, ShareKind, Stage, utcnow  # noqa: E402
from reflect.services import journeys, organisations, pairs, persons, supervision, teams  # noqa: E402
from reflect.services.access import SYSTEM  # noqa: E402
from reflect.services.auth import sign_in  # noqa: E402
from reflect.services.vault import Vault  # noqa: E402

PASSWORD = "bench-only-password"


def _median_ms(call, runs: int) -> float:
    timings = []
    for _ in range(runs):
        began = time.perf_counter()
        call()
        timings.append(time.perf_counter() - began)
    return statistics.median(timings) * 1000


def _shared_reflections(rt, owner_id: int, pair_id: int, count: int) -> None:
    """`count` finished reflections of one person, each shared in their pair (written directly: setting up, not measuring)."""
    qset = journeys.current_set(Stage.AFTER_SHARING)
    with rt.db.write() as session:
        journeys.remember_set(session, qset)
        vault = Vault(session, rt.server_key)
        answers = json.dumps({"what_shared": "A line about my allotment and what helped", "audience": "person_supported"})
        entries = [
            Entry(owner_id=owner_id, stage=Stage.AFTER_SHARING.value, set_id=qset.id, set_version=qset.version, status="complete",
                  answers=vault.seal(owner_id, answers), completed_at=utcnow())
            for _ in range(count)
        ]
        session.add_all(entries)
        session.flush()
        session.add_all(SharedItem(pair_id=pair_id, owner_id=owner_id, kind=ShareKind.ENTRY.value, entry_id=e.id) for e in entries)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=100)
    parser.add_argument("--items", type=int, default=2000, help="items shared in the measured pair")
    parser.add_argument("--others", type=int, default=20, help="items shared in each other pair")
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        env = {"REFLECT_DATA_DIR": folder}
        if os.environ.get("REFLECT_DATABASE_URL"):
            env["REFLECT_DATABASE_URL"] = os.environ["REFLECT_DATABASE_URL"]
        rt = runtime.start(config.load(env))
        started = time.perf_counter()
        organisations.create(name="Benchmark Trust", by=SYSTEM)
        teams.add(name="Team", by=SYSTEM)
        for n in range(args.pairs):
            for who, roles in (("sup", [Role.PRACTITIONER, Role.SUPERVISOR]), ("sub", [Role.PRACTITIONER])):
                persons.add(name=f"{who} {n}", email=f"{who}{n}@example.org", roles=roles, teams=["Team"], password=PASSWORD, by=SYSTEM)
            pair_id = pairs.add(supervisor_email=f"sup{n}@example.org", supervisee_email=f"sub{n}@example.org", starts_on=date.today() - timedelta(days=365), by=SYSTEM)
            supervisee = sign_in(email=f"sub{n}@example.org", password=PASSWORD).actor
            _shared_reflections(rt, supervisee.person_id, pair_id, args.items if n == 0 else args.others)
        supervisor = sign_in(email="sup0@example.org", password=PASSWORD).actor
        supervisee = sign_in(email="sub0@example.org", password=PASSWORD).actor
        pair_id = supervision.my_supervisees(by=supervisor)[0].id
        items, _ = supervision.shared_with_me(pair_id=pair_id, by=supervisor, per_page=5)
        for n in range(100):
            meeting = supervision.record_meeting(pair_id=pair_id, held_on=date.today() - timedelta(weeks=100 - n), functions=["formative"], discussed=[i.id for i in items], by=supervisor)
            supervision.save_notes(meeting_id=meeting, question_id="learned", value="Keep it short", by=supervisee)
        total = args.items + (args.pairs - 1) * args.others
        print(f"generated {args.pairs} pairs, {total} shared items and 100 sessions in {time.perf_counter() - started:.1f} s "
              f"({'SQLite' if rt.db.is_sqlite else 'PostgreSQL'})")
        figures = {
            "supervisor: shared list, first page of 20": lambda: supervision.shared_with_me(pair_id=pair_id, by=supervisor),
            "supervisor: my supervisees": lambda: supervision.my_supervisees(by=supervisor),
            "supervisor: open one reflection (audited)": lambda: supervision.open_shared(shared_item_id=items[0].id, by=supervisor),
            "both: sessions, first page of 5 (decrypted)": lambda: supervision.meetings(pair_id=pair_id, by=supervisee),
            "supervisee: what I share (up to 200)": lambda: supervision.my_shares(pair_id=pair_id, by=supervisee),
            "supervisee: who opened what": lambda: supervision.openings(by=supervisee),
        }
        for name, call in figures.items():
            print(f"  {name:46} median {_median_ms(call, args.runs):7.1f} ms")
        print(f"  {'summary PDF, 100 sessions':46} median {_median_ms(lambda: supervision.summary_pdf(pair_id=pair_id, since=date.today() - timedelta(weeks=110), until=date.today(), by=supervisee), 3):7.1f} ms (3 runs)")
        runtime.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
