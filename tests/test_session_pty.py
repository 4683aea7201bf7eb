"""``crackcoach start`` end to end in a real pseudo-terminal, and in plain mode through a pipe.

These run the installed console script on a routine of a few seconds. They
check what a person sees and that the terminal is left as it was; timing is
only checked with generous margins (the exact figures are in bench/).
"""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from homes import (
    CRACKCOACH,
    first_check_answered,
    interrupt_typed_answer,
    routines_folder,
    terminal_env,
)

pexpect = pytest.importorskip("pexpect")

if sys.platform == "win32":  # pragma: no cover
    pytest.skip("pseudo-terminals are POSIX only", allow_module_level=True)

TIMEOUT = 45  # generous: a loaded machine is slow, and expect returns as soon as it can
TINY = """\
version: 1
name: tiny
title: Tiny check
caution: Keep it gentle.
steps:
  - name: Reach up
    kind: hold
    hold: 2
    prepare: 1
    instructions: Reach both arms up.
    cues: [breathe out slowly]
  - name: Side bend
    kind: hold
    hold: 1
    sides: [left, right]
    switch: 1
    prepare: 0
    instructions: Lean to one side, then the other.
"""
PLANNED = 6.0  # 1 + 2 + 1 + 1 + 1 seconds


@pytest.fixture
def routines(tmp_path: Path) -> Path:
    return routines_folder(tmp_path, tiny=TINY)


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    first_check_answered(tmp_path / "home")
    return terminal_env(tmp_path)


def spawn(routines: Path, env: dict[str, str], *extra: str, diary: bool = False
          ):  # type: ignore[no-untyped-def]
    """``crackcoach start tiny`` in a 30x100 terminal, then its status and the terminal modes.

    Without ``diary`` the session runs with --no-log, so no questions are asked.
    """
    options = [] if diary else ["--no-log"]
    command = " ".join([CRACKCOACH, "start", "tiny", "--routines-dir", str(routines),
                        *options, *extra])
    # The shell traps Ctrl-C (rather than ignoring it, which crackcoach would inherit) so
    # that it lives on to report the status and the terminal modes.
    script = f'trap : INT; {command}; echo "status=$?"; stty -a'
    child = pexpect.spawn("/bin/sh", ["-c", script], env=env, dimensions=(30, 100),
                          encoding="utf-8", timeout=TIMEOUT)
    child.logfile_read = io.StringIO()
    child.expect("Press Enter to start, or q to leave.")
    return child


def finish(child) -> str:  # type: ignore[no-untyped-def]
    """Everything printed until the end; check the terminal came back as it was."""
    child.expect(pexpect.EOF)
    child.close()
    output: str = child.logfile_read.getvalue()
    modes = output[output.rindex("status="):]
    assert re.search(r"(?<![-\w])echo\b", modes), "echo was not restored"
    assert re.search(r"(?<![-\w])icanon\b", modes), "line mode was not restored"
    assert "Traceback" not in output
    # The cursor is shown again after it was last hidden, and the full screen is left.
    assert output.rfind("\x1b[?25h") > output.rfind("\x1b[?25l")
    assert output.rfind("\x1b[?1049l") > output.rfind("\x1b[?1049h")
    return output


def status(output: str) -> int:
    return int(re.findall(r"status=(\d+)", output)[-1])


def test_a_whole_session_shows_each_phase_and_ends_with_a_summary(routines: Path,
                                                                  env: dict[str, str]) -> None:
    child = spawn(routines, env)
    before = child.before
    assert "Tiny check" in before and "Keep it gentle." in before and "never into pain" in before
    child.send("\r")
    # The view sends each row when it changes, so the first frame comes top to bottom and
    # later frames only add what is new (the cue stays from the get-ready countdown).
    child.expect("Reach up")
    child.expect("GET READY")
    child.expect("Cue: ")
    child.expect("breathe out slowly")
    child.expect("HOLD")
    child.expect("Left side")
    child.expect("SWITCH TO THE RIGHT SIDE")
    child.expect("Session complete: ")
    child.expect("2 of 2 steps")
    output = finish(child)
    assert status(output) == 0


def test_space_really_pauses(routines: Path, env: dict[str, str]) -> None:
    child = spawn(routines, env)
    child.send("\r")
    began = time.monotonic()
    child.expect("HOLD")
    child.send(" ")
    child.expect("PAUSED")
    time.sleep(2.5)
    child.send(" ")
    child.expect("Session complete: ")
    wall = time.monotonic() - began
    child.expect(r"paused 0:0(\d)")
    paused_shown = int(child.match.group(1))
    output = finish(child)
    assert status(output) == 0
    # At least the 2.5 s slept (PAUSED was on screen before it began); a loaded machine may
    # take a moment longer to read the key that resumes.
    assert 2 <= paused_shown <= 6
    # The session took its planned time plus the pause (never less), within a wide margin.
    assert PLANNED + 2.5 - 0.3 <= wall <= PLANNED + 2.5 + 15


def test_n_skips_to_the_next_step(routines: Path, env: dict[str, str]) -> None:
    child = spawn(routines, env)
    child.send("\r")
    child.expect("GET READY")
    child.send("n")
    child.expect("Side bend")
    child.expect("Session complete: ")
    child.expect(r"Skipped:(\x1b\[[0-9;]*m|\s)+Reach up")
    assert status(finish(child)) == 0


def test_q_ends_the_session_cleanly(routines: Path, env: dict[str, str]) -> None:
    child = spawn(routines, env)
    child.send("\r")
    child.expect("HOLD")
    child.send("q")
    child.expect("Session ended early: ")
    child.expect("0 of 2 steps")
    assert status(finish(child)) == 0


def test_ctrl_c_ends_the_session_cleanly(routines: Path, env: dict[str, str]) -> None:
    child = spawn(routines, env)
    child.send("\r")
    child.expect("HOLD")
    child.sendintr()
    child.expect("Session interrupted: ")
    assert status(finish(child)) == 130


def test_q_before_the_start_leaves_without_a_session(routines: Path,
                                                     env: dict[str, str]) -> None:
    child = spawn(routines, env)
    child.send("q")
    child.expect("No session started.")
    child.expect(pexpect.EOF)
    output = child.before
    assert status(output) == 0
    assert "Traceback" not in output
    assert re.search(r"(?<![-\w])echo\b", output[output.rindex("status="):])


def this_week() -> str:
    from datetime import date

    from crackcoach.base.weekdays import day_label
    from crackcoach.progress.adherence import week_start

    return day_label(week_start(date.today()))


def test_plain_mode_through_a_pipe(routines: Path, env: dict[str, str]) -> None:
    env = {**env, "NO_COLOR": "1"}
    result = subprocess.run(
        [CRACKCOACH, "start", "tiny", "--routines-dir", str(routines)],
        stdin=subprocess.DEVNULL, capture_output=True,
        env=env, text=True, timeout=TIMEOUT, check=False)
    assert (result.returncode, result.stderr) == (0, "")
    assert "\x1b" not in result.stdout and "\a" not in result.stdout
    lines = result.stdout.splitlines()
    assert lines[0] == "Tiny check"
    assert "Press Enter" not in result.stdout
    phases = [line for line in lines if line.startswith("[")]
    assert phases == [
        "[00:00] Reach up - get ready 1 s",
        "[00:01] Reach up - hold 2 s",
        "[00:03] Side bend - left side - hold 1 s",
        "[00:04] Side bend - switch to the right side 1 s",
        "[00:05] Side bend - right side - hold 1 s",
    ]
    assert lines[-8:] == [
        "Session complete: Tiny check",
        "Well done: that was the whole routine. Get up slowly.",
        "",
        "Done:      2 of 2 steps: Reach up, Side bend",
        "Time:      0:06 of 0:06 planned",
        # this one, against the default weekly target, in the calendar week it was done in
        f"This week: 1 of 3 sessions in the week of {this_week()} (your weekly target)",
        "",
        "Saved to your diary. Note how you feel with 'crackcoach log'.",
    ]
    history = subprocess.run([CRACKCOACH, "history", "--json"], capture_output=True,
                             env=env, text=True, timeout=TIMEOUT, check=True)
    sessions = json.loads(history.stdout)["records"]
    assert [(s["type"], s["routine"], s["outcome"]) for s in sessions] == [
        ("session", "tiny", "completed")]


def answer(child, prompt: str, text: str) -> None:  # type: ignore[no-untyped-def]
    child.expect_exact(prompt)
    child.sendline(text)


def test_a_session_with_the_comfort_questions_lands_in_the_diary(
        routines: Path, env: dict[str, str]) -> None:
    child = spawn(routines, env, diary=True)
    child.send("\r")
    answer(child, "discomfort right now, 0-10", "6")
    child.expect("Session complete: ")
    answer(child, "Discomfort now, 0-10", "11")  # out of range: asked again with the range
    child.expect("0 to 10")
    answer(child, "Discomfort now, 0-10", "3")
    answer(child, "Stiffness now, 0-10", "2")
    answer(child, "much better: ", "4")
    answer(child, "Which side feels tighter?", "left")
    answer(child, "on purpose today?", "0")
    answer(child, "or Enter for none: ", "")
    answer(child, "A note for your diary", "felt easy")
    child.expect("Saved to your diary.")
    child.expect(r"Discomfort 6 -> 3 \(down 3\)")
    assert status(finish(child)) == 0
    history = subprocess.run([CRACKCOACH, "history", "--json"], capture_output=True,
                             env=env, text=True, timeout=TIMEOUT, check=True)
    entry, session = json.loads(history.stdout)["records"]
    assert session["type"] == "session" and session["outcome"] == "completed"
    assert {k: entry[k] for k in ("type", "discomfort_before", "discomfort", "stiffness",
                                  "mobility", "tighter_side", "cracks", "flags", "note",
                                  "session_id")} == {
        "type": "entry", "discomfort_before": 6, "discomfort": 3, "stiffness": 2,
        "mobility": "better", "tighter_side": "left", "cracks": 0, "flags": [],
        "note": "felt easy", "session_id": session["id"]}


def test_ctrl_c_during_the_questions_keeps_the_session_without_an_entry(
        routines: Path, env: dict[str, str]) -> None:
    child = spawn(routines, env, diary=True)
    child.send("\r")
    answer(child, "discomfort right now, 0-10", "")
    child.expect("Session complete: ")
    answer(child, "Discomfort now, 0-10", "4")
    child.expect_exact("Stiffness now, 0-10")
    interrupt_typed_answer(child, "without an entry for how you feel")
    finish(child)
    history = subprocess.run([CRACKCOACH, "history", "--json"], capture_output=True,
                             env=env, text=True, timeout=TIMEOUT, check=True)
    assert [item["type"] for item in json.loads(history.stdout)["records"]] == ["session"]
