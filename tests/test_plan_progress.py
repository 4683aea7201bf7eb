"""Plans that progress like a home programme.

80% of the planned sessions moves a plan up (a plan may set its own share);
weeks of exactly 7 days from the start; weeks that raise reps and switch to
harder versions of single steps; ``plan NAME --preview``, ``--from DATE`` and
``plan --json``. Built diaries and a clock set by the test.
"""

from __future__ import annotations

import json
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest

from crackcoach.app.env import Env
from crackcoach.app.plans import plan as plan_command
from crackcoach.app.session import StartOptions, start
from crackcoach.base import paths
from crackcoach.errors import InputError
from crackcoach.plans import dose, programme, reader
from crackcoach.plans.model import Plan, PlanItem, PlanWeek, Progression, StepChange
from crackcoach.routines.library import Folder
from crackcoach.routines.reader import load_routine
from envs import ZONE, Clock, add, entry, make_env, output, session

SATURDAY = date(2026, 1, 10)


def daily_plan(share: int = 80) -> Plan:
    week = PlanWeek(items=(PlanItem("cat-cow", days=tuple(range(7))),))
    return Plan("daily", "Daily", weeks=(week, week, week),
                progression=Progression(move_up_share=share))


def week_with(done_days: int, start: date = SATURDAY) -> tuple[list, list]:  # type: ignore[type-arg]
    days = [start + timedelta(days=n) for n in range(done_days)]
    return [session(day, "cat-cow") for day in days], [entry(day, 3, before=3) for day in days]


@pytest.mark.parametrize(("done", "level"), [(7, 2), (6, 2), (5, 1)])
def test_a_week_moves_up_at_80_percent_of_the_planned_sessions(done: int, level: int) -> None:
    sessions, entries = week_with(done)
    standing = programme.stand(daily_plan(), SATURDAY, SATURDAY + timedelta(days=7),
                               sessions, entries)
    assert standing.level == level
    reason = standing.history[0].reason
    if level == 1:
        assert reason == ("Stayed on week 1 on Sat 17 Jan: 5 of 7 planned sessions done, "
                          "6 (80%) needed.")
    else:
        assert reason.startswith(f"Moved up to week 2 on Sat 17 Jan: {done} of 7 planned")


def test_a_plan_may_ask_for_every_session() -> None:
    sessions, entries = week_with(6)
    standing = programme.stand(daily_plan(100), SATURDAY, SATURDAY + timedelta(days=7),
                               sessions, entries)
    assert standing.level == 1
    assert programme.rule_lines(daily_plan(100).progression)[0].startswith(
        "Moves up a week after a week with every planned session done")


def test_a_plan_started_on_saturday_has_seven_day_weeks() -> None:
    standing = programme.stand(daily_plan(), SATURDAY, SATURDAY + timedelta(days=6), [], [])
    assert (standing.current.start, standing.current.end) == (
        SATURDAY, SATURDAY + timedelta(days=6))
    assert standing.current.items[0].planned == 7
    later = programme.stand(daily_plan(), SATURDAY, SATURDAY + timedelta(days=7), [], [])
    assert later.current.start == SATURDAY + timedelta(days=7) and len(later.history) == 1


# -- plan files: the share and changes to single steps ------------------------------------------

PLAN = """\
version: 1
name: mine
title: Mine
progression: {move-up-share: 70}
weeks:
  - routines:
      - routine: desk-hips
        times: 3
        steps:
          Glute bridge: {reps: 10, sets: 2}
          Clamshell: {version: harder}
"""


def test_a_plan_file_sets_its_share_and_step_changes(tmp_path: Path) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text(PLAN, encoding="utf-8")
    found = reader.load_plan(path)
    assert found.progression.move_up_share == 70
    assert found.weeks[0].items[0].steps == (
        StepChange("Glute bridge", reps=10, sets=2), StepChange("Clamshell", version="harder"))


@pytest.mark.parametrize(("change", "problem", "said"), [
    ("{move-up-share: 70}", "{move-up-share: 40}",
     "mine.yaml:4:30: progression > move-up-share: expected a whole number of percent from "
     "50 to 100, got 40"),
    ("{version: harder}", "{version: hardest}",
     "steps > Clamshell > version: expected easier or harder, got the text 'hardest'"),
    ("{reps: 10, sets: 2}", "{reps: 100}",
     "mine.yaml:10:32: week 1 > routine 1 > steps > Glute bridge > reps: expected a whole "
     "number from 1 to 50, got 100"),
    ("{reps: 10, sets: 2}", "{repeat: 3}",
     "steps > Glute bridge > repeat: unknown key (did you mean 'reps'?)"),
])
def test_bad_shares_and_step_changes_are_reported(tmp_path: Path, change: str, problem: str,
                                                  said: str) -> None:
    from crackcoach.errors import PlanError

    path = tmp_path / "mine.yaml"
    path.write_text(PLAN.replace(change, problem), encoding="utf-8")
    with pytest.raises(PlanError) as caught:
        reader.load_plan(path)
    assert len(caught.value.problems) == 1
    assert said in caught.value.problems[0]


def builtin_routine(name: str):  # type: ignore[no-untyped-def]
    return load_routine(paths.builtin_routines_dir() / f"{name}.yaml", builtin=True)


def test_step_changes_raise_reps_and_switch_versions() -> None:
    hips = dose.apply(builtin_routine("desk-hips"), (
        StepChange("glute bridge", reps=10), StepChange("Clamshell", version="harder")))
    steps = {step.name: step for step in hips.steps}
    assert steps["Glute bridge"].reps == 10 and steps["Glute bridge"].sets == 2
    assert "Clamshell with a band" in steps
    with pytest.raises(InputError, match="does not have"):
        dose.apply(hips, (StepChange("Plank", reps=3),))


def test_desk_back_builds_bridges_clamshells_and_rotations() -> None:
    found = reader.find("desk-back-8-weeks", [Folder(paths.builtin_plans_dir(), True)])
    played = {}
    for number, week in enumerate(found.weeks, start=1):
        for item in week.items:
            routine = dose.apply(builtin_routine(item.routine), item.steps)
            played[(number, item.routine)] = {s.name: s for s in routine.steps}
    bridges = [played[(n, "desk-hips")] for n in range(1, 9)]
    assert bridges[0]["Glute bridge"].reps == 5 and bridges[0]["Glute bridge"].sets == 2
    assert bridges[4]["Glute bridge"].reps == 10
    assert all("Single-leg bridge" in week for week in bridges[6:])
    assert all("Clamshell with a band" in week for week in bridges[5:])
    assert "Clamshell with a band" not in bridges[4]
    assert played[(6, "back-reset")]["Seated thoracic rotation"].reps == 3
    assert played[(8, "back-reset")]["Seated thoracic rotation"].reps == 3


# -- the command ---------------------------------------------------------------------------------

def env_on(tmp_path: Path, day: date) -> Env:
    return make_env(tmp_path / "home", Clock(datetime.combine(day, time(9), ZONE)))


def test_preview_shows_every_week_and_starts_nothing(tmp_path: Path) -> None:
    env = env_on(tmp_path, SATURDAY)
    assert plan_command(env, "desk-back-8-weeks", preview=True) == 0
    text = output(env)
    for number in range(1, 9):
        assert f"week {number}:" in text
    assert "Single-leg bridge" not in text  # the step's name in the file, with its change
    assert "Glute bridge harder version" in " ".join(text.split())
    assert "Not started." in text
    assert not env.places.plan_state_path.exists()


def test_from_starts_the_plan_on_the_day_given_and_json_tells_where_you_are(
        tmp_path: Path) -> None:
    env = env_on(tmp_path, SATURDAY + timedelta(days=9))  # Monday of the second week
    for offset in range(7):
        day = SATURDAY + timedelta(days=offset)
        add(env, session(day, "quick-reset"), entry(day, 4, before=4))
        if offset < 3:
            add(env, session(day, "desk-hips", hour=18))
    assert plan_command(env, "desk-back-8-weeks", from_day="2026-01-10") == 0
    assert "on Sat 10 Jan: week 1 runs Sat 10 Jan - Fri 16 Jan" in " ".join(
        output(env).split())
    fresh = env._replace(stdout=type(env.stdout)())
    assert plan_command(fresh, json_output=True) == 0
    data = json.loads(output(fresh))["plan"]
    assert (data["started"], data["week"], data["week_start"], data["week_end"]) == (
        "2026-01-10", 2, "2026-01-17", "2026-01-23")
    assert [(r["routine"], r["planned"], r["done"]) for r in data["routines"]] == [
        ("quick-reset", 7, 0), ("desk-hips", 3, 0)]
    assert data["last_move"]["move"] == "up" and data["last_move"]["to_week"] == 2
    assert data["last_move"]["reason"].startswith("Moved up to week 2 on Sat 17 Jan: 10 of 10")


def test_from_refuses_a_day_to_come_and_needs_a_name(tmp_path: Path) -> None:
    env = env_on(tmp_path, SATURDAY)
    with pytest.raises(InputError, match="--from 2026-01-11: a plan starts today or on a day"):
        plan_command(env, "daily-reset", from_day="2026-01-11")
    with pytest.raises(InputError, match="--from needs a plan NAME"):
        plan_command(env, from_day="2026-01-01")
    assert not env.places.plan_state_path.exists()


def test_json_without_a_plan(tmp_path: Path) -> None:
    env = env_on(tmp_path, SATURDAY)
    assert plan_command(env, json_output=True) == 0
    assert json.loads(output(env)) == {"plan": None}


def test_start_plays_the_plan_weeks_step_changes(tmp_path: Path) -> None:
    env = env_on(tmp_path, SATURDAY)
    # Week 7 of desk-back-8-weeks: reached by starting it seven weeks ago with every week
    # done is long; a user plan with the same week is the same rule.
    folder = tmp_path / "home" / "plans"
    folder.mkdir(parents=True)
    (folder / "mine.yaml").write_text(PLAN.replace("times: 3", "days: daily"),
                                      encoding="utf-8")
    plan_command(env, "mine")
    start(env, StartOptions(dry_run=True))
    shown = output(env)
    assert "Clamshell with a band" in shown and "Glute bridge - set 2 of 2 - rep 10 of 10" in shown
    assert "Glute bridge 2 sets, 10 reps; Clamshell harder version" in shown
