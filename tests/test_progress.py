"""Weekly figures and the clinician's change rule, on generated diaries with a fake today."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta, timezone

import pytest

from crackcoach import progress
from crackcoach.progress import clears_threshold, compute, target_median, windows
from crackcoach.records import DiaryEntry, SessionRecord

TODAY = date(2024, 5, 14)
TZ = timezone(timedelta(hours=2))


def at(day: date, hour: int = 9) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=TZ)


def week_start(index: int, weeks: int) -> date:
    """First day of window ``index`` (0 = oldest) of the ``weeks`` windows ending TODAY."""
    return windows(TODAY, weeks)[index][0]


def entries_for(weekly: Sequence[Sequence[int] | None], **fields: object) -> list[DiaryEntry]:
    """Diary entries with the given discomfort readings per window (None = a week with none)."""
    out: list[DiaryEntry] = []
    for index, readings in enumerate(weekly):
        for day, value in enumerate(readings or ()):
            out.append(DiaryEntry(at=at(week_start(index, len(weekly)) + timedelta(days=day)),
                                  discomfort=value, **fields))  # type: ignore[arg-type]
    return out


def verdict(weekly: Sequence[Sequence[int] | None]) -> str:
    return compute([], entries_for(weekly), today=TODAY, weeks=len(weekly)).change.verdict


def session(day: date, routine: str = "back-reset", *, seconds: float = 600,
            skipped: tuple[str, ...] = (), sid: int | None = None,
            outcome: str = "completed") -> SessionRecord:
    return SessionRecord(routine=routine, started_at=at(day, 8), ended_at=at(day, 9),
                         planned_seconds=seconds, actual_seconds=seconds, paused_seconds=0,
                         steps_completed=("cat-cow",), steps_skipped=skipped,
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
    assert verdict([[0, 0, 0], [2, 2], [0]]) == "within day-to-day variation"
    assert verdict([[0, 0, 0], [0], [2, 2, 3]]) == "possible worsening"


@pytest.mark.parametrize(("weekly", "expected"), [
    ([[6, 6, 6], [4, 4], [4, 4, 4]], "meaningful improvement"),       # 2 down, 2 weeks
    ([[6, 6, 6], [4, 4], [5, 5, 5]], "within day-to-day variation"),  # only 1 down
    ([[6, 6, 6], [5, 5], [4, 4, 4]], "within day-to-day variation"),  # clear once only
    ([[8], [5, 5], [5]], "meaningful improvement"),                   # 3 down from 8
    ([[8], [5, 6], [5]], "within day-to-day variation"),              # median 5.5
    ([[10, 10], [7, 7], [7]], "meaningful improvement"),              # exactly 30%
    ([[4, 4], [3, 3], [3, 3]], "within day-to-day variation"),        # 1 point < 30%
    ([[4, 4], [2, 3], [2]], "meaningful improvement"),                # 1.5 and 2
    ([[1, 1], [0], [0, 0]], "meaningful improvement"),
    ([[3, 3], [5, 5]], "possible worsening"),                         # up exactly 2
    ([[3, 3], [4, 5]], "within day-to-day variation"),                # up 1.5
    ([[6, 6], [4, 4], [4, 4], [9, 9]], "possible worsening"),         # the latest week counts
])
def test_change_rule(weekly: list[list[int]], expected: str) -> None:
    assert verdict(weekly) == expected


def test_a_week_without_readings_breaks_two_weeks_running() -> None:
    assert verdict([[6, 6], [4, 4], None, [4, 4]]) == "within day-to-day variation"
    assert verdict([[6, 6], [4, 4], None, [4, 4], [3]]) == "meaningful improvement"


def test_the_latest_week_with_readings_gives_the_verdict() -> None:
    result = compute([], entries_for([[6, 6], [4, 4], [4, 4], None]), today=TODAY, weeks=4)
    assert result.change.verdict == "meaningful improvement"
    assert result.change.latest_week == week_start(2, 4)
    assert [w.status for w in result.weeks] == [
        "baseline", "lower by enough (1 week)", "meaningful improvement", "no readings"]


def test_one_session_with_a_big_drop_is_never_judged() -> None:
    entry = DiaryEntry(at=at(TODAY), discomfort=2, discomfort_before=8)
    result = compute([], [entry], today=TODAY)
    assert result.change.verdict == "not enough data"
    assert result.weeks[-1].session_change == -6
    assert "Only one week" in result.change.explanation
    assert "next week" in result.change.explanation.lower()


def test_one_week_only_says_what_more_data_will_show() -> None:
    result = compute([], entries_for([[5, 6, 7]]), today=TODAY, weeks=1)
    change = result.change
    assert change.verdict == "not enough data"
    assert (change.baseline, change.weeks_with_readings, change.difference) == (6, 1, None)
    assert change.explanation.startswith(
        "Only one week of discomfort readings so far: median 6 from 3 readings.")


def test_no_data_at_all_gives_an_empty_period_without_dividing_by_zero() -> None:
    result = compute([], [], today=TODAY)
    assert not result.has_data
    assert result.weeks == ()
    assert result.change.verdict == "not enough data"
    assert result.streaks == progress.Streaks(0, 0, None)
    assert result.to_dict()["weeks"] == []


def test_entries_without_discomfort_do_not_make_a_baseline() -> None:
    entries = [DiaryEntry(at=at(TODAY), stiffness=4)]
    result = compute([], entries, today=TODAY)
    assert result.change.verdict == "not enough data"
    assert result.change.explanation.startswith("No discomfort readings yet.")
    assert result.stiffness_change == progress.StiffnessChange(baseline=4)


# --- windows ----------------------------------------------------------------------------

def test_windows_are_seven_days_and_end_today() -> None:
    spans = windows(TODAY, 3)
    assert spans == [(date(2024, 4, 24), date(2024, 4, 30)), (date(2024, 5, 1), date(2024, 5, 7)),
                     (date(2024, 5, 8), date(2024, 5, 14))]


def test_records_outside_the_period_are_ignored() -> None:
    inside = DiaryEntry(at=at(TODAY - timedelta(days=13)), discomfort=5)
    before = DiaryEntry(at=at(TODAY - timedelta(days=14)), discomfort=9)
    after = DiaryEntry(at=at(TODAY + timedelta(days=1)), discomfort=9)
    result = compute([], [before, inside, after], today=TODAY, weeks=2)
    assert [w.discomfort for w in result.weeks] == [5, None]
    assert result.entries == 1


def test_the_local_date_decides_the_window() -> None:
    # 23:30 at +02:00 on the last day of a window is 21:30 UTC: still that day.
    late = DiaryEntry(at=datetime.combine(date(2024, 5, 7), time(23, 30), tzinfo=TZ),
                      discomfort=4)
    result = compute([], [late], today=TODAY, weeks=2)
    assert result.weeks[0].discomfort == 4


def test_weeks_before_the_diary_started_are_dropped_but_gaps_stay() -> None:
    entries = entries_for([None, None, [5], None, [4]])
    result = compute([], entries, today=TODAY, weeks=5)
    assert [w.start for w in result.weeks] == [week_start(i, 5) for i in (2, 3, 4)]
    assert result.period_start == week_start(2, 5)
    started = compute([], entries, today=TODAY, weeks=5, diary_start=date(2020, 1, 1))
    assert len(started.weeks) == 5
    assert started.weeks[0].status == "before baseline"


# --- weekly figures ---------------------------------------------------------------------

def test_weekly_medians_and_within_session_change() -> None:
    start = week_start(0, 1)
    entries = [
        DiaryEntry(at=at(start), discomfort=3, stiffness=6, discomfort_before=5),
        DiaryEntry(at=at(start + timedelta(days=1)), discomfort=4, stiffness=4,
                   discomfort_before=4),
        DiaryEntry(at=at(start + timedelta(days=2)), discomfort=6, stiffness=5),
        DiaryEntry(at=at(start + timedelta(days=3)), discomfort=2, discomfort_before=5),
    ]
    week = compute([], entries, today=TODAY, weeks=1).weeks[0]
    assert (week.discomfort, week.discomfort_readings) == (3.5, 4)
    assert (week.stiffness, week.stiffness_readings) == (5, 3)
    # after minus before per session: -2, 0, -3 -> median -2
    assert (week.session_change, week.session_change_readings) == (-2, 3)


def test_adherence_minutes_and_target() -> None:
    sessions = [session(week_start(0, 2) + timedelta(days=d), seconds=300) for d in range(3)]
    sessions.append(session(week_start(1, 2), seconds=90, outcome="quit"))
    result = compute(sessions, [], today=TODAY, weeks=2, target=3)
    first, second = result.weeks
    assert (first.sessions, first.completed, first.minutes, first.met_target) == (3, 3, 15, True)
    assert (second.sessions, second.completed, second.minutes, second.met_target) == (
        1, 0, 1.5, False)
    assert (result.sessions, result.weeks_on_target, result.minutes) == (4, 1, 16.5)
    assert compute(sessions, [], today=TODAY, weeks=2, target=1).weeks_on_target == 2


def test_streaks_count_days_not_sessions_and_survive_until_tomorrow() -> None:
    days = [TODAY - timedelta(days=n) for n in (1, 2, 3, 6, 7, 8, 9, 10, 20)]
    sessions = [session(d) for d in days] + [session(TODAY - timedelta(days=1))]
    result = compute(sessions, [], today=TODAY, weeks=4)
    assert result.streaks == progress.Streaks(current=3, longest=5,
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
    assert skipped[0] == progress.SkippedStep("foam roller", 2, 2)
    assert [s.step for s in skipped] == ["foam roller", "core", "warm-up"]


def test_cracks_per_day_take_the_day_total_once() -> None:
    start = week_start(0, 1)
    entries = [DiaryEntry(at=at(start, 9), cracks=2), DiaryEntry(at=at(start, 20), cracks=4),
               DiaryEntry(at=at(start + timedelta(days=1)), cracks=1)]
    week = compute([], entries, today=TODAY, weeks=1).weeks[0]
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
            entries.append(DiaryEntry(
                at=at(week_start(index, len(per_week)) + timedelta(days=day)), cracks=count))
    assert compute([], entries, today=TODAY, weeks=len(per_week)).reliance_note is note


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


def test_routine_filter_keeps_that_routines_sessions_and_their_entries() -> None:
    sessions = [session(TODAY, "back-reset", sid=1), session(TODAY, "desk-hips", sid=2)]
    entries = [DiaryEntry(at=at(TODAY), discomfort=3, session_id=1),
               DiaryEntry(at=at(TODAY), discomfort=7, session_id=2),
               DiaryEntry(at=at(TODAY), discomfort=9)]
    result = compute(sessions, entries, today=TODAY, routine="desk-hips")
    assert (result.sessions, result.entries, result.weeks[-1].discomfort) == (1, 1, 7)


def test_ten_weeks_of_daily_data_in_one_pass() -> None:
    sessions, entries = [], []
    for n in range(70):
        day = TODAY - timedelta(days=n)
        sessions.append(session(day, sid=n))
        # discomfort falls from 7 to 3 over the ten weeks
        value = 3 + (n * 5) // 70
        entries.append(DiaryEntry(at=at(day, 10), discomfort=value, stiffness=value,
                                  discomfort_before=value + 1, session_id=n))
    result = compute(iter(sessions), iter(entries), today=TODAY, weeks=10)
    assert [w.discomfort for w in result.weeks] == [7, 7, 6, 6, 5, 5, 4, 4, 3, 3]
    assert result.change.verdict == "meaningful improvement"
    assert result.streaks.current == result.streaks.longest == 70
    assert all(w.sessions == 7 and w.session_change == -1 for w in result.weeks)
    data = result.to_dict()
    assert data["change"]["verdict"] == "meaningful improvement"
    assert data["weeks"][0]["start"] == "2024-03-06"


def test_bad_arguments_are_refused() -> None:
    with pytest.raises(ValueError):
        windows(TODAY, 0)
    with pytest.raises(ValueError):
        compute([], [], today=TODAY, target=0)
