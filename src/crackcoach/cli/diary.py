"""The comfort diary: ``log`` and ``history``.

The Typer declarations; what the commands do is in :mod:`crackcoach.app.diary`.
"""

from typing import Annotated

import typer

from crackcoach.app import diary
from crackcoach.app.diary import LogValues
from crackcoach.app.diary import log as run_log
from crackcoach.cli.options import (
    ActivityRating,
    At,
    Cracks,
    Discomfort,
    Flag,
    Json,
    Mobility,
    Note,
    Stiffness,
    TighterSide,
)
from crackcoach.cli.options import env_of as _env
from crackcoach.diary import values


def log(
    ctx: typer.Context,
    discomfort: Discomfort = None,
    stiffness: Stiffness = None,
    mobility: Mobility = None,
    tighter_side: TighterSide = None,
    cracks: Cracks = None,
    flag: Flag = None,
    note: Note = None,
    at: At = None,
    activity: ActivityRating = None,
) -> int:
    """Note how your back feels, without a session.

    With no options it asks the questions (in a terminal). With options it
    saves the entry at once; --discomfort and --stiffness are then required,
    unless only activities are rated (--activity ID=SCORE, once a week).

    \b
    Example:
      crackcoach log --discomfort 3 --stiffness 2
    """
    return run_log(_env(ctx), LogValues(discomfort, stiffness, mobility, tighter_side, cracks,
                                        tuple(flag or ()), note, at, tuple(activity or ())))


def history(
    ctx: typer.Context,
    limit: Annotated[int, typer.Option(
        "--limit", metavar="N", parser=values.LIMIT,
        help="Show at most N sessions and entries (default 20).")] = 20,
    since: Annotated[str | None, typer.Option(
        "--since", metavar="DATE", parser=values.utf8,
        help="Only from DATE on: ISO 8601 (2024-05-01 or 2024-05-01T08:00), or today, "
             "yesterday, 3d, 2w (days or weeks ago).")] = None,
    json_output: Json = False,
) -> int:
    """Show your sessions and diary entries, newest first.

    \b
    Example:
      crackcoach history --since 2024-05-01 --json
    """
    return diary.history(_env(ctx), limit=limit, since=since, json_output=json_output)
