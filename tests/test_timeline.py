"""The timeline: how each kind of step expands into timed phases, and the totals."""

from __future__ import annotations

import json

from crackcoach.routines.model import CyclePhase, Routine, Step
from crackcoach.routines.timeline import (
    CUE_SECONDS,
    Phase,
    Timeline,
    build,
    cue_at,
    describe_dose,
    format_clock,
    format_seconds_short,
    step_seconds,
    total_seconds,
)


def routine(*steps: Step) -> Routine:
    return Routine(name="test", title="Test", steps=steps)


def shape(timeline: Timeline) -> list[tuple[object, ...]]:
    """(start, kind, seconds, rep, side) of every phase: the part a person feels."""
    return [(p.start, p.kind, p.seconds, p.rep, p.side) for p in timeline.phases]


def lines(timeline: Timeline) -> list[str]:
    return [f"{p.start:g} {p.describe()}" for p in timeline.phases]


def test_timed_step_is_a_get_ready_countdown_then_one_block() -> None:
    walk = Step("Warm-up walk", "timed", "Walk.", cues=("easy pace",), prepare=5, seconds=300)
    timeline = build(routine(walk))
    assert lines(timeline) == [
        "0 Warm-up walk - get ready 5 s",
        "5 Warm-up walk - 5 min",
    ]
    assert timeline.phases[1].cue == "easy pace"
    assert timeline.total == 305


def test_no_prepare_means_no_get_ready_phase() -> None:
    timeline = build(routine(Step("Walk", "timed", "Walk.", prepare=0, seconds=10)))
    assert shape(timeline) == [(0, "timed", 10, 0, None)]


def test_hold_with_sides_gives_each_side_its_full_hold_with_switches_and_rests() -> None:
    rotation = Step("Thoracic rotation", "hold", "Turn.", cues=("exhale into the turn",),
                    prepare=5, hold=20, reps=2, sides=("left", "right"), switch=5, rest=10)
    timeline = build(routine(rotation))
    assert lines(timeline) == [
        "0 Thoracic rotation - left side - get ready 5 s",
        "5 Thoracic rotation - rep 1 of 2 - left side - hold 20 s",
        "25 Thoracic rotation - rep 1 of 2 - switch to the right side 5 s",
        "30 Thoracic rotation - rep 1 of 2 - right side - hold 20 s",
        "50 Thoracic rotation - rep 2 of 2 - left side - rest 10 s",
        "60 Thoracic rotation - rep 2 of 2 - left side - hold 20 s",
        "80 Thoracic rotation - rep 2 of 2 - switch to the right side 5 s",
        "85 Thoracic rotation - rep 2 of 2 - right side - hold 20 s",
    ]
    holds = [p for p in timeline.phases if p.kind == "hold"]
    assert [p.seconds for p in holds] == [20, 20, 20, 20]
    assert {p.cue for p in holds} == {"exhale into the turn"}
    assert timeline.total == 105


def test_hold_with_sides_and_no_rest_switches_back_to_the_first_side() -> None:
    step = Step("Stretch", "hold", "Go.", prepare=0, hold=10, reps=2, sides=("left", "right"),
                switch=3)
    assert shape(build(routine(step))) == [
        (0, "hold", 10, 1, "left"),
        (10, "switch", 3, 1, "right"),
        (13, "hold", 10, 1, "right"),
        (23, "switch", 3, 2, "left"),
        (26, "hold", 10, 2, "left"),
        (36, "switch", 3, 2, "right"),
        (39, "hold", 10, 2, "right"),
    ]


def test_one_sided_rounds_without_rest_follow_each_other() -> None:
    step = Step("Child's pose", "hold", "Rest.", prepare=0, hold=30, reps=3)
    assert shape(build(routine(step))) == [
        (0, "hold", 30, 1, None), (30, "hold", 30, 2, None), (60, "hold", 30, 3, None)]
    assert build(routine(step)).phases[1].describe() == "Child's pose - rep 2 of 3 - hold 30 s"


def test_a_zero_switch_is_left_out() -> None:
    step = Step("Stretch", "hold", "Go.", prepare=0, hold=5, sides=("left", "right"), switch=0)
    assert shape(build(routine(step))) == [(0, "hold", 5, 1, "left"), (5, "hold", 5, 1, "right")]


def test_flow_repeats_its_cycle_and_cuts_the_last_one_short() -> None:
    cat_cow = Step("Cat-cow", "flow", "Round and sag.", prepare=0, seconds=25,
                   cycle=(CyclePhase("exhale - round up", 6), CyclePhase("inhale - sag", 4)))
    timeline = build(routine(cat_cow))
    assert [(p.start, p.seconds, p.cue, p.cycle, p.cycles) for p in timeline.phases] == [
        (0, 6, "exhale - round up", 1, 3),
        (6, 4, "inhale - sag", 1, 3),
        (10, 6, "exhale - round up", 2, 3),
        (16, 4, "inhale - sag", 2, 3),
        (20, 5, "exhale - round up", 3, 3),
    ]
    assert timeline.phases[0].describe() == "Cat-cow - cycle 1 of 3 - exhale - round up, 6 s"
    assert timeline.total == 25


def test_flow_that_fits_exactly_has_no_partial_cycle() -> None:
    step = Step("Cat-cow", "flow", "Go.", prepare=0, seconds=60,
                cycle=(CyclePhase("exhale", 6), CyclePhase("inhale", 4)))
    timeline = build(routine(step))
    assert len(timeline.phases) == 12
    assert {p.cycles for p in timeline.phases} == {6}
    assert timeline.total == 60


def test_a_reps_step_with_a_hold_moves_into_it_and_back_out_in_its_tempo() -> None:
    tilts = Step("Pelvic tilts", "reps", "Tilt.", cues=("flatten", "press"), prepare=0,
                 reps=2, tempo=4, hold=5)
    timeline = build(routine(tilts))
    # The hold comes where the movement turns, not after the way back: half the tempo each way.
    assert [(p.start, p.kind, p.seconds, p.rep, p.cue) for p in timeline.phases] == [
        (0, "move", 2, 1, "flatten"),
        (2, "hold", 5, 1, "hold the position"),
        (7, "move", 2, 1, "ease back slowly"),
        (9, "move", 2, 2, "press"),
        (11, "hold", 5, 2, "hold the position"),
        (16, "move", 2, 2, "ease back slowly"),
    ]
    assert timeline.phases[1].describe() == "Pelvic tilts - rep 1 of 2 - hold 5 s"
    assert timeline.total == 2 * (4 + 5)
    assert describe_dose(tilts) == "2 reps: 2 s into position, hold 5 s, 2 s back"
    without_hold = Step("Clamshell", "reps", "Open.", prepare=0, reps=3, tempo=3)
    assert [p.seconds for p in build(routine(without_hold)).phases] == [3, 3, 3]


def test_each_hold_starts_on_the_next_cue_as_each_rep_does() -> None:
    rotation = Step("Rotation", "hold", "Turn.", cues=("sit tall", "turn", "breathe out"),
                    prepare=5, hold=20, reps=2, sides=("left", "right"), switch=5)
    timeline = build(routine(rotation))
    assert [(p.kind, p.cue) for p in timeline.phases] == [
        ("prepare", "sit tall"), ("hold", "sit tall"), ("switch", None), ("hold", "turn"),
        ("switch", None), ("hold", "breathe out"), ("switch", None), ("hold", "sit tall")]


def test_cues_take_turns_over_a_phase_each_shown_at_least_ten_seconds() -> None:
    walk = Step("Walk", "timed", "Walk.", cues=("easy pace", "relaxed", "breathe"), prepare=5,
                seconds=300)
    ready, main = build(routine(walk)).phases
    # Three cues share five minutes: a hundred seconds each.
    assert [cue_at(main, walk, t) for t in (0, 99.5, 100, 199, 200, 299, 300)] == [
        "easy pace", "easy pace", "relaxed", "relaxed", "breathe", "breathe", "breathe"]
    assert {cue_at(ready, walk, t) for t in range(6)} == {"easy pace"}  # time to read
    hold = Step("Hold", "hold", "Hold.", cues=("a", "b", "c"), prepare=0, hold=20, reps=2)
    first, second = build(routine(hold)).phases
    assert CUE_SECONDS == 10  # 20 s cannot give three cues ten seconds each: two of them
    assert [cue_at(first, hold, t) for t in (0, 9, 10, 19)] == ["a", "a", "b", "b"]
    assert [cue_at(second, hold, t) for t in (0, 9, 10, 19)] == ["b", "b", "c", "c"]


def test_cues_of_flows_reps_and_single_cue_steps_stay_as_they_are() -> None:
    tilts = Step("Tilts", "reps", "Tilt.", cues=("flatten", "release"), prepare=0, reps=2,
                 tempo=20, hold=20)
    one = Step("Walk", "timed", "Walk.", cues=("easy pace",), prepare=0, seconds=300)
    for step in (tilts, one):
        for phase in build(routine(step)).phases:
            assert cue_at(phase, step, 15) == phase.cue


def test_reps_with_sets_and_sides_rest_between_sets_and_switch_between_sides() -> None:
    clams = Step("Clamshell", "reps", "Open.", prepare=0, reps=2, tempo=1, sets=2,
                 sides=("left", "right"), switch=4, rest=30)
    timeline = build(routine(clams))
    assert lines(timeline) == [
        "0 Clamshell - set 1 of 2 - rep 1 of 2 - left side - move 1 s",
        "1 Clamshell - set 1 of 2 - rep 2 of 2 - left side - move 1 s",
        "2 Clamshell - set 1 of 2 - switch to the right side 4 s",
        "6 Clamshell - set 1 of 2 - rep 1 of 2 - right side - move 1 s",
        "7 Clamshell - set 1 of 2 - rep 2 of 2 - right side - move 1 s",
        "8 Clamshell - set 2 of 2 - left side - rest 30 s",
        "38 Clamshell - set 2 of 2 - rep 1 of 2 - left side - move 1 s",
        "39 Clamshell - set 2 of 2 - rep 2 of 2 - left side - move 1 s",
        "40 Clamshell - set 2 of 2 - switch to the right side 4 s",
        "44 Clamshell - set 2 of 2 - rep 1 of 2 - right side - move 1 s",
        "45 Clamshell - set 2 of 2 - rep 2 of 2 - right side - move 1 s",
    ]


def test_steps_follow_each_other_and_totals_agree() -> None:
    steps = (
        Step("Walk", "timed", "Walk.", prepare=5, seconds=120),
        Step("Cat-cow", "flow", "Go.", prepare=5, seconds=60,
             cycle=(CyclePhase("exhale", 6), CyclePhase("inhale", 4))),
        Step("Rotation", "hold", "Turn.", prepare=5, hold=20, reps=2, sides=("left", "right"),
             switch=5, rest=10),
        Step("Tilts", "reps", "Tilt.", prepare=5, reps=5, tempo=2, hold=5),
    )
    whole = routine(*steps)
    timeline = build(whole)
    assert [p.start for p in timeline.phases[1:]] == [p.end for p in timeline.phases[:-1]]
    assert timeline.total == 125 + 65 + 105 + 40
    assert timeline.total == total_seconds(whole)
    assert [step_seconds(s) for s in steps] == [125, 65, 105, 40]
    assert timeline.steps == ((0, "Walk"), (1, "Cat-cow"), (2, "Rotation"), (3, "Tilts"))
    assert timeline.first_phase_of_step(2) == 2 + 1 + 12
    assert timeline.first_phase_of_step(9) is None
    assert {p.step_index for p in timeline.step_phases(3)} == {3}
    assert timeline.routine == "test" and timeline.title == "Test"


def test_fractional_lengths_add_up_without_float_noise() -> None:
    step = Step("Breath", "flow", "Go.", prepare=0, seconds=10,
                cycle=(CyclePhase("in", 0.1), CyclePhase("out", 0.2)))
    timeline = build(routine(step))
    assert timeline.total == 10
    assert all(p.start == round(p.start, 6) for p in timeline.phases)


def test_timeline_snapshot_is_json_of_every_phase() -> None:
    timeline = build(routine(Step("Walk", "timed", "Walk.", prepare=2, seconds=3)))
    data = json.loads(timeline.to_json())
    assert [Phase(**item) for item in data] == list(timeline.phases)


def test_empty_timeline_has_no_length() -> None:
    assert Timeline("x", "X", ()).total == 0


def test_time_formats() -> None:
    assert [format_clock(s) for s in (0, 59.9, 160, 3600 + 62)] == [
        "00:00", "00:59", "02:40", "1:01:02"]
    assert [format_seconds_short(s) for s in (20, 2.5, 60, 90, 90.5)] == [
        "20 s", "2.5 s", "1 min", "1 min 30 s", "1 min 30.5 s"]


def test_dose_in_words() -> None:
    rotation = Step("Rotation", "hold", "Turn.", hold=20, reps=3, sides=("left", "right"),
                    switch=5, rest=10)
    assert describe_dose(rotation) == (
        "hold 20 s per side (left, right), 5 s to switch x 3 rounds, rest 10 s between rounds")
