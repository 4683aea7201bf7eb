"""The Typer declarations of today's screen, plans, settings and reminders."""

from pathlib import Path
from typing import Annotated

import typer

from crackcoach.cli.options import (
    Json,
    Output,
    complete_config_action,
    complete_plan,
    complete_setting,
    env_of,
    paths_of,
)
from crackcoach.diary import values


def today(ctx: typer.Context, json_output: Json = False) -> int:
    """Show today: what is planned, what is done, what to do next.

    Also your last diary entry, the discomfort trend, the streak and twelve
    weeks of sessions. 'crackcoach' alone shows the same.

    \b
    Example:
      crackcoach today --json
    """
    from crackcoach.app.today import today as run_today

    return run_today(env_of(ctx), json_output=json_output)


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
    from crackcoach.app.plans import plan as run_plan

    return run_plan(env_of(ctx), name, yes=yes, stop=stop, check=paths_of(check),
                    preview=preview, from_day=from_day, json_output=json_output)


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
    from crackcoach.app.settings import config as run_config

    return run_config(env_of(ctx), action, key, value)


def remind(
    ctx: typer.Context,
    at: Annotated[str | None, typer.Option(
        "--at", metavar="TIME", parser=values.clock_time, show_default=False,
        help="The time of day to be reminded, HH:MM on a 24-hour clock.")] = None,
    days: Annotated[str | None, typer.Option(
        "--days", metavar="DAYS", parser=values.days, show_default=False,
        help="Which days: mon-fri, mon,wed,fri, weekend or daily (default).")] = None,
    output: Output = None,
    install: Annotated[bool, typer.Option(
        "--install", help="Add a user systemd timer (or a crontab line) that shows a "
                          "desktop notification, and print what was written.")] = False,
    uninstall: Annotated[bool, typer.Option(
        "--uninstall", help="Remove the timer or crontab line that --install added.")
    ] = False,
    scheduler: Annotated[str | None, typer.Option(
        "--scheduler", metavar="TOOL", parser=values.one_of(
            ("auto", "systemd", "cron")), show_default=False,
        help="What --install uses: auto (the default: systemd if a user service manager "
             "runs, else cron), systemd or cron.")] = None,
) -> int:
    """Reminders to stretch: a calendar file or a desktop notification.

    With --at (and no --install) it writes an iCalendar file with an event that
    repeats on the chosen days (default crackcoach-reminder.ics here; --output -
    prints it). Without options it shows the reminder installed, if any.

    \b
    Example:
      crackcoach remind --at 08:00 --days mon-fri
    """
    from crackcoach.app.remind import RemindOptions
    from crackcoach.app.remind import remind as run_remind

    return run_remind(env_of(ctx), RemindOptions(at=at, days=days, output=output,
                                               install=install, uninstall=uninstall,
                                               scheduler=scheduler))
