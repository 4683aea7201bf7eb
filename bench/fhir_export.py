"""``crackcoach export --format fhir`` of large diaries: time and peak memory.

Run from the repository root after installing crackcoach::

    python bench/fhir_export.py                    # 0, 1, 10,000 and 100,000 entries
    python bench/fhir_export.py --entries 1000000 --rounds 1

Each diary holds N entries (discomfort, stiffness, some with a note or a safety
sign) and N/10 sessions, made by importing a generated JSON export into a
fresh CRACKCOACH_HOME. The export is run in fresh processes; the script prints
the median wall time, the CPU time, the peak memory of one run, and the size of
the bundle. The bundle is written a resource at a time, so memory should stay
flat as the diary grows.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys

sys.path.insert(0, os.path.dirname(__file__))

from _util import crackcoach_command, env_with_home, run_measured, temp_home
from scale import generate


def measure(count: int, rounds: int) -> str:
    cc = crackcoach_command()
    work = temp_home()
    try:
        home = work / "home"
        if count:
            source = work / "diary.json"
            generate(source, "json", count)
            run_measured([*cc, "import", str(source)], env_with_home(home))
        target = work / "bundle.json"
        runs = []
        for _ in range(rounds):
            # Without a diary, export refuses to replace a non-empty file: start afresh.
            target.unlink(missing_ok=True)
            runs.append(run_measured([*cc, "export", "--format", "fhir", "-o", str(target)],
                                     env_with_home(home)))
        walls = [r.wall for r in runs]
        size = target.stat().st_size
        return (f"{count:>9,} entries, {count // 10:>7,} sessions: median "
                f"{statistics.median(walls):.2f} s (fastest {min(walls):.2f}), CPU "
                f"{statistics.median(r.cpu for r in runs):.2f} s, peak "
                f"{max(r.peak_kib for r in runs) / 1024:.0f} MiB, bundle {size / 1e6:.1f} MB")
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, nargs="*", default=[0, 1, 10_000, 100_000])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    print(f"crackcoach export --format fhir ({' '.join(crackcoach_command())})")
    for count in args.entries:
        print(measure(count, args.rounds), flush=True)


if __name__ == "__main__":
    main()
