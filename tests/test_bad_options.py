"""Every command with every wrong option value: exit 2, one error line, nothing written.

The matrix is built from the Typer application itself. Every option and
argument of every registered command needs at least one bad value in
:data:`BAD_VALUES` or :data:`BAD_ARGUMENTS` (flags are covered automatically),
so a new option without a case fails :func:`test_every_option_has_bad_value_cases`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import typer.main

from crackcoach.cli.commands import build_app
from homes import TINY

# What `crackcoach export` writes for an empty diary: a valid file to import.
EMPTY_EXPORT = (
    "kind,id,routine,started_at,ended_at,planned_seconds,actual_seconds,paused_seconds,"
    "steps_completed,steps_skipped,outcome,timeline,at,discomfort_before,discomfort,"
    "stiffness,mobility,tighter_side,cracks,flags,note,session_id\n")

# The good arguments each command is run with; a bad value is added after them (later
# options win), so the case fails only because of that value.
BASE: dict[str, list[str]] = {
    "start": ["tiny", "--routines-dir", "{routines}", "--no-log", "--quiet"],
    "list": ["--routines-dir", "{routines}"],
    "show": ["tiny", "--routines-dir", "{routines}"],
    "validate": ["{routine_file}"],
    "new": ["fresh-routine"],
    "sheet": ["tiny", "--routines-dir", "{routines}"],
    "log": ["--discomfort", "3", "--stiffness", "2"],
    "activity": ["add", "tie my shoes"],
    "history": [],
    "edit": ["e1", "--discomfort", "3"],
    "delete": ["e1", "--yes"],
    "undo": [],
    "done": ["tiny", "--routines-dir", "{routines}"],
    "flags": [],
    "cleared": [],
    "learn": ["myths"],
    "check": ["--show"],
    "stats": [],
    "report": [],
    "export": [],
    "import": ["{export_file}"],
    "today": [],
    "plan": [],
    "config": [],
    "remind": ["--at", "08:00", "--output", "{ics}"],
    "sync": ["--status"],
}

NEEDS_AN_ENTRY = {"edit", "delete"}  # their base command lines correct diary entry e1

# Bad values per option name, for every command that has the option.
BAD_VALUES: dict[str, list[str]] = {
    "--hold": ["abc", "0", "-5", "601", "nan", "inf", "1e400", "", "1\n2"],
    "--reps": ["two", "1.5", "0", "-1", "51", "99999999999999999999"],
    "--routines-dir": ["/nonexistent/crackcoach-test", "{routine_file}", "/nonexistent\nx"],
    "--discomfort": ["11", "-1", "abc", "3.5", "", "\uff13"],
    "--stiffness": ["11", "-1", "abc", ""],
    "--mobility": ["great", "6", ""],
    "--tighter-side": ["up", ""],
    "--cracks": ["101", "-1", "many"],
    "--flag": ["nonsense", "", "night-pain\nx"],
    "--note": ["x" * 2001],
    "--activity": ["1", "1=", "=5", "1=11", "1=-1", "a=5", "0=5", "1=5.5", "9=5", "", "1=5\n"],
    "--patient-name": ["x" * 201],
    "--minutes": ["0", "-1", "601", "abc", "", "nan", "1e400"],
    "--at": ["yesterdayish", "2020-13-40", "2020-13-40T10:00", "2024-05-01", "",
             "0001-01-01T00:00", "1969-12-31T23:00+00:00", "9999-12-31T23:59",
             "2999-01-01T10:00", "2024-05-01T10:00+25:00", "x\ny", "25:00", "08:60",
             "8am"],
    "--limit": ["-1", "0", "abc", "1.5", "", "\uff15", "1\n"],
    "--since": ["yesterdayish", "2020-13-40", "0001-01-01", "9999-12-31", "", "x\ny"],
    "--weeks": ["abc", "0", "-1", "521", "1.5", ""],
    "--target": ["abc", "0", "51", ""],
    "--routine": ["../x", "nosuch", "Bad Name", ""],
    "--as-of": ["yesterdayish", "2020-13-40", "", "x\ny", "3 fortnights", "today 10:00"],
    "--from": ["yesterdayish", "2020-13-40", "", "x\ny", "2999-01-01"],
    "--format": ["docx", "", "HTML5"],
    "--table": ["both", "", "session", "sessions\nx"],
    "--output": ["{routines}"],
    "--check": ["{missing}", ""],
    "--days": ["", "funday", "mon-", "mon,,tue", "8", "x\ny"],
    "--scheduler": ["launchd", ""],
    "--applies": ["nonsense", "", "pregnancy\nx"],
}

# Values of BAD_VALUES that one command takes on purpose: `cleared --at` takes a day alone
# (the day a professional saw the person).
ACCEPTED: dict[tuple[str, str], set[str]] = {("cleared", "--at"): {"2024-05-01"}}

# Bad positional values: (command, parameter) -> argument lists replacing the good ones.
BAD_ARGUMENTS: dict[tuple[str, str], list[list[str]]] = {
    ("start", "name"): [["Back Reset"], ["../tiny"], ["nosuch"], [""], ["a\nb"]],
    ("show", "name"): [["../tiny"], ["nosuch"], [""], ["x" * 65]],
    ("validate", "paths"): [["{missing}"], ["{routine_file}", "{missing}"]],
    ("new", "name"): [["../x"], ["Bad Name"], ["x" * 65], [""], ["a\nb"]],
    ("sheet", "name"): [["../tiny"], ["nosuch"], [""], ["a\nb"]],
    ("learn", "topic"): [["nosuch"], [""], ["a\nb"]],
    ("import", "files"): [["{missing}"], ["{routines}"], ["{export_file}", "{missing}"]],
    ("activity", "action"): [["nosuch"], [""], ["remove"], ["list", "extra"], ["rename", "a1"],
                             ["add"], ["add", "   "], ["add", "x" * 121], ["add", "a\x00b"]],
    ("activity", "words"): [["remove", "x"], ["remove", "a9"], ["remove", "1", "2"],
                            ["rename", "a9", "walk"], ["rename", "0", "walk"]],
    ("sync", "folder"): [["{routine_file}"], [""]],
    ("edit", "record"): [["x"], ["s"], ["e0"], [""], ["12a"], ["s1"], ["a\nb"]],
    ("delete", "record"): [["x"], ["e0"], [""], ["e99999999999999999999"]],
    ("done", "name"): [["nosuch"], [""], ["a\nb"], ["../x"]],
    ("plan", "name"): [["../x"], ["nosuch"], [""], ["Bad Name"], ["a\nb"]],
    ("config", "action"): [["nosuch"], [""], ["get"], ["show", "quiet"],
                           ["set", "weekly-target"], ["set", "quiet", "maybe"],
                           ["set", "default-routine", "nosuch"]],
    ("config", "key"): [["get", "nosuch"], ["get", ""], ["unset", "weekly_target"]],
    ("config", "value"): [["set", "weekly-target", "22"], ["set", "weekly-target", "0"],
                          ["set", "week-start", "friday"], ["get", "quiet", "extra"]],
}


@dataclass(frozen=True)
class Case:
    """One command line that must be refused."""

    command: str
    args: tuple[str, ...]

    def __str__(self) -> str:
        shown = " ".join(repr(a) if not a or a != a.strip() or "\n" in a else a
                         for a in self.args)
        return f"{self.command} {shown}"[:90]


def _commands() -> dict[str, Any]:
    group = typer.main.get_command(build_app())
    return dict(group.commands)  # type: ignore[attr-defined]


def _options(command: Any) -> Iterator[Any]:
    return (p for p in command.params if p.param_type_name == "option")


def _arguments(command: Any) -> Iterator[Any]:
    return (p for p in command.params if p.param_type_name == "argument")


def _base_without_arguments(name: str, command: Any) -> list[str]:
    """BASE[name] with its leading positional values removed."""
    count = sum(1 for argument in _arguments(command) if argument.nargs == 1)
    count += 1 if any(a.nargs == -1 for a in _arguments(command)) else 0
    return BASE[name][count:]


def cases() -> list[Case]:
    """Every bad command line for every registered command."""
    found: list[Case] = []
    for name, command in _commands().items():
        base = BASE.get(name, [])
        found.append(Case(name, (*base, "--no-such-option")))
        if not any(a.nargs == -1 for a in _arguments(command)):
            found.append(Case(name, (*base, "unexpected-extra")))
        for option in _options(command):
            flag = option.opts[0]
            if option.is_flag:
                found.append(Case(name, (*base, f"{flag}=yes")))
                continue
            found.append(Case(name, (*base, flag)))  # the value is missing
            for value in BAD_VALUES.get(flag, []):
                if value not in ACCEPTED.get((name, flag), set()):
                    found.append(Case(name, (*base, flag, value)))
        for argument in _arguments(command):
            rest = _base_without_arguments(name, command)
            if argument.required:
                found.append(Case(name, tuple(rest)))
            for values in BAD_ARGUMENTS.get((name, argument.name), []):
                found.append(Case(name, (*values, *rest)))
    return found


@pytest.fixture
def places(tmp_path: Path) -> dict[str, str]:
    """Folders and files the placeholders in the cases stand for (outside the home)."""
    routines = tmp_path / "routines"
    routines.mkdir()
    (routines / "tiny.yaml").write_text(TINY, encoding="utf-8")
    export = tmp_path / "export.csv"
    export.write_text(EMPTY_EXPORT, encoding="utf-8")
    return {"routines": str(routines), "routine_file": str(routines / "tiny.yaml"),
            "missing": str(tmp_path / "missing.yaml"), "export_file": str(export),
            "ics": str(tmp_path / "reminder.ics")}


def fill(args: tuple[str, ...] | list[str], places: dict[str, str]) -> list[str]:
    return [places[a[1:-1]] if a[:1] == "{" and a[1:-1] in places else a for a in args]


def test_every_option_has_bad_value_cases() -> None:
    missing = []
    for name, command in _commands().items():
        if name not in BASE:
            missing.append(f"BASE['{name}']")
        for option in _options(command):
            if not option.is_flag and option.opts[0] not in BAD_VALUES:
                missing.append(f"BAD_VALUES['{option.opts[0]}'] (crackcoach {name})")
        for argument in _arguments(command):
            if (name, argument.name) not in BAD_ARGUMENTS:
                missing.append(f"BAD_ARGUMENTS[('{name}', '{argument.name}')]")
    assert missing == [], "add bad-input cases to tests/test_bad_options.py for: " + \
        ", ".join(missing)


@pytest.mark.parametrize("name", sorted(BASE))
def test_the_good_base_command_lines_work(cli: Any, places: dict[str, str], name: str) -> None:
    # Otherwise a case could be refused for the wrong reason.
    if name not in _commands():
        pytest.skip(f"no '{name}' command in this build")
    if name in NEEDS_AN_ENTRY:
        assert cli("log", "--discomfort", "5", "--stiffness", "2").exit_code == 0
    result = cli(name, *fill(BASE[name], places))
    # Only "Wrote FILE" (what was done) may be said on standard error.
    assert result.exit_code == 0, result.stderr
    assert all(line.startswith(("Wrote ", "Edit it,")) for line in result.stderr.splitlines())


@pytest.mark.parametrize("case", cases(), ids=str)
def test_a_bad_command_line_exits_2_with_one_line_and_writes_nothing(
        cli: Any, home: Path, places: dict[str, str], case: Case) -> None:
    result = cli(case.command, *fill(case.args, places))
    assert result.exit_code == 2, (result.stdout, result.stderr)
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("crackcoach: error: "), result.stderr
    assert "\x1b" not in result.stderr
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    assert not home.exists(), sorted(str(p) for p in home.rglob("*"))


def test_the_log_fast_path_refuses_the_same_way(home: Path, places: dict[str, str]) -> None:
    # The in-process cases above go through main(), and so through the fast path for log;
    # this runs the installed program once to be sure nothing differs outside pytest.
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-m", "crackcoach", "log", "--discomfort", "3",
                             "--stiffness", "2", "--at", "0001-01-01T00:00"],
                            capture_output=True, text=True, timeout=60, check=False)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == ("crackcoach: error: --at 0001-01-01T00:00: expected a time in "
                             "1970 or later\n")
    assert not home.exists()


def _value_cases() -> list[tuple[Case, str]]:
    """The cases that give an option a wrong value, with the option's name."""
    found = []
    for case in cases():
        *_, flag, value = ("", "", *case.args)
        if flag.startswith("--") and not value.startswith("-") and flag in BAD_VALUES \
                and value in BAD_VALUES[flag]:
            found.append((case, flag))
    return found


@pytest.mark.parametrize(("case", "flag"), _value_cases(), ids=lambda c: str(c))
def test_a_wrong_value_is_named_with_its_option_in_the_project_s_words(
        cli: Any, places: dict[str, str], case: Case, flag: str) -> None:
    # "--target 0: expected a whole number from 1 to 21", never the parser's own wording.
    result = cli(case.command, *fill(case.args, places))
    assert result.stderr.startswith(f"crackcoach: error: {flag} "), result.stderr
    for foreign in ("Input should be", "Invalid value", "is not a valid", "not in the range",
                    "greater than", "less than"):
        assert foreign not in result.stderr
