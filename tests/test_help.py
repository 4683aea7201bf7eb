"""Every command's --help reads like git's or sqlite-utils': the rules, checked on each.

Metavars in capitals and no Python types (``NAME <str>``, ``{NAME}``), no
bracketed notes (``[default: 8]``, ``[required]``) and so no default said
twice, every default said once in the help text, one example per command,
and lines that fit the terminal without a word broken at a hyphen.
"""

from __future__ import annotations

import os
import re
import sys
from typing import Any

import pytest
import typer.main

from crackcoach.cli import run
from crackcoach.cli.commands import build_app, command_names
from crackcoach.cli.helpformat import metavar
from homes import CRACKCOACH

COMMANDS = list(command_names())
_TYPE = re.compile(r"<[A-Za-z_][\w\[\], |]*>")  # <str>, <list[Path]>, <int range>
_CAPITALS = re.compile(r"[A-Z][A-Z0-9_]*")


def help_of(cli: Any, monkeypatch: pytest.MonkeyPatch, width: int, *words: str) -> str:
    monkeypatch.setenv("COLUMNS", str(width))
    result = cli(*words, "--help")
    assert (result.exit_code, result.stderr) == (0, "")
    text: str = result.stdout
    return text


def parameters(name: str) -> list[Any]:
    group = typer.main.get_command(build_app(name))
    params: list[Any] = group.commands[name].params  # type: ignore[attr-defined]
    return params


@pytest.mark.parametrize("width", [60, 80, 100])
@pytest.mark.parametrize("name", ["", *COMMANDS])
def test_help_has_no_python_types_or_bracketed_notes(
        cli: Any, monkeypatch: pytest.MonkeyPatch, name: str, width: int) -> None:
    text = help_of(cli, monkeypatch, width, *([name] if name else []))
    assert not _TYPE.search(text), _TYPE.search(text)
    assert "{" not in text and "}" not in text
    assert "[default" not in text and "[required" not in text
    for line in text.splitlines():
        assert len(line) <= width, f"wider than {width}: {line!r}"
        assert line == line.rstrip(), f"ends in a space: {line!r}"
        assert not re.search(r"\w-$", line), f"a word broken at its hyphen: {line!r}"


@pytest.mark.parametrize("name", COMMANDS)
def test_metavars_are_capitals_in_the_usage_line_and_the_rows(
        cli: Any, monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    text = help_of(cli, monkeypatch, 80, name)
    usage = text.splitlines()[0]
    assert usage.startswith(f"Usage: crackcoach {name} [OPTIONS]")
    for word in usage.split()[4:]:
        assert _CAPITALS.fullmatch(word.strip("[].")), usage
    for param in parameters(name):
        if getattr(param, "is_flag", False):
            continue
        shown = metavar(param)
        assert _CAPITALS.fullmatch(shown), f"{name}: {param.name} shows as {shown!r}"
        row = (f"  {shown}" if param.param_type_name == "argument"
               else f"{max(param.opts, key=len)} {shown}")
        assert row in text, f"{name}: no row for {row!r}"


@pytest.mark.parametrize("name", COMMANDS)
def test_each_default_is_said_once_in_the_help_text(
        cli: Any, monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    text = " ".join(help_of(cli, monkeypatch, 100, name).split())
    for param in parameters(name):
        if param.default in (None, False, ()) or param.name == "help":
            continue
        assert param.help and "default" in param.help, (
            f"{name}: the help of {param.name} does not say its default ({param.default})")
        assert str(param.default) in " ".join(param.help.split())
        assert text.count(" ".join(param.help.split())) == 1


@pytest.mark.parametrize("name", COMMANDS)
def test_one_example_per_command(cli: Any, monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    lines = help_of(cli, monkeypatch, 80, name).splitlines()
    assert [line.strip() for line in lines].count("Example:") == 1
    after = lines[lines.index("  Example:") + 1:]
    example = [line for line in after[:after.index("")]]
    assert len(example) == 1 and example[0].startswith(f"    crackcoach {name}"), example


def test_command_summaries_are_whole_and_fit_one_line_at_80_columns(
        cli: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    lines = help_of(cli, monkeypatch, 80).splitlines()
    rows = lines[lines.index("Commands:") + 1:]
    assert [row.split()[0] for row in rows] == COMMANDS  # one line each
    assert all(row.endswith(".") and "..." not in row for row in rows), rows


# --- crackcoach --help, drawn without Typer (cli/listing.py) ----------------------------------

def typer_page(capsys: pytest.CaptureFixture[str]) -> str:
    """``crackcoach --help`` as Typer draws it."""
    assert run(["--help"], fast_path=False) == 0
    return capsys.readouterr().out


@pytest.mark.parametrize("words", [["--help"], ["-h"]])
def test_the_list_of_commands_is_the_page_typer_draws_at_every_width(
        cli: Any, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
        words: list[str]) -> None:
    for width in [*range(30, 90), 120, 300]:
        monkeypatch.setenv("COLUMNS", str(width))
        result = cli(*words)
        assert (result.exit_code, result.stderr) == (0, "")
        assert result.stdout == typer_page(capsys), width


def test_the_list_of_commands_fits_a_real_terminal_as_typer_would(tmp_path: Any) -> None:
    pexpect = pytest.importorskip("pexpect")
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    env["PAGER"] = "cat"  # the page as it is (tests/test_pager.py is about paging)
    probe = "from crackcoach.cli import run; run(['--help'], fast_path=False)"
    for columns in (55, 66, 120):
        pages = []
        for program, args in ((CRACKCOACH, ["--help"]), (sys.executable, ["-c", probe])):
            child = pexpect.spawn(program, args, env=env, dimensions=(40, columns),
                                  encoding="utf-8", timeout=30)
            pages.append(child.read())
            child.close()
        assert pages[0] == pages[1] and "Commands:" in pages[0], columns
