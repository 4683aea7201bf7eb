"""The session views as a person sees them: whole frames at 100, 80 and 60 columns.

Frames are rendered at a fixed size without colour and compared whole, so a
change to what the screen says shows up here line by line.
"""

from __future__ import annotations

import io
import itertools
from datetime import datetime, timezone
from typing import Any

import pytest
from rich.console import Console

from crackcoach.diary.records import SessionRecord
from crackcoach.routines.model import CyclePhase, Routine, Step
from crackcoach.routines.timeline import build
from crackcoach.session.runner import Snapshot
from crackcoach.views.session import (
    WeekSoFar,
    frame_key,
    render_finish,
    render_session,
    render_summary,
)
from crackcoach.views.session_text import KEYS_LINE, STOP_RULES, cut_lines, keys_line, stop_rule

ROLLER = ("Lie back with the roller across your upper back, between the shoulder\n"
          "blades and the bottom of the ribs. Support your head with your hands,\n"
          "lift your hips a little and make small, slow rolls.\n")
ROUTINE = Routine(name="r", title="Back reset", steps=(
    Step("Thoracic rotation", "hold", "Sit tall with one hand behind your head and turn toward "
         "that elbow as you breathe out.",
         cues=("sit tall", "turn from the chest", "breathe out into the turn"), prepare=5,
         hold=20, reps=2, sides=("left", "right"), switch=5, rest=10),
    Step("Upper-back foam rolling", "timed", ROLLER,
         cues=("small slow rolls", "hands support the head"),
         caution="Keep the roller on the upper back only. Never roll the lower back: there\n"
                 "are no ribs there to share the load.", prepare=10, seconds=300),
    Step("Cat-cow", "flow", "Round and sag.", prepare=0, seconds=60,
         cycle=(CyclePhase("exhale - round up", 6), CyclePhase("inhale - sag", 4))),
))
TIMELINE = build(ROUTINE)
HOLD, ROLL_READY, ROLL = 3, 8, 9  # right side of the first round; the roller's two phases


def snapshot(index: int, remaining: float, **changes: Any) -> Snapshot:
    phase = TIMELINE.phases[index]
    done = phase.seconds - remaining
    values: dict[str, Any] = dict(
        title="Back reset", phase=phase, phase_index=index, phase_count=len(TIMELINE.phases),
        next_phase=TIMELINE.phases[index + 1] if index + 1 < len(TIMELINE.phases) else None,
        step_number=phase.step_index + 1, step_count=3, remaining=remaining,
        phase_began=phase.start, elapsed=phase.start + done, position=phase.start + done,
        total=TIMELINE.total, paused=False, paused_seconds=0.0, help_visible=False,
        finished=False, outcome=None)
    values.update(changes)
    return Snapshot(**values)


def text(renderable: object, width: int = 100, height: int = 30) -> str:
    console = Console(file=io.StringIO(), width=width, height=height, color_system=None)
    console.print(renderable)
    output = console.file.getvalue()  # type: ignore[attr-defined]
    assert isinstance(output, str)
    return output


def frame(index: int, remaining: float, width: int, height: int, **changes: Any) -> str:
    stop_key = changes.pop("stop_key", False)
    return text(render_session(ROUTINE, snapshot(index, remaining, **changes), width, height,
                               stop_key=stop_key), width, height)


# --- whole frames ------------------------------------------------------------------------

def test_a_hold_at_100x30_has_big_digits_and_everything_else() -> None:
    assert frame(HOLD, 12.4, 100, 30) == """\
Back reset                                                               step 1 of 3 · 00:37 / 07:55

Thoracic rotation
Rep 1 of 2 - right side

HOLD

     ██    ██████
   ████        ██
     ██    ██████
     ██        ██
   ██████  ██████

██████████████████████████████░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░  0:07 / 0:20

Cue: turn from the chest
Sit tall with one hand behind your head and turn toward that elbow as you breathe out.

Sharp, shooting or spreading pain, numbness or tingling: stop.
Next: rep 2 of 2 - left side - rest 10 s

Session ██████░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░  07:18 left
space pause · n next step · b back · q quit · ? help
"""


def test_get_ready_at_80x24_gives_the_instructions_and_caution_the_room_of_the_digits() -> None:
    assert frame(ROLL_READY, 7.6, 80, 24, stop_key=True) == """\
Back reset                                           step 2 of 3 · 01:47 / 07:55

Upper-back foam rolling

GET READY  8 s left
█████████████░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░  0:02 / 0:10

Cue: small slow rolls
Lie back with the roller across your upper back, between the shoulder blades and
the bottom of the ribs. Support your head with your hands, lift your hips a
little and make small, slow rolls.
! Keep the roller on the upper back only. Never roll the lower back: there are
  no ribs there to share the load.

Sharp, shooting or spreading pain, numbness or tingling: stop.  x = this hurts
Next: go for 5 min

Session ██████████████░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░  06:08 left
space pause · n next step · b back · x this hurts · q quit · ? help
"""


def test_a_five_minute_step_at_60_columns_reads_in_minutes_and_seconds() -> None:
    assert frame(ROLL, 4.2, 60, 24, stop_key=True) == """\
Back reset                       step 2 of 3 · 06:50 / 07:55

Upper-back foam rolling

GO  5 s left
██████████████████████████████████████████████░  4:55 / 5:00

Cue: hands support the head
Lie back with the roller across your upper back, between the
shoulder blades and the bottom of the ribs. Support your
head with your hands, lift your hips a little and make
small, slow rolls.
! Keep the roller on the upper back only. Never roll the
  lower back: there are no ribs there to share the load.

Sharp pain, numbness or tingling: stop.  x = this hurts
Next step: Cat-cow

Session ███████████████████████████████████░░░░░  01:05 left
space pause · n next · b back · x hurts · q quit · ? help
"""


def test_paused_frame_says_so_with_the_time_paused() -> None:
    lines = frame(HOLD, 12.4, 100, 30, paused=True, paused_seconds=65.2).splitlines()
    assert " PAUSED 01:05 - press space to resume " in lines
    assert "0:07 / 0:20" in lines[13]  # the bar still says where the hold stands


def test_flow_frame_shows_the_cycle_cue_as_what_to_do_and_the_next_cue() -> None:
    index = next(i for i, p in enumerate(TIMELINE.phases) if p.kind == "flow")
    lines = frame(index, 6, 100, 30).splitlines()
    assert lines[2:4] == ["Cat-cow", "Cycle 1 of 6"]
    assert lines[5] == "exhale - round up"
    assert not any(line.startswith("Cue: ") for line in lines)
    assert "Next: cycle 1 of 6 - inhale - sag, 4 s" in lines


@pytest.mark.parametrize("stop_key", [False, True])
def test_help_replaces_the_instructions_with_the_keys(stop_key: bool) -> None:
    shown = frame(HOLD, 12.4, 100, 30, help_visible=True, stop_key=stop_key)
    assert "  b      back to the start of this step; twice quickly: the previous step" in shown
    assert ("  x      this hurts: end the session now, saved as stopped" in shown) == stop_key
    assert "Sit tall" not in shown


def test_the_hold_label_is_whole_and_in_minutes_and_seconds_at_every_width() -> None:
    for width in (100, 80, 60, 40):
        assert "  4:55 / 5:00" in frame(ROLL, 5, width, 24).splitlines()[5], width
    assert "  0:07 / 0:20" in frame(HOLD, 13, 60, 24)


@pytest.mark.parametrize(("remaining", "label", "cells"), [
    (20, "0:00 / 0:20", 0), (13.5, "0:06 / 0:20", 26), (0.2, "0:19 / 0:20", 83)])
def test_the_bar_and_its_label_tell_how_much_of_the_hold_is_done(
        remaining: float, label: str, cells: int) -> None:
    bar = frame(HOLD, remaining, 100, 30).splitlines()[13]
    assert bar.endswith(f"  {label}")
    assert bar.count("█") == cells  # 88 cells: the whole seconds done of 20


def test_cues_take_turns_in_a_hold_and_in_a_timed_step() -> None:
    def cue(index: int, remaining: float) -> str:
        return next(line for line in frame(index, remaining, 100, 30).splitlines()
                    if line.startswith("Cue: "))

    holds = [i for i, p in enumerate(TIMELINE.phases) if p.kind == "hold"]
    assert [cue(i, 20) for i in holds] == [
        "Cue: sit tall", "Cue: turn from the chest", "Cue: breathe out into the turn",
        "Cue: sit tall"]
    assert cue(holds[0], 9.5) == "Cue: turn from the chest"  # 10 s into the hold
    assert cue(ROLL, 151) == "Cue: small slow rolls"  # two cues share five minutes
    assert cue(ROLL, 150) == "Cue: hands support the head"


SIZES = [(100, 30), (80, 24), (60, 24), (60, 20), (52, 10), (40, 10)]


@pytest.mark.parametrize(("width", "height"), SIZES, ids=str)
@pytest.mark.parametrize("stop_key", [False, True], ids=["keys", "stop-key"])
def test_the_stop_rule_and_the_keys_are_in_every_frame(width: int, height: int,
                                                       stop_key: bool) -> None:
    rule, hint = stop_rule(width, stop_key=stop_key)
    for index, phase in enumerate(TIMELINE.phases):
        lines = frame(index, phase.seconds / 2, width, height, stop_key=stop_key).splitlines()
        assert len(lines) <= height
        assert lines[-1] == keys_line(width, stop_key=stop_key)
        assert (f"{rule}  {hint}" if hint else rule) in lines
        assert ("x " in lines[-1]) == stop_key


def test_the_stop_rule_fits_with_its_key_hint_at_every_width() -> None:
    for width in range(40, 120):
        rule, hint = stop_rule(width, stop_key=True)
        assert len(rule) + 2 + len(hint) <= width and rule in STOP_RULES
    assert stop_rule(100) == (STOP_RULES[0], "")
    assert keys_line(100) == KEYS_LINE


@pytest.mark.parametrize(("width", "height"), [(100, 30), (80, 24), (60, 24)], ids=str)
def test_the_caution_stays_whole_in_every_frame_of_its_step(width: int, height: int) -> None:
    caution = cut_lines(" ".join(ROUTINE.steps[1].caution.split()), width - 2)  # type: ignore[union-attr]
    for index in (ROLL_READY, ROLL):
        for remaining in (TIMELINE.phases[index].seconds, 1):
            for changes in ({}, {"help_visible": True}, {"paused": True}):
                lines = frame(index, remaining, width, height, **changes).splitlines()
                first = next(n for n, line in enumerate(lines) if line.startswith("! "))
                assert [line[2:] for line in lines[first:first + len(caution)]] == caution


def test_frames_that_would_look_the_same_share_a_key() -> None:
    assert frame_key(snapshot(3, 12.45), 100, 30) == frame_key(snapshot(3, 12.4), 100, 30)
    assert frame_key(snapshot(3, 12.4), 100, 30) != frame_key(snapshot(3, 11.9), 100, 30)
    assert frame_key(snapshot(3, 12.4), 100, 30) != frame_key(snapshot(3, 12.4), 80, 30)
    assert frame_key(snapshot(3, 12.4), 100, 30) != frame_key(
        snapshot(3, 12.4, paused=True), 100, 30)


def test_a_frame_changes_only_on_the_seconds_the_countdown_changes() -> None:
    keys = [frame_key(snapshot(HOLD, 20 - ms / 1000), 100, 30) for ms in range(0, 20000, 50)]
    changes = [ms * 50 for ms, (a, b) in enumerate(itertools.pairwise(keys), 1)
               if a != b]
    assert changes == list(range(1000, 20000, 1000))


def test_routine_text_is_shown_as_text_never_as_terminal_codes() -> None:
    hostile = Routine(name="h", title="[bold]Evil\x1b[2J", steps=(
        Step("Step \x1b]0;pwned\x07", "timed", "[red]x[/red]", caution="\x1b[5mcareful",
             prepare=0, seconds=5),))
    timeline = build(hostile)
    snap = snapshot(0, 5, title=hostile.title, phase=timeline.phases[0], next_phase=None)
    shown = text(render_session(hostile, snap, 100, 30))
    assert "\x1b" not in shown
    assert "[bold]Evil\\x1b[2J" in shown and "Step \\x1b]0;pwned\\x07" in shown
    assert "[red]x[/red]" in shown and "! \\x1b[5mcareful" in shown


# --- the end ----------------------------------------------------------------------------------

AT = datetime(2024, 1, 1, tzinfo=timezone.utc)
DONE = SessionRecord(routine="r", started_at=AT, ended_at=AT, planned_seconds=475,
                     actual_seconds=507.4, paused_seconds=32.2,
                     steps_completed=("Thoracic rotation", "Upper-back foam rolling", "Cat-cow"),
                     steps_skipped=(), outcome="completed")
EARLY = DONE._replace(actual_seconds=150.4, paused_seconds=30.2,
                      steps_completed=("Thoracic rotation",),
                      steps_skipped=("Upper-back foam rolling",), outcome="quit")


def test_summary_lists_steps_and_times() -> None:
    assert text(render_summary(EARLY, "Back reset", 3)) == (
        "Session ended early: Back reset\n"
        "Steps completed: 1 of 3 (Thoracic rotation)\n"
        "Skipped: Upper-back foam rolling\n"
        "Time spent: 02:30 (planned 07:55), paused 00:30\n"
    )


def test_the_finish_screen_at_80_columns() -> None:
    shown = render_finish(DONE, title="Back reset", step_count=3, width=80,
                          week=WeekSoFar(sessions=3, target=3))
    assert text(shown, 80, 24) == """\
Session complete: Back reset
Well done: that was the whole routine. Get up slowly.

Done:      3 of 3 steps: Thoracic rotation, Upper-back foam rolling, Cat-cow
Time:      7:55 of 7:55 planned, paused 0:32
This week: 3 of 3 sessions - target reached

Next: a few questions on how your back feels now, for your comfort diary.
"""


def test_the_finish_screen_at_60_columns_after_an_early_end() -> None:
    shown = render_finish(EARLY, title="Back reset", step_count=3, width=60, diary="log-later")
    assert text(shown, 60, 24) == """\
Session ended early: Back reset
Ending early is fine: what you did is kept.

Done:      1 of 3 steps: Thoracic rotation
Skipped:   Upper-back foam rolling
Time:      2:00 of 7:55 planned, paused 0:30

Saved to your diary. Note how you feel with 'crackcoach
log'.
"""


def test_the_finish_screen_wraps_long_step_lists_under_their_label() -> None:
    many = DONE._replace(steps_completed=tuple(f"Step number {n}" for n in range(8)),
                         steps_skipped=("Step number 8", "Step number 9"))
    lines = text(render_finish(many, title="T", step_count=10, width=60, diary="saved"),
                 60).splitlines()
    assert lines[3:6] == [
        "Done:      8 of 10 steps: Step number 0, Step number 1,",
        "           Step number 2, Step number 3, Step number 4,",
        "           Step number 5, Step number 6, Step number 7",
    ]
    assert lines[6] == "Skipped:   Step number 8, Step number 9"
    assert lines[-2:] == ["Saved to your diary; 'crackcoach stats' shows how your weeks",
                          "compare."]


def test_a_session_stopped_because_it_hurt_says_what_to_do() -> None:
    stopped = EARLY._replace(outcome="stopped")  # the outcome the "this hurts" key records
    lines = text(render_finish(stopped, title="Back reset", step_count=3, width=100,
                               diary="sign"), 100).splitlines()
    assert lines[0] == "Session stopped: Back reset"
    assert "see a doctor or physiotherapist" in lines[1] + lines[2]
    # Only the safety screen follows, so the finish screen does not promise questions.
    assert lines[-1] == ("Next: whether one of these signs made you stop; then a word on "
                         "what comes next.")
