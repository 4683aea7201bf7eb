"""Weekly figures and the clinician's change rule, on generated diaries with a fake today."""

from __future__ import annotations

import random
import statistics
import tracemalloc
from collections.abc import Iterator, Sequence
from datetime import date, datetime, time, timedelta, timezone

import pytest

from crackcoach.diary.records import DiaryEntry, SessionRecord
from crackcoach.progress import adherence, model
from crackcoach.progress import weekly as progress
from crackcoach.progress.weekly import clears_threshold, compute, period, target_median

TODAY = date(2024, 5, 14)  # a Tuesday
MONDAY = date(2024, 2, 19)  # the first week of the generated diaries
TZ = timezone(timedelta(hours=2))


def at(day: date, hour: int = 9) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=TZ)


def entries_for(weekly: Sequence[Sequence[int] | None], first: date = MONDAY,
                **fields: object) -> list[DiaryEntry]:
    """Readings per calendar week from ``first`` on (None = a week with none), a day each."""
    out: list[DiaryEntry] = []
    for index, readings in enumerate(weekly):
        for day, value in enumerate(readings or ()):
            out.append(DiaryEntry(at=at(first + timedelta(days=7 * index + day)),
                                  discomfort=value, **fields))  # type: ignore[arg-type]
    return out


def after(weekly: Sequence[object], first: date = MONDAY) -> date:
    """The Monday after the last of ``weekly``'s weeks: every one of them is complete."""
    return first + timedelta(days=7 * len(weekly))


def verdict(weekly: Sequence[Sequence[int] | None]) -> str:
    return compute([], entries_for(weekly), today=after(weekly),
                   weeks=len(weekly) + 1).change.verdict


def session(day: date, routine: str = "back-reset", *, seconds: float = 600,
            skipped: tuple[str, ...] = (), sid: int | None = None,
            outcome: str = "completed", done: float = 1.0) -> SessionRecord:
    return SessionRecord(routine=routine, started_at=at(day, 8), ended_at=at(day, 9),
                         planned_seconds=seconds, actual_seconds=seconds * done,
                         paused_seconds=0, steps_completed=("cat-cow",), steps_skipped=skipped,
                         outcome=outcome, id=sid)  # type: ignore[arg-type]


# --- the threshold at every band boundary ---------------------------------------------

@pytest.mark.parametrize(("baseline", "lowest_failing", "highest_passing"), [
    (1, 0.5, 0),      # band 1-4: 1 point; 30% of 1 is 0.3 -> the point decides
    (3, 2.5, 2),      # 1 point (30% = 0.9)
    (4, 3, 2.5),      # 1 point, but 30% of 4 is 1.2, so a drop of 1 is not enough
    (5, 3.5, 3),      # band 5-7: 2 points (30% = 1.5)
    (7, 5, 4.5),      # 2 points, but 30% of 7 is 2.1
    (8, 5.5, 5),      # band 8-10: 3 points (30% = 2.4)
    (10, 7.5, 7),     # 3 points = exactly 30%: at the boundary counts
])
def test_threshold_at_band_boundaries(baseline: int, lowest_failing: float,
                                      highest_passing: float) -> None:
    assert clears_threshold(baseline, highest_passing)
    assert not clears_threshold(baseline, lowest_failing)
    assert target_median(baseline) == highest_passing


def test_half_point_baseline_between_bands_takes_the_stricter_band() -> None:
    assert not clears_threshold(4.5, 3)      # 1.5 down: enough for band 1-4, not for 5-7
    assert clears_threshold(4.5, 2.5)
    assert not clears_threshold(7.5, 5)      # band 8-10 needs 3
    assert clears_threshold(7.5, 4.5)


def test_baseline_zero_cannot_improve() -> None:
    assert not clears_threshold(0, 0)
    assert target_median(0) is None
    assert verdict([[0, 0, 0], [0, 0], [0, 0]]) == "within day-to-day variation"
    assert verdict([[0, 0, 0], [2, 2], [0, 0]]) == "within day-to-day variation"
    assert verdict([[0, 0, 0], [0, 0], [2, 2, 3]]) == "possible worsening"
    result = compute([], entries_for([[0, 0, 0], [0, 0]]), today=after([1, 2]))
    assert "had no discomfort (median 0)" in result.change.explanation


def test_a_half_point_baseline_says_why_it_cannot_improve() -> None:
    result = compute([], entries_for([[0, 0, 1, 1], [0, 0]]), today=after([1, 2]))
    assert result.change.baseline == 0.5
    assert "no discomfort" not in result.change.explanation
    assert "A baseline median of 0.5 is too low for any drop to reach the threshold" in \
        result.change.explanation


@pytest.mark.parametrize(("weekly", "expected"), [
    ([[6, 6, 6], [4, 4], [4, 4, 4]], "meaningful improvement"),       # 2 down, 2 weeks
    ([[6, 6, 6], [4, 4], [5, 5, 5]], "within day-to-day variation"),  # only 1 down
    ([[6, 6, 6], [5, 5], [4, 4, 4]], "within day-to-day variation"),  # clear once only
    ([[8, 8, 8], [5, 5], [5, 5]], "meaningful improvement"),          # 3 down from 8
    ([[8, 8, 8], [5, 6], [5, 5]], "within day-to-day variation"),     # median 5.5
    ([[10, 10, 10], [7, 7], [7, 7]], "meaningful improvement"),       # exactly 30%
    ([[4, 4, 4], [3, 3], [3, 3]], "within day-to-day variation"),     # 1 point < 30%
    ([[4, 4, 4], [2, 3], [2, 2]], "meaningful improvement"),          # 1.5 and 2
    ([[1, 1, 1], [0, 0], [0, 0]], "meaningful improvement"),
    ([[3, 3, 3], [5, 5]], "possible worsening"),                      # up exactly 2
    ([[3, 3, 3], [4, 5]], "within day-to-day variation"),             # up 1.5
    ([[6, 6, 6], [4, 4], [4, 4], [9, 9]], "possible worsening"),      # the latest week counts
])
def test_change_rule(weekly: list[list[int]], expected: str) -> None:
    assert verdict(weekly) == expected


def test_the_baseline_is_the_first_week_with_three_readings() -> None:
    weekly = [[9], [9, 9], [6, 6, 6], [4, 4], [4, 4]]
    result = compute([], entries_for(weekly), today=after(weekly), weeks=6)
    assert (result.change.baseline, result.change.baseline_week) == (6, MONDAY + timedelta(14))
    assert result.change.verdict == "meaningful improvement"
    assert [w.status for w in result.weeks] == [
        "before baseline", "before baseline", "baseline", "lower by enough (1 week)",
        "meaningful improvement", "so far"]


def test_weeks_with_fewer_than_two_readings_are_shown_not_judged() -> None:
    weekly = [[6, 6, 6], [4, 4], [4], [4, 4]]
    result = compute([], entries_for(weekly), today=after(weekly), weeks=5)
    assert result.weeks[2].status == "too few readings"
    assert result.weeks[2].discomfort == 4
    # the unjudged week breaks "two weeks running"
    assert result.change.verdict == "within day-to-day variation"
    assert verdict([[6, 6, 6], [4, 4], None, [4, 4], [3, 3]]) == "meaningful improvement"
    # a single reading of 9 is not evidence of worsening
    assert verdict([[3, 3, 3], [3, 3], [9]]) == "within day-to-day variation"


def test_the_current_week_is_shown_so_far_and_never_judged() -> None:
    weekly = [[6, 6, 6], [4, 4], [9, 9, 9, 9]]
    today = MONDAY + timedelta(days=7 * 2 + 4)  # the Friday of the third week
    result = compute([], entries_for(weekly), today=today, weeks=3)
    assert result.weeks[-1].so_far and result.weeks[-1].status == "so far"
    assert result.weeks[-1].discomfort == 9
    assert result.change.verdict == "within day-to-day variation"
    assert result.change.latest_week == MONDAY + timedelta(days=7)


def test_one_session_with_a_big_drop_is_never_judged() -> None:
    entry = DiaryEntry(at=at(TODAY), discomfort=2, discomfort_before=8)
    result = compute([], [entry], today=TODAY)
    assert result.change.verdict == "not enough data"
    assert result.weeks[-1].session_change == -6
    assert "No calendar week has 3 discomfort readings yet" in result.change.explanation


def test_a_baseline_alone_says_what_more_data_will_show() -> None:
    result = compute([], entries_for([[5, 6, 7]]), today=after([1]), weeks=2)
    change = result.change
    assert change.verdict == "not enough data"
    assert (change.baseline, change.weeks_with_readings, change.difference) == (6, 1, None)
    assert change.explanation.startswith(
        "Baseline: median 6 in the baseline week of 19 Feb 2024 (3 readings).")
    assert "median of 4 or lower in two weeks running" in change.explanation


def test_no_data_at_all_gives_an_empty_period_without_dividing_by_zero() -> None:
    result = compute([], [], today=TODAY)
    assert not result.has_data
    assert result.weeks == ()
    assert result.change.verdict == "not enough data"
    assert result.streaks == adherence.Streaks(0, 0, None)
    assert result.to_dict()["weeks"] == []


def test_entries_without_discomfort_do_not_make_a_baseline() -> None:
    entries = [DiaryEntry(at=at(TODAY), stiffness=4)]
    result = compute([], entries, today=TODAY)
    assert result.change.verdict == "not enough data"
    assert result.change.explanation.startswith("No discomfort readings yet.")
    assert result.stiffness_change == model.StiffnessChange()


# --- calendar weeks -------------------------------------------------------------------------

def test_the_period_is_calendar_weeks_up_to_the_one_holding_today() -> None:
    assert period(TODAY, 3) == (date(2024, 4, 29), TODAY)
    assert period(TODAY, 3, first_weekday=6) == (date(2024, 4, 28), TODAY)
    assert adherence.week_start(date(2024, 5, 19), 0) == date(2024, 5, 13)  # Sunday
    assert adherence.week_start(date(2024, 5, 19), 6) == date(2024, 5, 19)


def test_sunday_weeks_move_a_sunday_reading_into_the_next_week() -> None:
    sunday = DiaryEntry(at=at(date(2024, 5, 12)), discomfort=4)
    monday_weeks = compute([], [sunday], today=TODAY, weeks=2)
    sunday_weeks = compute([], [sunday], today=TODAY, weeks=2, first_weekday=6)
    assert [w.start for w in monday_weeks.weeks] == [date(2024, 5, 6), date(2024, 5, 13)]
    assert monday_weeks.weeks[0].discomfort == 4
    assert [w.start for w in sunday_weeks.weeks] == [date(2024, 5, 12)]
    assert sunday_weeks.to_dict()["week_starts_on"] == "sunday"


def test_records_after_today_are_ignored() -> None:
    inside = DiaryEntry(at=at(TODAY - timedelta(days=1)), discomfort=5)
    after_today = DiaryEntry(at=at(TODAY + timedelta(days=1)), discomfort=9)
    result = compute([], [inside, after_today], today=TODAY, weeks=2)
    assert [w.discomfort for w in result.weeks] == [5]
    assert result.entries == 1


def test_the_local_date_decides_the_week() -> None:
    # 23:30 at +02:00 on a Sunday is 21:30 UTC: still that Sunday's week.
    late = DiaryEntry(at=datetime.combine(date(2024, 5, 12), time(23, 30), tzinfo=TZ),
                      discomfort=4)
    result = compute([], [late], today=TODAY, weeks=2)
    assert result.weeks[0].start == date(2024, 5, 6)
    assert result.weeks[0].discomfort == 4


def test_weeks_before_the_diary_started_are_dropped_but_gaps_stay() -> None:
    entries = entries_for([[5], None, [4]], first=date(2024, 4, 29))
    result = compute([], entries, today=TODAY, weeks=5)
    assert [w.start for w in result.weeks] == [date(2024, 4, 29), date(2024, 5, 6),
                                               date(2024, 5, 13)]
    assert result.period_start == date(2024, 4, 29)
    started = compute([], entries, today=TODAY, weeks=5, diary_start=date(2020, 1, 1))
    assert len(started.weeks) == 5


def test_a_baseline_before_the_period_is_shown_marked() -> None:
    weekly = [[8, 8, 8], [8, 8], [7, 7], [5, 5], [5, 5], [5, 5]]
    today = after(weekly)
    long = compute([], entries_for(weekly), today=today, weeks=7)
    short = compute([], entries_for(weekly), today=today, weeks=2)
    assert long.baseline_before_period is None
    assert long.weeks[0].status == "baseline"
    assert short.baseline_before_period is not None
    assert short.baseline_before_period.start == MONDAY
    assert short.baseline_before_period.status == "baseline"
    assert [w.status for w in short.weeks] == ["meaningful improvement", "so far"]
    assert short.change == long.change
    assert short.to_dict()["baseline_before_period"]["discomfort"] == 8


# --- the same verdict whatever the period and the day you look -------------------------------

def _twelve_weeks(baseline: int, latest: float) -> list[DiaryEntry]:
    """A diary logged day by day for 12 weeks: a week at ``baseline``, a slow drift, and the
    last two weeks with the median ``latest`` (half points from two readings a day)."""
    low, high = int(latest), int(latest + 0.5)
    entries = []
    for n in range(84):
        day = MONDAY + timedelta(days=n)
        week = n // 7
        if week == 0:
            values = [baseline]
        elif week < 10:
            values = [max(0, baseline - week // 4)]
        else:
            values = [low, high]
        entries += [DiaryEntry(at=at(day, 8 + k), discomfort=v) for k, v in enumerate(values)]
    return entries


BOUNDARIES = [(b, target_median(b)) for b in range(1, 11)]


@pytest.mark.parametrize(("baseline", "needed"), BOUNDARIES)
def test_the_verdict_is_the_same_for_any_weeks_and_any_day_of_a_week(
        baseline: int, needed: float | None) -> None:
    assert needed is not None
    for latest, expected in ((needed, "meaningful improvement"),
                             (needed + 0.5, "within day-to-day variation")):
        entries = _twelve_weeks(baseline, latest)
        seen = set()
        for offset in range(7):  # every day of the week after the 12th
            today = MONDAY + timedelta(days=84 + offset)
            for weeks in (4, 8, 12, 52):
                result = compute([], entries, today=today, weeks=weeks)
                seen.add((result.change.verdict, result.change.explanation,
                          result.change.baseline, result.change.latest_week))
        assert len(seen) == 1, seen
        (found, _, base, latest_week), = seen
        assert (found, base, latest_week) == (expected, baseline, MONDAY + timedelta(77))


def test_worsening_at_its_boundary_is_the_same_for_any_weeks() -> None:
    for latest, expected in ((5, "possible worsening"), (4.5, "within day-to-day variation")):
        entries = [e for e in _twelve_weeks(3, latest)]
        verdicts = {compute([], entries, today=MONDAY + timedelta(days=84 + d),
                            weeks=w).change.verdict for d in range(7) for w in (4, 8, 12, 52)}
        assert verdicts == {expected}


# --- counting sessions ----------------------------------------------------------------------

def test_eleven_quick_quits_and_one_completed_session_count_one() -> None:
    monday = date(2024, 5, 6)
    quits = [session(monday + timedelta(days=n % 7), seconds=180, done=3 / 180,
                     outcome="quit") for n in range(11)]
    sessions = [*quits, session(monday + timedelta(days=2))]
    result = compute(sessions, [], today=TODAY, weeks=2, target=3)
    week = result.weeks[0]
    assert (week.sessions, week.counted, week.partial, week.met_target) == (12, 1, 11, False)
    assert (result.sessions, result.counted, result.partial) == (12, 1, 11)
    assert result.streaks.longest == 1
    assert result.to_dict()["weeks"][0]["counted"] == 1
    assert adherence.week_so_far(sessions, monday + timedelta(days=6), 3) == (1, 3)


def test_a_session_counts_at_half_its_planned_time_pauses_left_out() -> None:
    half = session(TODAY, outcome="quit", done=0.5)
    short = session(TODAY, outcome="quit", done=0.49)
    paused = half._replace(actual_seconds=400, paused_seconds=200)  # 200 s of 600 done
    assert adherence.counted(half) and not adherence.counted(short)
    assert not adherence.counted(paused)
    assert adherence.counted(session(TODAY, outcome="completed", done=0.1))


def test_week_so_far_counts_this_calendar_week_up_to_today() -> None:
    sessions = [session(date(2024, 5, 12)), session(date(2024, 5, 13)),
                session(TODAY), session(date(2024, 5, 15)),
                session(TODAY, outcome="quit", done=0.1)]
    assert adherence.week_so_far(sessions, TODAY, 4) == (2, 4)
    assert adherence.week_so_far(sessions, TODAY, 4, first_weekday=6) == (3, 4)


# --- weekly figures -------------------------------------------------------------------------

def test_weekly_medians_and_within_session_change() -> None:
    start = date(2024, 5, 6)
    entries = [
        DiaryEntry(at=at(start), discomfort=3, stiffness=6, discomfort_before=5),
        DiaryEntry(at=at(start + timedelta(days=1)), discomfort=4, stiffness=4,
                   discomfort_before=4),
        DiaryEntry(at=at(start + timedelta(days=2)), discomfort=6, stiffness=5),
        DiaryEntry(at=at(start + timedelta(days=3)), discomfort=2, discomfort_before=5),
    ]
    week = compute([], entries, today=TODAY, weeks=2).weeks[0]
    assert (week.discomfort, week.discomfort_readings) == (3.5, 4)
    assert (week.stiffness, week.stiffness_readings) == (5, 3)
    # after minus before per session: -2, 0, -3 -> median -2
    assert (week.session_change, week.session_change_readings) == (-2, 3)


def test_weekly_medians_agree_with_statistics_median() -> None:
    rng = random.Random(4)
    for _ in range(200):
        values = [rng.randint(0, 10) for _ in range(rng.randint(1, 15))]
        entries = [DiaryEntry(at=at(date(2024, 5, 6), 0) + timedelta(minutes=k), discomfort=v)
                   for k, v in enumerate(values)]
        week = compute([], entries, today=TODAY, weeks=2).weeks[0]
        assert week.discomfort == statistics.median(values)


def test_adherence_minutes_and_target() -> None:
    first = date(2024, 4, 29)
    sessions = [session(first + timedelta(days=d), seconds=300) for d in range(3)]
    sessions.append(session(date(2024, 5, 6), seconds=90, outcome="quit"))
    result = compute(sessions, [], today=TODAY, weeks=3, target=3)
    one, two, _ = result.weeks
    assert (one.sessions, one.completed, one.minutes, one.met_target) == (3, 3, 15, True)
    assert (two.sessions, two.counted, two.partial, two.minutes, two.met_target) == (
        1, 1, 0, 1.5, False)
    assert (result.sessions, result.weeks_on_target, result.minutes) == (4, 1, 16.5)
    assert result.complete_weeks == 2
    assert compute(sessions, [], today=TODAY, weeks=3, target=1).weeks_on_target == 2


def test_streaks_count_days_with_counted_sessions_and_survive_until_tomorrow() -> None:
    days = [TODAY - timedelta(days=n) for n in (1, 2, 3, 6, 7, 8, 9, 10, 20)]
    sessions = [session(d) for d in days] + [session(TODAY - timedelta(days=1))]
    sessions.append(session(TODAY - timedelta(days=4), outcome="quit", done=0.01))
    result = compute(sessions, [], today=TODAY, weeks=4)
    assert result.streaks == adherence.Streaks(current=3, longest=5,
                                               longest_ended=TODAY - timedelta(days=6))
    with_today = compute([*sessions, session(TODAY)], [], today=TODAY, weeks=4)
    assert with_today.streaks.current == 4
    broken = compute(sessions, [], today=TODAY + timedelta(days=1), weeks=4)
    assert broken.streaks.current == 0


def test_most_skipped_steps() -> None:
    sessions = [
        session(TODAY, skipped=("foam roller", "core")),
        session(TODAY, skipped=("foam roller",)),
        session(TODAY, skipped=("warm-up",)),
    ]
    skipped = compute(sessions, [], today=TODAY).skipped
    assert skipped[0] == model.SkippedStep("foam roller", 2, 2)
    assert [s.step for s in skipped] == ["foam roller", "core", "warm-up"]


def test_cracks_per_day_take_the_day_total_once() -> None:
    start = date(2024, 5, 6)
    entries = [DiaryEntry(at=at(start, 9), cracks=2), DiaryEntry(at=at(start, 20), cracks=4),
               DiaryEntry(at=at(start + timedelta(days=1)), cracks=1)]
    week = compute([], entries, today=TODAY, weeks=2).weeks[0]
    assert (week.cracks_per_day, week.crack_days) == (2.5, 2)


@pytest.mark.parametrize(("per_week", "note"), [
    ([[4, 5], [3, 3]], True),
    ([[4, 5], [2, 3]], False),      # 2.5 a day in the last week
    ([[6, 6]], False),              # one week is not "stays"
    ([[5], None, [5]], True),       # weeks without cracking data are skipped
    ([[1], [5], [1]], False),
])
def test_see_a_professional_note_when_cracking_stays_at_several_a_day(
        per_week: list[list[int] | None], note: bool) -> None:
    entries: list[DiaryEntry] = []
    for index, counts in enumerate(per_week):
        for day, count in enumerate(counts or ()):
            entries.append(DiaryEntry(at=at(MONDAY + timedelta(days=7 * index + day)),
                                      cracks=count))
    assert compute([], entries, today=after(per_week) - timedelta(days=1),
                   weeks=len(per_week)).reliance_note is note


def test_sides_mobility_flags_and_notes() -> None:
    entries = [
        DiaryEntry(at=at(TODAY, 9), tighter_side="left", mobility="better",
                   flags=("pain-with-crack",), note="felt good"),
        DiaryEntry(at=at(TODAY - timedelta(days=2)), tighter_side="left",
                   flags=("saddle-numbness", "leg-weakness")),
        DiaryEntry(at=at(TODAY - timedelta(days=1)), tighter_side="even", note="   "),
    ]
    result = compute([], entries, today=TODAY)
    assert result.sides == {"left": 2, "right": 0, "even": 1}
    assert result.mobility["better"] == 1
    assert [f.at.date() for f in result.flags] == [TODAY - timedelta(days=2), TODAY]
    assert result.flags[0].flags == ("saddle-numbness", "leg-weakness")
    assert [n.text for n in result.notes] == ["felt good"]


def test_only_the_latest_notes_are_listed_and_the_rest_counted() -> None:
    entries = [DiaryEntry(at=at(date(2024, 5, 6)) + timedelta(minutes=n), note=f"note {n}")
               for n in range(progress.KEPT + 5)]
    result = compute([], entries, today=TODAY)
    assert len(result.notes) == progress.KEPT
    assert result.notes[0].text == "note 5"
    assert result.earlier_notes == 5


def test_routine_filter_keeps_that_routines_sessions_and_their_entries() -> None:
    sessions = [session(TODAY, "back-reset", sid=1), session(TODAY, "desk-hips", sid=2)]
    entries = [DiaryEntry(at=at(TODAY), discomfort=3, session_id=1),
               DiaryEntry(at=at(TODAY), discomfort=7, session_id=2),
               DiaryEntry(at=at(TODAY), discomfort=9)]
    result = compute(sessions, entries, today=TODAY, routine="desk-hips")
    assert (result.sessions, result.entries, result.weeks[-1].discomfort) == (1, 1, 7)


def test_ten_weeks_of_daily_data_in_one_pass() -> None:
    sessions, entries = [], []
    today = date(2024, 5, 12)  # a Sunday: ten complete weeks end here
    for n in range(70):
        day = today - timedelta(days=n)
        sessions.append(session(day, sid=n))
        # discomfort falls from 7 to 3 over the ten weeks
        value = 3 + (n * 5) // 70
        entries.append(DiaryEntry(at=at(day, 10), discomfort=value, stiffness=value,
                                  discomfort_before=value + 1, session_id=n))
    result = compute(iter(sessions), iter(entries), today=today + timedelta(days=1), weeks=11)
    assert [w.discomfort for w in result.weeks] == [7, 7, 6, 6, 5, 5, 4, 4, 3, 3, None]
    assert result.change.verdict == "meaningful improvement"
    assert result.streaks.current == result.streaks.longest == 70
    assert all(w.sessions == 7 and w.session_change == -1 for w in result.weeks[:-1])
    data = result.to_dict()
    assert data["change"]["verdict"] == "meaningful improvement"
    assert data["weeks"][0]["start"] == "2024-03-04"


def _many(count: int) -> Iterator[DiaryEntry]:
    """``count`` entries spread over the same 200 weeks."""
    start, step = at(date(2016, 1, 4)), timedelta(weeks=200) / count
    for n in range(count):
        yield DiaryEntry(at=start + step * n, discomfort=n % 9, stiffness=3,
                         cracks=n % 4, note="fine" if n % 5 == 0 else None)


def test_memory_does_not_grow_with_the_diary() -> None:
    peaks = []
    for count in (5_000, 40_000):
        tracemalloc.start()
        compute([], _many(count), today=date(2020, 6, 1), weeks=520)
        peaks.append(tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()
    assert peaks[1] < peaks[0] * 1.3, peaks  # eight times the records, the same weeks


def test_bad_arguments_are_refused() -> None:
    with pytest.raises(ValueError):
        period(TODAY, 0)
    with pytest.raises(ValueError):
        compute([], [], today=TODAY, target=0)


def test_the_first_and_latest_weeks_alone_give_the_same_verdict() -> None:
    """What today's screen reads (progress.baseline_slice and latest_slice) is enough."""
    rng = random.Random(11)
    for _ in range(150):
        start = date(2024, 1, 1) + timedelta(days=rng.randint(0, 6))
        entries = []
        for n in range(rng.randint(0, 140)):
            if rng.random() < rng.choice((0.2, 0.5, 0.9)):
                hour = rng.choice((0, 8, 23))
                entries.append(DiaryEntry(
                    at=at(start + timedelta(days=n), hour) + timedelta(minutes=n),
                    discomfort=rng.choice((None, *range(11))), id=n + 1))
        today = start + timedelta(days=rng.randint(0, 160))
        for first_weekday in (0, 6):
            whole = compute([], entries, today=today, first_weekday=first_weekday).change
            kept = {e.id: e for e in progress.baseline_slice(entries, first_weekday)}
            newest = sorted((e for e in entries if e.at.date() <= today),
                            key=lambda e: e.at, reverse=True)
            kept.update((e.id, e) for e in progress.latest_slice(newest, today, first_weekday))
            sliced = compute([], kept.values(), today=today, first_weekday=first_weekday).change
            assert (sliced.verdict, sliced.explanation) == (whole.verdict, whole.explanation)
