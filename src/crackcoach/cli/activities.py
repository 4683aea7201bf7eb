"""``crackcoach activity``: the activities the person wants back.

The Typer declarations; what the commands do is in :mod:`crackcoach.app.activities`.
"""

from typing import Annotated

import typer

from crackcoach.app.activities import activity as run_activity
from crackcoach.cli.options import Json
from crackcoach.cli.options import env_of as _env
from crackcoach.diary import values


def activity(
    ctx: typer.Context,
    action: Annotated[str | None, typer.Argument(
        metavar="ACTION", parser=values.one_of(("list", "add", "remove", "rename")),
        show_default=False,
        help="list (the default), add TEXT, remove ID or rename ID TEXT.")] = None,
    words: Annotated[list[str] | None, typer.Argument(
        metavar="ARGS", parser=values.utf8, show_default=False,
        help="add: the activity's name; remove: its id (a2, or 2); rename: its id, then "
             "the new name.")] = None,
    json_output: Json = False,
) -> int:
    """Name the activities your back makes hard, and rate them.

    Up to 5, such as "tie my shoes" or "sit through a one-hour meeting". Each
    is rated 0-10 once a week (0 = unable, 10 = as well as before the
    problem): after a session, by 'crackcoach log', or with
    'crackcoach log --activity ID=SCORE'. 'crackcoach stats' judges the change.

    \b
    Example:
      crackcoach activity add "tie my shoes"
    """
    return run_activity(_env(ctx), action or "list", tuple(words or ()),
                        json_output=json_output)
