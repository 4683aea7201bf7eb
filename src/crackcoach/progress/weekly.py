"""Progress over weeks: weekly figures and the clinician's change rule (pure).

Everything here works on :mod:`crackcoach.diary.records` data and dates that the
caller passes in; nothing reads the clock, the disk or the terminal.

Weeks
    Calendar weeks, Monday to Sunday (or Sunday to Saturday, see
    ``first_weekday``), the same whatever the day you look. The period shown is
    the ``weeks`` calendar weeks up to the one holding ``today``, which is shown
    "so far" and never judged. A record belongs to the week of its local
    calendar date (the offset it was recorded with). Weeks before the diary's
    first record are left out of the period.

The change rule (discomfort only; stiffness has no agreed threshold)
    The baseline is the median of the diary's first calendar week with at least
    3 discomfort readings, whatever period is shown. A later complete week with
    at least 2 readings is judged against it; weeks with fewer are shown, not
    judged. A judged week is *lower by enough* when its median is lower than the
    baseline by the band's points (1 from a baseline of 1-4, 2 from 5-7, 3 from
    8-10; a half-point baseline between bands takes the stricter band) AND by at
    least 30%. "Meaningful improvement" needs two calendar weeks running that
    are both lower by enough. "Possible worsening" is a median 2 or more points
    above the baseline. Anything else is "within day-to-day variation". The
    verdict is that of the latest judged week, so it is the same for any number
    of weeks shown and on any day of the same week. When the calendar week
    before the latest judged week was "possible worsening" too, the worsening
    has lasted: every screen says so and recommends a doctor or physiotherapist
    (crackcoach.progress.coach.WORSENING_ADVICE), the suggestion is the light routine and
    a plan drops back a week.

Cost
    One pass over the records, in any order. Each week keeps counts of its
    readings (0-10) rather than the readings, so memory grows with the number
    of weeks, not of records; notes and safety answers of the period are kept up
    to a limit.
"""

from __future__ import annotations

import heapq
import math
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime, timedelta

from crackcoach.base.typenames import TYPE_CHECKING
from crackcoach.diary.activities import Activity, Rating
from crackcoach.diary.records import MOBILITY, SIDES, DiaryEntry, EntryFact, SessionRecord
from crackcoach.progress import function as function_measure
from crackcoach.progress import verdict as verdict_text
from crackcoach.progress.adherence import active_seconds, counted, streaks, week_start
from crackcoach.progress.model import (
    JUDGED,
    Change,
    FlagEvent,
    Note,
    Progress,
    SkippedStep,
    StiffnessChange,
    Verdict,
    Week,
    WeekStatus,
)
from crackcoach.safety.signs import CRACKS_SEVERAL

if TYPE_CHECKING:
    from typing import Any

DEFAULT_WEEKS = 8
DEFAULT_TARGET = 3
WORSENING_POINTS = 2
IMPROVEMENT_SHARE = 0.3
BASELINE_READINGS = 3  # a week needs this many discomfort readings to be the baseline
JUDGED_READINGS = 2  # ...and this many to be judged against it
KEPT = 200  # notes and safety answers listed; earlier ones are counted

def band_points(baseline: float) -> float:
    """Points of the baseline's band; a half-point baseline takes the stricter band."""
    return 1.0 if baseline <= 4 else 2.0 if baseline <= 7 else 3.0


def clears_threshold(baseline: float, value: float) -> bool:
    """True when ``value`` is down from ``baseline`` by the band's points and by 30%."""
    if baseline <= 0:
        return False
    drop = baseline - value
    # Compare 10*drop with 3*baseline so exactly 30% counts without float noise.
    return drop >= band_points(baseline) and 10 * drop >= 3 * baseline


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


def period(today: date, weeks: int, first_weekday: int = 0) -> tuple[date, date]:
    """The first day of the ``weeks`` calendar weeks up to the one holding ``today``, and today."""
    if weeks < 1:
        raise ValueError("weeks must be at least 1")
    return week_start(today, first_weekday) - timedelta(days=7 * (weeks - 1)), today


def _nth(bins: list[int], index: int) -> int:
    """The value at ``index`` (from 0) of the readings ``bins`` counts, in order."""
    for value, count in enumerate(bins):
        index -= count
        if index < 0:
            return value
    raise IndexError(index)


def _median(bins: list[int], low: int = 0) -> float | None:
    """The median of the readings counted in ``bins`` (``bins[i]``: readings of ``i + low``),
    as statistics.median gives it; None without readings."""
    count = sum(bins)
    if not count:
        return None
    return (_nth(bins, (count - 1) // 2) + _nth(bins, count // 2)) / 2 + low


class _Bucket:
    """What one calendar week gathers during the single pass.

    Readings are counted by value (how many 0s, 1s, ... 10s), which is all a
    median needs, so a week takes the same memory whatever its readings.
    """

    __slots__ = ("completed", "counted", "crack_days", "discomfort", "entries", "minutes",
                 "session_change", "sessions", "stiffness")

    def __init__(self) -> None:
        self.sessions = self.completed = self.counted = self.entries = 0
        self.minutes = 0.0
        self.discomfort = [0] * 11
        self.stiffness = [0] * 11
        self.session_change = [0] * 21  # after - before, from -10 at index 0
        self.crack_days: dict[date, int] = {}


class _Tally:
    """Period-wide figures gathered during the single pass."""

    def __init__(self) -> None:
        self.session_days: set[date] = set()
        self.skipped: Counter[str] = Counter()
        self.offered: Counter[str] = Counter()
        self.sides: Counter[str] = Counter()
        self.mobility: Counter[str] = Counter()
        self.flags: list[tuple[datetime, int, FlagEvent]] = []  # heaps
        self.notes: list[tuple[datetime, int, Note]] = []
        self.all_flags = 0
        self.all_notes = 0
        self.recorded_afterwards = 0
        self.first_day: date | None = None


def compute(sessions: Iterable[SessionRecord], entries: Iterable[DiaryEntry | EntryFact], *,
            today: date, weeks: int = DEFAULT_WEEKS, target: int = DEFAULT_TARGET,
            routine: str | None = None, diary_start: date | None = None,
            first_weekday: int = 0, ratings: Iterable[Rating] = (),
            activities: Sequence[Activity] = ()) -> Progress:
    """Weekly figures for the ``weeks`` calendar weeks up to the one holding ``today``.

    Pass the diary from its start: the baseline is its first week with enough
    readings, and the verdict is that of its latest judged week, whatever the
    period. Records after ``today`` are ignored. With ``routine`` only that
    routine's sessions count, and only the entries logged with them (the caller
    may pass entries already chosen that way). ``diary_start`` is the day of the
    diary's first record (default: the first record passed in). ``ratings`` and
    ``activities`` give the weekly function measure (:mod:`crackcoach.progress.function`).
    """
    if target < 1:
        raise ValueError("target must be at least 1")
    first, _ = period(today, weeks, first_weekday)
    buckets: dict[date, _Bucket] = {}
    tally = _Tally()
    kept_sessions: set[int] = set()
    for record in sessions:
        if routine is not None and record.routine != routine:
            continue
        if record.id is not None:
            kept_sessions.add(record.id)
        _add_session(record, today, first, first_weekday, buckets, tally)
    _add_entries(entries, None if routine is None else kept_sessions, today, first,
                 first_weekday, buckets, tally)
    start = diary_start if diary_start is not None else tally.first_day
    found = _assemble(buckets, tally, today=today, weeks=weeks, target=target, routine=routine,
                      first_weekday=first_weekday, diary_start=start)
    function = function_measure.compute(ratings, activities, today=today,
                                        first_weekday=first_weekday)
    which, sentence = function_measure.moved(found.change.verdict, function.verdict)
    return found._replace(function=function, moved=which, moved_text=sentence)


def _bucket(buckets: dict[date, _Bucket], day: date, first_weekday: int) -> _Bucket:
    key = week_start(day, first_weekday)
    found = buckets.get(key)
    if found is None:
        found = buckets[key] = _Bucket()
    return found


def _add_session(record: SessionRecord, today: date, first: date, first_weekday: int,
                 buckets: dict[date, _Bucket], tally: _Tally) -> None:
    day = record.started_at.date()
    if day > today:
        return
    if tally.first_day is None or day < tally.first_day:
        tally.first_day = day
    bucket = _bucket(buckets, day, first_weekday)
    bucket.sessions += 1
    bucket.completed += record.outcome == "completed"
    is_counted = counted(record)
    bucket.counted += is_counted
    bucket.minutes += active_seconds(record) / 60
    if day < first:
        return
    if is_counted:
        tally.session_days.add(day)
    tally.recorded_afterwards += record.recorded_afterwards
    tally.skipped.update(record.steps_skipped)
    tally.offered.update(record.steps_skipped)
    tally.offered.update(record.steps_completed)


def _add_entries(entries: Iterable[DiaryEntry | EntryFact], kept: set[int] | None,
                 today: date, first: date, first_weekday: int, buckets: dict[date, _Bucket],
                 tally: _Tally) -> None:
    """Put each entry into its week (``kept``: the session ids whose entries count, or None).

    The hottest loop of ``stats`` on a large diary, hence the local names.
    """
    weeks_of: dict[date, date] = {}  # day -> its week's first day, worked out once a day
    earliest = tally.first_day
    for item in entries:
        entry = item if type(item) is EntryFact else EntryFact.of(item)  # type: ignore[arg-type]
        day = entry.day
        if day > today or (kept is not None and entry.session_id not in kept):
            continue
        if earliest is None or day < earliest:
            earliest = day
        key = weeks_of.get(day)
        if key is None:
            key = weeks_of[day] = week_start(day, first_weekday)
        bucket = buckets.get(key)
        if bucket is None:
            bucket = buckets[key] = _Bucket()
        bucket.entries += 1
        discomfort = entry.discomfort
        if discomfort is not None:
            bucket.discomfort[discomfort] += 1
            if entry.discomfort_before is not None:
                bucket.session_change[discomfort - entry.discomfort_before + 10] += 1
        if entry.stiffness is not None:
            bucket.stiffness[entry.stiffness] += 1
        if entry.cracks is not None:
            # "Times today": several entries on one day report the same day: keep the most.
            bucket.crack_days[day] = max(entry.cracks, bucket.crack_days.get(day, 0))
        if day >= first and (entry.tighter_side or entry.mobility or entry.at):
            _tally_entry(entry, tally)
    tally.first_day = earliest


def _tally_entry(entry: EntryFact, tally: _Tally) -> None:
    """The period's counts of sides and mobility, and its safety answers and notes."""
    if entry.tighter_side is not None:
        tally.sides[entry.tighter_side] += 1
    if entry.mobility is not None:
        tally.mobility[entry.mobility] += 1
    if entry.at is None:
        return
    if entry.flags:
        tally.all_flags += 1
        _keep_latest(tally.flags, entry.at, tally.all_flags, FlagEvent(
            entry.at, tuple(entry.flags), entry.id))
    if entry.note and entry.note.strip():
        tally.all_notes += 1
        _keep_latest(tally.notes, entry.at, tally.all_notes, Note(entry.at, entry.note,
                                                                          entry.id))


def _keep_latest(heap: list[tuple[datetime, int, Any]], at: datetime, seq: int,
                 item: Any) -> None:
    """Keep the KEPT latest items by time, whatever order they come in."""
    if len(heap) < KEPT:
        heapq.heappush(heap, (at, seq, item))
    elif (at, seq) > heap[0][:2]:
        heapq.heapreplace(heap, (at, seq, item))


def _week(start: date, bucket: _Bucket | None, target: int, today: date) -> Week:
    end = start + timedelta(days=6)
    if bucket is None:
        return Week(start=start, end=end, so_far=end >= today)
    crack_days = len(bucket.crack_days)
    return Week(
        start=start, end=end, sessions=bucket.sessions, completed=bucket.completed,
        counted=bucket.counted, partial=bucket.sessions - bucket.counted,
        minutes=bucket.minutes, met_target=bucket.counted >= target, entries=bucket.entries,
        discomfort=_median(bucket.discomfort), discomfort_readings=sum(bucket.discomfort),
        stiffness=_median(bucket.stiffness), stiffness_readings=sum(bucket.stiffness),
        session_change=_median(bucket.session_change, -10),
        session_change_readings=sum(bucket.session_change),
        cracks_per_day=(sum(bucket.crack_days.values()) / crack_days) if crack_days else None,
        crack_days=crack_days, so_far=end >= today)


def _status(week: Week, baseline: Week | None, previous_clear: bool) -> WeekStatus:
    """A week's place in the change rule (``previous_clear``: the week before was lower by
    enough)."""
    if baseline is None or week.start < baseline.start:
        return "so far" if week.so_far else (
            "before baseline" if week.discomfort_readings else "no readings")
    if week.start == baseline.start:
        return "baseline"
    if week.so_far:
        return "so far"
    if week.discomfort is None:
        return "no readings"
    if week.discomfort_readings < JUDGED_READINGS:
        return "too few readings"
    assert baseline.discomfort is not None
    if week.discomfort - baseline.discomfort >= WORSENING_POINTS:
        return "possible worsening"
    if clears_threshold(baseline.discomfort, week.discomfort):
        return "meaningful improvement" if previous_clear else "lower by enough (1 week)"
    return "within day-to-day variation"


def _judge_all(buckets: dict[date, _Bucket], target: int, today: date, first_weekday: int
               ) -> tuple[dict[date, Week], Week | None]:
    """Every week from the diary's first record on, with its status; and the baseline week."""
    if not buckets:
        return {}, None
    start, last = min(buckets), week_start(today, first_weekday)
    judged: dict[date, Week] = {}
    baseline: Week | None = None
    previous_clear = False
    while start <= last:
        week = _week(start, buckets.get(start), target, today)
        if baseline is None and not week.so_far and \
                week.discomfort_readings >= BASELINE_READINGS:
            baseline = week
        status = _status(week, baseline, previous_clear)
        previous_clear = status in ("lower by enough (1 week)", "meaningful improvement")
        judged[start] = week._replace(status=status)
        start += timedelta(days=7)
    if baseline is not None:
        baseline = judged[baseline.start]
    return judged, baseline


def judge(weeks: Iterable[Week], baseline: Week | None) -> Change:
    """The verdict: the status of the latest judged week (see the module's docstring)."""
    weeks = list(weeks)
    judged = [w for w in weeks if w.status in JUDGED]
    if baseline is None or baseline.discomfort is None:
        return Change("not enough data", explanation=verdict_text.no_baseline(
            any(w.discomfort is not None for w in weeks)))
    base = baseline.discomfort
    needed = target_median(base)
    if not judged:
        return Change("not enough data", base, baseline.start, None, None, None, needed, 1,
                      verdict_text.baseline_only(baseline, needed), baseline.discomfort_readings)
    latest = judged[-1]
    assert latest.discomfort is not None
    verdict: Verdict = "within day-to-day variation"
    if latest.status in ("possible worsening", "meaningful improvement"):
        verdict = latest.status
    before = latest.start - timedelta(days=7)
    lasting = verdict == "possible worsening" and any(
        w.start == before and w.status == "possible worsening" for w in weeks)
    return Change(verdict, base, baseline.start, latest.discomfort, latest.start,
                  latest.discomfort - base, needed, len(judged) + 1,
                  verdict_text.change(verdict, latest, baseline, needed),
                  baseline.discomfort_readings, latest.discomfort_readings, lasting)


def _reliance(weeks: Iterable[Week]) -> bool:
    """Several deliberate cracks a day in each of the last two weeks that logged them."""
    logged = [w.cracks_per_day for w in weeks if w.cracks_per_day is not None]
    return len(logged) >= 2 and all(v >= CRACKS_SEVERAL for v in logged[-2:])


def _stiffness_change(baseline: Week | None, change: Change, weeks: dict[date, Week]
                      ) -> StiffnessChange:
    if baseline is None or baseline.stiffness is None:
        return StiffnessChange()
    latest = weeks.get(change.latest_week) if change.latest_week else None
    if latest is None or latest.stiffness is None:
        return StiffnessChange(baseline=baseline.stiffness)
    return StiffnessChange(baseline.stiffness, latest.stiffness,
                           latest.stiffness - baseline.stiffness)


def _assemble(buckets: dict[date, _Bucket], tally: _Tally, *, today: date, weeks: int,
              target: int, routine: str | None, first_weekday: int,
              diary_start: date | None) -> Progress:
    first, _ = period(today, weeks, first_weekday)
    every, baseline = _judge_all(buckets, target, today, first_weekday)
    change = judge(every.values(), baseline)
    shown_from = max(first, week_start(diary_start, first_weekday)) if diary_start else None
    table: list[Week] = []
    if shown_from is not None:
        start = shown_from
        while start <= today:
            table.append(every.get(start) or _week(start, None, target, today))
            start += timedelta(days=7)
    skipped = sorted(
        (SkippedStep(step, count, tally.offered[step]) for step, count in tally.skipped.items()),
        key=lambda s: (-s.skipped, -s.skipped / s.offered, s.step))
    complete = [w for w in table if not w.so_far]
    return Progress(
        today=today, weeks_asked=weeks, target=target, routine=routine,
        period_start=table[0].start if table else first, period_end=today,
        weeks=tuple(table),
        sessions=sum(w.sessions for w in table), entries=sum(w.entries for w in table),
        minutes=sum(w.minutes for w in table),
        weeks_on_target=sum(w.met_target for w in complete),
        streaks=streaks(tally.session_days, today),
        change=change, stiffness_change=_stiffness_change(baseline, change, every),
        skipped=tuple(skipped[:5]),
        sides={side: tally.sides[side] for side in SIDES},
        mobility={m: tally.mobility[m] for m in MOBILITY},
        flags=tuple(item for _, _, item in sorted(tally.flags)),
        notes=tuple(item for _, _, item in sorted(tally.notes)),
        reliance_note=_reliance(table), first_weekday=first_weekday,
        counted=sum(w.counted for w in table), partial=sum(w.partial for w in table),
        complete_weeks=len(complete),
        baseline_before_period=baseline if baseline and table and
        baseline.start < table[0].start else None,
        earlier_notes=tally.all_notes - len(tally.notes),
        earlier_flags=tally.all_flags - len(tally.flags),
        recorded_afterwards=tally.recorded_afterwards,
    )


def discomfort_rose(entries: Sequence[DiaryEntry], *, since: date, until: date,
                    first_weekday: int = 0) -> bool:
    """True when the progress rule, counted from ``since``, sees worsening by ``until``.

    ``until`` is the last day of a week, which counts as complete; the weekly
    medians from ``since`` on are judged the way ``crackcoach stats`` judges them.
    """
    change = _change_between(entries, since, until, first_weekday)
    return change is not None and change.verdict == "possible worsening"


def worsening_lasted(entries: Sequence[DiaryEntry], *, since: date, until: date,
                     first_weekday: int = 0) -> bool:
    """True when, counted from ``since``, worsening has lasted two weeks running by ``until``."""
    change = _change_between(entries, since, until, first_weekday)
    return change is not None and change.lasting_worsening


def _change_between(entries: Sequence[DiaryEntry], since: date, until: date,
                    first_weekday: int) -> Change | None:
    kept = [e for e in entries if since <= e.at.date() <= until]
    if not any(entry.discomfort is not None for entry in kept):
        return None
    weeks = (until - since).days // 7 + 2
    return compute([], kept, today=until + timedelta(days=1), weeks=weeks,
                   diary_start=since, first_weekday=first_weekday).change


# How far a record's local day can stray from the order of its UTC time (offsets change).
_ORDER_SLACK = timedelta(days=2)


def baseline_slice(entries: Iterable[DiaryEntry], first_weekday: int = 0
                   ) -> Iterator[DiaryEntry]:
    """The diary's entries, oldest first, up to the end of its baseline week; then it stops.

    With :func:`latest_slice` this is all :func:`compute` needs for the verdict,
    without reading the months in between (today's screen asks for it).
    """
    counts: dict[date, int] = {}
    found: date | None = None
    for entry in entries:
        day = entry.at.date()
        if found is not None and day > found + timedelta(days=6) + _ORDER_SLACK:
            return
        yield entry
        if entry.discomfort is not None and found is None:
            week = week_start(day, first_weekday)
            counts[week] = counts.get(week, 0) + 1
            if counts[week] >= BASELINE_READINGS:
                found = week


def latest_slice(entries: Iterable[DiaryEntry], today: date, first_weekday: int = 0
                 ) -> Iterator[DiaryEntry]:
    """The diary's entries, newest first, back to the week before its latest judged week.

    The latest complete week with enough readings to be judged, and the week
    before it (for "two weeks running"), are read whole; then it stops.
    """
    current = week_start(today, first_weekday)
    counts: dict[date, int] = {}
    latest: date | None = None
    for entry in entries:
        day = entry.at.date()
        if latest is not None and day < latest - timedelta(days=7) - _ORDER_SLACK:
            return
        yield entry
        week = week_start(day, first_weekday)
        if entry.discomfort is None or week >= current or latest is not None:
            continue
        counts[week] = counts.get(week, 0) + 1
        # A later week with enough readings is complete once entries older than it come.
        complete = [w for w, n in counts.items() if n >= JUDGED_READINGS
                    and day < w - _ORDER_SLACK]
        if complete:
            latest = max(complete)
