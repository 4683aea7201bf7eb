"""Which sessions count, calendar weeks and streaks: the one definition of each (pure).

Today's screen, plans, ``stats`` and the report all count sessions and cut
the calendar with these functions, so they always agree:

- :func:`counted`: a session counts when it was completed or at least half of
  its planned time was done (pauses left out); a three-second quit does not.
  Sessions that do not count are *partial*: shown, never counted.
- :func:`week_start`: weeks are calendar weeks starting on Monday, or on
  Sunday when the settings say so (``week-start``).
- :func:`streak` and :func:`streaks`: days in a row with a counted session.

The verdict on weekly discomfort is :mod:`crackcoach.progress.weekly`'s (``compute``,
``discomfort_rose`` for plans), which counts with these; today's screen asks
it through ``crackcoach.app.trend.verdict``.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from crackcoach.base.typenames import NamedTuple
from crackcoach.diary.records import SessionRecord

COUNTED_SHARE = 0.5  # of the planned time, for a session that was not completed


def active_seconds(session: SessionRecord) -> float:
    """The time a session ran, pauses left out (``actual_seconds`` includes them)."""
    return max(0.0, session.actual_seconds - session.paused_seconds)


def counted(session: SessionRecord) -> bool:
    """True when the session counts as done: completed, or half its planned time done."""
    if session.outcome == "completed":
        return True
    return active_seconds(session) >= session.planned_seconds * COUNTED_SHARE


def local_day(session: SessionRecord) -> date:
    """The calendar day the session started on, in the time it was recorded with."""
    return session.started_at.date()


def week_start(day: date, first_weekday: int = 0) -> date:
    """The first day of the calendar week holding ``day`` (Monday 0 ... Sunday 6)."""
    return day - timedelta(days=(day.weekday() - first_weekday) % 7)


def counted_days(sessions: Iterable[SessionRecord]) -> dict[date, int]:
    """Counted sessions per calendar day."""
    days: dict[date, int] = {}
    for session in sessions:
        if counted(session):
            day = local_day(session)
            days[day] = days.get(day, 0) + 1
    return days


def streak(days: Iterable[date], today: date) -> int:
    """Days in a row with a counted session, up to today (or yesterday, if today has none)."""
    chosen = set(days)
    cursor = today if today in chosen else today - timedelta(days=1)
    length = 0
    while cursor in chosen:
        length += 1
        cursor -= timedelta(days=1)
    return length


class Streaks(NamedTuple):
    """Days in a row with at least one counted session."""

    current: int = 0
    longest: int = 0
    longest_ended: date | None = None


def streaks(days: Iterable[date], today: date) -> Streaks:
    """The current streak (see :func:`streak`) and the longest among ``days``."""
    chosen = set(days)
    longest, longest_end, run, previous = 0, None, 0, None
    for day in sorted(chosen):
        run = run + 1 if previous is not None and (day - previous).days == 1 else 1
        previous = day
        if run >= longest:
            longest, longest_end = run, day
    return Streaks(streak(chosen, today), longest, longest_end)


def week_so_far(sessions: Iterable[SessionRecord], today: date, target: int,
                first_weekday: int = 0) -> tuple[int, int]:
    """(counted sessions in the calendar week holding ``today`` up to today, ``target``).

    For "This week: N of T sessions" after a session. ``sessions`` may hold
    more than the week (and the session just saved); the others are ignored.
    """
    start = week_start(today, first_weekday)
    done = sum(1 for s in sessions if start <= local_day(s) <= today and counted(s))
    return done, target
