"""Once a change is saved the command exits 0, even when its confirmation cannot be written.

A script that retries on a non-zero status would otherwise record a session
twice or undo twice. Standard output on /dev/full (a full disk) stands for any
output that fails after the save.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from homes import CRACKCOACH

TIMEOUT = 30

if not os.path.exists("/dev/full"):  # pragma: no cover
    pytest.skip("needs /dev/full", allow_module_level=True)


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return {**os.environ, "CRACKCOACH_HOME": str(tmp_path / "home")}


def run(env: dict[str, str], *args: str, full: bool = False) -> subprocess.CompletedProcess[str]:
    if not full:
        return subprocess.run([CRACKCOACH, *args], env=env, capture_output=True, text=True,
                              timeout=TIMEOUT, stdin=subprocess.DEVNULL)
    with open("/dev/full", "w") as stdout:
        return subprocess.run([CRACKCOACH, *args], env=env, stdout=stdout,
                              stderr=subprocess.PIPE, text=True, timeout=TIMEOUT,
                              stdin=subprocess.DEVNULL)


def history(env: dict[str, str]) -> list[dict[str, object]]:
    result = run(env, "history", "--json")
    assert result.returncode == 0, result.stderr
    return list(json.loads(result.stdout)["records"])


def saved_but_unseen(result: subprocess.CompletedProcess[str]) -> None:
    assert result.returncode == 0, result.stderr
    assert result.stderr.count("\n") == 1
    assert "was saved, but its confirmation could not be shown" in result.stderr


def test_done_with_a_full_disk_on_stdout(env: dict[str, str]) -> None:
    saved_but_unseen(run(env, "done", "back-reset", full=True))
    assert [item["type"] for item in history(env)] == ["session"]


def test_edit_delete_undo_with_a_full_disk_on_stdout(env: dict[str, str]) -> None:
    assert run(env, "log", "--discomfort", "3", "--stiffness", "2").returncode == 0
    saved_but_unseen(run(env, "edit", "e1", "--discomfort", "5", full=True))
    assert [item["discomfort"] for item in history(env)] == [5]
    saved_but_unseen(run(env, "undo", full=True))
    assert [item["discomfort"] for item in history(env)] == [3]
    saved_but_unseen(run(env, "delete", "e1", "--yes", full=True))
    assert history(env) == []


def test_import_with_a_full_disk_on_stdout(env: dict[str, str], tmp_path: Path) -> None:
    assert run(env, "log", "--discomfort", "3", "--stiffness", "2").returncode == 0
    backup = tmp_path / "backup.json"
    assert run(env, "export", "--format", "json", "-o", str(backup)).returncode == 0
    other = {**env, "CRACKCOACH_HOME": str(tmp_path / "other")}
    saved_but_unseen(run(other, "import", str(backup), full=True))
    assert [item["discomfort"] for item in history(other)] == [3]
