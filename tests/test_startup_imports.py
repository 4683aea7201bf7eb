"""Start-up budget guard: the hot commands must not load heavy modules.

Not a timing test: it checks which modules a fresh interpreter has loaded
after a command, so a stray top-level import cannot silently slow down
``--version``, ``--help`` or ``log``.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

PROBE = """
import contextlib, io, json, sys
from crackcoach.cli import main
with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
    try:
        main(sys.argv[1:])
    except SystemExit:
        pass
print(json.dumps(sorted(sys.modules)))
"""

HEAVY = ["yaml", "sqlite3", "rich", "rich.live", "pydantic", "crackcoach.views",
         "crackcoach.routine_file",
         "crackcoach.routines", "crackcoach.store", "crackcoach.runner"]


def loaded_after(*args: str) -> set[str]:
    """Modules loaded by a fresh interpreter that ran ``crackcoach ARGS``."""
    result = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True,
                            text=True, check=True)
    return set(json.loads(result.stdout.splitlines()[-1]))


def test_version_loads_nothing_but_the_package() -> None:
    loaded = loaded_after("--version")
    assert "typer" not in loaded
    assert not loaded & set(HEAVY)


@pytest.mark.parametrize("args", [["--help"], ["start", "--help"], ["show", "--help"]])
def test_help_loads_no_heavy_module(args: list[str]) -> None:
    loaded = loaded_after(*args)
    heavy = sorted(loaded & set(HEAVY) - {"pydantic"})
    assert heavy == [], f"crackcoach {' '.join(args)} loaded {heavy}"


def test_top_level_help_does_not_load_pydantic_or_rich() -> None:
    loaded = loaded_after("--help")
    assert "pydantic" not in loaded
    assert "rich" not in loaded


def test_log_with_options_loads_neither_the_parser_nor_rich(tmp_path) -> None:  # type: ignore[no-untyped-def]
    loaded = loaded_after("log", "--discomfort", "3", "--stiffness", "2")
    assert "crackcoach.store" in loaded  # it really ran
    assert not loaded & {"typer", "pydantic", "rich", "yaml", "crackcoach.views",
                         "crackcoach.routines"}
    # dataclasses (and the inspect module it loads) was a third of log's start-up.
    assert not loaded & {"dataclasses", "inspect"}


def test_list_skips_the_option_parser() -> None:
    loaded = loaded_after("list", "--json")
    assert "crackcoach.routines" in loaded  # it really ran
    assert "pydantic" not in loaded and "typer" not in loaded
    assert "rich.live" not in loaded and "crackcoach.store" not in loaded
