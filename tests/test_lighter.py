"""After ``x`` ("this hurts"): the entry, the closing words, and a week of lighter sessions.

The rule (crackcoach.plans.easing) with built diaries and a clock set by the test;
then the whole story in a real 80x24 terminal read by an emulator (pyte): the
stop, ``history``, today's screen and ``start``'s opening screen.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from crackcoach.app.session import StartOptions, start
from crackcoach.app.today import gather, today
from crackcoach.plans import easing
from crackcoach.routines.model import Routine, Step
from envs import Clock, add, make_env, output, session
from homes import CRACKCOACH, first_check_answered, routines_folder, terminal_env

DAY = date(2026, 3, 4)  # a Wednesday

TURNS = """\
version: 1
name: turns
title: Turns
steps:
  - name: Seated rotation
    kind: hold
    hold: 120
    prepare: 0
    instructions: Sit tall and turn toward one side.
    easier:
      name: Standing rotation
      instructions: Stand tall and turn toward one side.
  - name: Knee rocks
    kind: timed
    seconds: 2
    prepare: 0
    instructions: Lie on your back and rock your knees side to side.
  - name: Bridge
    kind: reps
    reps: 5
    tempo: 1
    prepare: 0
    instructions: Lift the hips and lower them.
    easier:
      name: Half bridge
      instructions: Lift the hips a little way and lower them.
"""


def stopped(day: date, step: str, routine: str = "turns") -> Any:
    record = session(day, routine, outcome="stopped", done=0.2)
    return record._replace(stopped_step=step)


# -- the rule --------------------------------------------------------------------------------

def test_a_stop_keeps_sessions_lighter_for_seven_days_from_its_day() -> None:
    records = [session(DAY - timedelta(days=1), "turns"), stopped(DAY, "Seated rotation")]
    found = easing.after_stop(records, DAY + timedelta(days=6))
    assert found is not None
    assert (found.step, found.stopped_on, found.last_day) == (
        "Seated rotation", DAY, DAY + timedelta(days=6))
    assert easing.after_stop(records, DAY + timedelta(days=7)) is None
    assert easing.after_stop([session(DAY, "turns", outcome="quit")], DAY) is None


def test_the_latest_stop_is_the_one_that_counts() -> None:
    records = [stopped(DAY, "Bridge"), stopped(DAY + timedelta(days=2), "Seated rotation")]
    found = easing.after_stop(records, DAY + timedelta(days=3))
    assert found is not None and found.step == "Seated rotation"


def routine_of(text: str) -> Routine:
    from crackcoach.routines.reader import parse_routine

    return parse_routine(text)


def test_the_step_that_hurt_is_eased_and_the_rest_play_their_easier_versions() -> None:
    found = easing.after_stop([stopped(DAY, "Seated rotation")], DAY)
    assert found is not None
    eased = easing.ease(routine_of(TURNS), found)
    assert [s.name for s in eased.routine.steps] == ["Standing rotation", "Knee rocks",
                                                     "Half bridge"]
    assert eased.words() == "easier versions of 2 steps"


def test_a_step_without_an_easier_version_is_left_out() -> None:
    found = easing.after_stop([stopped(DAY, "Knee rocks")], DAY)
    assert found is not None
    eased = easing.ease(routine_of(TURNS), found)
    assert [s.name for s in eased.routine.steps] == ["Standing rotation", "Half bridge"]
    assert eased.words() == "easier versions of 2 steps, Knee rocks left out"


def test_a_step_that_hurt_in_its_easier_version_is_left_out() -> None:
    found = easing.after_stop([stopped(DAY, "Standing rotation")], DAY)
    assert found is not None
    eased = easing.ease(routine_of(TURNS), found)
    assert [s.name for s in eased.routine.steps] == ["Knee rocks", "Half bridge"]


def test_a_routine_of_only_the_step_that_hurt_still_plays_eased() -> None:
    only = Routine("one", "One", (Step("Hold", "hold", "Hold.", hold=10),))
    found = easing.after_stop([stopped(DAY, "Hold", "one")], DAY)
    assert found is not None
    assert [s.name for s in easing.ease(only, found).routine.steps] == ["Hold"]


# -- today's screen and start, in process ----------------------------------------------------

@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return routines_folder(tmp_path, turns=TURNS)


def test_todays_screen_says_why_the_next_session_is_lighter(tmp_path: Path) -> None:
    clock = Clock(DAY)
    clock.to(DAY + timedelta(days=2))
    env = make_env(tmp_path / "home", clock)
    add(env, stopped(DAY, "Seated rotation"))
    today(env)
    text = " ".join(output(env).split())
    assert ("Last time Seated rotation hurt (Wed 4 Mar): today's session uses the easier "
            "versions, that step eased or left out, until Tue 10 Mar.") in text
    summary, _ = gather(env)
    assert summary.easing is not None and summary.easing.step == "Seated rotation"
    clock.to(DAY + timedelta(days=7))
    env = make_env(tmp_path / "home", clock)
    today(env)
    assert "hurt" not in output(env)


def test_start_plays_the_lighter_session_and_says_why(tmp_path: Path) -> None:
    clock = Clock(DAY)
    clock.to(DAY + timedelta(days=1))
    env = make_env(tmp_path / "home", clock)
    add(env, stopped(DAY, "Warm-up walk", "back-reset"))
    start(env, StartOptions(dry_run=True))  # today's routine, as start would play it
    shown = output(env)
    assert "Last time Warm-up walk hurt (Wed 4 Mar): today's session uses the easier " \
        "versions (easier versions of 4 steps, Warm-up walk left out)." in " ".join(shown.split())
    assert "Standing rotation" in shown and "Cat-cow on a chair" in shown
    assert "Seated thoracic rotation" not in shown
    assert "walk" not in shown.replace("Warm-up walk hurt", "").replace("Warm-up walk left", "")


def test_harder_asked_for_plays_as_asked(tmp_path: Path) -> None:
    clock = Clock(DAY)
    clock.to(DAY)
    env = make_env(tmp_path / "home", clock)
    add(env, stopped(DAY, "Warm-up walk", "back-reset"))
    start(env, StartOptions(dry_run=True, harder=True))
    assert "hurt" not in output(env) and "Warm-up walk" in output(env)


# -- the whole story in a real 80x24 terminal -------------------------------------------------

pexpect = pytest.importorskip("pexpect")


class Screen:
    """A program in an 80x24 pseudo-terminal, read through a terminal emulator."""

    def __init__(self, args: list[str], env: dict[str, str]) -> None:
        import pyte

        self.child = pexpect.spawn(CRACKCOACH, args, env=env, dimensions=(24, 80), timeout=20)
        self.screen = pyte.Screen(80, 24)
        self.stream = pyte.ByteStream(self.screen)

    def lines(self) -> list[str]:
        return [line.rstrip() for line in self.screen.display]

    def wait_for(self, text: str, timeout: float = 20) -> list[str]:
        """Feed the emulator until ``text`` is on the screen (or the program ended)."""
        end = time.monotonic() + timeout
        while not any(text in line for line in self.lines()):
            if time.monotonic() > end:
                raise AssertionError(f"{text!r} never showed; the screen:\n" +
                                     "\n".join(self.lines()))
            try:
                self.stream.feed(self.child.read_nonblocking(65536, timeout=0.2))
            except pexpect.TIMEOUT:
                continue
            except pexpect.EOF:
                if not any(text in line for line in self.lines()):
                    raise AssertionError(f"{text!r} never showed before the end:\n" +
                                         "\n".join(self.lines())) from None
        return self.lines()

    def end(self) -> list[str]:
        """The screen once the program has ended; checks it ended well."""
        while True:
            try:
                self.stream.feed(self.child.read_nonblocking(65536, timeout=5))
            except pexpect.EOF:
                break
        self.child.close()
        assert self.child.exitstatus == 0
        shown = self.lines()
        assert not any("Traceback" in line for line in shown)
        return shown


@pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX only")
def test_x_at_80x24_then_history_today_and_start(tmp_path: Path, folder: Path) -> None:
    first_check_answered(tmp_path / "home")
    env = terminal_env(tmp_path)
    run = ["start", "turns", "--quiet", "--routines-dir", str(folder)]

    stop = Screen(run, env)
    stop.wait_for("Press Enter to start")
    stop.child.send("\r")
    stop.wait_for("discomfort right now, 0-10")
    stop.child.send("6\r")
    stop.wait_for("x this hurts")
    stop.child.send("x")
    stop.wait_for("Numbers separated by spaces")
    stop.child.send("\r")  # no sign chosen
    shown = stop.end()
    text = "\n".join(shown)
    # The summary and the closing words end the screen, below the list of signs.
    assert "Session stopped: Turns" in text
    assert "It hurt during Seated rotation; 0 of 3 steps done" in text
    assert "Stopping when something hurts is the right thing to do" in text
    assert "For the next 7 days 'crackcoach start' plays the easier versions" in text
    assert shown.index("Session stopped: Turns") > max(
        i for i, line in enumerate(shown) if "Numbers separated" in line)

    result = subprocess.run([CRACKCOACH, "history", "--json"], env=env, capture_output=True,
                            text=True, timeout=20, check=True)
    records = json.loads(result.stdout)["records"]
    [entry] = [r for r in records if r["type"] == "entry"]
    [kept] = [r for r in records if r["type"] == "session"]
    assert entry["discomfort_before"] == 6 and entry["session_id"] == kept["id"]
    assert kept["stopped_step"] == "Seated rotation"
    table = subprocess.run([CRACKCOACH, "history"], env={**env, "COLUMNS": "80"},
                           capture_output=True, text=True, timeout=20, check=True).stdout
    assert "hurt at Seated rotation" in " ".join(table.split())
    assert "discomfort before 6" in table

    board = Screen([], env)
    shown = board.end()
    assert shown[0].startswith("crackcoach, ")  # the whole screen fits: nothing scrolled
    assert all(len(line) <= 80 for line in shown)
    assert "Last time Seated rotation hurt (today): today's session uses the easier" in \
        " ".join(" ".join(shown).split())

    opening = Screen(run, env)
    opening.wait_for("type full for the full routine")
    opening.child.send("\r")
    shown = opening.wait_for("Press Enter to start")
    text = " ".join(" ".join(shown).split())
    assert "Turns" in shown[:4]
    assert "Last time Seated rotation hurt (today): today's session uses the easier " \
        "versions (easier versions of 2 steps)." in text
    opening.child.send("q")
    opening.end()

    full = Screen(run, env)
    full.wait_for("type full for the full routine")
    full.child.send("full\r")
    shown = full.wait_for("Press Enter to start")
    assert "The full routine, as you asked." in shown
    full.child.send("q")
    full.end()
