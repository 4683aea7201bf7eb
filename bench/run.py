"""Every performance figure crackcoach promises, measured in one run.

Run from the repository root after installing: python bench/run.py
Each module below has a ``measure()`` returning its figures; ratios are
measured side by side in the same run, so machine load affects both sides.
"""

from __future__ import annotations

import importlib
import os
import platform
import sys
import time

sys.path.insert(0, os.path.dirname(__file__))

# (module, what it measures); a module that is missing is reported, not fatal.
SUITES = [
    ("startup", "start-up ratios to python -c pass, peak memory"),
    ("session_drift", "a 10-minute routine against the real clock at 60x"),
    ("session_cpu", "CPU of a running hold in a real pseudo-terminal"),
    ("diary", "log speed, concurrent writers, SIGKILL safety"),
    ("progress", "stats on 4,000 and 100,000 entries"),
    ("progress_scale", "stats and report over all of 100,000 entries and 10,000 sessions"),
    ("scale", "import and export of 100,000 entries and 10,000 sessions"),
    ("routine_files", "listing 1,000 routine files"),
]


def machine() -> str:
    """One line describing where the figures were measured."""
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            for line in handle:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return (f"{platform.system()} {platform.release()}, {cpu}, {os.cpu_count()} cores, "
            f"Python {platform.python_version()}")


def main() -> int:
    print(f"machine: {machine()}")
    print(f"date: {time.strftime('%Y-%m-%d')}")
    failures = 0
    for name, what in SUITES:
        try:
            module = importlib.import_module(name)
        except ImportError as exc:
            print(f"\n## {name}: not available ({exc})")
            continue
        print(f"\n## {name}: {what}")
        start = time.perf_counter()
        try:
            figures = module.measure()
        except Exception as exc:  # a broken suite must not hide the others
            failures += 1
            print(f"failed: {type(exc).__name__}: {exc}")
            continue
        for key, value in figures.items():
            print(f"  {key:44} {value:12.3f}")
        print(f"  ({time.perf_counter() - start:.0f} s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
