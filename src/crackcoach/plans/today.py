"""Today at a glance, and the one thing to do next (pure).

What ``crackcoach`` with no arguments shows is worked out here from what the
caller read: the settings, the plan's standing, and the diary's records. The
suggestion follows the order a physiotherapist would: an urgent or "soon" sign
still open comes first (the advice, not a routine, until ``crackcoach
cleared``); when discomfort has been "possible worsening" two weeks running,
the light routine and the advice to see a doctor or physiotherapist; after a
flare, the light routine; then what the plan has for today; without a plan,
the default routine.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from crackcoach.base.typenames import NamedTuple
from crackcoach.base.weekdays import day_label
from crackcoach.diary.records import DiaryEntry, SessionRecord
from crackcoach.plans.easing import Easing, after_stop
from crackcoach.plans.programme import Standing
from crackcoach.progress import adherence
from crackcoach.progress.coach import WORSENING_ADVICE, Flare, Levels, OpenSign, sign_words
from crackcoach.safety.signs import Advice

CALENDAR_WEEKS = 12
LIGHT_ROUTINE = "quick-reset"


class RoutineInfo(NamedTuple):
    """What the screen says about a routine: its title and length in minutes."""

    title: str
    minutes: int
    length: str = ""  # as the session's opening screen says it, e.g. "5 min 5 s"


class Suggestion(NamedTuple):
    """The one thing to do next.

    ``kind`` is "advice" (a safety sign still open: see a professional; ``routine``
    is the light routine, run only after a typed confirmation),
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
    easing: Easing | None = None  # a recent stop for pain keeps sessions lighter
    trend_week: date | None = None  # the week the trend judged (its first day)
    sign: OpenSign | None = None  # an urgent or soon sign not cleared yet
    worsening: bool = False  # "possible worsening" two judged weeks running
    # With activities followed: the function verdict, and which measure moved ("pain",
    # "function", "both" or "neither") with its sentence (see crackcoach.progress.function).
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


def suggest(standing: Standing | None, entries: Sequence[DiaryEntry],
            last_entry: DiaryEntry | None, *, today: date, default_routine: str,
            done_today: int, sign: OpenSign | None = None,
            worsening: bool = False, flare: Flare | None = None) -> Suggestion:
    """The one suggestion for today (see the module's docstring for the order)."""
    if sign is not None:
        return Suggestion("advice", sign_words(sign), routine=LIGHT_ROUTINE,
                          advice=sign.advice)
    if worsening:
        return Suggestion("routine", WORSENING_ADVICE, routine=LIGHT_ROUTINE)
    if flare is not None:
        return Suggestion("routine", f"Your last entry ({day_label(flare.entry.at.date())}) "
                                     f"was a flare: {flare.reason}. A lighter session, and "
                                     "ease off anything that hurts.",
                          routine=LIGHT_ROUTINE)
    if standing is None:
        if done_today:
            noted = last_entry is not None and last_entry.at.date() == today
            return Suggestion("done", "You have stretched today." if noted else
                              "You have stretched today. Note how you feel with "
                              "'crackcoach log'.")
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
          default_routine: str, weekly_target: int, first_weekday: int,
          sign: OpenSign | None = None, worsening: bool = False) -> Today:
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
                           default_routine=default_routine, done_today=days.get(today, 0),
                           sign=sign, worsening=worsening,
                           flare=Levels(entries, first_weekday).flare(last_entry)
                           if last_entry is not None else None),
        sign=sign, worsening=worsening, easing=after_stop(sessions, today))
