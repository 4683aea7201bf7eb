"""Start-up budget guard: each command loads only what it needs.

Not a timing test: it checks which modules a fresh interpreter has loaded
after a command, so a stray top-level import cannot silently slow a command
down. pydantic (which Typer would use to convert values) is never loaded;
Rich only by commands that draw with it; the parser not at all by the fast
path. ``bench/startup.py`` measures the times these rules buy.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

# Only what the command loads counts: an interpreter may load modules of its own before
# any (a .pth file in site-packages can import typing or tempfile, for one).
PROBE = """
import sys
before = set(sys.modules)
import contextlib, io
from crackcoach.cli import main
with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
    try:
        main(sys.argv[1:])
    except SystemExit:
        pass
loaded = sorted(set(sys.modules) - before)
import json
print(json.dumps(loaded))
"""

# command -> modules it must not load
RULES: dict[str, set[str]] = {
    "--version": {"typer", "rich", "yaml", "sqlite3", "crackcoach.app", "crackcoach.store",
                  "crackcoach.routines.model", "crackcoach.views", "typing"},
    "--help": {"typer", "pydantic", "rich", "yaml", "sqlite3", "crackcoach.store",
               "crackcoach.routines.model", "crackcoach.views", "icalendar", "typing"},
    "-h": {"typer", "pydantic", "rich", "yaml", "sqlite3"},
    "start --help": {"pydantic", "sqlite3", "yaml", "crackcoach.app.session"},
    "show --help": {"pydantic", "rich", "yaml", "sqlite3", "crackcoach.views"},
    "log --discomfort 3 --stiffness 2": {
        "typer", "pydantic", "rich", "yaml", "crackcoach.views", "crackcoach.routines.model",
        # dataclasses (and the inspect module it loads) was a third of log's start-up;
        # json is needed only for a list of flags.
        "dataclasses", "inspect", "json",
        # typing is a third of a bare Python start again; hints need none of it at run time
        # (crackcoach.base.typenames).
        "typing"},
    # hashlib loads OpenSSL; the cache's digest needs only the built-in BLAKE2.
    "list": {"typer", "pydantic", "rich", "sqlite3", "crackcoach.store",
             "crackcoach.session.runner", "typing", "hashlib"},
    "": {"typer", "pydantic", "rich", "crackcoach.session.runner", "icalendar", "typing",
         "hashlib"},
    "today": {"typer", "pydantic", "rich", "crackcoach.session.runner", "icalendar", "typing"},
    "today --json": {"typer", "pydantic", "rich", "crackcoach.session.runner", "icalendar",
                     "typing"},
    "plan": {"typer", "pydantic", "rich", "icalendar", "hashlib"},
    "config": {"pydantic", "rich", "yaml", "sqlite3", "icalendar"},
    "remind": {"pydantic", "rich", "yaml", "sqlite3"},
    "remind --at 08:00 --output -": {"pydantic", "rich", "yaml", "sqlite3"},
    "list --json": {"typer", "pydantic", "rich", "sqlite3", "typing"},
    "show back-reset --json": {"typer", "pydantic", "rich", "sqlite3", "crackcoach.views"},
    "history --json": {"typer", "pydantic", "rich", "yaml", "crackcoach.views", "typing"},
    "stats --json": {"typer", "pydantic", "rich", "yaml", "crackcoach.views", "typing"},
    "flags --json": {"typer", "pydantic", "rich", "yaml", "sqlite3", "crackcoach.views",
                     "typing"},
    "export": {"pydantic", "rich", "yaml", "crackcoach.views"},
    "report": {"typer", "pydantic", "rich", "yaml", "crackcoach.views"},
    "validate": {"pydantic", "rich", "sqlite3", "crackcoach.views"},
    "start back-reset --dry-run": {"typer", "pydantic", "rich.console", "sqlite3",
                                   "crackcoach.store"},
    "show back-reset": {"typer", "pydantic", "sqlite3", "rich.live"},
    "history": {"typer", "pydantic", "yaml", "rich.live"},
    "stats": {"typer", "pydantic", "yaml", "rich.live"},
    "learn": {"typer", "pydantic", "yaml", "sqlite3", "rich.live"},
    "flags": {"typer", "pydantic", "yaml", "sqlite3", "rich.live"},
    "edit e1 --cracks 1": {"pydantic", "rich", "yaml", "crackcoach.views"},
    "delete e99 --yes": {"pydantic", "rich", "yaml", "crackcoach.views"},
    "undo": {"pydantic", "rich", "yaml", "crackcoach.views"},
    "done quick-reset --minutes 3": {"pydantic", "rich", "crackcoach.views",
                                     "crackcoach.session.runner"},
}


def loaded_after(home: Path, *args: str) -> set[str]:
    """Modules loaded by a fresh interpreter that ran ``crackcoach ARGS``."""
    result = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True,
                            text=True, check=True,
                            env={"CRACKCOACH_HOME": str(home), "PATH": "/usr/bin:/bin"})
    return set(json.loads(result.stdout.splitlines()[-1]))


@pytest.fixture(scope="module")
def diary_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A home with one diary entry, so reading commands really read."""
    home = tmp_path_factory.mktemp("home")
    subprocess.run([sys.executable, "-m", "crackcoach", "log", "--discomfort", "3",
                    "--stiffness", "2"], env={"CRACKCOACH_HOME": str(home)}, check=True,
                   capture_output=True)
    return home


@pytest.mark.parametrize("command", list(RULES), ids=lambda c: c or "(no words)")
def test_a_command_loads_nothing_it_does_not_need(diary_home: Path, command: str) -> None:
    loaded = loaded_after(diary_home, *command.split())
    unwanted = {name for name in loaded
                if any(name == rule or name.startswith(rule + ".") for rule in RULES[command])}
    assert unwanted == set(), f"crackcoach {command} loaded {sorted(unwanted)}"


def test_the_probe_sees_commands_really_run(diary_home: Path) -> None:
    # Guards the rules above against a probe that fails before doing anything.
    assert "crackcoach.store" in loaded_after(diary_home, "log", "--discomfort", "3",
                                              "--stiffness", "2")
    assert "crackcoach.routines.reader" in loaded_after(diary_home, "list")
    assert "rich.console" in loaded_after(diary_home, "show", "back-reset")
    assert "crackcoach.views.today" in loaded_after(diary_home)
    assert "crackcoach.store" in loaded_after(diary_home)
