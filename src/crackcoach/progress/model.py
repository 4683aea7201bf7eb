"""What ``stats`` and ``report`` show, as plain data: the weeks, the verdict, the period.

Produced by :func:`crackcoach.progress.weekly.compute` (which re-exports these names);
read by the views, the report and ``--json``.
"""

from __future__ import annotations

from datetime import date, datetime

from crackcoach.base.typenames import TYPE_CHECKING, NamedTuple
from crackcoach.progress.adherence import Streaks
from crackcoach.progress.coach import OpenSign
from crackcoach.progress.function import FunctionChange

if TYPE_CHECKING:
    from typing import Any, Literal, TypeAlias

Verdict: TypeAlias = (
    "Literal['not enough data', 'meaningful improvement', 'possible worsening',"
    " 'within day-to-day variation']"
)
WeekStatus: TypeAlias = (
    "Literal['baseline', 'before baseline', 'no readings', 'too few readings', 'so far',"
    " 'lower by enough (1 week)', 'meaningful improvement', 'possible worsening',"
    " 'within day-to-day variation']"
)
JUDGED: tuple[WeekStatus, ...] = ("lower by enough (1 week)", "meaningful improvement",
                                  "possible worsening", "within day-to-day variation")

RULE = ("Weeks are calendar weeks. Baseline = the median discomfort of the diary's first week "
        "with at least 3 readings. Each later complete week with at least 2 readings is "
        "compared with it: meaningful improvement = the weekly median is lower by at least 1 "
        "point (baseline 1-4), 2 points (5-7) or 3 points (8-10) and by at least 30%, in two "
        "weeks running; possible worsening = 2 or more points higher; otherwise within "
        "day-to-day variation. Weeks with fewer readings, and the current week, are shown "
        "but not judged. Single sessions are never judged this way.")


class Week(NamedTuple):
    """The figures of one calendar week."""

    start: date
    end: date
    sessions: int = 0  # every session recorded
    completed: int = 0
    counted: int = 0  # completed, or at least half the planned time done
    partial: int = 0  # the others: shown, never counted
    minutes: float = 0.0
    met_target: bool = False  # counted sessions reached the target
    entries: int = 0
    discomfort: float | None = None
    discomfort_readings: int = 0
    stiffness: float | None = None
    stiffness_readings: int = 0
    session_change: float | None = None
    session_change_readings: int = 0
    cracks_per_day: float | None = None
    crack_days: int = 0
    status: WeekStatus = "no readings"
    so_far: bool = False  # the current week, still running


class Change(NamedTuple):
    """Discomfort in the latest judged week against the baseline week."""

    verdict: Verdict
    baseline: float | None = None
    baseline_week: date | None = None
    latest: float | None = None
    latest_week: date | None = None
    difference: float | None = None
    target_median: float | None = None
    weeks_with_readings: int = 0  # weeks judged, the baseline week included
    explanation: str = ""
    baseline_readings: int = 0
    latest_readings: int = 0
    lasting_worsening: bool = False  # the latest judged week and the one before it worsened


class StiffnessChange(NamedTuple):
    """Stiffness in the same two weeks: a raw difference, no verdict."""

    baseline: float | None = None
    latest: float | None = None
    difference: float | None = None


class SkippedStep(NamedTuple):
    """A step and how often it was skipped out of the times it came up."""

    step: str
    skipped: int
    offered: int


class FlagEvent(NamedTuple):
    """Safety-screen answers given on one diary entry."""

    at: datetime
    flags: tuple[str, ...]
    entry_id: int | None = None


class Note(NamedTuple):
    """A free note from the diary."""

    at: datetime
    text: str
    entry_id: int | None = None


class Progress(NamedTuple):
    """Everything ``stats`` and ``report`` show, as plain data."""

    today: date
    weeks_asked: int
    target: int
    routine: str | None
    period_start: date
    period_end: date
    weeks: tuple[Week, ...]
    sessions: int
    entries: int
    minutes: float
    weeks_on_target: int  # complete weeks whose counted sessions reached the target
    streaks: Streaks
    change: Change
    stiffness_change: StiffnessChange
    skipped: tuple[SkippedStep, ...]
    sides: dict[str, int]
    mobility: dict[str, int]
    flags: tuple[FlagEvent, ...]
    notes: tuple[Note, ...]
    reliance_note: bool
    rule: str = RULE
    first_weekday: int = 0
    counted: int = 0
    partial: int = 0
    complete_weeks: int = 0
    baseline_before_period: Week | None = None  # shown above the period, marked
    earlier_notes: int = 0  # notes of the period not listed (only the latest KEPT are)
    earlier_flags: int = 0
    recorded_afterwards: int = 0  # sessions recorded with `crackcoach done`
    open_sign: OpenSign | None = None  # an urgent or soon sign not cleared (progress.coach)
    # The activities' weekly ratings (see crackcoach.progress.function), and which measure
    # moved: "pain", "function", "both" or "neither", with the sentence that says so.
    function: FunctionChange | None = None
    moved: str = "neither"
    moved_text: str = ""

    @property
    def has_data(self) -> bool:
        """True when the period holds at least one session or entry."""
        return bool(self.sessions or self.entries)

    def to_dict(self) -> dict[str, Any]:
        """The same figures as JSON-ready data (dates as ISO strings)."""
        data: dict[str, Any] = _jsonable(self)
        data["week_starts_on"] = "sunday" if self.first_weekday == 6 else "monday"
        return data


def _jsonable(value: Any) -> Any:
    if isinstance(value, tuple) and hasattr(value, "_asdict"):  # a record: its fields
        return _jsonable(value._asdict())
    if isinstance(value, dict):
        return {key: _jsonable(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(item) for item in value]
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, float):
        return round(value, 2)
    return value
