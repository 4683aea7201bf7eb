"""The diary's files before SQLite opens them: foreign write-ahead logs, links, modes.

Each refusal must leave every byte of the diary, its -wal and its -shm as it
found them (checked by their sha256), and create nothing.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import stat
import subprocess
import sys
import textwrap
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from crackcoach.diary.records import DiaryEntry
from crackcoach.errors import DiaryError
from crackcoach.store import open_store
from guards import unprivileged_prefix

Cli = Callable[..., Any]
T0 = datetime(2024, 5, 1, 8, 0, tzinfo=timezone(timedelta(hours=2)))
DIARY_COMMANDS = [
    ["history"], ["stats"], ["report"], ["export"], ["export", "--format", "json"],
    ["log", "--discomfort", "3", "--stiffness", "2"],
]


def digests(folder: Path) -> dict[str, str]:
    """sha256 of every file in ``folder`` (links not followed)."""
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() and
            not p.is_symlink() else os.readlink(p) if p.is_symlink() else "dir"
            for p in sorted(folder.iterdir())}


def diary(home: Path, entries: int = 30) -> Path:
    """A closed diary with ``entries`` entries (no -wal left)."""
    with open_store(home / "crackcoach.db") as store:
        store.import_records([], [DiaryEntry(T0 + timedelta(hours=n), discomfort=n % 11)
                                  for n in range(entries)])
    return home / "crackcoach.db"


@pytest.fixture
def foreign_wal(tmp_path: Path) -> Iterator[Callable[[Path], None]]:
    """Puts the live -wal and -shm of another program's database beside a given diary."""
    folder = tmp_path / "other"
    folder.mkdir()
    other = sqlite3.connect(folder / "other.db", isolation_level=None)
    other.execute("PRAGMA journal_mode = WAL")
    other.execute("PRAGMA wal_autocheckpoint = 0")  # everything stays in the -wal
    other.execute("CREATE TABLE recipes (name TEXT)")
    other.executemany("INSERT INTO recipes VALUES (?)", [(f"soup {n}",) for n in range(50)])

    def place(db: Path) -> None:
        for suffix in ("-wal", "-shm"):
            shutil.copyfile(folder / f"other.db{suffix}", f"{db}{suffix}")

    yield place
    other.close()


def test_a_foreign_wal_beside_the_diary_is_refused_and_nothing_changes(
        cli: Cli, home: Path, foreign_wal: Callable[[Path], None], tmp_path: Path) -> None:
    db = diary(home)
    foreign_wal(db)
    before = digests(home)
    assert set(before) == {"crackcoach.db", "crackcoach.db-wal", "crackcoach.db-shm"}
    backup = tmp_path / "backup.csv"
    backup.write_text("the last good backup\n")
    source = tmp_path / "import.csv"
    source.write_text("kind,routine,started_at,ended_at,planned_seconds,actual_seconds,outcome,"
                      "at\nentry,,,,,,,2024-05-01T08:00:00+02:00\n")
    for args in [*DIARY_COMMANDS, ["export", "-o", str(backup)], ["import", str(source)]]:
        result = cli(*args)
        assert result.exit_code == 1, (args, result.stdout, result.stderr)
        assert result.stderr == (
            f"crackcoach: error: the diary {db} has a write-ahead log crackcoach.db-wal beside "
            "it that belongs to some other database; both were left untouched: move "
            f"{db}-wal aside (it is not part of the diary) to use the diary\n"), args
        assert digests(home) == before, args
    assert backup.read_text() == "the last good backup\n"
    for read_only in (True, False):
        with pytest.raises(DiaryError, match="belongs to some other database"):
            open_store(db, read_only=read_only)
    assert digests(home) == before


def test_a_wal_of_another_page_size_is_refused(home: Path, tmp_path: Path) -> None:
    db = diary(home)
    other = sqlite3.connect(tmp_path / "other.db", isolation_level=None)
    other.execute("PRAGMA page_size = 1024")
    other.execute("PRAGMA journal_mode = WAL")
    other.execute("PRAGMA wal_autocheckpoint = 0")
    other.execute("CREATE TABLE t (x)")
    other.execute("INSERT INTO t VALUES (1)")
    shutil.copyfile(tmp_path / "other.db-wal", f"{db}-wal")
    other.close()
    before = digests(home)
    with pytest.raises(DiaryError, match="belongs to some other database"):
        open_store(db)
    assert digests(home) == before


def crashed_copy(home: Path, into: Path, *, tear_first_page: bool = False) -> Path:
    """The files of a diary as a crash leaves them: a committed entry still in the -wal.

    ``tear_first_page`` garbles the application id in the logged copy of the first
    page, as a torn write would: its checksum no longer matches.
    """
    db = diary(home, 2)
    writer = sqlite3.connect(db, isolation_level=None)
    writer.execute("PRAGMA wal_autocheckpoint = 0")
    writer.execute("BEGIN")
    writer.execute("INSERT INTO entries (at_utc, at_offset, note) "
                   "VALUES ('2024-06-01T06:00:00.000000Z', 7200, 'only in the log')")
    writer.execute("PRAGMA user_version = 2")  # the first page goes into the -wal too
    writer.execute("COMMIT")
    into.mkdir()
    for suffix in ("", "-wal"):
        shutil.copyfile(f"{db}{suffix}", into / f"crackcoach.db{suffix}")
    writer.close()
    if tear_first_page:
        wal = into / "crackcoach.db-wal"
        data = bytearray(wal.read_bytes())
        size = int.from_bytes(data[8:12], "big")
        frames = range(32, len(data), 24 + size)
        first_page = [at for at in frames if int.from_bytes(data[at:at + 4], "big") == 1][-1]
        data[first_page + 24 + 68:first_page + 24 + 72] = b"ugh!"
        wal.write_bytes(bytes(data))
    return into / "crackcoach.db"


def test_a_diary_another_process_is_still_creating_reads_as_empty(tmp_path: Path) -> None:
    # The first writer has made the file (and its log) but not yet committed the tables:
    # a reader at that moment sees an empty diary, not an error.
    db = tmp_path / "crackcoach.db"
    creating = sqlite3.connect(db, isolation_level=None)
    creating.execute("PRAGMA journal_mode = WAL")
    before = db.read_bytes()
    with open_store(db, read_only=True) as store:
        assert store.history() == []
        assert store.counts() == (0, 0)
    creating.close()
    assert db.read_bytes() == before


@pytest.mark.parametrize("torn", [False, True])
def test_the_diarys_own_wal_after_a_crash_is_read(home: Path, tmp_path: Path,
                                                  torn: bool) -> None:
    db = crashed_copy(home, tmp_path / "copy", tear_first_page=torn)
    with open_store(db, read_only=True) as store:
        notes = [e.note for e in store.entries()]
    # A torn first page is not taken for another database's log (its checksum fails);
    # SQLite drops that transaction and keeps the entries before it.
    assert notes == [None, None] + ([] if torn else ["only in the log"])


def test_our_wal_beside_another_programs_database_is_refused(home: Path,
                                                              tmp_path: Path) -> None:
    ours = crashed_copy(home, tmp_path / "copy")
    folder = tmp_path / "foreign"
    folder.mkdir()
    other = sqlite3.connect(folder / "crackcoach.db")
    other.execute("CREATE TABLE recipes (name TEXT)")
    other.close()
    shutil.copyfile(f"{ours}-wal", folder / "crackcoach.db-wal")
    before = digests(folder)
    with pytest.raises(DiaryError, match="is a database of some other program"):
        open_store(folder / "crackcoach.db")
    assert digests(folder) == before


# --- links ----------------------------------------------------------------------------------

@pytest.mark.parametrize("kind", ["to a diary outside", "to a diary inside", "dangling",
                                  "looping"])
def test_a_diary_that_is_a_link_is_refused_by_every_command(
        cli: Cli, home: Path, tmp_path: Path, kind: str) -> None:
    home.mkdir()
    outside = diary(tmp_path / "outside")
    os.chmod(outside, 0o644)
    db = home / "crackcoach.db"
    target = {"to a diary outside": outside, "to a diary inside": home / "real.db",
              "dangling": tmp_path / "nowhere" / "x.db", "looping": db}[kind]
    if kind == "to a diary inside":
        shutil.copyfile(outside, target)
    db.symlink_to(target)
    before, outside_before = digests(home), digests(outside.parent)
    backup = tmp_path / "backup.csv"
    backup.write_text("the last good backup\n")
    for args in [*DIARY_COMMANDS, ["export", "--output", str(backup)]]:
        result = cli(*args)
        assert result.exit_code == 1, (args, result.stdout, result.stderr)
        assert result.stderr.startswith(f"crackcoach: error: the diary {db} is a symbolic "
                                        "link; crackcoach opens only a regular file there")
        assert result.stderr.count("\n") == 1
    assert digests(home) == before
    assert digests(outside.parent) == outside_before  # not chmod'ed, not written
    assert stat.S_IMODE(outside.stat().st_mode) == 0o644
    assert backup.read_text() == "the last good backup\n"
    assert not (tmp_path / "nowhere").exists()


@pytest.mark.parametrize("companion", ["-wal", "-shm"])
def test_a_journal_file_that_is_a_link_or_a_pipe_is_refused(home: Path, tmp_path: Path,
                                                           companion: str) -> None:
    db = diary(home)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.write_bytes(b"")
    link = Path(f"{db}{companion}")
    link.symlink_to(elsewhere)
    with pytest.raises(DiaryError, match=f"crackcoach.db{companion} beside the diary .* is a "
                                         "symbolic link"):
        open_store(db)
    link.unlink()
    os.mkfifo(link)
    with pytest.raises(DiaryError, match="is a named pipe, not a regular file; it was left"):
        open_store(db, read_only=True)
    assert elsewhere.read_bytes() == b""


def test_a_data_folder_that_is_a_link_is_followed(cli: Cli, home: Path, tmp_path: Path) -> None:
    real = tmp_path / "other-disk" / "crackcoach"
    real.mkdir(parents=True)
    home.symlink_to(real)
    assert cli("log", "--discomfort", "3", "--stiffness", "2").exit_code == 0
    assert (real / "crackcoach.db").is_file()
    assert '"discomfort": 3' in cli("history", "--json").stdout


def test_a_diary_that_is_a_folder_or_a_pipe_is_refused(cli: Cli, home: Path) -> None:
    home.mkdir()
    (home / "crackcoach.db").mkdir()
    result = cli("history")
    assert (result.exit_code, result.stderr) == (1, (
        f"crackcoach: error: the diary {home / 'crackcoach.db'} is a folder, not a regular "
        "file; it was left untouched: move it aside\n"))
    (home / "crackcoach.db").rmdir()
    os.mkfifo(home / "crackcoach.db")
    result = cli("log", "--discomfort", "3", "--stiffness", "2")  # must not wait on the pipe
    assert result.exit_code == 1 and "is a named pipe" in result.stderr


# --- modes ------------------------------------------------------------------------------------

@pytest.fixture
def lax_umask() -> Iterator[None]:
    old = os.umask(0)
    yield
    os.umask(old)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_everything_crackcoach_creates_is_private_whatever_the_umask(
        cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lax_umask: None) -> None:
    home = tmp_path / "a" / "b" / "home"  # missing parents are created private too
    monkeypatch.setenv("CRACKCOACH_HOME", str(home))
    assert cli("log", "--discomfort", "3", "--stiffness", "2").exit_code == 0
    assert cli("new", "evening").exit_code == 0
    export, report = tmp_path / "export.csv", tmp_path / "report.md"
    assert cli("export", "-o", str(export)).exit_code == 0
    assert cli("report", "-o", str(report)).exit_code == 0
    folders = [tmp_path / "a", tmp_path / "a" / "b", home, home / "routines"]
    assert {str(p): oct(mode(p)) for p in folders} == {str(p): "0o700" for p in folders}
    files = [home / "crackcoach.db", home / "routines" / "evening.yaml", export, report]
    assert {str(p): oct(mode(p)) for p in files} == {str(p): "0o600" for p in files}


UNPRIVILEGED = """
import sys
from crackcoach.cli import main
main(sys.argv[1:])
"""


def run_unprivileged(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``crackcoach ARGS`` in a child that file modes apply to (root drops its powers)."""
    prefix = unprivileged_prefix()
    env = {**os.environ, "CRACKCOACH_HOME": str(home), "NO_COLOR": "1", "TERM": "dumb"}
    return subprocess.run([*prefix, sys.executable, "-c", textwrap.dedent(UNPRIVILEGED), *args],
                          capture_output=True, text=True, timeout=60, env=env, check=False)


def test_reading_a_read_only_diary_leaves_nothing_that_stops_later_writes(home: Path) -> None:
    db = diary(home, 3)
    db.chmod(0o400)
    shown = run_unprivileged(home, "history", "--json")
    assert (shown.returncode, shown.stderr) == (0, "")
    assert shown.stdout.count('"type": "entry"') == 3
    for companion in home.glob("crackcoach.db-*"):  # what SQLite made for the reader
        assert mode(companion) == 0o600, companion
    db.chmod(0o600)
    logged = run_unprivileged(home, "log", "--discomfort", "3", "--stiffness", "2")
    assert (logged.returncode, logged.stderr) == (0, "")


def test_a_read_only_diary_is_read_and_refused_for_writing_in_one_line(home: Path) -> None:
    db = diary(home, 1)
    db.chmod(0o400)
    logged = run_unprivileged(home, "log", "--discomfort", "3", "--stiffness", "2")
    assert logged.returncode == 1
    assert logged.stderr.startswith(f"crackcoach: error: cannot write to the diary {db}: the "
                                    "file or its folder is not writable")
    assert logged.stderr.count("\n") == 1


def test_refusing_a_read_only_diary_leaves_no_0400_companions(tmp_path: Path) -> None:
    """SQLite gives new -wal/-shm files the diary's mode; 0400 ones would block later writes."""
    from homes import CRACKCOACH

    home = tmp_path / "home"
    env = {**os.environ, "CRACKCOACH_HOME": str(home)}
    subprocess.run([CRACKCOACH, "log", "--discomfort", "1", "--stiffness", "1"], env=env,
                   check=True, capture_output=True)
    db = home / "crackcoach.db"
    for companion in (Path(f"{db}-wal"), Path(f"{db}-shm")):
        companion.unlink(missing_ok=True)
    db.chmod(0o400)
    result = subprocess.run([*unprivileged_prefix(), CRACKCOACH, "log", "--discomfort", "2",
                             "--stiffness", "2"], env=env, capture_output=True, text=True)
    assert result.returncode == 1
    assert "not writable" in result.stderr
    for companion in (Path(f"{db}-wal"), Path(f"{db}-shm")):
        if companion.exists():
            assert stat.S_IMODE(companion.stat().st_mode) == 0o600
    db.chmod(0o600)
    again = subprocess.run([CRACKCOACH, "log", "--discomfort", "2", "--stiffness", "2"],
                           env=env, capture_output=True, text=True)
    assert again.returncode == 0, again.stderr


def test_a_junk_wal_beside_the_diary_is_refused_not_deleted(tmp_path: Path) -> None:
    db = tmp_path / "crackcoach.db"
    with open_store(db) as store:
        store.add_entry(DiaryEntry(datetime(2024, 6, 1, tzinfo=timezone.utc), discomfort=2))
    wal = Path(f"{db}-wal")
    wal.write_bytes(b"my shopping list, not a log\n" * 10)
    before = wal.read_bytes()
    for read_only in (False, True):
        with pytest.raises(DiaryError, match=r"crackcoach\.db-wal beside it that is not a "
                                             r"write-ahead log; both were left untouched"):
            open_store(db, read_only=read_only)
    assert wal.read_bytes() == before


def test_commands_that_only_read_leave_no_wal_or_shm_behind(tmp_path: Path) -> None:
    from homes import CRACKCOACH

    home = tmp_path / "home"
    env = {**os.environ, "CRACKCOACH_HOME": str(home)}
    subprocess.run([CRACKCOACH, "log", "--discomfort", "1", "--stiffness", "1"], env=env,
                   check=True, capture_output=True)
    def diary_files() -> list[str]:
        return sorted(p.name for p in home.iterdir() if p.name.startswith("crackcoach.db"))

    assert diary_files() == ["crackcoach.db"]
    for command in (["history"], ["stats"], ["export"], []):
        subprocess.run([CRACKCOACH, *command], env=env, check=True, capture_output=True)
        assert diary_files() == ["crackcoach.db"], command
