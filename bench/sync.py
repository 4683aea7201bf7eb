"""Sync of a large diary into an empty home.

Run from the repository root after installing crackcoach::

    python bench/sync.py                        # 100,000 records, 5 rounds
    python bench/sync.py --entries 20000 --rounds 3

It builds a diary of N entries and N/10 sessions over ten years (``import``
of a generated export, as bench/scale.py makes it), syncs it once into a
sync folder (what the first machine sends), then times ``crackcoach sync
DIR`` in a fresh, empty CRACKCOACH_HOME each round: everything received,
merged and written to the diary. It prints the median with the fastest and
slowest round, the CPU time, the size of the folder, and whether the two
diaries hold the same records.

Goal for 100,000 entries (110,000 records): under 5 s.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, os.path.dirname(__file__))

from _util import crackcoach_command, env_with_home, temp_home
from scale import generate, run_timed

GOAL = 5.0


def records(db: Path) -> list[tuple[object, ...]]:
    """Every record without its short id, for comparing two diaries."""
    with sqlite3.connect(db) as raw:
        sessions = sorted(raw.execute("SELECT uid, routine, started_utc, outcome, "
                                      "actual_seconds FROM sessions"))
        entries = sorted(raw.execute(
            "SELECT e.uid, at_utc, discomfort, stiffness, note, s.uid FROM entries AS e "
            "LEFT JOIN sessions AS s ON s.id = e.session_id"))
    return [*sessions, *entries]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=5)
    options = parser.parse_args()
    command = crackcoach_command()
    work = Path(tempfile.mkdtemp(prefix="crackcoach-bench-sync-"))
    try:
        source, folder = temp_home(), work / "shared"
        export = work / "export.json"
        generate(export, "json", options.entries)
        run_timed([*command, "import", str(export)], env_with_home(source))
        first = run_timed([*command, "sync", str(folder)], env_with_home(source))
        size = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
        total = options.entries + options.entries // 10
        print(f"crackcoach sync DIR of {total:,} records ({options.entries:,} entries, "
              f"{options.entries // 10:,} sessions); folder {size / 2**20:.1f} MiB")
        print(f"first machine sends them: {first[0]:.2f} s (CPU {first[1]:.2f} s)")
        runs = []
        same = True
        for _ in range(options.rounds):
            home = temp_home()
            runs.append(run_timed([*command, "sync", str(folder)], env_with_home(home)))
            same = same and records(home / "crackcoach.db") == records(source / "crackcoach.db")
            shutil.rmtree(home)
        walls, cpus = [w for w, _ in runs], [c for _, c in runs]
        median = statistics.median(walls)
        print(f"into an empty home: median {median:.2f} s (fastest {min(walls):.2f}, slowest "
              f"{max(walls):.2f}, {len(runs)} runs; CPU median {statistics.median(cpus):.2f} s)"
              f"; goal under {GOAL:.0f} s: {'met' if median < GOAL else 'NOT met'}")
        print(f"the received diary holds the same records: {'yes' if same else 'NO'}")
        shutil.rmtree(source)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
