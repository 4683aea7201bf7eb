"""The command line as a whole: version, help, documentation, error handling."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from crackcoach import __version__
from crackcoach.cli.commands import build_app

ROOT = Path(__file__).resolve().parents[1]


def command_names() -> list[str]:
    """Every command the application registers."""
    import typer.main

    group = typer.main.get_command(build_app())
    return sorted(group.commands)  # type: ignore[attr-defined]


def test_version_fast_path_and_full_parser_agree(cli) -> None:  # type: ignore[no-untyped-def]
    assert cli("--version").stdout == f"crackcoach {__version__}\n"
    # With another option the full parser answers; it must say the same.
    assert cli("--version", "--help").stdout == f"crackcoach {__version__}\n"


def test_python_dash_m_runs_the_same_program() -> None:
    result = subprocess.run([sys.executable, "-m", "crackcoach", "--version"],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0
    assert result.stdout == f"crackcoach {__version__}\n"


def test_no_arguments_shows_today_and_help_is_one_option_away(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli()
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout.startswith("crackcoach, ")
    assert "'crackcoach --help' lists every command." in result.stdout
    assert "not a medical device" in cli("--help").stdout


@pytest.mark.parametrize("name", command_names())
def test_every_command_has_a_summary_and_an_example(cli, name: str) -> None:  # type: ignore[no-untyped-def]
    result = cli(name, "--help")
    assert result.exit_code == 0
    assert f"Usage: crackcoach {name}" in result.stdout
    assert "Example" in result.stdout, f"'{name} --help' shows no example"


@pytest.mark.parametrize("name", command_names())
def test_every_command_is_in_the_readme(name: str) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"`crackcoach {name}" in readme, f"README.md does not document '{name}'"


def test_unknown_option_is_one_line_and_exit_2(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("list", "--bogus")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("crackcoach: error: No such option: --bogus")


def test_unknown_command_is_one_line_and_exit_2(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("strech")
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert "No such command 'strech'" in result.stderr


def test_an_internal_error_is_one_line_without_traceback(cli, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from crackcoach.routines import library

    def broken(*_args: object) -> None:
        raise ZeroDivisionError("boom")

    monkeypatch.setattr(library, "scan", broken)
    result = cli("list")
    assert result.exit_code == 1
    assert "Traceback" not in result.stderr
    assert result.stderr == (
        "crackcoach: error: unexpected internal error (ZeroDivisionError: boom); "
        "run again with CRACKCOACH_DEBUG=1 to see the details\n")
