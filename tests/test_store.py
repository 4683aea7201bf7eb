"""The diary database: round trips, migrations, concurrency, permissions, bad files."""

from __future__ import annotations

import os
import re
import sqlite3
import stat
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from crackcoach import store
from crackcoach.diary.records import DiaryEntry, SessionRecord
from crackcoach.errors import DiaryError, InputError
from crackcoach.store import ImportResult, open_store, schema
from guards import unprivileged_prefix

BERLIN = timezone(timedelta(hours=2))
NEW_YORK = timezone(timedelta(hours=-4))
T0 = datetime(2024, 5, 1, 8, 0, tzinfo=BERLIN)


def no_uids(records: list[Any]) -> list[Any]:
    """Records as they were written: the store gives each a uid of its own."""
    assert all(len(r.uid) == 32 for r in records)
    return [r._replace(uid=None) for r in records]


def session(minutes: int = 0, routine: str = "back-reset", **changes: object) -> SessionRecord:
    start = T0 + timedelta(minutes=minutes)
    record = SessionRecord(routine=routine, started_at=start,
                           ended_at=start + timedelta(minutes=15), planned_seconds=900,
                           actual_seconds=870.5, paused_seconds=12, steps_completed=(
                               "warm-up", "cat-cow"), steps_skipped=("core",),
                           outcome="completed", timeline='[{"kind": "hold"}]')
    return record._replace(**changes)  # type: ignore[arg-type]


def entry(minutes: int = 0, **changes: object) -> DiaryEntry:
    record = DiaryEntry(at=T0 + timedelta(minutes=minutes), discomfort=3, stiffness=2,
                        mobility="better", tighter_side="left", cracks=1,
                        flags=("night-pain",), note="after the drive", discomfort_before=5)
    return record._replace(**changes)  # type: ignore[arg-type]


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "crackcoach.db"


@pytest.fixture
def opened(db_path: Path) -> Iterator[store.Store]:
    with open_store(db_path) as s:
        yield s


def raw(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(path, isolation_level=None)


# --- round trips and queries ---------------------------------------------------------------

def test_a_session_comes_back_as_it_went_in_with_its_id(opened: store.Store) -> None:
    record = session()
    new_id = opened.add_session(record)
    assert no_uids(opened.sessions()) == [record._replace(id=new_id)]


def test_an_entry_comes_back_with_its_own_offset_as_an_aware_time(opened: store.Store) -> None:
    record = entry(at=datetime(2024, 5, 1, 22, 30, 15, 250, tzinfo=NEW_YORK))
    new_id = opened.add_entry(record)
    (back,) = opened.entries()
    assert back._replace(uid=None) == record._replace(id=new_id)
    assert back.at.utcoffset() == timedelta(hours=-4)


def test_times_are_stored_as_utc_text_and_offset(opened: store.Store, db_path: Path) -> None:
    opened.add_entry(entry())
    row = raw(db_path).execute("SELECT at_utc, at_offset FROM entries").fetchone()
    assert row == ("2024-05-01T06:00:00.000000Z", 7200)


def test_a_minimal_entry_keeps_its_blanks(opened: store.Store) -> None:
    record = DiaryEntry(at=T0)
    opened.add_entry(record)
    assert opened.entries()[0]._replace(uid=None) == record._replace(id=1)


def test_sessions_filter_by_time_range_and_routine_in_both_orders(opened: store.Store) -> None:
    for minutes, name in ((0, "a"), (60, "b"), (120, "a"), (180, "a")):
        opened.add_session(session(minutes, name))
    since, until = T0 + timedelta(minutes=60), T0 + timedelta(minutes=180)
    assert [s.routine for s in opened.sessions(since, until)] == ["b", "a"]
    assert [s.started_at for s in opened.sessions(routine="a", newest_first=True, limit=2)] == [
        T0 + timedelta(minutes=180), T0 + timedelta(minutes=120)]


def test_ranges_compare_instants_not_local_clock_readings(opened: store.Store) -> None:
    # 07:30 in New York is 13:30 in Berlin: after a Berlin 09:00 bound.
    late = entry(at=datetime(2024, 5, 1, 7, 30, tzinfo=NEW_YORK))
    opened.add_entry(late)
    assert no_uids(opened.entries(since=datetime(2024, 5, 1, 9, 0, tzinfo=BERLIN))) == [
        late._replace(id=1)]
    assert opened.entries(until=datetime(2024, 5, 1, 9, 0, tzinfo=BERLIN)) == []


def test_history_merges_sessions_and_entries_newest_first(opened: store.Store) -> None:
    opened.add_session(session(0))
    opened.add_entry(entry(15))
    opened.add_entry(entry(300))
    opened.add_session(session(-600))
    kinds = [(type(r).__name__, r.id) for r in opened.history()]
    assert kinds == [("DiaryEntry", 2), ("DiaryEntry", 1), ("SessionRecord", 1),
                     ("SessionRecord", 2)]
    assert [r.id for r in opened.history(limit=2)] == [2, 1]
    assert len(opened.history(since=T0)) == 3


def test_naive_times_are_refused(opened: store.Store) -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        opened.add_entry(entry(at=datetime(2024, 5, 1, 8, 0)))
    with pytest.raises(ValueError, match="timezone-aware"):
        opened.entries(since=datetime(2024, 5, 1))


@pytest.mark.parametrize(("changes", "message"), [
    ({"discomfort": 11}, "discomfort: 11 is out of range; expected a whole number 0-10"),
    ({"stiffness": -1}, "stiffness: -1 is out of range; expected a whole number 0-10"),
    ({"discomfort_before": True}, "discomfort_before: True is not a whole number 0-10"),
    ({"discomfort": "3"}, "discomfort: '3' is text; expected a number"),
    ({"cracks": 101}, "cracks: 101 is out of range; expected a whole number 0-100"),
    ({"mobility": "fine"}, "mobility: 'fine' is not one of much-worse, worse"),
    ({"tighter_side": "up"}, "tighter_side: 'up' is not one of left, right, even"),
    ({"flags": ("",)}, "flags: '' is not a flag key"),
    ({"note": "x" * 2001}, "note: is 2,001 characters long; at most 2,000 are allowed"),
    ({"note": "caf\udce9"}, r"note: holds a lone surrogate \(\\udce9\), which is not text"),
    ({"at": datetime(1969, 12, 31, tzinfo=BERLIN)}, "is out of range; expected a time from "
                                                    "1970 to 9998"),
])
def test_an_invalid_entry_is_refused_and_nothing_is_written(
        opened: store.Store, changes: dict[str, object], message: str) -> None:
    with pytest.raises(InputError, match=message) as caught:
        opened.add_entry(entry(**changes))
    assert str(caught.value).startswith("diary entry of ")
    assert opened.entries() == []


@pytest.mark.parametrize(("changes", "message"), [
    ({"routine": " "}, "routine: ' ' is not a non-empty text"),
    ({"outcome": "done"}, "outcome: 'done' is not one of completed, quit, interrupted, stopped"),
    ({"actual_seconds": -1.0}, "actual_seconds: -1.0 is out of range; expected 0 to"),
    ({"planned_seconds": float("nan")}, "planned_seconds: nan is out of range"),
    ({"paused_seconds": 1.7e308}, "paused_seconds: 1.7e\\+308 is out of range"),
    ({"ended_at": T0 - timedelta(seconds=1)}, "ended_at: it ends before it starts"),
    ({"timeline": "[oops"}, "timeline: is not valid JSON text"),
    ({"timeline": "NaN"}, "timeline: is not valid JSON text \\(NaN is not a number JSON "),
    ({"steps_completed": ("",)}, "steps_completed: every item must be a non-empty text"),
    ({"stopped_step": "x" * 201}, "stopped_step: is 201 characters long"),
])
def test_an_invalid_session_is_refused(opened: store.Store, changes: dict[str, object],
                                       message: str) -> None:
    with pytest.raises(InputError, match=message):
        opened.add_session(session(**changes))
    assert opened.sessions() == []


def test_a_stopped_session_keeps_the_step_it_was_stopped_in(opened: store.Store) -> None:
    record = session(outcome="stopped", stopped_step="Seated rotation")
    new_id = opened.add_session(record)
    assert no_uids(opened.sessions()) == [record._replace(id=new_id)]


def test_an_empty_note_is_kept_as_no_note(opened: store.Store) -> None:
    opened.add_entry(entry(note=""))
    assert opened.entries()[0].note is None


# --- import (more in tests/test_store_import.py) ----------------------------------------------

def test_import_remaps_session_ids_and_skips_what_the_diary_holds(opened: store.Store) -> None:
    opened.add_session(session(-999))  # takes id 1, so imported ids must move
    sessions = [session(0, id=7), session(60, id=8)]
    entries = [entry(15, session_id=8), entry(400, session_id=None)]
    assert opened.import_records(sessions, entries) == ImportResult(2, 0, 2, 0)
    stored = {s.started_at: s.id for s in opened.sessions()}
    assert opened.entries()[0].session_id == stored[T0 + timedelta(minutes=60)]
    assert opened.import_records(sessions, entries) == ImportResult(0, 2, 0, 2)
    assert len(opened.entries()) == 2


def test_import_is_all_or_nothing(opened: store.Store) -> None:
    with pytest.raises(InputError, match=r"line 3: diary entry of .*: discomfort: 12 is out"):
        opened.import_records([session(id=1)], [entry(1, session_id=1), entry(2, discomfort=12)])
    assert opened.sessions() == [] and opened.entries() == []


def test_import_refuses_entries_pointing_at_missing_sessions(opened: store.Store) -> None:
    with pytest.raises(InputError, match="line 2: session_id: 3 does not match the id of any "
                                         "session"):
        opened.import_records([session(id=1)], [entry(session_id=3)])
    assert opened.sessions() == []


def test_a_failure_inside_a_write_rolls_it_back(opened: store.Store, db_path: Path) -> None:
    with pytest.raises(RuntimeError), opened._write() as db:
        db.execute("INSERT INTO entries (at_utc, at_offset) VALUES ('x', 0)")
        raise RuntimeError("crash in the middle")
    assert raw(db_path).execute("SELECT count(*) FROM entries").fetchone() == (0,)


# --- migrations ---------------------------------------------------------------------------

def database_at_version(path: Path, version: int) -> None:
    """A file as an older crackcoach left it: the first ``version`` migrations applied."""
    path.parent.mkdir(parents=True, exist_ok=True)
    db = raw(path)
    for number in range(version):
        db.execute("BEGIN")
        store.MIGRATIONS[number](db)
        db.execute(f"PRAGMA user_version = {number + 1}")
        db.execute(f"PRAGMA application_id = {store.APPLICATION_ID}")
        db.execute("COMMIT")
    if version >= 1:  # data written by the v1 schema must survive every later migration
        db.execute("INSERT INTO sessions (routine, started_utc, started_offset, ended_utc, "
                   "ended_offset, planned_seconds, actual_seconds, paused_seconds, outcome) "
                   "VALUES ('old', '2023-01-01T10:00:00.000000Z', 3600, "
                   "'2023-01-01T10:10:00.000000Z', 3600, 600, 600, 0, 'quit')")
        db.execute("INSERT INTO entries (at_utc, at_offset, discomfort, session_id) "
                   "VALUES ('2023-01-01T10:10:00.000000Z', 3600, 4, 1)")
    db.close()


@pytest.mark.parametrize("version", range(store.SCHEMA_VERSION))
def test_every_earlier_version_migrates_to_the_current_one(db_path: Path, version: int) -> None:
    database_at_version(db_path, version)
    with open_store(db_path) as s:
        s.add_entry(entry())
        assert len(s.entries()) == (2 if version >= 1 else 1)
        if version >= 1:
            assert s.sessions()[0].routine == "old"
            assert s.entries()[0].session_id == 1
    db = raw(db_path)
    assert db.execute("PRAGMA user_version").fetchone() == (store.SCHEMA_VERSION,)
    assert db.execute("PRAGMA application_id").fetchone() == (store.APPLICATION_ID,)
    assert db.execute("PRAGMA journal_mode").fetchone() == ("wal",)


def test_an_empty_file_is_taken_as_a_new_diary(db_path: Path) -> None:
    db_path.parent.mkdir()
    db_path.write_bytes(b"")
    with open_store(db_path) as s:
        assert s.entries() == []


def test_time_range_queries_use_indexes(opened: store.Store, db_path: Path) -> None:
    db = raw(db_path)
    for table, column in (("entries", "at_utc"), ("sessions", "started_utc")):
        plan = " ".join(str(row) for row in db.execute(
            f"EXPLAIN QUERY PLAN SELECT * FROM {table} WHERE {column} >= ? ORDER BY {column}",
            ("2024",)))
        assert "USING INDEX" in plan, plan


def test_a_failing_migration_leaves_the_file_at_the_previous_version(
        db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    database_at_version(db_path, store.SCHEMA_VERSION)

    def broken(db: sqlite3.Connection) -> None:
        db.execute("CREATE TABLE half_done (x)")
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(schema, "MIGRATIONS", (*schema.MIGRATIONS, broken))
    monkeypatch.setattr(schema, "SCHEMA_VERSION", schema.SCHEMA_VERSION + 1)
    with pytest.raises(DiaryError, match="disk I/O error"):
        open_store(db_path)
    db = raw(db_path)
    assert db.execute("PRAGMA user_version").fetchone() == (store.SCHEMA_VERSION,)
    assert db.execute("SELECT count(*) FROM sqlite_master WHERE name = 'half_done'"
                      ).fetchone() == (0,)


def test_version_2_allows_stopped_sessions_and_keeps_every_older_row(db_path: Path) -> None:
    database_at_version(db_path, 1)
    with pytest.raises(sqlite3.IntegrityError):  # what version 1 refuses
        raw(db_path).execute("UPDATE sessions SET outcome = 'stopped'")
    with open_store(db_path) as s:
        s.add_session(session(outcome="stopped", stopped_step="cat-cow"))
        old, new = s.sessions()
    assert (old.routine, old.outcome, old.stopped_step) == ("old", "quit", None)
    assert (new.outcome, new.stopped_step) == ("stopped", "cat-cow")
    db = raw(db_path)
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    assert {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'index'"
                                         )} >= {"sessions_by_start", "sessions_by_routine"}


def test_a_read_only_open_reads_an_older_diary_without_changing_it(db_path: Path) -> None:
    database_at_version(db_path, 1)
    before = db_path.read_bytes()
    with open_store(db_path, read_only=True) as s:
        (old,) = s.sessions()
        assert (old.routine, old.stopped_step) == ("old", None)
        with pytest.raises(DiaryError, match="not writable"):
            s.add_entry(entry())
    assert db_path.read_bytes() == before
    assert raw(db_path).execute("PRAGMA user_version").fetchone() == (1,)


# --- files that are not ours -------------------------------------------------------------------

def test_a_newer_schema_is_refused_with_an_upgrade_hint(db_path: Path) -> None:
    database_at_version(db_path, store.SCHEMA_VERSION)
    raw(db_path).execute(f"PRAGMA user_version = {store.SCHEMA_VERSION + 1}")
    before = db_path.read_bytes()
    with pytest.raises(DiaryError) as caught:
        open_store(db_path)
    assert str(caught.value) == (
        f"the diary {db_path} was written by a newer crackcoach (schema version "
        f"{store.SCHEMA_VERSION + 1}; this one knows up to {store.SCHEMA_VERSION}); upgrade "
        "crackcoach (e.g. pip install -U crackcoach) to use it")
    assert db_path.read_bytes() == before


def test_a_file_that_is_not_a_database_is_reported_and_left_alone(db_path: Path) -> None:
    db_path.parent.mkdir()
    junk = b"these are my tax notes, not a database\n" * 200
    db_path.write_bytes(junk)
    with pytest.raises(DiaryError) as caught:
        open_store(db_path)
    assert str(caught.value).startswith(f"the diary {db_path} is damaged or is not a database")
    assert "left untouched" in str(caught.value)
    assert db_path.read_bytes() == junk
    assert sorted(p.name for p in db_path.parent.iterdir()) == ["crackcoach.db"]


def test_another_programs_database_is_refused_and_left_alone(db_path: Path) -> None:
    db_path.parent.mkdir()
    raw(db_path).execute("CREATE TABLE recipes (name TEXT)")
    before = db_path.read_bytes()
    with pytest.raises(DiaryError, match="a database of some other program"):
        open_store(db_path)
    assert db_path.read_bytes() == before


def test_damaged_pages_are_reported_with_the_path(db_path: Path) -> None:
    with open_store(db_path) as s:
        s.import_records([], [entry(n, note="x" * 500) for n in range(200)])
    data = bytearray(db_path.read_bytes())
    page = 4096
    assert len(data) > 6 * page
    data[2 * page: 5 * page] = os.urandom(3 * page)
    db_path.write_bytes(bytes(data))
    with pytest.raises(DiaryError, match=re.escape(f"the diary {db_path} is damaged")), \
            open_store(db_path) as s:
        s.entries()
    assert db_path.read_bytes() == bytes(data)


# --- permissions -------------------------------------------------------------------------------

def test_a_new_diary_and_its_folder_are_private_even_with_a_lax_umask(db_path: Path) -> None:
    old = os.umask(0)
    try:
        with open_store(db_path) as s:
            s.add_entry(entry())
            for extra in ("-wal", "-shm"):
                journal = Path(f"{db_path}{extra}")
                assert stat.S_IMODE(journal.stat().st_mode) == 0o600, extra
    finally:
        os.umask(old)
    assert stat.S_IMODE(db_path.stat().st_mode) == 0o600
    assert stat.S_IMODE(db_path.parent.stat().st_mode) == 0o700


def test_an_existing_readable_diary_is_made_private(db_path: Path) -> None:
    with open_store(db_path):
        pass
    db_path.chmod(0o644)
    with open_store(db_path):
        pass
    assert stat.S_IMODE(db_path.stat().st_mode) == 0o600


def test_a_folder_path_that_is_a_file_gives_a_clear_message(tmp_path: Path) -> None:
    (tmp_path / "data").write_text("")
    with pytest.raises(DiaryError, match="data is not a folder"):
        open_store(tmp_path / "data" / "crackcoach.db")


def run_unprivileged(code: str) -> subprocess.CompletedProcess[str]:
    """Run ``code`` in a fresh Python that file permissions apply to.

    root ignores file modes, so as root the child runs without the capabilities
    that let it (setpriv, from util-linux).
    """
    return subprocess.run([*unprivileged_prefix(), sys.executable, "-c", textwrap.dedent(code)],
                          capture_output=True, text=True, timeout=60)


PROBE = """
from pathlib import Path
from crackcoach.errors import DiaryError
from crackcoach.store import open_store
try:
    with open_store(Path({path!r})) as s:
        s.entries()
except DiaryError as exc:
    print(exc)
else:
    print("opened")
"""


@pytest.mark.parametrize("where", ["folder", "subfolder"])
def test_a_read_only_folder_gives_a_clear_message(tmp_path: Path, where: str) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    path = folder / "crackcoach.db" if where == "folder" else folder / "new" / "crackcoach.db"
    folder.chmod(0o555)
    result = run_unprivileged(PROBE.format(path=str(path)))
    expected = (f"cannot create the diary {path}: Permission denied; check that {folder} is "
                "writable" if where == "folder" else
                f"cannot create the diary folder {path.parent}: Permission denied")
    assert result.stdout.strip() == expected, result.stderr


def test_an_existing_diary_in_a_read_only_folder_gives_a_clear_message(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    path = folder / "crackcoach.db"
    with open_store(path) as s:
        s.add_entry(entry())
    folder.chmod(0o555)
    result = run_unprivileged(PROBE.format(path=str(path)))
    assert result.stdout.startswith(f"cannot open the diary {path}: the file or its folder is "
                                    "not writable"), (result.stdout, result.stderr)


# --- several processes at once -------------------------------------------------------------

WRITER = """
import sys
from datetime import datetime, timezone
from pathlib import Path
from crackcoach.diary.records import DiaryEntry
from crackcoach.store import open_store
path, name, count = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
with open_store(path) as s:
    for n in range(count):
        s.add_entry(DiaryEntry(at=datetime.now(timezone.utc), discomfort=n % 11,
                               note=f"{name}-{n}"))
"""


@pytest.mark.parametrize("processes", [2, 20])
def test_processes_writing_at_once_to_a_new_diary_all_succeed(db_path: Path,
                                                               processes: int) -> None:
    count = 10
    children = [subprocess.Popen([sys.executable, "-c", WRITER, str(db_path), f"p{n}",
                                  str(count)], stderr=subprocess.PIPE, text=True)
                for n in range(processes)]
    failures = [child.communicate(timeout=120)[1] for child in children if child.wait(120)]
    assert failures == []
    with open_store(db_path) as s:
        notes = sorted(e.note or "" for e in s.entries())
    assert notes == sorted(f"p{p}-{n}" for p in range(processes) for n in range(count))
    assert raw(db_path).execute("PRAGMA integrity_check").fetchone() == ("ok",)


# Commands that only read: they open an older diary read-only and must not change it.
READING_COMMANDS = ("today", "history", "stats", "report", "flags", "export",
                    "export --format json", "learn")


@pytest.mark.parametrize("version", range(1, store.SCHEMA_VERSION))
def test_every_reading_command_reads_an_older_diary_as_it_is(
        home: Path, cli: Any, version: int) -> None:
    diary = home / "crackcoach.db"
    database_at_version(diary, version)
    before = diary.read_bytes()
    for command in READING_COMMANDS:
        result = cli(*command.split())
        assert (result.exit_code, result.stderr) == (0, ""), (command, result.stderr)
    assert diary.read_bytes() == before
