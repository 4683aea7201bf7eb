"""Figures for the comfort diary, measured with real ``crackcoach`` processes.

Run from a checkout with crackcoach installed::

    python bench/diary.py [--runs N] [--kills N]

It prints:
- how long ``crackcoach log --discomfort 3 --stiffness 2`` takes against
  ``crackcoach --version`` (median of N runs, the two run alternately), target < 2x;
- 20 ``crackcoach log`` processes started at once: entries written / expected;
- ``crackcoach log`` killed (SIGKILL) at random moments while logging 200 entries:
  confirmed entries lost, half-written entries, and ``PRAGMA integrity_check``.

Everything happens in a temporary CRACKCOACH_HOME; your own diary is not touched.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, os.path.dirname(__file__))

from _util import crackcoach_command, run_once


def log_args(number: int) -> list[str]:
    return ["log", "--discomfort", str(number % 11), "--stiffness", str((number * 7) % 11),
            "--note", f"entry-{number}"]


def startup_ratio(cc: list[str], env: dict[str, str], runs: int) -> dict[str, float]:
    """Median wall time of ``log`` and ``--version``, run alternately, and their ratio."""
    log = [*cc, "log", "--discomfort", "3", "--stiffness", "2"]
    version = [*cc, "--version"]
    run_once(log, env)  # create the diary first: the figure is for everyday use
    # What any log must import (the shared records, the paths, SQLite), for context.
    floor = [sys.executable, "-c", "import crackcoach.cli, crackcoach.diary.records, "
             "crackcoach.base.paths, sqlite3"]
    logs, versions, floors = [], [], []
    for _ in range(runs):
        versions.append(run_once(version, env))
        logs.append(run_once(log, env))
        floors.append(run_once(floor, env))
    log_ms = statistics.median(logs) * 1000
    version_ms = statistics.median(versions) * 1000
    return {"log_ms": log_ms, "version_ms": version_ms, "log_vs_version": log_ms / version_ms,
            "import_floor_ms": statistics.median(floors) * 1000}


def _entries(db: Path) -> dict[str, tuple[int, int]]:
    if not db.exists():
        return {}
    with sqlite3.connect(db) as conn:
        # A process killed before the schema was written leaves an empty file.
        if not conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'entries'").fetchone():
            return {}
        rows = conn.execute("SELECT note, discomfort, stiffness FROM entries").fetchall()
    return {note: (discomfort, stiffness) for note, discomfort, stiffness in rows}


def concurrent_logs(cc: list[str], env: dict[str, str], processes: int = 20
                    ) -> dict[str, float]:
    """Start ``processes`` log commands at once on a new diary; count what arrived."""
    children = [subprocess.Popen([*cc, *log_args(n)], env=env, stdout=subprocess.DEVNULL,
                                 stderr=subprocess.DEVNULL) for n in range(processes)]
    failed = sum(1 for child in children if child.wait() != 0)
    written = len(_entries(Path(env["CRACKCOACH_HOME"]) / "crackcoach.db"))
    return {"concurrent_written": written, "concurrent_expected": processes,
            "concurrent_failed": failed}


def killed_logs(cc: list[str], env: dict[str, str], entries: int, seed: int = 1
                ) -> dict[str, float]:
    """Log ``entries`` entries one by one, each process SIGKILLed at a random moment."""
    db = Path(env["CRACKCOACH_HOME"]) / "crackcoach.db"
    chance = random.Random(seed)
    confirmed: set[str] = set()
    typical = run_once([*cc, "--version"], env) * 3
    for number in range(entries):
        child = subprocess.Popen([*cc, *log_args(number)], env=env,
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(chance.uniform(0, typical))
        child.send_signal(signal.SIGKILL)
        if child.wait() == 0:
            confirmed.add(f"entry-{number}")
    found = _entries(db)
    half_written = sum(1 for note, values in found.items()
                       if values != (int(note[6:]) % 11, (int(note[6:]) * 7) % 11))
    with sqlite3.connect(db) as conn:
        integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
    return {"kill_attempts": entries, "kill_completed": len(confirmed),
            "kill_found": len(found), "kill_confirmed_lost": len(confirmed - set(found)),
            "kill_half_written": half_written, "kill_integrity_ok": float(integrity == "ok")}


def measure(runs: int = 21, kills: int = 200) -> dict[str, float]:
    """Every figure, each in a fresh temporary CRACKCOACH_HOME."""
    cc = crackcoach_command()
    results: dict[str, float] = {}
    for step in (lambda env: startup_ratio(cc, env, runs),
                 lambda env: concurrent_logs(cc, env),
                 lambda env: killed_logs(cc, env, kills)):
        home = tempfile.mkdtemp(prefix="crackcoach-bench-")
        try:
            env = {**os.environ, "CRACKCOACH_HOME": home}
            results.update(step(env))
        finally:
            shutil.rmtree(home, ignore_errors=True)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=21, help="timing runs (default 21)")
    parser.add_argument("--kills", type=int, default=200, help="killed entries (default 200)")
    options = parser.parse_args()
    r = measure(options.runs, options.kills)
    print(f"log vs --version:   {r['log_vs_version']:.2f}x  (log {r['log_ms']:.1f} ms, "
          f"--version {r['version_ms']:.1f} ms, median of {options.runs}; target < 2x)")
    print(f"  importing records, paths and sqlite3 alone: {r['import_floor_ms']:.1f} ms "
          f"({r['import_floor_ms'] / r['version_ms']:.2f}x --version)")
    print(f"20 concurrent logs: {r['concurrent_written']:.0f} / "
          f"{r['concurrent_expected']:.0f} written, {r['concurrent_failed']:.0f} failed")
    print(f"SIGKILL during {r['kill_attempts']:.0f} logs: {r['kill_completed']:.0f} finished "
          f"before the kill, {r['kill_found']:.0f} in the diary, "
          f"{r['kill_confirmed_lost']:.0f} confirmed entries lost, "
          f"{r['kill_half_written']:.0f} half-written, integrity_check "
          f"{'ok' if r['kill_integrity_ok'] else 'FAILED'}")


if __name__ == "__main__":
    main()
