"""Progress over weeks: weekly figures and the clinician's change rule (pure).

Everything here works on :mod:`crackcoach.records` data classes and dates that
the caller passes in; nothing reads the clock, the disk or the terminal.

Weeks
    The period is cut into 7-day windows that *end today*: the last window is
    the seven days up to and including ``today``, the one before it the seven
    days before that, and so on. Every window is therefore complete, so "this
    week" never looks worse just because it is Monday. A record belongs to the
    window that holds its local calendar date (the offset it was logged with).
    Windows before the diary's first record are dropped, so someone who
    started three weeks ago sees three weeks, not five empty ones first.

The change rule (discomfort only; stiffness has no agreed threshold)
    The baseline is the median of the first window with a discomfort reading.
    A later window is *clear* of the threshold when its median is lower than
    the baseline by at least the band's points (1 from a baseline of 1-4, 2
    from 5-7, 3 from 8-10; a half-point baseline between bands takes the
    stricter, higher band) AND by at least 30% of the baseline.
    "Meaningful improvement" needs two windows running that are both clear; a
    window without readings is not evidence, so it breaks the run. "Possible
    worsening" is a median 2 or more points above the baseline. Anything else
    is "within day-to-day variation". A baseline of 0 cannot improve. The
    rule only ever compares weekly medians, never one session's before/after.

Cost
    One pass over the records puts each into its window (O(n)); medians sort
    each window's values (O(n log n) at worst) and streaks sort the distinct
    session days. Memory grows with the records in the period.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, replace
from datetime import date, datetime, timedelta
from statistics import median
from typing import Any, Literal

from crackcoach.records import MOBILITY, SIDES, DiaryEntry, SessionRecord
from crackcoach.safety import CRACKS_SEVERAL, WORSENING_NOTE

DEFAULT_WEEKS = 8
DEFAULT_TARGET = 3
WORSENING_POINTS = 2
IMPROVEMENT_SHARE = 0.3

Verdict = Literal["not enough data", "meaningful improvement", "possible worsening",
                  "within day-to-day variation"]
WeekStatus = Literal["baseline", "before baseline", "no readings", "lower by enough (1 week)",
                     "meaningful improvement", "possible worsening",
                     "within day-to-day variation"]

RULE = ("Baseline = median discomfort of the first week. Meaningful improvement = the weekly "
        "median is lower by at least 1 point (baseline 1-4), 2 points (5-7) or 3 points "
        "(8-10) and by at least 30%, in two weeks running. Possible worsening = 2 or more "
        "points higher. Otherwise: within day-to-day variation. Single sessions are never "
        "judged this way.")


@dataclass(frozen=True)
class Week:
    """The figures of one 7-day window."""

    start: date
    end: date
    sessions: int = 0
    completed: int = 0
    minutes: float = 0.0
    met_target: bool = False
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


@dataclass(frozen=True)
class Change:
    """Discomfort now against the first week, judged by the change rule."""

    verdict: Verdict
    baseline: float | None = None
    baseline_week: date | None = None
    latest: float | None = None
    latest_week: date | None = None
    difference: float | None = None
    target_median: float | None = None
    weeks_with_readings: int = 0
    explanation: str = ""


@dataclass(frozen=True)
class StiffnessChange:
    """Stiffness now against the first week: a raw difference, no verdict."""

    baseline: float | None = None
    latest: float | None = None
    difference: float | None = None


@dataclass(frozen=True)
class Streaks:
    """Days in a row with at least one session."""

    current: int = 0
    longest: int = 0
    longest_ended: date | None = None


@dataclass(frozen=True)
class SkippedStep:
    """A step and how often it was skipped out of the times it came up."""

    step: str
    skipped: int
    offered: int


@dataclass(frozen=True)
class FlagEvent:
    """Safety-screen answers given on one diary entry."""

    at: datetime
    flags: tuple[str, ...]


@dataclass(frozen=True)
class Note:
    """A free note from the diary."""

    at: datetime
    text: str


@dataclass(frozen=True)
class Progress:
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
    weeks_on_target: int
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

    @property
    def has_data(self) -> bool:
        """True when the period holds at least one session or entry."""
        return bool(self.sessions or self.entries)

    def to_dict(self) -> dict[str, Any]:
        """The same figures as JSON-ready data (dates as ISO strings)."""
        data: dict[str, Any] = _jsonable(asdict(self))
        return data


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _jsonable(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(item) for item in value]
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, float):
        return round(value, 2)
    return value


def _band_points(baseline: float) -> float:
    """Points of the baseline's band; a half-point baseline takes the stricter band."""
    return 1.0 if baseline <= 4 else 2.0 if baseline <= 7 else 3.0


def clears_threshold(baseline: float, value: float) -> bool:
    """True when ``value`` is down from ``baseline`` by the band's points and by 30%."""
    if baseline <= 0:
        return False
    drop = baseline - value
    # Compare 10*drop with 3*baseline so exactly 30% counts without float noise.
    return drop >= _band_points(baseline) and 10 * drop >= 3 * baseline


def target_median(baseline: float) -> float | None:
    """The highest weekly median that clears the threshold, or None when none can.

    Medians of whole-number readings move in half points, so this is the
    half-point value a person should see to count as improving.
    """
    value = math.floor(baseline * 2) / 2
    while value >= 0:
        if clears_threshold(baseline, value):
            return value
        value -= 0.5
    return None


def windows(today: date, weeks: int) -> list[tuple[date, date]]:
    """The ``weeks`` 7-day windows ending ``today``, oldest first."""
    if weeks < 1:
        raise ValueError("weeks must be at least 1")
    first = today - timedelta(days=7 * weeks - 1)
    return [(first + timedelta(days=7 * i), first + timedelta(days=7 * i + 6))
            for i in range(weeks)]


class _Bucket:
    """Values gathered for one window during the single pass."""

    __slots__ = ("completed", "crack_days", "discomfort", "entries", "minutes",
                 "session_change", "sessions", "stiffness")

    def __init__(self) -> None:
        self.sessions = 0
        self.completed = 0
        self.minutes = 0.0
        self.entries = 0
        self.discomfort: list[int] = []
        self.stiffness: list[int] = []
        self.session_change: list[int] = []
        self.crack_days: dict[date, int] = {}


class _Tally:
    """Period-wide counters filled during the single pass."""

    def __init__(self) -> None:
        self.session_days: set[date] = set()
        self.skipped: Counter[str] = Counter()
        self.offered: Counter[str] = Counter()
        self.sides: Counter[str] = Counter()
        self.mobility: Counter[str] = Counter()
        self.flags: list[FlagEvent] = []
        self.notes: list[Note] = []
        self.first_day: date | None = None

    def saw(self, day: date) -> None:
        if self.first_day is None or day < self.first_day:
            self.first_day = day


def compute(sessions: Iterable[SessionRecord], entries: Iterable[DiaryEntry], *,
            today: date, weeks: int = DEFAULT_WEEKS, target: int = DEFAULT_TARGET,
            routine: str | None = None, diary_start: date | None = None) -> Progress:
    """Weekly figures for the ``weeks`` windows ending ``today``.

    Records outside the period are ignored, so the caller may pass a little
    more than the period. With ``routine`` only that routine's sessions count,
    and only the diary entries logged with them. ``diary_start`` is the day of
    the diary's first record; windows before it are dropped (default: the
    first record passed in).
    """
    if target < 1:
        raise ValueError("target must be at least 1")
    spans = windows(today, weeks)
    first = spans[0][0]
    buckets = [_Bucket() for _ in spans]
    tally = _Tally()
    kept_sessions: set[int] = set()
    for record in sessions:
        if routine is not None and record.routine != routine:
            continue
        if record.id is not None:
            kept_sessions.add(record.id)
        _add_session(record, first, buckets, tally)
    for entry in entries:
        if routine is not None and entry.session_id not in kept_sessions:
            continue
        _add_entry(entry, first, buckets, tally)
    start = diary_start if diary_start is not None else tally.first_day
    keep = [i for i, (_, end) in enumerate(spans) if start is not None and end >= start]
    weeks_out = _judge_weeks([_week(spans[i], buckets[i], target) for i in keep])
    return _assemble(weeks_out, spans, tally, today=today, weeks=weeks, target=target,
                     routine=routine)


def _index(day: date, first: date, count: int) -> int | None:
    index = (day - first).days // 7
    return index if 0 <= index < count else None


def _add_session(record: SessionRecord, first: date, buckets: list[_Bucket],
                 tally: _Tally) -> None:
    day = record.started_at.date()
    index = _index(day, first, len(buckets))
    if index is None:
        return
    tally.saw(day)
    bucket = buckets[index]
    bucket.sessions += 1
    bucket.completed += record.outcome == "completed"
    bucket.minutes += max(record.actual_seconds, 0.0) / 60
    tally.session_days.add(day)
    tally.skipped.update(record.steps_skipped)
    tally.offered.update(record.steps_skipped)
    tally.offered.update(record.steps_completed)


def _add_entry(entry: DiaryEntry, first: date, buckets: list[_Bucket], tally: _Tally) -> None:
    day = entry.at.date()
    index = _index(day, first, len(buckets))
    if index is None:
        return
    tally.saw(day)
    bucket = buckets[index]
    bucket.entries += 1
    if entry.discomfort is not None:
        bucket.discomfort.append(entry.discomfort)
        if entry.discomfort_before is not None:
            bucket.session_change.append(entry.discomfort - entry.discomfort_before)
    if entry.stiffness is not None:
        bucket.stiffness.append(entry.stiffness)
    if entry.cracks is not None:
        # "Times today": several entries on one day report the same day, so keep the most.
        bucket.crack_days[day] = max(entry.cracks, bucket.crack_days.get(day, 0))
    if entry.tighter_side is not None:
        tally.sides[entry.tighter_side] += 1
    if entry.mobility is not None:
        tally.mobility[entry.mobility] += 1
    if entry.flags:
        tally.flags.append(FlagEvent(entry.at, tuple(entry.flags)))
    if entry.note and entry.note.strip():
        tally.notes.append(Note(entry.at, entry.note))


def _median(values: Sequence[int]) -> float | None:
    return float(median(values)) if values else None


def _week(span: tuple[date, date], bucket: _Bucket, target: int) -> Week:
    crack_days = len(bucket.crack_days)
    return Week(
        start=span[0], end=span[1], sessions=bucket.sessions, completed=bucket.completed,
        minutes=bucket.minutes, met_target=bucket.sessions >= target, entries=bucket.entries,
        discomfort=_median(bucket.discomfort), discomfort_readings=len(bucket.discomfort),
        stiffness=_median(bucket.stiffness), stiffness_readings=len(bucket.stiffness),
        session_change=_median(bucket.session_change),
        session_change_readings=len(bucket.session_change),
        cracks_per_day=(sum(bucket.crack_days.values()) / crack_days) if crack_days else None,
        crack_days=crack_days,
    )


def _judge_weeks(weeks: list[Week]) -> list[Week]:
    """Give each week its status against the baseline, following the change rule."""
    baseline: float | None = None
    previous_clear = False
    judged: list[Week] = []
    for week in weeks:
        status: WeekStatus
        if baseline is None:
            if week.discomfort is None:
                status = "before baseline"
            else:
                baseline, status = week.discomfort, "baseline"
        elif week.discomfort is None:
            status, previous_clear = "no readings", False
        elif week.discomfort - baseline >= WORSENING_POINTS:
            status, previous_clear = "possible worsening", False
        elif clears_threshold(baseline, week.discomfort):
            status = "meaningful improvement" if previous_clear else "lower by enough (1 week)"
            previous_clear = True
        else:
            status, previous_clear = "within day-to-day variation", False
        judged.append(replace(week, status=status))
    return judged


def judge(weeks: Sequence[Week]) -> Change:
    """The overall verdict: the status of the latest week that has readings."""
    read = [w for w in weeks if w.discomfort is not None]
    if not read:
        return Change("not enough data", explanation=(
            "No discomfort readings yet. Once there are two weeks of them, the weekly "
            "medians can be compared with the first week."))
    base, latest = read[0], read[-1]
    assert base.discomfort is not None and latest.discomfort is not None
    needed = target_median(base.discomfort)
    if len(read) == 1:
        return Change("not enough data", base.discomfort, base.start, base.discomfort,
                      base.start, None, needed, 1, _one_week_text(base))
    verdict: Verdict
    if latest.status in ("possible worsening", "meaningful improvement"):
        verdict = latest.status
    else:
        verdict = "within day-to-day variation"
    return Change(verdict, base.discomfort, base.start, latest.discomfort, latest.start,
                  latest.discomfort - base.discomfort, needed, len(read),
                  _change_text(verdict, latest, base.discomfort, needed))


def _num(value: float) -> str:
    return f"{value:g}"


def _one_week_text(base: Week) -> str:
    assert base.discomfort is not None
    readings = base.discomfort_readings
    return (f"Only one week of discomfort readings so far: median {_num(base.discomfort)} "
            f"from {readings} reading{'s' if readings != 1 else ''}. This week is the "
            "baseline. Next week's median will show how things compare with it, and a "
            "meaningful improvement can be judged once two later weeks in a row are lower "
            "by enough.")


def _change_text(verdict: Verdict, latest: Week, baseline: float, needed: float | None) -> str:
    assert latest.discomfort is not None
    move = latest.discomfort - baseline
    direction = ("no change" if move == 0 else
                 f"{_num(abs(move))} point{'s' if abs(move) != 1 else ''} "
                 f"{'lower' if move < 0 else 'higher'}")
    head = (f"Discomfort in the week of {latest.start.isoformat()}: median "
            f"{_num(latest.discomfort)} against {_num(baseline)} in the first week "
            f"({direction}).")
    if verdict == "meaningful improvement":
        return head + " Lower by enough in two weeks running: a meaningful improvement."
    if verdict == "possible worsening":
        return f"{head} {WORSENING_NOTE}"
    if needed is None:
        return head + (" The first week had no discomfort, so there is nothing to improve "
                       "on; only a rise would show.")
    tail = (f" Counting as a meaningful improvement needs a median of {_num(needed)} or "
            "lower in two weeks running.")
    if latest.status == "lower by enough (1 week)":
        tail = " Lower by enough this week; one more week like it would count as meaningful."
    return head + " Within day-to-day variation." + tail


def _streaks(days: set[date], today: date) -> Streaks:
    longest, longest_end, run, previous = 0, None, 0, None
    for day in sorted(days):
        run = run + 1 if previous is not None and (day - previous).days == 1 else 1
        previous = day
        if run >= longest:
            longest, longest_end = run, day
    current = 0
    # A streak still counts this morning if yesterday had a session.
    cursor = today if today in days else today - timedelta(days=1)
    while cursor in days:
        current += 1
        cursor -= timedelta(days=1)
    return Streaks(current, longest, longest_end)


def _reliance(weeks: Sequence[Week]) -> bool:
    """Several deliberate cracks a day in each of the last two weeks that logged them."""
    logged = [w.cracks_per_day for w in weeks if w.cracks_per_day is not None]
    return len(logged) >= 2 and all(v >= CRACKS_SEVERAL for v in logged[-2:])


def _stiffness_change(weeks: Sequence[Week]) -> StiffnessChange:
    read = [w.stiffness for w in weeks if w.stiffness is not None]
    if not read:
        return StiffnessChange()
    if len(read) == 1:
        return StiffnessChange(baseline=read[0])
    return StiffnessChange(read[0], read[-1], read[-1] - read[0])


def _assemble(table: list[Week], spans: list[tuple[date, date]], tally: _Tally, *,
              today: date, weeks: int, target: int, routine: str | None) -> Progress:
    skipped = sorted(
        (SkippedStep(step, count, tally.offered[step]) for step, count in tally.skipped.items()),
        key=lambda s: (-s.skipped, -s.skipped / s.offered, s.step))
    return Progress(
        today=today, weeks_asked=weeks, target=target, routine=routine,
        period_start=table[0].start if table else spans[0][0], period_end=today,
        weeks=tuple(table),
        sessions=sum(w.sessions for w in table),
        entries=sum(w.entries for w in table),
        minutes=sum(w.minutes for w in table),
        weeks_on_target=sum(w.met_target for w in table),
        streaks=_streaks(tally.session_days, today),
        change=judge(table), stiffness_change=_stiffness_change(table),
        skipped=tuple(skipped[:5]),
        sides={side: tally.sides[side] for side in SIDES},
        mobility={m: tally.mobility[m] for m in MOBILITY},
        flags=tuple(sorted(tally.flags, key=lambda f: f.at)),
        notes=tuple(sorted(tally.notes, key=lambda n: n.at)),
        reliance_note=_reliance(table),
    )
