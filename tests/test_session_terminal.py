"""The live session in small and changing terminals.

Frames rendered at fixed sizes check the layout; a real pseudo-terminal
checks that a session started in a 40x10 terminal, or resized in the middle
of a hold, stays usable: the countdown shows, the keys work, the session
completes, and the terminal is left as it was.
"""

from __future__ import annotations

import io
import re
import sys
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console

from crackcoach.routines.model import CyclePhase, Routine, Step
from crackcoach.routines.timeline import Timeline, build
from crackcoach.session.runner import Snapshot
from crackcoach.views.session import KEYS_LINE, KEYS_SHORT, render_session
from crackcoach.views.session_text import keys_line
from homes import CRACKCOACH, first_check_answered, routines_folder, terminal_env

ROUTINE = Routine(name="r", title="Thoracic rotation routine", steps=(
    Step("Seated thoracic rotation", "hold", "Sit tall with one hand behind your head and turn "
         "toward that elbow as you breathe out.", cues=("exhale into the turn",), prepare=5,
         hold=20, reps=2, sides=("left", "right"), switch=5, rest=10),
    Step("Cat-cow", "flow", "Round and sag.", prepare=0, seconds=60,
         cycle=(CyclePhase("exhale - round up", 6), CyclePhase("inhale - sag", 4))),
))
TIMELINE = build(ROUTINE)


def snapshot(timeline: Timeline, index: int, remaining: float, **changes: Any) -> Snapshot:
    phase = timeline.phases[index]
    values: dict[str, Any] = dict(
        title=timeline.title, phase=phase, phase_index=index,
        phase_count=len(timeline.phases),
        next_phase=timeline.phases[index + 1] if index + 1 < len(timeline.phases) else None,
        step_number=phase.step_index + 1, step_count=len(timeline.steps), remaining=remaining,
        phase_began=phase.start, elapsed=phase.start + phase.seconds - remaining,
        position=phase.start + phase.seconds - remaining, total=timeline.total, paused=False,
        paused_seconds=0.0, help_visible=False, finished=False, outcome=None)
    values.update(changes)
    return Snapshot(**values)


def frame(snap: Snapshot, width: int, height: int) -> list[str]:
    console = Console(file=io.StringIO(), width=width, height=height, color_system=None)
    console.print(render_session(ROUTINE, snap, width, height))
    output = console.file.getvalue()  # type: ignore[attr-defined]
    return [line.rstrip() for line in output.splitlines()]


# --- frames at fixed sizes ---------------------------------------------------------------------

def test_a_40x10_hold_frame_fits_with_the_countdown_instructions_stop_rule_and_keys() -> None:
    assert frame(snapshot(TIMELINE, 1, 12.4), 40, 10) == [
        "Thoracic rotation …  1/2 · 00:12 / 02:45",
        "Seated thoracic rotation · Rep 1 of 2 -…",
        "HOLD  13 s left",
        "█████████░░░░░░░░░░░░░░░░░░  0:07 / 0:20",
        "Cue: exhale into the turn",
        "Sit tall with one hand behind your head",
        "and turn toward that elbow as you",
        "breathe out.",
        "Sharp pain, numbness or tingling: stop.",
        "space pause · n next · b back · q quit",
    ]


def test_a_40x10_paused_frame_says_how_to_resume() -> None:
    lines = frame(snapshot(TIMELINE, 1, 12.4, paused=True, paused_seconds=65), 40, 10)
    assert lines[2] == " PAUSED 01:05 - press space to resume"
    assert len(lines) == 10 and lines[-1] == KEYS_SHORT


def test_a_40x10_help_frame_shows_keys_in_place_of_the_cue_and_instructions() -> None:
    lines = frame(snapshot(TIMELINE, 1, 12.4, help_visible=True), 40, 10)
    assert lines[4:] == [
        "  space  pause; press again to resume (…",
        "  n      skip to the next step",
        "  b      back to the start of this step…",
        "  q      end the session now (Ctrl-C: t…",
        "Sharp pain, numbness or tingling: stop.",
        "space pause · n next · b back · q quit",
    ]


SIZES = [(40, 10), (40, 12), (40, 14), (40, 15), (52, 10), (60, 20), (80, 24), (100, 30),
         (45, 40), (200, 60)]


@pytest.mark.parametrize(("width", "height"), SIZES, ids=lambda v: str(v))
@pytest.mark.parametrize("state", ["running", "paused", "help"])
def test_every_phase_fits_the_terminal_and_keeps_countdown_and_keys(
        width: int, height: int, state: str) -> None:
    changes = {"running": {}, "paused": {"paused": True, "paused_seconds": 3.0},
               "help": {"help_visible": True}}[state]
    for index, phase in enumerate(TIMELINE.phases):
        lines = frame(snapshot(TIMELINE, index, phase.seconds * 0.6, **changes), width, height)
        assert len(lines) <= height, (index, lines)
        assert all(len(line) <= width for line in lines)
        assert lines[-1] == (KEYS_LINE if width >= len(KEYS_LINE) else KEYS_SHORT)
        big = any(re.fullmatch("   [█ ]+", line) for line in lines)  # the big digits
        assert big or state == "paused" or any(re.search(r"  \d+ s left$", line)
                                               for line in lines), lines
        assert any(re.search(r"  0:\d\d / 0:\d\d$", line) for line in lines), lines
        assert any("stop." in line for line in lines)


# --- a real terminal -------------------------------------------------------------------------

pexpect = pytest.importorskip("pexpect")

SHORT = """\
version: 1
name: short
title: Thoracic rotation routine
steps:
  - name: Seated thoracic rotation
    kind: hold
    hold: 4
    prepare: 0
    instructions: Sit tall with one hand behind your head and turn toward that elbow.
    cues: [exhale into the turn]
  - name: Stand and breathe
    kind: timed
    seconds: 1
    prepare: 0
    instructions: Stand tall.
"""


def terminal_setup(tmp_path: Path, **routines: str) -> tuple[Path, dict[str, str]]:
    """A routines folder holding ``routines`` (name: YAML), and the environment of a terminal."""
    first_check_answered(tmp_path / "home")
    return routines_folder(tmp_path, **routines), terminal_env(tmp_path)


@pytest.fixture
def session(tmp_path: Path):  # type: ignore[no-untyped-def]
    """Start ``crackcoach start short`` in a terminal of the given size; Enter is pressed."""
    if sys.platform == "win32":  # pragma: no cover
        pytest.skip("pseudo-terminals are POSIX only")
    folder, env = terminal_setup(tmp_path, short=SHORT)

    def spawn(rows: int, columns: int):  # type: ignore[no-untyped-def]
        command = (f"{CRACKCOACH} start short --routines-dir {folder} --no-log --quiet; "
                   'echo "status=$?"; stty -a')
        child = pexpect.spawn("/bin/sh", ["-c", f"trap : INT; {command}"], env=env,
                              dimensions=(rows, columns), encoding="utf-8", timeout=15)
        child.logfile_read = io.StringIO()
        child.expect_exact("Press Enter to start, or q to leave.")
        child.send("\r")
        return child

    return spawn


def finish(child: Any) -> str:
    """Everything shown; checks the session ended well and the terminal is as it was."""
    child.expect(pexpect.EOF)
    child.close()
    output: str = child.logfile_read.getvalue()
    assert "Traceback" not in output and "internal error" not in output
    assert re.findall(r"status=(\d+)", output) == ["0"]
    modes = output[output.rindex("status="):]
    assert re.search(r"(?<![-\w])echo\b", modes), "echo was not restored"
    assert re.search(r"(?<![-\w])icanon\b", modes), "line mode was not restored"
    assert output.rfind("\x1b[?25h") > output.rfind("\x1b[?25l")  # cursor shown again
    assert output.rfind("\x1b[?1049l") > output.rfind("\x1b[?1049h")  # full screen left
    return output


@pytest.mark.slow
def test_a_session_in_a_40x10_terminal_is_usable(session: Any) -> None:
    child = session(10, 40)
    child.expect_exact("HOLD")
    child.expect(r"\d s left")
    child.expect_exact(keys_line(40, stop_key=True))
    child.send(" ")
    child.expect_exact("PAUSED")
    child.send(" ")
    child.send("?")
    child.expect_exact("pause; press again to resume")
    child.send("?")
    child.send("n")
    child.expect_exact("Stand and breathe")
    child.expect_exact("Session complete: ")  # the summary wraps at 40 columns
    child.expect(r"Skipped:(\x1b\[[0-9;]*m|\s)+Seated thoracic")
    finish(child)


@pytest.mark.slow
def test_resizing_in_the_middle_of_a_hold_redraws_and_keeps_going(session: Any) -> None:
    child = session(30, 100)
    child.expect_exact("HOLD")
    child.expect_exact(keys_line(100, stop_key=True))
    child.setwinsize(10, 40)
    child.expect_exact(keys_line(40, stop_key=True))  # only drawn for a narrow terminal
    child.expect(r"\d s left")
    child.setwinsize(4, 12)  # absurdly small: cropped, but no crash
    child.send(" ")
    child.expect_exact("PAUSED")
    child.setwinsize(24, 80)
    child.expect_exact(keys_line(100, stop_key=True))
    child.send(" ")
    child.expect_exact("Session complete: ")
    child.expect_exact("2 of 2 steps")
    finish(child)


# --- what the screen shows, read by a terminal emulator -----------------------------------------

ROLLER = """\
version: 1
name: roller
title: Upper-back foam rolling
steps:
  - name: Foam rolling, first set
    kind: timed
    seconds: 90
    prepare: 1
    instructions: |
      Lie back with the roller across your upper back, between the shoulder
      blades and the bottom of the ribs. Hands behind your head, hips lifted a
      little, roll in small slow movements.
    cues: [small slow rolls, hands support the head]
    caution: >-
      Keep the roller on the upper back only. Never roll the lower back: there
      are no ribs there to share the load.
"""


class Screen:
    """A real pseudo-terminal running crackcoach, read through a terminal emulator (pyte)."""

    def __init__(self, child: Any, rows: int, columns: int) -> None:
        import pyte

        self.child = child
        self.screen = pyte.Screen(columns, rows)
        self.stream = pyte.ByteStream(self.screen)

    def lines(self) -> list[str]:
        return [line.rstrip() for line in self.screen.display]

    def wait_for(self, text: str, timeout: float = 15) -> list[str]:
        """Feed the emulator until ``text`` is on the screen; the screen's lines."""
        import time

        end = time.monotonic() + timeout
        while not any(text in line for line in self.lines()):
            if time.monotonic() > end:
                raise AssertionError(f"{text!r} never showed; the screen:\n" +
                                     "\n".join(self.lines()))
            try:
                self.stream.feed(self.child.read_nonblocking(65536, timeout=0.2))
            except pexpect.TIMEOUT:
                continue
        return self.lines()


@pytest.fixture
def emulated(tmp_path: Path):  # type: ignore[no-untyped-def]
    """Start ``crackcoach start NAME`` in a terminal of the given size, read by an emulator."""
    folder, env = terminal_setup(tmp_path, roller=ROLLER)
    children: list[Any] = []

    def spawn(name: str, rows: int, columns: int) -> Screen:
        child = pexpect.spawn(CRACKCOACH, ["start", name, "--routines-dir", str(folder),
                                           "--no-log", "--quiet"],
                              env=env, dimensions=(rows, columns), timeout=15)
        children.append(child)
        return Screen(child, rows, columns)

    yield spawn
    for child in children:
        child.close(force=True)


@pytest.mark.parametrize(("rows", "columns"), [(24, 80), (30, 100)], ids=str)
def test_the_live_view_shows_title_instructions_caution_and_hold_label_whole(
        emulated: Any, rows: int, columns: int) -> None:
    from crackcoach.views.session_text import cut_lines, paragraphs

    screen = emulated("roller", rows, columns)
    shown = screen.wait_for("Press Enter to start")
    assert "Upper-back foam rolling" in shown  # the opening screen's title is on screen
    screen.child.send("\r")
    shown = screen.wait_for(" / 1:30")  # the get-ready second is over: the step runs
    assert shown[0].startswith("Upper-back foam rolling  ")
    assert "GO" in shown[4] and any(re.search(r"[█░]  0:0\d / 1:30$", line) for line in shown)
    text = "\n".join(shown)
    instructions = """Lie back with the roller across your upper back, between the shoulder
      blades and the bottom of the ribs. Hands behind your head, hips lifted a
      little, roll in small slow movements."""
    for line in cut_lines(paragraphs(instructions)[0], columns):
        assert line in shown, (line, text)
    assert "! Keep the roller on the upper back only. Never roll the lower back: there" in text
    assert any(line.startswith("Sharp, shooting or spreading pain") for line in shown)
    assert [line for line in shown if line][-1] == keys_line(columns, stop_key=True)
    screen.child.send("q")
    screen.child.expect(pexpect.EOF)


def test_the_back_reset_opening_screen_keeps_its_title_on_an_80x24_screen(emulated: Any
                                                                        ) -> None:
    screen = emulated("back-reset", 24, 80)
    shown = screen.wait_for("Press Enter to start, or q to leave.")
    assert "Back reset" in shown[:3]  # the title has not scrolled away
    assert any("Never roll" in line for line in shown)
    screen.child.send("q")
    screen.child.expect(pexpect.EOF)
