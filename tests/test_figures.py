"""Step figures: the pose description in a routine file, its checks, and both drawings."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from crackcoach.base.paths import Folder
from crackcoach.errors import RoutineError
from crackcoach.figures.pose import POSE_NAMES, Figure, Pose, drawing
from crackcoach.figures.svg import figure_svg
from crackcoach.figures.text import figure_rows
from crackcoach.routines.library import load_file
from crackcoach.routines.model import Step
from crackcoach.routines.reader import load_routine, parse_routine
from test_routine_cache import fresh, settled

ROUTINES = Path(__file__).resolve().parents[1] / "routines"
BUILTIN = sorted(ROUTINES.glob("*.yaml"))


def steps_and_variants(path: Path) -> list[Step]:
    routine = load_file(path, Folder(ROUTINES, builtin=True))
    found = []
    for step in routine.steps:
        found += [v for v in (step, step.easier, step.harder) if v is not None]
    return found


@pytest.mark.parametrize("path", BUILTIN, ids=[p.stem for p in BUILTIN])
def test_every_built_in_step_and_version_has_a_figure(path: Path) -> None:
    missing = [step.name for step in steps_and_variants(path) if step.figure is None]
    assert not missing, f"{path.name}: no figure for {missing}"


def test_the_moves_that_change_have_a_start_and_an_end_pose() -> None:
    steps = {s.name: s for path in BUILTIN for s in steps_and_variants(path)}
    for name in ("Cat-cow", "Cat-cow on a chair", "Seated thoracic rotation",
                 "Standing rotation", "Pelvic tilts", "Pelvic tilts against a wall",
                 "Glute bridge", "Single-leg bridge", "Clamshell"):
        figure = steps[name].figure
        assert figure is not None and figure.moves, name
        assert drawing(figure.pose("start")) != drawing(figure.pose("end")), name


def routine(figure: str, variant: str = "") -> str:
    return ("version: 1\nname: mine\ntitle: Mine\nsteps:\n  - name: Walk\n    kind: timed\n"
            f"    seconds: 60\n    instructions: Walk.\n    figure: {figure}\n{variant}")


@pytest.mark.parametrize(("figure", "expected"), [
    ("standing", Figure(Pose("standing"))),
    ("{pose: all-fours, bend: 25}", Figure(Pose("all-fours", (("bend", 25.0),)))),
    ("{start: lying, end: {pose: bridge, props: []}}",
     Figure(Pose("lying"), Pose("bridge", props=()))),
])
def test_the_three_ways_to_write_a_figure(figure: str, expected: Figure) -> None:
    assert parse_routine(routine(figure)).steps[0].figure == expected


def test_a_step_without_a_figure_simply_has_none() -> None:
    text = routine("standing").replace("    figure: standing\n", "")
    assert parse_routine(text).steps[0].figure is None


def test_a_version_has_its_own_figure_not_its_steps() -> None:
    text = routine("standing", "    easier:\n      name: Sit\n      instructions: Sit.\n")
    assert parse_routine(text).steps[0].easier.figure is None  # type: ignore[union-attr]


@pytest.mark.parametrize(("figure", "problem"), [
    ("standin", "f.yaml:9:13: step 1 (Walk) > figure: unknown pose 'standin' (did you mean "
                "'standing'?); expected one of " + ", ".join(POSE_NAMES)),
    ("{pose: lying, bend: 90}", "f.yaml:9:33: step 1 (Walk) > figure > bend: expected a "
                                "number of degrees from -45 to 45, got 90"),
    ("{pose: lying, elbow: 3}", "f.yaml:9:27: step 1 (Walk) > figure > elbow: unknown key; "
                                "expected one of pose, trunk, head, arm, forearm, arm2, "
                                "forearm2, thigh, shin, thigh2, shin2, bend, turn, props"),
    ("{start: lying}", "f.yaml:9:13: step 1 (Walk) > figure: 'end' is missing; a figure of "
                       "two poses needs both 'start' and 'end'"),
    ("{start: lying, end: {pose: bridge, props: [wal]}}",
     "f.yaml:9:56: step 1 (Walk) > figure > end > props item 1: unknown prop 'wal' (did you "
     "mean 'wall'?); expected any of chair, wall, roller, counter"),
    ("[1, 2]", "f.yaml:9:13: step 1 (Walk) > figure: expected a base pose's name, a mapping "
               "with 'pose' and the angles that differ, or a mapping with 'start' and 'end' "
               "poses, got a list"),
    ("{bend: 10}", "f.yaml:9:13: step 1 (Walk) > figure: 'pose' is missing; expected one of "
                   + ", ".join(POSE_NAMES)),
])
def test_a_bad_figure_is_told_with_its_line_and_column(figure: str, problem: str) -> None:
    with pytest.raises(RoutineError) as caught:
        parse_routine(routine(figure), "f.yaml")
    assert caught.value.problems == [problem]


def test_validate_reports_a_bad_figure_from_the_installed_command(tmp_path: Path) -> None:
    import subprocess

    from homes import CRACKCOACH

    path = tmp_path / "mine.yaml"
    path.write_text(routine("{pose: all-fours, bend: 60}"), encoding="utf-8")
    done = subprocess.run([str(CRACKCOACH), "validate", str(path)], capture_output=True,
                          text=True, env={"CRACKCOACH_HOME": str(tmp_path / "home"),
                                          "PATH": "/usr/bin:/bin"}, timeout=60)
    assert done.returncode == 1
    assert f"error: {path}:9:37: step 1 (Walk) > figure > bend: expected a number of degrees " \
           "from -45 to 45, got 60" in done.stdout


def test_a_figure_read_from_the_cache_is_the_one_the_file_gives(tmp_path: Path) -> None:
    text = routine("{start: {pose: all-fours, bend: 30}, end: {pose: all-fours, bend: -25}}")
    path = settled(tmp_path / "mine.yaml", text)
    cache = fresh(tmp_path)
    first = load_routine(path, cache=cache)
    cache.save()
    cache = fresh(tmp_path)
    second = load_routine(path, cache=cache)
    assert cache.hits == 1
    assert second == first and second.steps[0].figure == first.steps[0].figure is not None


CAT_COW = Figure(Pose("all-fours", (("bend", 30.0), ("head", 300.0))),
                 Pose("all-fours", (("bend", -25.0), ("head", 25.0))))


def test_the_text_drawing_fits_its_cells_and_differs_between_the_poses() -> None:
    start, end = figure_rows(CAT_COW, "start", 20, 7), figure_rows(CAT_COW, "end", 20, 7)
    for rows in (start, end):
        assert len(rows) == 7
        assert all(len(row) <= 20 and row == row.rstrip() for row in rows)
        assert all(re.fullmatch("[\u2800-\u28ff ]*", row) for row in rows)
        assert rows[-1].startswith("\u28c0")  # the floor along the bottom
    assert start != end


def test_the_svg_draws_each_key_pose_from_the_same_shapes() -> None:
    svg = figure_svg(CAT_COW, width=200, height=80, label="Cat <and> cow")
    assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg"') and svg.endswith("</svg>")
    assert 'aria-label="Cat &lt;and&gt; cow"' in svg
    assert svg.count("<circle") == 2  # one head a pose
    assert svg.count(" Q") == 2  # one curved spine a pose
    width, height = (int(n) for n in re.search(r'width="(\d+)" height="(\d+)"', svg).groups())
    assert width <= 200 and height <= 80 and (width == 200 or height == 80)
    still = figure_svg(Figure(Pose("standing")))
    assert still.count("<circle") == 1


# --- which key pose the session shows ---------------------------------------------------------

def test_the_key_pose_follows_the_breath_the_movement_and_the_hold() -> None:
    from crackcoach.routines.timeline import build
    from crackcoach.views.session_figure import key_pose

    text = routine("{start: lying, end: bridge}").replace(
        "    kind: timed\n    seconds: 60\n",
        "    kind: reps\n    reps: 2\n    tempo: 4\n    hold: 3\n")
    bridge = parse_routine(text)
    step = bridge.steps[0]
    shown = [(p.kind, key_pose(p, step, 0)) for p in build(bridge).phases]
    assert shown == [("prepare", "start"),
                     ("move", "end"), ("hold", "end"), ("move", "start"),
                     ("move", "end"), ("hold", "end"), ("move", "start")]
    no_hold = step._replace(hold=0)
    move = build(bridge.with_steps((no_hold,))).phases[1]
    assert [key_pose(move, no_hold, done) for done in range(4)] == ["end", "end", "start",
                                                                   "start"]
    walk = parse_routine(routine("{start: walking, end: {pose: walking, thigh: 250}}"))
    timed = build(walk).phases[1]
    assert [key_pose(timed, walk.steps[0], d) for d in range(6)] == [
        "start", "start", "end", "end", "start", "start"]
    still = parse_routine(routine("standing"))
    assert {key_pose(p, still.steps[0], 1) for p in build(still).phases} == {"start"}
