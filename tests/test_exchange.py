"""Export and import formats: exact round trips, and bad files refused whole with line numbers."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from crackcoach.diary import exchange, importfile, shapes, sheets
from crackcoach.diary.exchange import BadImport
from crackcoach.diary.records import DiaryEntry, SessionRecord
from crackcoach.store import backup

PLUS2 = timezone(timedelta(hours=2))
MINUS5 = timezone(timedelta(hours=-5, minutes=-30))

SESSIONS = [
    SessionRecord(routine="back-reset", started_at=datetime(2024, 5, 1, 8, 0, tzinfo=PLUS2),
                  ended_at=datetime(2024, 5, 1, 8, 12, 30, 250000, tzinfo=PLUS2),
                  planned_seconds=720.0, actual_seconds=0.1 + 0.2, paused_seconds=12.5,
                  steps_completed=("warm-up", "cat-cow, slow"), steps_skipped=('say "hi"',),
                  outcome="completed", timeline='[{"kind":"hold","seconds":20}]', id=1),
    SessionRecord(routine="désk-hips", started_at=datetime(2024, 5, 2, 22, 0, tzinfo=MINUS5),
                  ended_at=datetime(2024, 5, 2, 22, 1, tzinfo=MINUS5), planned_seconds=600,
                  actual_seconds=60, paused_seconds=0, steps_completed=(), steps_skipped=(),
                  outcome="stopped", id=2, stopped_step="cat-cow"),
]
ENTRIES = [
    DiaryEntry(at=datetime(2024, 5, 1, 8, 13, tzinfo=PLUS2), discomfort=3, stiffness=4,
               mobility="better", tighter_side="left", cracks=2,
               flags=("pain-with-crack", "night-pain"),
               note='line one, "quoted"\nline two | <b>bold</b> \x1b[31m', discomfort_before=5,
               session_id=1, id=1),
    DiaryEntry(at=datetime(2024, 5, 3, 20, 0, 0, 1, tzinfo=timezone.utc), discomfort=0,
               id=2),
]


def export(fmt: exchange.Format, sessions: list[SessionRecord] = SESSIONS,
           entries: list[DiaryEntry] = ENTRIES) -> str:
    out = io.StringIO()
    exchange.write(fmt, sessions, entries, out)
    return out.getvalue()


def read(text: str | bytes, fmt: exchange.Format | None = None) -> list[exchange.Item]:
    """Every item an import reader makes of ``text``, given as standard input."""
    data = text.encode("utf-8") if isinstance(text, str) else text
    with importfile.open_source("-", io.BytesIO(data), fmt) as source:
        return list(importfile.read(source))


def records(text: str, fmt: exchange.Format) -> tuple[list[object], list[object]]:
    found = [item.record for item in read(text, fmt)]
    assert None not in found
    return ([r for r in found if isinstance(r, SessionRecord)],
            [r for r in found if isinstance(r, DiaryEntry)])


def problems(text: str | bytes, fmt: exchange.Format, tmp_path: Path) -> list[str]:
    """The problems an import of ``text`` into an empty diary reports; nothing is created."""
    data = text.encode("utf-8") if isinstance(text, str) else text
    db = tmp_path / "home" / "crackcoach.db"
    with pytest.raises(BadImport) as caught:
        backup.import_diary(db, "-", io.BytesIO(data), fmt)
    assert caught.value.lines()[-1] == "standard input: nothing was imported"
    assert not db.parent.exists()
    return caught.value.problems


@pytest.mark.parametrize("fmt", exchange.FORMATS)
def test_round_trip_is_exact(fmt: exchange.Format) -> None:
    text = export(fmt)
    sessions, entries = records(text, fmt)
    # The timelines stay in the JSON backup: a spreadsheet has no use for them.
    assert sessions == (SESSIONS if fmt == "json" else
                        [s._replace(timeline="[]") for s in SESSIONS])
    assert entries == ENTRIES
    assert sessions[0].started_at.utcoffset() == timedelta(hours=2)  # type: ignore[attr-defined]
    assert export(fmt, sessions, entries) == text  # type: ignore[arg-type]


def test_csv_has_a_header_and_one_row_per_record() -> None:
    rows = list(csv.reader(io.StringIO(export("csv"))))
    assert rows[0] == list(exchange.CSV_COLUMNS)
    assert "timeline" not in rows[0] and rows[0][-1] == "utc"
    assert [r[0] for r in rows[1:]] == ["session", "session", "entry", "entry"]
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["started_at"] == "2024-05-01T08:00:00+02:00"
    assert row["actual_seconds"] == "0.30000000000000004"
    assert row["steps_completed"] == '["warm-up", "cat-cow, slow"]'
    assert row["discomfort"] == ""
    assert row["utc"] == "2024-05-01 06:00:00"  # what a spreadsheet sorts and pandas parses
    stopped = dict(zip(rows[0], rows[2], strict=True))
    assert (stopped["outcome"], stopped["stopped_step"]) == ("stopped", "cat-cow")


def test_json_has_one_object_per_line() -> None:
    text = export("json")
    document = json.loads(text)
    assert document["format"] == "crackcoach-export" and document["version"] == 3
    assert len(document["sessions"]) == 2 and len(document["entries"]) == 2
    assert document["activities"] == []
    assert document["entries"][1] == {
        "id": 2, "at": "2024-05-03T20:00:00.000001+00:00", "discomfort_before": None,
        "discomfort": 0, "stiffness": None, "mobility": None, "tighter_side": None,
        "cracks": None, "flags": [], "note": None, "session_id": None, "activities": {},
        "uid": None}
    assert document["sessions"][0]["stopped_step"] is None
    assert text.splitlines()[4].startswith('    {"id": 1, "routine": "back-reset"')


def test_json_entries_are_written_as_the_json_module_would() -> None:
    odd = DiaryEntry(at=datetime(2024, 5, 1, 8, 0, 0, 5, tzinfo=MINUS5), discomfort=10,
                     stiffness=0, mobility="much-worse", tighter_side="even", cracks=100,
                     flags=("night-pain",), note='\\ "q" \n\t\x00\x1f\x7f é ✓ 🦴 \u2028',
                     discomfort_before=0, session_id=2**62, id=7, activities=((1, 0), (5, 10)),
                     uid="ab" * 16)
    for e in [*ENTRIES, odd, DiaryEntry(at=ENTRIES[0].at)]:
        expected = json.dumps({"id": e.id, "at": e.at.isoformat(),
                               "discomfort_before": e.discomfort_before,
                               "discomfort": e.discomfort, "stiffness": e.stiffness,
                               "mobility": e.mobility, "tighter_side": e.tighter_side,
                               "cracks": e.cracks, "flags": list(e.flags), "note": e.note,
                               "session_id": e.session_id,
                               "activities": {str(a): n for a, n in e.activities},
                               "uid": e.uid},
                              ensure_ascii=False)
        assert exchange._entry_json(e) == expected
        assert exchange._entry_json(e) == json.dumps(shapes.entry_dict(e), ensure_ascii=False)


def test_one_shape_per_record_type_in_the_export_and_history() -> None:
    out = io.StringIO()
    exchange.write_json(SESSIONS, ENTRIES, out)
    document = json.loads(out.getvalue())
    for exported, record in zip(document["sessions"], SESSIONS, strict=True):
        item = shapes.history_item(record)
        assert item.pop("type") == "session" and item.pop("at") == exported["started_at"]
        assert item == exported
    for exported, record in zip(document["entries"], ENTRIES, strict=True):
        item = shapes.history_item(record)
        assert item.pop("type") == "entry"
        assert item == exported
        assert list(exported) == list(shapes.ENTRY_FIELDS)


def test_an_empty_diary_exports_and_imports() -> None:
    for fmt in exchange.FORMATS:
        assert read(export(fmt, [], []), fmt) == []
    assert export("csv", [], []) == ",".join(exchange.CSV_COLUMNS) + "\n"


def test_any_valid_json_export_is_read_whatever_its_layout() -> None:
    # Keys in another order (entries before sessions), everything on one line, spaces.
    document = json.loads(export("json"))
    shuffled = {"entries": document["entries"], "version": 1, "sessions": document["sessions"],
                "format": "crackcoach-export"}
    for text in (json.dumps(shuffled), json.dumps(shuffled, indent=7, sort_keys=True)):
        sessions, entries = records(text, "json")
        assert (sessions, entries) == (SESSIONS, ENTRIES)


def test_a_json_reader_reads_values_cut_across_its_buffer(monkeypatch: pytest.MonkeyPatch
                                                          ) -> None:
    # Tiny read sizes: every number, string and object is cut somewhere.
    from crackcoach.base import jsonstream

    monkeypatch.setattr(jsonstream, "CHUNK", 3)
    text = export("json")
    assert records(text, "json") == (SESSIONS, ENTRIES)
    item = read(text, "json")[3]
    assert item.line == 10  # the second entry's own line


def row(kind: str, **values: object) -> str:
    """One CSV line with the given cells filled in and the rest empty."""
    cells = {"kind": kind, **values}
    out = io.StringIO()
    csv.writer(out, lineterminator="").writerow(
        [str(cells.get(c, "")) for c in exchange.CSV_COLUMNS])
    return out.getvalue()


def test_bad_csv_rows_are_reported_with_their_line_numbers(tmp_path: Path) -> None:
    lines = export("csv").splitlines()
    # lines: 0 header, 1-2 sessions, 3-4 the first entry (its note holds a newline), 5 entry 2
    bad = [
        lines[0],
        lines[1].replace(",completed,", ",finished,"),
        lines[2].replace("2024-05-02T22:01:00-05:30", "yesterday"),
        lines[3], lines[4],
        lines[5].replace(",0,,", ",11,,"),
        row("entry", id=3, at="2024-05-04T10:00:00", tighter_side="sideways", session_id=7),
        row("nap"),
        "session,1",
    ]
    found = problems("\n".join(bad) + "\n", "csv", tmp_path)
    assert found == [
        "line 2: outcome: 'finished' is not one of completed, quit, interrupted, stopped",
        "line 3: ended_at: 'yesterday' is not an ISO 8601 date and time "
        "(e.g. 2024-05-14T08:30:00+02:00)",
        "line 6: discomfort: 11 is out of range; expected a whole number 0-10",
        "line 7: at: '2024-05-04T10:00:00' has no UTC offset (e.g. +02:00)",
        "line 7: tighter_side: 'sideways' is not one of left, right, even",
        "line 8: kind: 'nap' is not 'session' or 'entry'",
        "line 9: has 2 cells, the header has 26",
    ]


def test_misplaced_missing_and_duplicate_fields(tmp_path: Path) -> None:
    header = ",".join(exchange.CSV_COLUMNS)
    session = export("csv").splitlines()[1]
    text = "\n".join([
        header,
        session,
        session,                                          # same id twice
        row("session", id=5, started_at="2024-05-01T08:00:00+02:00", planned_seconds=1,
            actual_seconds=1, outcome="quit"),
        row("entry", at="2024-05-01T08:00:00+02:00", discomfort=3),
        row("entry", at="2024-05-01T08:00:00+02:00", cracks=-1, flags='["X"]'),
        row("entry", at="2024-05-01T08:00:00+02:00", session_id=9),
    ]) + "\n"
    assert problems(text, "csv", tmp_path) == [
        "line 3: id: 1 is also used by the session on line 2",
        "line 4: routine: required for a session",
        "line 4: ended_at: required for a session",
        "line 6: cracks: -1 is out of range; expected a whole number 0-100",
        "line 6: flags: 'X' is not a flag key (lower-case letters, digits, '-')",
        "line 7: session_id: 9 does not match the id of any session in this file",
    ]
    misplaced = header + "\n" + row("session", discomfort_before=5, routine="r",
                                     started_at="2024-05-01T08:00:00+02:00",
                                     ended_at="2024-05-01T08:00:00+02:00", planned_seconds=1,
                                     actual_seconds=1, outcome="quit") + "\n"
    assert problems(misplaced, "csv", tmp_path) == [
        "line 2: discomfort_before: only entries have this field; leave it empty on a session"]


def test_an_entry_of_a_bad_session_is_not_reported_again(tmp_path: Path) -> None:
    lines = export("csv").splitlines()
    lines[1] = lines[1].replace(",completed,", ",finished,")  # session 1; entry 1 refers to it
    assert problems("\n".join(lines) + "\n", "csv", tmp_path) == [
        "line 2: outcome: 'finished' is not one of completed, quit, interrupted, stopped"]


def test_bad_headers_and_files(tmp_path: Path) -> None:
    assert problems("", "csv", tmp_path) == ["the file is empty; expected a CSV header line"]
    assert problems("kind,at,colour\n", "csv", tmp_path)[0].startswith(
        "line 1: unknown column 'colour'; expected: kind, id, routine")
    assert problems('{"format": "crackcoach-export",\n "version": 1,,}', "json",
                    tmp_path) == [
        "line 2: not valid JSON (Expecting property name enclosed in double quotes)"]
    assert problems('{"format": "other"}', "json", tmp_path) == [
        'line 1: not a crackcoach export (expected an object with "format": '
        '"crackcoach-export")']
    assert problems('[1, 2]', "json", tmp_path) == [
        'line 1: not a crackcoach export (expected an object with "format": '
        '"crackcoach-export")']
    assert problems('{"format": "crackcoach-export", "version": 9}', "json", tmp_path) == [
        "line 1: export version 9 is not supported (this crackcoach reads versions 1 to 3)"]
    assert problems('{"format": "crackcoach-export", "version": 1, "sessions": []} x', "json",
                    tmp_path) == ["line 1: not valid JSON (Extra data)"]
    assert problems('{"format": "crackcoach-export",\n"version": 1,\n"sessions": {}}', "json",
                    tmp_path) == ['line 3: "sessions" must be an array']
    assert problems('{"format": "crackcoach-export", "version": 1, "version": 1}', "json",
                    tmp_path) == ['line 1: "version" appears twice']


def test_bad_json_objects_are_reported_with_their_line_numbers(tmp_path: Path) -> None:
    text = export("json").replace('"discomfort": 0,', '"discomfort": "0",')
    text = text.replace('"outcome": "stopped"', '"outcome": null')
    text = text.replace('"planned_seconds": 720.0', '"planned_seconds": true')
    lines = text.splitlines()
    lines.insert(9, '    7, {"at": "2024-05-01T08:00:00+02:00", "mood": "ok"},')
    assert problems("\n".join(lines), "json", tmp_path) == [
        "line 5: planned_seconds: True is not a number of seconds",
        "line 6: outcome: required for a session",
        "line 10: is not an object",
        "line 10: mood: unknown field",
        "line 11: discomfort: '0' is a text; expected a number",
    ]


def test_many_problems_are_counted_and_the_first_twenty_shown(tmp_path: Path) -> None:
    header = ",".join(exchange.CSV_COLUMNS)
    bad = [row("entry", at="2024-05-01T08:00:00+02:00", discomfort=99) for _ in range(30)]
    with pytest.raises(BadImport) as caught:
        backup.import_diary(tmp_path / "crackcoach.db", "-",
                            io.BytesIO("\n".join([header, *bad]).encode()), "csv")
    lines = caught.value.lines()
    assert len(lines) == 22
    assert lines[0].startswith("standard input: line 2: discomfort: 99 is out of range")
    assert lines[-2:] == ["standard input: ... and 10 more problems",
                          "standard input: nothing was imported"]


def test_guess_format() -> None:
    assert exchange.guess_format("backup.CSV", "{") == "csv"
    assert exchange.guess_format("backup.json", "kind") == "json"
    assert exchange.guess_format("-", "\ufeff  {") == "json"
    assert exchange.guess_format("backup.txt", "kind,id") == "csv"


def test_a_bom_and_windows_line_ends_are_accepted() -> None:
    text = "\ufeff" + export("csv").replace("\n", "\r\n")
    sessions, entries = records(text, None)  # type: ignore[arg-type]
    assert sessions == [s._replace(timeline="[]") for s in SESSIONS]
    # The note's own newline came back as CRLF only because we rewrote it above.
    assert entries[0].note == ENTRIES[0].note.replace("\n", "\r\n")  # type: ignore[attr-defined,union-attr]


@pytest.mark.parametrize("note", ["=1+2", "+49 30 123", "-3 after the walk", "@home",
                                  "'=already quoted", "''=twice", "'plain", "it's fine",
                                  "\ttabbed"])
def test_formula_cells_are_guarded_and_come_back_exactly(note: str) -> None:
    entry = ENTRIES[1]._replace(note=note)
    text = export("csv", [], [entry])
    cell = next(csv.DictReader(io.StringIO(text)))["note"]
    # What a spreadsheet sees never starts a formula...
    assert not cell.startswith(sheets.FORMULA_STARTS)
    # ...and the import gives back the note exactly as it was written.
    assert records(text, "csv")[1][0].note == note  # type: ignore[attr-defined]


def test_raw_cells_are_written_as_they_are() -> None:
    out = io.StringIO()
    exchange.write("csv", [], [ENTRIES[1]._replace(note="=1+2")], out, safe_cells=False)
    assert next(csv.DictReader(io.StringIO(out.getvalue())))["note"] == "=1+2"


def test_a_csv_with_the_timeline_column_still_imports() -> None:
    out = io.StringIO()
    writer = csv.DictWriter(out, exchange.COLUMNS, restval="", lineterminator="\n")
    writer.writeheader()
    writer.writerow({"kind": "session", "id": 1, "routine": "back-reset",
                     "started_at": "2024-05-01T08:00:00+02:00",
                     "ended_at": "2024-05-01T08:10:00+02:00", "planned_seconds": 600,
                     "actual_seconds": 600, "outcome": "completed",
                     "timeline": '[{"kind":"hold"}]'})
    (session,), _ = records(out.getvalue(), "csv")
    assert session.timeline == '[{"kind":"hold"}]'  # type: ignore[attr-defined]


@pytest.mark.slow
def test_pandas_reads_the_csv_and_writes_it_back_exactly(tmp_path: Path) -> None:
    pd = pytest.importorskip("pandas")
    berlin_winter, berlin_summer = timezone(timedelta(hours=1)), timezone(timedelta(hours=2))
    entries = [  # across the change to summer time: offsets differ, the utc column does not
        DiaryEntry(at=datetime(2024, 3, 30, 23, 30, tzinfo=berlin_winter), discomfort=3,
                   note="=1+2", id=1),
        DiaryEntry(at=datetime(2024, 3, 31, 9, 0, tzinfo=berlin_summer), discomfort=2,
                   note="-3 after the walk", id=2)]
    text = export("csv", [], entries)
    frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    times = pd.to_datetime(frame["utc"], format="%Y-%m-%d %H:%M:%S")
    assert times.is_monotonic_increasing
    again = tmp_path / "again.csv"
    frame.to_csv(again, index=False)
    _, back = records(again.read_text(encoding="utf-8"), "csv")
    assert back == entries
