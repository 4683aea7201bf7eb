"""Safety: ``flags``, ``cleared``, ``learn`` and the first-run ``check``.

The Typer declarations; what the commands do is in :mod:`crackcoach.app.safety`.
"""

from typing import Annotated

import typer

from crackcoach.app import safety
from crackcoach.app.safety import CheckOptions
from crackcoach.app.safety import check as run_check
from crackcoach.app.safety import cleared as run_cleared
from crackcoach.cli.options import Json
from crackcoach.cli.options import env_of as _env
from crackcoach.diary import values


def flags(ctx: typer.Context, json_output: Json = False) -> int:
    """List the safety signs, their keys and how urgent each is.

    \b
    Example:
      crackcoach flags
    """
    return safety.flags(_env(ctx), json_output=json_output)


def cleared(
    ctx: typer.Context,
    at: Annotated[str | None, typer.Option(
        "--at", metavar="WHEN", parser=values.utf8,
        help="When you were seen: a date (2024-05-01, yesterday, 3d) or a date and time "
             "(2024-05-01T15:00). Default: now.")] = None,
) -> int:
    """Record that a doctor or physiotherapist has seen you.

    An urgent or 'soon' sign stays open until then: today's screen gives its
    advice instead of a routine, 'start' asks before a session, and your plan
    is paused. This closes every sign recorded before the time given; it is kept
    in the diary and its exports, and 'crackcoach undo' takes it back.

    \b
    Example:
      crackcoach cleared --at 2024-05-01
    """
    return run_cleared(_env(ctx), at=at)


def learn(
    ctx: typer.Context,
    topic: Annotated[str | None, typer.Argument(
        metavar="TOPIC", parser=values.utf8,
        help="The page to read (a unique start is enough); leave out to list them.")
    ] = None,
) -> int:
    """Read short pages on back cracking, safety, and the file formats.

    \b
    Example:
      crackcoach learn myths
    """
    return safety.learn(_env(ctx), topic)


def check(
    ctx: typer.Context,
    show: Annotated[bool, typer.Option(
        "--show", help="Show your answers and their advice; change nothing.")] = False,
    applies: Annotated[list[str] | None, typer.Option(
        "--applies", metavar="KEY", parser=values.condition_key,
        help="Answer without questions: this one applies (repeatable; keys in 'crackcoach "
             "learn before-you-start').")] = None,
    none: Annotated[bool, typer.Option(
        "--none", help="Answer without questions: none of them applies.")] = False,
) -> int:
    """Show or change your answer to the first-run safety check.

    The check asks who should talk to a professional before starting; it is
    asked once, at your first 'crackcoach start' in a terminal. Any yes brings
    advice and never stops you starting. In a terminal this asks again;
    --applies and --none answer for scripts.

    \b
    Example:
      crackcoach check --show
    """
    return run_check(_env(ctx), CheckOptions(show=show, applies=tuple(applies or ()),
                                             none=none))
