"""One rule for each question, and every command gives the same answer.

Is a safety sign open? Is the latest reading a flare? Has worsening lasted?
Diaries are built day by day under a clock the test sets; then today's
screen, ``start``, ``plan``, ``stats`` and the report are each asked, and
their answers compared.
"""

from __future__ import annotations

import io
import json
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import NamedTuple

import pytest

from crackcoach.app.corrections import undo
from crackcoach.app.data import export, import_file
from crackcoach.app.env import Env
from crackcoach.app.gate import open_sign_allows
from crackcoach.app.plans import plan as plan_command
from crackcoach.app.progress import report, stats
from crackcoach.app.safety import cleared
from crackcoach.app.session import StartOptions
from crackcoach.app.today import today, with_defaults
from crackcoach.diary.records import DiaryEntry
from crackcoach.progress import coach
from crackcoach.store import open_store
from envs import ZONE, Clock, add, entry, make_env

MONDAY = date(2026, 1, 5)


class Answers(NamedTuple):
    sign_open: bool
    flare: bool | None  # None: the command does not judge flares
    worsening: bool


def fresh(env: Env) -> Env:
    return env._replace(stdout=io.StringIO(), stderr=io.StringIO())


def written(env: Env) -> str:
    assert isinstance(env.stdout, io.StringIO)
    return env.stdout.getvalue()


def ask_today(env: Env) -> Answers:
    data_env, text_env = fresh(env), fresh(env)
    assert today(data_env, json_output=True) == 0
    assert today(text_env) == 0
    data, text = json.loads(written(data_env)), written(text_env)
    sign = data["sign_open_since"] is not None
    assert sign == ("until a professional has seen" in text)
    assert data["worsening_lasted"] == ("two weeks running" in text)
    return Answers(sign, "flare" in data["suggestion"]["why"], data["worsening_lasted"])


def ask_start(env: Env) -> Answers:
    chosen_env = fresh(env)
    chosen = with_defaults(chosen_env, StartOptions())
    said = written(chosen_env)
    gate_env = fresh(env)
    with open_store(env.places.diary_path) as store:
        allowed = open_sign_allows(gate_env, store)
    if not allowed:
        assert "until a professional has seen" in written(gate_env)
        assert chosen.name == coach_light()
    flare = "flare" in said
    worsening = coach.WORSENING_ADVICE in said
    if flare or worsening:
        assert chosen.name == coach_light()
    return Answers(not allowed, flare, worsening)


def coach_light() -> str:
    from crackcoach.plans.today import LIGHT_ROUTINE

    return LIGHT_ROUTINE


def ask_plan(env: Env) -> Answers:
    shown = fresh(env)
    assert plan_command(shown) == 0
    text = written(shown)
    header = text.splitlines()[1]
    where = " ".join(text[:text.index("\nHow it moves")].split())  # not the rule's wording
    sign = "Paused while a safety sign is open" in where
    assert not sign or header.endswith(", paused")
    advised = coach.WORSENING_ADVICE in " ".join(text.split())
    assert advised == ("two weeks running" in where)  # said plainly, and acted on
    return Answers(sign, "after a flare" in where.lower(), advised)


def ask_stats(env: Env) -> Answers:
    shown = fresh(env)
    assert stats(shown, weeks=8, routine=None, target=None, as_of=None, json_output=True) == 0
    data = json.loads(written(shown))
    return Answers(data["open_sign"] is not None, None, data["change"]["lasting_worsening"])


def ask_report(env: Env) -> Answers:
    shown = fresh(env)
    assert report(shown, weeks=8, output=None, report_format="markdown", routine=None,
                  target=None, as_of=None) == 0
    text = written(shown)
    sign = "## A safety sign is open" in text
    if sign:  # shown first of all
        assert text.index("## A safety sign is open") < text.index("## Safety-screen answers")
    return Answers(sign, None, coach.WORSENING_ADVICE in " ".join(text.split()))


def ask_everyone(env: Env) -> dict[str, Answers]:
    return {"crackcoach": ask_today(env), "start": ask_start(env), "plan": ask_plan(env),
            "stats": ask_stats(env), "report": ask_report(env)}


def agree(env: Env, *, sign: bool, flare: bool, worsening: bool) -> None:
    found = ask_everyone(env)
    expected = {name: Answers(sign, None if name in ("stats", "report") else flare, worsening)
                for name in found}
    if sign:  # the sign's advice comes before any other suggestion
        for name in ("crackcoach", "start"):
            expected[name] = expected[name]._replace(flare=False, worsening=False)
        expected["plan"] = expected["plan"]._replace(flare=found["plan"].flare)
    assert found == expected


@pytest.fixture
def clock() -> Clock:
    return Clock(datetime.combine(MONDAY, time(9), ZONE))


@pytest.fixture
def env(tmp_path: Path, clock: Clock) -> Env:
    made = make_env(tmp_path / "home", clock)
    assert plan_command(fresh(made), "desk-back-8-weeks") == 0
    return made


def readings(env: Env, first: date, values: list[int], *, hour: int = 8) -> None:
    add(env, *(entry(first + timedelta(days=n), value, hour=hour)
               for n, value in enumerate(values)))


def test_a_soon_sign_twenty_days_old_is_open_everywhere_until_cleared(env: Env,
                                                                      clock: Clock) -> None:
    readings(env, MONDAY, [3, 3, 3])
    add(env, entry(MONDAY + timedelta(days=3), 3, flags=("night-pain",), hour=20))
    clock.to(MONDAY + timedelta(days=23))
    agree(env, sign=True, flare=False, worsening=False)
    assert cleared(fresh(env), at=(MONDAY + timedelta(days=22)).isoformat()) == 0
    agree(env, sign=False, flare=False, worsening=False)
    assert undo(fresh(env)) == 0  # taken back: open again everywhere
    agree(env, sign=True, flare=False, worsening=False)


def test_an_urgent_sign_is_open_until_cleared_and_a_later_one_opens_again(
        env: Env, clock: Clock) -> None:
    add(env, entry(MONDAY, 2, flags=("saddle-numbness",)))
    clock.to(MONDAY + timedelta(days=2))
    agree(env, sign=True, flare=False, worsening=False)
    assert cleared(fresh(env)) == 0
    agree(env, sign=False, flare=False, worsening=False)
    add(env, entry(MONDAY + timedelta(days=2), 2, flags=("swelling",), hour=10))
    clock.to(MONDAY + timedelta(days=2), hour=11)
    agree(env, sign=True, flare=False, worsening=False)


def test_a_flare_against_the_own_level_and_a_steady_high_level(env: Env,
                                                               clock: Clock) -> None:
    readings(env, MONDAY, [3, 3, 3, 3])
    add(env, entry(MONDAY + timedelta(days=9), 6))  # Wednesday of week 2: 3 above the level
    clock.to(MONDAY + timedelta(days=14))
    agree(env, sign=False, flare=True, worsening=False)


def test_a_steady_six_is_no_flare_anywhere(env: Env, clock: Clock) -> None:
    readings(env, MONDAY, [6] * 20)
    clock.to(MONDAY + timedelta(days=21))
    agree(env, sign=False, flare=False, worsening=False)


def test_two_weeks_of_worsening_escalate_everywhere(env: Env, clock: Clock) -> None:
    readings(env, MONDAY, [2, 2, 2])
    readings(env, MONDAY + timedelta(days=7), [3, 3, 3])  # the level rises slowly: no flares
    readings(env, MONDAY + timedelta(days=14), [4, 4, 4])
    readings(env, MONDAY + timedelta(days=21), [4, 5, 4])
    clock.to(MONDAY + timedelta(days=28))
    agree(env, sign=False, flare=False, worsening=True)
    shown = fresh(env)
    assert plan_command(shown) == 0
    assert ("discomfort has been up for two weeks running (see a doctor or physiotherapist)"
            in " ".join(written(shown).split()))
    # One worse week alone is not lasting worsening.
    clock.to(MONDAY + timedelta(days=21))
    agree(env, sign=False, flare=False, worsening=False)


# --- the rules themselves ---------------------------------------------------------------

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=ZONE)


def sign_at(days_ago: float, *keys: str) -> DiaryEntry:
    return DiaryEntry(at=NOW - timedelta(days=days_ago), discomfort=3, flags=keys)


def test_a_sign_has_no_clock_and_only_a_later_clearance_closes_it() -> None:
    entries = [sign_at(200, "night-pain"), sign_at(1, "sharp-pain")]
    found = coach.open_sign(entries, [], NOW)
    assert found is not None and found.tier == "soon" and found.keys == ("night-pain",)
    assert coach.open_sign(entries, [NOW - timedelta(days=199)], NOW) is None
    assert coach.open_sign(entries, [NOW - timedelta(days=201)], NOW) is not None
    assert coach.open_sign(entries, [NOW + timedelta(days=1)], NOW) is not None  # not yet
    urgent = [*entries, sign_at(3, "bladder-bowel")]
    worst = coach.open_sign(urgent, [NOW - timedelta(days=100)], NOW)
    assert worst is not None and worst.tier == "urgent"
    assert worst.since == NOW - timedelta(days=3)


def test_sign_periods_and_the_weeks_they_pause() -> None:
    entries = [sign_at(30, "swelling"), sign_at(25, "fever-weight-loss"),
               sign_at(10, "night-pain")]
    periods = coach.sign_periods(entries, [NOW - timedelta(days=20), NOW - timedelta(days=15)])
    assert periods == [coach.SignPeriod(NOW - timedelta(days=30), NOW - timedelta(days=20)),
                       coach.SignPeriod(NOW - timedelta(days=10), None)]
    day = NOW.date()
    assert coach.open_during(periods, day - timedelta(days=19), day - timedelta(days=11)) is None
    assert coach.open_during(periods, day - timedelta(days=20), day - timedelta(days=20)) is None
    assert coach.open_during(periods, day - timedelta(days=21), day - timedelta(days=21))


def test_the_recent_level_is_the_last_two_weeks_with_two_readings() -> None:
    def on(day: date, value: int) -> DiaryEntry:
        return DiaryEntry(at=datetime.combine(day, time(8), ZONE), discomfort=value)

    week = [MONDAY + timedelta(weeks=n) for n in range(12)]
    entries = [on(week[0], 9), on(week[0] + timedelta(days=1), 9),
               on(week[1], 2), on(week[1] + timedelta(days=1), 4),
               on(week[2], 5),  # one reading: does not count
               on(week[3], 6), on(week[3] + timedelta(days=2), 6)]
    levels = coach.Levels(entries)
    assert levels.level_before(week[4]) == 5  # weeks 1 and 3: 2, 4, 6, 6
    assert levels.level_before(week[3] + timedelta(days=3)) == 6.5  # 2, 4, 9, 9
    assert levels.level_before(week[0]) is None
    assert levels.level_before(week[11] + timedelta(days=7)) is None  # too long ago


def test_a_clearance_travels_in_the_json_export_and_undo_takes_the_latest_back(
        env: Env, clock: Clock, tmp_path: Path) -> None:
    add(env, entry(MONDAY, 2, flags=("night-pain",)))
    clock.to(MONDAY + timedelta(days=5))
    assert cleared(fresh(env), at="yesterday") == 0
    backup = tmp_path / "backup.json"
    assert export(fresh(env), export_format="json", output=backup) == 0
    [kept] = json.loads(backup.read_text(encoding="utf-8"))["clearances"]
    assert kept["at"].startswith(f"{MONDAY + timedelta(days=4)}T23:59:59")
    other = make_env(tmp_path / "other", clock)
    said = fresh(other)
    assert import_file(said, [backup]) == 0
    assert "Added 1 record of being seen by a professional" in written(said)
    assert import_file(fresh(other), [backup]) == 0  # the second time adds nothing
    with open_store(other.places.diary_path) as store:
        assert len(store.clearances()) == 1
    assert ask_stats(other).sign_open is False
    # The later of an edit and a clearance is undone first.
    with open_store(env.places.diary_path) as store:
        store.delete("entry", 1, clock.now + timedelta(minutes=1))
    said = fresh(env)
    assert undo(said) == 0 and "Undid the deletion" in written(said)
    said = fresh(env)
    assert undo(said) == 0 and "Undid 'crackcoach cleared'" in written(said)
    assert ask_stats(env).sign_open is True


def test_cleared_before_the_sign_leaves_it_open_and_says_so(env: Env, clock: Clock) -> None:
    add(env, entry(MONDAY + timedelta(days=3), 3, flags=("swelling",)))
    clock.to(MONDAY + timedelta(days=6))
    said = fresh(env)
    assert cleared(said, at=MONDAY.isoformat()) == 0
    assert written(said).splitlines() == [
        "Recorded that a professional saw you on Mon 5 Jan 2026 23:59; 'crackcoach undo' "
        "takes this back.",
        "A safety sign is open since Thu 8 Jan 2026, until a professional has seen you: then "
        "record it with 'crackcoach cleared'."]
    agree(env, sign=True, flare=False, worsening=False)
    said = fresh(env)
    assert cleared(said, at="2026-01-09T10:00") == 0
    assert "the safety sign open since Thu 8 Jan is cleared" in written(said)
    agree(env, sign=False, flare=False, worsening=False)
