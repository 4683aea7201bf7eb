"""Import and export of large diaries: N entries and N/10 sessions over 10 years.

Run from the repository root after installing crackcoach (for the figures a
user sees, in a clean virtual environment with ``pip install .``)::

    python bench/scale.py                      # 100,000 entries, 5 rounds
    python bench/scale.py --entries 1000000 --rounds 3   # a million (minutes)

For each format it generates an export file, then times the installed
``crackcoach import FILE`` into a fresh, empty CRACKCOACH_HOME (each round),
one import of the same file again (every row a duplicate), and ``crackcoach
export --format F --output FILE`` of that diary, all in fresh processes. It
prints the commands, the machine, the median with the fastest and slowest
round, the CPU time the command used (on a shared machine the wall time also
counts other programs' turns), the peak memory of one run, and whether
exporting the imported diary gives back the generated file byte for byte.

Goals for 100,000 entries: import <= 3 s, export <= 1.5 s; memory <= 64 MiB
for a million.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, os.path.dirname(__file__))

from _util import crackcoach_command, env_with_home, peak_memory_kib, temp_home

from crackcoach.diary import exchange
from crackcoach.diary.records import DiaryEntry, SessionRecord

START = datetime(2016, 1, 4, 7, 30, tzinfo=timezone(timedelta(hours=1)))
SPAN = timedelta(days=3650)
STEPS = ("warm-up", "cat-cow", "thoracic rotation", "foam roller", "pelvic tilts")
GOALS = {"import": 3.0, "export": 1.5}


def sessions(count: int, seed: int = 9) -> Iterator[SessionRecord]:
    """``count`` sessions spread evenly over ten years, ids 1..count."""
    rng = random.Random(seed)
    step = SPAN / max(count, 1)
    for n in range(count):
        start = START + step * n
        skipped = (rng.choice(STEPS),) if rng.random() < 0.2 else ()
        yield SessionRecord(
            routine=rng.choice(("back-reset", "desk-hips")), started_at=start,
            ended_at=start + timedelta(minutes=12), planned_seconds=720.0,
            actual_seconds=float(rng.randint(500, 720)) + 0.25, paused_seconds=0.0,
            steps_completed=tuple(s for s in STEPS if s not in skipped), steps_skipped=skipped,
            outcome="completed" if rng.random() < 0.9 else "quit", id=n + 1,
            uid=f"1{n:031x}")


def entries(count: int, linked: int, seed: int = 7) -> Iterator[DiaryEntry]:
    """``count`` entries over ten years; the first of every ten follows session n."""
    rng = random.Random(seed)
    step = SPAN / max(count, 1)
    for n in range(count):
        value = rng.randint(0, 8)
        yield DiaryEntry(
            at=START + step * n + timedelta(minutes=13), discomfort=value,
            stiffness=rng.randint(0, 8), discomfort_before=min(10, value + rng.randint(0, 2)),
            mobility=rng.choice(("better", "same", None)),
            tighter_side=rng.choice(("left", "right", "even", None)),
            cracks=rng.randint(0, 5), flags=("night-pain",) if n % 97 == 0 else (),
            note="after a long drive, a bit stiff" if n % 5 == 0 else None,
            session_id=n // 10 + 1 if n % 10 == 0 and n // 10 < linked else None, id=n + 1,
            uid=f"2{n:031x}")  # kept by the import, so the export gives the file back


def generate(path: Path, fmt: exchange.Format, count: int) -> None:
    """An export file of ``count`` entries and ``count // 10`` sessions."""
    with path.open("w", encoding="utf-8", newline="") as out:
        exchange.write(fmt, sessions(count // 10), entries(count, count // 10), out)


def digest(path: Path) -> str:
    hashed = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(1 << 20):
            hashed.update(block)
    return hashed.hexdigest()


def run_timed(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall seconds and CPU seconds (user + system) of one run of ``argv``.

    On a shared machine the wall time also counts other programs' turns; the
    CPU time is what the command itself used.
    """
    start = time.perf_counter()
    child = subprocess.Popen(argv, env=env, stdin=subprocess.DEVNULL,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)} exited with {child.returncode}")
    return wall, usage.ru_utime + usage.ru_stime


def timings(runs: list[tuple[float, float]]) -> str:
    walls, cpus = [wall for wall, _ in runs], [cpu for _, cpu in runs]
    return (f"median {statistics.median(walls):.2f} s (fastest {min(walls):.2f}, slowest "
            f"{max(walls):.2f}, {len(runs)} runs; CPU median {statistics.median(cpus):.2f} s, "
            f"{min(cpus):.2f}-{max(cpus):.2f})")


def measure(count: int = 100_000, rounds: int = 5, formats: tuple[str, ...] = ("csv", "json"),
            say: bool = False) -> dict[str, float]:
    """Seconds (median, min, max) and peak MiB of import and export, per format."""
    cc = crackcoach_command()
    figures: dict[str, float] = {}
    work = temp_home()
    try:
        for fmt in formats:
            source = work / f"diary-{count}.{fmt}"
            generate(source, fmt, count)  # type: ignore[arg-type]
            rows = count + count // 10
            imports: list[tuple[float, float]] = []
            home = work / "none"
            for round_number in range(rounds):
                home = work / f"home-{fmt}-{round_number}"
                imports.append(run_timed([*cc, "import", str(source)], env_with_home(home)))
                if round_number < rounds - 1:
                    shutil.rmtree(home)
            memory_home = work / f"memory-{fmt}"
            import_mib = peak_memory_kib([*cc, "import", str(source)],
                                         env_with_home(memory_home)) / 1024
            shutil.rmtree(memory_home)
            again = run_timed([*cc, "import", str(source)], env_with_home(home))
            target = work / f"export.{fmt}"
            export_command = [*cc, "export", "--format", fmt, "--output", str(target)]
            exports = [run_timed(export_command, env_with_home(home)) for _ in range(rounds)]
            export_mib = peak_memory_kib(export_command, env_with_home(home)) / 1024
            exact = digest(target) == digest(source)
            for name, runs, mib in (("import", imports, import_mib),
                                    ("export", exports, export_mib)):
                key = f"{fmt} {name} {count:,}"
                walls = [wall for wall, _ in runs]
                figures[f"{key} median s"] = statistics.median(walls)
                figures[f"{key} min s"] = min(walls)
                figures[f"{key} max s"] = max(walls)
                figures[f"{key} CPU median s"] = statistics.median(cpu for _, cpu in runs)
                figures[f"{key} MiB"] = mib
                if say:
                    goal = f"goal <= {GOALS[name]} s" if count == 100_000 else ""
                    print(f"{fmt} {name} of {rows:,} rows: {timings(runs)}, "
                          f"{mib:.0f} MiB {goal}")
            figures[f"{fmt} round trip exact"] = float(exact)
            figures[f"{fmt} import {count:,} again (all duplicates) s"] = again[0]
            if say:
                print(f"{fmt} import of the same file again (every row a duplicate): "
                      f"{again[0]:.2f} s (CPU {again[1]:.2f} s)")
                print(f"{fmt}: exporting the imported diary gives the file back byte for byte: "
                      f"{'yes' if exact else 'NO'} ({source.stat().st_size / 2**20:.0f} MiB)")
            shutil.rmtree(home)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=100_000,
                        help="diary entries (sessions: a tenth of that); default 100000")
    parser.add_argument("--rounds", type=int, default=5, help="timed runs each (default 5)")
    parser.add_argument("--format", choices=exchange.FORMATS, action="append",
                        help="only this format (repeatable; default both)")
    options = parser.parse_args()
    from run import machine

    cc = " ".join(crackcoach_command())
    print(f"machine: {machine()}, {time.strftime('%Y-%m-%d')}, load average "
          f"{os.getloadavg()[0]:.1f} at the start")
    print(f"commands: {cc} import FILE (into an empty CRACKCOACH_HOME); "
          f"{cc} export --format F --output FILE")
    measure(options.entries, options.rounds, tuple(options.format or exchange.FORMATS),
            say=True)


if __name__ == "__main__":
    main()
