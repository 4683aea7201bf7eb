"""Which week a session counts in, and how that week stands (pure).

One rule for the finish screen and ``crackcoach done``: while a plan is
active, a session counts against the plan week holding its day (the plan's
planned sessions, each routine once a day); otherwise against the weekly
target, in the calendar week holding its day. Either way the week is named,
so a session recorded for last month says which week it counted in.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from crackcoach.base.typenames import NamedTuple
from crackcoach.base.weekdays import day_label
from crackcoach.diary.records import SessionRecord
from crackcoach.plans.programme import Standing
from crackcoach.progress import adherence


class WeekCount(NamedTuple):
    """Sessions counted in one week against what it asks for, and which week it is."""

    done: int
    target: int
    week: str  # "plan week 3 (Wed 21 Jan - Tue 27 Jan)" or "the week of Mon 30 Nov"
    planned: bool  # True: against a plan week's planned sessions

    def counts(self) -> str:
        """E.g. "4 of 10 planned sessions", "1 of 3 sessions (your weekly target)"."""
        if self.planned:
            return f"{self.done} of {self.target} planned sessions"
        return f"{self.done} of {self.target} sessions (your weekly target)"

    def line(self) -> str:
        """E.g. "4 of 10 planned sessions in plan week 3 (Wed 21 Jan - Tue 27 Jan)"."""
        if self.planned:
            return f"{self.counts()} in {self.week}"
        return f"{self.done} of {self.target} sessions in {self.week} (your weekly target)"


def count_for(day: date, standing: Standing | None, sessions: Iterable[SessionRecord], *,
              weekly_target: int, first_weekday: int = 0) -> WeekCount:
    """How the week holding ``day`` stands (see the module's docstring)."""
    if standing is not None:
        for week in (*standing.history, standing.current):
            if week.start <= day <= week.end:
                return WeekCount(week.done, week.planned, f"plan week {week.level} "
                                 f"({day_label(week.start)} - {day_label(week.end)})", True)
    start = adherence.week_start(day, first_weekday)
    end = start + timedelta(days=6)
    done = sum(1 for s in sessions if start <= adherence.local_day(s) <= end
               and adherence.counted(s))
    return WeekCount(done, weekly_target, f"the week of {day_label(start)}", False)
