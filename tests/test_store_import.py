"""Imports: which files are read, one set of limits, exact round trips, duplicates, scale.

Every refusal is one line per problem, exit 2, and leaves no diary behind.
"""

from __future__ import annotations

import gc
import io
import itertools
import json
import os
import sqlite3
import tracemalloc
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crackcoach.diary import exchange, importfile
from crackcoach.diary.exchange import BadImport
from crackcoach.diary.records import NOTE_MAX, OUTCOMES, DiaryEntry, SessionRecord
from crackcoach.errors import CrackcoachError, InputError
from crackcoach.store import ImportResult, backup, open_store
from guards import no_waiting

Cli = Callable[..., Any]
TZ = timezone(timedelta(hours=2))
T0 = datetime(2024, 5, 1, 8, 0, tzinfo=TZ)
HEADER = '{"format": "crackcoach-export", "version": 1,\n'


def session(**changes: Any) -> SessionRecord:
    record = SessionRecord("back-reset", T0, T0 + timedelta(minutes=10), 600.0, 590.5, 3.0,
                           ("warm-up",), (), "completed", id=1)
    return record._replace(**changes)


def entry(**changes: Any) -> DiaryEntry:
    return DiaryEntry(T0, discomfort=3, stiffness=2, note="same")._replace(**changes)


def export(fmt: exchange.Format, sessions: list[SessionRecord],
           entries: list[DiaryEntry]) -> bytes:
    out = io.StringIO()
    exchange.write(fmt, sessions, entries, out)
    return out.getvalue().encode("utf-8")


def import_bytes(db: Path, data: bytes, fmt: exchange.Format | None = None) -> ImportResult:
    return backup.import_diary(db, "-", io.BytesIO(data), fmt).result


def diary_export(db: Path, fmt: exchange.Format) -> bytes:
    out = io.StringIO()
    backup.export_diary(db, fmt, None, out)
    return out.getvalue().encode("utf-8")


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "home" / "crackcoach.db"


# --- what is read (item 8) ----------------------------------------------------------------

@pytest.mark.parametrize(("make", "kind"), [
    (lambda p: Path("/dev/zero"), "a device or socket"),
    (lambda p: os.mkfifo(p) or p, "a named pipe"),
])
def test_only_regular_files_are_imported(cli: Cli, tmp_path: Path, home: Path,
                                         make: Callable[[Path], Path], kind: str) -> None:
    path = make(tmp_path / "pipe.csv")
    with no_waiting():
        result = cli("import", str(path))
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (f"crackcoach: error: {path}: is {kind}, not a regular file; give "
                             "a file written by 'crackcoach export', or - to read standard "
                             "input\n")
    assert not home.exists()
    with pytest.raises(InputError, match="is a folder, not a regular file"), \
            importfile.open_source(tmp_path, None):
        pass


def test_an_import_over_the_size_limit_is_refused(db: Path, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(importfile, "MAX_BYTES", 1000)
    data = export("csv", [], [entry(at=T0 + timedelta(minutes=n)) for n in range(20)])
    big = tmp_path / "big.csv"
    big.write_bytes(data)
    message = "is larger than 1,000 bytes, the most an import file may hold"
    with pytest.raises(InputError, match=f"^{big}: {message}"):
        backup.import_diary(db, big, None)
    with pytest.raises(InputError, match=f"^standard input: {message}"):
        import_bytes(db, data)  # a stream has no size: counted as it is read
    assert not db.parent.exists()


def test_standard_input_is_read_and_a_closed_one_is_a_clear_error(
        cli: Cli, db: Path, monkeypatch: pytest.MonkeyPatch, home: Path) -> None:
    data = export("json", [session()], [entry(session_id=1)])
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(data)))
    result = cli("import", "-")
    assert result.stdout == "Imported 1 session and 1 diary entry from standard input.\n"
    monkeypatch.setattr("sys.stdin", None)
    result = cli("import", "-")
    assert (result.exit_code, result.stderr) == (2, (
        "crackcoach: error: standard input is closed; give a file written by 'crackcoach "
        "export', or pipe one in\n"))


# --- one set of limits, every export imports back (items 10, 11) -----------------------------

def test_a_note_has_the_same_limit_in_log_and_in_an_import(cli: Cli, db: Path) -> None:
    long_note = "n" * (NOTE_MAX + 1)
    logged = cli("log", "--discomfort", "3", "--stiffness", "2", "--note", long_note)
    assert logged.exit_code == 2 and "a note of at most 2000 characters" in logged.stderr
    document = HEADER + f'"entries": [{{"at": "{T0.isoformat()}", "note": "{long_note}"}}]}}'
    with pytest.raises(BadImport) as caught:
        import_bytes(db, document.encode())
    assert caught.value.problems == [
        "line 2: note: is 2,001 characters long; at most 2,000 are allowed"]


def test_a_long_timeline_survives_a_csv_backup(db: Path, tmp_path: Path) -> None:
    phases = [{"step_index": n, "step_name": "Cat-cow", "kind": "flow", "seconds": 0.5,
               "cue": "exhale - round up " * 3} for n in range(3000)]
    timeline = json.dumps(phases, separators=(",", ":"))
    assert len(timeline) > 256 * 1024  # twice Python's default CSV cell limit
    with open_store(db) as store:
        store.add_session(session(timeline=timeline))
    data = diary_export(db, "csv")
    second = tmp_path / "second" / "crackcoach.db"
    assert import_bytes(second, data) == ImportResult(1, 0, 0, 0)
    assert diary_export(second, "csv") == data


def test_two_identical_entries_come_back_as_two(db: Path, tmp_path: Path) -> None:
    with open_store(db) as store:
        store.add_entry(entry())
        store.add_entry(entry())
    for fmt in exchange.FORMATS:
        data = diary_export(db, fmt)
        second = tmp_path / fmt / "crackcoach.db"
        assert import_bytes(second, data) == ImportResult(0, 0, 2, 0)
        assert diary_export(second, fmt) == data
        assert import_bytes(second, data) == ImportResult(0, 0, 0, 2)  # again: nothing new


def test_duplicates_are_skipped_as_many_times_as_the_diary_holds_them(db: Path) -> None:
    with open_store(db) as store:
        store.add_session(session())
        store.add_entry(entry())
    data = export("json", [session(id=5), session(id=6)],
                  [entry(), entry(), entry(), entry(session_id=6)])
    assert import_bytes(db, data) == ImportResult(1, 1, 3, 1)
    with open_store(db) as store:
        sessions, entries = store.sessions(), store.entries()
    assert [s.id for s in sessions] == [1, 2]
    assert [e.session_id for e in entries] == [None, None, None, 2]
    # The file's second session matched nothing, so its entry points at the new copy (2).


def test_an_entry_of_a_session_already_in_the_diary_is_matched_through_it(db: Path) -> None:
    data = export("csv", [session(id=9)], [entry(session_id=9), entry()])
    assert import_bytes(db, data) == ImportResult(1, 0, 2, 0)
    assert import_bytes(db, data) == ImportResult(0, 1, 0, 2)


safe_text = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
                    max_size=40)
moments = st.builds(
    lambda day, second, micro, minutes: (datetime(1971, 1, 1, tzinfo=timezone.utc)
                                         + timedelta(days=day, seconds=second,
                                                     microseconds=micro)
                                         ).astimezone(timezone(timedelta(minutes=minutes))),
    st.integers(0, 2_900_000), st.integers(0, 86_399), st.integers(0, 999_999),
    st.integers(-1439, 1439))
seconds = st.floats(0, 366 * 86400, allow_nan=False)
names = st.lists(safe_text.filter(bool), max_size=3).map(tuple)
sessions_strategy = st.builds(
    SessionRecord, routine=safe_text.filter(lambda t: bool(t.strip())), started_at=moments,
    ended_at=moments, planned_seconds=seconds, actual_seconds=seconds, paused_seconds=seconds,
    steps_completed=names, steps_skipped=names, outcome=st.sampled_from(OUTCOMES),
    timeline=st.sampled_from(["[]", '[{"kind":"hold"}]']),
    stopped_step=st.none() | safe_text.filter(lambda t: bool(t.strip())), id=st.none()
).filter(lambda s: s.ended_at >= s.started_at)
entries_strategy = st.builds(
    DiaryEntry, at=moments, discomfort=st.none() | st.integers(0, 10),
    stiffness=st.none() | st.integers(0, 10),
    mobility=st.none() | st.sampled_from(["worse", "much-better"]),
    tighter_side=st.none() | st.sampled_from(["left", "even"]),
    cracks=st.none() | st.integers(0, 100),
    flags=st.lists(st.sampled_from(["night-pain", "numbness"]), max_size=2).map(tuple),
    note=st.none() | safe_text, discomfort_before=st.none() | st.integers(0, 10),
    session_id=st.none(), id=st.none(), activities=st.just(()))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                HealthCheck.function_scoped_fixture])
@given(sessions=st.lists(sessions_strategy, max_size=4),
       entries=st.lists(entries_strategy, max_size=6))
def test_every_diary_exports_and_imports_back_exactly(tmp_path_factory: pytest.TempPathFactory,
                                                      sessions: list[SessionRecord],
                                                      entries: list[DiaryEntry]) -> None:
    folder = tmp_path_factory.mktemp("diary")
    with open_store(folder / "a.db") as store:
        store.import_records([s._replace(id=n + 1) for n, s in enumerate(sessions)],
                             entries)
        original = (store.sessions(), store.entries())
    for fmt in exchange.FORMATS:
        data = diary_export(folder / "a.db", fmt)
        copy = folder / f"{fmt}.db"
        import_bytes(copy, data)
        # The CSV export leaves the timelines to the JSON backup; all else comes back.
        expected = original if fmt == "json" else (
            [s._replace(timeline="[]") for s in original[0]], original[1])
        with open_store(copy, read_only=True) as store:
            assert (store.sessions(), store.entries()) == expected
        assert diary_export(copy, fmt) == data


# --- inputs that used to crash (each one line, exit 2) -----------------------------------------

def one_problem(db: Path, text: str, fmt: exchange.Format = "json") -> str:
    with pytest.raises(BadImport) as caught:
        import_bytes(db, text.encode("utf-8"), fmt)
    assert not db.parent.exists()
    (problem,) = caught.value.problems
    return problem


def entries_json(*objects: str) -> str:
    return HEADER + '"entries": [\n' + ",\n".join(objects) + "\n]}"


def test_deep_nesting_is_refused(db: Path) -> None:
    assert one_problem(db, HEADER + '"sessions": [' + "[" * 100_000 + "]" * 100_000 + "]}"
                       ) == "line 2: not valid JSON (nested too deeply)"
    timeline = "[" * 100_000 + "]" * 100_000
    row = ("session,,r,2024-05-01T08:00:00+02:00,2024-05-01T08:00:00+02:00,1,1,0,[],[],quit,"
           f"{timeline}")
    assert one_problem(db, ",".join(exchange.COLUMNS) + "\n" + row + ",,,,,,,,,,,,,,\n",
                       "csv") == "line 2: timeline: is nested too deeply"


def test_a_number_of_five_thousand_digits_is_refused(db: Path) -> None:
    problem = one_problem(db, entries_json(f'{{"at": "{T0.isoformat()}", "discomfort": '
                                           f'{"7" * 5000}}}'))
    assert problem.startswith("line 3: ")  # the exact words differ between Python versions
    assert len(problem) < 200
    header = ",".join(exchange.COLUMNS)
    cells = {"kind": "entry", "at": T0.isoformat(), "cracks": "9" * 5000}
    row = ",".join(cells.get(c, "") for c in exchange.COLUMNS)
    assert one_problem(db, f"{header}\n{row}\n", "csv") == (
        f"line 2: cracks: '{'9' * 35}...' is not a whole number 0-100")


@pytest.mark.parametrize("moment", ["0001-01-01T00:00+14:00", "9999-12-31T23:59:59-14:00",
                                    "1969-12-31T23:59:59+00:00", "9998-12-31T23:00-14:00"])
def test_times_beyond_the_diarys_years_are_refused(db: Path, moment: str) -> None:
    assert one_problem(db, entries_json(f'{{"at": "{moment}"}}')) == (
        f"line 3: at: '{moment}' is out of range; expected a time from 1970 to 9998")


@pytest.mark.parametrize(("field", "value", "message"), [
    ("note", '"caf\\ud800"', r"note: holds a lone surrogate (\ud800), which is not text"),
    ("note", '"nul\\u0000"', r"note: holds a NUL character (\x00), which is not text"),
    ("mobility", '"\\udfff"', r"mobility: '\udfff' is not one of much-worse, worse, same, "
                              "better, much-better"),
])
def test_text_that_is_not_text_is_refused(db: Path, field: str, value: str,
                                          message: str) -> None:
    assert one_problem(db, entries_json(f'{{"at": "{T0.isoformat()}", "{field}": {value}}}')
                       ) == f"line 3: {message}"


def session_json(**changes: Any) -> str:
    values: dict[str, Any] = {"routine": "back-reset", "started_at": T0.isoformat(),
                              "ended_at": T0.isoformat(), "planned_seconds": 60,
                              "actual_seconds": 60, "outcome": "quit", **changes}
    return HEADER + '"sessions": [\n' + json.dumps(
        {k: v for k, v in values.items() if v is not None}) + "\n]}"


def test_a_session_without_step_lists_imports_with_empty_ones(db: Path) -> None:
    assert import_bytes(db, session_json().encode()) == ImportResult(1, 0, 0, 0)
    with open_store(db) as store:
        (found,) = store.sessions()
    assert (found.steps_completed, found.steps_skipped, found.paused_seconds) == ((), (), 0.0)


@pytest.mark.parametrize(("changes", "message"), [
    ({"timeline": "NaN"}, "timeline: is not valid JSON text (NaN is not a number JSON allows)"),
    ({"timeline": '{"a": 1}'}, "timeline: is not a JSON array of phases"),
    ({"actual_seconds": 1.7e308}, "actual_seconds: 1.7e+308 is out of range; expected 0 to "
                                  "31,622,400 seconds"),
    ({"planned_seconds": float("inf")}, "not valid JSON"),
    ({"outcome": "stopped", "stopped_step": ""}, None),
])
def test_impossible_session_values_are_refused(db: Path, changes: dict[str, Any],
                                               message: str | None) -> None:
    text = session_json(**changes).replace("Infinity", "1e999")
    if message is None:
        assert import_bytes(db, text.encode()) == ImportResult(1, 0, 0, 0)
        return
    if message == "not valid JSON":  # 1e999 reads as infinity
        message = "planned_seconds: inf is out of range; expected 0 to 31,622,400 seconds"
    assert one_problem(db, text) == f"line 3: {message}"


def test_a_version_that_is_not_a_whole_number_is_refused(db: Path) -> None:
    text = '{"format": "crackcoach-export", "version": true, "entries": []}'
    assert one_problem(db, text) == (
        "line 1: export version True is not supported (this crackcoach reads versions 1 to 3)")


def test_not_utf8_bytes_deep_in_a_file_name_their_line(db: Path) -> None:
    data = export("csv", [], [entry(at=T0 + timedelta(minutes=n)) for n in range(5000)])
    data = data.replace(b"same", b"s\xe9me", 1)  # in a later chunk than the first
    lines = data.split(b"\n")
    lines[4000] = lines[4000].replace(b"same", b"s\xe9me")
    with pytest.raises(InputError, match=r"^standard input: line 2: not UTF-8 text"):
        import_bytes(db, data)
    with pytest.raises(InputError, match=r"^standard input: line 4001: not UTF-8 text"):
        import_bytes(db, b"\n".join(lines).replace(b"s\xe9me", b"same", 1))
    assert not db.parent.exists()


def test_working_space_that_cannot_be_had_is_one_line(tmp_path: Path) -> None:
    # The working file goes in the data folder (never the system's shared one): here that
    # folder cannot be made, since a file stands where its parent should be.
    (tmp_path / "a-file").write_text("x", encoding="utf-8")
    db = tmp_path / "a-file" / "home" / "crackcoach.db"
    with pytest.raises(CrackcoachError, match=r"^cannot create the diary folder .*home: "
                                              r"(Not a directory|File exists)$"):
        import_bytes(db, export("csv", [], [entry()]))


def test_the_working_file_is_made_in_the_data_folder(db: Path, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path / "missing"))
    assert import_bytes(db, export("csv", [], [entry()])).entries_added == 1
    assert sorted(p.name for p in db.parent.iterdir()
                  if not p.name.startswith("crackcoach.db")) == []


# --- scale (item 9 and the streaming promise) --------------------------------------------------

@pytest.fixture
def vm_steps(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts SQLite's virtual machine steps (in thousands) on every connection opened."""
    counter = [0]
    real_connect = sqlite3.connect

    def connect(*args: Any, **kwargs: Any) -> sqlite3.Connection:
        db = real_connect(*args, **kwargs)

        def tick() -> int:
            counter[0] += 1
            return 0

        db.set_progress_handler(tick, 1000)
        return db

    monkeypatch.setattr(sqlite3, "connect", connect)
    return counter


def test_import_work_grows_linearly_when_every_row_has_the_same_time(
        tmp_path: Path, vm_steps: list[int]) -> None:
    work = {}
    for size in (2000, 8000):
        rows = [entry(note=f"n{n % 50}", discomfort=n % 11) for n in range(size)]
        db = tmp_path / str(size) / "crackcoach.db"
        data = export("csv", [], rows)
        vm_steps[0] = 0
        import_bytes(db, data)
        assert import_bytes(db, data) == ImportResult(0, 0, 0, size)  # all duplicates
        work[size] = vm_steps[0]
    # Four times the rows: about four times the work (n log n); quadratic would be 16.
    assert work[8000] / work[2000] < 6, work


class Sink(io.TextIOBase):
    """Standard output that forgets what it is given."""

    def write(self, text: str) -> int:
        return len(text)


def peak_bytes(action: Callable[[], object], runs: int = 1) -> int:
    """The least peak of Python memory over ``runs`` runs of ``action``.

    Garbage left by earlier tests is collected first; the least of several runs
    leaves out the cycles the collector happened to free late in one of them.
    """
    peaks = []
    for _ in range(runs):
        gc.collect()
        tracemalloc.start()
        try:
            action()
            peaks.append(tracemalloc.get_traced_memory()[1])
        finally:
            tracemalloc.stop()
    return min(peaks)


@pytest.mark.parametrize("fmt", exchange.FORMATS)
def test_import_and_export_memory_does_not_grow_with_the_diary(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: exchange.Format) -> None:
    # Small batches, so that both sizes are many batches long.
    monkeypatch.setattr("crackcoach.store.core._BATCH", 100)
    monkeypatch.setattr("crackcoach.store.importer._BATCH", 100)
    peaks: dict[str, list[int]] = {"import": [], "export": []}
    for size in (2000, 8000):
        source = tmp_path / f"{size}.{fmt}"
        starts = [T0 + timedelta(hours=n) for n in range(size // 10)]
        source.write_bytes(export(fmt, [session(id=n + 1, started_at=start, ended_at=start)
                                        for n, start in enumerate(starts)],
                                  [entry(at=T0 + timedelta(minutes=n)) for n in range(size)]))
        def into_new_diary(size: int = size, source: Path = source,
                           folders: Iterator[int] = itertools.count()) -> None:
            backup.import_diary(tmp_path / f"{size}-{next(folders)}" / "crackcoach.db",
                                source, None)

        peaks["import"].append(peak_bytes(into_new_diary, runs=2))
        db = tmp_path / f"{size}-0" / "crackcoach.db"
        peaks["export"].append(peak_bytes(
            lambda db=db: backup.export_diary(db, fmt, None, Sink()), runs=2))
    for what, (small, large) in peaks.items():
        assert large < small * 1.3, (what, small, large)  # 4x the rows, not 4x the memory
