"""One set of numbers: today's screen, the session and ``done`` agree.

Today's length is the session header's; a session counts against the plan week
while a plan is active (else the weekly target) and names the week; today's
screen shows the last entry's signs and the week the trend judged, and asks for
a note only when none was given today. Built diaries, a clock set by the test.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from pathlib import Path

from crackcoach.app.corrections import done
from crackcoach.app.env import Env
from crackcoach.app.plans import plan as plan_command
from crackcoach.app.session import StartOptions, start
from crackcoach.app.today import gather, today
from crackcoach.plans.week_count import count_for
from envs import ZONE, Clock, add, entry, make_env, output, session

SATURDAY = date(2026, 1, 10)


def env_on(tmp_path: Path, day: date, hour: int = 9) -> Env:
    return make_env(tmp_path / "home", Clock(datetime.combine(day, time(hour), ZONE)))


def fresh(env: Env) -> Env:
    return env._replace(stdout=type(env.stdout)())


def test_todays_length_is_the_session_headers(tmp_path: Path) -> None:
    env = env_on(tmp_path, SATURDAY)
    plan_command(env, "desk-back-8-weeks")  # week 1: desk-hips in its quick version
    add(env, session(SATURDAY, "quick-reset", minutes=3, hour=8))
    shown = fresh(env)
    today(shown)
    said = re.search(r"Next: crackcoach start, Desk hips \(desk-hips, ([^)]+)\), quick version",
                     " ".join(output(shown).split()))
    assert said is not None, output(shown)
    played = fresh(env)
    start(played, StartOptions(dry_run=True))
    total = re.search(r"Total: \S+ \(([^,]+),", output(played))
    assert total is not None and said.group(1) == total.group(1) == "5 min 5 s"


def test_done_counts_against_the_plan_week_and_names_it(tmp_path: Path) -> None:
    env = env_on(tmp_path, SATURDAY + timedelta(days=2), hour=20)
    plan_command(env, "desk-back-8-weeks", from_day="2026-01-10")
    add(env, session(SATURDAY, "quick-reset", minutes=3))
    shown = fresh(env)
    done(shown, "desk-hips")
    assert "Counted in plan week 1 (Sat 10 Jan - Fri 16 Jan): 2 of 10 planned sessions." in \
        " ".join(output(shown).split())
    earlier = fresh(env)
    done(earlier, "back-reset", at="2025-12-02T18:00")  # before the plan: the weekly target
    assert "Counted in the week of Mon 1 Dec: 1 of 3 sessions (your weekly target)." in \
        " ".join(output(earlier).split())


def test_the_finish_screen_rule_names_the_plan_week_or_the_calendar_week(tmp_path: Path
                                                                         ) -> None:
    env = env_on(tmp_path, SATURDAY)
    plan_command(env, "desk-back-8-weeks")
    add(env, session(SATURDAY, "quick-reset", minutes=3), session(SATURDAY, "desk-hips"))
    summary, _ = gather(env)
    counted = count_for(SATURDAY, summary.standing, [], weekly_target=4)
    assert counted.line() == "2 of 10 planned sessions in plan week 1 (Sat 10 Jan - Fri 16 Jan)"
    no_plan = count_for(SATURDAY, None, [session(SATURDAY, "x")], weekly_target=4)
    assert no_plan.line() == "1 of 4 sessions in the week of Mon 5 Jan (your weekly target)"


def test_todays_screen_shows_the_last_entrys_signs_and_the_judged_week(tmp_path: Path
                                                                       ) -> None:
    env = env_on(tmp_path, SATURDAY)
    for offset in range(14):
        day = SATURDAY - timedelta(days=19) + timedelta(days=offset)
        add(env, entry(day, 3))
    add(env, entry(SATURDAY - timedelta(days=1), 3, flags=("feels-unstable",)))
    shown = fresh(env)
    today(shown)
    text = " ".join(output(shown).split())
    assert "Last entry: Fri 9 Jan 08:30, discomfort 3, stiffness 2, signs: the back" in text
    assert "feels loose or unstable after it cracks" in output(shown)
    assert re.search(r"Trend, week of 29 Dec: [a-z -]+ ", text), text


def test_the_note_is_asked_for_only_when_none_was_given_today(tmp_path: Path) -> None:
    env = env_on(tmp_path, SATURDAY, hour=19)
    add(env, session(SATURDAY, "back-reset"))
    summary, _ = gather(env)
    assert "crackcoach log" in summary.suggestion.why
    add(env, entry(SATURDAY, 2))
    summary, _ = gather(env)
    assert summary.suggestion.kind == "done"
    assert "log" not in summary.suggestion.why


def test_the_finish_screen_counts_in_the_plan_week(tmp_path: Path) -> None:
    import subprocess

    from homes import CRACKCOACH, TINY, first_check_answered, terminal_env

    home = tmp_path / "home"
    first_check_answered(home)
    (home / "routines").mkdir()
    (home / "routines" / "tiny.yaml").write_text(TINY, encoding="utf-8")
    (home / "plans").mkdir()
    (home / "plans" / "tiny-days.yaml").write_text(
        "version: 1\nname: tiny-days\ntitle: Tiny days\nweeks:\n"
        "  - routines:\n      - {routine: tiny, days: daily}\n", encoding="utf-8")
    env = {**terminal_env(tmp_path), "NO_COLOR": "1", "COLUMNS": "80"}
    subprocess.run([CRACKCOACH, "plan", "tiny-days"], env=env, check=True, capture_output=True,
                   timeout=60)
    result = subprocess.run([CRACKCOACH, "start"], env=env, stdin=subprocess.DEVNULL,
                            capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    text = " ".join(result.stdout.split())
    assert re.search(r"This week: 1 of 7 planned sessions in plan week 1 \(\w{3} \d+ \w{3} - "
                     r"\w{3} \d+ \w{3}\)", text), text
