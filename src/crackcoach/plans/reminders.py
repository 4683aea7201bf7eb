"""Reminders through the tools people already have: a calendar file, a timer, a crontab line.

The iCalendar file (RFC 5545, made with the ``icalendar`` library) holds one
event that repeats on the chosen days, with an alarm, at a floating local time
so it stays at 08:00 wherever the calendar is. ``--install`` adds a user
systemd timer, or a crontab line, that shows a desktop notification with
``notify-send``. Everything it writes carries a marker, and uninstalling
removes only what carries it. Programs are found on ``PATH`` and run through
:class:`Runner`, so tests put stand-ins there and never touch the real system.
"""

from __future__ import annotations

import shlex
import subprocess
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from pathlib import Path

from crackcoach.base.typenames import NamedTuple
from crackcoach.base.weekdays import EVERY_DAY, TITLES, parse
from crackcoach.base.weekdays import describe as days_in_words
from crackcoach.errors import CrackcoachError

UNIT = "crackcoach-reminder"
MARKER = "crackcoach-reminder"
WRITTEN_BY = ("# Written by 'crackcoach remind --install'; 'crackcoach remind --uninstall' "
              "removes it.")
TITLE = "Time to stretch"
BODY = "Run crackcoach to see what is planned today."
UID = "stretch-reminder@crackcoach"
EVENT_MINUTES = 15
TIMEOUT = 30


class Schedule(NamedTuple):
    """When to be reminded: a time of day on some days of the week (Monday 0)."""

    at: time
    days: tuple[int, ...] = EVERY_DAY

    def first_day(self, today: date) -> date:
        """The first day from ``today`` on that the reminder falls on."""
        return next(today + timedelta(days=n) for n in range(7)
                    if (today + timedelta(days=n)).weekday() in self.days)


def schedule(at: str, days: str | None) -> Schedule:
    """A schedule from ``--at HH:MM`` and ``--days`` (every day when None)."""

    hour, minute = at.split(":")
    return Schedule(time(int(hour), int(minute)), parse(days) if days else EVERY_DAY)


# -- the calendar file ---------------------------------------------------------------------

_ICAL_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def calendar_file(when: Schedule, today: date, stamp: datetime) -> str:
    """An iCalendar file with one repeating event and its alarm (CRLF line ends)."""
    from icalendar import Alarm, Calendar, Event

    calendar = Calendar()
    calendar.add("prodid", "-//crackcoach//stretching reminder//EN")
    calendar.add("version", "2.0")
    event = Event()
    event.add("uid", UID)
    event.add("dtstamp", stamp)
    # No time zone: a floating time is 08:00 in whatever zone the calendar is used in.
    event.add("dtstart", datetime.combine(when.first_day(today), when.at))
    event.add("duration", timedelta(minutes=EVENT_MINUTES))
    event.add("summary", TITLE)
    event.add("description", BODY)
    if when.days == EVERY_DAY:
        event.add("rrule", {"freq": "daily"})
    else:
        event.add("rrule", {"freq": "weekly", "byday": [_ICAL_DAYS[d] for d in when.days]})
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", TITLE)
    alarm.add("trigger", timedelta(0))
    event.add_component(alarm)
    calendar.add_component(event)
    text: str = calendar.to_ical().decode("utf-8")
    return text


# -- the timer and the crontab line --------------------------------------------------------

def notify_command(notify_send: str) -> list[str]:
    """The notification command (``notify-send`` by its full path)."""
    return [notify_send, "--app-name=crackcoach", TITLE, BODY]


def on_calendar(when: Schedule) -> str:
    """systemd's OnCalendar= for the schedule, e.g. ``Mon,Wed,Fri *-*-* 08:00:00``."""
    days = "" if when.days == EVERY_DAY else ",".join(TITLES[d] for d in when.days) + " "
    return f"{days}*-*-* {when.at:%H:%M}:00"


def systemd_units(when: Schedule, notify_send: str) -> dict[str, str]:
    """The service and timer files, by file name."""
    command = " ".join(_systemd_quote(word) for word in notify_command(notify_send))
    service = (f"{WRITTEN_BY}\n[Unit]\nDescription=crackcoach stretching reminder\n\n"
               f"[Service]\nType=oneshot\nExecStart={command}\n")
    timer = (f"{WRITTEN_BY}\n[Unit]\nDescription=crackcoach stretching reminder "
             f"({describe(when)})\n\n[Timer]\nOnCalendar={on_calendar(when)}\n\n"
             "[Install]\nWantedBy=timers.target\n")
    return {f"{UNIT}.service": service, f"{UNIT}.timer": timer}


def _systemd_quote(word: str) -> str:
    if word and all(c.isalnum() or c in "/-_.=:" for c in word):
        return word
    return '"' + word.replace("\\", "\\\\").replace('"', '\\"') + '"'


def cron_line(when: Schedule, notify_send: str, bus: str) -> str:
    """The crontab line: minute, hour, days, the bus to reach the desktop, the command."""
    days = "*" if when.days == EVERY_DAY else ",".join(str((d + 1) % 7) for d in when.days)
    command = " ".join(shlex.quote(word) for word in notify_command(notify_send))
    return (f"{when.at.minute} {when.at.hour} * * {days} "
            f"DBUS_SESSION_BUS_ADDRESS={shlex.quote(bus)} {command} # {MARKER}")


def describe(when: Schedule) -> str:
    """The schedule in words, e.g. "08:00, Mon-Fri"."""

    return f"{when.at:%H:%M}, {days_in_words(when.days)}"


# -- running the tools ---------------------------------------------------------------------

class Runner:
    """Runs a program found on PATH and returns (exit status, output, error text)."""

    def run(self, command: Sequence[str], stdin: str | None = None) -> tuple[int, str, str]:
        """Run ``command``; a program that cannot be run is a CrackcoachError."""
        try:
            done = subprocess.run(list(command), input=stdin, capture_output=True, text=True,
                                  timeout=TIMEOUT, check=False)
        except (OSError, subprocess.SubprocessError) as exc:
            raise CrackcoachError(f"cannot run {command[0]}: {exc}") from None
        return done.returncode, done.stdout, done.stderr.strip()


def systemd_usable(systemctl: str | None, runner: Runner) -> bool:
    """True when a user service manager answers (not the case in most containers)."""
    return systemctl is not None and runner.run([systemctl, "--user", "show-environment"])[0] == 0


def read_crontab(crontab: str, runner: Runner) -> str:
    """The user's crontab ("" when there is none yet)."""
    status, out, err = runner.run([crontab, "-l"])
    if status != 0:
        if "no crontab" in err.lower():
            return ""
        raise CrackcoachError(f"crontab -l failed: {err or f'exit status {status}'}")
    return out


def without_ours(table: str) -> str:
    """A crontab without the lines crackcoach added; every other byte as it was."""
    return "".join(line for line in table.splitlines(keepends=True)
                   if not line.rstrip().endswith(f"# {MARKER}"))


def write_crontab(crontab: str, table: str, runner: Runner) -> None:
    """Replace the user's crontab with ``table``; an empty one is removed, not written."""
    if not table.strip():
        status, _, err = runner.run([crontab, "-r"])
        if status != 0 and "no crontab" not in err.lower():
            raise CrackcoachError(f"crontab -r failed: {err or f'exit status {status}'}")
        return
    status, _, err = runner.run([crontab, "-"], stdin=table)
    if status != 0:
        raise CrackcoachError(f"crontab - failed: {err or f'exit status {status}'}")


def our_units(folder: Path) -> list[Path]:
    """The unit files in ``folder`` that crackcoach wrote."""
    found = []
    for name in (f"{UNIT}.timer", f"{UNIT}.service"):
        path = folder / name
        try:
            if WRITTEN_BY in path.read_text(encoding="utf-8"):
                found.append(path)
        except (OSError, UnicodeDecodeError):
            continue
    return found
