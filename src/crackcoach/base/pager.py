"""Long output in a terminal goes through a pager, the way git does it.

A command that only shows something (``stats``, ``history``, ``plan``, ``learn``,
``--help``...) writes into a :class:`Spool` that stands in for the terminal.
When it is done, output taller than the screen goes to ``$PAGER`` (else
``less -FRX``), anything shorter straight to the terminal. Never in a pipe or
a file, never for a command that asks a question, and never with
``--no-pager``, ``pager = false`` in the settings, or an empty ``PAGER``.
"""

from __future__ import annotations

import contextlib
import io
import os
from collections.abc import Mapping, Sequence
from pathlib import Path

from crackcoach.base import config
from crackcoach.base.typenames import TYPE_CHECKING
from crackcoach.base.wrap import cells
from crackcoach.errors import CrackcoachError

if TYPE_CHECKING:
    from typing import TextIO

NO_PAGER = "--no-pager"
DEFAULT_PAGER = ("less", "-FRX")
# Commands that only show something: nothing they do waits on an answer.
SHOWING = frozenset(("today", "stats", "history", "learn", "show", "list", "flags"))


class Spool(io.StringIO):
    """Text held back for the pager, standing in for a terminal (so colour and widths stay)."""

    def __init__(self, terminal: TextIO) -> None:
        super().__init__()
        self.terminal = terminal

    def isatty(self) -> bool:
        """The output will reach a person at a terminal, paged or not."""
        return True

    def fileno(self) -> int:
        """The terminal's descriptor, for anything that asks it its size."""
        return self.terminal.fileno()

    @property
    def encoding(self) -> str:  # type: ignore[override]
        """The terminal's encoding, so a character it lacks is caught the same way."""
        return getattr(self.terminal, "encoding", None) or "utf-8"


def without_flag(args: Sequence[str]) -> tuple[list[str], bool]:
    """``args`` without ``--no-pager`` (anywhere before ``--``), and whether it was there."""
    words = list(args)
    end = words.index("--") if "--" in words else len(words)
    kept = [w for w in words[:end] if w != NO_PAGER] + words[end:]
    return kept, len(kept) != len(words)


def pages(args: Sequence[str]) -> bool:
    """Whether the command ``args`` names only shows something (so it may be paged)."""
    if not args or any(word in ("--help", "-h") for word in args):
        return True
    command, rest = args[0], list(args[1:])
    if command == "help":
        return True
    if command == "plan":
        return not rest  # plan NAME asks before replacing, --stop and --check do things
    if command == "config":
        return not rest or rest[0] == "show"
    return command in SHOWING


def spool(args: Sequence[str], terminal: TextIO, environ: Mapping[str, str],
          settings: Path) -> Spool | None:
    """A Spool to write the command's output into, when it may be paged; None otherwise.

    ``settings``: the settings file, whose ``pager = false`` turns paging off.
    """
    if not pages(args) or command(environ) is None:
        return None
    try:
        if not terminal.isatty():
            return None
    except (AttributeError, ValueError):
        return None
    if not _setting_allows(settings):
        return None
    return Spool(terminal)


def _setting_allows(settings: Path) -> bool:
    """``pager = false`` in the settings turns paging off (a broken file: left to the command
    to report, and no paging meanwhile)."""

    try:
        return config.load(settings).pager
    except (CrackcoachError, OSError):  # the command itself says what is wrong
        return False


def command(environ: Mapping[str, str]) -> list[str] | None:
    """The pager to run: ``$PAGER`` split as a shell would, else less; None when PAGER is
    empty or ``cat`` (no paging wanted)."""
    import shlex

    given = environ.get("PAGER")
    if given is None:
        return list(DEFAULT_PAGER)
    try:
        words = shlex.split(given)
    except ValueError:
        return list(DEFAULT_PAGER)
    if not words or words == ["cat"]:
        return None
    return words


def screen_lines(terminal: TextIO, environ: Mapping[str, str]) -> int:
    """How many lines the terminal shows: LINES, else its size, else 24."""
    with contextlib.suppress(ValueError):
        lines = int(environ.get("LINES", "0"))
        if lines > 0:
            return lines
    try:
        return os.get_terminal_size(terminal.fileno()).lines or 24
    except (AttributeError, ValueError, OSError):
        return 24


def screen_columns(terminal: TextIO, environ: Mapping[str, str]) -> int:
    """How many columns the terminal shows: COLUMNS, else its size, else 80."""
    with contextlib.suppress(ValueError):
        columns = int(environ.get("COLUMNS", "0"))
        if columns > 0:
            return columns
    try:
        return os.get_terminal_size(terminal.fileno()).columns or 80
    except (AttributeError, ValueError, OSError):
        return 80


def rows_needed(text: str, columns: int) -> int:
    """The terminal lines ``text`` takes, counting lines the terminal folds."""
    total = 0
    for line in text.splitlines():
        width = cells(_no_codes(line))
        total += max(1, -(-width // columns)) if columns > 0 else 1
    return total


def _no_codes(line: str) -> str:
    """A line without its colour codes (they take no room)."""
    import re

    return re.sub(r"\x1b\[[0-9;]*[A-Za-z]", "", line)


def show(text: str, terminal: TextIO, environ: Mapping[str, str]) -> None:
    """Write ``text`` to the terminal, through the pager when it is taller than the screen."""
    pager = command(environ)
    too_tall = rows_needed(text, screen_columns(terminal, environ)) >= screen_lines(
        terminal, environ)
    if pager is None or not too_tall or not run(pager, text, terminal, environ):
        terminal.write(text)


def run(pager: list[str], text: str, terminal: TextIO, environ: Mapping[str, str]) -> bool:
    """Page ``text``; False when the pager cannot be started (the caller writes it then)."""
    import subprocess

    variables = dict(environ)
    variables.setdefault("LESS", "FRX")  # as git does: quit if one screen, keep colour
    variables.setdefault("LV", "-c")
    terminal.flush()
    try:
        process = subprocess.Popen(pager, stdin=subprocess.PIPE, env=variables,
                                   encoding=getattr(terminal, "encoding", None) or "utf-8",
                                   errors="backslashreplace")
    except OSError:
        return False
    try:
        assert process.stdin is not None
        with contextlib.suppress(BrokenPipeError):  # the reader quit before the end
            process.stdin.write(text)
            process.stdin.close()
    finally:
        while True:
            try:
                process.wait()
                break
            except KeyboardInterrupt:  # Ctrl-C is the pager's to handle; wait for it
                continue
    return True
