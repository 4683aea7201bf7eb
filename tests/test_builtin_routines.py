"""Every routine shipped in the top-level routines/ folder is valid and findable."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from crackcoach.base import paths
from crackcoach.base.paths import Folder
from crackcoach.routines.library import load_file, scan
from crackcoach.routines.model import Routine, Step
from crackcoach.routines.timeline import total_seconds

ROUTINES = Path(__file__).resolve().parents[1] / "routines"
FILES = sorted(ROUTINES.glob("*")) if ROUTINES.is_dir() else []
REQUIRED = ("back-reset", "cat-cow", "thoracic-rotations", "foam-roll-upper-back",
            "core-stability", "desk-hips", "quick-reset")
BUILTIN = Folder(ROUTINES, builtin=True)


def load(name: str) -> Routine:
    return load_file(ROUTINES / f"{name}.yaml", BUILTIN)


def test_the_routines_folder_ships_routines() -> None:
    assert [p for p in FILES if p.suffix == ".yaml"], f"no routines in {ROUTINES}"


def test_a_source_checkout_finds_the_top_level_folder() -> None:
    assert paths.builtin_routines_dir().resolve() in {
        ROUTINES, Path(paths.__file__).resolve().parent / "routines"}


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_every_shipped_file_is_a_valid_routine_named_after_its_file(path: Path) -> None:
    assert path.suffix == ".yaml", "routines/ holds only <name>.yaml routine files"
    routine = load_file(path, BUILTIN)  # raises RoutineError with every problem
    assert routine.name == path.stem
    assert routine.builtin
    assert routine.tags, f"{path.name} has no tags"


def test_names_are_unique_and_nothing_is_skipped_or_broken() -> None:
    catalog = scan([BUILTIN])
    assert catalog.warnings == []
    names = [r.name for r in catalog.routines]
    assert len(names) == len(set(names))
    assert sorted(names) == sorted(p.stem for p in FILES)


@pytest.mark.parametrize("name", REQUIRED)
def test_required_routine_is_shipped(name: str) -> None:
    assert (ROUTINES / f"{name}.yaml").is_file(), f"routines/{name}.yaml is missing"
    assert load(name).name == name


def test_quick_reset_takes_two_to_three_minutes() -> None:
    assert 100 <= total_seconds(load("quick-reset")) <= 210


def test_foam_rolling_warns_never_to_roll_the_lower_back() -> None:
    routine = load("foam-roll-upper-back")
    cautions = [routine.caution or ""] + [s.caution or "" for s in routine.steps]
    assert any("lower back" in c.lower() for c in cautions), cautions


def test_back_reset_is_the_whole_reference_sequence() -> None:
    steps = load("back-reset").steps
    kinds = [s.kind for s in steps]
    assert kinds[0] == "timed", "starts with a warm-up"
    assert "flow" in kinds, "has the cat-cow flow"
    assert any(s.kind == "hold" and len(s.sides) == 2 for s in steps), "rotation per side"
    assert len(steps) >= 5


def test_per_side_holds_give_each_side_its_own_hold() -> None:
    for path in FILES:
        for step in load_file(path, BUILTIN).steps:
            if step.kind == "hold" and step.sides:
                assert 10 <= step.hold <= 60, f"{path.name}: {step.name} holds {step.hold} s"


def test_validate_and_list_accept_the_shipped_folder(cli, monkeypatch: pytest.MonkeyPatch
                                                     ) -> None:
    monkeypatch.setattr(paths, "builtin_routines_dir", lambda: ROUTINES)
    validated = cli("validate", str(ROUTINES))
    listed = cli("list")
    assert (validated.exit_code, listed.exit_code, listed.stderr) == (0, 0, "")
    count = len(FILES)
    assert validated.stdout.endswith(
        f"{count} of {count} routine file{'s' if count > 1 else ''} valid.\n")


# --- doses and wording a physiotherapist would check ---------------------------------------

ALL = [load_file(path, BUILTIN) for path in FILES if path.suffix == ".yaml"]


def played(routine: Routine) -> list[Step]:
    """Every step as it can be played: as written, easier and harder."""
    return [s for step in routine.steps
            for s in (step, step.easier, step.harder) if s is not None]


def named(part: str) -> list[tuple[str, Step]]:
    return [(f"{r.name}: {s.name}", s) for r in ALL for s in played(r)
            if part in s.name.lower()]


@pytest.mark.parametrize("routine", ALL, ids=[r.name for r in ALL])
def test_full_routines_warm_up_for_two_to_ten_minutes(routine: Routine) -> None:
    first = routine.steps[0]
    assert first.kind == "timed"
    if "quick" not in routine.tags:  # the quick routine is the short one by design
        assert 120 <= first.seconds <= 600, routine.name


@pytest.mark.parametrize("routine", ALL, ids=[r.name for r in ALL])
def test_every_dose_is_within_the_usual_guidance(routine: Routine) -> None:
    for step in played(routine):
        where = f"{routine.name}: {step.name}"
        if step.kind == "hold":
            assert 10 <= step.hold <= 60 and step.reps <= 4, where
        elif step.kind == "reps":
            assert step.reps <= 15 and step.sets <= 3 and step.hold <= 5, where
            if step.hold:  # into the hold and back out, each slow enough to control
                assert step.tempo / 2 >= 1.5, where
        elif step.kind == "flow":
            assert step.seconds <= 180 and sum(p.seconds for p in step.cycle) == 10, where
        elif step is not routine.steps[0]:
            assert step.seconds <= 120, where


def test_the_reference_doses_of_each_exercise() -> None:
    for where, step in named("cat-cow"):
        assert [p.seconds for p in step.cycle] == [6, 4], where  # out ~6 s, in ~4 s
    for where, step in named("rotation"):
        assert step.hold == 20 and 1 <= step.reps <= 3 and len(step.sides) == 2, where
    for where, step in named("hip-flexor"):
        assert 20 <= step.hold <= 30 and 2 <= step.reps <= 3 and len(step.sides) == 2, where
    for where, step in named("bridge"):
        assert step.sets == 2 and 5 <= step.reps <= 10 and 3 <= step.hold <= 5, where
    for where, step in named("clamshell"):
        assert 10 <= step.reps <= 15 and step.sets == 2 and len(step.sides) == 2, where
    for where, step in named("pelvic tilts"):
        assert step.hold == 5 and step.reps <= 5, where
    for where, step in named("plank"):
        assert 10 <= step.hold <= 20 and step.reps == 3, where
    for where, step in named("foam rolling") + named("rolling against"):
        assert step.seconds == 60, where


def test_the_harder_and_easier_versions_physiotherapists_use_are_there() -> None:
    versions = {(s.name, v.name) for r in ALL for s in r.steps
                for v in (s.easier, s.harder) if v is not None}
    for pair in [("Cat-cow", "Cat-cow on a chair"),
                 ("Seated thoracic rotation", "Standing rotation"),
                 ("Half-kneeling hip-flexor stretch", "Standing hip-flexor stretch"),
                 ("Knee plank", "Full plank"), ("Glute bridge", "Single-leg bridge")]:
        assert pair in versions, pair


def test_sides_are_named_one_way_everywhere() -> None:
    for routine in ALL:
        for step in played(routine):
            if step.sides:  # the side named is the side stretched or worked: say so
                assert "side named" in step.instructions, f"{routine.name}: {step.name}"


def test_a_hand_behind_the_head_is_named_and_never_pulls_on_the_neck() -> None:
    for routine in ALL:
        for step in played(routine):
            words = " ".join((step.instructions, *step.cues)).lower()
            if "behind your head" in words:
                assert "side's hand" in words, f"{routine.name}: {step.name}"
                assert "pull on your neck" in words, f"{routine.name}: {step.name}"
            if "cradle your head" in words:
                assert "pull on your neck" in words, f"{routine.name}: {step.name}"


def test_a_kneeling_knee_has_something_soft_under_it() -> None:
    for routine in ALL:
        for step in played(routine):
            text = step.instructions.lower()
            if "kneel" in text:
                assert any(pad in text for pad in ("cushion", "towel", "mat")), step.name


def test_cues_read_as_instructions() -> None:
    for routine in ALL:
        for step in played(routine):
            for cue in (*step.cues, *(p.cue for p in step.cycle)):
                assert not re.search(r"\b(sag|top)\b", cue), (routine.name, cue)
