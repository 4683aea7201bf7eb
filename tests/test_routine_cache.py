"""Routines already read are kept, and a kept copy never stands in for a changed file."""

from __future__ import annotations

import hashlib
import json
import os
import stat
import subprocess
import time
from pathlib import Path

import pytest

from crackcoach.base.paths import Folder
from crackcoach.errors import RoutineError
from crackcoach.routines import cache as routine_cache
from crackcoach.routines import library
from crackcoach.routines.cache import stamp_of
from crackcoach.routines.reader import load_routine
from guards import no_waiting, unprivileged_prefix
from homes import CRACKCOACH, run_yaml_probe
from kept import KINDS, CountingCache, routine_text, settled

VERSION = "test"


def fresh(tmp_path: Path, clock: float | None = None) -> CountingCache:
    """A cache object over the cache file in ``tmp_path``, as a new command makes it."""
    return CountingCache(tmp_path / "cache" / "routines.json", VERSION,
                         clock=(lambda: clock) if clock is not None else time.time)


def test_an_unchanged_file_is_not_parsed_again(tmp_path: Path) -> None:
    path = settled(tmp_path / "mine.yaml", routine_text("Mine"))
    cache = fresh(tmp_path)
    first = load_routine(path, cache=cache)
    cache.save()
    cache = fresh(tmp_path)
    second = load_routine(path, cache=cache)
    assert cache.hits == 1
    assert second == first == load_routine(path)  # the same routine as from the file


def test_the_digest_is_blake2b_as_hashlib_gives_it() -> None:
    """Caches written by any crackcoach that took it from hashlib stay valid."""
    for raw in (b"", b"version: 1\n", bytes(range(256)) * 100):
        assert routine_cache.content_digest(raw) == hashlib.blake2b(
            raw, digest_size=16).hexdigest()


def test_saved_only_by_save_and_only_when_something_is_new(tmp_path: Path) -> None:
    path = settled(tmp_path / "mine.yaml", routine_text("Mine"))
    cache = fresh(tmp_path)
    load_routine(path, cache=cache)
    assert not cache.path.exists()
    cache.save()
    written = cache.path.stat().st_mtime_ns
    again = fresh(tmp_path)
    load_routine(path, cache=again)
    again.save()
    assert cache.path.stat().st_mtime_ns == written


def test_an_edit_that_keeps_the_size_and_the_modification_time_is_seen(
        tmp_path: Path) -> None:
    path = settled(tmp_path / "mine.yaml", routine_text("Mine"))
    cache = fresh(tmp_path)
    load_routine(path, cache=cache)
    cache.save()
    settled(path, routine_text("Ours"))  # same length, same date: only the change time moves
    again = fresh(tmp_path)
    assert load_routine(path, cache=again).title == "Ours"
    assert again.hits == 0


def test_a_file_changed_moments_ago_is_not_kept(tmp_path: Path) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text(routine_text("Mine"), encoding="utf-8")
    changed = path.stat().st_mtime_ns / 1e9
    cache = fresh(tmp_path, clock=changed + routine_cache.SETTLED_SECONDS - 0.5)
    load_routine(path, cache=cache)
    cache.save()
    assert not cache.path.exists()
    later = fresh(tmp_path, clock=changed + routine_cache.SETTLED_SECONDS + 0.5)
    load_routine(path, cache=later)
    later.save()
    assert json.loads(later.path.read_text())["files"][str(path)]["data"]["title"] == "Mine"


def test_a_file_with_problems_is_never_kept_so_its_lines_are_always_told(
        tmp_path: Path) -> None:
    path = settled(tmp_path / "mine.yaml", routine_text("Mine").replace("seconds: 60",
                                                                      "seconds: -1"))
    for _ in range(2):
        cache = fresh(tmp_path)
        with pytest.raises(RoutineError) as caught:
            load_routine(path, cache=cache)
        cache.save()
        assert ":5:" in caught.value.problems[0]
    assert not cache.path.exists()


def test_kept_data_the_checks_refuse_sends_back_to_the_file(tmp_path: Path) -> None:
    path = settled(tmp_path / "mine.yaml", routine_text("Mine"))
    cache = fresh(tmp_path)
    load_routine(path, cache=cache)
    cache.save()
    content = json.loads(cache.path.read_text())
    content["files"][str(path)]["data"]["steps"] = "nonsense"
    cache.path.write_text(json.dumps(content))
    assert load_routine(path, cache=fresh(tmp_path)).steps == load_routine(path).steps


def test_an_entry_for_other_bytes_is_not_used(tmp_path: Path) -> None:
    """An entry kept under the file's own stamp but from other bytes is read again."""
    path = settled(tmp_path / "mine.yaml", routine_text("Mine"))
    cache = fresh(tmp_path)
    load_routine(path, cache=cache)
    cache.save()
    content = json.loads(cache.path.read_text())
    entry = content["files"][str(path)]
    assert entry["stamp"] == stamp_of(path)
    entry["digest"] = "0" * 32
    entry["data"]["title"] = "Forged"
    cache.path.write_text(json.dumps(content))
    again = fresh(tmp_path)
    assert load_routine(path, cache=again).title == "Mine"
    assert again.hits == 0


def test_start_reads_the_routine_file_whatever_the_cache_says(tmp_path: Path) -> None:
    """A forged entry, its stamp and digest copied: start and its dry run use the file."""
    home = tmp_path / "home"
    settled(home / "routines" / "mine.yaml", routine_text("Mine"))
    assert run_yaml_probe(home, "list").returncode == 0
    where = home / "cache" / "routines.json"
    content = json.loads(where.read_text())
    entry = content["files"][str(home / "routines" / "mine.yaml")]
    entry["data"]["title"] = "Forged"
    entry["data"]["steps"][0]["seconds"] = 3600
    where.write_text(json.dumps(content))
    shown = run_yaml_probe(home, "start", "mine", "--dry-run")
    assert shown.returncode == 0, shown.stderr
    assert "Mine" in shown.stdout and "Forged" not in shown.stdout
    assert "60:00" not in shown.stdout


@pytest.mark.parametrize("kind", sorted(KINDS))
@pytest.mark.parametrize("damage", ["garbage", "not-an-object", "other-version",
                                    "other-format", "deep", "folder", "fifo", "device"])
def test_a_damaged_or_foreign_cache_only_means_reading_the_files(tmp_path: Path,
                                                                  damage: str, kind: str) -> None:
    of = KINDS[kind]
    path = settled(tmp_path / "mine.yaml", of.text("Mine"))
    where = tmp_path / "cache" / of.cache_file
    where.parent.mkdir()
    good = {"format": routine_cache.FORMAT, "crackcoach": VERSION,
            "files": {str(path): {"stamp": stamp_of(path), "data": {"title": "Forged"}}}}
    if damage == "garbage":
        where.write_bytes(b"\xff\xfe{not json")
    elif damage == "not-an-object":
        where.write_text("[1, 2, 3]")
    elif damage in ("other-version", "other-format"):
        key = "crackcoach" if damage == "other-version" else "format"
        where.write_text(json.dumps({**good, key: "9"}))
    elif damage == "deep":
        where.write_text("[" * 100_000 + "]" * 100_000)
    elif damage == "folder":
        where.mkdir()
    elif damage == "fifo":
        os.mkfifo(where)
    else:
        where.symlink_to("/dev/zero")
    with no_waiting():
        cache = CountingCache(where, VERSION)
        assert of.load(path, cache=cache).title == "Mine"
        cache.save()
    assert cache.hits == 0


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_a_link_where_the_cache_belongs_is_replaced_not_written_through(tmp_path: Path,
                                                                        kind: str) -> None:
    of = KINDS[kind]
    path = settled(tmp_path / "mine.yaml", of.text("Mine"))
    elsewhere = tmp_path / "elsewhere.txt"
    elsewhere.write_text("not crackcoach's")
    where = tmp_path / "cache" / of.cache_file
    where.parent.mkdir()
    where.symlink_to(elsewhere)
    cache = CountingCache(where, VERSION)
    assert of.load(path, cache=cache).title == "Mine"
    cache.save()
    assert elsewhere.read_text() == "not crackcoach's"
    assert not where.is_symlink() and stamp_of(where) is not None


def test_the_cache_file_is_private_whatever_the_umask(tmp_path: Path) -> None:
    path = settled(tmp_path / "mine.yaml", routine_text("Mine"))
    old = os.umask(0)
    try:
        cache = fresh(tmp_path)
        load_routine(path, cache=cache)
        cache.save()
    finally:
        os.umask(old)
    assert stat.S_IMODE(cache.path.stat().st_mode) == 0o600
    assert stat.S_IMODE(cache.path.parent.stat().st_mode) == 0o700


def test_only_the_newest_files_are_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                        ) -> None:
    monkeypatch.setattr(routine_cache, "MAX_FILES", 3)
    folder = Folder(tmp_path / "routines")
    for n in range(5):
        settled(folder.path / f"r{n}.yaml", routine_text(f"R{n}").replace("mine", f"r{n}"))
    cache = fresh(tmp_path)
    library.scan([folder], cache)  # scan saves
    kept = json.loads(cache.path.read_text())["files"]
    assert sorted(Path(name).stem for name in kept) == ["r2", "r3", "r4"]


# --- the program as installed ---------------------------------------------------------------

def test_list_and_today_read_no_yaml_once_the_routines_are_kept(tmp_path: Path) -> None:
    home = tmp_path / "home"
    settled(home / "routines" / "mine.yaml", routine_text("Mine"))
    first = run_yaml_probe(home, "list")
    assert first.stderr == "yaml loaded"
    second = run_yaml_probe(home, "list")
    assert (second.stdout, second.stderr) == (first.stdout, "yaml not loaded")
    assert "Mine" in second.stdout
    assert run_yaml_probe(home, "today").stderr == "yaml not loaded"
    settled(home / "routines" / "mine.yaml", routine_text("Ours"))
    third = run_yaml_probe(home, "list")
    assert "Ours" in third.stdout and third.stderr == "yaml loaded"


@pytest.mark.parametrize(("kind", "command"), [("routines", "list"), ("plans", "plan")])
def test_a_cache_that_cannot_be_written_changes_nothing_a_person_sees(
        tmp_path: Path, kind: str, command: str) -> None:
    home = tmp_path / "home"
    settled(home / kind / "mine.yaml", KINDS[kind].text("Mine"))
    (home / "cache").mkdir(mode=0o500)
    env = {**os.environ, "CRACKCOACH_HOME": str(home), "NO_COLOR": "1", "COLUMNS": "100"}
    try:
        shown = subprocess.run([*unprivileged_prefix(), CRACKCOACH, command], env=env,
                               text=True, capture_output=True, timeout=60, check=False)
    finally:
        (home / "cache").chmod(0o700)
    assert (shown.returncode, shown.stderr) == (0, "")
    assert "Mine" in shown.stdout
    assert list((home / "cache").iterdir()) == []
