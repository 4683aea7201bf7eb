"""Safety around a session: the "this hurts" key, signs logged lately, and doses.

- `x` during a step ends the session at once, keeps it as "stopped" with the
  step, asks which sign it was and shows that sign's advice;
- an urgent or 'soon' sign not cleared shows its advice and a session
  starts only after the person types the word asked for; a 'soon' sign shows
  its advice before the first session of the day;
- `--hold` over 60 s or `--reps` over 5 asks to go on, `--yes` for scripts.
"""

from __future__ import annotations

import io
import json
import subprocess
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from crackcoach.app.env import Env, Places
from crackcoach.app.session import start
from crackcoach.app.start_options import StartOptions
from crackcoach.diary.records import DiaryEntry, SessionRecord
from crackcoach.errors import InputError
from crackcoach.store import open_store
from homes import CRACKCOACH, first_check_answered, routines_folder, terminal_env, tiny_routines

pexpect = pytest.importorskip("pexpect")

TIMEOUT = 45  # generous: a loaded machine is slow, and expect returns as soon as it can
NOW = datetime(2026, 12, 2, 9, 0, tzinfo=timezone(timedelta(hours=1)))
HOLDING = """\
version: 1
name: holding
title: Holding
steps:
  - name: Long hold
    kind: hold
    hold: 120
    prepare: 0
    instructions: Hold still and breathe.
"""


def diary(env: dict[str, str]) -> list[dict[str, object]]:
    result = subprocess.run([CRACKCOACH, "history", "--json"], env=env, capture_output=True,
                            text=True, timeout=TIMEOUT, check=True)
    return list(json.loads(result.stdout)["records"])


def test_x_stops_the_session_keeps_it_and_asks_which_sign(tmp_path: Path) -> None:
    env = terminal_env(tmp_path)
    first_check_answered(tmp_path / "home")
    folder = routines_folder(tmp_path, holding=HOLDING)
    child = pexpect.spawn(CRACKCOACH, ["start", "holding", "--quiet", "--routines-dir",
                                       str(folder)], env=env, dimensions=(30, 100),
                          encoding="utf-8", timeout=TIMEOUT)
    child.expect_exact("Press Enter to start")
    child.send("\r")
    child.expect_exact("discomfort right now, 0-10")
    child.sendline("")
    child.expect_exact("x this hurts")  # the key is on the screen while the step runs
    child.send("x")
    child.expect_exact("Session stopped")
    child.expect_exact("Next: whether one of these signs made you stop")  # not the questions
    child.expect_exact("Any of these today?")
    child.expect(r"(\d+)\. a stretch brought on sharp, shooting or spreading pain")
    number = child.match.group(1)
    child.expect_exact("Numbers separated by spaces")
    child.sendline(number)
    child.expect_exact("Worth a check-up")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    with open_store(tmp_path / "home" / "crackcoach.db", read_only=True) as store:
        [session], [entry] = store.sessions(), store.entries()
    assert (session.outcome, session.stopped_step) == ("stopped", "Long hold")
    assert entry.flags == ("sharp-pain",) and entry.session_id == session.id


def log_a_sign(env: dict[str, str], flag: str) -> None:
    subprocess.run([CRACKCOACH, "log", "--discomfort", "3", "--stiffness", "2", "--flag", flag],
                   env=env, check=True, capture_output=True, timeout=TIMEOUT)


def test_an_urgent_sign_logged_earlier_stops_the_next_start_until_confirmed(
        tmp_path: Path) -> None:
    env = terminal_env(tmp_path)
    first_check_answered(tmp_path / "home")
    folder = tiny_routines(tmp_path)
    log_a_sign(env, "saddle-numbness")

    def started(answer: str) -> str:
        child = pexpect.spawn(CRACKCOACH, ["start", "tiny", "--no-log", "--quiet",
                                           "--routines-dir", str(folder)], env=env,
                              dimensions=(30, 100), encoding="utf-8", timeout=TIMEOUT)
        child.expect_exact("URGENT: GET MEDICAL HELP TODAY")
        child.expect_exact("Type start to go on")
        child.sendline(answer)
        if answer == "start":
            child.expect_exact("Press Enter to start")
            child.send("\r")
        child.expect(pexpect.EOF)
        child.close()
        assert child.exitstatus == 0
        return str(child.before)

    assert "No session started." in started("")  # Enter alone starts nothing
    assert [item for item in diary(env) if item["type"] == "session"] == []
    assert "Session complete" in started("start")
    assert [item["outcome"] for item in diary(env) if item["type"] == "session"] == ["completed"]


def make_env(home: Path, answers: str = "", *, can_ask: bool = True) -> Env:
    return Env(places=Places.under(home), stdin=io.StringIO(answers), stdout=io.StringIO(),
               stderr=io.StringIO(), can_ask=can_ask, interactive=False, clock=lambda: NOW)


def shown(env: Env) -> str:
    assert isinstance(env.stdout, io.StringIO)
    return env.stdout.getvalue()


def seed(home: Path, *records: SessionRecord | DiaryEntry) -> None:
    with open_store(home / "crackcoach.db") as store:
        for record in records:
            if isinstance(record, SessionRecord):
                store.add_session(record)
            else:
                store.add_entry(record)


def run(home: Path, folder: Path, env: Env, **options: object) -> int:
    return start(env, StartOptions(name="tiny", no_log=True, quiet=True, extra_dirs=(folder,),
                                   **options))  # type: ignore[arg-type]


def test_without_a_terminal_an_open_sign_starts_nothing_and_is_no_error(
        tmp_path: Path) -> None:
    home, folder = tmp_path / "home", tiny_routines(tmp_path)
    seed(home, DiaryEntry(at=NOW - timedelta(days=30), flags=("bladder-bowel",)))
    refused = make_env(home, can_ask=False)
    assert run(home, folder, refused) == 0
    assert "URGENT" in shown(refused) and "No session started." in shown(refused)
    with open_store(home / "crackcoach.db", read_only=True) as store:
        assert store.counts() == (0, 1)
    # A professional has seen the person: sessions start again.
    with open_store(home / "crackcoach.db") as store:
        store.add_clearance(NOW - timedelta(days=1), NOW)
    assert run(home, folder, make_env(home, can_ask=False)) == 0
    with open_store(home / "crackcoach.db", read_only=True) as store:
        assert store.counts() == (1, 1)


def test_a_soon_sign_asks_for_the_typed_word_before_every_session(tmp_path: Path) -> None:
    home, folder = tmp_path / "home", tiny_routines(tmp_path)
    first_check_answered(home)
    seed(home, DiaryEntry(at=NOW - timedelta(days=20), flags=("night-pain",)))
    left = make_env(home, "\n")
    assert run(home, folder, left) == 0
    assert "Pause and see a professional" in shown(left)
    assert "No session started." in shown(left) and "error" not in shown(left)
    went_on = make_env(home, "start\n")
    assert run(home, folder, went_on) == 0
    again = make_env(home, "\n")
    assert run(home, folder, again) == 0
    assert "Pause and see a professional" in shown(again)  # until cleared, not once a day
    with open_store(home / "crackcoach.db", read_only=True) as store:
        assert store.counts() == (1, 1)


def test_a_dose_above_the_guidance_asks_and_yes_answers_for_scripts(tmp_path: Path) -> None:
    home, folder = tmp_path / "home", tiny_routines(tmp_path)
    first_check_answered(home)
    with pytest.raises(InputError, match=r"--hold 600: usual stretching guidance .* add --yes"):
        run(home, folder, make_env(home, can_ask=False), hold=600)
    refused = make_env(home, "no\n")
    assert run(home, folder, refused, reps=10) == 0
    assert "--reps 10: usual guidance is 2 to 4 rounds" in shown(refused)
    assert "No session started." in shown(refused)
    with open_store(home / "crackcoach.db", read_only=True) as store:
        assert store.counts() == (0, 0)
    assert run(home, folder, make_env(home, can_ask=False), hold=600, yes=True) == 0
    with open_store(home / "crackcoach.db", read_only=True) as store:
        assert store.counts() == (1, 0)
