"""The diary under faults, through the real ``crackcoach`` program.

Killed writers, many writers of different kinds at once, a full disk, and a
data folder or database that cannot be used, for every command that touches
the diary. tests/test_store.py covers the same faults one level down (the
store module in-process); these check what a person sees and that nothing
they had is lost or overwritten.
"""

from __future__ import annotations

import functools
import json
import os
import random
import resource
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import typer.main

from crackcoach import store
from crackcoach.cli.commands import build_app
from guards import unprivileged_prefix
from homes import CRACKCOACH, tiny_routines

if sys.platform == "win32":  # pragma: no cover
    pytest.skip("signals, mounts and file size limits are POSIX only", allow_module_level=True)

TIMEOUT = 60

Run = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture
def routines(tmp_path: Path) -> Path:
    return tiny_routines(tmp_path)


def environment(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("CRACKCOACH_DEBUG", "LINES")}
    env.update(CRACKCOACH_HOME=str(home), NO_COLOR="1", TERM="dumb", COLUMNS="100")
    return env


def run(home: Path, *args: str, prefix: tuple[str, ...] = (),
        preexec: Callable[[], None] | None = None) -> subprocess.CompletedProcess[str]:
    """``crackcoach ARGS`` as a separate process, standard input not a terminal."""
    return subprocess.run([*prefix, CRACKCOACH, *args], env=environment(home),
                          stdin=subprocess.DEVNULL, capture_output=True, text=True,
                          timeout=TIMEOUT, preexec_fn=preexec, check=False)


def log_args(number: int) -> list[str]:
    return ["log", "--discomfort", str(number % 11), "--stiffness", str(number * 7 % 11),
            "--note", f"entry-{number}"]


def stored_notes(db: Path) -> dict[str, tuple[int, int]]:
    """note -> (discomfort, stiffness) of every entry, read without crackcoach."""
    with sqlite3.connect(db) as raw:
        rows = raw.execute("SELECT note, discomfort, stiffness FROM entries").fetchall()
    raw.close()
    return {note: (discomfort, stiffness) for note, discomfort, stiffness in rows}


def integrity(db: Path) -> str:
    raw = sqlite3.connect(db)
    try:
        return str(raw.execute("PRAGMA integrity_check").fetchone()[0])
    finally:
        raw.close()


def one_error_line(result: subprocess.CompletedProcess[str]) -> str:
    """The single error line (without its prefix); fails on anything else."""
    assert "Traceback" not in result.stderr + result.stdout
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("crackcoach: error: "), result.stderr
    return lines[0].removeprefix("crackcoach: error: ")


# --- killed at random moments ------------------------------------------------------------------

@pytest.mark.slow
def test_log_killed_at_random_moments_200_times_loses_nothing_it_confirmed(
        tmp_path: Path) -> None:
    chance = random.Random(20240501)
    lifetimes = []
    for warm in range(3):
        began = time.monotonic()
        assert run(tmp_path / "warm", *log_args(warm)).returncode == 0
        lifetimes.append(time.monotonic() - began)
    # Kills are spread over a whole run, the write included (capped: a stall while warming
    # up must not make the test slow).
    lifetime = min(sorted(lifetimes)[1], 0.5)
    rounds, at_once, homes = 200, 4, 5
    number = 0
    statuses: list[int] = []
    for block in range(homes):  # a new diary now and then: kills during its creation too
        home = tmp_path / f"home{block}"
        confirmed: set[str] = set()
        for _ in range(rounds // homes // at_once):
            children = []
            for _ in range(at_once):
                number += 1
                children.append((number, subprocess.Popen(
                    [CRACKCOACH, *log_args(number)], env=environment(home),
                    stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL)))
            time.sleep(chance.uniform(0, 1.3 * lifetime))
            for _, child in children:
                time.sleep(chance.uniform(0, lifetime / 8))
                child.send_signal(signal.SIGKILL)
            for entry, child in children:
                statuses.append(child.wait(TIMEOUT))
                if statuses[-1] == 0:
                    confirmed.add(f"entry-{entry}")
        db = home / "crackcoach.db"
        # The diary still works after all that, and nothing half-written is in it.
        after = run(home, "log", "--discomfort", "1", "--stiffness", "1", "--note", "after")
        assert (after.returncode, after.stderr) == (0, "")
        assert integrity(db) == "ok"
        found = stored_notes(db)
        assert confirmed <= set(found), sorted(confirmed - set(found))
        for note, values in found.items():
            if note != "after":
                entry = int(note.split("-")[1])
                assert values == (entry % 11, entry * 7 % 11)
    assert -signal.SIGKILL in statuses  # the kills did land


# --- many writers of different kinds at once ------------------------------------------------

@pytest.mark.parametrize("processes", [2, 20])
def test_sessions_logs_and_readers_at_once_lose_nothing(tmp_path: Path, routines: Path,
                                                        processes: int) -> None:
    # tests/test_diary_processes.py runs 20 `log`s at once; here sessions (each checks the
    # diary before it starts, then saves at the end) and history readers join them.
    home = tmp_path / "home"
    env = environment(home)
    kinds = ["start", "log", "history"]
    commands = []
    for n in range(processes):
        kind = kinds[n % 3] if processes > 2 else ["start", "log"][n]
        if kind == "start":
            args = ["start", "tiny", "--routines-dir", str(routines), "--plain", "--no-log",
                    "--quiet"]
        elif kind == "log":
            args = log_args(n)
        else:
            args = ["history", "--json"]
        commands.append((kind, n, args))
    children = [(kind, n, subprocess.Popen([CRACKCOACH, *args], env=env,
                                           stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                           stderr=subprocess.PIPE, text=True))
                for kind, n, args in commands]
    outputs = [(kind, n, child.communicate(timeout=TIMEOUT), child.returncode)
               for kind, n, child in children]
    failures = [(kind, status, err) for kind, _, (_, err), status in outputs
                if status != 0 or err]
    assert failures == []
    for kind, _, (out, _), _ in outputs:
        if kind == "history":
            assert isinstance(json.loads(out)["records"], list)
    history = json.loads(run(home, "history", "--json", "--limit", "1000").stdout)[
        "records"]
    assert sorted(item["note"] for item in history if item["type"] == "entry") == sorted(
        f"entry-{n}" for kind, n, _ in commands if kind == "log")
    assert [item["outcome"] for item in history if item["type"] == "session"] == [
        "completed"] * sum(1 for kind, _, _ in commands if kind == "start")
    assert integrity(home / "crackcoach.db") == "ok"


# --- a full disk -----------------------------------------------------------------------------

@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 512 KiB tmpfs mounted for this test; skipped where mounting is not allowed."""
    mount, umount = shutil.which("mount"), shutil.which("umount")
    point = tmp_path / "disk"
    point.mkdir()
    if os.geteuid() != 0 or mount is None or umount is None:
        pytest.skip("mounting a small file system needs root")
    done = subprocess.run([mount, "-t", "tmpfs", "-o", "size=512k,mode=0700", "tmpfs",
                           str(point)], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
    try:
        yield point
    finally:
        if subprocess.run([umount, str(point)], capture_output=True, check=False).returncode:
            subprocess.run([umount, "-l", str(point)], capture_output=True, check=False)


def fill(disk: Path) -> Path:
    """Write zeros into ``disk`` until no space is left; the filler file."""
    filler = disk / "filler"
    handle = os.open(filler, os.O_WRONLY | os.O_CREAT, 0o600)
    block = b"\0" * 4096
    try:
        while True:
            os.write(handle, block)
    except OSError:
        pass
    finally:
        os.close(handle)
    return filler


def no_bigger_files(limit: int) -> Callable[[], None]:
    """For a child process: files may not grow past ``limit`` bytes (EFBIG, not a signal)."""

    def apply() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return apply


def diary_with_entries(home: Path, count: int = 3) -> Path:
    for number in range(count):
        done = run(home, *log_args(number))
        assert done.returncode == 0, done.stderr
    return home / "crackcoach.db"


def assert_previous_entries_intact(home: Path, count: int = 3) -> None:
    db = home / "crackcoach.db"
    shown = run(home, "history", "--json")
    assert shown.returncode == 0, shown.stderr
    assert sorted(item["note"] for item in json.loads(shown.stdout)["records"]) == sorted(
        f"entry-{n}" for n in range(count))
    assert integrity(db) == "ok"


def test_log_on_a_full_disk_says_so_and_keeps_the_diary(small_disk: Path) -> None:
    home = small_disk / "home"
    db = diary_with_entries(home)
    before = db.read_bytes()
    filler = fill(small_disk)
    for args in (log_args(9), ["history"]):
        result = run(home, *args)
        assert result.returncode == 1
        assert one_error_line(result) == (
            f"cannot open the diary {db}: the disk is full (disk I/O error); nothing was "
            "changed: free some space and try again")
        assert result.stdout == ""
    assert db.read_bytes() == before
    filler.unlink()
    assert_previous_entries_intact(home)


def test_space_running_out_during_a_write_keeps_the_diary(small_disk: Path,
                                                          routines: Path) -> None:
    home = small_disk / "home"
    db = diary_with_entries(home)
    reader = sqlite3.connect(db)  # keeps the journal files open, so only the write needs room
    try:
        reader.execute("SELECT count(*) FROM entries").fetchone()
        filler = fill(small_disk)
        result = run(home, "log", "--discomfort", "4", "--stiffness", "4", "--note", "y" * 2000)
        assert result.returncode == 1
        assert one_error_line(result) == (
            f"cannot write to the diary {db}: the disk is full (database or disk is full); "
            "nothing was changed: free some space and try again")
        # A session that cannot be saved at the end says so, after its summary.
        session = run(home, "start", "tiny", "--routines-dir", str(routines), "--plain",
                      "--no-log", "--quiet")
        assert session.returncode == 1
        assert "Session complete: Tiny check" in session.stdout
        assert one_error_line(session).startswith(f"cannot write to the diary {db}: the disk "
                                                  "is full")
    finally:
        reader.close()
    filler.unlink()
    assert_previous_entries_intact(home)


def test_a_new_diary_on_a_full_disk_is_refused_then_works_once_there_is_room(
        small_disk: Path) -> None:
    home = small_disk / "home"
    filler = fill(small_disk)
    result = run(home, *log_args(0))
    assert result.returncode == 1
    assert "the disk is full" in one_error_line(result)
    filler.unlink()
    assert run(home, *log_args(0)).returncode == 0
    assert_previous_entries_intact(home, count=1)


@pytest.mark.parametrize("moment", ["opening", "writing"])
def test_a_write_error_keeps_the_diary(tmp_path: Path, moment: str) -> None:
    # Where no small disk can be mounted this still runs: a file size limit makes the
    # child's writes fail (EFBIG) the way a full disk makes them fail (ENOSPC).
    home = tmp_path / "home"
    db = diary_with_entries(home)
    before = db.read_bytes()
    reader = sqlite3.connect(db)
    try:
        if moment == "writing":  # the journal files stay, so the open needs no new room
            reader.execute("SELECT count(*) FROM entries").fetchone()
        result = run(home, "log", "--discomfort", "4", "--stiffness", "4", "--note", "y" * 2000,
                     preexec=no_bigger_files(0 if moment == "opening" else 4096))
    finally:
        reader.close()
    assert result.returncode == 1
    doing = "open" if moment == "opening" else "write to"
    assert one_error_line(result) == f"cannot {doing} the diary {db}: disk I/O error"
    assert db.read_bytes() == before
    assert_previous_entries_intact(home)


# --- a diary that cannot be used, for every command that touches it --------------------------

# Good arguments for each command that opens the diary; a command added later fails
# test_every_command_is_known_to_touch_the_diary_or_not until it is listed here.
DIARY_COMMANDS: dict[str, list[str]] = {
    "log": ["log", "--discomfort", "3", "--stiffness", "2"],
    "activity": ["activity", "add", "tie my shoes"],
    "history": ["history"],
    "start": ["start", "tiny", "--routines-dir", "{routines}", "--plain", "--no-log",
              "--quiet"],
    "stats": ["stats"],
    "report": ["report"],
    "export": ["export"],
    "import": ["import", "{import_file}"],
    "today": ["today"],
    "edit": ["edit", "e1", "--discomfort", "2"],
    "delete": ["delete", "e1", "--yes"],
    "undo": ["undo"],
    "done": ["done", "tiny", "--routines-dir", "{routines}", "--minutes", "1"],
    "cleared": ["cleared"],
    "sync": ["sync", "{sync_dir}"],
}
# plan reads the diary only to show an active plan (tests/test_plans.py checks that case);
# check keeps its answer in a file of its own beside the diary (tests/test_firstcheck.py).
# sheet, as plan, reads the diary only for the week of an active plan (tests/test_sheet.py).
NO_DIARY = {"list", "show", "validate", "new", "flags", "learn", "config", "remind", "plan",
            "check", "sheet"}
READS_ONLY = {"history", "stats", "report", "export", "today"}
# Corrections of records that are not there answer so without creating a diary.
CORRECTIONS = {"edit": (2, "there is no diary entry e1 in the diary"),
               "delete": (2, "there is no diary entry e1 in the diary"),
               "undo": (0, "")}


@functools.cache
def registered() -> frozenset[str]:
    group = typer.main.get_command(build_app())
    return frozenset(group.commands)  # type: ignore[attr-defined]


def test_every_command_is_known_to_touch_the_diary_or_not() -> None:
    unknown = registered() - set(DIARY_COMMANDS) - NO_DIARY
    assert unknown == set(), f"add {sorted(unknown)} to DIARY_COMMANDS or NO_DIARY"


COMMANDS = [name for name in DIARY_COMMANDS if name in registered()]


@pytest.fixture
def import_file(tmp_path: Path) -> Path:
    """An export of a one-entry diary, for ``import`` (when this build has it)."""
    path = tmp_path / "export.data"
    if "import" in registered():
        source = tmp_path / "export-home"
        diary_with_entries(source, 1)
        path.write_text(run(source, "export").stdout, encoding="utf-8")
    return path


def command_line(name: str, routines: Path, import_file: Path) -> list[str]:
    places = {"{routines}": str(routines), "{import_file}": str(import_file),
              "{sync_dir}": str(routines.parent / "sync")}
    return [places.get(arg, arg) for arg in DIARY_COMMANDS[name]]


def newer_diary(db: Path) -> None:
    with store.open_store(db):
        pass
    raw = sqlite3.connect(db)
    raw.execute(f"PRAGMA user_version = {store.SCHEMA_VERSION + 1}")
    raw.close()


def foreign_database(db: Path) -> None:
    db.parent.mkdir(parents=True)
    raw = sqlite3.connect(db)
    raw.execute("CREATE TABLE recipes (name TEXT)")
    raw.close()


def not_sqlite(db: Path) -> None:
    db.parent.mkdir(parents=True)
    db.write_bytes(b"my tax notes, not a database\n" * 300)


BAD_FILES = {
    "not-sqlite": (not_sqlite, "the diary {db} is damaged or is not a database (file is not "
                               "a database); it was left untouched"),
    "newer": (newer_diary, "the diary {db} was written by a newer crackcoach (schema version "
                           f"{store.SCHEMA_VERSION + 1}"),
    "foreign": (foreign_database, "{db} is a database of some other program, not a "
                                  "crackcoach diary; it was left untouched"),
}


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


@pytest.mark.parametrize("name", COMMANDS)
@pytest.mark.parametrize("kind", sorted(BAD_FILES))
def test_an_unusable_diary_file_is_reported_and_left_as_it_was(
        tmp_path: Path, routines: Path, import_file: Path, name: str, kind: str) -> None:
    home = tmp_path / "home"
    db = home / "crackcoach.db"
    make, message = BAD_FILES[kind]
    make(db)
    before = snapshot(home)
    result = run(home, *command_line(name, routines, import_file))
    assert result.returncode == 1, (result.stdout, result.stderr)
    assert one_error_line(result).startswith(message.format(db=db))
    assert snapshot(home) == before  # not changed, and no journal files left beside it
    assert "Session" not in result.stdout  # start refused before the session, not after


def drop_root_powers() -> tuple[str, ...]:
    """A command prefix under which file permissions apply, even to root."""
    return tuple(unprivileged_prefix())


@pytest.fixture
def read_only(tmp_path: Path) -> Iterator[tuple[Path, Callable[[], None], tuple[str, ...]]]:
    """A folder to fill, a function that makes it read-only, and the prefix to run under.

    A read-only tmpfs where mounting is allowed (it stops root too); otherwise a folder
    without write permission and a child without the powers that ignore it.
    """
    folder = tmp_path / "ro"
    folder.mkdir()
    mount, umount = shutil.which("mount"), shutil.which("umount")
    mounted = False
    if os.geteuid() == 0 and mount and umount:
        mounted = subprocess.run([mount, "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(folder)],
                                 capture_output=True, check=False).returncode == 0
    if mounted:
        def lock() -> None:
            subprocess.run([mount, "-o", "remount,ro", str(folder)], check=True)
        prefix: tuple[str, ...] = ()
    else:
        def lock() -> None:
            for path in [folder, *folder.rglob("*")]:
                if path.is_dir():
                    path.chmod(0o555)
        prefix = drop_root_powers()
    try:
        yield folder, lock, prefix
    finally:
        if mounted:
            subprocess.run([umount, "-l", str(folder)], capture_output=True, check=False)
        else:
            for path in [folder, *folder.rglob("*")]:
                if path.is_dir():
                    path.chmod(0o755)


@pytest.mark.parametrize("name", COMMANDS)
@pytest.mark.parametrize("state", ["existing diary", "no diary yet", "missing folder"])
def test_a_read_only_data_folder_is_reported_and_nothing_changes(
        read_only: tuple[Path, Callable[[], None], tuple[str, ...]], routines: Path,
        import_file: Path, name: str, state: str) -> None:
    folder, lock, prefix = read_only
    home = folder / "data" if state == "missing folder" else folder
    db = home / "crackcoach.db"
    if state == "existing diary":
        diary_with_entries(home)
    lock()
    before = snapshot(folder)
    result = run(home, *command_line(name, routines, import_file), prefix=prefix)
    assert snapshot(folder) == before
    if state != "existing diary" and name in CORRECTIONS:
        code, message = CORRECTIONS[name]
        assert result.returncode == code and message in result.stderr, result.stderr
        assert not db.exists() and home.exists() == (state != "missing folder")
        return
    if state != "existing diary" and name in READS_ONLY:
        # Nothing to read yet: an empty answer, and no diary (or folder) created for it.
        assert (result.returncode, result.stderr) == (0, "")
        assert not db.exists() and home.exists() == (state != "missing folder")
        return
    if name in READS_ONLY:
        # Reading opens the diary read-only, so a read-only folder is no obstacle.
        assert (result.returncode, result.stderr) == (0, ""), name
        assert result.stdout.strip()
        return
    assert result.returncode == 1, (result.stdout, result.stderr)
    message = one_error_line(result)
    expected = {
        "existing diary": f"cannot open the diary {db}: the file or its folder is not writable",
        "no diary yet": f"cannot create the diary {db}: ",
        "missing folder": f"cannot create the diary folder {home}: ",
    }[state]
    assert message.startswith(expected), message
    assert "Session" not in result.stdout


def test_history_with_no_diary_creates_nothing(tmp_path: Path) -> None:
    home = tmp_path / "home"
    result = run(home, "history")
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.startswith("Nothing in your diary yet.")
    assert not home.exists()
