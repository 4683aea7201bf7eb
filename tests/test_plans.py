"""Plan files: the built-in plans, the checks with file:line errors, and ``crackcoach plan``."""

from __future__ import annotations

import stat
from pathlib import Path
from typing import Any

import pytest

from crackcoach.base import paths
from crackcoach.base.paths import Folder
from crackcoach.errors import PlanError
from crackcoach.plans import reader

ROUTINES = {p.stem for p in paths.builtin_routines_dir().glob("*.yaml")}
GOOD = """\
version: 1
name: mine
title: My plan
weeks:
  - routines:
      - {routine: cat-cow, days: [mon, thu]}
  - note: More.
    routines:
      - {routine: cat-cow, days: weekdays}
      - {routine: desk-hips, times: 2, quick: true, hold: 20}
"""


def check(text: str, tmp_path: Path) -> list[str]:
    path = tmp_path / "mine.yaml"
    path.write_text(text, encoding="utf-8")
    try:
        reader.load_plan(path, source="mine.yaml", routines=ROUTINES)
    except PlanError as exc:
        return exc.problems
    return []


@pytest.mark.parametrize("name", ["desk-back-8-weeks", "daily-reset"])
def test_the_built_in_plans_are_valid_and_use_built_in_routines(name: str) -> None:
    found = reader.find(name, [Folder(paths.builtin_plans_dir(), builtin=True)],
                           routines=ROUTINES)
    assert found.builtin and found.weeks
    assert {item.routine for week in found.weeks for item in week.items} <= ROUTINES


def test_desk_back_follows_the_sitting_case() -> None:
    found = reader.find("desk-back-8-weeks", [Folder(paths.builtin_plans_dir())])
    assert len(found.weeks) == 8
    hips = [next(i for i in w.items if i.routine == "desk-hips") for w in found.weeks]
    assert [i.times for i in hips[:3]] == [3, 3, 4] and all(i.times == 4 for i in hips[3:])
    assert [i.routine for i in found.weeks[0].items] == ["quick-reset", "desk-hips"]
    assert [i.routine for i in found.weeks[-1].items] == ["back-reset", "desk-hips"]
    assert found.progression.least_sessions >= 2


def test_a_good_plan(tmp_path: Path) -> None:
    assert check(GOOD, tmp_path) == []
    found = reader.load_plan(tmp_path / "mine.yaml")
    assert found.weeks[0].items[0].days == (0, 3)
    assert found.weeks[1].items[0].days == (0, 1, 2, 3, 4)
    item = found.weeks[1].items[1]
    assert (item.times, item.quick, item.hold) == (2, True, 20)


@pytest.mark.parametrize(("change", "problem"), [
    (("version: 1", "version: 2"),
     "mine.yaml:1:10: version: format version 2 needs a newer crackcoach; this one reads "
     "version 1"),
    (("title: My plan\n", "title: My plan\nlength: 8\n"),
     "mine.yaml:4:1: length: unknown key; expected one of version, name, title, summary, "
     "caution, progression, weeks"),
    (("days: [mon, thu]", "days: [mon, thurs]"),
     "mine.yaml:6:34: week 1 > routine 1 > days: expected days such as mon-fri, mon,wed,fri, "
     "daily, weekdays or weekend (day names: mon tue wed thu fri sat sun), got a list"),
    (("times: 2", "times: 9"),
     "mine.yaml:10:37: week 2 > routine 2 > times: expected a whole number of times a week "
     "from 1 to 7, got 9"),
    (("{routine: cat-cow, days: weekdays}", "{routine: cat-cow}"),
     "mine.yaml:9:9: week 2 > routine 1: 'days' or 'times' is missing; expected days (e.g. "
     "daily or [mon, wed, fri]) or times a week (1-7)"),
    (("routine: desk-hips", "routine: desk-hip"),
     "mine.yaml:10:19: week 2 > routine 2 > routine: no routine named 'desk-hip' (did you "
     "mean 'desk-hips'?) ('crackcoach list' shows them all)"),
    (("quick: true", "quick: yes please"),
     "mine.yaml:10:47: week 2 > routine 2 > quick: expected true or false, got the text "
     "'yes please'"),
    (("title: My plan\n", "title: My plan\nprogression: {least-sessions: 1}\n"),
     "mine.yaml:4:31: progression > least-sessions: expected a whole number of sessions from "
     "2 to 21, got 1"),
    (("title: My plan\n", "title: My plan\nprogression: {move-up-when: [planned-done]}\n"),
     "mine.yaml:4:29: progression > move-up-when: must include discomfort-steady: a plan "
     "never moves up while discomfort is rising"),
    (("weeks:\n", "weeks: []\nx:\n"), "mine.yaml:4:8: weeks: expected a list of weeks, got an "
                                      "empty list"),
])
def test_plan_problems_name_the_file_line_and_field(tmp_path: Path, change: tuple[str, str],
                                                    problem: str) -> None:
    problems = check(GOOD.replace(*change), tmp_path)
    assert problem in problems, problems


def test_every_problem_is_listed_at_once(tmp_path: Path) -> None:
    text = GOOD.replace("times: 2", "times: 0").replace("[mon, thu]", "[mon, funday]")
    assert len(check(text, tmp_path)) == 2


def test_the_hardened_reader_is_used(tmp_path: Path) -> None:
    assert check("!!python/object:os.system {}\n", tmp_path)[0].startswith(
        "mine.yaml:1:1: uses the tag !!python/object:os.system")
    assert check("a: 1\na: 2\n", tmp_path)[0] == ("mine.yaml:2:1: sets the key 'a' twice "
                                                  "(first set on line 1)")


def test_a_plan_written_twice_in_one_folder_is_warned_about_and_find_agrees(
        tmp_path: Path) -> None:
    folder = tmp_path / "plans"
    folder.mkdir()
    (folder / "mine.yaml").write_text(GOOD, encoding="utf-8")
    (folder / "mine.yml").write_text(GOOD.replace("My plan", "Second"), encoding="utf-8")
    found = reader.scan([Folder(folder)])
    assert [p.title for p in found.plans] == ["My plan"]
    assert found.warnings == [f"{folder / 'mine.yml'}: name: 'mine' is also defined in "
                              f"{folder / 'mine.yaml'}; this copy is ignored"]
    assert reader.find("mine", [Folder(folder)]).title == "My plan"


def test_plan_lists_the_plans_and_starts_one(cli: Any, home: Path) -> None:
    listing = cli("plan")
    assert listing.exit_code == 0
    assert "desk-back-8-weeks  Desk back, eight weeks      8  built-in" in listing.stdout
    started = cli("plan", "daily-reset")
    assert started.exit_code == 0
    assert started.stdout.startswith("Started Daily reset today")
    state = home / "plan-state.json"
    assert stat.S_IMODE(state.stat().st_mode) == 0o600
    before = state.read_bytes()
    refused = cli("plan", "desk-back-8-weeks")  # no terminal to ask in
    assert refused.exit_code == 2
    assert refused.stderr == ("crackcoach: error: plan 'daily-reset' is active (started "
                              f"{refused.stderr.split('started ')[1][:10]}); add --yes to "
                              "replace it with 'desk-back-8-weeks'\n")
    assert state.read_bytes() == before
    assert cli("plan", "desk-back-8-weeks", "--yes").exit_code == 0
    shown = cli("plan").stdout
    assert shown.startswith("Plan: Desk back, eight weeks\nWeek 1 of 8, ")
    assert "How it moves" in shown and "▸ week 1: Quick reset every day" in shown
    assert "Plan: Desk back" in cli().stdout  # today's screen
    assert cli("plan", "--stop").stdout.startswith("Stopped your plan.")
    assert not state.exists()


def test_a_user_plan_wins_and_a_broken_one_is_reported(cli: Any, home: Path) -> None:
    folder = home / "plans"
    folder.mkdir(parents=True)
    (folder / "mine.yaml").write_text(GOOD, encoding="utf-8")
    (folder / "broken.yaml").write_text(GOOD.replace("mine", "broken").replace(
        "times: 2", "times: 0"), encoding="utf-8")
    listing = cli("plan")
    row = next(line for line in listing.stdout.splitlines() if line.startswith("mine "))
    assert row.split()[:4] == ["mine", "My", "plan", "2"]
    assert listing.stderr.startswith(f"crackcoach: warning: {folder / 'broken.yaml'}:10:")
    refused = cli("plan", "broken")
    assert refused.exit_code == 1
    assert refused.stderr.startswith(f"crackcoach: error: {folder / 'broken.yaml'}:10:37: week "
                                     "2 > routine 2 > times")
    checked = cli("plan", "--check", str(folder))
    assert checked.exit_code == 1
    assert checked.stdout.splitlines()[-1] == "1 of 2 plan files valid."


def test_a_plan_that_is_gone_leaves_today_working(cli: Any, home: Path) -> None:
    folder = home / "plans"
    folder.mkdir(parents=True)
    (folder / "mine.yaml").write_text(GOOD, encoding="utf-8")
    cli("plan", "mine")
    (folder / "mine.yaml").unlink()
    result = cli()
    assert result.exit_code == 0
    assert "No plan: your routine is Back reset" in result.stdout
    assert result.stderr == ("crackcoach: warning: your plan 'mine' cannot be used: no plan "
                             "named 'mine' ('crackcoach plan' lists them); 'crackcoach plan' "
                             "says more\n")


def test_showing_a_plan_over_a_damaged_diary_reports_it_and_changes_nothing(
        cli: Any, home: Path) -> None:
    cli("plan", "daily-reset")
    db = home / "crackcoach.db"
    db.write_bytes(b"not a database\n" * 300)
    result = cli("plan")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"crackcoach: error: the diary {db} is damaged")
    assert db.read_bytes() == b"not a database\n" * 300


def test_text_from_a_plan_file_reaches_the_screen_as_text(cli: Any, home: Path) -> None:
    folder = home / "plans"
    folder.mkdir(parents=True)
    hostile = GOOD.replace("title: My plan", 'title: "\\e[31mRed\\u202e"').replace(
        "note: More.", 'note: "\\e]0;owned\\a"')
    (folder / "mine.yaml").write_text(hostile, encoding="utf-8")
    assert cli("plan", "mine").exit_code == 0
    for args in ([], ["plan"]):
        shown = cli(*args).stdout
        assert "\x1b" not in shown and "\u202e" not in shown
        assert "\\x1b[31mRed\\u202e" in shown


def test_the_docs_describe_every_plan_key_and_setting() -> None:
    from crackcoach.base import config
    from crackcoach.plans import model

    docs = Path(__file__).resolve().parents[1] / "docs"
    text = (docs / "plans.md").read_text(encoding="utf-8")
    for key in (*model.PLAN_KEYS, *model.WEEK_KEYS, *model.ITEM_KEYS, *model.PROGRESSION_KEYS,
                *model.MOVE_UP_CONDITIONS, *model.DROP_BACK_EVENTS):
        assert key in text, f"docs/model.md does not describe '{key}'"
    settings = (docs / "config.md").read_text(encoding="utf-8")
    for setting in config.KEYS:
        assert f"`{setting.name}`" in settings, f"docs/config.md does not describe {setting.name}"
