"""What the command declarations share: common options, the environment, and completion.

Completion answers come from the file names in the routine and plan folders,
without reading the files, so that pressing Tab stays instant.
"""

from pathlib import Path
from typing import Annotated

import typer

from crackcoach.app.env import Env
from crackcoach.base import catalog
from crackcoach.base.config import BY_NAME
from crackcoach.diary import values
from crackcoach.routines.model import SLUG

CONFIG_ACTIONS = ("show", "get", "set", "unset")

Json = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]
Output = Annotated[Path | None, typer.Option(
    "--output", "-o", metavar="FILE", parser=values.file_path,
    help="Write to FILE instead of the screen (- for standard output).")]


RoutinesDir = Annotated[list[Path] | None, typer.Option(
    "--routines-dir", metavar="DIR", parser=values.path,
    help="Also read routines from DIR (repeatable; later folders win).")]

# The options of an entry, shared by `log` and `edit` (declared once; the fast path's
# table of `log` is checked against them by tests/test_fast_path.py).
Discomfort = Annotated[int | None, typer.Option(
    "--discomfort", metavar="N", parser=values.scale,
    help="Discomfort now, 0-10: 0 = none, 10 = worst imaginable.")]
Stiffness = Annotated[int | None, typer.Option(
    "--stiffness", metavar="N", parser=values.scale,
    help="Stiffness now, 0-10: 0 = none, 10 = worst imaginable.")]
Mobility = Annotated[str | None, typer.Option(
    "--mobility", metavar="CHANGE", parser=values.mobility,
    help="How moving feels compared with your last entry: much-worse, worse, same, better or "
         "much-better (or 1-5).")]
TighterSide = Annotated[str | None, typer.Option(
    "--tighter-side", metavar="SIDE", parser=values.side,
    help="Which side feels tighter: left, right or even.")]
Cracks = Annotated[int | None, typer.Option(
    "--cracks", metavar="N", parser=values.cracks,
    help="Times you cracked your back on purpose that day (0-100).")]
Flag = Annotated[list[str] | None, typer.Option(
    "--flag", metavar="KEY", parser=values.flag_key,
    help="A safety sign you noticed (repeatable; see 'crackcoach flags').")]
Note = Annotated[str | None, typer.Option(
    "--note", metavar="TEXT", parser=values.note, help="A note.")]
ActivityRating = Annotated[list[str] | None, typer.Option(
    "--activity", metavar="RATING", parser=values.activity_rating,
    help="ID=SCORE: how well you can do an activity now, 0-10: 0 = unable, 10 = as well as "
         "before the problem (repeatable; e.g. 1=6; see 'crackcoach activity list').")]
At = Annotated[str | None, typer.Option(
    "--at", metavar="WHEN", parser=values.utf8,
    help="When: ISO 8601 such as 2024-05-01T20:30 (local time unless an offset is given), "
         "or 'yesterday 20:30', 'today 07:45', 20:30. Default: now.")]


def env_of(ctx: typer.Context) -> Env:
    """The environment the entry point built for this run."""
    env: Env = ctx.obj
    return env


def paths_of(items: list[Path] | None) -> tuple[Path, ...]:
    """A repeatable option's paths, none when it was not given."""
    return tuple(items or ())


def _folder_names(ctx: typer.Context, folders: str, incomplete: str) -> list[str]:
    """Names of the YAML files in the environment's folders that start with ``incomplete``."""

    env: Env | None = ctx.obj if isinstance(ctx.obj, Env) else None
    if env is None:
        return []
    where = env.places
    places = ((where.builtin_routines_dir, where.user_routines_dir) if folders == "routines"
              else (where.builtin_plans_dir, where.user_plans_dir))
    import shlex


    try:
        names = {p.stem for folder in places for p in catalog.files(folder, folders)}
    except Exception:  # completion must never print an error into the shell
        return []
    # Only names the routine-name rule allows: a file named "$(touch x).yaml", "a;b.yaml"
    # or with an escape sequence is never offered, so the shell cannot run or show it.
    # (Such names need no quoting; quoting them all the same costs nothing.)
    return sorted(shlex.quote(name) for name in names
                  if SLUG.fullmatch(name) and name.startswith(incomplete))


def complete_routine(ctx: typer.Context, incomplete: str) -> list[str]:
    """Routine names, for the shell's completion."""
    return _folder_names(ctx, "routines", incomplete)


def complete_plan(ctx: typer.Context, incomplete: str) -> list[str]:
    """Plan names, for the shell's completion."""
    return _folder_names(ctx, "plans", incomplete)


def complete_setting(incomplete: str) -> list[str]:
    """Setting names, for the shell's completion."""

    return [name for name in BY_NAME if name.startswith(incomplete)]


def complete_config_action(incomplete: str) -> list[str]:
    """What ``crackcoach config`` can do, for the shell's completion."""
    return [word for word in CONFIG_ACTIONS if word.startswith(incomplete)]


def _env(ctx: typer.Context) -> Env:
    env: Env = ctx.obj
    return env


def _paths(items: list[Path] | None) -> tuple[Path, ...]:
    return tuple(items or ())
