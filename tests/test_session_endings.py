"""Every way a session can end short of SIGKILL keeps it in the diary and the terminal as it was.

Closing the terminal, Ctrl-\\ (SIGQUIT), ``kill`` (SIGTERM) and SIGHUP, in a real
pseudo-terminal and in plain mode without one; and a diary that cannot be
written is found before the session, not after it.
"""

from __future__ import annotations

import io
import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from homes import CRACKCOACH, first_check_answered, routines_folder, terminal_env

pexpect = pytest.importorskip("pexpect")

if sys.platform == "win32":  # pragma: no cover
    pytest.skip("pseudo-terminals and signals are POSIX only", allow_module_level=True)

TIMEOUT = 45  # generous: a loaded machine is slow, and expect returns as soon as it can
LONG = """\
version: 1
name: long
title: Stand and hold
steps:
  - name: Warm up
    kind: timed
    seconds: 1
    prepare: 0
    instructions: Walk about.
  - name: Long hold
    kind: hold
    hold: 120
    prepare: 0
    instructions: Hold still and breathe.
"""


@pytest.fixture
def routines(tmp_path: Path) -> Path:
    return routines_folder(tmp_path, long=LONG)


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    first_check_answered(tmp_path / "home")
    return terminal_env(tmp_path)


def sessions(env: dict[str, str]) -> list[dict[str, object]]:
    """The sessions in the diary, as ``history --json`` gives them."""
    result = subprocess.run([CRACKCOACH, "history", "--json"], env=env, capture_output=True,
                            text=True, timeout=TIMEOUT, check=True)
    return [item for item in json.loads(result.stdout)["records"] if item["type"] == "session"]


def in_the_long_hold(child) -> None:  # type: ignore[no-untyped-def]
    """Start the session and wait until the long hold is on screen."""
    child.expect("Press Enter to start")
    child.send("\r")
    child.expect("Long hold")
    child.expect("HOLD")


def test_closing_the_terminal_keeps_the_session(routines: Path, env: dict[str, str]) -> None:
    child = pexpect.spawn(CRACKCOACH, ["start", "long", "--no-log", "--routines-dir",
                                       str(routines)], env=env, dimensions=(30, 100),
                          encoding="utf-8", timeout=TIMEOUT)
    in_the_long_hold(child)
    # The terminal goes away: the kernel sends SIGHUP. (pexpect's own close() would follow
    # up with more signals of its own if the program takes a moment to save.)
    child.ptyproc.fileobj.close()
    deadline = time.monotonic() + TIMEOUT
    while child.isalive() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not child.isalive()
    assert (child.exitstatus, child.signalstatus) == (128 + signal.SIGHUP, None)
    kept = sessions(env)
    assert [(s["routine"], s["outcome"]) for s in kept] == [("long", "interrupted")]
    assert kept[0]["steps_completed"] == ["Warm up"]


def test_ctrl_backslash_keeps_the_session_and_restores_the_terminal(
        routines: Path, env: dict[str, str]) -> None:
    command = f"{CRACKCOACH} start long --no-log --routines-dir {routines}"
    # The shell traps SIGQUIT so that it lives on to report the status and terminal modes.
    child = pexpect.spawn("/bin/sh", ["-c", f'trap : QUIT INT; {command}; echo "status=$?"; '
                                            "stty -a"],
                          env=env, dimensions=(30, 100), encoding="utf-8", timeout=TIMEOUT)
    child.logfile_read = io.StringIO()
    in_the_long_hold(child)
    child.send("\x1c")  # Ctrl-\
    child.expect(pexpect.EOF)
    output = child.logfile_read.getvalue()
    modes = output[output.rindex("status="):]
    assert re.findall(r"status=(\d+)", output)[-1] == str(128 + signal.SIGQUIT)
    assert re.search(r"(?<![-\w])echo\b", modes) and re.search(r"(?<![-\w])icanon\b", modes)
    assert "Traceback" not in output
    assert output.rfind("\x1b[?1049l") > output.rfind("\x1b[?1049h")  # left the full screen
    assert [(s["routine"], s["outcome"]) for s in sessions(env)] == [("long", "interrupted")]


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT,
                                    signal.SIGQUIT])
def test_a_signal_in_plain_mode_without_a_terminal_keeps_the_session(
        routines: Path, env: dict[str, str], signum: int) -> None:
    process = subprocess.Popen([CRACKCOACH, "start", "long", "--plain", "--routines-dir",
                                str(routines)], env=env, stdin=subprocess.DEVNULL,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert process.stdout is not None
    for line in process.stdout:
        if line.startswith("[00:01] Long hold"):  # the plain line of the hold's start
            break
    process.send_signal(signum)
    _, err = process.communicate(timeout=TIMEOUT)
    assert process.returncode == 128 + signum
    assert "Traceback" not in err
    assert [(s["routine"], s["outcome"]) for s in sessions(env)] == [("long", "interrupted")]


def test_a_diary_that_cannot_be_written_is_found_before_the_session(
        routines: Path, env: dict[str, str]) -> None:
    subprocess.run([CRACKCOACH, "log", "--discomfort", "3", "--stiffness", "2"], env=env,
                   check=True, capture_output=True)
    diary = Path(env["CRACKCOACH_HOME"]) / "crackcoach.db"
    diary.chmod(0o400)
    before = {p.name: p.read_bytes() for p in diary.parent.iterdir()}
    prefix: list[str] = []
    if os.geteuid() == 0:  # root ignores file modes: drop the capabilities that let it
        caps = "-dac_override,-dac_read_search,-fowner"
        prefix = ["setpriv", f"--inh-caps={caps}", f"--bounding-set={caps}"]
    result = subprocess.run([*prefix, CRACKCOACH, "start", "long", "--plain",
                             "--routines-dir", str(routines)], env=env, capture_output=True,
                            text=True, timeout=TIMEOUT, stdin=subprocess.DEVNULL)
    assert result.returncode == 1
    assert result.stdout == ""  # no opening screen: nobody starts stretching
    assert result.stderr.startswith(f"crackcoach: error: cannot write to the diary {diary}")
    assert result.stderr.count("\n") == 1
    diary.chmod(0o600)
    assert {p.name: p.read_bytes() for p in diary.parent.iterdir()
            if p.name in before} == before
