"""Plans: a programme of weeks, each saying which routines to do and how often.

Plain data only. Reading and checking a plan file is :mod:`crackcoach.plans.reader`;
following a plan through the calendar (which week you are on, what is due
today, when it moves up or back) is :mod:`crackcoach.plans.programme`. The format is
documented in docs/plans.md.
"""

from __future__ import annotations

from pathlib import Path

from crackcoach.base.checker import Range
from crackcoach.base.typenames import NamedTuple
from crackcoach.routines.model import HOLD_RANGE, REPS_RANGE, SETS_RANGE, Variant

MAX_WEEKS = 52
MAX_ITEMS = 10

PLAN_KEYS = ("version", "name", "title", "summary", "caution", "progression", "weeks")
WEEK_KEYS = ("note", "routines")
ITEM_KEYS = ("routine", "times", "days", "quick", "hold", "steps")
STEP_CHANGE_KEYS = ("reps", "sets", "hold", "version")
PROGRESSION_KEYS = ("move-up-when", "move-up-share", "least-sessions", "drop-back-after",
                    "drop-back-weeks")

# What must hold at the end of a week before the plan moves up to the next one.
PLANNED_DONE = "planned-done"
DISCOMFORT_STEADY = "discomfort-steady"
MOVE_UP_CONDITIONS = (PLANNED_DONE, DISCOMFORT_STEADY)
# What makes the plan drop back.
FLARE, URGENT_SIGN, SOON_SIGN = "flare", "urgent-sign", "soon-sign"
DROP_BACK_EVENTS = (FLARE, URGENT_SIGN, SOON_SIGN)

TIMES_RANGE = Range(1, 7, integer=True)
# Never fewer than 2: one session says nothing about how a week went.
LEAST_SESSIONS_RANGE = Range(2, 21, integer=True)
DROP_BACK_RANGE = Range(0, 4, integer=True)
ITEM_HOLD_RANGE = HOLD_RANGE
# The share of planned sessions (in percent) a week needs to move up: about 80% of a
# home programme is a good week.
MOVE_UP_SHARE = 80
SHARE_RANGE = Range(50, 100, integer=True)
STEP_REPS_RANGE, STEP_SETS_RANGE, STEP_HOLD_RANGE = REPS_RANGE, SETS_RANGE, HOLD_RANGE


class Progression(NamedTuple):
    """When the plan moves up a week, and when it drops back."""

    move_up_when: tuple[str, ...] = MOVE_UP_CONDITIONS
    move_up_share: int = MOVE_UP_SHARE  # percent of the planned sessions
    least_sessions: int = 2
    drop_back_after: tuple[str, ...] = DROP_BACK_EVENTS
    drop_back_weeks: int = 1


class StepChange(NamedTuple):
    """A plan week's change to one step of a routine: more reps, longer holds, a version."""

    step: str  # the step's name in the routine file
    reps: int | None = None  # repetitions of a reps step, rounds of a hold step
    sets: int | None = None
    hold: float | None = None
    version: Variant | None = None  # play the step's easier or harder version


class PlanItem(NamedTuple):
    """One routine in a week: on set days, or a number of times a week, with its dose."""

    routine: str
    days: tuple[int, ...] = ()  # weekday numbers, Monday 0; empty when ``times`` is used
    times: int = 0  # times a week on any days; 0 when ``days`` is used
    quick: bool = False  # the shorter version: one round, holds at most 20 s
    hold: float | None = None  # hold every stretch this many seconds
    steps: tuple[StepChange, ...] = ()  # changes to single steps, in the file's order


class PlanWeek(NamedTuple):
    """What one week of a plan asks for."""

    items: tuple[PlanItem, ...]
    note: str = ""


class Plan(NamedTuple):
    """A checked plan."""

    name: str
    title: str
    weeks: tuple[PlanWeek, ...]
    summary: str = ""
    caution: str | None = None
    progression: Progression = Progression()
    source: str = "<text>"
    path: Path | None = None
    builtin: bool = False

    def week(self, number: int) -> PlanWeek:
        """Week ``number`` (1-based), the last week for any number past the end."""
        return self.weeks[max(1, min(number, len(self.weeks))) - 1]
