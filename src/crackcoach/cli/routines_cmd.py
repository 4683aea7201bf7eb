"""Routine commands: ``list``, ``show``, ``validate``, ``new``."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from crackcoach.cli.common import print_json, routine_folders
from crackcoach.cli.options import JsonOption, RoutinesDirOption

if TYPE_CHECKING:  # the library loads yaml; commands import it only when they run
    from crackcoach.library import Folder


def list_routines(json_output: JsonOption = False, routines_dir: RoutinesDirOption = None
                  ) -> None:
    """List every routine you can start.

    \b
    Example:
      crackcoach list --json
    """
    from crackcoach.cli.listing import list_catalog

    list_catalog(json_output, routines_dir)


def show(
    name: Annotated[str, typer.Argument(help="The routine's name, e.g. back-reset.",
                                        metavar="NAME")],
    json_output: JsonOption = False,
    routines_dir: RoutinesDirOption = None,
) -> None:
    """Show a routine's steps, instructions and timings.

    \b
    Example:
      crackcoach show desk-hips
    """
    from crackcoach import library

    routine = library.find(name, routine_folders(routines_dir))
    if json_output:
        from crackcoach.routines import routine_to_dict

        print_json(routine_to_dict(routine))
    else:
        from crackcoach.views.routines import print_routine

        print_routine(routine)


def validate(
    paths: Annotated[list[Path] | None, typer.Argument(
        help="Routine files or folders to check (default: all your routines).",
        metavar="PATH", show_default=False)] = None,
    routines_dir: RoutinesDirOption = None,
) -> None:
    """Check routine files and report every problem; exit 1 if any file is invalid.

    \b
    Example:
      crackcoach validate ~/my-routines/neck.yaml
    """
    from crackcoach import library
    from crackcoach.errors import RoutineError

    files = _files_to_check(paths, routines_dir)
    if not files:
        sys.stdout.write("No routine files to check.\n")
        return
    bad = 0
    names: dict[tuple[Path, str], Path] = {}
    for path, folder in files:
        try:
            routine = library.load_file(path, folder)
        except RoutineError as exc:
            bad += 1
            for problem in exc.problems:
                sys.stdout.write(f"error: {_plain(problem)}\n")
            continue
        key = (path.parent.resolve(), routine.name)
        if key in names:
            bad += 1
            sys.stdout.write(f"error: {_plain(str(path))}: name: '{routine.name}' is also "
                             f"defined in {_plain(str(names[key]))}\n")
            continue
        names[key] = path
        count = len(routine.steps)
        sys.stdout.write(f"ok: {_plain(library.label(path, folder))} ({routine.name}, "
                         f"{count} step{'' if count == 1 else 's'}, "
                         f"{max(1, round(routine.seconds / 60))} min)\n")
    checked = len(files)
    sys.stdout.write(f"{checked - bad} of {checked} routine file{'s' if checked > 1 else ''} "
                     "valid.\n")
    if bad:
        raise typer.Exit(1)


def _plain(text: str) -> str:
    from crackcoach.textsafe import printable

    return printable(text)


def _files_to_check(paths: list[Path] | None, extra: list[Path] | None
                    ) -> list[tuple[Path, Folder]]:
    from crackcoach import library
    from crackcoach.errors import InputError

    folders = routine_folders(extra)[1:]  # refuses a missing --routines-dir even with paths
    if not paths:
        return [(p, f) for f in folders for p in library.routine_files(f.path)]
    files: list[tuple[Path, Folder]] = []
    for path in paths:
        if path.is_dir():
            files.extend((p, library.Folder(path)) for p in library.routine_files(path))
        elif path.exists():
            files.append((path, library.Folder(path.parent)))
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


def new(
    name: Annotated[str, typer.Argument(help="Name for the new routine, e.g. evening-back.",
                                        metavar="NAME")],
    force_print: Annotated[bool, typer.Option(
        "--print", help="Print the template instead of writing a file.")] = False,
) -> None:
    """Write a commented template routine into your routines folder, ready to edit.

    \b
    Example:
      crackcoach new evening-back
    """
    from crackcoach import library, paths
    from crackcoach.template import render_template, write_new_routine

    library.check_name(name)
    if force_print:
        sys.stdout.write(render_template(name))
        return
    path = write_new_routine(paths.user_routines_dir(), name)
    sys.stdout.write(f"Wrote {path}\nEdit it, then check it with: crackcoach validate {path}\n")


def register(app: typer.Typer) -> None:
    """Add the routine commands to ``app``."""
    app.command("list")(list_routines)
    app.command("show")(show)
    app.command("validate")(validate)
    app.command("new")(new)
