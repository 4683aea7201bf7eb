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

`crackcoach help [COMMAND]` prints the same help as `--help`. Long output in a
terminal goes through `$PAGER` (else `less -FRX`) when it is taller than the
screen; `--no-pager` on any command, or `pager = false` in the settings, turns
that off. Every `--json` output is described under "JSON output" at the end.

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


JSON_INTRO = """## JSON output

Every `--json` output is one JSON object. It opens with `"format"`, which is
`"crackcoach/<kind>"`, and `"version"`, a whole number raised only when a
shape changes in a way a script would notice (new members may appear at any
version). Each kind of record has one shape wherever it appears: a diary
entry in `history --json` is the same object as `today --json`'s `last_entry`
and as an entry of the JSON export, and a routine in `list --json` is the
one `show --json` gives. A session's `timeline` is a JSON array. Times are
ISO 8601 with the offset they were recorded at.

Before version 1 of these outputs, `list`, `history` and `flags` printed a
bare array, `list` gave `steps` as a count, `show` printed the routine
itself, and a session's `timeline` was text holding JSON; scripts that read
those need `.routines`, `.records`, `.flags` and `.routine` now.
"""


def json_section() -> str:
    """The documented shape of every --json output and record (from crackcoach.diary.shapes)."""
    from crackcoach.diary.shapes import OUTPUT_VERSION, OUTPUTS, RECORDS

    lines = [JSON_INTRO, f"Outputs (version {OUTPUT_VERSION}):\n",
             "| command | format | members after format and version | holding |",
             "|---|---|---|---|"]
    lines += [f"| `crackcoach {o.command}` | `crackcoach/{o.kind}` | "
              + ", ".join(f"`{m}`" for m in o.members) + f" | {o.records} |" for o in OUTPUTS]
    lines += ["", "Records:\n", "| record | fields, in order |", "|---|---|"]
    lines += [f"| {name} | " + ", ".join(f"`{f}`" if not f.startswith("...") else f
                                        for f in names) + " |"
              for name, names in RECORDS.items()]
    return "\n".join(lines) + "\n"


def render() -> str:
    """The whole of docs/cli.md."""
    parts = [HEADER, "## crackcoach\n", "```text\n" + help_text() + "```\n"]
    for name in command_names():
        parts += [f"## crackcoach {name}\n", "```text\n" + help_text(name) + "```\n"]
    parts.append(json_section())
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


def _table_rows(text: str, heading: str) -> dict[str, str]:
    """The rows of the first table under ``heading`` in a Markdown page, first cell -> second."""
    section = text.split(heading, 1)[1]
    rows = {}
    for line in section.splitlines():
        if line.startswith("| ") and not line.startswith("|---"):
            first, second = (cell.strip() for cell in line.strip("|").split("|")[:2])
            rows[first] = second
        elif rows and not line.startswith("|"):
            break
    return rows


def test_docs_design_tables_match_the_code() -> None:
    sys.path.insert(0, str(ROOT / "tests"))
    from crackcoach.cli import fast
    from crackcoach.cli.commands import COMMANDS
    from test_architecture import PACKAGES

    text = (ROOT / "docs" / "design.md").read_text(encoding="utf-8")
    packages = _table_rows(text, "## Layers and packages")
    del packages["package"]
    assert {name: set() if may == "nothing of the project" else set(may.split(", "))
            for name, may in packages.items()} == PACKAGES
    groups = _table_rows(text, "## One command, two halves of the same name")
    del groups["NAME"]
    documented = {command.strip("`"): name for name, commands in groups.items()
                  for command in commands.split(" (")[0].split(", ")}
    assert documented == {command: module for command, (module, _) in COMMANDS.items()}
    fast_line = text.split("`cli/fast.py` runs the commands typed most (", 1)[1].split(")")[0]
    assert {word.strip("` \n") for word in fast_line.replace("\n", " ").split(",")} == set(
        fast.TABLE)
