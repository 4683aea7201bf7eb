"""Plain mode: the guidance of the live view as lines, for pipes and screen readers.

Whole sessions are played against the fake clock with the plain printer
listening, so the output is exact and instant.
"""

from __future__ import annotations

import io
from datetime import datetime, timezone
from pathlib import Path

import pytest

from crackcoach.routines.model import Routine, Step
from crackcoach.routines.reader import load_routine
from crackcoach.routines.timeline import build
from crackcoach.session.runner import Event, Runner, Snapshot
from crackcoach.views.session import PlainPrinter
from crackcoach.views.session_text import paragraphs
from fakes import FakeClock, ScriptedKeys

ROUTINES = Path(__file__).resolve().parents[1] / "routines"
BUILTIN = sorted(ROUTINES.glob("*.yaml"))
START = datetime(2024, 3, 4, 7, 30, tzinfo=timezone.utc)

ROUTINE = Routine(name="r", title="Back reset", steps=(
    Step("Thoracic rotation", "hold", "Sit tall (or on a chair).\nPut one hand behind your\n"
         "head and turn toward that elbow.\n\n- breathe out into the turn\n",
         cues=("sit tall", "turn from the chest"), prepare=2, hold=20, sides=("left", "right"),
         switch=3),
    Step("Upper-back foam rolling", "timed", "Lie back on the roller.",
         cues=("small slow rolls", "hands support the head"),
         caution="Never roll the lower back.", prepare=0, seconds=30),
))


def play(routine: Routine, presses: list[tuple[float, str]] = (), *,  # type: ignore[assignment]
         stop_key: bool = False) -> list[str]:
    out = io.StringIO()
    clock = FakeClock()
    printer = PlainPrinter(out, routine, stop_key=stop_key)
    Runner(build(routine), clock, ScriptedKeys(clock, list(presses)), wall_clock=lambda: START,
           listeners=[printer.on_event]).run()
    return out.getvalue().splitlines()


def test_each_step_starts_with_its_instructions_caution_and_cue_and_cues_follow() -> None:
    assert play(ROUTINE) == [
        "Sharp, shooting or spreading pain, numbness or tingling: stop.",
        "[00:00] Thoracic rotation - left side - get ready 2 s",
        "  Sit tall (or on a chair). Put one hand behind your head and turn toward that elbow.",
        "  - breathe out into the turn",
        "  Cue: sit tall",
        "[00:02] Thoracic rotation - left side - hold 20 s",
        "[00:12] Cue: turn from the chest",
        "[00:22] Thoracic rotation - switch to the right side 3 s",
        "[00:25] Thoracic rotation - right side - hold 20 s",
        "[00:35] Cue: sit tall",
        "[00:45] Upper-back foam rolling - 30 s",
        "  Lie back on the roller.",
        "  Take care: Never roll the lower back.",
        "  Cue: small slow rolls",
        "[01:00] Cue: hands support the head",
    ]


def test_going_back_says_the_instructions_again_and_the_stop_key_is_named() -> None:
    lines = play(ROUTINE, [(5.0, "b"), (6.0, "?")], stop_key=True)
    assert lines[0] == ("Sharp, shooting or spreading pain, numbness or tingling: stop. "
                        "Press x to say it hurts; the session ends.")
    back = lines.index("[00:05] back to the start of Thoracic rotation")
    assert lines[back + 1:back + 4] == [
        "[00:05] Thoracic rotation - left side - get ready 2 s",
        "  Sit tall (or on a chair). Put one hand behind your head and turn toward that elbow.",
        "  - breathe out into the turn"]
    assert ("[00:06] keys: space pause · n next step · b back · x this hurts · q quit · ? help"
            in lines)


def test_without_the_routine_only_phase_lines_and_key_actions_are_printed() -> None:
    out = io.StringIO()
    printer = PlainPrinter(out)
    timeline = build(ROUTINE)
    events: list[tuple[Event, int, float, bool]] = [
        ("start", 0, 2, False), ("phase", 0, 2, False), ("tick", 0, 1, False),
        ("phase", 1, 20, False), ("tick", 1, 5, False), ("pause", 1, 15, True),
        ("resume", 1, 15, False), ("end", 1, 0, False)]
    for event, index, remaining, paused in events:
        phase = timeline.phases[index]
        printer.on_event(event, Snapshot(
            title="Back reset", phase=phase, phase_index=index, phase_count=5,
            next_phase=None, step_number=1, step_count=2, remaining=remaining,
            phase_began=phase.start, elapsed=phase.start + phase.seconds - remaining,
            position=phase.start, total=75, paused=paused, paused_seconds=0.0,
            help_visible=False, finished=False, outcome=None))
    assert out.getvalue() == (
        "[00:00] Thoracic rotation - left side - get ready 2 s\n"
        "[00:02] Thoracic rotation - left side - hold 20 s\n"
        "[00:07] paused - press space to resume\n"
        "[00:07] resumed\n"
    )


@pytest.mark.parametrize("path", BUILTIN, ids=[p.stem for p in BUILTIN])
def test_plain_output_holds_every_step_s_instructions_and_caution(path: Path) -> None:
    routine = load_routine(path)
    lines = play(routine)
    for step in routine.steps:
        for paragraph in paragraphs(step.instructions):
            assert f"  {paragraph}" in lines, (step.name, paragraph)
        if step.caution:
            assert f"  Take care: {' '.join(paragraphs(step.caution))}" in lines
        for cue in step.cues:
            assert any(line.endswith(f"Cue: {cue}") for line in lines), (step.name, cue)
    assert not [line for line in lines if line != line.rstrip()]
    assert not [line for line in lines if "\x1b" in line or "\a" in line]


def test_routine_text_stays_text_in_plain_lines() -> None:
    hostile = Routine(name="h", title="T", steps=(
        Step("S", "timed", "[red]x[/red] \x1b[2J\nnext\rline", cues=("\x1b]0;t\x07",),
             caution="\x1b[5mcareful", prepare=0, seconds=1),))
    lines = play(hostile)
    assert lines[2:5] == ["  [red]x[/red] \\x1b[2J next line", "  Take care: \\x1b[5mcareful",
                          "  Cue: \\x1b]0;t\\x07"]
