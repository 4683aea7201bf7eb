"""Easier and harder versions of steps, `why` and `equipment`: read, checked, played, shown."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console

from crackcoach.errors import InputError, RoutineError
from crackcoach.routines import adjust
from crackcoach.routines.reader import parse_routine
from crackcoach.routines.timeline import build, total_seconds
from crackcoach.views.session import render_prestart

PLANKS = """\
version: 1
name: planks
title: Planks
equipment: [an exercise mat]
steps:
  - name: Warm-up
    kind: timed
    seconds: 120
    instructions: March on the spot.
  - name: Knee plank
    kind: hold
    hold: 15
    reps: 3
    rest: 20
    why: Keeps the trunk steady.
    instructions: Forearms down, knees down, body straight.
    cues: [hips level]
    caution: Stop if your back aches.
    easier:
      name: Incline plank
      equipment: [a sturdy table]
      instructions: Forearms on a table, feet back, body straight.
    harder:
      name: Full plank
      hold: 20
      instructions: On your toes, body straight.
  - name: Bridge
    kind: reps
    reps: 5
    tempo: 4
    hold: 3
    instructions: Lift the hips, hold, lower.
    harder:
      name: Single-leg bridge
      sides: [left, right]
      instructions: The side named is the leg that works.
"""


def problems(text: str) -> list[str]:
    with pytest.raises(RoutineError) as caught:
        parse_routine(text, "f.yaml")
    return caught.value.problems


def test_a_version_has_its_own_words_and_the_step_s_timing_unless_it_says() -> None:
    plank = parse_routine(PLANKS).steps[1]
    assert plank.why == "Keeps the trunk steady."
    easier, harder = plank.easier, plank.harder
    assert easier is not None and harder is not None
    assert (easier.name, easier.kind, easier.hold, easier.reps, easier.rest) == (
        "Incline plank", "hold", 15, 3, 20)
    assert easier.equipment == ("a sturdy table",)
    # Words are never inherited: the step's cue and caution are about another position.
    assert (easier.cues, easier.caution, easier.why) == ((), None, None)
    assert (harder.name, harder.hold, harder.reps) == ("Full plank", 20, 3)
    bridge = parse_routine(PLANKS).steps[2].harder
    assert bridge is not None and (bridge.sides, bridge.switch, bridge.tempo) == (
        ("left", "right"), 5, 4)


def test_start_easier_or_harder_plays_the_versions_and_the_other_steps_as_written() -> None:
    routine = parse_routine(PLANKS)
    easier = adjust.adjust(routine, variant="easier")
    assert [s.name for s in easier.steps] == ["Warm-up", "Incline plank", "Bridge"]
    harder = adjust.adjust(routine, variant="harder", quick=True)
    assert [s.name for s in harder.steps] == ["Warm-up", "Full plank", "Single-leg bridge"]
    assert harder.steps[1].reps == 1  # --quick applies to what is played
    assert routine.variant_count("easier") == 1 and routine.variant_count("harder") == 2
    assert adjust.describe_overrides(None, None, True, ("harder", 2)) == (
        "harder versions of 2 steps, quick")
    with pytest.raises(InputError, match="--easier and --harder: choose one"):
        adjust.choose_variant(True, True)


def test_the_opening_screen_lists_what_the_session_played_needs() -> None:
    routine = adjust.adjust(parse_routine(PLANKS), variant="easier")
    console = Console(file=io.StringIO(), width=80, color_system=None)
    console.print(render_prestart(routine, build(routine), width=80, height=24))
    assert "You need: an exercise mat, a sturdy table" in console.file.getvalue()  # type: ignore[attr-defined]


@pytest.mark.parametrize(("extra", "message"), [
    ("    easier: a chair\n", "f.yaml:14:13: step 1 (S) > easier: expected a mapping with "
                              "name and instructions"),
    ("    easier:\n      name: E\n", "f.yaml:15:7: step 1 (S) > easier: 'instructions' is "
                                      "missing"),
    ("    harder:\n      name: H\n      kind: timed\n      instructions: x\n",
     "f.yaml:16:7: step 1 (S) > harder > kind: a variant keeps its step's kind ('hold')"),
    ("    easier:\n      name: E\n      instructions: x\n      seconds: 5\n",
     "f.yaml:17:7: step 1 (S) > easier > seconds: is not used by a variant of a 'hold' step"),
    ("    easier:\n      name: E\n      instructions: x\n      easier: {name: F}\n",
     "f.yaml:17:7: step 1 (S) > easier > easier: is not used by a variant of a 'hold' step"),
    ("    easier:\n      name: E\n      instructions: x\n      hold: 0\n",
     "f.yaml:17:13: step 1 (S) > easier > hold: expected a number of seconds from 1 to 600"),
    ("    why: |\n      one\n      two\n", "f.yaml:14:10: step 1 (S) > why: expected one line"),
    ("    equipment: [a, b, c, d, e, f, g]\n", "f.yaml:14:16: step 1 (S) > equipment: has 7 "
                                               "items; at most 6"),
])
def test_validate_checks_versions_where_they_are_written(extra: str, message: str) -> None:
    text = ("version: 1\nname: r\ntitle: R\nsteps:\n  - name: S\n    kind: hold\n"
            "    hold: 20\n    instructions: Hold.\n") + "\n" * 5 + extra
    found = problems(text)
    assert any(p.startswith(message) for p in found), found


def test_a_version_must_keep_the_routine_under_two_hours() -> None:
    long = PLANKS.replace("      hold: 20\n", "      hold: 600\n      reps: 50\n")
    assert any("with the harder versions; a routine must take under 2 hours" in p
               for p in problems(long))


def test_the_routine_total_is_the_steps_as_written() -> None:
    routine = parse_routine(PLANKS)
    assert total_seconds(routine) < total_seconds(routine.played_as("harder"))


# --- on the command line ------------------------------------------------------------------

@pytest.fixture
def folder(tmp_path: Path) -> Path:
    path = tmp_path / "routines"
    path.mkdir()
    (path / "planks.yaml").write_text(PLANKS, encoding="utf-8")
    return path


def test_show_lists_each_step_s_versions_and_the_total_each_way(cli: Any, folder: Path
                                                                 ) -> None:
    out = cli("show", "planks", "--routines-dir", str(folder)).stdout
    assert "\nYou need: an exercise mat\n" in out  # as written; a version's under it
    assert "   Why: Keeps the trunk steady.\n" in out
    assert "   Easier: Incline plank  [hold] hold 15 s x 3 rounds, rest 20 s between rounds\n" \
        in out
    assert "   Harder: Full plank  [hold] hold 20 s x 3 rounds" in out
    assert "      You need: a sturdy table\n" in out
    assert "With the harder versions (crackcoach start planks --harder): " in out
    data = json.loads(cli("show", "planks", "--json", "--routines-dir", str(folder)).stdout)[
        "routine"]
    plank = data["steps"][1]
    assert plank["why"] == "Keeps the trunk steady."
    assert plank["easier"]["name"] == "Incline plank" and plank["easier"]["hold"] == 15
    assert plank["harder"]["hold"] == 20 and "easier" not in data["steps"][0]
    assert data["equipment"] == ["an exercise mat"]


def test_start_easier_runs_the_easier_versions(cli: Any, folder: Path) -> None:
    result = cli("start", "planks", "--easier", "--dry-run", "--routines-dir", str(folder))
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "Planks (planks) - easier versions of 1 step"
    assert any(line.endswith("Incline plank - rep 1 of 3 - hold 15 s") for line in lines)
    assert not any("Knee plank" in line for line in lines)


def test_start_refuses_easier_and_harder_together(cli: Any, folder: Path) -> None:
    result = cli("start", "planks", "--easier", "--harder", "--dry-run", "--routines-dir",
                 str(folder))
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == ("crackcoach: error: --easier and --harder: choose one of them "
                             "for a session\n")


def test_a_routine_without_versions_says_so(cli: Any, folder: Path) -> None:
    (folder / "plain.yaml").write_text(PLANKS.split("    easier:")[0].replace(
        "name: planks", "name: plain"), encoding="utf-8")
    result = cli("start", "plain", "--easier", "--dry-run", "--routines-dir", str(folder))
    assert result.stdout.splitlines()[0] == "Planks (plain) - no step has an easier version"
