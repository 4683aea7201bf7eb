"""``crackcoach start`` in-process: the dry run, the overrides and bad options."""

from __future__ import annotations

from pathlib import Path

import pytest

from crackcoach.errors import InputError
from crackcoach.routines.adjust import QUICK_HOLD_CAP, adjust, describe_overrides
from crackcoach.routines.reader import parse_routine

ROUTINE = """\
version: 1
name: {name}
title: Tiny back
steps:
  - name: Walk
    kind: timed
    seconds: 30
    prepare: 0
    instructions: Walk about.
  - name: Thoracic rotation
    kind: hold
    hold: 25
    reps: 2
    sides: [left, right]
    switch: 5
    rest: 10
    prepare: 5
    instructions: Turn.
  - name: Cat-cow
    kind: flow
    seconds: 15
    prepare: 0
    cycle:
      - {{cue: exhale - round up, seconds: 6}}
      - {{cue: inhale - sag, seconds: 4}}
    instructions: Round and sag.
  - name: Bridge
    kind: reps
    reps: 3
    tempo: 2
    hold: 4
    sets: 2
    rest: 30
    prepare: 0
    instructions: Lift the hips.
"""


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    folder = tmp_path / "routines"
    folder.mkdir()
    for name in ("tiny", "back-reset"):
        (folder / f"{name}.yaml").write_text(ROUTINE.format(name=name), encoding="utf-8")
    return folder


def test_dry_run_prints_every_phase_with_its_start_and_the_total(cli, folder: Path) -> None:
    result = cli("start", "tiny", "--dry-run", "--routines-dir", str(folder))
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == """\
Tiny back (tiny)
[00:00] Walk - 30 s
[00:30] Thoracic rotation - left side - get ready 5 s
[00:35] Thoracic rotation - rep 1 of 2 - left side - hold 25 s
[01:00] Thoracic rotation - rep 1 of 2 - switch to the right side 5 s
[01:05] Thoracic rotation - rep 1 of 2 - right side - hold 25 s
[01:30] Thoracic rotation - rep 2 of 2 - left side - rest 10 s
[01:40] Thoracic rotation - rep 2 of 2 - left side - hold 25 s
[02:05] Thoracic rotation - rep 2 of 2 - switch to the right side 5 s
[02:10] Thoracic rotation - rep 2 of 2 - right side - hold 25 s
[02:35] Cat-cow - cycle 1 of 2 - exhale - round up, 6 s
[02:41] Cat-cow - cycle 1 of 2 - inhale - sag, 4 s
[02:45] Cat-cow - cycle 2 of 2 - exhale - round up, 5 s
[02:50] Bridge - set 1 of 2 - rep 1 of 3 - move 1 s
[02:51] Bridge - set 1 of 2 - rep 1 of 3 - hold 4 s
[02:55] Bridge - set 1 of 2 - rep 1 of 3 - move 1 s
[02:56] Bridge - set 1 of 2 - rep 2 of 3 - move 1 s
[02:57] Bridge - set 1 of 2 - rep 2 of 3 - hold 4 s
[03:01] Bridge - set 1 of 2 - rep 2 of 3 - move 1 s
[03:02] Bridge - set 1 of 2 - rep 3 of 3 - move 1 s
[03:03] Bridge - set 1 of 2 - rep 3 of 3 - hold 4 s
[03:07] Bridge - set 1 of 2 - rep 3 of 3 - move 1 s
[03:08] Bridge - set 2 of 2 - rest 30 s
[03:38] Bridge - set 2 of 2 - rep 1 of 3 - move 1 s
[03:39] Bridge - set 2 of 2 - rep 1 of 3 - hold 4 s
[03:43] Bridge - set 2 of 2 - rep 1 of 3 - move 1 s
[03:44] Bridge - set 2 of 2 - rep 2 of 3 - move 1 s
[03:45] Bridge - set 2 of 2 - rep 2 of 3 - hold 4 s
[03:49] Bridge - set 2 of 2 - rep 2 of 3 - move 1 s
[03:50] Bridge - set 2 of 2 - rep 3 of 3 - move 1 s
[03:51] Bridge - set 2 of 2 - rep 3 of 3 - hold 4 s
[03:55] Bridge - set 2 of 2 - rep 3 of 3 - move 1 s
Total: 03:56 (3 min 56 s, 4 steps, 31 phases)
"""


def test_start_runs_back_reset_by_default(cli, folder: Path) -> None:
    result = cli("start", "--dry-run", "--routines-dir", str(folder))
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0] == "Tiny back (back-reset)"


def test_hold_and_reps_override_the_routine_for_one_session(cli, folder: Path) -> None:
    result = cli("start", "tiny", "--dry-run", "--hold", "40", "--reps", "1",
                 "--routines-dir", str(folder))
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "Tiny back (tiny) - hold 40 s, 1 rep"
    assert lines[1:6] == [
        "[00:00] Walk - 30 s",
        "[00:30] Thoracic rotation - left side - get ready 5 s",
        "[00:35] Thoracic rotation - left side - hold 40 s",
        "[01:15] Thoracic rotation - switch to the right side 5 s",
        "[01:20] Thoracic rotation - right side - hold 40 s",
    ]
    assert "[02:15] Bridge - set 1 of 2 - move 1 s" in lines
    assert lines[-1] == "Total: 02:57 (2 min 57 s, 4 steps, 15 phases)"


def test_quick_runs_one_round_with_short_holds(cli, folder: Path) -> None:
    result = cli("start", "tiny", "--dry-run", "--quick", "--routines-dir", str(folder))
    lines = result.stdout.splitlines()
    assert lines[0] == "Tiny back (tiny) - quick"
    assert "[00:35] Thoracic rotation - left side - hold 20 s" in lines
    assert not any("rep 2 of 2 - left side" in line or "set 2" in line for line in lines)
    assert lines[-1] == "Total: 01:53 (1 min 53 s, 4 steps, 17 phases)"


@pytest.mark.parametrize(("args", "message"), [
    (["--hold", "0"], "--hold 0: expected a number of seconds from 1 to 600"),
    (["--hold", "601"], "--hold 601: expected a number of seconds from 1 to 600"),
    (["--hold", "nan"], "--hold nan: expected a number of seconds from 1 to 600"),
    (["--reps", "99"], "--reps 99: expected a whole number from 1 to 50"),
    (["--reps", "0"], "--reps 0: expected a whole number from 1 to 50"),
])
def test_out_of_range_overrides_are_refused_in_one_line(cli, folder: Path, args: list[str],
                                                        message: str) -> None:
    result = cli("start", "tiny", "--dry-run", *args, "--routines-dir", str(folder))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == f"crackcoach: error: {message}\n"


def test_an_unknown_routine_is_one_line_with_exit_2(cli, folder: Path) -> None:
    result = cli("start", "tinny", "--routines-dir", str(folder))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == ("crackcoach: error: no routine named 'tinny'; did you mean tiny? "
                             "('crackcoach list' shows them all)\n")


def test_a_non_number_is_a_usage_error(cli, folder: Path) -> None:
    result = cli("start", "tiny", "--reps", "two", "--routines-dir", str(folder))
    assert result.exit_code == 2
    assert result.stderr.startswith("crackcoach: error: ")
    assert "--reps" in result.stderr and len(result.stderr.splitlines()) == 1


def test_overrides_that_make_a_session_too_long_are_refused(cli, folder: Path) -> None:
    result = cli("start", "tiny", "--dry-run", "--hold", "600", "--reps", "50",
                 "--routines-dir", str(folder))
    assert result.exit_code == 2
    assert result.stderr.startswith("crackcoach: error: with these options the session would "
                                    "take ")
    assert result.stderr.endswith("minutes; a session must take under 2 hours\n")


def test_help_has_a_summary_and_an_example(cli) -> None:
    result = cli("start", "--help")
    assert result.exit_code == 0
    assert "Run a routine as a guided session with live hold timers." in result.stdout
    assert "crackcoach start desk-hips --quick" in result.stdout
    for option in ("--dry-run", "--hold", "--reps", "--quick", "--no-log", "--quiet",
                   "--voice", "--plain", "--routines-dir"):
        assert option in result.stdout


def test_adjusting_leaves_timed_and_flow_steps_alone_and_caps_quick_holds() -> None:
    original = parse_routine(ROUTINE.format(name="tiny"))
    quick = adjust(original, quick=True)
    walk, rotation, flow, bridge = quick.steps
    assert (walk, flow) == (original.steps[0], original.steps[2])
    assert (rotation.hold, rotation.reps) == (QUICK_HOLD_CAP, 1)
    assert (bridge.sets, bridge.reps, bridge.hold) == (1, 3, 4)
    assert adjust(original) is original
    explicit = adjust(original, quick=True, hold=45, reps=4)
    assert (explicit.steps[1].hold, explicit.steps[1].reps, explicit.steps[3].reps) == (45, 4, 4)
    assert describe_overrides(45.5, 4, True) == "quick, hold 45.5 s, 4 reps"
    with pytest.raises(InputError):
        adjust(original, hold=0.5)
