"""Plans already read are kept like routines, and a kept copy never stands in for a changed file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from crackcoach.base import paths
from crackcoach.base.paths import Folder
from crackcoach.errors import PlanError
from crackcoach.plans import reader
from crackcoach.routines import cache as file_cache
from crackcoach.routines.cache import FileCache, stamp_of
from homes import run_yaml_probe
from kept import CountingCache, plan_text, settled

VERSION = "test"
ROUTINES = {p.stem for p in paths.builtin_routines_dir().glob("*.yaml")}


def fresh(tmp_path: Path) -> CountingCache:
    """A cache object over the plans' cache file in ``tmp_path``, as a new command makes it."""
    return CountingCache(tmp_path / "cache" / file_cache.PLANS, VERSION)


def read(path: Path, cache: FileCache | None = None, routines: set[str] | None = None
         ) -> object:
    found = reader.load_plan(path, routines=routines, cache=cache)
    if cache is not None:
        cache.save()
    return found


def test_an_unchanged_plan_file_is_not_parsed_again(tmp_path: Path) -> None:
    path = settled(tmp_path / "mine.yaml", plan_text("Mine"))
    first = read(path, fresh(tmp_path))
    cache = fresh(tmp_path)
    second = read(path, cache)
    assert cache.hits == 1
    assert second == first == reader.load_plan(path)


def test_scan_and_find_keep_what_they_read(tmp_path: Path) -> None:
    folders = [Folder(paths.builtin_plans_dir(), builtin=True),
               Folder(settled(tmp_path / "plans" / "mine.yaml", plan_text("Mine")).parent)]
    first = reader.scan(folders, fresh(tmp_path))
    cache = fresh(tmp_path)
    assert reader.scan(folders, cache) == first
    assert cache.hits == len(first.plans) == 3
    cache = fresh(tmp_path)
    assert reader.find("mine", folders, routines=ROUTINES, cache=cache).title == "Mine"
    assert cache.hits == 1


def test_an_edit_that_keeps_the_size_and_the_modification_time_is_seen(
        tmp_path: Path) -> None:
    path = settled(tmp_path / "mine.yaml", plan_text("Mine"))
    read(path, fresh(tmp_path))
    settled(path, plan_text("Ours"))  # same length, same date: only the change time moves
    again = fresh(tmp_path)
    assert reader.load_plan(path, cache=again).title == "Ours"
    assert again.hits == 0


def test_an_entry_for_other_bytes_is_not_used(tmp_path: Path) -> None:
    path = settled(tmp_path / "mine.yaml", plan_text("Mine"))
    cache = fresh(tmp_path)
    read(path, cache)
    content = json.loads(cache.path.read_text())
    entry = content["files"][str(path)]
    assert entry["stamp"] == stamp_of(path)
    entry["digest"] = "0" * 32
    entry["data"]["title"] = "Forged"
    cache.path.write_text(json.dumps(content))
    again = fresh(tmp_path)
    assert reader.load_plan(path, cache=again).title == "Mine"
    assert again.hits == 0


def test_kept_data_is_checked_again_and_a_problem_is_told_with_its_line(tmp_path: Path
                                                                         ) -> None:
    path = settled(tmp_path / "mine.yaml", plan_text("Mine"))
    cache = fresh(tmp_path)
    read(path, cache)
    content = json.loads(cache.path.read_text())
    content["files"][str(path)]["data"]["weeks"] = "nonsense"
    cache.path.write_text(json.dumps(content))
    assert reader.load_plan(path, cache=fresh(tmp_path)).weeks == reader.load_plan(path).weeks
    # The routines a kept plan names are looked up each time, as in the file.
    with pytest.raises(PlanError) as caught:
        reader.load_plan(path, source="mine.yaml", routines={"cat-cow"}, cache=fresh(tmp_path))
    assert caught.value.problems[0].startswith("mine.yaml:6:")
    assert "no routine named 'quick-reset'" in caught.value.problems[0]


# --- the program as installed ---------------------------------------------------------------

def test_plan_and_today_read_no_yaml_once_the_plans_are_kept(tmp_path: Path) -> None:
    home = tmp_path / "home"
    settled(home / "plans" / "mine.yaml", plan_text("Mine"))
    first = run_yaml_probe(home, "plan")
    assert first.stderr == "yaml loaded"
    second = run_yaml_probe(home, "plan")
    assert (second.stdout, second.stderr) == (first.stdout, "yaml not loaded")
    assert "Mine" in second.stdout
    assert run_yaml_probe(home, "plan", "mine").returncode == 0
    following = run_yaml_probe(home, "plan")
    assert following.stdout.startswith("Plan: Mine\n")
    assert following.stderr == "yaml not loaded"
    run_yaml_probe(home, "list")  # the routines today's screen names are kept too
    today = run_yaml_probe(home)
    assert "Plan: Mine" in today.stdout and today.stderr == "yaml not loaded"
    settled(home / "plans" / "mine.yaml", plan_text("Ours"))
    edited = run_yaml_probe(home, "plan")
    assert edited.stdout.startswith("Plan: Ours\n") and edited.stderr == "yaml loaded"
    assert sorted(p.name for p in (home / "cache").iterdir()) == ["plans.json",
                                                                  "routines.json"]


def test_start_reads_the_plan_file_whatever_the_cache_says(tmp_path: Path) -> None:
    """A forged entry, its stamp and digest copied: what start plays comes from the file."""
    home = tmp_path / "home"
    path = settled(home / "plans" / "mine.yaml", plan_text("Mine", hold=20))
    assert run_yaml_probe(home, "plan", "mine").returncode == 0
    where = home / "cache" / file_cache.PLANS
    content = json.loads(where.read_text())
    content["files"][str(path)]["data"]["weeks"][0]["routines"][0]["hold"] = 55
    where.write_text(json.dumps(content))
    assert " 55 s" in run_yaml_probe(home, "start", "quick-reset", "--hold", "55",
                                "--dry-run").stdout  # how a hold of 55 s would show
    shown = run_yaml_probe(home, "start", "--dry-run")
    assert shown.returncode == 0, shown.stderr
    assert " 20 s" in shown.stdout and " 55 s" not in shown.stdout
