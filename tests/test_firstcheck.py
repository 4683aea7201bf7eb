"""The first-run check: asked once, remembered privately, changeable, and never a wall."""

from __future__ import annotations

import io
import json
import os
import stat
import subprocess
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from crackcoach.app.env import Env, Places
from crackcoach.app.safety import before_first_session
from crackcoach.errors import BadValue
from crackcoach.safety import firstcheck, signs
from homes import CRACKCOACH, terminal_env, tiny_routines

NOW = datetime(2024, 5, 1, 20, 30, tzinfo=timezone(timedelta(hours=2)))


def env(home: Path, typed: str = "", *, can_ask: bool = True) -> Env:
    return Env(places=Places.under(home), stdin=io.StringIO(typed),
               stdout=io.StringIO(), stderr=io.StringIO(), can_ask=can_ask,
               interactive=False, clock=lambda: NOW)


def shown(environment: Env) -> str:
    out = environment.stdout
    assert isinstance(out, io.StringIO)
    return " ".join(out.getvalue().split())


# --- the file -----------------------------------------------------------------------------

def test_answers_are_kept_privately_and_read_back(tmp_path: Path) -> None:
    path = tmp_path / "data" / "first-check.json"
    firstcheck.write(path, firstcheck.Answers(firstcheck.normalise(["recent-fall", "pregnancy"]),
                                              NOW))
    # Kept in the order of the check, whatever order they came in.
    assert firstcheck.read(path) == firstcheck.Answers(("pregnancy", "recent-fall"), NOW)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert os.listdir(path.parent) == ["first-check.json"]  # no temporary file left behind
    assert json.loads(path.read_text(encoding="utf-8"))["applies"] == ["pregnancy",
                                                                       "recent-fall"]


def test_a_missing_file_is_not_answered_and_a_damaged_one_says_why(tmp_path: Path) -> None:
    path = tmp_path / "first-check.json"
    assert firstcheck.read(path) is None
    for damage in ("{", '{"version": 1, "applies": ["skiing"], "answered_at": "2024-05-01"}',
                   '{"version": 2, "applies": [], "answered_at": "2024-05-01T10:00:00+00:00"}'):
        path.write_text(damage, encoding="utf-8")
        assert isinstance(firstcheck.read(path), firstcheck.Unreadable), damage


@pytest.mark.parametrize(("typed", "keys"), [
    ("", ()), ("none", ()), ("1", ("pregnancy",)), ("5, 2", ("osteoporosis", "recent-fall")),
    ("heart-lung 1", ("pregnancy", "heart-lung")),
])
def test_typed_answers_are_numbers_or_keys(typed: str, keys: tuple[str, ...]) -> None:
    assert firstcheck.parse_answer(typed) == keys


@pytest.mark.parametrize("typed", ["12", "0 1", "yes", "1.5"])
def test_other_answers_are_refused_with_what_is_expected(typed: str) -> None:
    with pytest.raises(BadValue, match="numbers from 1 to 11 separated by spaces"):
        firstcheck.parse_answer(typed)


# --- before the first session -------------------------------------------------------------

def test_it_is_asked_once_and_then_remembered(tmp_path: Path) -> None:
    first = env(tmp_path, "\n")
    assert before_first_session(first) == []
    for condition in signs.CONDITIONS:
        assert " ".join(condition.text.split()) in shown(first)
    assert signs.FIRST_CHECK_NONE in shown(first)
    second = env(tmp_path, "this would be read if it asked again\n")
    assert before_first_session(second) == []
    assert shown(second) == ""  # not asked again


def test_a_yes_gives_advice_and_a_reminder_on_every_opening_screen_but_no_wall(
        tmp_path: Path) -> None:
    first = env(tmp_path, "19\n1 5\n\n")  # a wrong answer is asked again; Enter goes on
    notes = before_first_session(first)
    assert "Please enter numbers from 1 to 11" in shown(first)
    assert notes == [signs.first_check_reminder(("pregnancy", "recent-fall"))]
    boxed = shown(first).replace("│", " ")
    assert "Check with a doctor or physiotherapist before you start" in boxed
    assert "lying on your back, planks, kneeling and foam rolling" in " ".join(boxed.split())
    assert "urgent care today" in boxed  # a fall with severe pain needs that instead
    assert shown(first).endswith(signs.FIRST_CHECK_READ.strip())  # time to read it
    later = env(tmp_path)
    assert before_first_session(later) == notes and shown(later) == ""


NEW_QUESTIONS = ("supervised-only", "chest-pain-at-times", "dizziness-fainting",
                 "hypermobility", "hip-replacement")


def test_the_check_asks_the_par_q_core_questions_and_those_these_routines_need() -> None:
    assert signs.CONDITION_KEYS[-5:] == NEW_QUESTIONS
    texts = {c.key: c.text for c in signs.CONDITIONS}
    assert "only under medical supervision" in texts["supervised-only"]
    assert "chest" in texts["chest-pain-at-times"] and "at rest" in texts["chest-pain-at-times"]
    assert "dizziness" in texts["dizziness-fainting"]
    assert "lost consciousness" in texts["dizziness-fainting"]
    assert "dislocated" in texts["hypermobility"] and "hip replacement" in texts["hip-replacement"]
    for key in NEW_QUESTIONS:  # each brings its own advice with the general one
        advice = signs.first_check_advice([key])
        assert len(advice) == 3 and advice[1] == signs.conditions([key])[0].advice, key
    assert "mild tension" in signs.first_check_advice(["hypermobility"])[1]
    assert "standing rather than half-kneeling" in signs.first_check_advice(
        ["hip-replacement"])[1]
    assert [c.key for c in signs.easier_because(signs.CONDITION_KEYS)] == ["hip-replacement"]


def test_answers_given_before_the_new_questions_stand_and_only_those_are_asked_once(
        tmp_path: Path) -> None:
    path = tmp_path / "first-check.json"
    path.write_text(json.dumps({"version": 1, "answered_at": "2024-04-01T10:00:00+02:00",
                                "applies": ["osteoporosis"]}), encoding="utf-8")
    old = firstcheck.read(path)
    assert isinstance(old, firstcheck.Answers) and old.applies == ("osteoporosis",)
    assert tuple(c.key for c in old.not_asked()) == NEW_QUESTIONS

    first = env(tmp_path, "5\n\n")  # 5 of the new list: hip replacement
    notes = before_first_session(first)
    said = shown(first)
    assert signs.FIRST_CHECK_NEW_INTRO in said
    assert "you are pregnant" not in said  # the old questions are not asked again
    for key in NEW_QUESTIONS:
        assert " ".join(signs.conditions([key])[0].text.split()) in said, key
    kept = firstcheck.read(path)
    assert isinstance(kept, firstcheck.Answers)
    assert kept.applies == ("osteoporosis", "hip-replacement")
    assert kept.asked == signs.CONDITION_KEYS and kept.not_asked() == ()
    assert notes == [signs.first_check_reminder(("osteoporosis", "hip-replacement"))]

    later = env(tmp_path, "this would be read if it asked again\n")
    assert before_first_session(later) == notes and shown(later) == ""


def test_without_a_terminal_old_answers_still_give_their_reminder(tmp_path: Path) -> None:
    firstcheck.write(tmp_path / "first-check.json",
                     firstcheck.Answers(("pregnancy",), NOW, firstcheck.VERSION_1_ASKED))
    piped = env(tmp_path, "", can_ask=False)
    assert before_first_session(piped) == [signs.first_check_reminder(["pregnancy"])]
    assert shown(piped) == ""


def test_a_question_from_a_later_version_is_ignored_not_a_damaged_file(tmp_path: Path) -> None:
    path = tmp_path / "first-check.json"
    path.write_text(json.dumps({"version": 2, "answered_at": "2024-04-01T10:00:00+02:00",
                                "applies": [], "asked": [*signs.CONDITION_KEYS, "future"]}),
                    encoding="utf-8")
    assert firstcheck.read(path) == firstcheck.Answers((), datetime.fromisoformat(
        "2024-04-01T10:00:00+02:00"), signs.CONDITION_KEYS)


def test_stopping_the_question_starts_nothing_and_remembers_nothing(tmp_path: Path) -> None:
    with pytest.raises(KeyboardInterrupt):
        before_first_session(env(tmp_path, ""))  # end of input, as Ctrl-D
    assert not (tmp_path / "first-check.json").exists()


def test_without_someone_to_answer_it_is_not_asked(tmp_path: Path) -> None:
    piped = env(tmp_path, "1\n", can_ask=False)
    assert before_first_session(piped) == []
    assert shown(piped) == "" and not (tmp_path / "first-check.json").exists()


def test_an_answer_that_cannot_be_kept_is_a_warning_not_a_wall(tmp_path: Path) -> None:
    (tmp_path / "first-check.json").mkdir()  # something in the way of the file
    (tmp_path / "first-check.json" / "x").write_text("", encoding="utf-8")
    environment = env(tmp_path, "2\n\n")
    assert before_first_session(environment) == [signs.first_check_reminder(["osteoporosis"])]
    assert "asked again next time" in environment.stderr.getvalue()  # type: ignore[attr-defined]


# --- crackcoach check ---------------------------------------------------------------------

def test_check_can_be_answered_shown_and_changed_from_a_script(cli: Any, home: Path) -> None:
    assert cli("check", "--show").stdout.startswith(
        "The first-run check has not been answered yet.")
    answered = cli("check", "--applies", "osteoporosis", "--applies", "heart-lung")
    assert answered.exit_code == 0
    assert "You said these apply:" in answered.stdout
    assert firstcheck.read(home / "first-check.json").applies == (  # type: ignore[union-attr]
        "osteoporosis", "heart-lung")
    shown_again = cli("check", "--show")
    assert "you have osteoporosis (thinning bones) (osteoporosis)" in shown_again.stdout
    assert "Check with a doctor or physiotherapist before you start" in shown_again.stdout
    changed = cli("check", "--none")
    assert "none of these apply" in changed.stdout
    assert firstcheck.read(home / "first-check.json").applies == ()  # type: ignore[union-attr]
    assert stat.S_IMODE((home / "first-check.json").stat().st_mode) == 0o600


def test_check_show_names_the_questions_added_since_an_earlier_answer(cli: Any,
                                                                     home: Path) -> None:
    home.mkdir(parents=True, exist_ok=True)
    (home / "first-check.json").write_text(json.dumps({
        "version": 1, "answered_at": "2024-04-01T10:00:00+02:00", "applies": []}),
        encoding="utf-8")
    shown_now = " ".join(cli("check", "--show").stdout.split())
    assert "Questions added since you answered" in shown_now
    assert ", ".join(NEW_QUESTIONS) in shown_now and "none of these apply" in shown_now
    assert cli("check", "--applies", "hip-replacement").exit_code == 0
    kept = firstcheck.read(home / "first-check.json")
    assert isinstance(kept, firstcheck.Answers) and kept.not_asked() == ()
    assert "Questions added since" not in cli("check", "--show").stdout


@pytest.mark.parametrize(("args", "message"), [
    (["--none", "--applies", "pregnancy"], "--none and --applies contradict each other"),
    (["--show", "--none"], "--show only shows the answers"),
    ([], "crackcoach check asks its questions in a terminal"),
    (["--applies", "skiing"], "--applies skiing: expected one of pregnancy, osteoporosis"),
])
def test_check_refuses_what_it_cannot_do_and_writes_nothing(cli: Any, home: Path,
                                                            args: list[str], message: str
                                                            ) -> None:
    result = cli("check", *args)
    assert result.exit_code == 2 and message in result.stderr
    assert len(result.stderr.splitlines()) == 1
    assert not home.exists()


def test_a_damaged_answer_file_is_reported_and_counts_as_not_answered(cli: Any,
                                                                      home: Path) -> None:
    home.mkdir()
    (home / "first-check.json").write_text("not json", encoding="utf-8")
    result = cli("check", "--show")
    assert result.exit_code == 0
    assert "could not be read" in result.stderr and "not been answered" in result.stdout


# --- in a real terminal -------------------------------------------------------------------

@pytest.mark.slow
def test_the_first_start_asks_the_next_one_does_not_and_a_yes_never_blocks(
        tmp_path: Path) -> None:
    pexpect = pytest.importorskip("pexpect")
    folder = tiny_routines(tmp_path)
    environment = terminal_env(tmp_path)
    arguments = ["start", "tiny", "--routines-dir", str(folder), "--no-log", "--quiet"]

    first = pexpect.spawn(CRACKCOACH, arguments, env=environment, dimensions=(30, 100),
                          encoding="utf-8", timeout=30)
    first.expect_exact("apply to you?")
    first.expect_exact("Enter if none apply: ")
    first.sendline("1")
    first.expect_exact("Check with a doctor or physiotherapist before you start")
    first.expect_exact("Press Enter when you have read this: ")
    first.sendline("")
    first.expect_exact("You noted pregnancy")  # the opening screen's reminder
    first.expect_exact("Press Enter to start, or q to leave.")
    first.send("q")
    first.expect(pexpect.EOF)
    first.close()

    again = pexpect.spawn(CRACKCOACH, arguments, env=environment, dimensions=(30, 100),
                          encoding="utf-8", timeout=30)
    again.expect_exact("Press Enter to start, or q to leave.")
    assert "apply to you" not in again.before  # remembered: not asked again
    assert "You noted pregnancy" in again.before  # and still advised
    again.send("\r")
    again.expect_exact("Session complete")  # advice, never a wall
    again.expect(pexpect.EOF)
    again.close()
    assert again.exitstatus == 0

    changed = subprocess.run([CRACKCOACH, "check", "--none"], env=environment,
                             capture_output=True, text=True, timeout=30)
    assert changed.returncode == 0
    assert firstcheck.read(tmp_path / "home" / "first-check.json").applies == ()  # type: ignore[union-attr]


# --- what the routines adapt --------------------------------------------------------------

def test_after_a_hip_replacement_sessions_play_the_standing_stretch_unless_told_otherwise(
        tmp_path: Path) -> None:
    from crackcoach.app.played import played
    from crackcoach.app.start_options import StartOptions
    from crackcoach.base.paths import Folder
    from crackcoach.routines.library import load_file

    source_path = Path(__file__).resolve().parents[1] / "routines" / "desk-hips.yaml"
    source = load_file(source_path, Folder(source_path.parent, builtin=True))
    environment = env(tmp_path)

    def stretch(options: StartOptions) -> tuple[str, str, str]:
        found = played(environment, options, source)
        return found.routine.steps[1].name, found.overrides, found.note

    assert stretch(StartOptions()) == ("Half-kneeling hip-flexor stretch", "", "")
    firstcheck.write(environment.places.first_check_path,
                     firstcheck.Answers(("hip-replacement",), NOW))
    name, overrides, note = stretch(StartOptions())
    assert name == "Standing hip-flexor stretch"
    assert overrides == "easier versions of 1 step" and "a recent hip replacement" in note
    assert stretch(StartOptions(harder=True))[0] == "Hip-flexor stretch with an overhead reach"
    firstcheck.write(environment.places.first_check_path,
                     firstcheck.Answers(("hypermobility",), NOW))
    assert stretch(StartOptions())[0] == "Half-kneeling hip-flexor stretch"


@pytest.mark.slow
def test_in_a_terminal_old_answers_get_the_new_questions_and_a_hip_replacement_adapts_at_once(
        tmp_path: Path) -> None:
    pexpect = pytest.importorskip("pexpect")
    home = tmp_path / "home"
    home.mkdir()
    (home / "first-check.json").write_text(json.dumps({
        "version": 1, "answered_at": "2024-04-01T10:00:00+02:00", "applies": []}),
        encoding="utf-8")
    child = pexpect.spawn(CRACKCOACH, ["start", "desk-hips", "--no-log", "--quiet"],
                          env=terminal_env(tmp_path), dimensions=(24, 80), encoding="utf-8",
                          timeout=30)
    child.expect_exact("now asks a few more questions")
    child.expect_exact("Enter if none apply: ")
    assert "you are pregnant" not in child.before  # only the new questions
    child.sendline(str(NEW_QUESTIONS.index("hip-replacement") + 1))
    child.expect_exact("Press Enter when you have read this: ")
    child.sendline("")
    child.expect_exact("Easier versions where a step has one")  # this very session
    child.expect_exact("Press Enter to start, or q to leave.")
    child.send("\r")
    child.expect_exact("Warm-up walk")
    child.send("n")
    child.expect_exact("Standing hip-flexor stretch")
    child.send("q")
    child.expect(pexpect.EOF)
    child.close()
    kept = firstcheck.read(home / "first-check.json")
    assert isinstance(kept, firstcheck.Answers) and kept.applies == ("hip-replacement",)
