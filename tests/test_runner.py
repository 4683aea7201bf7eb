"""The runner: whole sessions played against a fake clock counting milliseconds.

The fake key source advances the fake clock by exactly the time the runner
asked to wait (plus an optional wake-up latency), or to the moment of the next
scripted key press, so every test is instant and exact.
"""

from __future__ import annotations

import json
import math
from datetime import datetime, timedelta, timezone

import pytest

from crackcoach.diary.records import SessionRecord
from crackcoach.routines.model import CyclePhase, Routine, Step
from crackcoach.routines.timeline import Timeline, build
from crackcoach.session.runner import BACK_WINDOW_SECONDS, Event, Runner, Snapshot
from fakes import CTRL_C, FakeClock, ScriptedKeys

START = datetime(2024, 3, 4, 7, 30, tzinfo=timezone(timedelta(hours=1)))
BOOM = "<boom>"


class Recorder:
    """A listener keeping every event with its snapshot."""

    def __init__(self) -> None:
        self.events: list[tuple[Event, Snapshot]] = []

    def __call__(self, event: Event, snapshot: Snapshot) -> None:
        if event == "tick" and snapshot.phase is not None and snapshot.phase.step_name == BOOM:
            raise RuntimeError("a view broke")
        self.events.append((event, snapshot))

    def of(self, kind: Event) -> list[Snapshot]:
        return [snap for event, snap in self.events if event == kind]

    def phases(self) -> list[tuple[float, str, str]]:
        """(active time it began, step, kind) of every phase that was entered."""
        return [(round(s.phase_began, 3), s.phase.step_name, s.phase.kind)
                for s in self.of("phase") if s.phase is not None]


def play(timeline: Timeline, presses: list[tuple[float, str]] = (), *,  # type: ignore[assignment]
         latency_ms: int = 0) -> tuple[SessionRecord, Recorder, ScriptedKeys]:
    clock = FakeClock()
    keys = ScriptedKeys(clock, list(presses), latency_ms=latency_ms)
    recorder = Recorder()
    runner = Runner(timeline, clock, keys, wall_clock=lambda: START, listeners=[recorder])
    return runner.run(), recorder, keys


def every_kind() -> Timeline:
    """A 47 s routine with one step of each kind (phase starts in the comments)."""
    return build(Routine(name="mix", title="Mix", steps=(
        # 0 get ready, 2 walk
        Step("Walk", "timed", "Walk.", prepare=2, seconds=5),
        # 7 get ready, 9 left 5, 14 switch, 16 right 5, 21 rest, 23 left, 28 switch, 30 right
        Step("Rotation", "hold", "Turn.", prepare=2, hold=5, reps=2, sides=("left", "right"),
             switch=2, rest=2),
        # 35 exhale 3, 38 inhale 2, 40 exhale 1
        Step("Cat-cow", "flow", "Flow.", prepare=0, seconds=6,
             cycle=(CyclePhase("exhale", 3), CyclePhase("inhale", 2))),
        # 41 move 1, 42 hold 2, 44 move 1, 45 hold 2
        Step("Tilts", "reps", "Tilt.", prepare=0, reps=2, tempo=1, hold=2),
    )))


def test_a_whole_session_plays_every_phase_of_every_kind_on_time() -> None:
    timeline = every_kind()
    record, recorder, _ = play(timeline)
    assert timeline.total == 47
    assert recorder.phases() == [(p.start, p.step_name, p.kind) for p in timeline.phases]
    assert record.outcome == "completed"
    assert record.steps_completed == ("Walk", "Rotation", "Cat-cow", "Tilts")
    assert record.steps_skipped == ()
    assert (record.planned_seconds, record.actual_seconds, record.paused_seconds) == (47, 47, 0)
    assert record.routine == "mix"
    assert record.started_at == START
    assert record.ended_at == START + timedelta(seconds=47)
    assert json.loads(record.timeline) == json.loads(timeline.to_json())
    assert [event for event, _ in recorder.events if event not in ("tick", "phase")] == [
        "start", "end"]
    assert recorder.of("end")[0].finished and recorder.of("end")[0].session_left == 0


def test_slow_wake_ups_never_add_up() -> None:
    timeline = every_kind()
    record, recorder, _ = play(timeline, latency_ms=37)
    # Every phase starts at its planned time although each wake-up came 37 ms late.
    assert recorder.phases() == [(p.start, p.step_name, p.kind) for p in timeline.phases]
    assert record.actual_seconds == record.planned_seconds == 47


def test_the_display_is_refreshed_a_few_times_a_second_without_spinning() -> None:
    hold = build(Routine(name="h", title="H", steps=(
        Step("Hold", "hold", "Hold.", prepare=0, hold=20),)))
    _, recorder, keys = play(hold)
    assert len(recorder.of("tick")) == 80  # 4 a second
    assert all(t is not None and 0 < t <= 0.25 for t in keys.timeouts)
    shown = [math.ceil(round(s.remaining, 6)) for s in recorder.of("tick")]
    assert shown[:5] == [20, 20, 20, 20, 19]  # the whole second changes right on time


def test_pause_stops_the_clock_and_moves_the_deadlines() -> None:
    timeline = every_kind()
    record, recorder, _ = play(timeline, [(10.0, " "), (25.5, " ")])
    assert record.paused_seconds == 15.5
    assert record.actual_seconds == 47 + 15.5
    assert record.outcome == "completed"
    paused = [s for e, s in recorder.events if e == "tick" and s.paused]
    assert paused, "the view is refreshed while paused"
    assert {s.remaining for s in paused} == {4.0}  # the left hold had 4 s left
    assert paused[-1].paused_seconds == pytest.approx(15.5, abs=1)
    # Active time ignores the pause: the right side still begins 16 s into the session.
    assert (16.0, "Rotation", "hold") in recorder.phases()
    assert recorder.of("pause")[0].elapsed == 10.0
    assert recorder.of("resume")[0].elapsed == 10.0


def test_skip_leaves_the_step_and_marks_it_skipped() -> None:
    timeline = every_kind()
    record, recorder, _ = play(timeline, [(12.0, "n")])
    assert record.steps_completed == ("Walk", "Cat-cow", "Tilts")
    assert record.steps_skipped == ("Rotation",)
    assert record.outcome == "completed"
    # The 23 s left of Rotation (12 -> 35) are not played.
    assert record.actual_seconds == 47 - 23
    assert recorder.phases()[4] == (12.0, "Cat-cow", "flow")
    assert len(recorder.of("skip")) == 1


def test_skipping_the_last_step_ends_the_session() -> None:
    record, _, _ = play(every_kind(), [(42.0, "N")])
    assert record.outcome == "completed"
    assert record.steps_skipped == ("Tilts",)
    assert record.actual_seconds == 42


def test_back_restarts_the_current_step() -> None:
    timeline = every_kind()
    record, recorder, _ = play(timeline, [(18.0, "b")])
    # Rotation began at 7; 11 s of it are played again.
    assert record.actual_seconds == 47 + 11
    assert (18.0, "Rotation", "prepare") in recorder.phases()
    assert record.steps_completed == ("Walk", "Rotation", "Cat-cow", "Tilts")


def test_back_twice_quickly_goes_to_the_previous_step() -> None:
    timeline = every_kind()
    record, recorder, _ = play(timeline, [(18.0, "b"), (18.5, "b")])
    assert recorder.phases()[-len(timeline.phases):][0] == (18.5, "Walk", "prepare")
    assert record.actual_seconds == 47 + 18.5
    assert record.outcome == "completed"


def test_back_twice_slowly_restarts_the_same_step_twice() -> None:
    record, recorder, _ = play(every_kind(), [(18.0, "b"), (18.0 + BACK_WINDOW_SECONDS + 1, "b")])
    backs = [s.phase.step_name for s in recorder.of("back") if s.phase is not None]
    assert backs == ["Rotation", "Rotation"]
    assert record.actual_seconds == 47 + 11 + BACK_WINDOW_SECONDS + 1


def test_back_on_the_first_step_stays_on_the_first_step() -> None:
    record, recorder, _ = play(every_kind(), [(1.0, "b"), (1.2, "b")])
    assert [s.phase.step_name for s in recorder.of("back") if s.phase] == ["Walk", "Walk"]
    assert record.actual_seconds == 47 + 1.2


def test_quit_ends_early_and_counts_only_finished_steps() -> None:
    record, _, _ = play(every_kind(), [(36.0, "q")])
    assert record.outcome == "quit"
    assert record.steps_completed == ("Walk", "Rotation")
    assert record.steps_skipped == ()
    assert record.actual_seconds == 36
    assert record.ended_at == START + timedelta(seconds=36)


def test_quit_while_paused_counts_the_pause() -> None:
    record, _, _ = play(every_kind(), [(3.0, " "), (9.0, "q")])
    assert record.outcome == "quit"
    assert record.paused_seconds == 6
    assert record.actual_seconds == 9


def test_ctrl_c_ends_the_session_as_interrupted_with_a_record() -> None:
    record, recorder, _ = play(every_kind(), [(8.25, CTRL_C)])
    assert record.outcome == "interrupted"
    assert record.steps_completed == ("Walk",)
    assert record.actual_seconds == 8.25
    assert recorder.of("end")[0].outcome == "interrupted"


def test_an_error_in_a_view_still_leaves_a_record() -> None:
    timeline = build(Routine(name="b", title="B", steps=(
        Step("Walk", "timed", "Walk.", prepare=0, seconds=3),
        Step(BOOM, "timed", "Boom.", prepare=0, seconds=3))))
    clock = FakeClock()
    runner = Runner(timeline, clock, ScriptedKeys(clock, []), wall_clock=lambda: START,
                    listeners=[Recorder()])
    with pytest.raises(RuntimeError, match="a view broke"):
        runner.run()
    assert runner.record is not None
    assert runner.record.outcome == "interrupted"
    assert runner.record.steps_completed == ("Walk",)
    assert runner.record.actual_seconds == 3


def test_skip_while_paused_stays_paused_and_gives_the_next_step_its_full_time() -> None:
    timeline = every_kind()
    record, recorder, _ = play(timeline, [(4.0, " "), (5.0, "n"), (9.0, " ")])
    after_skip = recorder.of("skip")[0]
    assert after_skip.paused and after_skip.phase is not None
    assert after_skip.phase.step_name == "Rotation" and after_skip.remaining == 2
    assert record.paused_seconds == 5
    # 4 s of Walk played, then all 40 s from Rotation on, plus 5 s paused.
    assert record.actual_seconds == 4 + 40 + 5
    assert record.steps_skipped == ("Walk",)


def test_help_key_toggles_the_key_help() -> None:
    _, recorder, _ = play(every_kind(), [(1.0, "?"), (2.0, "?")])
    assert [s.help_visible for s in recorder.of("help")] == [True, False]


def test_other_keys_change_nothing() -> None:
    record, _, _ = play(every_kind(), [(1.0, "z"), (2.0, "\n"), (3.0, "é")])
    assert record.actual_seconds == 47 and record.outcome == "completed"


def test_wall_time_is_planned_plus_paused_over_a_long_session_with_late_wake_ups() -> None:
    long = build(Routine(name="long", title="Long", steps=tuple(
        Step(f"Hold {n}", "hold", "Hold.", prepare=5, hold=25, reps=3, sides=("left", "right"),
             switch=5, rest=10) for n in range(4))))
    presses = [(100.0, " "), (130.25, " "), (400.0, "p"), (401.0, "p")]
    record, _, _ = play(long, presses, latency_ms=3)
    assert long.total > 600
    assert record.paused_seconds == 31.25
    assert record.actual_seconds == pytest.approx(long.total + 31.25, abs=0.001)


def test_snapshot_fractions_follow_the_session() -> None:
    _, recorder, _ = play(every_kind())
    ticks = recorder.of("tick")
    assert ticks[0].phase_fraction == 0 and ticks[0].session_fraction == 0
    halfway = next(s for s in ticks if s.position >= 23.5)
    assert halfway.session_fraction == pytest.approx(0.5, abs=0.01)
    assert halfway.session_left == pytest.approx(23.5, abs=0.3)
    assert halfway.step_number == 2 and halfway.step_count == 4
    assert halfway.next_phase is not None
