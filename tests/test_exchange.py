"""Export and import: exact round trips, and bad files refused whole with line numbers."""

from __future__ import annotations

import io
import json
from datetime import datetime, timedelta, timezone

import pytest

from crackcoach import exchange
from crackcoach.exchange import BadImport, parse
from crackcoach.records import DiaryEntry, SessionRecord

PLUS2 = timezone(timedelta(hours=2))
MINUS5 = timezone(timedelta(hours=-5, minutes=-30))

SESSIONS = [
    SessionRecord(routine="back-reset", started_at=datetime(2024, 5, 1, 8, 0, tzinfo=PLUS2),
                  ended_at=datetime(2024, 5, 1, 8, 12, 30, 250000, tzinfo=PLUS2),
                  planned_seconds=720.0, actual_seconds=0.1 + 0.2, paused_seconds=12.5,
                  steps_completed=("warm-up", "cat-cow, slow"), steps_skipped=('say "hi"',),
                  outcome="completed", timeline='[{"kind": "hold", "seconds": 20}]', id=1),
    SessionRecord(routine="désk-hips", started_at=datetime(2024, 5, 2, 22, 0, tzinfo=MINUS5),
                  ended_at=datetime(2024, 5, 2, 22, 1, tzinfo=MINUS5), planned_seconds=600,
                  actual_seconds=60, paused_seconds=0, steps_completed=(), steps_skipped=(),
                  outcome="quit", id=2),
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


@pytest.mark.parametrize("fmt", exchange.FORMATS)
def test_round_trip_is_exact(fmt: exchange.Format) -> None:
    text = export(fmt)
    parsed = parse(text, fmt)
    assert parsed.sessions == SESSIONS
    assert parsed.entries == ENTRIES
    assert parsed.sessions[0].started_at.utcoffset() == timedelta(hours=2)
    assert export(fmt, parsed.sessions, parsed.entries) == text


def test_csv_has_a_header_and_one_row_per_record() -> None:
    rows = list(__import__("csv").reader(io.StringIO(export("csv"))))
    assert rows[0] == list(exchange.COLUMNS)
    assert [r[0] for r in rows[1:]] == ["session", "session", "entry", "entry"]
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["started_at"] == "2024-05-01T08:00:00+02:00"
    assert row["actual_seconds"] == "0.30000000000000004"
    assert row["steps_completed"] == '["warm-up", "cat-cow, slow"]'
    assert row["discomfort"] == ""


def test_json_has_one_object_per_line() -> None:
    text = export("json")
    document = json.loads(text)
    assert document["format"] == "crackcoach-export" and document["version"] == 1
    assert len(document["sessions"]) == 2 and len(document["entries"]) == 2
    assert document["entries"][1] == {
        "id": 2, "at": "2024-05-03T20:00:00.000001+00:00", "discomfort_before": None,
        "discomfort": 0, "stiffness": None, "mobility": None, "tighter_side": None,
        "cracks": None, "flags": [], "note": None, "session_id": None}
    assert text.splitlines()[4].startswith('    {"id": 1, "routine": "back-reset"')


def test_an_empty_diary_exports_and_imports() -> None:
    for fmt in exchange.FORMATS:
        text = export(fmt, [], [])
        assert parse(text, fmt) == exchange.Parsed([], [])
    assert export("csv", [], []) == ",".join(exchange.COLUMNS) + "\n"


def row(kind: str, **values: object) -> str:
    """One CSV line with the given cells filled in and the rest empty."""
    cells = {"kind": kind, **values}
    out = io.StringIO()
    __import__("csv").writer(out, lineterminator="").writerow(
        [str(cells.get(c, "")) for c in exchange.COLUMNS])
    return out.getvalue()


def problems(text: str, fmt: exchange.Format) -> list[str]:
    with pytest.raises(BadImport) as caught:
        parse(text, fmt, source="backup")
    assert str(caught.value).endswith("backup: nothing was imported")
    return caught.value.problems


def test_bad_csv_rows_are_reported_with_their_line_numbers() -> None:
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
    found = problems("\n".join(bad) + "\n", "csv")
    assert found == [
        "line 2: outcome: 'finished' is not one of completed, quit, interrupted",
        "line 3: ended_at: 'yesterday' is not an ISO 8601 date and time "
        "(e.g. 2024-05-14T08:30:00+02:00)",
        "line 6: discomfort: 11 is out of range; expected a whole number 0-10",
        "line 7: at: '2024-05-04T10:00:00' has no UTC offset (e.g. +02:00)",
        "line 7: tighter_side: 'sideways' is not one of left, right, even",
        "line 8: kind: 'nap' is not 'session' or 'entry'",
        "line 9: has 2 cells, the header has 22",
    ]


def test_misplaced_missing_and_duplicate_fields() -> None:
    header = ",".join(exchange.COLUMNS)
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
    assert problems(text, "csv") == [
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
    assert problems(misplaced, "csv") == [
        "line 2: discomfort_before: only entries have this field; leave it empty on a session"]


def test_bad_headers_and_files() -> None:
    assert problems("", "csv") == ["the file is empty; expected a CSV header line"]
    assert problems("kind,at,colour\n", "csv")[0].startswith(
        "line 1: unknown column 'colour'; expected: kind, id, routine")
    assert problems('{"format": "crackcoach-export",\n "version": 1,,}', "json") == [
        "line 2: not valid JSON (Expecting property name enclosed in double quotes)"]
    assert problems('{"format": "other"}', "json") == [
        'line 1: not a crackcoach export (expected an object with "format": '
        '"crackcoach-export")']
    assert problems('{"format": "crackcoach-export", "version": 9}', "json") == [
        "line 1: export version 9 is not supported (this crackcoach reads version 1)"]


def test_bad_json_objects_are_reported_with_their_line_numbers() -> None:
    text = export("json").replace('"discomfort": 0,', '"discomfort": "0",')
    text = text.replace('"outcome": "quit"', '"outcome": null')
    text = text.replace('"planned_seconds": 720.0', '"planned_seconds": true')
    lines = text.splitlines()
    lines.insert(9, '    7, {"at": "2024-05-01T08:00:00+02:00", "mood": "ok"},')
    assert problems("\n".join(lines), "json") == [
        "line 5: planned_seconds: True is not a number of seconds",
        "line 6: outcome: required for a session",
        "line 10: is not an object",
        "line 10: mood: unknown field",
        "line 11: discomfort: '0' is a text; expected a number",
    ]


def test_guess_format() -> None:
    assert exchange.guess_format("backup.CSV", "{") == "csv"
    assert exchange.guess_format("backup.json", "kind") == "json"
    assert exchange.guess_format("-", "\ufeff  {") == "json"
    assert exchange.guess_format("backup.txt", "kind,id") == "csv"


def test_a_bom_and_windows_line_ends_are_accepted() -> None:
    text = "\ufeff" + export("csv").replace("\n", "\r\n")
    parsed = parse(text, "csv")
    assert parsed.sessions == SESSIONS
    # The note's own newline came back as CRLF only because we rewrote it above.
    assert parsed.entries[0].note == ENTRIES[0].note.replace("\n", "\r\n")  # type: ignore[union-attr]
