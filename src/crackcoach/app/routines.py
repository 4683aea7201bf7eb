"""Use cases for routines: ``list``, ``show``, ``validate``, ``new``."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from crackcoach.app.common import routine_folders
from crackcoach.app.env import Env
from crackcoach.base import catalog, messages
from crackcoach.base.paths import Folder
from crackcoach.base.textsafe import printable
from crackcoach.base.typenames import TYPE_CHECKING
from crackcoach.diary.shapes import document
from crackcoach.errors import EXIT_FAILURE, EXIT_OK, InputError, RoutineError
from crackcoach.routines import library
from crackcoach.routines.model import KIND_KEYS
from crackcoach.routines.template import render_template, write_new_routine
from crackcoach.routines.timeline import step_seconds, total_seconds

if TYPE_CHECKING:  # loading routines needs yaml: imported only when a command runs
    from typing import Any

    from crackcoach.base.paths import Folder
    from crackcoach.routines.model import Routine, Step




def list_routines(env: Env, *, json_output: bool = False, extra_dirs: Sequence[Path] = ()
                  ) -> int:
    """``crackcoach list``: every routine (a table, or JSON), then one warning per broken file."""

    catalog = library.scan(routine_folders(env, extra_dirs), env.routine_cache())
    if json_output:
        rows = []
        for routine in catalog.routines:
            row = routine_to_dict(routine)
            row["overrides"] = ["built-in" if r.builtin else str(r.path)
                                for r in catalog.overridden.get(routine.name, [])]
            rows.append(row)

        env.write_json(document("routines", routines=rows))
    else:
        from crackcoach.views.columns import colour_allowed, drawing_width
        from crackcoach.views.routine_list import list_text

        env.stdout.write(list_text(catalog, width=drawing_width(),
                                   colour=colour_allowed(env.stdout)))
    for message in catalog.warnings:
        env.warn(message)
    return EXIT_OK


def show(env: Env, name: str, *, json_output: bool = False, extra_dirs: Sequence[Path] = ()
         ) -> int:
    """``crackcoach show NAME``: a routine's steps, instructions and timings."""

    routine = library.find(name, routine_folders(env, extra_dirs), env.routine_cache())
    if json_output:
        env.write_json(document("routine", routine=routine_to_dict(routine)))
    else:
        from crackcoach.views.console import console
        from crackcoach.views.routines import print_routine

        print_routine(console(env.stdout), routine)
    return EXIT_OK


def validate(env: Env, targets: Sequence[Path] = (), *, extra_dirs: Sequence[Path] = ()) -> int:
    """``crackcoach validate``: check routine files, report every problem; 1 if any is bad."""

    files = _files_to_check(env, targets, extra_dirs)
    if not files:
        env.say(messages.NO_ROUTINE_FILES)
        return EXIT_OK
    bad = 0
    names: dict[tuple[Path, str], Path] = {}
    for path, folder in files:
        try:
            routine = library.load_file(path, folder)
        except RoutineError as exc:
            bad += 1
            for problem in exc.problems:
                env.say(f"error: {printable(problem)}")
            continue
        key = (path.parent.resolve(), routine.name)
        if key in names:
            bad += 1
            env.say(f"error: {printable(str(path))}: name: '{routine.name}' is also defined in "
                    f"{printable(str(names[key]))}")
            continue
        names[key] = path
        count = len(routine.steps)
        env.say(f"ok: {printable(catalog.label(path, folder))} ({routine.name}, "
                f"{count} step{'' if count == 1 else 's'}, "
                f"{max(1, round(total_seconds(routine) / 60))} min)")
    checked = len(files)
    env.say(messages.files_valid(checked - bad, checked))
    return EXIT_FAILURE if bad else EXIT_OK


def _files_to_check(env: Env, targets: Sequence[Path], extra: Sequence[Path]
                    ) -> list[tuple[Path, Folder]]:
    folders = routine_folders(env, extra)[1:]  # refuses a missing --routines-dir even with paths
    if not targets:
        return [(p, f) for f in folders for p in library.routine_files(f.path)]
    files: list[tuple[Path, Folder]] = []
    for path in targets:
        if path.is_dir():
            files.extend((p, Folder(path)) for p in library.routine_files(path))
        elif path.exists():
            files.append((path, Folder(path.parent)))
        else:
            raise InputError(f"{path}: no such file or folder")
    # A file named twice (or also inside a folder given) is checked once, not reported as
    # a duplicate of itself.
    seen: set[Path] = set()
    unique = []
    for path, folder in files:
        if path.resolve() not in seen:
            seen.add(path.resolve())
            unique.append((path, folder))
    return unique


def new(env: Env, name: str, *, print_only: bool = False) -> int:
    """``crackcoach new NAME``: write a commented template routine, never overwriting one."""

    library.check_name(name)
    if print_only:
        env.stdout.write(render_template(name))
        return EXIT_OK
    path = write_new_routine(env.places.user_routines_dir, name)
    for line in messages.routine_written(str(path)):
        env.tell(line)
    if (env.places.builtin_routines_dir / f"{name}.yaml").is_file():
        env.say(f"Note: a built-in routine is also called {name}; yours is the one used from "
                f"now on (remove {path} to go back to the built-in one).")
    return EXIT_OK


def step_to_dict(step: Step) -> dict[str, Any]:
    """A step as plain data, with only the fields its kind uses."""

    data: dict[str, Any] = {"name": step.name, "kind": step.kind,
                            "instructions": step.instructions}
    if step.cues:
        data["cues"] = list(step.cues)
    if step.why:
        data["why"] = step.why
    if step.caution:
        data["caution"] = step.caution
    if step.equipment:
        data["equipment"] = list(step.equipment)
    data["prepare"] = step.prepare
    for key in KIND_KEYS[step.kind]:
        value = getattr(step, key)
        if key == "cycle":
            value = [{"cue": p.cue, "seconds": p.seconds} for p in value]
        elif key == "sides":
            value = list(value)
        data[key] = value
    data["seconds_total"] = step_seconds(step)
    for which in ("easier", "harder"):
        variant = getattr(step, which)
        if variant is not None:
            data[which] = step_to_dict(variant)
    return data


def routine_to_dict(routine: Routine) -> dict[str, Any]:
    """A routine as plain data: one record of ``list --json`` and the one of ``show --json``."""

    return {
        "name": routine.name,
        "title": routine.title,
        "summary": routine.summary,
        "tags": list(routine.tags),
        "caution": routine.caution,
        "steps": [step_to_dict(s) for s in routine.steps],
        "seconds": total_seconds(routine),
        "source": "built-in" if routine.builtin else str(routine.path or routine.source),
        "equipment": list(routine.equipment_needed()),
    }
