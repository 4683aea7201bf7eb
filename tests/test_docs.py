"""The documentation matches the program.

docs/cli.md is the help of every command, generated from the program itself;
when a command changes, regenerate it with ``python tests/test_docs.py``.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CLI_DOC = ROOT / "docs" / "cli.md"
HEADER = """# Command reference

Every command's `--help`, as the program prints it. Exit codes: 0 success,
1 a failure (an invalid routine file, an unreadable diary), 2 bad usage or
input, 130 interrupted with Ctrl-C. Errors are one line on standard error,
starting `crackcoach: error:`.

This file is generated: `python tests/test_docs.py` rewrites it.
"""


def command_names() -> list[str]:
    """Every command the application registers, in the order of ``--help``."""
    import typer.main

    from crackcoach.cli.commands import build_app

    group = typer.main.get_command(build_app())
    return list(group.commands)  # type: ignore[attr-defined]


def help_text(*args: str) -> str:
    """What ``crackcoach ARGS --help`` prints at a width of 80 columns."""
    env = {**os.environ, "COLUMNS": "80", "NO_COLOR": "1", "TERM": "dumb"}
    result = subprocess.run([sys.executable, "-m", "crackcoach", *args, "--help"],
                            capture_output=True, text=True, env=env, check=True)
    return result.stdout.rstrip() + "\n"


def render() -> str:
    """The whole of docs/cli.md."""
    parts = [HEADER, "## crackcoach\n", "```text\n" + help_text() + "```\n"]
    for name in command_names():
        parts += [f"## crackcoach {name}\n", "```text\n" + help_text(name) + "```\n"]
    return "\n".join(parts)


def test_cli_reference_is_current() -> None:
    assert CLI_DOC.read_text(encoding="utf-8") == render(), (
        "docs/cli.md is out of date: run python tests/test_docs.py")


def test_docs_mention_every_routine_key() -> None:
    from crackcoach.routines.model import ALL_STEP_KEYS, ROUTINE_KEYS

    text = (ROOT / "docs" / "routines.md").read_text(encoding="utf-8")
    for key in (*ROUTINE_KEYS, *ALL_STEP_KEYS):
        assert f"`{key}`" in text, f"docs/routines.md does not describe '{key}'"


def test_every_description_of_actual_seconds_says_pauses_are_included() -> None:
    """The runner records start to end, pauses included (tests/test_runner.py checks that):
    a reader of the database or an export must not take it for time spent stretching."""
    text = (ROOT / "docs" / "data.md").read_text(encoding="utf-8")
    rows = [line for line in text.splitlines() if line.startswith("| `actual_seconds`")]
    assert len(rows) == 2
    for row in rows:
        assert "pauses included" in row and "excluded" not in row, row
        assert "actual_seconds - paused_seconds" in row, row


if __name__ == "__main__":
    CLI_DOC.write_text(render(), encoding="utf-8")
    print(f"wrote {CLI_DOC}")
