"""Working files of import and export: only in the data folder or beside the output, 0600,
removed on every catchable signal, and cleared by the next run after a SIGKILL.

Each import stages every row it reads, notes included, so a copy left in the
system's shared temporary folder would be health data outside the diary's
private folder.
"""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from crackcoach.diary.records import DiaryEntry
from crackcoach.store import open_store
from homes import CRACKCOACH

TIMEOUT = 120
T0 = datetime(2025, 1, 6, 8, 0, tzinfo=timezone.utc)
ROWS = 60_000


@pytest.fixture(scope="module")
def backup(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A large export (CSV), so that an import of it takes long enough to be killed."""
    home = tmp_path_factory.mktemp("source")
    with open_store(home / "crackcoach.db") as store:
        store.import_records([], [DiaryEntry(T0 + timedelta(minutes=n), discomfort=n % 11,
                                             stiffness=3, note=f"private note {n}")
                                  for n in range(ROWS)])
    target = home / "backup.csv"
    subprocess.run([CRACKCOACH, "export", "-o", str(target)], check=True, timeout=TIMEOUT,
                   env={**os.environ, "CRACKCOACH_HOME": str(home)})
    return target


def environment(tmp_path: Path) -> dict[str, str]:
    scratch = tmp_path / "system-tmp"
    scratch.mkdir(exist_ok=True)
    return {**os.environ, "CRACKCOACH_HOME": str(tmp_path / "home"), "TMPDIR": str(scratch),
            "SQLITE_TMPDIR": str(scratch)}


def working_files(folder: Path) -> list[Path]:
    return [p for p in folder.iterdir() if "crackcoach-work" in p.name] if folder.is_dir() \
        else []


def wait_for_working_file(folder: Path, process: subprocess.Popen[bytes]) -> Path:
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        found = working_files(folder)
        if found:
            return found[0]
        assert process.poll() is None, "finished before it could be stopped"
        time.sleep(0.01)
    raise AssertionError("no working file appeared")


@pytest.mark.slow
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT])
def test_an_import_stopped_by_a_signal_leaves_nothing(backup: Path, tmp_path: Path,
                                                      signum: int) -> None:
    env = environment(tmp_path)
    home = tmp_path / "home"
    process = subprocess.Popen([CRACKCOACH, "import", str(backup)], env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    working = wait_for_working_file(home, process)
    assert stat.S_IMODE(working.stat().st_mode) == 0o600
    process.send_signal(signum)
    _, errors = process.communicate(timeout=TIMEOUT)
    assert process.returncode == 128 + signum
    assert b"Traceback" not in errors
    assert working_files(home) == []
    assert list((tmp_path / "system-tmp").iterdir()) == []


@pytest.mark.slow
def test_an_import_killed_leaves_its_file_only_in_the_data_folder_and_the_next_clears_it(
        backup: Path, tmp_path: Path) -> None:
    env = environment(tmp_path)
    home = tmp_path / "home"
    process = subprocess.Popen([CRACKCOACH, "import", str(backup)], env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    working = wait_for_working_file(home, process)
    process.kill()
    process.wait(timeout=TIMEOUT)
    assert list((tmp_path / "system-tmp").iterdir()) == []
    assert working.exists()  # SIGKILL cannot be caught: left, private, in the data folder
    assert stat.S_IMODE(working.stat().st_mode) == 0o600
    subprocess.run([CRACKCOACH, "log", "--discomfort", "2", "--stiffness", "2"], env=env,
                   check=True, capture_output=True, timeout=TIMEOUT)
    assert working_files(home) == []


@pytest.mark.slow
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGKILL])
def test_an_export_stopped_leaves_no_copy_behind_after_the_next(backup: Path,
                                                                 tmp_path: Path,
                                                                 signum: int) -> None:
    env = {**os.environ, "CRACKCOACH_HOME": str(backup.parent)}
    out = tmp_path / "out"
    out.mkdir()
    target = out / "backup.csv"
    process = subprocess.Popen([CRACKCOACH, "export", "-o", str(target)], env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    working = wait_for_working_file(out, process)
    assert stat.S_IMODE(working.stat().st_mode) == 0o600
    process.send_signal(signum)
    process.wait(timeout=TIMEOUT)
    if signum != signal.SIGKILL:
        assert process.returncode == 128 + signum
        assert list(out.iterdir()) == []
    subprocess.run([CRACKCOACH, "export", "-o", str(target)], env=env, check=True,
                   timeout=TIMEOUT, capture_output=True)
    assert [p.name for p in out.iterdir()] == ["backup.csv"]
