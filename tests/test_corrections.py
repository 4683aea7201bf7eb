"""Correcting the diary: edit, delete and undo round trips (also through export and import),
sessions recorded afterwards with `done`, schema 3, and relative dates and odd clocks."""

from __future__ import annotations

import json
import os
import re
import sqlite3
import subprocess
import sys
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from crackcoach import store
from crackcoach.diary import values
from crackcoach.errors import BadValue
from crackcoach.store import open_store
from envs import Clock, add, entry, make_env, output, session
from test_store import database_at_version, raw

NOW = datetime(2026, 12, 2, 9, 30, tzinfo=timezone(timedelta(hours=1)))


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "crackcoach.db"


def records(home: Path) -> tuple[list[Any], list[Any]]:
    with open_store(home / "crackcoach.db", read_only=True) as s:
        return s.sessions(), s.entries()


def seeded(cli: Any, home: Path) -> None:
    for args in (["--discomfort", "5", "--stiffness", "3", "--at", "2026-11-30T20:00"],
                 ["--discomfort", "6", "--stiffness", "4", "--note", "long drive", "--at",
                  "2026-12-01T20:00"]):
        assert cli("log", *args).exit_code == 0


# --- edit, delete, undo ---------------------------------------------------------------------

def test_edit_changes_only_the_given_values_and_undo_puts_them_back(cli: Any,
                                                                   home: Path) -> None:
    seeded(cli, home)
    before = records(home)
    result = cli("edit", "e2", "--discomfort", "3", "--note", "", "--at", "2026-12-01T21:15")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[0] == (
        "Changed diary entry e2: at 2026-12-01 20:00 -> 2026-12-01 21:15, discomfort 6 -> 3, "
        "note 'long drive' -> none.")
    (_, edited), = [records(home)[1]]
    assert (edited.discomfort, edited.stiffness, edited.note) == (3, 4, None)
    assert edited.at.hour == 21 and edited.id == 2
    assert cli("undo").stdout.startswith("Undid the edit of ")
    assert records(home) == before
    assert cli("undo").stdout.startswith("Nothing to undo")


def test_delete_asks_in_a_terminal_and_undo_brings_the_record_back(
        cli: Any, home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seeded(cli, home)
    before = records(home)
    env = make_env(home, Clock(NOW), answers="n\n")
    from crackcoach.app import corrections

    assert corrections.delete(env, "1") == 0
    assert "Delete diary entry e1 (2026-11-30 20:00): discomfort 5, stiffness 3? [y/N]" in \
        output(env)
    assert output(env).endswith("Nothing was deleted.\n")
    assert records(home) == before
    env = make_env(home, Clock(NOW), answers="y\n")
    assert corrections.delete(env, "e1") == 0
    assert [e.id for e in records(home)[1]] == [2]
    assert cli("undo").exit_code == 0
    assert records(home) == before


def test_delete_without_a_terminal_needs_yes_and_changes_nothing(cli: Any, home: Path) -> None:
    seeded(cli, home)
    db = home / "crackcoach.db"
    before = db.read_bytes()
    result = cli("delete", "e1")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == ("crackcoach: error: delete e1: without a terminal to confirm in, "
                             "add --yes (crackcoach delete e1 --yes)\n")
    assert db.read_bytes() == before
    assert cli("delete", "e1", "--yes").exit_code == 0


def test_records_that_are_not_there_are_refused_without_touching_the_diary(
        cli: Any, home: Path) -> None:
    for args in (["edit", "e7", "--discomfort", "2"], ["delete", "s1", "--yes"]):
        result = cli(*args)
        assert result.exit_code == 2
        assert "is no " in result.stderr and "in the diary" in result.stderr
    assert not home.exists()
    assert cli("undo").stdout.startswith("Nothing to undo")
    assert not home.exists()
    seeded(cli, home)
    before = (home / "crackcoach.db").read_bytes()
    assert cli("edit", "e1").stderr.startswith("crackcoach: error: nothing to change")
    assert cli("edit", "s1", "--discomfort", "2").stderr.startswith(
        "crackcoach: error: s1: a session cannot be edited")
    assert (home / "crackcoach.db").read_bytes() == before


def test_a_session_with_an_entry_after_it_is_deleted_after_the_entry(home: Path) -> None:
    env = make_env(home, Clock(NOW))
    add(env, session(date(2026, 12, 1), "back-reset"))
    with open_store(env.places.diary_path) as s:
        s.add_entry(entry(date(2026, 12, 1), 3)._replace(session_id=1))
        with pytest.raises(Exception, match="has diary entry e1 logged after it"):
            s.delete("session", 1, NOW)
        s.delete("entry", 1, NOW)
        s.delete("session", 1, NOW)
        assert s.sessions() == [] and s.entries() == []
        s.undo(NOW)  # the session
        s.undo(NOW)  # the entry, linked to it again
        (back,) = s.entries()
        assert back.session_id == 1 and s.sessions()[0].id == 1


def test_undo_refuses_an_entry_changed_since_without_a_record(home: Path) -> None:
    env = make_env(home, Clock(NOW))
    add(env, entry(date(2026, 12, 1), 5))
    with open_store(env.places.diary_path) as s:
        s.edit_entry(1, entry(date(2026, 12, 1), 4), NOW)
    raw(env.places.diary_path).execute("UPDATE entries SET discomfort = 9").connection.commit()
    with open_store(env.places.diary_path) as s, pytest.raises(Exception, match="not as that edit"):
        s.undo(NOW)
    with open_store(env.places.diary_path, read_only=True) as s:
        assert s.entries()[0].discomfort == 9


def test_corrections_travel_in_the_json_export_and_import_round_trips(
        cli: Any, home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seeded(cli, home)
    assert cli("edit", "e1", "--stiffness", "1").exit_code == 0
    assert cli("delete", "e2", "--yes").exit_code == 0
    exported = cli("export", "--format", "json").stdout
    data = json.loads(exported)
    assert data["version"] == 3
    assert [(c["action"], c["record_id"], c["undone_at"]) for c in data["changes"]] == [
        ("edit", 1, None), ("delete", 2, None)]
    assert data["changes"][1]["old"]["note"] == "long drive"
    backup = tmp_path / "backup.json"
    backup.write_text(exported, encoding="utf-8")
    monkeypatch.setenv("CRACKCOACH_HOME", str(tmp_path / "elsewhere"))
    imported = cli("import", str(backup))
    assert imported.stdout.splitlines()[1].startswith("Added 2 earlier versions")
    assert cli("export", "--format", "json").stdout == exported
    assert cli("import", str(backup)).stdout.count("earlier version") == 0
    assert cli("undo").stdout.startswith("Undid the deletion")
    assert [e.note for e in records(tmp_path / "elsewhere")[1]] == [None, "long drive"]


def test_a_version_1_export_still_imports(cli: Any, home: Path, tmp_path: Path) -> None:
    old = tmp_path / "old.json"
    old.write_text('{"format": "crackcoach-export", "version": 1, "sessions": [], "entries": '
                   '[{"id": 1, "at": "2024-05-01T08:00:00+02:00", "discomfort": 3}]}',
                   encoding="utf-8")
    assert cli("import", str(old)).exit_code == 0
    assert records(home)[1][0].discomfort == 3


# --- done -----------------------------------------------------------------------------------

def test_done_records_a_session_that_counts_and_is_marked(cli: Any, home: Path) -> None:
    result = cli("done", "back-reset", "--at", "2026-11-30T18:00")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("Recorded session s1: back-reset, 2026-11-30 18:00, 10 min, "
                                    "done away from the keyboard (counted).")
    # Counted in the week it was done in, not in this week.
    assert "Counted in the week of Mon 30 Nov: 1 of 3 sessions (your weekly target)." in \
        " ".join(result.stdout.split())
    short = cli("done", "back-reset", "--minutes", "2", "--at", "2026-11-30T19:00")
    assert "partial: less than half of it" in short.stdout
    (whole, part), _ = records(home)
    assert whole.recorded_afterwards and whole.outcome == "completed"
    assert (part.outcome, part.actual_seconds) == ("quit", 120)
    history = " ".join(cli("history").stdout.split())
    assert "s1 2026-11-30 18:00 session back-reset recorded afterwards, 10 min" in history
    assert "back-reset recorded afterwards, 2 min (partial)" in history
    stats = json.loads(cli("stats", "--json", "--as-of", "2026-12-01").stdout)
    assert (stats["sessions"], stats["counted"], stats["partial"],
            stats["recorded_afterwards"]) == (2, 1, 1, 2)


def test_done_refuses_an_unknown_routine_and_creates_nothing(cli: Any, home: Path) -> None:
    result = cli("done", "back-rest")
    assert result.exit_code == 2
    assert not home.exists()


# --- exports for spreadsheets -----------------------------------------------------------------

def test_tables_for_a_spreadsheet_import_back_together(cli: Any, home: Path, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    env = make_env(home, Clock(NOW))
    add(env, session(date(2026, 12, 1), "back-reset")._replace(timeline='[{"x": 1}]'))
    with open_store(env.places.diary_path) as s:
        s.add_entry(entry(date(2026, 12, 1), 3)._replace(session_id=1, note="=SUM(A1)"))
    sessions = cli("export", "--table", "sessions").stdout
    entries = cli("export", "--table", "entries").stdout
    assert sessions.splitlines()[0] == (
        "kind,id,routine,started_at,ended_at,planned_seconds,actual_seconds,paused_seconds,"
        "steps_completed,steps_skipped,outcome,stopped_step,recorded_afterwards,uid,utc")
    assert "timeline" not in sessions and '"x"' not in sessions
    assert sessions.splitlines()[1].startswith("session,1,back-reset,2026-12-01T08:00:00+01:00")
    assert sessions.splitlines()[1].endswith(",2026-12-01 07:00:00")
    # Guarded by default: a spreadsheet shows the note as text; import takes the ' off.
    # (the empty cell before the time: the entry's activity ratings)
    # (then the entry's uid and the time in UTC)
    assert re.search(r",'=SUM\(A1\),1,,[0-9a-f]{32},2026-12-01 07:30:00$", entries.splitlines()[1])
    assert cli("export", "--table", "entries", "--safe-cells").stdout == entries
    raw = cli("export", "--table", "entries", "--raw-cells").stdout
    assert ",=SUM(A1),1," in raw.splitlines()[1]
    for name, text in (("s.csv", sessions), ("e.csv", entries)):
        (tmp_path / name).write_text(text, encoding="utf-8")
    files = [str(tmp_path / "s.csv"), str(tmp_path / "e.csv")]
    # Into the diary they came from: nothing new, the timeline left out does not matter.
    assert cli("import", *files).stdout.endswith(
        "Skipped 1 session and 1 diary entry already in the diary.\n")
    monkeypatch.setenv("CRACKCOACH_HOME", str(tmp_path / "fresh"))
    assert cli("import", *files).exit_code == 0
    (copy,), (linked,) = records(tmp_path / "fresh")
    assert (linked.session_id, linked.note, copy.timeline) == (copy.id, "=SUM(A1)", "[]")


def test_a_bad_row_in_the_second_file_is_named_by_its_file_and_line(
        cli: Any, tmp_path: Path) -> None:
    first = tmp_path / "a.csv"
    first.write_text("kind,id,at,discomfort\nentry,1,2024-05-01T08:00:00+02:00,3\n")
    second = tmp_path / "b.csv"
    second.write_text("kind,id,at,discomfort\nentry,2,2024-05-01T09:00:00+02:00,3\n"
                      "entry,3,2024-05-01T10:00:00+02:00,12\n")
    result = cli("import", str(first), str(second))
    assert result.exit_code == 2
    assert result.stderr == (
        f"crackcoach: error: {second}: line 3: discomfort: 12 is out of range; expected a "
        "whole number 0-10\n"
        f"crackcoach: error: {first} and {second}: nothing was imported\n")


def test_json_and_table_options_do_not_mix(cli: Any) -> None:
    result = cli("export", "--format", "json", "--table", "entries")
    assert result.exit_code == 2
    assert "--table is for a CSV file" in result.stderr


# --- schema 3 -------------------------------------------------------------------------------

def test_version_3_adds_the_changes_and_keeps_every_older_row(db_path: Path) -> None:
    database_at_version(db_path, 2)
    before = db_path.read_bytes()
    with open_store(db_path, read_only=True) as s:
        (old,) = s.sessions()
        assert old.recorded_afterwards is False
        assert list(s.iter_changes()) == []
    assert db_path.read_bytes() == before
    with open_store(db_path) as s:
        s.delete("entry", 1, NOW)
        assert [c.action for c in s.iter_changes()] == ["delete"]
    assert raw(db_path).execute("PRAGMA user_version").fetchone() == (store.SCHEMA_VERSION,)
    assert store.SCHEMA_VERSION >= 3


def test_a_stored_recorded_flag_that_is_not_0_or_1_is_damage(db_path: Path) -> None:
    with open_store(db_path) as s:
        s.add_session(session(date(2026, 12, 1), "r"))
    db = raw(db_path)
    db.execute("PRAGMA ignore_check_constraints = ON")
    db.execute("UPDATE sessions SET recorded_afterwards = 7")
    db.commit()
    with open_store(db_path, read_only=True) as s, pytest.raises(Exception, match="7, not 0"):
        s.sessions()


# --- dates ----------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "date_only", "expected"), [
    ("yesterday 20:30", False, datetime(2026, 12, 1, 20, 30)),
    ("today 07:45", False, datetime(2026, 12, 2, 7, 45)),
    ("07:45", False, datetime(2026, 12, 2, 7, 45)),
    ("yesterday", False, datetime(2026, 12, 1, 9, 30)),
    ("yesterday", True, datetime(2026, 12, 1)),
    ("2w", True, datetime(2026, 11, 18)),
    ("3 days ago", True, datetime(2026, 11, 29)),
    ("1 week", True, datetime(2026, 11, 25)),
])
def test_relative_dates(text: str, date_only: bool, expected: datetime,
                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "Europe/Berlin")
    import time

    time.tzset()
    try:
        now = datetime(2026, 12, 2, 9, 30).astimezone()
        found = values.moment(now, date_only=date_only)(text)
        assert found.replace(tzinfo=None) == expected
        assert values.day_from(now)("yesterday") == date(2026, 12, 1)
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()


def test_a_time_the_clock_skips_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "Europe/Berlin")
    import time

    time.tzset()
    try:
        read = values.moment(datetime(2026, 12, 2, 9, 30).astimezone())
        with pytest.raises(BadValue, match="skipped when the clocks went forward"):
            read("2026-03-29T02:30")
        assert read("2026-03-29T03:30").utcoffset() == timedelta(hours=2)
        assert read("2026-03-29T02:30+01:00").hour == 2  # an offset says which time it is
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()


def test_a_time_zone_python_cannot_use_falls_back_to_utc(tmp_path: Path) -> None:
    env = {**os.environ, "TZ": "UTC+99", "CRACKCOACH_HOME": str(tmp_path)}
    for args in (["log", "--discomfort", "3", "--stiffness", "2"], ["history"], ["stats"],
                 ["log", "--discomfort", "3", "--stiffness", "2", "--at", "yesterday 20:00"]):
        result = subprocess.run([sys.executable, "-m", "crackcoach", *args], env=env,
                                capture_output=True, text=True, check=False)
        assert result.returncode == 0, result.stderr
        assert result.stderr == ("crackcoach: warning: the time zone TZ='UTC+99' cannot be used "
                                 "(an offset of a day or more?); times are taken as UTC\n")
    assert sqlite3.connect(tmp_path / "crackcoach.db").execute(
        "SELECT count(*) FROM entries").fetchone() == (2,)


def test_backdated_entries_are_worded_for_their_day_and_the_cracking_note_comes_once(
        cli: Any, home: Path) -> None:
    for day in ("2024-10-14", "2024-10-15"):  # the week before: a recent level of 3
        assert cli("log", "--discomfort", "3", "--stiffness", "1", "--at",
                   f"{day}T20:00").exit_code == 0
    first = cli("log", "--discomfort", "7", "--stiffness", "1", "--cracks", "4", "--at",
                "2024-10-21T20:00")
    assert ("On 21 Oct 2024 a flare: discomfort 7, 4 points above your recent level of 3."
            in first.stdout)
    assert "On 21 Oct 2024 you cracked your back on purpose 4 times." in first.stdout
    again = cli("log", "--discomfort", "2", "--stiffness", "1", "--cracks", "5", "--at",
                "2024-10-21T21:00")
    assert "cracked your back" not in again.stdout
    other_day = cli("log", "--discomfort", "2", "--stiffness", "1", "--cracks", "3", "--at",
                    "2024-10-22T08:00")
    assert "On 22 Oct 2024 you cracked your back on purpose 3 times." in other_day.stdout


def test_relative_dates_reach_history_and_stats(cli: Any, home: Path) -> None:
    assert cli("log", "--discomfort", "3", "--stiffness", "2", "--at", "yesterday 20:30"
               ).exit_code == 0
    assert cli("log", "--discomfort", "4", "--stiffness", "2", "--at", "3w").exit_code == 0
    recent = json.loads(cli("history", "--since", "2w", "--json").stdout)["records"]
    assert [item["discomfort"] for item in recent] == [3]
    assert json.loads(cli("history", "--since", "4w", "--json").stdout)["records"][1][
        "discomfort"] == 4
    earlier = json.loads(cli("stats", "--json", "--as-of", "2w").stdout)
    assert earlier["entries"] == 1 and earlier["period_end"] == (
        date.today() - timedelta(days=14)).isoformat()
    bad = cli("stats", "--as-of", "soon")
    assert bad.exit_code == 2 and "expected a date like 2024-05-14, or today, yesterday" in \
        bad.stderr
