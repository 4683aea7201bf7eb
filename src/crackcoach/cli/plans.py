"""``crackcoach plan``: the plans, and following one week by week.

The Typer declarations; what the commands do is in :mod:`crackcoach.app.plans`.
"""

from pathlib import Path
from typing import Annotated

import typer

from crackcoach.app.plans import plan as run_plan
from crackcoach.cli.options import Json, complete_plan, env_of, paths_of
from crackcoach.diary import values


def plan(
    ctx: typer.Context,
    name: Annotated[str | None, typer.Argument(
        metavar="NAME", parser=values.utf8, show_default=False, autocompletion=complete_plan,
        help="The plan to start today (leave out to see the active plan or the plans).")
    ] = None,
    yes: Annotated[bool, typer.Option(
        "--yes", "-y", help="Replace the active plan without asking.")] = False,
    stop: Annotated[bool, typer.Option(
        "--stop", help="Stop following the active plan (the diary is kept).")] = False,
    check: Annotated[list[Path] | None, typer.Option(
        "--check", metavar="FILE", parser=values.path,
        help="Check a plan file, or the plan files in a folder (repeatable); exit 1 if "
             "any is invalid.")] = None,
    preview: Annotated[bool, typer.Option(
        "--preview", help="Show every week of plan NAME without starting it.")] = False,
    from_day: Annotated[str | None, typer.Option(
        "--from", metavar="DATE", parser=values.utf8, show_default=False,
        help="Start plan NAME on this day instead of today (YYYY-MM-DD, yesterday, "
             "3d, 1w), e.g. the day it was given to you.")] = None,
    json_output: Json = False,
) -> int:
    """Follow a plan: weeks of routines that build up as you go.

    Without NAME: the active plan, the week you are on and why, and the weeks so
    far; with no plan active, the plans to choose from (--json: the active plan
    as data). With NAME: start that plan at week 1 today, or on the --from day
    (asks before replacing an active plan); --preview shows it without starting.

    \b
    Example:
      crackcoach plan desk-back-8-weeks --preview
    """
    return run_plan(env_of(ctx), name, yes=yes, stop=stop, check=paths_of(check),
                    preview=preview, from_day=from_day, json_output=json_output)
