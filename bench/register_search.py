"""Median time of a register search over a generated register of 10,000+ entries.

Run from the repository root:  .venv/bin/python bench/register_search.py [--entries 10000] [--runs 20]
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
from reflect.models import Role  # noqa: E402
from reflect.services import organisations, persons, register, teams  # noqa: E402
from reflect.services.access import SYSTEM  # noqa: E402
from reflect.services.auth import sign_in  # noqa: E402

QUERIES = ("polish", "football gardening", "carers", "who speaks urdu", "kashubian")
PASSWORD = "bench-only-password"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=10_000)
    parser.add_argument("--people", type=int, default=40)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        env = {"REFLECT_DATA_DIR": folder}
        if os.environ.get("REFLECT_DATABASE_URL"):
            env["REFLECT_DATABASE_URL"] = os.environ["REFLECT_DATABASE_URL"]
        rt = runtime.start(config.load(env))
        organisations.create(name="Benchmark Trust", by=SYSTEM)
        teams = [teams.add(name=f"Team {n}", by=SYSTEM) for n in range(4)]
        owners = []
        for n in range(args.people):
            person_id, _ = persons.add(
                name=f"Person {n}", email=f"bench{n}@example.org", roles=[Role.PRACTITIONER],
                teams=[f"Team {n % 4}"], password=PASSWORD, by=SYSTEM,
            )
            owners.append((person_id, teams[n % 4]))
        started = time.perf_counter()
        register.load_synthetic(by=SYSTEM, owners=owners, count=args.entries)
        print(f"generated {args.entries} entries in {time.perf_counter() - started:.1f} s "
              f"({'SQLite' if rt.db.is_sqlite else 'PostgreSQL'})")
        viewer = sign_in(email="bench0@example.org", password=PASSWORD).actor
        all_timings = []
        for query in QUERIES:
            timings = []
            for _ in range(args.runs):
                began = time.perf_counter()
                result = register.search(by=viewer, filters=register.RegisterFilters(query=query))
                timings.append(time.perf_counter() - began)
            all_timings += timings
            print(f"  {query!r:24} {result.total:5d} matches, median {statistics.median(timings) * 1000:7.1f} ms")
        print(f"median search time over {args.entries} entries: {statistics.median(all_timings) * 1000:.1f} ms "
              f"(first page of 50, decrypted; {len(all_timings)} searches)")
        runtime.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
