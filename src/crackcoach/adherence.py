"""Which sessions count, calendar weeks, streaks, and the trend word (pure).

Today's screen and plans need a few figures that the progress module also
works out. They are kept behind these small functions so that each can be
pointed at :mod:`crackcoach.progress` once it offers the same thing:

- :func:`counted`: a session counts when it was completed or at least half of
  its planned time was done (pauses left out); a three-second quit does not.
- :func:`week_start`: weeks are calendar weeks starting on Monday, or on
  Sunday when the settings say so.
- :func:`trend`: the verdict of the progress rule on weekly discomfort, as
  ``crackcoach stats`` shows it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, timedelta

from crackcoach.records import DiaryEntry, SessionRecord

TREND_WEEKS = 8  # as many weeks as `crackcoach stats` shows by default


def counted(session: SessionRecord) -> bool:
    """True when the session counts as done: completed, or half its planned time done."""
    if session.outcome == "completed":
        return True
    done = session.actual_seconds - session.paused_seconds
    return done >= session.planned_seconds / 2


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


def trend(sessions: Sequence[SessionRecord], entries: Sequence[DiaryEntry], *, today: date,
          target: int, diary_start: date | None) -> str:
    """The progress rule's verdict on weekly discomfort over the weeks ``stats`` shows."""
    if not any(entry.discomfort is not None for entry in entries):
        return "not enough data"  # what the rule says without readings, and quicker
    from crackcoach import progress

    return progress.compute(sessions, entries, today=today, weeks=TREND_WEEKS, target=target,
                            diary_start=diary_start).change.verdict


def discomfort_rose(entries: Sequence[DiaryEntry], *, since: date, until: date) -> bool:
    """True when the progress rule, counted from ``since``, sees worsening by ``until``.

    ``until`` is the last day of a week; the weekly medians from ``since`` on
    are compared the way ``crackcoach stats`` compares them.
    """
    from crackcoach import progress

    kept = [e for e in entries if since <= e.at.date() <= until]
    if not any(entry.discomfort is not None for entry in kept):
        return False
    weeks = (until - since).days // 7 + 1
    verdict = progress.compute([], kept, today=until, weeks=weeks, diary_start=since)
    return verdict.change.verdict == "possible worsening"
