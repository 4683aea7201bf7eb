"""Typed answers can be edited with the arrow keys (readline), in a real pseudo-terminal."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from homes import CRACKCOACH

pexpect = pytest.importorskip("pexpect")

if sys.platform == "win32":  # pragma: no cover
    pytest.skip("pseudo-terminals are POSIX only", allow_module_level=True)

LEFT = "\x1b[D"


def test_arrow_keys_move_in_the_answer_and_are_not_typed_into_it(tmp_path: Path) -> None:
    env = {**os.environ, "TERM": "xterm-256color", "CRACKCOACH_HOME": str(tmp_path / "home")}
    child = pexpect.spawn(CRACKCOACH, ["log"], env=env, dimensions=(24, 100),
                          encoding="utf-8", timeout=15)
    child.expect("Discomfort now, 0-10")
    child.send("0" + LEFT + "1\r")  # "0", back one, "1" in front of it: 10
    assert child.expect(["Stiffness now, 0-10", "Please enter"]) == 0, "the arrow was typed in"
    child.send("3\r")
    for _ in range(5):  # mobility, side, cracks, the safety screen, the note: all skipped
        child.expect(r"\(Enter .*\): |Enter for none: ")
        child.send("\r")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert "\x1b[?2004h" not in (child.before or "")  # no bracketed-paste codes around prompts
    history = subprocess.run([CRACKCOACH, "history", "--json"], env=env, capture_output=True,
                             text=True, check=True)
    assert [e["discomfort"] for e in json.loads(history.stdout)["records"]] == [10]
