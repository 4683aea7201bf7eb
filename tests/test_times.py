"""Recorded times are shown in the zone they were recorded in, with the offset when it differs."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from crackcoach.base.clocktext import offset_text, recorded_time

INDIA = timezone(timedelta(hours=5, minutes=30))


@pytest.fixture
def berlin(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """This machine in Berlin (winter +01:00, summer +02:00)."""
    monkeypatch.setenv("TZ", "Europe/Berlin")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_a_time_in_the_machine_s_own_zone_has_no_offset(berlin: None) -> None:
    winter = datetime(2024, 1, 10, 8, 0, tzinfo=timezone(timedelta(hours=1)))
    summer = datetime(2024, 7, 10, 8, 0, tzinfo=timezone(timedelta(hours=2)))
    assert recorded_time(winter) == "2024-01-10 08:00"
    assert recorded_time(summer) == "2024-07-10 08:00"


def test_a_time_from_another_zone_keeps_its_clock_and_says_its_offset(berlin: None) -> None:
    assert recorded_time(datetime(2024, 5, 1, 8, 0, tzinfo=INDIA)) == "2024-05-01 08:00 +05:30"
    assert offset_text(timedelta(hours=-4)) == "-04:00"


def test_history_log_and_undo_show_the_entry_s_own_time(cli: Any, tmp_path: Path,
                                                       berlin: None) -> None:
    backup = tmp_path / "b.json"
    backup.write_text(json.dumps({"format": "crackcoach-export", "version": 3, "sessions": [],
                                  "entries": [{"at": "2024-05-01T08:00:00+05:30",
                                               "discomfort": 3, "stiffness": 2},
                                              {"at": "2024-05-02T08:00:00+02:00",
                                               "discomfort": 4, "stiffness": 2}]}),
                      encoding="utf-8")
    assert cli("import", str(backup)).exit_code == 0
    shown = cli("history").stdout
    assert "2024-05-01 08:00 +05:30" in shown
    assert "2024-05-02 08:00  " in shown and "08:00 +02:00" not in shown
    logged = cli("log", "--discomfort", "2", "--stiffness", "1", "--at",
                 "2024-05-03T07:15:00+05:30").stdout
    assert "(2024-05-03 07:15 +05:30)" in logged
    assert cli("delete", "e1", "--yes").exit_code == 0
    assert cli("undo").stdout.startswith(
        "Undid the deletion of diary entry e1 (of 2024-05-01 08:00 +05:30): it is back")
