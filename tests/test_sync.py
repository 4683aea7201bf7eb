"""``crackcoach sync``: homes sharing one folder (or one git remote), run as a person runs them."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import stat
import subprocess
from pathlib import Path

import pytest

from homes import CRACKCOACH

TIMEOUT = 120


def run(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k not in ("CRACKCOACH_DEBUG",)}
    environment.update(CRACKCOACH_HOME=str(home), HOME=str(home), COLUMNS="100")
    return subprocess.run([CRACKCOACH, *args], env=environment, stdin=subprocess.DEVNULL,
                          capture_output=True, text=True, timeout=TIMEOUT, check=False)


def ok(home: Path, *args: str) -> str:
    result = run(home, *args)
    assert result.returncode == 0, (args, result.stdout, result.stderr)
    return result.stdout


def diary(home: Path) -> list[dict[str, object]]:
    """Every record as JSON export shows it, without this home's own short ids."""
    data = json.loads(ok(home, "export", "--format", "json"))
    found = []
    for kind in ("sessions", "entries"):
        for record in data[kind]:
            record = {k: v for k, v in record.items() if k not in ("id", "session_id")}
            found.append({"kind": kind, **record})
    return sorted(found, key=lambda r: json.dumps(r, sort_keys=True))


def notes(home: Path) -> dict[str, object]:
    return {str(r["note"]): r["discomfort"] for r in diary(home) if r["kind"] == "entries"}


@pytest.fixture
def homes(tmp_path: Path) -> tuple[Path, Path, Path]:
    return tmp_path / "a", tmp_path / "b", tmp_path / "shared"


def test_what_one_machine_logs_the_other_receives(homes: tuple[Path, Path, Path]) -> None:
    a, b, folder = homes
    ok(a, "log", "--discomfort", "3", "--stiffness", "2", "--note", "at work")
    ok(a, "done", "back-reset", "--at", "2026-12-01T18:00")
    assert ok(a, "sync", str(folder)) == f"Synced with {folder}: sent 2 change(s), received 0.\n"
    assert ok(b, "sync", str(folder)) == f"Synced with {folder}: sent 0 change(s), received 2.\n"
    assert diary(a) == diary(b)
    assert "at work" in ok(b, "history")
    # Only change files, private: nothing of the diary file itself.
    for path in [folder, *folder.rglob("*")]:
        mode = stat.S_IMODE(path.stat().st_mode)
        assert mode == (0o700 if path.is_dir() else 0o600), path
        assert not path.name.endswith(".db")
    (machine,) = [p.name for p in folder.iterdir()]
    assert (a / "machine-id").read_text().strip() == machine
    status = ok(b, "sync", "--status")
    assert f"Sync folder: {folder}" in status
    assert "sent 0 change(s), received 2" in status
    assert f"machine {machine}: 2 change(s)" in status


def test_an_edit_and_a_delete_made_offline_resolve_the_same_everywhere(
        homes: tuple[Path, Path, Path]) -> None:
    a, b, folder = homes
    ok(a, "log", "--discomfort", "3", "--stiffness", "2", "--note", "one")
    ok(a, "sync", str(folder))
    ok(b, "sync", str(folder))
    ok(b, "edit", "e1", "--discomfort", "6")  # offline on b
    ok(a, "delete", "e1", "--yes")  # offline on a
    for home in (a, b, a, b):
        ok(home, "sync", str(folder))
    assert notes(a) == notes(b) == {}  # the deletion wins
    ok(a, "undo")  # brings the record back, with the edit made elsewhere
    ok(a, "sync", str(folder))
    ok(b, "sync", str(folder))
    assert notes(a) == notes(b) == {"one": 6}


def test_the_latest_of_two_edits_wins_everywhere(homes: tuple[Path, Path, Path]) -> None:
    a, b, folder = homes
    ok(a, "log", "--discomfort", "3", "--stiffness", "2", "--note", "one")
    ok(a, "sync", str(folder))
    ok(b, "sync", str(folder))
    ok(a, "edit", "e1", "--discomfort", "4")
    ok(b, "edit", "e1", "--discomfort", "5")  # later
    ok(b, "sync", str(folder))
    ok(a, "sync", str(folder))
    ok(b, "sync", str(folder))
    assert notes(a) == notes(b) == {"one": 5}


def sign_open_since(home: Path) -> object:
    return json.loads(ok(home, "today", "--json"))["sign_open_since"]


def test_a_clearance_on_one_machine_clears_the_sign_on_every_machine(
        homes: tuple[Path, Path, Path]) -> None:
    a, b, folder = homes
    ok(a, "log", "--discomfort", "5", "--stiffness", "4", "--flag", "leg-weakness",
       "--at", "2026-12-01T08:00")
    ok(a, "sync", str(folder))
    ok(b, "sync", str(folder))
    assert sign_open_since(a) == sign_open_since(b) is not None
    ok(a, "cleared", "--at", "2026-12-02")
    assert ok(a, "sync", str(folder)).endswith("sent 1 change(s), received 0.\n")
    assert ok(b, "sync", str(folder)).endswith("sent 0 change(s), received 1.\n")
    assert sign_open_since(a) is None and sign_open_since(b) is None
    # undo takes back what this machine did: b did not record the clearance.
    assert ok(b, "undo").startswith("Nothing to undo")
    assert sign_open_since(b) is None
    assert ok(a, "undo").startswith("Undid 'crackcoach cleared'")
    ok(a, "sync", str(folder))
    ok(b, "sync", str(folder))
    assert sign_open_since(a) == sign_open_since(b) is not None
    for home in (a, b):  # nothing more to send: the diaries agree
        assert ok(home, "sync", str(folder)).endswith("sent 0 change(s), received 0.\n")


def test_a_clearance_kept_but_not_applied_is_applied_by_the_next_sync(
        homes: tuple[Path, Path, Path]) -> None:
    """As a version that did not know clearances left them: among the ops, not the table."""
    a, b, folder = homes
    ok(a, "cleared", "--at", "2026-12-02T10:00+01:00")
    ok(a, "sync", str(folder))
    ok(b, "sync", str(folder))
    with sqlite3.connect(b / "crackcoach.db") as db:
        db.execute("DELETE FROM clearances")
    assert ok(b, "sync", str(folder)).endswith("sent 0 change(s), received 0.\n")
    with sqlite3.connect(b / "crackcoach.db") as db:
        assert db.execute("SELECT at_utc, received FROM clearances").fetchall() == [
            ("2026-12-02T09:00:00.000000Z", 1)]


def test_activities_their_ratings_and_the_plan_travel_too(
        homes: tuple[Path, Path, Path]) -> None:
    a, b, folder = homes
    ok(b, "activity", "add", "carry the shopping")  # b's own, a1 there
    ok(a, "activity", "add", "tie my shoes")
    ok(a, "log", "--discomfort", "3", "--stiffness", "2", "--activity", "1=6")
    ok(a, "plan", "daily-reset", "--from", "2026-12-01")
    ok(a, "sync", str(folder))
    ok(b, "sync", str(folder))
    listed = ok(b, "activity", "list")
    assert "a1  carry the shopping" in listed and "a2  tie my shoes" in listed
    (entry,) = json.loads(ok(b, "history", "--json"))["records"]
    assert entry["activities"] == {"2": 6}  # b's id of the same activity
    assert json.loads(ok(b, "plan", "--json"))["plan"]["name"] == "daily-reset"
    # Changed on b: a rename and a stop; a follows.
    ok(b, "activity", "rename", "2", "tie both shoes")
    ok(b, "plan", "--stop")
    ok(b, "sync", str(folder))
    ok(a, "sync", str(folder))
    assert "a1  tie both shoes" in ok(a, "activity", "list")
    assert not (a / "plan-state.json").exists()
    for home in (a, b, a):
        assert ok(home, "sync", str(folder)).endswith("sent 0 change(s), received 0.\n")


def test_damaged_half_copied_and_conflicted_files(homes: tuple[Path, Path, Path]) -> None:
    a, b, folder = homes
    ok(a, "log", "--discomfort", "3", "--stiffness", "2", "--note", "first")
    ok(a, "sync", str(folder))
    (machine,) = folder.iterdir()
    (good,) = machine.iterdir()
    # A sync tool's copy of the same file, its temporary file, and a damaged file.
    shutil.copy(good, machine / f"{good.stem} (conflicted copy 2026-12-05).jsonl")
    shutil.copy(good, machine / f"{good.stem}.sync-conflict-20261205-101010-ABCDEFG.jsonl")
    (machine / f".syncthing.{good.name}.tmp").write_text("half a li")
    text = good.read_text()
    (machine / "20990101T000000-cut.jsonl").write_text(text[: len(text) // 2])
    result = run(b, "sync", str(folder))
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"Synced with {folder}: sent 0 change(s), received 1.\n"
    assert result.stderr == (
        "crackcoach: warning: skipped the damaged change file "
        f"{machine.name}/20990101T000000-cut.jsonl (it ends in the middle of a line (still "
        "being copied?)); the rest was synced\n")
    assert notes(b) == {"first": 3}  # once, not three times
    # The damaged file is named again until it is whole, and is never removed.
    (machine / "20990101T000000-cut.jsonl").write_text(text)
    result = run(b, "sync", str(folder))
    assert result.stderr == "" and notes(b) == {"first": 3}
    assert len(list(machine.iterdir())) == 5


def test_the_sync_folder_setting_syncs_after_each_change(homes: tuple[Path, Path, Path]
                                                         ) -> None:
    a, b, folder = homes
    ok(a, "config", "set", "sync-folder", str(folder))
    ok(b, "config", "set", "sync-folder", str(folder))
    ok(a, "log", "--discomfort", "3", "--stiffness", "2", "--note", "auto")
    ok(b, "log", "--discomfort", "4", "--stiffness", "2", "--note", "other")  # also receives
    assert notes(b) == {"auto": 3, "other": 4}
    assert ok(a, "sync") == f"Synced with {folder}: sent 0 change(s), received 1.\n"
    assert notes(a) == notes(b)


def test_the_sync_folder_setting_does_not_sync_after_a_command_that_only_shows(
        homes: tuple[Path, Path, Path]) -> None:
    a, _, folder = homes
    ok(a, "config", "set", "sync-folder", str(folder))
    for words in (["plan"], ["plan", "--json"], ["plan", "daily-reset", "--preview"],
                  ["plan", "--check", str(a / "missing")], ["activity"], ["activity", "list"]):
        run(a, *words)
        assert ok(a, "sync", "--status").startswith("This diary has not been synced yet"), words
    ok(a, "activity", "add", "tie my shoes")
    assert not ok(a, "sync", "--status").startswith("This diary has not been synced yet")


def test_a_failing_sync_never_fails_the_command(homes: tuple[Path, Path, Path]) -> None:
    a, _, folder = homes
    folder.parent.mkdir(exist_ok=True)
    folder.write_text("a file where the folder should be")
    ok(a, "config", "set", "sync-folder", str(folder))
    result = run(a, "log", "--discomfort", "3", "--stiffness", "2", "--note", "kept")
    assert result.returncode == 0
    assert result.stderr.startswith("crackcoach: warning: the diary was saved, but syncing")
    assert result.stderr.count("\n") == 1
    assert notes(a) == {"kept": 3}
    result = run(a, "sync")
    assert result.returncode == 2
    assert result.stderr == f"crackcoach: error: {folder} is not a folder; give the sync folder\n"


def test_sync_without_a_folder_says_how_to_give_one(tmp_path: Path) -> None:
    result = run(tmp_path / "a", "sync")
    assert result.returncode == 2
    assert "crackcoach config set sync-folder DIR" in result.stderr


def git(*args: str, cwd: Path | None = None) -> str:
    environment = {**os.environ, "GIT_CONFIG_NOSYSTEM": "1", "HOME": str(cwd or Path.cwd())}
    return subprocess.run(["git", *args], cwd=cwd, env=environment, capture_output=True,
                          text=True, check=True, timeout=TIMEOUT).stdout


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_git_is_the_engine_with_a_bare_remote_and_two_clones(tmp_path: Path) -> None:
    remote = tmp_path / "remote.git"
    git("init", "--bare", "--quiet", "-b", "main", str(remote))
    clones = [tmp_path / "clone-a", tmp_path / "clone-b"]
    for clone in clones:
        git("clone", "--quiet", str(remote), str(clone))
    a, b = tmp_path / "a", tmp_path / "b"
    ok(a, "log", "--discomfort", "3", "--stiffness", "2", "--note", "from a")
    ok(b, "log", "--discomfort", "5", "--stiffness", "2", "--note", "from b")
    ok(a, "sync", str(clones[0]), "--git")
    ok(b, "sync", str(clones[1]))  # found to be a git clone on its own
    ok(a, "sync", str(clones[0]))
    assert notes(a) == notes(b) == {"from a": 3, "from b": 5}
    for path in clones[0].glob("[0-9a-f]*/*.jsonl"):  # what git checked out, private too
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
        assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700, path
    log = git("log", "--format=%s", "main", cwd=remote)
    assert log.count("crackcoach: changes from") == 2
    # Each machine committed only its own folder.
    for clone in clones:
        assert git("status", "--porcelain", cwd=clone) == ""
    # A push that fails keeps the diary and says what to do.
    shutil.rmtree(remote)
    ok(a, "log", "--discomfort", "1", "--stiffness", "1", "--note", "offline")
    result = run(a, "sync", str(clones[0]))
    assert result.returncode == 1
    assert "git pull" in result.stderr and "your diary is intact" in result.stderr
    assert result.stderr.count("\n") == 1
    assert notes(a)["offline"] == 1


def test_the_diary_file_never_goes_into_the_folder_and_uids_are_unique(
        homes: tuple[Path, Path, Path]) -> None:
    a, b, folder = homes
    for number in range(3):
        ok(a, "log", "--discomfort", str(number), "--stiffness", "2", "--note", f"n{number}")
    ok(a, "sync", str(folder))
    ok(b, "sync", str(folder))
    with sqlite3.connect(a / "crackcoach.db") as one, sqlite3.connect(b / "crackcoach.db") as two:
        uids_a = sorted(row[0] for row in one.execute("SELECT uid FROM entries"))
        uids_b = sorted(row[0] for row in two.execute("SELECT uid FROM entries"))
    assert uids_a == uids_b and len(set(uids_a)) == 3
    assert all(len(uid) == 32 for uid in uids_a)


def test_a_backup_restored_on_another_machine_keeps_its_uids_and_syncs_without_copies(
        homes: tuple[Path, Path, Path], tmp_path: Path) -> None:
    a, b, folder = homes
    ok(a, "log", "--discomfort", "3", "--stiffness", "2", "--note", "backed up")
    ok(a, "done", "back-reset", "--at", "2026-12-01T18:00")
    backup = tmp_path / "backup.json"
    ok(a, "export", "--format", "json", "--output", str(backup))
    ok(b, "import", str(backup))
    assert diary(a) == diary(b)  # the same uids: one record each, on both machines
    ok(a, "sync", str(folder))
    assert ok(b, "sync", str(folder)) == (
        f"Synced with {folder}: sent 0 change(s), received 2.\n")
    assert diary(a) == diary(b) and len(diary(b)) == 2
    # An entry changed since the backup is imported as another record, with a uid of its own.
    ok(b, "edit", "e1", "--discomfort", "7")
    ok(b, "import", str(backup))
    uids = [record["uid"] for record in diary(b)]
    assert len(uids) == 3 == len(set(uids))


def test_a_change_with_a_value_the_diary_cannot_keep_is_named_and_the_rest_applied(
        homes: tuple[Path, Path, Path]) -> None:
    a, b, folder = homes
    ok(a, "log", "--discomfort", "3", "--stiffness", "2", "--note", "fine")
    ok(a, "log", "--discomfort", "4", "--stiffness", "2", "--note", "broken")
    ok(a, "sync", str(folder))
    (machine,) = folder.iterdir()
    (path,) = machine.iterdir()
    path.write_text(path.read_text().replace('\\"discomfort\\":4', '\\"discomfort\\":44'))
    result = run(b, "sync", str(folder))
    assert result.returncode == 0
    assert result.stderr.startswith(f"crackcoach: warning: a change from machine {machine.name}")
    assert "that record was left as it was here" in result.stderr
    assert notes(b) == {"fine": 3}
