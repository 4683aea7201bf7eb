"""Speed of ``stats`` and ``report`` on diaries generated to size.

Run from the repository root after installing: python bench/progress.py

Diaries are generated in-process and written with the store's bulk import
(one transaction), then every figure is an end-to-end run of the installed
``crackcoach`` command in a fresh process.

Targets: stats on 10 years of daily use (about 4,000 sessions and
4,000 entries) under 0.5 s; on 100,000 entries under 1 s (the baseline and
verdict belong to the whole diary, so every run reads all of it, whatever
--weeks). bench/progress_scale.py measures a million entries; import and export
at scale are bench/scale.py.
"""

from __future__ import annotations

import os
import random
import statistics
import sys
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path

sys.path.insert(0, os.path.dirname(__file__))

from _util import crackcoach_command, env_with_home, run_once, temp_home

from crackcoach.diary.records import DiaryEntry, SessionRecord
from crackcoach.store import open_store

TZ = timezone(timedelta(hours=1))
YEARS_DAYS = 3650
STEPS = ("warm-up", "cat-cow", "thoracic rotation", "foam roller", "pelvic tilts")


def generate(home: Path, days: int, entries_per_day: int, today: date, seed: int = 5
             ) -> tuple[int, int]:
    """One session a day and ``entries_per_day`` diary entries a day, ending ``today``."""
    rng = random.Random(seed)
    sessions: list[SessionRecord] = []
    entries: list[DiaryEntry] = []
    for n in range(days):
        day = today - timedelta(days=days - 1 - n)
        start = datetime.combine(day, time(7, 30), TZ)
        skipped = (rng.choice(STEPS),) if rng.random() < 0.2 else ()
        sessions.append(SessionRecord(
            routine=rng.choice(("back-reset", "desk-hips")), started_at=start,
            ended_at=start + timedelta(minutes=12), planned_seconds=720.0,
            actual_seconds=float(rng.randint(500, 720)), paused_seconds=0.0,
            steps_completed=tuple(s for s in STEPS if s not in skipped),
            steps_skipped=skipped, outcome="completed", id=n + 1))
        for k in range(entries_per_day):
            value = rng.randint(0, 8)
            entries.append(DiaryEntry(
                at=start + timedelta(minutes=13 + k * 17), discomfort=value,
                stiffness=rng.randint(0, 8), discomfort_before=min(10, value + rng.randint(0, 2)),
                mobility="better", tighter_side=rng.choice(("left", "right", "even")),
                cracks=rng.randint(0, 5), note="felt fine" if k == 0 else None,
                session_id=n + 1 if k == 0 else None))
    with open_store(home / "crackcoach.db") as store:
        store.import_records(sessions, entries)
    return len(sessions), len(entries)


def timed(args: list[str], home: Path, rounds: int) -> float:
    """Median wall seconds of ``crackcoach ARGS`` over ``rounds`` fresh processes."""
    env = env_with_home(home)
    argv = [*crackcoach_command(), *args]
    return statistics.median(run_once(argv, env) for _ in range(rounds))


def measure(rounds: int = 5) -> dict[str, float]:
    """Seconds for each figure, plus the targets' ratios."""
    today = date.today()
    figures: dict[str, float] = {}
    small = temp_home()
    sessions, entries = generate(small, YEARS_DAYS, 1, today)
    figures["10y: sessions"] = sessions
    figures["10y: entries"] = entries
    figures["10y: stats s (target 0.5)"] = timed(["stats"], small, rounds)
    figures["10y: stats --weeks 520 s"] = timed(["stats", "--weeks", "520"], small, rounds)
    figures["10y: report --format html s"] = timed(
        ["report", "--format", "html", "--weeks", "520"], small, rounds)

    big = temp_home()
    _, entries = generate(big, YEARS_DAYS, 28, today)  # 102,200 entries
    figures["100k: entries"] = entries
    figures["100k: stats s (target 1)"] = timed(["stats"], big, rounds)
    figures["100k: stats --weeks 520 s (target 1)"] = timed(
        ["stats", "--weeks", "520"], big, rounds)
    figures["100k: stats --weeks 520 --json s (target 1)"] = timed(
        ["stats", "--weeks", "520", "--json"], big, rounds)

    return figures


def main() -> None:
    for key, value in measure().items():
        print(f"{key:44} {value:12.3f}")


if __name__ == "__main__":
    main()
