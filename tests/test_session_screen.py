"""The live view on a terminal emulator: only changed lines are sent, and the screen is right.

Sessions are played against the fake clock with the live view writing to an
in-memory terminal emulator (pyte), so after every redraw the emulated screen
can be compared with the frame it should show, and the bytes sent counted.
"""

from __future__ import annotations

import io
import re
from datetime import datetime, timezone
from pathlib import Path

import pyte
import pytest
from rich.console import Console

from crackcoach.figures.text import figure_rows
from crackcoach.routines.model import CyclePhase, Routine, Step
from crackcoach.routines.reader import parse_routine
from crackcoach.routines.timeline import build
from crackcoach.session.keys import CONTINUE, SUSPEND
from crackcoach.session.runner import Event, Runner, Snapshot
from crackcoach.views.screen import LEAVE_SCREEN, SHOW_CURSOR, LineScreen
from crackcoach.views.session import LiveSessionView, render_session
from crackcoach.views.session_figure import COLUMN, COLUMNS, ROWS
from fakes import FakeClock, ScriptedKeys

START = datetime(2024, 3, 4, 7, 30, tzinfo=timezone.utc)
SCREENS_DIR = Path(__file__).resolve().parent / "screens"
ROUTINE = Routine(name="r", title="Back reset", steps=(
    Step("Thoracic rotation", "hold", "Sit tall with one hand behind your head and turn toward "
         "that elbow as you breathe out.", cues=("sit tall", "turn from the chest"), prepare=3,
         hold=12, sides=("left", "right"), switch=2),
    Step("Upper-back foam rolling", "timed", "Lie back with the roller across your upper back.",
         caution="Never roll the lower back.", prepare=2, seconds=65),
    Step("Cat-cow", "flow", "Round and sag.", prepare=0, seconds=10,
         cycle=(CyclePhase("exhale - round up", 6), CyclePhase("inhale - sag", 4))),
))
LONG_HOLD = Routine(name="l", title="One long hold", steps=(
    Step("Long hold", "hold", "Hold still and breathe.", cues=("breathe",), prepare=0,
         hold=120),))


class Terminal(io.StringIO):
    """What the view writes goes to an emulated screen; the bytes sent are counted."""

    def __init__(self, width: int, height: int) -> None:
        super().__init__()
        self.screen = pyte.Screen(width, height)
        self.stream = pyte.Stream(self.screen)
        self.sent = 0

    def write(self, text: str) -> int:
        self.sent += len(text.encode("utf-8"))
        self.stream.feed(text)
        return len(text)

    def isatty(self) -> bool:
        return True

    def rows(self) -> list[str]:
        return [line.rstrip() for line in self.screen.display]


def console_for(terminal: Terminal, width: int, height: int) -> Console:
    return Console(file=terminal, width=width, height=height, force_terminal=True,
                   color_system="256", legacy_windows=False)


def expected(routine: Routine, snapshot: Snapshot, width: int, height: int) -> list[str]:
    """The frame for ``snapshot`` as plain rows, padded to the screen's height."""
    plain = Console(file=io.StringIO(), width=width, height=height, color_system=None)
    plain.print(render_session(routine, snapshot, width, height))
    rows = [line.rstrip() for line in plain.file.getvalue().splitlines()]  # type: ignore[attr-defined]
    return rows + [""] * (height - len(rows))


def play(routine: Routine, presses: list[tuple[float, str]], width: int, height: int,
         check: bool = True) -> tuple[Terminal, LiveSessionView, list[tuple[Event, int]]]:
    """Play ``routine`` with the live view on an emulated terminal.

    With ``check``, the emulated screen is compared with the frame after every
    event (while the view is on the screen). Returns the terminal, the view and
    (event, bytes sent so far) for every event.
    """
    terminal = Terminal(width, height)
    view = LiveSessionView(console_for(terminal, width, height), routine)
    sent: list[tuple[Event, int]] = []
    stopped = False

    def listener(event: Event, snapshot: Snapshot) -> None:
        nonlocal stopped
        before = terminal.sent
        view.on_event(event, snapshot)
        sent.append((event, terminal.sent))
        stopped = (stopped or event == "suspend") and event != "continue"
        # Checked whenever something was sent, and on every change that must show.
        changed = terminal.sent > before or event in ("phase", "pause", "resume", "help", "back")
        if check and not stopped and event != "end" and changed:
            assert terminal.rows() == expected(routine, snapshot, width, height), event

    clock = FakeClock()
    with view:
        Runner(build(routine), clock, ScriptedKeys(clock, presses), wall_clock=lambda: START,
               listeners=[listener]).run()
    return terminal, view, sent


def test_the_emulated_screen_shows_every_frame_exactly() -> None:
    presses = [(4.0, " "), (6.5, " "), (8.0, "?"), (10.0, "?"), (11.0, "b"), (13.0, "n")]
    terminal, view, sent = play(ROUTINE, presses, 80, 24)
    assert len(sent) > 200 and view.bytes_written == terminal.sent


def test_the_emulated_screen_is_right_in_small_and_large_terminals() -> None:
    for width, height in ((40, 10), (60, 20), (100, 30)):
        play(ROUTINE, [(20.0, "?"), (30.0, "?")], width, height)


def test_a_steady_hold_sends_a_small_fraction_of_a_full_redraw_each_second() -> None:
    _terminal, _, sent = play(LONG_HOLD, [], 100, 30, check=False)
    ticks = [count for event, count in sent if event == "tick"]  # four a second
    steady = (ticks[80] - ticks[40]) / 10  # bytes a second, from 10 s to 20 s into the hold
    first = next(count for event, count in sent if event == "phase")  # the whole first frame
    assert first > 1000  # really a whole frame: 13 rows, two of them 100 columns of bar
    # A full redraw each second, as before, would be the whole frame: now a tenth of it.
    assert steady < 0.2 * first, (steady, first)


def test_a_new_size_draws_the_whole_screen_again() -> None:
    terminal = Terminal(100, 30)
    console = console_for(terminal, 100, 30)
    clock = FakeClock()
    runner = Runner(build(LONG_HOLD), clock, ScriptedKeys(clock, []), wall_clock=lambda: START)
    with LiveSessionView(console, LONG_HOLD) as view:
        view.on_event("tick", runner.snapshot())
        terminal.screen.resize(24, 80)
        console.size = (80, 24)
        clock.ms = 1500
        view.on_event("tick", runner.snapshot())
        assert terminal.rows() == expected(LONG_HOLD, runner.snapshot(), 80, 24)


def test_ctrl_z_gives_the_screen_back_and_fg_draws_it_whole() -> None:
    _terminal, _, sent = play(ROUTINE, [(5.0, SUSPEND), (9.0, CONTINUE), (9.5, " ")], 80, 24)
    events = [event for event, _ in sent]
    suspend, back = events.index("suspend"), events.index("continue")
    assert sent[suspend][1] - sent[suspend - 1][1] == len(SHOW_CURSOR + LEAVE_SCREEN)
    redraw = sent[back][1] - sent[back - 1][1]
    assert redraw > 1000  # the whole screen, not only what changed


def test_nothing_is_sent_before_entering_or_after_leaving() -> None:
    terminal = Terminal(80, 24)
    screen = LineScreen(console_for(terminal, 80, 24))
    screen.draw("frame", 80, 24)
    assert terminal.sent == 0
    screen.enter()
    screen.draw("frame", 80, 24)
    screen.leave()
    screen.leave()
    assert terminal.getvalue() == ""  # everything went to the emulator, once
    assert terminal.rows()[0] == "frame"


# --- the step's figure, where the terminal has room ------------------------------------------

FIGURED = parse_routine("""\
version: 1
name: figured
title: Cat-cow and a turn
steps:
  - name: Cat-cow
    kind: flow
    seconds: 20
    prepare: 2
    cycle:
      - {cue: breathe out - round up, seconds: 6}
      - {cue: breathe in - lift the chest, seconds: 4}
    figure:
      start: {pose: all-fours, bend: 30, head: 300}
      end: {pose: all-fours, bend: -25, head: 25}
    instructions: On all fours, round up as you breathe out and sag as you breathe in.
  - name: Standing rotation
    kind: hold
    hold: 5
    prepare: 0
    figure: {start: {pose: standing, turn: 0}, end: {pose: standing, turn: 60}}
    instructions: Stand tall and turn your chest to the side.
""")
FIGURE_SNAPSHOT = SCREENS_DIR / "session-figure-120x40.txt"


def screens_at_each_phase(routine: Routine, width: int, height: int) -> list[list[str]]:
    """The emulated screen as each phase begins, every frame checked against its rendering."""
    terminal = Terminal(width, height)
    view = LiveSessionView(console_for(terminal, width, height), routine)
    shown: list[list[str]] = []

    def listener(event: Event, snapshot: Snapshot) -> None:
        view.on_event(event, snapshot)
        if event != "end":
            assert terminal.rows() == expected(routine, snapshot, width, height), event
        if event == "phase":
            shown.append(terminal.rows())

    clock = FakeClock()
    with view:
        Runner(build(routine), clock, ScriptedKeys(clock, []), wall_clock=lambda: START,
               listeners=[listener]).run()
    return shown


def drawing_in(screen: list[str]) -> list[str]:
    """The figure's rows as the screen shows them: braille from its column on."""
    return [row[COLUMN:].rstrip() for row in screen if re.search("[\u2801-\u28ff]", row)]


def test_at_120x40_the_figure_is_beside_the_countdown_and_moves_with_the_breath() -> None:
    screens = screens_at_each_phase(FIGURED, 120, 40)
    prepare, breathe_out, breathe_in, out_again = screens[:4]
    assert "\n".join(breathe_out) + "\n" == FIGURE_SNAPSHOT.read_text(encoding="utf-8")
    cat_cow = FIGURED.steps[0].figure
    assert cat_cow is not None
    start = [r for r in figure_rows(cat_cow, "start", COLUMNS, ROWS) if r]
    end = [r for r in figure_rows(cat_cow, "end", COLUMNS, ROWS) if r]
    assert start != end
    assert drawing_in(prepare) == drawing_in(breathe_out) == drawing_in(out_again) == start
    assert drawing_in(breathe_in) == end
    rotation = screens[-1]
    assert drawing_in(rotation) == [r for r in figure_rows(
        FIGURED.steps[1].figure, "end", COLUMNS, ROWS) if r]  # type: ignore[arg-type]


@pytest.mark.parametrize(("width", "height"), [(80, 24), (99, 40), (120, 29)])
def test_without_room_there_is_no_figure_and_the_frame_is_as_before(width: int,
                                                                     height: int) -> None:
    bare = FIGURED.with_steps(tuple(s._replace(figure=None) for s in FIGURED.steps))
    assert screens_at_each_phase(FIGURED, width, height) == \
        screens_at_each_phase(bare, width, height)


if __name__ == "__main__":  # rewrite the snapshot after a deliberate change of the layout
    FIGURE_SNAPSHOT.write_text("\n".join(screens_at_each_phase(FIGURED, 120, 40)[1]) + "\n",
                               encoding="utf-8")
    print(f"wrote {FIGURE_SNAPSHOT}")
