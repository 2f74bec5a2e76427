"""Cost of the audit hash chain: the median time to append one event (its keyed hash, and its
line in the audit journal flushed to disk once the transaction commits), and the time
`reflect audit verify` takes over the whole chain and the journal.

Run from the repository root:  .venv/bin/python bench/audit_chain.py [--events 20000]
It uses a throwaway SQLite database in a temporary folder, or the PostgreSQL database named by
REFLECT_DATABASE_URL (which must be empty: the benchmark creates its own organisation).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from reflect import config, runtime  # noqa: E402
from reflect.services import audit, organisations  # noqa: E402
from reflect.services.access import SYSTEM  # noqa: E402

BATCH = 500


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=20_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        env = {"REFLECT_DATA_DIR": folder}
        if os.environ.get("REFLECT_DATABASE_URL"):
            env["REFLECT_DATABASE_URL"] = os.environ["REFLECT_DATABASE_URL"]
        rt = runtime.start(config.load(env))
        organisations.create(name="Bench Trust", by=SYSTEM)
        # Bulk: many events per unit of work, to build a long chain quickly.
        for start in range(0, args.events, BATCH):
            with rt.db.write() as session:
                for n in range(start, min(start + BATCH, args.events)):
                    audit.record(session, by=SYSTEM, action="bench_event", object_type="bench", object_id=n)
        # One event per unit of work, as the app appends them.
        singles = []
        for n in range(200):
            began = time.perf_counter()
            with rt.db.write() as session:
                audit.record(session, by=SYSTEM, action="bench_single", object_type="bench", object_id=n)
            singles.append(time.perf_counter() - began)
        began = time.perf_counter()
        result = audit.verify(by=SYSTEM)
        verify_seconds = time.perf_counter() - began
        backend = rt.db.engine.dialect.name
        runtime.stop()
    print(f"{backend}: append one event in its own transaction, median {statistics.median(singles) * 1000:.2f} ms (200 runs)")
    print(f"{backend}: verify {result.checked:,} events in {verify_seconds:.2f} s, intact={result.ok}")
    return 0 if result.ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
