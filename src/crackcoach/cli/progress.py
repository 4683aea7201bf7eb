"""Progress over weeks: ``stats`` and ``report``.

The Typer declarations; what the commands do is in :mod:`crackcoach.app.progress`.
"""

from typing import Annotated

import typer

from crackcoach.app import progress
from crackcoach.cli.options import Output
from crackcoach.cli.options import env_of as _env
from crackcoach.diary import values

Weeks = Annotated[int, typer.Option(
    "--weeks", metavar="N", parser=values.WEEKS,
    help=f"How many calendar weeks, up to this one (1-{values.MAX_WEEKS}; default 8).")]


Target = Annotated[int | None, typer.Option(
    "--target", metavar="N", parser=values.TARGET, show_default=False,
    help=f"Sessions a week you aim for (1-{values.MAX_TARGET}; default: your weekly-target "
         "setting, else 3).")]


RoutineFilter = Annotated[str | None, typer.Option(
    "--routine", metavar="NAME", parser=values.utf8,
    help="Only this routine's sessions and the entries logged with them.")]


AsOf = Annotated[str | None, typer.Option(
    "--as-of", metavar="DATE", parser=values.utf8,
    help="Show the diary as it was on DATE (YYYY-MM-DD, or yesterday, 3d, 2w) instead of "
         "today.")]


def stats(
    ctx: typer.Context,
    weeks: Weeks = 8,
    routine: RoutineFilter = None,
    target: Target = None,
    as_of: AsOf = None,
    json_output: Annotated[bool, typer.Option(
        "--json", help="Print the figures as JSON instead of charts.")] = False,
) -> int:
    """Show progress by week: comfort, change, sessions, streaks.

    Weeks are calendar weeks (Monday to Sunday, or from Sunday with the
    week-start setting). Change is judged against the diary's first week with
    3 readings, by the published rule for a meaningful change in pain; one
    session is never judged on its own.

    \b
    Example:
      crackcoach stats --weeks 12 --target 4
    """
    return progress.stats(_env(ctx), weeks=weeks, routine=routine,
                          target=target,
                          as_of=as_of, json_output=json_output)


def report(
    ctx: typer.Context,
    weeks: Weeks = 8,
    output: Output = None,
    report_format: Annotated[str, typer.Option(
        "--format", metavar="FORMAT", parser=values.REPORT_FORMAT,
        help="markdown (the default) or html (one self-contained file).")] = "markdown",
    routine: RoutineFilter = None,
    target: Target = None,
    as_of: AsOf = None,
) -> int:
    """Write a one-page report for a physiotherapist or doctor.

    \b
    Example:
      crackcoach report --format html -o report.html
    """
    return progress.report(_env(ctx), weeks=weeks, output=output, report_format=report_format,
                           routine=routine, target=target, as_of=as_of)
