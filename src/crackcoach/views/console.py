"""The Rich consoles every view draws on, safe text for them, and list lines that wrap well."""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterable
from typing import Any, TextIO

from rich.console import Console, ConsoleOptions, RenderResult
from rich.table import Table
from rich.text import Text

from crackcoach.base.terminal import is_tty
from crackcoach.base.textsafe import printable
from crackcoach.base.wrap import wrap

# Spaces at the end of a line, before any closing style codes (when colour is forced).
_TRAILING = re.compile(r" +((?:\x1b\[[0-9;]*m)*)$", re.MULTILINE)


class Unpadded:
    """A stream that drops the spaces Rich pads every line with to the full width.

    Harmless on a terminal, they are noise in a file or a pipe (``| diff``,
    ``| grep ' $'``). Spaces at the end of what was written so far are held
    back until the line goes on, so a line is never changed inside.
    """

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self._spaces = ""

    def write(self, text: str) -> int:
        """Write ``text`` without the spaces that end its lines."""
        lines, newline, rest = (self._spaces + text).rpartition("\n")
        body = rest.rstrip(" ")
        self._spaces = rest[len(body):]
        self.stream.write(_TRAILING.sub(r"\1", lines + newline) + body)
        return len(text)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.stream, name)


MIN_WIDTH = 40


class _Console(Console):
    """Rich's console, but a reader that left the pipe is the program's to handle.

    Rich exits with status 1 on a broken pipe; crackcoach has one rule for it
    (a reader that leaves early is not an error: see the entry point).
    """

    def on_broken_pipe(self) -> None:
        self.quiet = True
        raise BrokenPipeError


def console(file: TextIO | None = None, *, stderr: bool = False) -> Console:
    """A console on ``file`` (standard output by default) that honours NO_COLOR and never
    interprets markup or emoji codes; lines written to anything but a terminal end without
    padding."""
    stream = file or (sys.stderr if stderr else sys.stdout)
    out = _Console(
        file=stream if is_tty(stream) else Unpadded(stream),  # type: ignore[arg-type]
        highlight=False,
        markup=False,
        emoji=False,
        no_color=bool(os.environ.get("NO_COLOR")),
    )
    if out.width < MIN_WIDTH:
        # Narrower than any table can be read in: draw at a readable width and let the
        # terminal fold the lines, rather than cut every cell to a letter.
        out.width = MIN_WIDTH
    return out


def safe(text: Any, style: str = "", *, single_line: bool = False) -> Text:
    """Untrusted text as a Rich ``Text``: markup stays literal, control codes become visible."""
    return Text(printable(str(text), single_line=single_line), style=style)


def hanging(items: Iterable[str | Text], marker: str = "- ", indent: int = 2) -> Table:
    """List lines ("  - text") whose wrapped lines continue under the text, not the margin."""
    grid = Table.grid()
    grid.add_column(no_wrap=True)
    grid.add_column()
    for item in items:
        grid.add_row(" " * indent + marker, item)
    return grid


class Message:
    """A message wrapped like those the use cases write themselves (:mod:`crackcoach.base.wrap`):
    at word boundaries, continuing two columns in."""

    def __init__(self, text: str, style: str = "") -> None:
        self.text = text
        self.style = style

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        for line in wrap(printable(self.text), options.max_width):
            yield Text(line, style=self.style)
