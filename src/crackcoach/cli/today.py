"""``crackcoach`` alone and ``crackcoach today``: what to do today.

The Typer declarations; what the commands do is in :mod:`crackcoach.app.today`.
"""

import typer

from crackcoach.app.today import today as run_today
from crackcoach.cli.options import Json, env_of


def today(ctx: typer.Context, json_output: Json = False) -> int:
    """Show today: what is planned, what is done, what to do next.

    Also your last diary entry, the discomfort trend, the streak and twelve
    weeks of sessions. 'crackcoach' alone shows the same.

    \b
    Example:
      crackcoach today --json
    """
    return run_today(env_of(ctx), json_output=json_output)
