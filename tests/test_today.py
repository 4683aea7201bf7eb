"""Today's screen (``crackcoach`` with no arguments) and what ``start`` runs without a name.

Whole screens at 100 columns for an empty diary, the middle of a plan and the
day of a flare, and the same screens within 80x24.
"""

from __future__ import annotations

import json
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest

from crackcoach.app.corrections import undo
from crackcoach.app.env import Env
from crackcoach.app.plans import plan as plan_command
from crackcoach.app.safety import cleared
from crackcoach.app.start_options import StartOptions
from crackcoach.app.today import today, with_defaults
from envs import ZONE, Clock, add, entry, make_env, output, session

MONDAY = date(2026, 1, 5)

EMPTY = """\
crackcoach, Wednesday 7 January 2026

Week of  M T W T F S S       No plan: your routine is Back reset (back-reset, 10 min 15 s)
20 Oct   · · · · · · ·   0   This week: 0 of 3 sessions (your weekly target)
27 Oct   · · · · · · ·   0   Plans that build up over weeks: crackcoach plan
03 Nov   · · · · · · ·   0
10 Nov   · · · · · · ·   0   Last entry: none yet
17 Nov   · · · · · · ·   0   Discomfort trend: not enough data
24 Nov   · · · · · · ·   0   Streak: 0 days in a row
01 Dec   · · · · · · ·   0
08 Dec   · · · · · · ·   0
15 Dec   · · · · · · ·   0
22 Dec   · · · · · · ·   0
29 Dec   · · · · · · ·   0
05 Jan   · · ·           0
· none ▒ 1 ▓ 2 █ 3+

Next: crackcoach start, Back reset (back-reset, 10 min 15 s)
  Your routine for today.

New here? 'crackcoach start' guides you through a routine; 'crackcoach --help' lists every command.
"""

MID_PLAN = """\
crackcoach, Wednesday 21 January 2026

Week of  M T W T F S S       Plan: Desk back, eight weeks
03 Nov   · · · · · · ·   0   Week 3 of 8, Wed 21 Jan - Tue 27 Jan
10 Nov   · · · · · · ·   0     ▸ Quick reset, every day: 0 of 7
17 Nov   · · · · · · ·   0     ▸ Desk hips, 4 times a week: 0 of 4
24 Nov   · · · · · · ·   0   Hips and glutes four times this week, one more bridge in each set.
01 Dec   · · · · · · ·   0   Moved up to week 3 on Wed 21 Jan: 10 of 10 planned sessions done,
08 Dec   · · · · · · ·   0   discomfort steady.
15 Dec   · ▒ · · · · ·   1
22 Dec   · · · · · · ·   0   Last entry: Tue 20 Jan 08:30, discomfort 3, stiffness 2
29 Dec   · · · · · · ·   0   Trend, week of 12 Jan: within day-to-day variation
05 Jan   ▓ ▒ ▓ ▒ ▓ ▒ ▓  11   Streak: 16 days in a row
12 Jan   ▒ ▓ ▒ ▓ ▒ ▓ ▒  10
19 Jan   ▓ ▒ ·           3
· none ▒ 1 ▓ 2 █ 3+

Next: crackcoach start, Quick reset (quick-reset, 3 min 20 s)
  Next in your plan (week 3).
"""

AFTER_FLARE = """\
crackcoach, Wednesday 21 January 2026

Week of  M T W T F S S       Plan: Desk back, eight weeks
03 Nov   · · · · · · ·   0   Week 3 of 8, Wed 21 Jan - Tue 27 Jan
10 Nov   · · · · · · ·   0     ▸ Quick reset, every day: 0 of 7
17 Nov   · · · · · · ·   0     ✓ Desk hips, 4 times a week: 1 of 4 (done today)
24 Nov   · · · · · · ·   0   Hips and glutes four times this week, one more bridge in each set.
01 Dec   · · · · · · ·   0   Moved up to week 3 on Wed 21 Jan: 10 of 10 planned sessions done,
08 Dec   · · · · · · ·   0   discomfort steady.
15 Dec   · ▒ · · · · ·   1   After a flare on Wed 21 Jan, the plan drops back on Wed 28 Jan.
22 Dec   · · · · · · ·   0
29 Dec   · · · · · · ·   0   Last entry: Wed 21 Jan 08:30, discomfort 6, stiffness 2
05 Jan   ▓ ▒ ▓ ▒ ▓ ▒ ▓  11   Trend, week of 12 Jan: within day-to-day variation
12 Jan   ▒ ▓ ▒ ▓ ▒ ▓ ▒  10   Streak: 17 days in a row
19 Jan   ▓ ▒ ▒           4
· none ▒ 1 ▓ 2 █ 3+

Next: crackcoach start, Quick reset (quick-reset, 3 min 20 s)
  Your last entry (Wed 21 Jan) was a flare: discomfort rose from 3 to 6 in one session. A lighter
  session, and ease off anything that hurts.
"""


def screen(env: Env) -> str:
    fresh = env._replace(stdout=type(env.stdout)())
    assert today(fresh) == 0
    return output(fresh)


@pytest.fixture
def clock() -> Clock:
    return Clock(datetime.combine(MONDAY + timedelta(days=2), time(9), ZONE))


@pytest.fixture
def mid_plan(tmp_path: Path, clock: Clock) -> Env:
    """Two and a half weeks into desk-back-8-weeks, started on a Wednesday."""
    env = make_env(tmp_path / "home", clock)
    plan_command(env, "desk-back-8-weeks")
    for offset in range(16):
        day = MONDAY + timedelta(days=offset)
        add(env, session(day, "quick-reset", minutes=3),
            entry(day, 4 if offset < 7 else 3, before=4))
        if offset % 2 == 0:
            add(env, session(day, "desk-hips", minutes=8, hour=18))
    add(env, session(MONDAY - timedelta(days=20), "back-reset"))
    clock.to(MONDAY + timedelta(days=16))
    return env


def test_an_empty_diary(tmp_path: Path, clock: Clock) -> None:
    env = make_env(tmp_path / "home", clock)
    assert screen(env) == EMPTY
    # Looking creates no diary: the only file written keeps the routines it read.
    home = tmp_path / "home"
    assert sorted(p.relative_to(home).as_posix() for p in home.rglob("*")) == [
        "cache", "cache/routines.json"]


def test_the_middle_of_a_plan(mid_plan: Env) -> None:
    assert screen(mid_plan) == MID_PLAN


def test_the_day_of_a_flare(mid_plan: Env, clock: Clock) -> None:
    add(mid_plan, session(clock.now.date(), "desk-hips", minutes=8),
        entry(clock.now.date(), 6, before=3))
    assert screen(mid_plan) == AFTER_FLARE


def test_every_screen_fits_80x24(mid_plan: Env, clock: Clock, monkeypatch: pytest.MonkeyPatch,
                                 tmp_path: Path) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    empty = make_env(tmp_path / "empty", clock)
    screens = [screen(empty), screen(mid_plan)]
    add(mid_plan, entry(clock.now.date(), 6, before=3))
    screens.append(screen(mid_plan))
    stop = session(clock.now.date(), "quick-reset", outcome="stopped", done=0.2)
    add(mid_plan, stop._replace(stopped_step="Seated thoracic rotation"))
    screens.append(screen(mid_plan))  # a flare and a stop for pain: the most to say
    assert "Last time Seated thoracic rotation hurt (today)" in " ".join(screens[-1].split())
    add(mid_plan, entry(clock.now.date(), 3, flags=("night-pain",), hour=20))
    clock.to(clock.now.date(), hour=21)
    screens.append(screen(mid_plan))  # a sign open: the plan paused, the advice
    assert "paused" in screens[-1] and "crackcoach cleared" in screens[-1]
    for text in screens:
        lines = text.splitlines()
        assert len(lines) <= 23, text  # and the shell's prompt below
        assert max(len(line) for line in lines) <= 80, text
        assert all(line == line.rstrip() for line in lines)


def test_a_soon_sign_gives_the_advice_until_cleared_however_old(mid_plan: Env,
                                                               clock: Clock) -> None:
    add(mid_plan, entry(clock.now.date() - timedelta(days=2), 3, flags=("night-pain",)))
    text = screen(mid_plan)
    tail = text[text.index("\n\n", text.index("· none")):]
    assert tail.startswith("\n\nPause and see a professional: Pause the routines")
    assert "crackcoach start" not in tail
    assert "A safety sign is open since Mon 19 Jan 2026" in tail
    chosen = with_defaults(mid_plan, StartOptions())  # the session's opening asks first
    assert chosen.name == "quick-reset"
    clock.to(clock.now.date() + timedelta(days=20))  # no clock on it
    assert "Next: crackcoach start" not in screen(mid_plan)
    assert cleared(mid_plan, at="2026-01-23") == 0
    assert "Next: crackcoach start" in screen(mid_plan)
    assert undo(mid_plan) == 0
    assert "Next: crackcoach start" not in screen(mid_plan)


def test_json_has_the_same_figures(mid_plan: Env) -> None:
    fresh = mid_plan._replace(stdout=type(mid_plan.stdout)())
    today(fresh, json_output=True)
    data = json.loads(output(fresh))
    assert data["plan"]["week"] == 3 and data["plan"]["weeks"] == 8
    assert [(r["routine"], r["done"], r["planned"]) for r in data["plan"]["routines"]] == [
        ("quick-reset", 0, 7), ("desk-hips", 0, 4)]  # week 3 starts today, a Wednesday
    assert data["suggestion"] == {"kind": "routine", "routine": "quick-reset", "quick": False,
                                  "hold": None, "why": "Next in your plan (week 3).",
                                  "advice": None, "minutes": 3}
    assert data["calendar"][-1] == {"week_start": "2026-01-19", "days": [2, 1, 0, None, None,
                                                                        None, None]}
    assert data["streak"] == 16


def test_start_without_a_name_runs_todays_planned_routine_with_its_dose(
        tmp_path: Path, clock: Clock) -> None:
    env = make_env(tmp_path / "home", clock)
    assert with_defaults(env, StartOptions()).name == "back-reset"  # no plan: as before
    plan_command(env, "desk-back-8-weeks")
    add(env, session(clock.now.date(), "quick-reset", minutes=3))
    chosen = with_defaults(env, StartOptions())
    assert (chosen.name, chosen.quick) == ("desk-hips", True)  # week 1: the quick version
    assert "Next in your plan (week 1). Running desk-hips." in output(env)
    assert with_defaults(env, StartOptions(name="cat-cow")).name == "cat-cow"


def test_start_without_a_name_after_a_flare_runs_the_light_routine(
        tmp_path: Path, clock: Clock) -> None:
    env = make_env(tmp_path / "home", clock)
    add(env, entry(clock.now.date(), 7, before=4))
    assert with_defaults(env, StartOptions()).name == "quick-reset"


def test_settings_give_the_defaults(tmp_path: Path, clock: Clock) -> None:
    env = make_env(tmp_path / "home", clock)
    env.places.config_path.parent.mkdir(parents=True)
    env.places.config_path.write_text('default-routine = "cat-cow"\nquiet = true\nplain = true\n',
                               encoding="utf-8")
    chosen = with_defaults(env, StartOptions())
    assert (chosen.name, chosen.quiet, chosen.plain, chosen.voice) == ("cat-cow", True, True,
                                                                      False)
    assert "Next: crackcoach start, Cat-cow (cat-cow, 4 min 10 s)" in screen(env)


def test_sunday_starts_the_week_when_the_settings_say_so(tmp_path: Path, clock: Clock) -> None:
    env = make_env(tmp_path / "home", clock)
    env.places.config_path.parent.mkdir(parents=True)
    env.places.config_path.write_text('week-start = "sunday"\n', encoding="utf-8")
    text = screen(env)
    assert "Week of  S M T W T F S" in text
    assert "04 Jan   · · · ·" in text


def test_after_a_flare_without_a_plan_both_routines_are_named_never_not_found(
        tmp_path: Path, clock: Clock) -> None:
    env = make_env(tmp_path / "home", clock)
    add(env, entry(clock.now.date(), 7, before=4))
    text = screen(env)
    assert "not found" not in text
    assert "No plan: your routine is Back reset (back-reset, 10 min 15 s)" in text
    assert "Quick reset (quick-reset, 3 min 20 s)" in text
