"""``crackcoach remind``: a daily reminder from the desktop, cron or a calendar.

The Typer declarations; what the commands do is in :mod:`crackcoach.app.remind`.
"""

from typing import Annotated

import typer

from crackcoach.app.remind import RemindOptions
from crackcoach.app.remind import remind as run_remind
from crackcoach.cli.options import Output, env_of
from crackcoach.diary import values


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
    return run_remind(env_of(ctx), RemindOptions(at=at, days=days, output=output,
                                               install=install, uninstall=uninstall,
                                               scheduler=scheduler))
