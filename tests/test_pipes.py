"""Every command through a real pipe: no line ends in a space.

Rich pads each line to the full width of the screen; on a terminal nobody
sees it, in a pipe or a file it is noise (``| diff``, ``| grep ' $'``). Each
command runs as its own process, its output read from a pipe.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from crackcoach.cli.commands import command_names
from crackcoach.safety.learn import PAGES

TINY = """\
version: 1
name: tiny
title: Tiny
summary: A routine of one second, with text long enough to be wrapped on an eighty-column screen.
caution: Stop at anything sharp; a pop that comes by itself is fine, never push for one.
steps:
  - name: Stand
    kind: timed
    seconds: 1
    prepare: 0
    instructions: Stand tall and breathe out slowly, letting the shoulders drop away from the ears.
    cues: [tall, slow]
"""

BROKEN = "version: 1\nname: broken\ntitle: B\nsteps:\n\t- name: x\n"

# Every command that prints, most of them several ways. "{dir}" is the folder of tiny.yaml.
RUNS: list[list[str]] = [
    ["--help"], ["--version"],
    *([name, "--help"] for name in command_names()),
    ["start", "tiny", "--routines-dir", "{dir}", "--no-log", "--quiet"],
    ["start", "--dry-run"],
    ["list"], ["list", "--json"], ["list", "--routines-dir", "{dir}"],
    ["show", "back-reset"], ["show", "tiny", "--routines-dir", "{dir}"], ["show", "--json", "tiny",
                                                                         "--routines-dir", "{dir}"],
    ["validate", "{dir}"], ["validate", "{dir}/../broken.yaml"],
    ["new", "evening-back"], ["new", "evening-back", "--print"],
    ["log", "--discomfort", "7", "--stiffness", "2", "--cracks", "4", "--tighter-side", "left",
     "--flag", "saddle-numbness", "--flag", "night-pain", "--note", "after a long drive"],
    ["history"], ["history", "--json"],
    ["flags"], ["flags", "--json"],
    ["learn"], *(["learn", page.key] for page in PAGES),
    ["stats"], ["stats", "--json"],
    ["report"], ["report", "--format", "html"],
    ["export"], ["export", "--format", "json"],
    ["import", "{dir}/../export.json"],
    ["stats", "--target", "0"], ["show"], ["nosuch"],
]


@pytest.fixture(scope="module")
def diary(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A home with a session and flagged entries, and the files the runs use."""
    place = tmp_path_factory.mktemp("pipes")
    (place / "routines").mkdir()
    (place / "routines" / "tiny.yaml").write_text(TINY, encoding="utf-8")
    (place / "broken.yaml").write_text(BROKEN, encoding="utf-8")
    env = _environment(place / "home")
    for args in (["start", "tiny", "--routines-dir", str(place / "routines"), "--no-log",
                  "--quiet"],
                 ["log", "--discomfort", "5", "--stiffness", "4", "--flag", "leg-weakness",
                  "--note", "a note that is long enough to be wrapped in the history table, "
                  "which has several columns"]):
        subprocess.run([sys.executable, "-m", "crackcoach", *args], env=env, check=True,
                       capture_output=True, stdin=subprocess.DEVNULL, timeout=120)
    export = subprocess.run([sys.executable, "-m", "crackcoach", "export", "--format", "json"],
                            env=env, check=True, capture_output=True, text=True, timeout=120)
    (place / "export.json").write_text(export.stdout, encoding="utf-8")
    return place


def _environment(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"COLUMNS", "LINES", "NO_COLOR"}}
    env["CRACKCOACH_HOME"] = str(home)
    return env


@pytest.mark.parametrize("args", RUNS, ids=" ".join)
def test_no_line_of_piped_output_ends_in_a_space(diary: Path, tmp_path: Path,
                                                 args: list[str]) -> None:
    home = tmp_path / "home"
    shutil.copytree(diary / "home", home)
    words = [arg.replace("{dir}", str(diary / "routines")) for arg in args]
    done = subprocess.run([sys.executable, "-m", "crackcoach", *words], env=_environment(home),
                          stdin=subprocess.DEVNULL, capture_output=True, text=True,
                          timeout=120, check=False)  # both streams are pipes
    assert done.stdout or done.stderr, "nothing was printed"
    assert "Traceback" not in done.stderr
    for stream, text in (("output", done.stdout), ("error", done.stderr)):
        for number, line in enumerate(text.splitlines(), 1):
            assert line == line.rstrip(), f"{stream} line {number} ends in a space: {line!r}"


COLOUR_CODE = re.compile(r"\x1b\[(?:[0-9]+;)*(?:3[0-8]|9[0-7]|4[0-8]|10[0-7])[;m]")
COLOURED = [["today"], ["list"], ["stats"], ["show", "back-reset"], ["history"], ["flags"],
            ["learn"]]


@pytest.mark.parametrize("args", COLOURED, ids=" ".join)
def test_force_color_and_no_color_are_honoured_in_a_pipe(diary: Path, args: list[str]) -> None:
    base = {**_environment(diary / "home"), "TERM": "xterm-256color"}
    base.pop("FORCE_COLOR", None)

    def output(**extra: str) -> str:
        return subprocess.run([sys.executable, "-m", "crackcoach", *args],
                              env={**base, **extra}, stdin=subprocess.DEVNULL,
                              capture_output=True, text=True, timeout=120, check=True).stdout

    assert "\x1b[" not in output()
    assert "\x1b[" in output(FORCE_COLOR="1")
    # NO_COLOR wins: no colour at all (bold or italic may stay, they are not colours).
    assert not COLOUR_CODE.search(output(FORCE_COLOR="1", NO_COLOR="1"))


@pytest.mark.parametrize("args", [["config"], ["learn"], ["history"], ["stats"]], ids=" ".join)
def test_no_piped_line_is_wider_than_columns(diary: Path, tmp_path: Path,
                                             args: list[str]) -> None:
    from crackcoach.base.wrap import cells

    home = tmp_path / "home"
    shutil.copytree(diary / "home", home)
    for columns in ("80", "60"):
        done = subprocess.run([sys.executable, "-m", "crackcoach", *args],
                              env={**_environment(home), "COLUMNS": columns},
                              stdin=subprocess.DEVNULL, capture_output=True, text=True,
                              timeout=120, check=True)
        # Only a word longer than a line (a long path) may be wider: it is never cut.
        assert [line for line in done.stdout.splitlines()
                if cells(line) > int(columns) and " " in line.strip()] == []
