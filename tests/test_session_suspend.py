"""Ctrl-Z during a session: pause, give the terminal back, stop; after `fg`, redraw and wait.

The runner is played against a fake clock with the SUSPEND and CONTINUE keys
scripted; the key reader is checked on a pseudo-terminal with a stand-in for
stopping the process; the whole program is checked in a real terminal under
an interactive bash with job control.
"""

from __future__ import annotations

import io
import os
import re
import select
import signal
import sys
import termios
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path

import pytest
from rich.console import Console

from crackcoach.diary.records import SessionRecord
from crackcoach.routines.model import Routine, Step
from crackcoach.routines.timeline import build
from crackcoach.session.keys import CONTINUE, SUSPEND, PosixKeys
from crackcoach.session.runner import Event, Runner, Snapshot
from crackcoach.views.session import PlainPrinter, render_session
from fakes import FakeClock, ScriptedKeys
from homes import CRACKCOACH, first_check_answered

if sys.platform == "win32":  # pragma: no cover
    pytest.skip("Ctrl-Z and pseudo-terminals are POSIX only", allow_module_level=True)

START = datetime(2024, 3, 4, 7, 30, tzinfo=timezone.utc)
ROUTINE = Routine(name="two", title="Two holds", steps=(
    # 0 get ready 2, 2 hold 10, 12 hold 10 (12 s into the second step: 22 s in all)
    Step("Reach", "hold", "Reach up.", prepare=2, hold=10),
    Step("Fold", "hold", "Fold forward.", prepare=0, hold=10),
))
TIMELINE = build(ROUTINE)


def play(presses: list[tuple[float, str]]
         ) -> tuple[SessionRecord, list[tuple[Event, Snapshot]], list[str]]:
    """Play TIMELINE; the record, every event, and what plain mode printed."""
    clock = FakeClock()
    events: list[tuple[Event, Snapshot]] = []
    plain = io.StringIO()
    runner = Runner(TIMELINE, clock, ScriptedKeys(clock, presses), wall_clock=lambda: START,
                    listeners=[lambda e, s: events.append((e, s)),
                               PlainPrinter(plain).on_event])
    return runner.run(), events, plain.getvalue().splitlines()


def between(events: list[tuple[Event, Snapshot]], first: Event, last: Event) -> list[Event]:
    names = [event for event, _ in events]
    return names[names.index(first) + 1:names.index(last)]


# --- the runner ----------------------------------------------------------------------------

def test_suspend_pauses_and_the_session_stays_paused_after_fg_until_space() -> None:
    record, events, plain = play([(5.0, SUSPEND), (65.0, CONTINUE), (80.0, " ")])
    # Stopped at 5 s, back at 65 s, space at 80 s: 75 s paused, and every deadline moved.
    assert record.paused_seconds == 75
    assert record.actual_seconds == 22 + 75
    assert record.outcome == "completed"
    assert record.steps_completed == ("Reach", "Fold")
    suspend = next(s for e, s in events if e == "suspend")
    assert suspend.paused and suspend.suspended and suspend.remaining == 7
    # Nothing is drawn while the process is stopped.
    assert between(events, "suspend", "continue") == []
    # After fg the session waits, paused, with the clock where it stopped.
    waiting = [s for e, s in events[[e for e, _ in events].index("continue"):]
               if e in ("continue", "tick") and s.paused]
    assert waiting and all(s.suspended and s.remaining == 7 for s in waiting)
    assert {round(s.paused_seconds) for s in waiting} >= {60, 70}
    resumed = next(s for e, s in events if e == "resume")
    assert not resumed.paused and not resumed.suspended and resumed.elapsed == 5
    assert plain[2:5] == [
        "[00:05] paused - stopped with Ctrl-Z",
        "[00:05] back - get into position, then press space to resume",
        "[00:05] resumed",
    ]


def test_ctrl_z_while_paused_keeps_the_one_pause() -> None:
    record, events, _ = play([(4.0, " "), (6.0, SUSPEND), (9.0, CONTINUE), (10.0, " ")])
    assert record.paused_seconds == 6
    assert record.actual_seconds == 22 + 6
    assert [e for e, _ in events if e in ("pause", "suspend", "continue", "resume")] == [
        "pause", "suspend", "continue", "resume"]


def test_keys_still_work_after_fg_and_the_session_stays_paused() -> None:
    record, events, _ = play([(5.0, SUSPEND), (8.0, CONTINUE), (9.0, "n"), (11.0, " ")])
    fold = next(s for e, s in events if e == "phase" and s.phase is not None
                and s.phase.step_name == "Fold")
    assert fold.paused and fold.suspended and fold.remaining == 10
    assert record.steps_skipped == ("Reach",)
    assert record.actual_seconds == 5 + 6 + 10


def test_q_after_fg_ends_the_session_with_the_pause_counted() -> None:
    record, _, _ = play([(5.0, SUSPEND), (8.0, CONTINUE), (9.0, "q")])
    assert record.outcome == "quit"
    assert (record.actual_seconds, record.paused_seconds) == (9, 4)


def test_a_stop_crackcoach_could_not_catch_only_redraws() -> None:
    # SIGSTOP cannot be caught: only CONTINUE arrives, and the clock was never paused.
    record, events, plain = play([(5.0, CONTINUE)])
    assert [e for e, _ in events].count("continue") == 1
    assert not any(s.paused for _, s in events)
    assert record.actual_seconds == 22 and record.paused_seconds == 0
    assert not any("back" in line or "paused" in line for line in plain)


# --- the view ------------------------------------------------------------------------------

def frame(snapshot: Snapshot, width: int) -> list[str]:
    console = Console(file=io.StringIO(), width=width, height=30, color_system=None)
    console.print(render_session(ROUTINE, snapshot, width, 30))
    return [line.rstrip() for line in console.file.getvalue().splitlines()]  # type: ignore


def test_the_screen_after_fg_says_the_session_waits_for_space() -> None:
    _, events, _ = play([(5.0, SUSPEND), (65.0, CONTINUE), (80.0, " ")])
    back = next(s for e, s in events if e == "continue")
    assert " PAUSED 01:00 - press space to resume - welcome back, get into position" in frame(
        back, 90)
    # A narrow terminal keeps the part that matters.
    assert " PAUSED 01:00 - press space to resume -…" in frame(back, 40)


# --- the key reader ------------------------------------------------------------------------

@pytest.fixture
def terminal() -> Iterator[tuple[int, int]]:
    """A pseudo-terminal: (the program's side, the keyboard's side)."""
    keyboard, program = os.openpty()
    yield program, keyboard
    os.close(program)
    os.close(keyboard)


def line_mode(fd: int) -> tuple[bool, bool]:
    flags = termios.tcgetattr(fd)[3]
    return bool(flags & termios.ECHO), bool(flags & termios.ICANON)


def test_the_key_reader_gives_the_terminal_back_while_stopped(terminal: tuple[int, int]
                                                              ) -> None:
    program, keyboard = terminal
    before = (signal.getsignal(signal.SIGTSTP), signal.getsignal(signal.SIGCONT))
    while_stopped: list[tuple[bool, bool]] = []
    with PosixKeys(program, stop=lambda: while_stopped.append(line_mode(program))) as keys:
        assert line_mode(program) == (False, False)
        os.write(keyboard, b"n")  # typed before Ctrl-Z: must not act after fg
        # A pty hands the key over a moment later; wait until it is there to be read.
        assert select.select([program], [], [], 5)[0] == [program]
        os.kill(os.getpid(), signal.SIGTSTP)
        assert keys.read(5) == SUSPEND
        assert while_stopped == []  # nothing stops before the caller has had its turn
        assert keys.read(5) == CONTINUE
        assert while_stopped == [(True, True)]  # echo and line mode while stopped
        assert line_mode(program) == (False, False)  # cbreak again after fg
        assert keys.read(0.05) is None
        os.write(keyboard, b" ")
        assert keys.read(5) == " "
    assert line_mode(program) == (True, True)
    assert (signal.getsignal(signal.SIGTSTP), signal.getsignal(signal.SIGCONT)) == before


def test_a_continue_without_ctrl_z_puts_cbreak_mode_back(terminal: tuple[int, int]) -> None:
    program, _ = terminal
    saved = termios.tcgetattr(program)
    with PosixKeys(program, stop=lambda: None) as keys:
        termios.tcsetattr(program, termios.TCSANOW, saved)  # as a shell may do while stopped
        os.kill(os.getpid(), signal.SIGCONT)
        assert keys.read(5) == CONTINUE
        assert line_mode(program) == (False, False)


def test_an_ignored_ctrl_z_stays_ignored(terminal: tuple[int, int]) -> None:
    program, _ = terminal
    previous = signal.signal(signal.SIGTSTP, signal.SIG_IGN)
    try:
        with PosixKeys(program, stop=lambda: None) as keys:
            assert signal.getsignal(signal.SIGTSTP) == signal.SIG_IGN
            os.kill(os.getpid(), signal.SIGTSTP)
            assert keys.read(0.05) is None
        assert signal.getsignal(signal.SIGTSTP) == signal.SIG_IGN
    finally:
        signal.signal(signal.SIGTSTP, previous)


# --- the whole program in a shell with job control -----------------------------------------

TINY = """\
version: 1
name: tiny
title: Tiny check
steps:
  - name: Reach up
    kind: hold
    hold: 3
    prepare: 1
    instructions: Reach both arms up.
  - name: Side bend
    kind: hold
    hold: 1
    prepare: 0
    instructions: Lean to one side.
"""
PROMPT = "READY> "


def test_ctrl_z_and_fg_in_a_real_terminal(tmp_path: Path) -> None:
    pexpect = pytest.importorskip("pexpect")
    routines = tmp_path / "routines"
    routines.mkdir()
    (routines / "tiny.yaml").write_text(TINY, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES", "NO_COLOR")}
    env.update(TERM="xterm-256color", CRACKCOACH_HOME=str(tmp_path / "home"))
    first_check_answered(tmp_path / "home")
    crackcoach = CRACKCOACH
    child = pexpect.spawn("bash", ["--norc", "--noprofile", "-i"], env=env,
                          dimensions=(30, 100), encoding="utf-8", timeout=45)
    child.logfile_read = io.StringIO()
    try:
        child.sendline("PS1='READY''> '")  # the echoed command does not match the prompt
        child.expect_exact(PROMPT)
        child.sendline(f"{crackcoach} start tiny --no-log --routines-dir {routines}")
        child.expect_exact("Press Enter to start, or q to leave.")
        child.send("\r")
        child.expect("HOLD")
        child.sendcontrol("z")
        child.expect("Stopped")
        child.expect_exact(PROMPT)
        stopped = child.logfile_read.getvalue()
        stopped = stopped[stopped.rindex("HOLD"):]
        assert "\x1b[?1049l" in stopped, "the full screen was not left"
        assert "\x1b[?25h" in stopped, "the cursor was not shown"
        child.sendline("stty -a")
        child.expect_exact(PROMPT)
        assert re.search(r"(?<![-\w])echo\b", child.before)
        assert re.search(r"(?<![-\w])icanon\b", child.before)

        child.sendline("fg")
        child.expect("PAUSED")
        child.expect("welcome back")
        # It waits for space: two seconds later the session is still on its first step.
        with pytest.raises(pexpect.TIMEOUT):
            child.expect("Session complete", timeout=2)
        child.send(" ")
        child.expect("Session complete: ")
        child.expect("2 of 2 steps")
        child.expect_exact(PROMPT)
        child.sendline("echo status=$?; stty -a")
        child.expect(r"status=(\d+)")
        assert child.match.group(1) == "0"
        child.expect_exact(PROMPT)
        modes = child.before
        assert re.search(r"(?<![-\w])echo\b", modes) and re.search(r"(?<![-\w])icanon\b", modes)
        child.sendline("exit")
        child.expect(pexpect.EOF)
    finally:
        child.close(force=True)
    output = child.logfile_read.getvalue()
    assert "Traceback" not in output
    assert output.rfind("\x1b[?25h") > output.rfind("\x1b[?25l")
    assert output.rfind("\x1b[?1049l") > output.rfind("\x1b[?1049h")
