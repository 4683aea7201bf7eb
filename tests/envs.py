"""An environment for use cases with its own folders, streams and a clock set by the test,
and records to put in its diary."""

from __future__ import annotations

import io
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path

from crackcoach.app.env import Env, Places
from crackcoach.diary.records import DiaryEntry, SessionRecord
from crackcoach.store import open_store

ZONE = timezone(timedelta(hours=1))


class Clock:
    """Wall-clock time that moves only when the test says so."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def to(self, day: date, hour: int = 9) -> None:
        self.now = datetime.combine(day, time(hour), ZONE)


def make_env(home: Path, clock: Clock, *, answers: str = "", interactive: bool = False) -> Env:
    """An Env under ``home`` with text streams; ``answers`` is what a person would type."""
    return Env(
        places=Places.under(home),
        stdin=io.StringIO(answers),
        stdout=io.StringIO(),
        stderr=io.StringIO(),
        can_ask=bool(answers) or interactive,
        interactive=interactive,
        clock=clock,
    )


def output(env: Env) -> str:
    """What the use case wrote to standard output."""
    assert isinstance(env.stdout, io.StringIO)
    return env.stdout.getvalue()


def session(day: date, routine: str, *, hour: int = 8, minutes: float = 5,
            done: float = 1.0, outcome: str = "completed") -> SessionRecord:
    """A session of ``routine`` on ``day``; ``done`` is the share of its planned time."""
    start = datetime.combine(day, time(hour), ZONE)
    planned = minutes * 60
    return SessionRecord(routine=routine, started_at=start,
                         ended_at=start + timedelta(seconds=planned * done),
                         planned_seconds=planned, actual_seconds=planned * done,
                         paused_seconds=0, steps_completed=(), steps_skipped=(),
                         outcome=outcome)  # type: ignore[arg-type]


def entry(day: date, discomfort: int, *, before: int | None = None, hour: int = 8,
          flags: tuple[str, ...] = ()) -> DiaryEntry:
    """A diary entry on ``day`` (after a session when ``before`` is given)."""
    return DiaryEntry(at=datetime.combine(day, time(hour, 30), ZONE), discomfort=discomfort,
                      stiffness=2, discomfort_before=before, flags=flags)


def add(env: Env, *records: SessionRecord | DiaryEntry) -> None:
    """Put records in the environment's diary."""
    with open_store(env.places.diary_path) as store:
        for record in records:
            if isinstance(record, SessionRecord):
                store.add_session(record)
            else:
                store.add_entry(record)
