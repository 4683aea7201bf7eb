"""What tests of the installed program share: its path, homes, a tiny routine, a terminal.

A test starts from an empty CRACKCOACH_HOME, where ``crackcoach start`` would
first ask the first-run check; the tests that are about something else give
the home its answer (nothing applies) first. Also a one-step routine and the
environment for a pseudo-terminal.
"""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from crackcoach.base import paths
from crackcoach.safety import firstcheck

# The console script installed beside this interpreter: the program as a user runs it.
CRACKCOACH = str(Path(sys.executable).with_name("crackcoach"))


def first_check_answered(home: Path, *applies: str) -> Path:
    """Keep the answer ``applies`` (default: none applies) in ``home``; the file's path."""
    path = home / paths.FIRST_CHECK_FILENAME
    firstcheck.write(path, firstcheck.Answers(applies, datetime(2024, 5, 1, tzinfo=timezone.utc)))
    return path


# A routine of one second, for tests that need a session but not what is in it.
TINY = """\
version: 1
name: tiny
title: Tiny check
steps:
  - name: Stand
    kind: timed
    seconds: 1
    prepare: 0
    instructions: Stand tall.
"""


def routines_folder(tmp_path: Path, **routines: str) -> Path:
    """``tmp_path / "routines"`` holding each routine given (name: its YAML) as NAME.yaml."""
    folder = tmp_path / "routines"
    folder.mkdir()
    for name, text in routines.items():
        (folder / f"{name}.yaml").write_text(text, encoding="utf-8")
    return folder


def tiny_routines(tmp_path: Path) -> Path:
    """A routines folder holding :data:`TINY` as ``tiny.yaml``."""
    return routines_folder(tmp_path, tiny=TINY)


def terminal_env(tmp_path: Path) -> dict[str, str]:
    """This process's environment for a crackcoach in a pseudo-terminal, home in tmp_path."""
    environment = {k: v for k, v in os.environ.items()
                   if k not in ("COLUMNS", "LINES", "NO_COLOR", "CRACKCOACH_DEBUG")}
    # PAGER=cat: a tall page is written as it is, not held in less waiting for a key
    # (tests/test_pager.py sets a pager of its own).
    environment.update(TERM="xterm-256color", CRACKCOACH_HOME=str(tmp_path / "home"),
                       PAGER="cat")
    return environment


def interrupt_typed_answer(child: Any, then: str) -> None:
    """Press Ctrl-C while ``input()`` waits in the pexpect ``child``; wait for ``then``.

    CPython's line editing writes the prompt and then waits in ``select()``
    without looking at signals in between, so a Ctrl-C that lands in that
    instant (the test presses it the moment the prompt shows; on a loaded
    machine the gap widens) is only acted on with the next key. A person then
    presses Ctrl-C again, and so does this helper, up to three times.
    """
    import pexpect

    # Each wait is long enough for a loaded machine (load 5 on two cores took over 3 s).
    for _ in range(3):
        child.sendintr()
        if child.expect_exact([then, pexpect.TIMEOUT, pexpect.EOF], timeout=10) != 1:
            break
    else:
        raise AssertionError(f"Ctrl-C pressed three times, still no {then!r}")
    if then not in (child.after if isinstance(child.after, str) else ""):
        raise AssertionError(f"the program ended without showing {then!r}")


# Runs one command in-process, then says on standard error whether PyYAML was loaded.
YAML_PROBE = """\
import sys
from crackcoach.cli import main
sys.argv = ["crackcoach", *sys.argv[1:]]
try:
    main()
except SystemExit:
    pass
sys.stderr.write("yaml loaded" if "yaml" in sys.modules else "yaml not loaded")
"""


def run_yaml_probe(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``crackcoach ARGS`` in ``home``; its standard error says only whether YAML was loaded."""
    env = {**os.environ, "CRACKCOACH_HOME": str(home), "NO_COLOR": "1", "COLUMNS": "100"}
    return subprocess.run([sys.executable, "-c", YAML_PROBE, *args], env=env, text=True,
                          capture_output=True, timeout=60, check=False)
