"""``crackcoach remind``: the calendar file read back by the icalendar library, and the
systemd timer and crontab line, written into a temporary home with stand-ins for
systemctl, crontab and notify-send on PATH (the real system is never touched)."""

from __future__ import annotations

import os
import stat
import subprocess
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest
from icalendar import Calendar

from crackcoach.plans import reminders
from homes import CRACKCOACH

# A stand-in that records its arguments and keeps the crontab in a file under HOME.
FAKE = """#!/bin/sh
# Shell builtins only: PATH holds nothing but the stand-ins.
name="${0##*/} $*"
printf '%s\\n' "$name" >> "$HOME/calls.log"
case "$name" in
  "crontab -l") [ -f "$HOME/crontab" ] || { echo "no crontab for you" >&2; exit 1; }
                while IFS= read -r line; do printf '%s\\n' "$line"; done < "$HOME/crontab" ;;
  "crontab -") while IFS= read -r line; do printf '%s\\n' "$line"; done > "$HOME/crontab" ;;
  "crontab -r") [ -f "$HOME/crontab" ] || { echo "no crontab for you" >&2; exit 1; }
                : > "$HOME/crontab.removed"; mv "$HOME/crontab.removed" "$HOME/crontab.gone" ;;
  "systemctl --user show-environment") exit ${FAKE_SYSTEMD_STATUS:-0} ;;
esac
exit 0
"""


@pytest.fixture
def tools(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A PATH holding only the stand-ins; HOME is the test's own (see conftest)."""
    folder = tmp_path / "bin"
    folder.mkdir()
    for name in ("systemctl", "crontab", "notify-send"):
        script = folder / name
        script.write_text(FAKE, encoding="utf-8")
        script.chmod(0o755)
    monkeypatch.setenv("PATH", str(folder))
    Path(os.environ["HOME"]).mkdir(parents=True, exist_ok=True)
    return folder


def calls() -> list[str]:
    log = Path(os.environ["HOME"]) / "calls.log"
    return log.read_text(encoding="utf-8").splitlines() if log.exists() else []


def read_back(path: Path) -> Any:
    calendar = Calendar.from_ical(path.read_bytes())
    events = list(calendar.walk("VEVENT"))
    assert len(events) == 1
    return events[0]


def test_the_calendar_file_repeats_on_the_chosen_days(cli: Any, tmp_path: Path) -> None:
    path = tmp_path / "r.ics"
    result = cli("remind", "--at", "8:05", "--days", "mon-fri", "--output", str(path))
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr == (f"Wrote {path}: a reminder at 08:05, Mon-Fri. Import it into "
                             "your calendar app (it repeats there, with an alarm).\n")
    event = read_back(path)
    assert dict(event["RRULE"]) == {"FREQ": ["WEEKLY"], "BYDAY": ["MO", "TU", "WE", "TH", "FR"]}
    start = event.decoded("DTSTART")
    assert start.tzinfo is None and start.time() == time(8, 5)  # floating: local time anywhere
    assert start.weekday() < 5 and start.date() >= date.today() - timedelta(days=1)
    assert str(event["SUMMARY"]) == "Time to stretch"
    alarms = list(event.walk("VALARM"))
    assert [str(a["ACTION"]) for a in alarms] == ["DISPLAY"]
    assert b"\r\n" in path.read_bytes()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_every_day_is_a_daily_rule_and_the_first_day_matches_it() -> None:
    when = reminders.schedule("18:30", None)
    text = reminders.calendar_file(when, date(2026, 1, 7), datetime(2026, 1, 7, 9))
    event = Calendar.from_ical(text).walk("VEVENT")[0]
    assert dict(event["RRULE"]) == {"FREQ": ["DAILY"]}
    assert event.decoded("DTSTART") == datetime(2026, 1, 7, 18, 30)
    weekend = reminders.schedule("09:00", "weekend")
    assert weekend.first_day(date(2026, 1, 7)) == date(2026, 1, 10)  # Wednesday -> Saturday


def test_install_writes_a_user_timer_and_prints_it(cli: Any, tools: Path) -> None:
    result = cli("remind", "--at", "07:30", "--days", "mon,wed,fri", "--install")
    assert (result.exit_code, result.stderr) == (0, "")
    units = Path(os.environ["XDG_CONFIG_HOME"]) / "systemd" / "user"
    timer = (units / "crackcoach-reminder.timer").read_text(encoding="utf-8")
    service = (units / "crackcoach-reminder.service").read_text(encoding="utf-8")
    assert "OnCalendar=Mon,Wed,Fri *-*-* 07:30:00\n" in timer
    assert f'ExecStart={tools}/notify-send --app-name=crackcoach "Time to stretch" "Run ' \
           'crackcoach to see what is planned today."\n' in service
    for name, text in (("timer", timer), ("service", service)):  # printed exactly as written
        assert f"Wrote {units / ('crackcoach-reminder.' + name)}:\n{text}\n" in result.stdout
    assert calls() == ["systemctl --user show-environment", "systemctl --user daemon-reload",
                       "systemctl --user enable --now crackcoach-reminder.timer"]
    assert "Installed: a user systemd timer" in cli("remind").stdout
    assert not Path("crackcoach-reminder.ics").exists()  # --install alone writes no file

    other = units / "other.timer"
    other.write_text("[Timer]\n", encoding="utf-8")
    result = cli("remind", "--uninstall")
    assert result.stdout.splitlines()[:2] == [f"Removed {units / 'crackcoach-reminder.timer'}",
                                              f"Removed {units / 'crackcoach-reminder.service'}"]
    assert sorted(p.name for p in units.iterdir()) == ["other.timer"]  # only ours went
    assert "systemctl --user disable --now crackcoach-reminder.timer" in calls()


def test_install_uses_cron_without_a_user_service_manager(
        cli: Any, tools: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FAKE_SYSTEMD_STATUS", "1")
    crontab = Path(os.environ["HOME"]) / "crontab"
    crontab.write_text("15 3 * * * backup.sh\n", encoding="utf-8")
    result = cli("remind", "--at", "08:00", "--days", "mon-fri", "--install")
    assert result.exit_code == 0
    bus = f"unix:path={os.environ['XDG_RUNTIME_DIR']}/bus"
    line = (f"0 8 * * 1,2,3,4,5 DBUS_SESSION_BUS_ADDRESS={bus} {tools}/notify-send "
            "--app-name=crackcoach 'Time to stretch' 'Run crackcoach to see what is planned "
            "today.' # crackcoach-reminder")
    assert crontab.read_text(encoding="utf-8") == f"15 3 * * * backup.sh\n{line}\n"
    assert f"crontab -l shows it):\n{line}\n" in result.stdout
    # Installing again replaces the line rather than adding a second one.
    cli("remind", "--at", "08:00", "--days", "mon-fri", "--install")
    assert crontab.read_text(encoding="utf-8").count("crackcoach-reminder") == 1
    assert cli("remind", "--uninstall").stdout == (
        "Removed the crackcoach line from your crontab.\n")
    assert crontab.read_text(encoding="utf-8") == "15 3 * * * backup.sh\n"
    assert cli("remind", "--uninstall").stdout == (
        "No reminder installed by crackcoach was found.\n")


def test_install_without_notify_send_is_refused(cli: Any, tools: Path) -> None:
    (tools / "notify-send").unlink()
    result = cli("remind", "--at", "08:00", "--install")
    assert result.exit_code == 1
    assert result.stderr.startswith("crackcoach: error: notify-send was not found")
    assert calls() == []


def test_a_failing_systemctl_leaves_no_unit_behind(cli: Any, tools: Path) -> None:
    (tools / "systemctl").write_text(FAKE.replace('  "systemctl --user show-environment")',
                                                  '  "systemctl --user enable --now '
                                                  'crackcoach-reminder.timer") echo nope >&2; '
                                                  'exit 3 ;;\n  "systemctl --user '
                                                  'show-environment")'), encoding="utf-8")
    result = cli("remind", "--at", "08:00", "--install")
    assert result.exit_code == 1
    assert "the unit files were removed again" in result.stderr
    units = Path(os.environ["XDG_CONFIG_HOME"]) / "systemd" / "user"
    assert list(units.iterdir()) == []


def test_the_timer_text_is_what_systemd_reads() -> None:
    analyze = "/usr/bin/systemd-analyze"
    if not os.path.exists(analyze):
        pytest.skip("systemd-analyze is not installed")
    when = reminders.schedule("07:30", "mon,wed,fri")
    result = subprocess.run([analyze, "calendar", reminders.on_calendar(when)],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert "Normalized form: Mon,Wed,Fri *-*-* 07:30:00" in result.stdout


@pytest.mark.parametrize(("args", "message"), [
    (["--install"], "--install, --days and --output need --at HH:MM"),
    (["--uninstall", "--at", "08:00"], "--uninstall takes no other options"),
    (["--at", "08:00", "--scheduler", "cron"], "--scheduler goes with --install"),
])
def test_options_that_do_not_go_together(cli: Any, args: list[str], message: str) -> None:
    result = cli("remind", *args)
    assert result.exit_code == 2
    assert result.stderr.startswith("crackcoach: error: " + message)


def test_uninstalling_the_only_line_removes_the_crontab_it_made(
        cli: Any, tools: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FAKE_SYSTEMD_STATUS", "1")
    home = Path(os.environ["HOME"])
    assert cli("remind", "--at", "08:00", "--install").exit_code == 0
    assert (home / "crontab").exists()
    assert cli("remind", "--uninstall").exit_code == 0
    assert "crontab -r" in (home / "calls.log").read_text(encoding="utf-8")
    assert "crontab -\n" not in (home / "calls.log").read_text(encoding="utf-8").split(
        "crontab -l\n")[-1]  # no empty table written after the last look


def test_the_real_program_never_reaches_the_real_crontab(tmp_path: Path, tools: Path) -> None:
    # The installed script, in its own process, with the test's HOME and PATH.
    script = CRACKCOACH
    env = {**os.environ, "FAKE_SYSTEMD_STATUS": "1"}
    done = subprocess.run([script, "remind", "--at", "21:00", "--install"], env=env,
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert (Path(os.environ["HOME"]) / "crontab").read_text(encoding="utf-8").startswith(
        "0 21 * * * ")


def test_removing_our_line_keeps_every_other_byte() -> None:
    from crackcoach.plans import reminders

    table = f"15 3 * * * backup.sh\n0 8 * * * x # {reminders.MARKER}\n# last, no newline"
    assert reminders.without_ours(table) == "15 3 * * * backup.sh\n# last, no newline"
