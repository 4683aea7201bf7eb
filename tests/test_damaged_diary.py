"""A diary edited or damaged outside crackcoach: one line naming it, exit 1, never a crash.

Each case changes one thing in a working diary with plain SQL, then runs the
commands that read it. Nothing is repaired or overwritten, and an export does
not replace the last good backup.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from crackcoach.diary.records import DiaryEntry, SessionRecord
from crackcoach.store import open_store

Cli = Callable[..., Any]
TODAY = date(2024, 5, 14)
TZ = timezone(timedelta(hours=2))
READERS = [["history"], ["stats", "--as-of", TODAY.isoformat()],
           ["report", "--as-of", TODAY.isoformat()], ["export"], ["export", "--format", "json"]]


def seeded(home: Path) -> Path:
    moment = datetime.combine(TODAY, time(8), TZ)
    with open_store(home / "crackcoach.db") as store:
        store.add_session(SessionRecord("back-reset", moment, moment + timedelta(minutes=9),
                                        600.0, 540.0, 0.0, ("cat-cow",), (), "completed"))
        store.add_entry(DiaryEntry(moment + timedelta(minutes=10), discomfort=4, stiffness=3,
                                   session_id=1))
    return home / "crackcoach.db"


def edit(db: Path, *statements: str) -> None:
    raw = sqlite3.connect(db, isolation_level=None)
    raw.execute("PRAGMA ignore_check_constraints = ON")  # as another tool would
    for statement in statements:
        raw.execute(statement)
    raw.close()


CASES = {
    "a dropped column": (("ALTER TABLE entries DROP COLUMN note",),
                         "the entries table has no column note"),
    "a bad at_utc": (("UPDATE entries SET at_utc = 'yesterday'",),
                     "entry 1: 'yesterday' at offset 7200 is not a time"),
    "a huge at_offset": (("UPDATE entries SET at_offset = 99999999",),
                         "entry 1: '2024-05-14T06:10:00.000000Z' at offset 99999999 is not a "
                         "time"),
    "a blob in discomfort": (("UPDATE entries SET discomfort = x'00ff'",),
                             "entry 1: discomfort holds b'\\x00\\xff', not a whole number "
                             "0-10"),
    "bad JSON in steps_completed": (("UPDATE sessions SET steps_completed = '[cat-cow'",),
                                    "session 1: steps_completed holds '[cat-cow', not a JSON "
                                    "array of names"),
    "text in planned_seconds": (("UPDATE sessions SET planned_seconds = 'ten'",),
                                "session 1: planned_seconds holds 'ten', not a number of "
                                "seconds"),
    "an unknown outcome": (("UPDATE sessions SET outcome = 'exploded'",),
                           "session 1: outcome holds 'exploded', not one of completed, "
                           "interrupted, quit, stopped"),
    "a missing table": (("DROP TABLE entries",), "it has no entries table"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_damaged_diary_is_named_in_one_line_by_every_reader(
        cli: Cli, home: Path, tmp_path: Path, case: str) -> None:
    db = seeded(home)
    statements, detail = CASES[case]
    if case == "a dropped column" and sqlite3.sqlite_version_info < (3, 35):
        pytest.skip("this SQLite cannot drop a column")
    edit(db, *statements)
    before = db.read_bytes()
    backup = tmp_path / "backup.json"
    backup.write_text("the last good backup\n")
    expected = (f"crackcoach: error: the diary at {db} is damaged: {detail}; it was left "
                "untouched: move it aside to start a new diary, or put back a backup\n")
    for args in [*READERS, ["export", "--output", str(backup)]]:
        result = cli(*args)
        assert (result.exit_code, result.stderr) == (1, expected), args
        assert "Traceback" not in result.stdout
    assert backup.read_text() == "the last good backup\n"
    assert db.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".backup")] == []


def test_a_diary_missing_a_column_is_refused_before_anything_is_written(
        cli: Cli, home: Path) -> None:
    db = seeded(home)
    if sqlite3.sqlite_version_info < (3, 35):
        pytest.skip("this SQLite cannot drop a column")
    edit(db, "ALTER TABLE sessions DROP COLUMN timeline")
    result = cli("log", "--discomfort", "3", "--stiffness", "2")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"crackcoach: error: the diary at {db} is damaged: the "
                                    "sessions table has no column timeline;")
    assert sqlite3.connect(db).execute("SELECT count(*) FROM entries").fetchone() == (1,)
