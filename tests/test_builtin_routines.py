"""Every routine shipped in the top-level routines/ folder is valid and findable."""

from __future__ import annotations

from pathlib import Path

import pytest

from crackcoach import paths
from crackcoach.library import Folder, load_file, scan
from crackcoach.routines import Routine
from crackcoach.timeline import total_seconds

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
