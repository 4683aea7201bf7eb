"""Small things a person reads: ids, times, the check asked again, a twice-typed entry, help."""

from __future__ import annotations

import io
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from crackcoach.app import safety
from crackcoach.app.diary import LogValues, log
from crackcoach.app.env import Env, Places
from crackcoach.app.safety import CheckOptions
from crackcoach.safety import signs

NOW = datetime(2024, 5, 1, 20, 30, 15, tzinfo=timezone(timedelta(hours=2)))


def _env(home: Path, typed: str = "") -> Env:
    return Env(places=Places.under(home), stdin=io.StringIO(typed), stdout=io.StringIO(),
               stderr=io.StringIO(), can_ask=True, interactive=False, clock=lambda: NOW)


def _out(env: Env) -> str:
    assert isinstance(env.stdout, io.StringIO)
    return env.stdout.getvalue()


def test_delete_asks_and_answers_with_the_same_id(cli: Any) -> None:
    assert cli("log", "--discomfort", "3", "--stiffness", "2").stdout.startswith(
        "Saved diary entry e1 (")
    assert cli("delete", "e1", "--yes").stdout.startswith("Deleted diary entry e1.")


def test_the_check_asked_again_is_not_before_a_first_session(tmp_path: Path) -> None:
    first = _env(tmp_path, "\n")
    assert safety.check(first, CheckOptions()) == 0
    assert signs.FIRST_CHECK_INTRO in " ".join(_out(first).split())
    again = _env(tmp_path, "\n")
    assert safety.check(again, CheckOptions()) == 0
    said = " ".join(_out(again).split())
    assert signs.FIRST_CHECK_AGAIN in said and "Before your first session" not in said


def test_the_same_entry_in_the_same_minute_is_not_saved_twice(tmp_path: Path) -> None:
    values = LogValues(discomfort=3, stiffness=2)
    assert log(_env(tmp_path), values) == 0
    twice = _env(tmp_path)
    assert log(twice, values) == 0  # with options: said, and no error
    assert _out(twice).startswith("Already in the diary: diary entry e1 (2024-05-01 20:30")
    other = _env(tmp_path)
    assert log(other, LogValues(discomfort=4, stiffness=2)) == 0
    assert _out(other).startswith("Saved diary entry e2 ")


def test_the_same_entry_typed_again_asks_first(tmp_path: Path) -> None:
    assert log(_env(tmp_path), LogValues(discomfort=3, stiffness=2)) == 0
    # The questions: discomfort 3, stiffness 2, then Enter for the rest; then "no".
    asked = _env(tmp_path, "3\n2\n\n\n\n\n\nn\n")
    assert log(asked, LogValues()) == 0
    assert "The same entry is already in the diary: diary entry e1" in _out(asked)
    assert _out(asked).rstrip().endswith("Nothing was saved.")


def test_help_command(cli: Any) -> None:
    assert cli("help").stdout == cli("--help").stdout
    assert cli("help", "stats").stdout == cli("stats", "--help").stdout
