"""Activities the person wants back (PSFS): naming them, rating them, and the ratings going
through edit, delete, undo, export and import with their entries."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from crackcoach.store import open_store


def entries(home: Path) -> list[Any]:
    with open_store(home / "crackcoach.db", read_only=True) as s:
        return s.entries()


def test_add_list_rename_remove(cli: Any) -> None:
    assert cli("activity", "add", "tie my shoes").exit_code == 0
    added = cli("activity", "add", "sit", "through", "a", "meeting")
    assert added.stdout.startswith("Following activity a2: 'sit through a meeting'.")
    listed = cli("activity").stdout
    assert "a1  tie my shoes" in listed and "a2  sit through a meeting" in listed
    assert cli("activity", "rename", "a1", "put on my socks").exit_code == 0
    assert cli("activity", "remove", "2").exit_code == 0
    shown = json.loads(cli("activity", "list", "--json").stdout)
    assert [(a["id"], a["name"], a["removed_at"] is None) for a in shown] == [
        (1, "put on my socks", True), (2, "sit through a meeting", False)]
    assert "sit through" not in cli("activity", "list").stdout


@pytest.mark.parametrize(("args", "message"), [
    (("add", "   "), "activity add: expected crackcoach activity add TEXT"),
    (("remove", "a9"), "there is no activity a9"),
    (("remove", "x"), "ID x: expected an activity's id"),
    (("rename", "a1"), "activity rename: expected crackcoach activity rename ID TEXT"),
    (("add", "tie my shoes"), "you follow 'tie my shoes' already, as a1"),
])
def test_bad_activity_commands_say_what_is_wrong(cli: Any, args: tuple[str, ...],
                                                  message: str) -> None:
    assert cli("activity", "add", "tie my shoes").exit_code == 0
    result = cli("activity", *args)
    assert result.exit_code == 2
    assert message in result.stderr and len(result.stderr.splitlines()) == 1


def test_at_most_five_are_followed(cli: Any) -> None:
    for n in range(5):
        assert cli("activity", "add", f"thing {n}").exit_code == 0
    sixth = cli("activity", "add", "one more")
    assert sixth.exit_code == 2 and "5 activities already" in sixth.stderr
    assert cli("activity", "remove", "a3").exit_code == 0
    assert cli("activity", "add", "one more").exit_code == 0


def test_ratings_go_through_log_edit_delete_undo(cli: Any, home: Path) -> None:
    cli("activity", "add", "tie my shoes")
    cli("activity", "add", "walk the dog")
    saved = cli("log", "--activity", "1=3", "--activity", "a2=4")
    assert saved.exit_code == 0 and "activities a1 3, a2 4" in saved.stdout
    assert entries(home)[0].activities == ((1, 3), (2, 4))
    unknown = cli("log", "--activity", "7=3")
    assert unknown.exit_code == 2 and "no activity a7" in unknown.stderr
    bad = cli("log", "--activity", "1=11")
    assert bad.exit_code == 2 and "--activity 1=11: expected ID=SCORE" in bad.stderr
    assert len(entries(home)) == 1
    assert cli("edit", "e1", "--activity", "2=6").exit_code == 0
    assert entries(home)[0].activities == ((1, 3), (2, 6))
    assert cli("undo").exit_code == 0
    assert entries(home)[0].activities == ((1, 3), (2, 4))
    assert cli("delete", "e1", "--yes").exit_code == 0
    assert entries(home) == []
    assert cli("undo").exit_code == 0
    assert entries(home)[0].activities == ((1, 3), (2, 4))
    history = json.loads(cli("history", "--json").stdout)
    assert history[0]["activities"] == {"1": 3, "2": 4}


def test_ratings_travel_in_exports(cli: Any, home: Path, tmp_path: Path,
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    cli("activity", "add", "tie my shoes")
    cli("log", "--activity", "1=3")
    cli("log", "--discomfort", "4", "--stiffness", "2", "--activity", "1=5")
    backup, table = tmp_path / "b.json", tmp_path / "b.csv"
    assert cli("export", "--format", "json", "-o", str(backup)).exit_code == 0
    assert cli("export", "-o", str(table)).exit_code == 0
    document = json.loads(backup.read_text())
    assert document["version"] == 3 and document["activities"][0]["name"] == "tie my shoes"
    # Into another diary that follows something else already: matched by name.
    monkeypatch.setenv("CRACKCOACH_HOME", str(tmp_path / "other"))
    cli("activity", "add", "walk the dog")
    assert cli("import", str(backup)).exit_code == 0
    other = entries(tmp_path / "other")
    assert [e.activities for e in other] == [((2, 3),), ((2, 5),)]
    assert cli("import", str(backup)).stdout.count("Skipped") == 1
    # The CSV table names the diary's own activity ids.
    monkeypatch.setenv("CRACKCOACH_HOME", str(tmp_path / "third"))
    refused = cli("import", str(table))
    assert refused.exit_code == 2 and "activity 1 is not in" in refused.stderr
    cli("activity", "add", "anything")
    assert cli("import", str(table)).exit_code == 0
    assert [e.activities for e in entries(tmp_path / "third")] == [((1, 3),), ((1, 5),)]


def test_an_old_export_still_imports(cli: Any, home: Path, tmp_path: Path) -> None:
    old = tmp_path / "old.json"
    old.write_text('{"format": "crackcoach-export", "version": 2, "sessions": [], "entries": '
                   '[{"id": 1, "at": "2024-05-01T08:00:00+02:00", "discomfort": 3}], '
                   '"changes": []}')
    assert cli("import", str(old)).exit_code == 0
    assert entries(home)[0].activities == ()
