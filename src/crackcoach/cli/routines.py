"""The routines: ``list``, ``show``, ``validate`` and ``new``.

The Typer declarations; what the commands do is in :mod:`crackcoach.app.routines`.
"""

from pathlib import Path
from typing import Annotated

import typer

from crackcoach.app import routines
from crackcoach.cli.options import Json, RoutinesDir, complete_routine
from crackcoach.cli.options import env_of as _env
from crackcoach.cli.options import paths_of as _paths
from crackcoach.diary import values


def list_routines(ctx: typer.Context, json_output: Json = False,
                  routines_dir: RoutinesDir = None) -> int:
    """List every routine you can start.

    \b
    Example:
      crackcoach list --json
    """
    return routines.list_routines(_env(ctx), json_output=json_output,
                                  extra_dirs=_paths(routines_dir))


def show(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(metavar="NAME", parser=values.utf8,
                                        autocompletion=complete_routine,
                                        help="The routine's name, e.g. back-reset.")],
    json_output: Json = False,
    routines_dir: RoutinesDir = None,
) -> int:
    """Show a routine's steps, instructions and timings.

    \b
    Example:
      crackcoach show desk-hips
    """
    return routines.show(_env(ctx), name, json_output=json_output,
                         extra_dirs=_paths(routines_dir))


def validate(
    ctx: typer.Context,
    paths: Annotated[list[Path] | None, typer.Argument(
        metavar="PATH", parser=values.path,
        help="Routine files or folders to check (default: all your routines).")] = None,
    routines_dir: RoutinesDir = None,
) -> int:
    """Check routine files and report every problem.

    Exits with status 1 if any file is invalid. The format of a routine file:
    'crackcoach learn routine-format'.

    \b
    Example:
      crackcoach validate ~/my-routines/evening-back.yaml
    """
    return routines.validate(_env(ctx), _paths(paths), extra_dirs=_paths(routines_dir))


def new(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(metavar="NAME", parser=values.utf8,
                                        help="Name for the new routine, e.g. evening-back.")],
    print_only: Annotated[bool, typer.Option(
        "--print", help="Print the template instead of writing a file.")] = False,
) -> int:
    """Write a commented template routine, ready to edit.

    The file goes into your routines folder; 'crackcoach learn routine-format'
    describes every key it can hold.

    \b
    Example:
      crackcoach new evening-back
    """
    return routines.new(_env(ctx), name, print_only=print_only)
