"""Corrections to the diary: ``edit``, ``delete``, ``undo``, and ``done`` for a session done
away from the keyboard.

The Typer declarations; what the commands do is in :mod:`crackcoach.app.corrections`.
"""

from typing import Annotated

import typer

from crackcoach.app.corrections import delete as run_delete
from crackcoach.app.corrections import done as run_done
from crackcoach.app.corrections import edit as run_edit
from crackcoach.app.corrections import undo as run_undo
from crackcoach.app.diary import LogValues
from crackcoach.cli.options import (
    ActivityRating,
    At,
    Cracks,
    Discomfort,
    Flag,
    Mobility,
    Note,
    RoutinesDir,
    Stiffness,
    TighterSide,
    complete_routine,
    env_of,
    paths_of,
)
from crackcoach.diary import values

RecordId = Annotated[str, typer.Argument(
    metavar="ID", parser=values.record_ref,
    help="The record's id as 'crackcoach history' shows it: e12 (or 12) for a diary entry, s3 "
         "for a session.")]


def edit(
    ctx: typer.Context,
    record: Annotated[str, typer.Argument(
        metavar="ID", parser=values.record_ref,
        help="The diary entry's id as 'crackcoach history' shows it (e12, or 12).")],
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
    """Correct a diary entry: change the values you give, keep the rest.

    Takes the options of 'crackcoach log'. --flag replaces the entry's safety
    answers, --activity the rating of that activity; --note "" removes its
    note. The old version is kept: 'crackcoach undo' puts it back, and the
    JSON export carries it.

    \b
    Example:
      crackcoach edit e12 --discomfort 3
    """
    return run_edit(env_of(ctx), record, LogValues(
        discomfort, stiffness, mobility, tighter_side, cracks, tuple(flag or ()), note, at,
        tuple(activity or ())))


def delete(
    ctx: typer.Context,
    record: RecordId,
    yes: Annotated[bool, typer.Option(
        "--yes", help="Do not ask to confirm (for scripts; needed without a terminal).")
    ] = False,
) -> int:
    """Delete a diary entry or a session, after asking to confirm.

    The record is kept as a change, so 'crackcoach undo' puts it back, and the
    JSON export carries it. A session with a diary entry logged after it is
    deleted after that entry.

    \b
    Example:
      crackcoach delete e12
    """
    return run_delete(env_of(ctx), record, yes=yes)


def undo(ctx: typer.Context) -> int:
    """Undo the latest edit or delete.

    Also takes back the latest 'crackcoach cleared'. Run it again to undo the
    one before. A new entry is removed with
    'crackcoach delete', not with undo.

    \b
    Example:
      crackcoach undo
    """
    return run_undo(env_of(ctx))


def done(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(
        metavar="ROUTINE", parser=values.utf8, autocompletion=complete_routine,
        help="The routine you did, e.g. back-reset.")],
    at: Annotated[str | None, typer.Option(
        "--at", metavar="WHEN", parser=values.utf8,
        help="When you started: ISO 8601 such as 2024-05-01T18:00, or 'yesterday 18:00', "
             "'today 07:45', 18:00. Default: the routine's length before now.")] = None,
    minutes: Annotated[float | None, typer.Option(
        "--minutes", metavar="N", parser=values.minutes(1, 600),
        help="How long it took, in minutes (1-600; default: the routine's length).")] = None,
    routines_dir: RoutinesDir = None,
) -> int:
    """Record a session you did elsewhere, such as at the gym.

    For a routine done away from the keyboard (at the gym, from a printed
    sheet). It counts like any session (completed, or at least half the routine's
    time) and is marked as recorded afterwards. Note how you feel with
    'crackcoach log'.

    \b
    Example:
      crackcoach done back-reset --at "yesterday 18:00"
    """
    return run_done(env_of(ctx), name, at=at, minutes=minutes,
                    extra_dirs=paths_of(routines_dir))
