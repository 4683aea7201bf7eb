"""``crackcoach remind``: a calendar file, or a user timer or crontab line, and their removal.

Whatever is installed is printed exactly as written, and ``--uninstall``
removes only what carries crackcoach's marker.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from crackcoach.app.env import Env
from crackcoach.base.atomicfile import open_output, write_private
from crackcoach.base.textsafe import printable
from crackcoach.base.typenames import NamedTuple
from crackcoach.errors import EXIT_OK, CrackcoachError, InputError
from crackcoach.plans import reminders

DEFAULT_FILE = "crackcoach-reminder.ics"


class RemindOptions(NamedTuple):
    """The options of ``crackcoach remind``, already read."""

    at: str | None = None
    days: str | None = None  # e.g. "mon,wed,fri"; None: every day
    output: Path | None = None
    install: bool = False
    uninstall: bool = False
    scheduler: str | None = None


def remind(env: Env, options: RemindOptions, runner: reminders.Runner | None = None) -> int:
    """Write the calendar file, install or remove a timer, or say what is installed."""
    runner = runner or reminders.Runner()
    _check(options)
    if options.uninstall:
        return _uninstall(env, runner)
    if options.at is None:
        return _status(env, runner)
    when = reminders.schedule(options.at, options.days)
    if options.install:
        _install(env, when, options.scheduler or "auto", runner)
    if options.output is not None or not options.install:
        _write_calendar(env, when, options.output or Path(DEFAULT_FILE))
    return EXIT_OK


def _check(options: RemindOptions) -> None:
    if options.uninstall and (options.install or options.at or options.days or options.output
                              or options.scheduler):
        raise InputError("--uninstall takes no other options (it removes the reminder "
                         "--install added)")
    if options.at is None and (options.install or options.days or options.output):
        raise InputError("--install, --days and --output need --at HH:MM "
                         "(e.g. crackcoach remind --at 08:00 --days mon-fri)")
    if options.scheduler is not None and not options.install:
        raise InputError("--scheduler goes with --install")


def _write_calendar(env: Env, when: reminders.Schedule, output: Path) -> None:
    from datetime import timezone

    now = env.now()
    text = reminders.calendar_file(when, now.date(), now.astimezone(timezone.utc))
    if str(output) == "-":
        env.stdout.write(text)
        return

    # The one guarded writer of export and report: a device, pipe, socket or link at the
    # path is written into or refused, never replaced by a regular file.
    with open_output(output, env.stdout) as out:
        out.write(text)
    env.tell(f"Wrote {printable(str(output), single_line=True)}: a reminder at "
             f"{reminders.describe(when)}. Import it into your calendar app (it repeats "
             "there, with an alarm).")


def _install(env: Env, when: reminders.Schedule, scheduler: str,
             runner: reminders.Runner) -> None:
    notify_send = shutil.which("notify-send")
    if notify_send is None:
        raise CrackcoachError("notify-send was not found, so a timer could not show a "
                              "notification (install libnotify-bin or libnotify); the calendar "
                              "file (crackcoach remind --at HH:MM) works without it")
    systemctl = shutil.which("systemctl")
    use_systemd = scheduler == "systemd" or (
        scheduler == "auto" and reminders.systemd_usable(systemctl, runner))
    if use_systemd:
        if systemctl is None:
            raise CrackcoachError("--scheduler systemd: systemctl was not found")
        _install_systemd(env, when, notify_send, systemctl, runner)
        return
    crontab = shutil.which("crontab")
    if crontab is None:
        raise CrackcoachError("neither a user systemd session nor crontab was found; "
                              "import the calendar file instead (crackcoach remind --at HH:MM)")
    _install_cron(env, when, notify_send, crontab, runner)


def _install_systemd(env: Env, when: reminders.Schedule, notify_send: str, systemctl: str,
                     runner: reminders.Runner) -> None:
    folder = env.places.systemd_user_dir
    units = reminders.systemd_units(when, notify_send)
    for name in units:
        if (folder / name).exists() and folder / name not in reminders.our_units(folder):
            raise CrackcoachError(f"{folder / name} exists and was not written by crackcoach; "
                                  "it was left as it is")
    for name, text in units.items():
        write_private(folder / name, text)
        env.say(f"Wrote {folder / name}:")
        env.stdout.write(text)  # exactly as written
        env.say()
    commands = [[systemctl, "--user", "daemon-reload"],
                [systemctl, "--user", "enable", "--now", f"{reminders.UNIT}.timer"]]
    for command in commands:
        status, _, err = runner.run(command)
        if status != 0:
            for name in units:
                (folder / name).unlink(missing_ok=True)
            runner.run(commands[0])
            raise CrackcoachError(f"{' '.join(command[1:])} failed ({err or status}); the "
                                  "unit files were removed again")
        env.say(f"Ran: systemctl {' '.join(command[1:])}")
    env.say(f"A notification will show at {reminders.describe(when)}. "
            "'crackcoach remind --uninstall' removes it.")


def _install_cron(env: Env, when: reminders.Schedule, notify_send: str, crontab: str,
                  runner: reminders.Runner) -> None:
    line = reminders.cron_line(when, notify_send, env.places.session_bus)
    table = reminders.without_ours(reminders.read_crontab(crontab, runner))
    reminders.write_crontab(crontab, table + line + "\n", runner)
    env.say("Added this line to your crontab (crontab -l shows it):")
    env.say(line)
    env.say(f"A notification will show at {reminders.describe(when)}. "
            "'crackcoach remind --uninstall' removes it.")


def _uninstall(env: Env, runner: reminders.Runner) -> int:
    removed = False
    units = reminders.our_units(env.places.systemd_user_dir)
    systemctl = shutil.which("systemctl")
    if units:
        if systemctl is not None:
            runner.run([systemctl, "--user", "disable", "--now", f"{reminders.UNIT}.timer"])
        for path in units:
            path.unlink(missing_ok=True)
            env.say(f"Removed {path}")
        if systemctl is not None:
            runner.run([systemctl, "--user", "daemon-reload"])
        removed = True
    crontab = shutil.which("crontab")
    if crontab is not None:
        table = reminders.read_crontab(crontab, runner)
        kept = reminders.without_ours(table)
        if kept.splitlines() != table.splitlines():
            reminders.write_crontab(crontab, kept, runner)
            env.say("Removed the crackcoach line from your crontab.")
            removed = True
    if not removed:
        env.say("No reminder installed by crackcoach was found.")
    return EXIT_OK


def _status(env: Env, runner: reminders.Runner) -> int:
    found = []
    for path in reminders.our_units(env.places.systemd_user_dir):
        if path.suffix == ".timer":
            when = [line for line in path.read_text(encoding="utf-8").splitlines()
                    if line.startswith("OnCalendar=")]
            found.append(f"a user systemd timer ({path}): {', '.join(when)}")
    crontab = shutil.which("crontab")
    if crontab is not None:
        ours = [line for line in reminders.read_crontab(crontab, runner).splitlines()
                if line.rstrip().endswith(f"# {reminders.MARKER}")]
        found += [f"a crontab line: {line}" for line in ours]
    if not found:
        env.say("No reminder is installed. 'crackcoach remind --at 08:00' writes a calendar "
                "file; add --install for a desktop notification.")
    for line in found:
        env.say(f"Installed: {line}")
    return EXIT_OK
