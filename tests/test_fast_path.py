"""The fast path (cli/fast.py) is the Typer command, only quicker.

Its table must name the same options and arguments, with the same readers,
multiplicity, defaults and whether they are required, as the Typer
declarations, and every command line must print the same and exit the same
either way.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import typer.main

from crackcoach.cli import fast, run
from crackcoach.cli.commands import build_app
from crackcoach.cli.readers import reader_of


def typer_options(name: str) -> dict[str, Any]:
    """The options of the Typer command ``name`` (without --help), by option name."""
    group: Any = typer.main.get_command(build_app(name))
    command = group.commands[name]
    return {param.opts[0]: param for param in command.params
            if param.param_type_name == "option"}


@pytest.mark.parametrize("name", sorted(fast.TABLE))
def test_the_table_declares_what_typer_declares(name: str) -> None:
    declared = typer_options(name)
    table = {opt.name: opt for opt in fast.TABLE[name].options}
    assert sorted(table) == sorted(declared)
    for option, opt in table.items():
        param = declared[option]
        assert reader_of(param) is opt.reader, option
        assert bool(param.is_flag) == (opt.reader is None), option
        assert bool(param.multiple) == opt.multiple, option
        assert (param.default or None) == (opt.default or None), option


@pytest.mark.parametrize("name", sorted(fast.TABLE))
def test_the_table_has_the_arguments_typer_has(name: str) -> None:
    group: Any = typer.main.get_command(build_app(name))
    declared = [p for p in group.commands[name].params if p.param_type_name == "argument"]
    table = fast.TABLE[name].arguments
    assert [p.name for p in declared] == [arg.dest for arg in table]
    for param, arg in zip(declared, table, strict=True):
        assert reader_of(param) is arg.reader, arg.dest
        assert bool(param.required) == arg.required, arg.dest
        assert param.nargs == 1, arg.dest  # the table reads one word per argument


CASES = [
    ["--help"],
    ["-h"],
    ["start", "back-reset", "--dry-run"],
    ["report"],
    ["plan"],
    ["plan", "--json"],
    ["plan", "desk-back-8-weeks", "--preview"],
    ["plan", "desk-back-8-weeks", "--yes", "--from", "2024-05-13"],
    ["plan", "no-such-plan"],
    ["plan", "--stop"],
    ["plan", "--check", "{missing}"],
    ["report", "--format", "html", "--weeks", "4", "--target=2", "--as-of", "2024-05-14"],
    ["report", "--format", "pdf"],
    ["report", "--output", "-", "--routine", "back-reset"],
    ["start", "desk-hips", "--dry-run", "--hold", "25", "--reps=2", "--quick", "--easier"],
    ["start", "--dry-run", "--hold", "90"],
    ["start", "nope", "--dry-run"],
    ["start", "back-reset", "--dry-run", "--hold", "0"],
    ["start", "back-reset", "--dry-run", "--easier", "--harder"],
    ["log", "--discomfort", "3", "--stiffness", "2"],
    ["log", "--discomfort=4", "--stiffness", "1", "--mobility", "better", "--tighter-side",
     "l", "--cracks", "2", "--flag", "night-pain", "--flag", "swelling", "--note", "tight",
     "--at", "2024-05-01T20:30+02:00"],
    ["log", "--discomfort", "11", "--stiffness", "2"],
    ["log", "--discomfort", "3", "--stiffness", "x"],
    ["log", "--discomfort", "3", "--stiffness", "2", "--flag", "backache"],
    ["log", "--discomfort", "3", "--stiffness", "2", "--note", "x" * 2001],
    ["log", "--discomfort", "3", "--stiffness", "2", "--at", "2999-01-01T00:00"],
    ["log", "--discomfort", "3"],
    ["list"],
    ["list", "--json"],
    ["list", "--routines-dir", "{missing}"],
    ["list", "--routines-dir", "{routines}", "--json"],
    [],
    ["today"],
    ["today", "--json"],
    ["show", "back-reset"],
    ["show", "back-reset", "--json"],
    ["show", "nope"],
    ["show", "cat-cow", "--routines-dir", "{routines}"],
    ["history"],
    ["history", "--limit", "1", "--json"],
    ["history", "--since", "2024-05-01"],
    ["history", "--limit", "0"],
    ["flags"],
    ["flags", "--json"],
    ["learn"],
    ["learn", "myths"],
    ["learn", "nope"],
    ["stats"],
    ["stats", "--weeks", "2", "--as-of", "2024-05-20", "--json"],
    ["stats", "--target", "0"],
    ["stats", "--routine", "back-reset"],
]


@pytest.fixture
def run_both(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
             capsys: pytest.CaptureFixture[str]) -> Iterator[Any]:
    """Run a command line through each path, each with its own empty home."""
    routines = tmp_path / "routines"
    routines.mkdir()

    def both(args: list[str]) -> tuple[tuple[int, str, str], tuple[int, str, str]]:
        words = [w.format(missing=tmp_path / "missing", routines=routines) for w in args]
        outcomes = []
        for fast_path in (True, False):
            home = tmp_path / f"home-{fast_path}-{len(outcomes)}-{abs(hash(tuple(words)))}"
            monkeypatch.setenv("CRACKCOACH_HOME", str(home))
            for day in ("2024-05-13", "2024-05-14"):  # a diary for the reading commands
                run(["log", "--discomfort", "4", "--stiffness", "2", "--at", f"{day}T20:00"])
            with contextlib.closing(sqlite3.connect(home / "crackcoach.db")) as db, db:
                db.execute("UPDATE entries SET uid = printf('%032x', id)")  # the same in both
            capsys.readouterr()
            code = run(words, fast_path=fast_path)
            captured = capsys.readouterr()
            outcomes.append((code, captured.out, captured.err))
        return outcomes[0], outcomes[1]

    yield both


@pytest.mark.parametrize("args", CASES, ids=lambda args: " ".join(args) or "(no words)")
def test_both_paths_print_the_same(run_both: Any, args: list[str]) -> None:
    quick, full = run_both(args)
    assert quick == full


def test_the_fast_path_steps_aside_for_anything_but_plain_options() -> None:
    for words in (["log", "--help"], ["log", "--discomfort"], ["log", "--bogus", "1"],
                  ["list", "--json=yes"], ["log", "--note", "-x"], ["list", "extra"],
                  ["log", "--discomfort", "3", "--discomfort", "4"], ["report", "-o", "x"],
                  ["--help", "list"], ["today", "extra"], ["show"], ["learn", "a", "b"],
                  ["show", "--help"], ["--help", "--help"]):
        assert fast.resolve(words) is None, words
    assert fast.resolve(["--help"]) is not None  # the list of commands (cli/listing.py)
    assert fast.resolve(["log", "--discomfort", "3", "--stiffness", "2"]) is not None
    assert fast.resolve([]) is not None  # today's screen
    assert fast.resolve(["report"]) is not None
