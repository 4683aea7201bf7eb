"""Real ``crackcoach`` processes: many at once, killed midway, and answering in a terminal.

Untimed versions of the checks bench/diary.py measures.
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from crackcoach.store import open_store
from homes import interrupt_typed_answer

CRACKCOACH = [sys.executable, "-m", "crackcoach"]


def log_command(number: int) -> list[str]:
    return [*CRACKCOACH, "log", "--discomfort", str(number % 11), "--stiffness",
            str((number * 7) % 11), "--note", f"entry-{number}"]


def notes(db: Path) -> dict[str, tuple[int, int]]:
    with open_store(db) as s:
        return {e.note or "": (e.discomfort or 0, e.stiffness or 0) for e in s.entries()}


def test_twenty_log_processes_at_once_all_write(home: Path) -> None:
    children = [subprocess.Popen(log_command(n), stdout=subprocess.DEVNULL,
                                 stderr=subprocess.PIPE, text=True) for n in range(20)]
    errors = [child.communicate(timeout=120)[1] for child in children]
    assert [child.returncode for child in children] == [0] * 20, errors
    assert notes(home / "crackcoach.db") == {
        f"entry-{n}": (n % 11, (n * 7) % 11) for n in range(20)}


@pytest.mark.slow
def test_killing_log_at_random_moments_loses_at_most_that_entry(home: Path) -> None:
    db = home / "crackcoach.db"
    chance = random.Random(4)
    confirmed: set[str] = set()
    for number in range(40):
        child = subprocess.Popen(log_command(number), stdout=subprocess.DEVNULL,
                                 stderr=subprocess.DEVNULL)
        time.sleep(chance.uniform(0, 0.15))
        child.send_signal(signal.SIGKILL)
        if child.wait() == 0:
            confirmed.add(f"entry-{number}")
    found = notes(db)
    assert confirmed <= set(found)  # nothing confirmed was lost
    for note, values in found.items():  # nothing half-written
        number = int(note.split("-")[1])
        assert values == (number % 11, (number * 7) % 11)
    assert sqlite3.connect(db).execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_log_answered_in_a_real_terminal_then_history_json(home: Path) -> None:
    pexpect = pytest.importorskip("pexpect")
    env = {**os.environ, "TERM": "xterm", "COLUMNS": "100"}
    child = pexpect.spawn(CRACKCOACH[0], [*CRACKCOACH[1:], "log"], env=env, encoding="utf-8",
                          timeout=30)
    for prompt, answer in [("Discomfort now", "11"), ("Please enter a whole number from 0 to "
                                                      "10.", "4"),
                           ("Stiffness now", "3"), ("moving feels", "better"),
                           ("Which side feels tighter", "r"), ("crack your back", ""),
                           ("Numbers separated by spaces", "9"), ("A note", "desk day")]:
        child.expect_exact(prompt)
        child.sendline(answer)
    child.expect_exact("Saved diary entry e1")
    child.expect_exact("Pause and see a professional")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    history = subprocess.run([*CRACKCOACH, "history", "--json"], capture_output=True,
                             text=True, check=True)
    (item,) = json.loads(history.stdout)["records"]
    assert {k: item[k] for k in ("type", "discomfort", "stiffness", "mobility", "tighter_side",
                                 "cracks", "flags", "note")} == {
        "type": "entry", "discomfort": 4, "stiffness": 3, "mobility": "better",
        "tighter_side": "right", "cracks": None, "flags": ["numbness"], "note": "desk day"}


def test_ctrl_c_in_a_real_terminal_saves_nothing(home: Path) -> None:
    pexpect = pytest.importorskip("pexpect")
    child = pexpect.spawn(CRACKCOACH[0], [*CRACKCOACH[1:], "log"],
                          env={**os.environ, "TERM": "xterm"}, encoding="utf-8", timeout=30)
    child.expect_exact("Discomfort now")
    child.sendline("2")
    child.expect_exact("Stiffness now")
    interrupt_typed_answer(child, "Stopped: nothing was saved.")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert not (home / "crackcoach.db").exists()
