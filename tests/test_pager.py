"""Long output in a terminal goes through the pager; short output, pipes and --no-pager do not.

The pager here is a tiny shell command that says it ran and counts the lines it
was given, so the tests see exactly when it starts and what it received.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pexpect
import pytest

from crackcoach.base import pager
from homes import CRACKCOACH, terminal_env

TIMEOUT = 30
FAKE_PAGER = "sh -c 'echo PAGER-STARTED; wc -l | tr -d \" \"; echo PAGER-DONE'"


def _filled_home(tmp_path: Path, entries: int = 40) -> dict[str, str]:
    """An environment whose diary holds ``entries`` diary entries, with the fake pager."""
    env = terminal_env(tmp_path)
    env["PAGER"] = FAKE_PAGER
    backup = {"format": "crackcoach-export", "version": 3, "sessions": [], "entries": [
        {"at": f"2024-05-{day:02d}T08:00:00+00:00", "discomfort": 3, "stiffness": 2}
        for day in range(1, entries + 1 if entries <= 28 else 29)] + [
        {"at": f"2024-06-{day:02d}T08:00:00+00:00", "discomfort": 2, "stiffness": 2}
        for day in range(1, max(entries - 28, 0) + 1)]}
    path = tmp_path / "backup.json"
    path.write_text(json.dumps(backup), encoding="utf-8")
    subprocess.run([CRACKCOACH, "import", str(path)], env=env, check=True,
                   capture_output=True, timeout=TIMEOUT)
    return env


def _in_terminal(env: dict[str, str], *args: str) -> str:
    child = pexpect.spawn(CRACKCOACH, list(args), env=env, encoding="utf-8",
                          dimensions=(24, 80), timeout=TIMEOUT)
    output = child.read()
    child.close()
    assert child.exitstatus == 0, output
    return str(output)


def test_a_page_taller_than_the_screen_goes_through_the_pager(tmp_path: Path) -> None:
    env = _filled_home(tmp_path)
    output = _in_terminal(env, "history", "--limit", "30")
    assert "PAGER-STARTED" in output and "PAGER-DONE" in output
    # The pager got the whole page: the header, 30 records and the line on the 10 left out.
    lines = output.split("PAGER-STARTED", 1)[1].split()
    assert lines[0] == "32"
    assert "id" not in output.split("PAGER-STARTED", 1)[0]


def test_a_short_page_is_written_straight_to_the_terminal(tmp_path: Path) -> None:
    env = _filled_home(tmp_path)
    output = _in_terminal(env, "history", "--limit", "5")
    assert "PAGER-STARTED" not in output
    assert "35 older records not shown" in output


def test_no_pager_flag_and_setting_turn_it_off(tmp_path: Path) -> None:
    env = _filled_home(tmp_path)
    output = _in_terminal(env, "history", "--limit", "30", "--no-pager")
    assert "PAGER-STARTED" not in output and "10 older records" in output
    subprocess.run([CRACKCOACH, "config", "set", "pager", "false"], env=env, check=True,
                   capture_output=True, timeout=TIMEOUT)
    assert "PAGER-STARTED" not in _in_terminal(env, "history", "--limit", "30")


def test_never_in_a_pipe(tmp_path: Path) -> None:
    env = _filled_home(tmp_path)
    result = subprocess.run([CRACKCOACH, "history", "--limit", "30"], env=env,
                            capture_output=True, text=True, timeout=TIMEOUT, check=True)
    assert "PAGER-STARTED" not in result.stdout
    assert result.stdout.count("\n") == 32


def test_help_is_paged_when_long(tmp_path: Path) -> None:
    env = terminal_env(tmp_path)
    env["PAGER"] = FAKE_PAGER
    assert "PAGER-STARTED" in _in_terminal(env, "--help")


def test_commands_that_ask_or_change_something_are_never_held_back() -> None:
    assert pager.pages(["stats"]) and pager.pages(["plan"]) and pager.pages(["config"])
    assert not pager.pages(["plan", "desk-back-8-weeks"])
    assert not pager.pages(["config", "set", "pager", "false"])
    assert not pager.pages(["log"]) and not pager.pages(["delete", "e1"])


@pytest.mark.parametrize(("value", "expected"), [
    (None, ["less", "-FRX"]), ("", None), ("cat", None), ("most -s", ["most", "-s"])])
def test_the_pager_command(value: str | None, expected: list[str] | None) -> None:
    environ = {} if value is None else {"PAGER": value}
    assert pager.command(environ) == expected


def test_rows_count_folded_lines_and_wide_characters() -> None:
    assert pager.rows_needed("a\n" + "x" * 81 + "\n", 80) == 3
    assert pager.rows_needed("日本" * 21 + "\n", 80) == 2
    assert pager.rows_needed("\x1b[1mbold\x1b[0m\n", 80) == 1
