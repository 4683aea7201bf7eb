"""Where ``export -o`` and ``report -o`` write: special files straight, regular files atomically.

A special file is never replaced by a regular one (as root, that would turn
the system's /dev/null into a file holding the diary).
"""

from __future__ import annotations

import io
import os
import stat
import threading
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from crackcoach.base import atomicfile
from crackcoach.base.atomicfile import open_output
from crackcoach.diary import exchange
from crackcoach.diary.records import DiaryEntry
from crackcoach.errors import CrackcoachError, InputError
from crackcoach.store import open_store
from guards import no_waiting

Cli = Callable[..., Any]
T0 = datetime(2024, 5, 1, 8, 0, tzinfo=timezone(timedelta(hours=2)))


@pytest.fixture
def seeded(home: Path) -> Path:
    with open_store(home / "crackcoach.db") as store:
        for n in range(200):  # more than a write buffer, so a full disk is met while writing
            store.add_entry(DiaryEntry(T0 + timedelta(hours=n), discomfort=n % 11,
                                       note="a note long enough to fill buffers " * 3))
    return home / "crackcoach.db"


def test_dash_and_nothing_mean_standard_output() -> None:
    out = io.StringIO()
    for target in (None, "-", Path("-")):
        with open_output(target, out) as stream:
            assert stream is out


@pytest.mark.skipif(not os.path.exists("/dev/null"), reason="no /dev/null")
@pytest.mark.parametrize("command", [["export"], ["report", "--format", "html"],
                                     ["sheet", "back-reset"]])
def test_dev_null_is_written_into_and_stays_a_device(cli: Cli, seeded: Path,
                                                     command: list[str]) -> None:
    before = os.stat("/dev/null")
    result = cli(*command, "--output", "/dev/null")
    assert result.exit_code == 0, result.stderr
    after = os.stat("/dev/null")
    assert stat.S_ISCHR(after.st_mode)
    assert (after.st_ino, after.st_rdev, stat.S_IMODE(after.st_mode)) == (
        before.st_ino, before.st_rdev, stat.S_IMODE(before.st_mode))


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full")
@pytest.mark.parametrize("command", [["export"], ["report"], ["sheet", "back-reset"]])
def test_dev_full_says_the_disk_is_full(cli: Cli, seeded: Path, command: list[str]) -> None:
    result = cli(*command, "--output", "/dev/full")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == ("crackcoach: error: cannot write /dev/full: the disk is full (No "
                             "space left on device)\n")
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)


def test_a_pipe_with_a_reader_gets_the_export(cli: Cli, seeded: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    try:
        with no_waiting():
            for _ in range(500):  # until the reader has opened its end
                result = cli("export", "--output", str(fifo))
                if "nothing is reading" not in result.stderr:
                    break
                threading.Event().wait(0.01)
    finally:
        reader.join(10)
    assert result.exit_code == 0, result.stderr
    assert received[0].decode().count("\nentry,") == 200
    assert stat.S_ISFIFO(fifo.stat().st_mode)


def test_a_pipe_nobody_reads_is_refused_at_once(cli: Cli, seeded: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with no_waiting():
        result = cli("export", "--output", str(fifo))
    assert (result.exit_code, result.stderr) == (1, (
        f"crackcoach: error: cannot write {fifo}: nothing is reading from that pipe; start the "
        "reader first\n"))
    assert stat.S_ISFIFO(fifo.stat().st_mode)


def test_a_link_to_a_backup_keeps_pointing_at_the_new_one(cli: Cli, seeded: Path,
                                                          tmp_path: Path) -> None:
    real = tmp_path / "sync" / "backup.csv"
    real.parent.mkdir()
    real.write_text("old\n")
    link = tmp_path / "backup.csv"
    link.symlink_to(real)
    assert cli("export", "--output", str(link)).exit_code == 0
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert real.read_text().count("\nentry,") == 200
    assert stat.S_IMODE(real.stat().st_mode) == 0o600
    assert sorted(p.name for p in real.parent.iterdir()) == ["backup.csv"]


def test_a_regular_file_is_replaced_whole_or_not_at_all(tmp_path: Path) -> None:
    target = tmp_path / "backup.csv"
    target.write_text("old backup\n")
    with pytest.raises(RuntimeError), open_output(target, io.StringIO()) as out:
        out.write("kind,id\nsession,")
        raise RuntimeError("the diary went away")
    assert target.read_text() == "old backup\n"
    assert os.listdir(tmp_path) == ["backup.csv"]


@pytest.mark.parametrize(("make", "message"), [
    (lambda p: p.mkdir(), "it is a folder"),
    (lambda p: (p.parent / "file").write_text("") or None, "Not a directory"),
])
def test_targets_that_cannot_be_written_are_named(tmp_path: Path, make: Callable[[Path], None],
                                                  message: str) -> None:
    target = tmp_path / "out"
    make(target)
    if message == "Not a directory":
        target = tmp_path / "file" / "out.csv"
    with pytest.raises(CrackcoachError, match=message), open_output(target, io.StringIO()):
        pass


def test_a_folder_is_bad_input() -> None:
    with pytest.raises(InputError), open_output("/", io.StringIO()):
        pass


def test_no_diary_does_not_replace_a_backup_with_an_empty_export(cli: Cli, home: Path,
                                                                 tmp_path: Path) -> None:
    backup = tmp_path / "backup.csv"
    backup.write_text("kind,id\nentry,1\n")
    result = cli("export", "--output", str(backup))
    assert result.exit_code == 1
    assert result.stderr == (f"crackcoach: error: there is no diary at {home / 'crackcoach.db'}"
                             f", so the export would be empty; {backup} was left as it was (is "
                             "CRACKCOACH_HOME set as usual?)\n")
    assert backup.read_text() == "kind,id\nentry,1\n"
    assert not home.exists()


def test_an_export_that_fails_half_way_keeps_the_old_backup(
        cli: Cli, seeded: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    backup = tmp_path / "backup.json"
    backup.write_text("old\n")
    real_write = exchange.write

    def failing(*args: Any, **options: Any) -> Any:
        real_write(*args, **options)
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(exchange, "write", failing)
    result = cli("export", "--format", "json", "--output", str(backup))
    assert (result.exit_code, result.stderr) == (1, (
        f"crackcoach: error: cannot write {backup}: the disk is full (No space left on "
        "device)\n"))
    assert backup.read_text() == "old\n"
    assert sorted(os.listdir(tmp_path)) == ["backup.json", "home"]


def test_write_text_atomic_still_makes_private_files(tmp_path: Path) -> None:
    old = os.umask(0)
    try:
        atomicfile.write_text_atomic(tmp_path / "r.md", lambda out: out.write("# report\n"))
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "r.md").stat().st_mode) == 0o600
