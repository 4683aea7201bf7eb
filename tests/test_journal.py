"""A finished session, a logged entry, a recorded session never lost to a busy diary.

Another program holds the diary's write lock (``BEGIN IMMEDIATE`` in a helper
process, as ``sqlite3`` or a long import would) while crackcoach saves: the
record goes to a private journal file first, the screen says it will be added,
and it reaches the diary when the lock frees, by the same run or by the next
command.
"""

from __future__ import annotations

import json
import signal
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from crackcoach.diary.records import DiaryEntry, SessionRecord
from crackcoach.store import journal, open_store
from homes import CRACKCOACH, first_check_answered, terminal_env, tiny_routines

TIMEOUT = 60

_HOLDER = """
import sqlite3, sys, time
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("BEGIN IMMEDIATE")
print("locked", flush=True)
time.sleep(float(sys.argv[2]))
db.execute("ROLLBACK")
"""


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    first_check_answered(tmp_path / "home")
    environment = terminal_env(tmp_path)
    environment.pop("TERM")
    return environment


def diary(env: dict[str, str]) -> Path:
    return Path(env["CRACKCOACH_HOME"]) / "crackcoach.db"


def made(env: dict[str, str]) -> Path:
    """Create the diary (with nothing in it) so that another program can lock it."""
    with open_store(diary(env)):
        pass
    return diary(env)


@contextmanager
def locked(path: Path, seconds: float) -> Iterator[subprocess.Popen[str]]:
    """Another process holds the diary's write lock for ``seconds`` from now."""
    holder = subprocess.Popen([sys.executable, "-c", _HOLDER, str(path), str(seconds)],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "locked"
        yield holder
    finally:
        holder.kill()
        holder.wait()


def history(env: dict[str, str]) -> list[dict[str, object]]:
    result = subprocess.run([CRACKCOACH, "history", "--json"], env=env, capture_output=True,
                            text=True, timeout=TIMEOUT, check=True)
    return list(json.loads(result.stdout)["records"])


def waiting(env: dict[str, str]) -> list[Path]:
    return journal.waiting_files(diary(env))


def test_a_session_ending_while_the_diary_is_busy_reaches_it_in_the_same_run(
        tmp_path: Path, env: dict[str, str]) -> None:
    routines = tiny_routines(tmp_path)
    with locked(made(env), 10):
        result = subprocess.run([CRACKCOACH, "start", "tiny", "--no-log", "--routines-dir",
                                 str(routines)], env=env, capture_output=True, text=True,
                                timeout=TIMEOUT)
    assert result.returncode == 0, result.stderr
    assert "Session saved. Another program is using the diary" in result.stdout
    assert "Saved to your diary." in result.stdout
    assert "cannot" not in result.stderr
    assert [item["routine"] for item in history(env)] == ["tiny"]
    assert waiting(env) == []


def test_a_session_left_waiting_is_added_by_the_next_command(
        tmp_path: Path, env: dict[str, str]) -> None:
    routines = tiny_routines(tmp_path)
    with locked(made(env), 60):
        child = subprocess.Popen([CRACKCOACH, "start", "tiny", "--no-log", "--routines-dir",
                                  str(routines)], env=env, stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE, text=True)
        assert child.stdout is not None
        for line in child.stdout:
            if "Waiting for the diary" in line:
                break
        # The person gives up on waiting: the session is on disk all the same.
        child.send_signal(signal.SIGTERM)
        rest, errors = child.communicate(timeout=TIMEOUT)
        assert (child.returncode, errors) == (128 + signal.SIGTERM, "")
        assert "kept safe in" in rest
        assert "Traceback" not in errors
        left = waiting(env)
        assert len(left) == 1
        assert stat.S_IMODE(left[0].stat().st_mode) == 0o600
        assert stat.S_IMODE(left[0].parent.stat().st_mode) == 0o700
    assert [item["routine"] for item in history(env)] == ["tiny"]
    assert waiting(env) == []


def test_log_with_a_busy_diary_saves_and_exits_0(env: dict[str, str]) -> None:
    with locked(made(env), 3):
        result = subprocess.run([CRACKCOACH, "log", "--discomfort", "3", "--stiffness", "2"],
                                env=env, capture_output=True, text=True, timeout=TIMEOUT)
    assert result.returncode == 0, result.stderr
    assert [item["discomfort"] for item in history(env)] == [3]


def test_done_with_a_busy_diary_saves_and_exits_0(env: dict[str, str]) -> None:
    with locked(made(env), 3):
        result = subprocess.run([CRACKCOACH, "done", "back-reset"], env=env,
                                capture_output=True, text=True, timeout=TIMEOUT)
    assert result.returncode == 0, result.stderr
    assert [item["routine"] for item in history(env)] == ["back-reset"]


def _session(at: datetime) -> SessionRecord:
    return SessionRecord(routine="tiny", started_at=at, ended_at=at + timedelta(seconds=60),
                         planned_seconds=60.0, actual_seconds=60.0, paused_seconds=0.0,
                         steps_completed=("Stand",), steps_skipped=(), outcome="completed")


def test_a_journal_left_by_a_killed_run_is_moved_once_with_its_entry(tmp_path: Path) -> None:
    path = tmp_path / "home" / "crackcoach.db"
    at = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)
    kept = journal.Journal(path)
    kept.add_session(_session(at))
    kept.add_entry(DiaryEntry(at=at + timedelta(minutes=2), discomfort=2, stiffness=3,
                              discomfort_before=5), of_session=True)
    file = kept.file
    assert file is not None
    # While its writer still holds it, nobody else moves it.
    with open_store(path, read_only=True) as store:
        assert store.counts() == (0, 0)
    kept.close()  # as a kill would: the file stays, nothing in the diary yet
    with open_store(path, read_only=True) as store:
        (session,) = store.sessions()
        (entry,) = store.entries()
    assert entry.session_id == session.id and entry.discomfort_before == 5
    assert not file.exists()


def test_a_journal_killed_after_its_commit_is_not_added_twice(tmp_path: Path) -> None:
    path = tmp_path / "home" / "crackcoach.db"
    at = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)
    kept = journal.Journal(path)
    kept.add_session(_session(at))
    file = kept.file
    assert file is not None
    with open_store(path) as store:
        assert store.keep(kept)
    # As if killed between the commit and the removal: the file is back, marked as applying.
    kept2 = journal.Journal(path)
    kept2.add_session(_session(at))
    assert kept2.file is not None
    with open(kept2.file, "a", encoding="utf-8") as handle:
        handle.write('{"applying": true}\n')
    kept2.close()
    with open_store(path, read_only=True) as store:
        assert len(store.sessions()) == 1
    assert journal.waiting_files(path) == []


def test_a_line_cut_short_by_a_kill_is_left_out(tmp_path: Path) -> None:
    path = tmp_path / "home" / "crackcoach.db"
    at = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)
    kept = journal.Journal(path)
    kept.add_session(_session(at))
    assert kept.file is not None
    with open(kept.file, "a", encoding="utf-8") as handle:
        handle.write('{"entry": [')
    kept.close()
    with open_store(path, read_only=True) as store:
        assert store.counts() == (1, 0)


def test_a_damaged_journal_is_kept_not_deleted(tmp_path: Path) -> None:
    path = tmp_path / "home" / "crackcoach.db"
    folder = journal.folder(path)
    folder.mkdir(parents=True)
    bad = folder / f"1-1-0{journal.SUFFIX}"
    bad.write_text('{"crackcoach-pending": 1}\n{"session": ["x"]}\n', encoding="utf-8")
    with open_store(path, read_only=True) as store:
        assert store.counts() == (0, 0)
    assert bad.exists()


@pytest.mark.slow
def test_a_session_with_answers_survives_a_40_second_lock(tmp_path: Path) -> None:
    """The attack as it was: the write lock held for 40 s while a session ends."""
    pexpect = pytest.importorskip("pexpect")
    first_check_answered(tmp_path / "home")
    environment = terminal_env(tmp_path)
    routines = tiny_routines(tmp_path)
    with open_store(tmp_path / "home" / "crackcoach.db"):
        pass
    started = time.monotonic()
    with locked(tmp_path / "home" / "crackcoach.db", 40) as holder:
        child = pexpect.spawn(CRACKCOACH, ["start", "tiny", "--routines-dir", str(routines)],
                              env=environment, dimensions=(40, 100), encoding="utf-8",
                              timeout=TIMEOUT)
        child.expect("Press Enter to start")
        child.send("\r")
        child.expect_exact("Before you start: discomfort right now")
        child.sendline("6")
        child.expect("Session saved. Another program is using the diary")
        for prompt, answer in [("Discomfort now", "4"), ("Stiffness now", "3"),
                               ("moving feels", "2"), ("Which side", ""),
                               ("How many times", ""), ("Numbers separated", ""),
                               ("A note", "")]:
            child.expect_exact(prompt)
            child.sendline(answer)
        # The run waits up to 30 s for the lock, then leaves the records for the next command.
        index = child.expect(["Saved to your diary", "the next time crackcoach runs"],
                             timeout=TIMEOUT)
        child.expect(pexpect.EOF)
        child.close()
        assert child.exitstatus == 0
        assert "Traceback" not in (child.before or "")
        if index == 1:
            assert holder.wait(timeout=TIMEOUT) == 0  # the lock is let go at 40 s
        assert time.monotonic() - started >= 39 or index == 0
    found = history(environment)
    sessions = [item for item in found if item["type"] == "session"]
    entries = [item for item in found if item["type"] == "entry"]
    assert [item["routine"] for item in sessions] == ["tiny"]
    assert [(item["discomfort_before"], item["discomfort"]) for item in entries] == [(6, 4)]
    assert entries[0]["session_id"] == sessions[0]["id"]
    assert journal.waiting_files(tmp_path / "home" / "crackcoach.db") == []
    assert not journal.folder(tmp_path / "home" / "crackcoach.db").exists()  # tidied away
