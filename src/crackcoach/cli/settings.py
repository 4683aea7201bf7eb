"""``crackcoach config``: the settings.

The Typer declarations; what the commands do is in :mod:`crackcoach.app.settings`.
"""

from typing import Annotated

import typer

from crackcoach.app.settings import config as run_config
from crackcoach.cli.options import complete_config_action, complete_setting, env_of
from crackcoach.diary import values


def config(
    ctx: typer.Context,
    action: Annotated[str | None, typer.Argument(
        metavar="ACTION", parser=values.utf8, show_default=False,
        autocompletion=complete_config_action,
        help="show, get, set or unset (default: show every setting).")] = None,
    key: Annotated[str | None, typer.Argument(
        metavar="KEY", parser=values.utf8, show_default=False,
        autocompletion=complete_setting,
        help="The setting, e.g. weekly-target.")] = None,
    value: Annotated[str | None, typer.Argument(
        metavar="VALUE", parser=values.utf8, show_default=False,
        help="Its new value (for set).")] = None,
) -> int:
    """Show or change your settings, such as the weekly target.

    The settings: default-routine, weekly-target, week-start, quiet, voice and
    plain, kept in a TOML file ('crackcoach config' shows where).

    \b
    Example:
      crackcoach config set weekly-target 4
    """
    return run_config(env_of(ctx), action, key, value)
