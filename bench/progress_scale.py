"""stats and report over the whole of a large diary: N entries and N/10 sessions over 10 years.

Run from the repository root after installing crackcoach (for the figures a
user sees, in a clean virtual environment with ``pip install .``)::

    python bench/progress_scale.py                        # 100,000 entries, 7 rounds
    python bench/progress_scale.py --entries 1000000 --rounds 3

The diary is the one bench/scale.py generates, imported once with ``crackcoach
import``. Each round runs, in fresh processes, ``crackcoach stats --weeks 520``,
``stats --weeks 520 --json`` and ``report --weeks 520 --format html`` as of the
day after the diary's last record, so every record is read and every week
judged. It prints the commands, the machine, the median with the fastest and
slowest round, the CPU time, and the peak memory of one run of each.

Goals: each <= 1 s for 100,000 entries; peak memory <= 64 MiB for 1,000,000.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, os.path.dirname(__file__))

from _util import crackcoach_command, env_with_home, peak_memory_kib, temp_home
from scale import generate, run_timed, timings

AS_OF = "2026-01-02"  # the day after the generated diary's ten years
GOAL_SECONDS, GOAL_MIB = 1.0, 64


def commands(work: Path) -> dict[str, list[str]]:
    """The measured command lines (without the program)."""
    common = ["--weeks", "520", "--as-of", AS_OF]
    return {"stats": ["stats", *common],
            "stats --json": ["stats", *common, "--json"],
            "report --format html": ["report", *common, "--format", "html", "--output",
                                     str(work / "report.html")]}


def measure(count: int = 100_000, rounds: int = 7, say: bool = False) -> dict[str, float]:
    """Median, fastest and slowest seconds, CPU median and peak MiB of each command."""
    cc = crackcoach_command()
    figures: dict[str, float] = {}
    work = temp_home()
    try:
        source = work / "diary.json"
        generate(source, "json", count)
        home = work / "home"
        run_timed([*cc, "import", str(source)], env_with_home(home))
        source.unlink()
        env = env_with_home(home)
        env["COLUMNS"] = "100"
        lines = commands(work)
        runs: dict[str, list[tuple[float, float]]] = {name: [] for name in lines}
        for _ in range(rounds):  # interleaved, so every command meets the same load
            for name, args in lines.items():
                runs[name].append(run_timed([*cc, *args], env))
        for name, args in lines.items():
            mib = peak_memory_kib([*cc, *args], env) / 1024
            walls = [wall for wall, _ in runs[name]]
            key = f"{name} {count:,}"
            figures[f"{key} median s"] = statistics.median(walls)
            figures[f"{key} min s"] = min(walls)
            figures[f"{key} max s"] = max(walls)
            figures[f"{key} CPU median s"] = statistics.median(cpu for _, cpu in runs[name])
            figures[f"{key} MiB"] = mib
            if say:
                print(f"{name}, {count:,} entries and {count // 10:,} sessions: "
                      f"{timings(runs[name])}, peak {mib:.0f} MiB "
                      f"(goals: <= {GOAL_SECONDS:g} s at 100,000; <= {GOAL_MIB} MiB)")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=100_000,
                        help="diary entries (sessions: a tenth of that); default 100000")
    parser.add_argument("--rounds", type=int, default=7, help="timed runs each (default 7)")
    options = parser.parse_args()
    from run import machine

    cc = " ".join(crackcoach_command())
    print(f"machine: {machine()}, {time.strftime('%Y-%m-%d')}, load average "
          f"{os.getloadavg()[0]:.1f} at the start")
    for args in commands(Path("DIR")).values():
        print(f"command: {cc} {' '.join(args)}")
    measure(options.entries, options.rounds, say=True)


if __name__ == "__main__":
    main()
