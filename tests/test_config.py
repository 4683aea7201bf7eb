"""``crackcoach config``: show, get, set, unset; checked values; file:line errors; private,
atomic writes that keep the person's own lines."""

from __future__ import annotations

import stat
from pathlib import Path
from typing import Any

import pytest

from crackcoach.base import config


def test_show_lists_every_setting_with_its_default(cli: Any, home: Path) -> None:
    result = cli("config")
    assert result.exit_code == 0
    # The path, longer than a line here, is never cut: the words around it wrap.
    assert " ".join(result.stdout.split("\n  default-routine")[0].split()) == (
        f"Settings file: {home / 'config.toml'} (not written yet)")
    for key in config.KEYS:
        assert f"  {key.name}" in result.stdout
    assert not home.exists()


def test_set_get_unset(cli: Any, home: Path) -> None:
    assert cli("config", "set", "weekly-target", "4").stdout == (
        f"weekly-target = 4 (saved in {home / 'config.toml'})\n")
    assert cli("config", "set", "week-start", "Sunday").exit_code == 0
    assert cli("config", "set", "quiet", "yes").exit_code == 0
    assert cli("config", "set", "default-routine", "desk-hips").exit_code == 0
    assert cli("config", "get", "weekly-target").stdout == "4\n"
    assert cli("config", "get", "week-start").stdout == "sunday\n"
    assert cli("config", "get", "quiet").stdout == "true\n"
    path = home / "config.toml"
    assert path.read_text(encoding="utf-8") == (
        'weekly-target = 4\nweek-start = "sunday"\nquiet = true\n'
        'default-routine = "desk-hips"\n')
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(home.stat().st_mode) == 0o700
    assert cli("config", "unset", "quiet").stdout == "quiet is back to its default, false.\n"
    assert cli("config", "get", "quiet").stdout == "false\n"
    assert "set      sessions a week" in cli("config").stdout


def test_setting_a_value_keeps_comments_and_other_lines(cli: Any, home: Path) -> None:
    home.mkdir()
    path = home / "config.toml"
    path.write_text("# my settings\nweekly-target = 2  # low on purpose\nvoice = true\n",
                    encoding="utf-8")
    assert cli("config", "set", "weekly-target", "5").exit_code == 0
    assert path.read_text(encoding="utf-8") == ("# my settings\nweekly-target = 5  # low on "
                                                "purpose\nvoice = true\n")


def test_set_and_unset_keep_a_multi_line_string_and_the_layout(cli: Any, home: Path) -> None:
    home.mkdir()
    path = home / "config.toml"
    text = ('# Settings\n\n# how many a week\nweekly-target = 2   # for now\n\n'
            'default-routine = """back-reset"""\nquiet = true # bells off\n')
    path.write_text(text, encoding="utf-8")
    assert cli("config", "set", "week-start", "sunday").exit_code == 0
    assert path.read_text(encoding="utf-8") == text + 'week-start = "sunday"\n'
    assert cli("config", "set", "weekly-target", "4").exit_code == 0
    assert "weekly-target = 4   # for now\n" in path.read_text(encoding="utf-8")
    assert cli("config", "unset", "week-start").exit_code == 0
    assert path.read_text(encoding="utf-8") == text.replace("= 2 ", "= 4 ")


def test_reading_settings_never_loads_the_writer() -> None:
    import subprocess
    import sys

    code = ("import sys; from crackcoach.base import config; from pathlib import Path; "
            "config.parse('quiet = true', 'x'); print('tomlkit' in sys.modules)")
    shown = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                           check=True)
    assert shown.stdout == "False\n"


@pytest.mark.parametrize(("text", "error"), [
    ("weekly-target = four\n",
     "{path}:1:17: not valid TOML: Invalid value"),
    ("weekly-target = 40\n",
     "{path}:1: weekly-target: expected a whole number from 1 to 21, got 40"),
    ("quiet = false\nvoice = \"yes\"\n",
     "{path}:2: voice: expected true or false, got the text 'yes'"),
    ("weekly_target = 4\n",
     "{path}:1: weekly_target: unknown setting (did you mean 'weekly-target'?); expected one of "
     "default-routine, weekly-target, week-start, quiet, voice, plain, pager, sync-folder"),
    ("[start]\nquiet = true\n",
     "{path}:1: start: unknown table; expected one of default-routine, weekly-target, "
     "week-start, quiet, voice, plain, pager, sync-folder"),
    ('default-routine = "../x"\n',
     "{path}:1: default-routine: expected a routine name such as back-reset, got the text "
     "'../x'"),
    ("weekly-target = true\n",
     "{path}:1: weekly-target: expected a whole number from 1 to 21, got true"),
])
def test_a_bad_settings_file_is_named_with_its_line(cli: Any, home: Path, text: str,
                                                    error: str) -> None:
    home.mkdir()
    path = home / "config.toml"
    path.write_text(text, encoding="utf-8")
    for args in (["config"], ["today"], ["start", "--dry-run"]):
        result = cli(*args)
        assert result.exit_code == 1, args
        assert result.stderr.splitlines()[0] == "crackcoach: error: " + error.format(path=path)
        assert result.stdout == ""


def test_a_set_that_would_leave_a_bad_file_changes_nothing(cli: Any, home: Path) -> None:
    home.mkdir()
    path = home / "config.toml"
    path.write_text("quiet = maybe\nvoice = true\n", encoding="utf-8")
    result = cli("config", "set", "voice", "false")
    assert result.exit_code == 1
    assert result.stderr.endswith("(fix this first; nothing was changed)\n")
    assert path.read_text(encoding="utf-8") == "quiet = maybe\nvoice = true\n"
    # Setting the broken key itself repairs the file.
    assert cli("config", "set", "quiet", "true").exit_code == 0
    assert path.read_text(encoding="utf-8") == "quiet = true\nvoice = true\n"


def test_weekly_target_is_the_default_target_of_stats(cli: Any) -> None:
    assert "of 3" in cli("today").stdout
    cli("config", "set", "weekly-target", "5")
    assert "0 of 5 sessions" in cli("today").stdout
    assert '"target": 5' in cli("stats", "--json").stdout
    assert '"target": 2' in cli("stats", "--json", "--target", "2").stdout
