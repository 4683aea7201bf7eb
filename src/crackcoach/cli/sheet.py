"""``crackcoach sheet``: a routine as a printable exercise sheet.

The Typer declarations; what the commands do is in :mod:`crackcoach.app.sheet`.
"""

from typing import Annotated

import typer

from crackcoach.app.sheet import sheet as run_sheet
from crackcoach.cli.options import Output, RoutinesDir, complete_routine
from crackcoach.cli.options import env_of as _env
from crackcoach.cli.options import paths_of as _paths
from crackcoach.diary import values


def sheet(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(metavar="NAME", parser=values.utf8,
                                        autocompletion=complete_routine,
                                        help="The routine's name, e.g. back-reset.")],
    output: Output = None,
    routines_dir: RoutinesDir = None,
) -> int:
    """Write a routine as a printable sheet with a figure for each step.

    One self-contained HTML page to print or pin up: each step with its
    figure, dose, cues, caution and easier version, your plan week when you
    follow a plan, and the stop rule and urgent signs at the foot.

    \b
    Example:
      crackcoach sheet back-reset -o back-reset.html
    """
    return run_sheet(_env(ctx), name, output=output, extra_dirs=_paths(routines_dir))
