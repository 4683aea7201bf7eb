"""Hostile values in routine and plan files, and at the edges of options: one clear line
and exit 1 or 2, never "unexpected internal error"; one bad file never hides the good ones.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from homes import CRACKCOACH

TIMEOUT = 30
TAGGED = ['!!bool maybe', '!!bool ""', '!!int ""', '!!int "+"', '!!int "-"', '!!int "_"',
          '!!float ""', '!!float "_"']
ROUTINE = """\
version: 1
name: {name}
title: {title}
steps:
  - name: Stand
    kind: timed
    seconds: {seconds}
    instructions: Stand tall.
"""


def run(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    result = subprocess.run([CRACKCOACH, *args], env={**os.environ, "CRACKCOACH_HOME": str(home)},
                            capture_output=True, text=True, timeout=TIMEOUT,
                            stdin=subprocess.DEVNULL)
    assert "Traceback" not in result.stderr
    assert "unexpected internal error" not in result.stderr
    return result


@pytest.fixture
def home(tmp_path: Path) -> Path:
    folder = tmp_path / "home"
    routines = folder / "routines"
    routines.mkdir(parents=True)
    for number, value in enumerate(TAGGED):
        (routines / f"bad{number}.yaml").write_text(
            ROUTINE.format(name=f"bad{number}", title=value, seconds=5), encoding="utf-8")
    (routines / "hexa.yaml").write_text(
        ROUTINE.format(name="hexa", title="Hex", seconds="0x" + "f" * 4000), encoding="utf-8")
    (routines / "good.yaml").write_text(
        ROUTINE.format(name="good", title="Good one", seconds=5), encoding="utf-8")
    return folder


def test_list_shows_the_good_routine_and_one_warning_per_bad_file(home: Path) -> None:
    result = run(home, "list")
    assert result.returncode == 0
    assert "good" in result.stdout
    warnings = result.stderr.splitlines()
    assert len(warnings) == len(TAGGED) + 1
    assert all(line.startswith("crackcoach: warning: ") for line in warnings)
    assert any("'maybe' is not a valid !!bool value" in line for line in warnings)
    assert any("hexa.yaml" in line and "a number of thousands of di" in line for line in warnings)


def test_validate_names_each_bad_file_and_fails(home: Path) -> None:
    result = run(home, "validate")
    assert result.returncode == 1
    assert "ok: " in result.stdout and "good.yaml" in result.stdout
    assert "'+' is not a valid !!int value" in result.stdout + result.stderr


def test_a_bad_plan_file_does_not_hide_the_others(home: Path) -> None:
    plans = home / "plans"
    plans.mkdir()
    (plans / "odd.yaml").write_text("version: !!int \"_\"\n", encoding="utf-8")
    result = run(home, "plan")
    assert result.returncode == 0
    assert "daily-reset" in result.stdout
    assert "odd.yaml" in result.stderr and "is not a valid !!int value" in result.stderr


@pytest.mark.parametrize("args", [["stats", "--as-of", "0001-01-01"],
                                  ["stats", "--as-of", "0001-01-08"],
                                  ["stats", "--as-of", "9999-12-31"],
                                  ["report", "--as-of", "0001-01-01"],
                                  ["report", "--as-of", "9999-12-31"]])
def test_as_of_at_the_calendar_ends_is_one_line(tmp_path: Path, args: list[str]) -> None:
    result = run(tmp_path, *args)
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        f"crackcoach: error: --as-of {args[2]}: expected a date from 1970-01-01 to 2999-12-31"]


def test_a_history_limit_past_any_list_means_all(tmp_path: Path) -> None:
    assert run(tmp_path, "log", "--discomfort", "3", "--stiffness", "2").returncode == 0
    result = run(tmp_path, "history", "--limit", "9223372036854775808", "--json")
    assert result.returncode == 0
    assert '"discomfort": 3' in result.stdout


def test_a_command_that_is_not_utf8_is_named_as_its_bytes(tmp_path: Path) -> None:
    result = subprocess.run([CRACKCOACH.encode(), b"\xff"],
                            env={**os.environ, "CRACKCOACH_HOME": str(tmp_path)},
                            capture_output=True, timeout=TIMEOUT)
    assert result.returncode == 2
    assert b"'\\xff'" in result.stderr and b"udcff" not in result.stderr


def test_new_with_the_name_of_a_built_in_routine_says_it_takes_its_place(tmp_path: Path
                                                                         ) -> None:
    result = run(tmp_path, "new", "back-reset")
    assert result.returncode == 0
    assert "a built-in routine is also called back-reset" in result.stdout


@pytest.mark.parametrize("cell", ["\u0663", " 3", "0_3", "3 ", "+3"])
def test_an_import_cell_takes_only_plain_digits(cell: str) -> None:
    from crackcoach.diary import values

    with pytest.raises(ValueError, match="is not a whole number"):
        values.field_scale(cell)
    with pytest.raises(ValueError, match="is not a number of seconds"):
        values.field_seconds(cell)


def test_a_routine_of_ten_thousand_steps_is_not_blamed_on_aliases(tmp_path: Path) -> None:
    routines = tmp_path / "home" / "routines"
    routines.mkdir(parents=True)
    steps = "".join(f"  - {{name: s{n}, kind: timed, seconds: 1, instructions: x}}\n"
                    for n in range(10_000))
    (routines / "long.yaml").write_text(
        f"version: 1\nname: long\ntitle: Long\nsteps:\n{steps}", encoding="utf-8")
    result = run(tmp_path / "home", "validate")
    assert result.returncode == 1
    assert "holds more than 20,000 values (counting each step's fields" in result.stdout


def test_a_looping_plans_folder_is_called_the_plans_folder(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    (home / "plans").symlink_to(home / "plans")
    result = run(home, "plan")
    assert result.returncode == 2
    assert result.stderr.startswith(f"crackcoach: error: cannot read the plans folder {home}")
