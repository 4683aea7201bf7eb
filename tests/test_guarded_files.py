"""The program's own files are read through one guarded opener and written through one
guarded writer: a pipe, a device or a hostile document there is one clear line, never a
hang, a runaway read or a traceback.
"""

from __future__ import annotations

import os
import stat
import subprocess
from pathlib import Path

import pytest

from homes import CRACKCOACH

TIMEOUT = 20  # each of these answers at once; the old readers hung for ever


@pytest.fixture
def home(tmp_path: Path) -> Path:
    folder = tmp_path / "home"
    folder.mkdir(mode=0o700)
    return folder


def run(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CRACKCOACH_HOME": str(home)}
    result = subprocess.run([CRACKCOACH, *args], env=env, capture_output=True, text=True,
                            timeout=TIMEOUT, stdin=subprocess.DEVNULL)
    assert "Traceback" not in result.stderr
    assert "unexpected internal error" not in result.stderr
    return result


def one_error(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode in (1, 2), result
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("crackcoach: error: "), result.stderr
    return lines[0]


@pytest.mark.parametrize("command", [["config"], ["stats"], []])
def test_a_fifo_at_the_settings_file_is_refused_at_once(home: Path,
                                                        command: list[str]) -> None:
    os.mkfifo(home / "config.toml")
    assert "config.toml: is a named pipe, not a regular file" in one_error(run(home, *command))


@pytest.mark.parametrize("command", [["plan"], []])
def test_a_fifo_at_the_plan_state_is_refused_at_once(home: Path, command: list[str]) -> None:
    os.mkfifo(home / "plan-state.json")
    line = one_error(run(home, *command))
    assert "plan-state.json: the active-plan file cannot be read (is a named pipe" in line
    assert "'crackcoach plan --stop' clears it" in line


def test_a_fifo_or_a_device_at_the_first_check_does_not_hang(home: Path) -> None:
    os.mkfifo(home / "first-check.json")
    result = run(home, "check")
    assert result.returncode in (0, 1, 2)
    (home / "first-check.json").unlink()
    (home / "first-check.json").symlink_to("/dev/zero")
    result = run(home, "start", "--dry-run")
    assert result.returncode == 0


def test_a_device_behind_a_link_at_the_settings_file_is_refused(home: Path) -> None:
    (home / "config.toml").symlink_to("/dev/zero")
    assert "is a device, not a regular file" in one_error(run(home, "config"))


@pytest.mark.parametrize("text", ["version = " + "[" * 10_000 + "]" * 10_000,
                                  "weekly_target = " + "9" * 5000])
def test_a_hostile_settings_file_is_one_line(home: Path, text: str) -> None:
    (home / "config.toml").write_text(text + "\n", encoding="utf-8")
    assert "config.toml" in one_error(run(home, "config"))


@pytest.mark.parametrize("text", [
    '{"version": ' + "9" * 5000 + ', "plan": "x", "started": "2026-01-05"}',
    "[" * 100_000 + "]" * 100_000,
    '{"version": 1, "plan": "desk-back-8-weeks", "started": "0001-01-01"}',
    '{"version": 1, "plan": "desk-back-8-weeks", "started": "9999-12-31"}',
], ids=["long-version", "deep-nesting", "year-1", "year-9999"])  # short ids: the test's name
# is put in the environment of every program it runs, where a 200,000-character one does not fit
def test_a_hostile_plan_state_is_one_line_and_plan_stop_clears_it(home: Path,
                                                                   text: str) -> None:
    (home / "plan-state.json").write_text(text, encoding="utf-8")
    for command in (["plan"], ["stats"]):
        result = run(home, *command)
        if result.returncode != 0:
            assert "plan --stop" in one_error(result)
    assert run(home, "plan", "--stop").returncode == 0
    assert not (home / "plan-state.json").exists()


@pytest.mark.parametrize("text", ['{"version": ' + "9" * 5000 + "}", "[" * 100_000,
                                  '{"version": 1, "applies": [], "answered_at": '
                                  '"0001-01-01T00:00:00-23:59"}'],
                         ids=["long-version", "deep-nesting", "year-1"])
def test_a_hostile_first_check_file_is_no_crash(home: Path, text: str) -> None:
    (home / "first-check.json").write_text(text, encoding="utf-8")
    assert run(home, "start", "--dry-run").returncode == 0
    assert run(home, "check", "--show").returncode in (0, 1, 2)


def test_remind_output_never_replaces_a_device_a_pipe_or_a_link(home: Path,
                                                                tmp_path: Path) -> None:
    result = run(home, "remind", "--at", "08:00", "--output", "/dev/null")
    assert result.returncode == 0, result.stderr
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    assert "nothing is reading from that pipe" in one_error(
        run(home, "remind", "--at", "08:00", "--output", str(fifo)))
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    real = tmp_path / "calendar.ics"
    real.write_text("old", encoding="utf-8")
    link = tmp_path / "link.ics"
    link.symlink_to(real)
    assert run(home, "remind", "--at", "08:00", "--output", str(link)).returncode == 0
    assert link.is_symlink() and "BEGIN:VCALENDAR" in real.read_text(encoding="utf-8")


def test_state_files_that_are_not_utf8_are_named_in_one_line(home: Path) -> None:
    (home / "plan-state.json").write_bytes(b"\xff\xfe{")
    assert "it is not UTF-8 text" in one_error(run(home, "plan"))
    (home / "plan-state.json").unlink()
    (home / "first-check.json").write_bytes(b"\xff")
    shown = run(home, "check", "--show")
    assert "first-check.json" in shown.stderr and "it is not UTF-8 text" in shown.stderr
