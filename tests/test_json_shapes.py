"""Every --json output has the documented shape: a format name, a version, one shape per record.

The shapes are the ones docs/cli.md lists (generated from crackcoach.diary.shapes), so
an output that drifts from its documentation fails here.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from crackcoach.diary.shapes import ENTRY_FIELDS, OUTPUT_VERSION, OUTPUTS, RECORDS, SESSION_FIELDS

TIMELINE = [{"step_index": 0, "step_name": "Stand", "kind": "hold", "start": 0.0, "end": 1.5}]


def _json(result: Any) -> Any:
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def _output(kind: str) -> tuple[str, ...]:
    return next(o.members for o in OUTPUTS if o.kind == kind)


def _check_document(data: dict[str, Any], kind: str) -> None:
    assert list(data)[:2] == ["format", "version"]
    assert data["format"] == f"crackcoach/{kind}"
    assert data["version"] == OUTPUT_VERSION
    assert tuple(data)[2:] == _output(kind)


@pytest.fixture
def diary(cli: Any, tmp_path: Path) -> None:
    """A diary with one session (with a timeline) and one entry that refers to it."""
    backup = {"format": "crackcoach-export", "version": 3, "sessions": [{
        "id": 7, "routine": "back-reset", "started_at": "2024-05-01T08:00:00+05:30",
        "ended_at": "2024-05-01T08:10:00+05:30", "planned_seconds": 600.0,
        "actual_seconds": 600.0, "paused_seconds": 0.0, "steps_completed": ["Stand"],
        "steps_skipped": [], "outcome": "completed", "timeline": TIMELINE,
        "stopped_step": None, "recorded_afterwards": False}],
        "entries": [{"id": 1, "at": "2024-05-01T08:11:00+05:30", "discomfort": 3,
                     "stiffness": 2, "note": "fine", "session_id": 7}]}
    path = tmp_path / "backup.json"
    path.write_text(json.dumps(backup), encoding="utf-8")
    assert cli("import", str(path)).exit_code == 0


def test_history_records_are_the_session_and_entry_shapes(cli: Any, diary: None) -> None:
    data = _json(cli("history", "--json"))
    _check_document(data, "history")
    entry, session = data["records"]
    assert (entry["type"], tuple(entry)[1:]) == ("entry", ENTRY_FIELDS)
    assert (session["type"], session["at"]) == ("session", "2024-05-01T08:00:00+05:30")
    assert tuple(session)[2:] == SESSION_FIELDS
    assert session["timeline"] == TIMELINE
    assert data["more"] == 0


def test_history_json_says_how_many_records_the_limit_left_out(cli: Any, diary: None) -> None:
    data = _json(cli("history", "--json", "--limit", "1"))
    assert [r["type"] for r in data["records"]] == ["entry"]
    assert data["more"] == 1


def test_today_last_entry_is_a_whole_entry_with_its_id(cli: Any, diary: None) -> None:
    data = _json(cli("today", "--json"))
    _check_document(data, "today")
    history = _json(cli("history", "--json"))["records"][0]
    assert data["last_entry"] == {k: v for k, v in history.items() if k != "type"}
    assert isinstance(data["last_entry"]["id"], int)


def test_list_and_show_give_the_same_routine(cli: Any) -> None:
    listed = _json(cli("list", "--json"))
    _check_document(listed, "routines")
    row = next(r for r in listed["routines"] if r["name"] == "back-reset")
    shown = _json(cli("show", "back-reset", "--json"))
    _check_document(shown, "routine")
    assert tuple(shown["routine"]) == RECORDS["routine"]
    assert tuple(row) == (*RECORDS["routine"], "overrides")
    assert {k: v for k, v in row.items() if k != "overrides"} == shown["routine"]
    assert isinstance(row["steps"], list) and row["steps"][0]["name"]


def test_flags_json(cli: Any) -> None:
    data = _json(cli("flags", "--json"))
    _check_document(data, "flags")
    assert data["flags"] and all(tuple(f) == RECORDS["flag"] for f in data["flags"])


def test_stats_json_notes_carry_their_entry_id(cli: Any, diary: None) -> None:
    data = _json(cli("stats", "--json", "--as-of", "2024-05-02"))
    _check_document(data, "stats")
    entry_id = _json(cli("history", "--json"))["records"][0]["id"]
    assert [(n["text"], n["entry_id"]) for n in data["notes"]] == [("fine", entry_id)]


def test_the_backup_writes_the_timeline_as_an_array_and_reads_it_back(
        cli: Any, diary: None, tmp_path: Path) -> None:
    first = tmp_path / "first.json"
    assert cli("export", "--format", "json", "-o", str(first)).exit_code == 0
    data = json.loads(first.read_text(encoding="utf-8"))
    assert (data["format"], data["version"]) == ("crackcoach-export", 3)
    assert data["sessions"][0]["timeline"] == TIMELINE
    # Into an empty diary and out again: the same file, the timeline's text kept exactly.
    for leftover in (tmp_path / "home").glob("crackcoach.db*"):
        leftover.unlink()
    assert cli("import", str(first)).exit_code == 0
    second = tmp_path / "second.json"
    assert cli("export", "--format", "json", "-o", str(second)).exit_code == 0
    assert second.read_text(encoding="utf-8") == first.read_text(encoding="utf-8")


def test_a_version_2_backup_with_timeline_text_still_imports(cli: Any, tmp_path: Path) -> None:
    old = {"format": "crackcoach-export", "version": 2, "sessions": [{
        "id": 1, "routine": "back-reset", "started_at": "2024-05-01T08:00:00+00:00",
        "ended_at": "2024-05-01T08:10:00+00:00", "planned_seconds": 600.0,
        "actual_seconds": 600.0, "paused_seconds": 0.0, "steps_completed": [],
        "steps_skipped": [], "outcome": "completed",
        "timeline": json.dumps(TIMELINE, separators=(",", ":"))}], "entries": []}
    path = tmp_path / "old.json"
    path.write_text(json.dumps(old), encoding="utf-8")
    assert cli("import", str(path)).exit_code == 0
    assert _json(cli("history", "--json"))["records"][0]["timeline"] == TIMELINE


def test_every_documented_output_is_tested() -> None:
    assert {o.kind for o in OUTPUTS} == {"today", "routines", "routine", "history", "flags",
                                         "stats"}
