"""Today at a glance, and the one thing to do next (pure).

What ``crackcoach`` with no arguments shows is worked out here from what the
caller read: the settings, the plan's standing, and the diary's records. The
suggestion follows the order a physiotherapist would: a recent urgent or
"soon" sign comes first (the advice, not a routine); after a flare, the light
routine; then what the plan has for today; without a plan, the default routine.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import NamedTuple

from crackcoach import adherence
from crackcoach.checkin import is_flare
from crackcoach.programme import Standing, flare_text
from crackcoach.records import DiaryEntry, SessionRecord
from crackcoach.safety import Advice, advice_for, tiers_of
from crackcoach.weekdays import day_label

CALENDAR_WEEKS = 12
RECENT_SIGN_DAYS = 7  # an urgent or soon sign holds back the routine this long
LIGHT_ROUTINE = "quick-reset"


class RoutineInfo(NamedTuple):
    """What the screen says about a routine: its title and length in minutes."""

    title: str
    minutes: int


class Suggestion(NamedTuple):
    """The one thing to do next.

    ``kind`` is "advice" (a recent safety sign: see a professional, no routine),
    "routine" (run ``routine``), "done" (today's plan is done) or "rest" (the
    plan has nothing today).
    """

    kind: str
    why: str
    routine: str | None = None
    quick: bool = False
    hold: float | None = None
    advice: Advice | None = None


class CalendarWeek(NamedTuple):
    """Counted sessions on each day of one calendar week; None for days still to come."""

    start: date
    days: tuple[int | None, ...]

    @property
    def total(self) -> int:
        """Counted sessions in the week so far."""
        return sum(count or 0 for count in self.days)


class Today(NamedTuple):
    """Everything today's screen shows."""

    today: date
    first_weekday: int
    standing: Standing | None
    default_routine: str
    weekly_target: int
    week_sessions: int  # counted sessions in this calendar week
    done_today: int  # counted sessions today
    last_entry: DiaryEntry | None
    trend: str
    streak: int
    calendar: tuple[CalendarWeek, ...]
    suggestion: Suggestion
    # With activities followed: the function verdict, and which measure moved ("pain",
    # "function", "both" or "neither") with its sentence (see crackcoach.function_measure).
    function_trend: str = ""
    moved: str = ""
    moved_text: str = ""
    activities_rated: bool = True  # this week has its activity ratings (or none are followed)


def calendar(days: dict[date, int], today: date, first_weekday: int,
             weeks: int = CALENDAR_WEEKS) -> tuple[CalendarWeek, ...]:
    """The last ``weeks`` calendar weeks up to this one, oldest first."""
    this_week = adherence.week_start(today, first_weekday)
    rows = []
    for back in range(weeks - 1, -1, -1):
        start = this_week - timedelta(days=7 * back)
        cells = tuple(None if start + timedelta(days=n) > today
                      else days.get(start + timedelta(days=n), 0) for n in range(7))
        rows.append(CalendarWeek(start, cells))
    return tuple(rows)


def recent_sign(entries: Sequence[DiaryEntry], today: date) -> tuple[DiaryEntry, Advice] | None:
    """The latest entry of the last days with an urgent or soon sign, and its advice."""
    since = today - timedelta(days=RECENT_SIGN_DAYS - 1)
    for entry in sorted(entries, key=lambda e: e.at, reverse=True):
        if entry.at.date() < since:
            break
        serious = [key for key in entry.flags if set(tiers_of([key])) & {"urgent", "soon"}]
        if serious:
            return entry, advice_for(serious)[0][0]
    return None


def suggest(standing: Standing | None, entries: Sequence[DiaryEntry],
            last_entry: DiaryEntry | None, *, today: date, default_routine: str,
            done_today: int) -> Suggestion:
    """The one suggestion for today (see the module's docstring for the order)."""
    sign = recent_sign(entries, today)
    if sign is not None:
        entry, advice = sign
        return Suggestion("advice", f"You noted a sign on {day_label(entry.at.date())} "
                                    "that calls for this; no routine is suggested for "
                                    f"{RECENT_SIGN_DAYS} days after it.", advice=advice)
    if last_entry is not None and is_flare(last_entry):
        return Suggestion("routine", f"Your last entry ({day_label(last_entry.at.date())}) "
                                     f"was a flare: {flare_text(last_entry)}. A lighter "
                                     "session, and ease off anything that hurts.",
                          routine=LIGHT_ROUTINE)
    if standing is None:
        if done_today:
            return Suggestion("done", "You have stretched today. Note how you feel with "
                                      "'crackcoach log' if you have not yet.")
        return Suggestion("routine", "Your routine for today.", routine=default_routine)
    status = standing.next_item()
    if status is not None:
        item = status.item
        return Suggestion("routine", f"Next in your plan (week {standing.level}).",
                          routine=item.routine, quick=item.quick, hold=item.hold)
    if any(s.due_today for s in standing.current.items):
        return Suggestion("done", "Everything planned for today is done.")
    return Suggestion("rest", "Nothing is planned for today: a rest day.")


def build(*, today: date, standing: Standing | None, sessions: Sequence[SessionRecord],
          entries: Sequence[DiaryEntry], last_entry: DiaryEntry | None, trend: str,
          default_routine: str, weekly_target: int, first_weekday: int) -> Today:
    """Today's screen from the records of the last weeks (more records do no harm)."""
    days = adherence.counted_days(sessions)
    this_week = adherence.week_start(today, first_weekday)
    week_sessions = sum(n for day, n in days.items() if this_week <= day <= today)
    return Today(
        today=today, first_weekday=first_weekday, standing=standing,
        default_routine=default_routine, weekly_target=weekly_target,
        week_sessions=week_sessions, done_today=days.get(today, 0), last_entry=last_entry,
        trend=trend, streak=adherence.streak(days, today),
        calendar=calendar(days, today, first_weekday),
        suggestion=suggest(standing, entries, last_entry, today=today,
                           default_routine=default_routine, done_today=days.get(today, 0)))
