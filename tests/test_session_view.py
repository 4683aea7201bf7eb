"""The session views: one live frame at a fixed size, plain lines, the summary."""

from __future__ import annotations

import io
from datetime import datetime, timezone

from rich.console import Console

from crackcoach.records import SessionRecord
from crackcoach.routines import CyclePhase, Routine, Step
from crackcoach.runner import Snapshot
from crackcoach.timeline import build
from crackcoach.views.session import (
    PlainPrinter,
    frame_key,
    render_prestart,
    render_session,
    render_summary,
)

ROUTINE = Routine(name="r", title="Back reset", steps=(
    Step("Thoracic rotation", "hold", "Sit tall with one hand behind your head and turn toward "
         "that elbow as you breathe out.", cues=("exhale into the turn",), prepare=5, hold=20,
         reps=2, sides=("left", "right"), switch=5, rest=10),
    Step("Cat-cow", "flow", "Round and sag.", prepare=0, seconds=60,
         cycle=(CyclePhase("exhale - round up", 6), CyclePhase("inhale - sag", 4))),
))
TIMELINE = build(ROUTINE)


def snapshot(index: int, remaining: float, **changes: object) -> Snapshot:
    phase = TIMELINE.phases[index]
    done = phase.seconds - remaining
    values: dict[str, object] = dict(
        title="Back reset", phase=phase, phase_index=index, phase_count=len(TIMELINE.phases),
        next_phase=TIMELINE.phases[index + 1] if index + 1 < len(TIMELINE.phases) else None,
        step_number=phase.step_index + 1, step_count=2, remaining=remaining,
        phase_began=phase.start, elapsed=phase.start + done, position=phase.start + done,
        total=TIMELINE.total, paused=False, paused_seconds=0.0, help_visible=False,
        finished=False, outcome=None)
    values.update(changes)
    return Snapshot(**values)  # type: ignore[arg-type]


def text(renderable: object, width: int = 100, height: int = 30) -> str:
    console = Console(file=io.StringIO(), width=width, height=height, color_system=None)
    console.print(renderable)
    output = console.file.getvalue()  # type: ignore[attr-defined]
    assert isinstance(output, str)
    return output


def test_a_hold_frame_shows_step_rep_side_countdown_bars_cue_and_next() -> None:
    frame = text(render_session(ROUTINE, snapshot(3, 12.4), 100, 30))
    assert frame == FRAME


def test_paused_frame_says_so_with_the_time_paused() -> None:
    frame = text(render_session(ROUTINE, snapshot(3, 12.4, paused=True, paused_seconds=65.2),
                                100, 30))
    assert " PAUSED 01:05 - press space to resume " in frame.splitlines()


def test_flow_frame_shows_the_cycle_cue_and_next_cue() -> None:
    index = next(i for i, p in enumerate(TIMELINE.phases) if p.kind == "flow")
    lines = text(render_session(ROUTINE, snapshot(index, 6), 100, 30)).splitlines()
    assert lines[2:4] == ["Cat-cow", "Cycle 1 of 6"]
    assert lines[5] == "exhale - round up"
    assert "Next: cycle 1 of 6 - inhale - sag, 4 s" in lines


def test_a_small_terminal_gets_a_one_line_countdown() -> None:
    lines = text(render_session(ROUTINE, snapshot(3, 12.4), 60, 20), 60, 20).splitlines()
    assert "13 s left" in lines
    assert len(lines) <= 20


def test_help_replaces_the_instructions_with_the_keys() -> None:
    frame = text(render_session(ROUTINE, snapshot(3, 12.4, help_visible=True), 100, 30))
    assert "  b      back to the start of this step; twice quickly: the previous step" in frame
    assert "Sit tall" not in frame


def test_routine_text_is_shown_as_text_never_as_terminal_codes() -> None:
    hostile = Routine(name="h", title="[bold]Evil\x1b[2J", steps=(
        Step("Step \x1b]0;pwned\x07", "timed", "[red]x[/red]", prepare=0, seconds=5),))
    timeline = build(hostile)
    snap = snapshot(0, 5, title=hostile.title, phase=timeline.phases[0], next_phase=None)
    frame = text(render_session(hostile, snap, 100, 30))
    assert "\x1b" not in frame
    assert "[bold]Evil\\x1b[2J" in frame and "Step \\x1b]0;pwned\\x07" in frame
    assert "[red]x[/red]" in frame


def test_frames_that_would_look_the_same_share_a_key() -> None:
    assert frame_key(snapshot(3, 12.45), 100, 30) == frame_key(snapshot(3, 12.4), 100, 30)
    assert frame_key(snapshot(3, 12.4), 100, 30) != frame_key(snapshot(3, 11.9), 100, 30)
    assert frame_key(snapshot(3, 12.4), 100, 30) != frame_key(snapshot(3, 12.4), 80, 30)
    assert frame_key(snapshot(3, 12.4), 100, 30) != frame_key(
        snapshot(3, 12.4, paused=True), 100, 30)


def test_plain_printer_writes_one_line_per_change() -> None:
    out = io.StringIO()
    printer = PlainPrinter(out)
    for event, snap in [("start", snapshot(0, 5)), ("phase", snapshot(0, 5)),
                        ("tick", snapshot(0, 4)), ("phase", snapshot(1, 20)),
                        ("pause", snapshot(1, 15)), ("resume", snapshot(1, 15)),
                        ("end", snapshot(1, 0))]:
        printer.on_event(event, snap)  # type: ignore[arg-type]
    assert out.getvalue() == (
        "[00:00] Thoracic rotation - left side - get ready 5 s\n"
        "[00:05] Thoracic rotation - rep 1 of 2 - left side - hold 20 s\n"
        "[00:10] paused - press space to resume\n"
        "[00:10] resumed\n"
    )


def test_summary_lists_steps_and_times() -> None:
    at = datetime(2024, 1, 1, tzinfo=timezone.utc)
    record = SessionRecord(routine="r", started_at=at, ended_at=at, planned_seconds=165,
                           actual_seconds=150.4, paused_seconds=30.2,
                           steps_completed=("Thoracic rotation",), steps_skipped=("Cat-cow",),
                           outcome="quit")
    assert text(render_summary(record, "Back reset", 2)) == (
        "Session ended early: Back reset\n"
        "Steps completed: 1 of 2 (Thoracic rotation)\n"
        "Skipped: Cat-cow\n"
        "Time spent: 02:30 (planned 02:45), paused 00:30\n"
    )


def test_prestart_names_the_routine_its_length_and_the_safety_points() -> None:
    shown = text(render_prestart(ROUTINE, TIMELINE, width=100, overrides="quick"))
    lines = shown.splitlines()
    assert lines[:2] == ["Back reset", "2 min 45 s · 2 steps · adjusted for this session: quick"]
    assert "  - Go as far as a mild, easy tension - never into pain." in lines
    assert lines[-1] == "Press Enter to start, or q to leave."
    plain = text(render_prestart(ROUTINE, TIMELINE, width=100, interactive=False))
    assert "Press Enter" not in plain


FRAME = """\
Back reset                                                               step 1 of 2 · 00:37 / 02:45

Thoracic rotation
Rep 1 of 2 - right side

HOLD

     ██    ██████
   ████        ██
     ██    ██████
     ██        ██
   ██████  ██████

█████████████████████████████████░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░  13 / 20 s

Cue: exhale into the turn

Sit tall with one hand behind your head and turn toward that elbow as you breathe out.

Next: rep 2 of 2 - left side - rest 10 s

Session █████████████████░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░  02:08 left
space pause · n next step · b back · q quit · ? help
"""
