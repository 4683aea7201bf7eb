"""One ending for every signal: what is known is saved, the terminal is put back, the exit
status is 128 + the signal, and nothing more is asked.

A signal during a live hold ends the session as interrupted without the
questions after it; the answer typed before the session is kept. SIGTERM or
SIGHUP while a typed question waits (``log``, ``delete``) leaves the terminal
with echo and line mode on.
"""

from __future__ import annotations

import io
import json
import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from homes import CRACKCOACH, first_check_answered, routines_folder, terminal_env

pexpect = pytest.importorskip("pexpect")

if sys.platform == "win32":  # pragma: no cover
    pytest.skip("pseudo-terminals and signals are POSIX only", allow_module_level=True)

TIMEOUT = 30
LONG = """\
version: 1
name: long
title: Stand and hold
steps:
  - name: Long hold
    kind: hold
    hold: 120
    prepare: 0
    instructions: Hold still and breathe.
"""


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    first_check_answered(tmp_path / "home")
    return terminal_env(tmp_path)


def history(env: dict[str, str]) -> list[dict[str, object]]:
    result = subprocess.run([CRACKCOACH, "history", "--json"], env=env, capture_output=True,
                            text=True, timeout=TIMEOUT, check=True)
    return list(json.loads(result.stdout)["records"])


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT,
                                    signal.SIGINT])
def test_a_signal_in_a_live_hold_asks_nothing_and_keeps_the_answer_before(
        tmp_path: Path, env: dict[str, str], signum: int) -> None:
    routines = routines_folder(tmp_path, long=LONG)
    child = pexpect.spawn(CRACKCOACH, ["start", "long", "--routines-dir", str(routines)],
                          env=env, dimensions=(30, 100), encoding="utf-8", timeout=TIMEOUT)
    child.logfile_read = io.StringIO()
    child.expect("Press Enter to start")
    child.send("\r")
    child.expect_exact("Before you start: discomfort right now")
    child.sendline("6")
    child.expect("HOLD")
    os.kill(child.pid, signum)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 128 + signum
    after = child.logfile_read.getvalue()
    assert "Discomfort now" not in after
    assert "Traceback" not in after
    found = history(env)
    sessions = [item for item in found if item["type"] == "session"]
    entries = [item for item in found if item["type"] == "entry"]
    assert [(s["routine"], s["outcome"]) for s in sessions] == [("long", "interrupted")]
    assert [(e["discomfort_before"], e["discomfort"], e["session_id"]) for e in entries] == [
        (6, None, sessions[0]["id"])]


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
@pytest.mark.parametrize(("command", "prompt"), [("log", "Discomfort now"),
                                               ("delete e1", "Delete"),
                                               ("check", "Numbers"),
                                               ("plan desk-back-8-weeks", "Replace your plan")])
def test_a_signal_at_a_typed_question_restores_the_terminal(
        env: dict[str, str], signum: int, command: str, prompt: str) -> None:
    subprocess.run([CRACKCOACH, "log", "--discomfort", "1", "--stiffness", "1"], env=env,
                   check=True, capture_output=True, timeout=TIMEOUT)
    subprocess.run([CRACKCOACH, "plan", "daily-reset"], env=env, check=True,
                   capture_output=True, timeout=TIMEOUT, stdin=subprocess.DEVNULL)
    # The shell reports the status and the terminal's modes once crackcoach has gone.
    child = pexpect.spawn("/bin/sh", ["-c", f'{CRACKCOACH} {command}; echo "status=$?"; '
                                            "stty -a"],
                          env=env, dimensions=(30, 100), encoding="utf-8", timeout=TIMEOUT)
    child.logfile_read = io.StringIO()
    child.expect_exact(prompt)
    # The crackcoach process is the shell's child: signal it, not the shell.
    pid = int(subprocess.run(["pgrep", "-P", str(child.pid)], capture_output=True, text=True,
                             check=True).stdout.split()[0])
    os.kill(pid, signum)
    child.expect(pexpect.EOF)
    output = child.logfile_read.getvalue()
    modes = output[output.rindex("status="):]
    assert re.findall(r"status=(\d+)", output)[-1] == str(128 + signum)
    assert re.search(r"(?<![-\w])echo\b", modes) and re.search(r"(?<![-\w])icanon\b", modes)
    assert "Traceback" not in output
    assert len(history(env)) == 1  # nothing added, nothing deleted
