"""The environment one command runs in: places, streams, the clock, and who is there.

Built once per run (:func:`from_process` looks at the real process) and passed
to every use case, so nothing deeper down looks up a home folder, reads the
clock or checks for a terminal on its own. Tests build one with their own
folders, streams and clock.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Mapping
from datetime import datetime
from pathlib import Path
from typing import NamedTuple, TextIO

from crackcoach import paths


def local_now() -> datetime:
    """The wall-clock time now, aware, in this computer's time zone."""
    return datetime.now().astimezone()


class Env(NamedTuple):
    """Everything a use case may need from outside the program.

    A NamedTuple rather than a dataclass: ``log`` is timed, and importing
    ``dataclasses`` costs a noticeable part of its start-up.
    """

    diary_path: Path
    user_routines_dir: Path
    builtin_routines_dir: Path
    stdin: TextIO
    stdout: TextIO
    stderr: TextIO
    can_ask: bool  # standard input is a terminal: a person can answer questions
    interactive: bool  # a person at a full-screen terminal: both are terminals, TERM not dumb
    clock: Callable[[], datetime] = local_now
    at_terminal: bool = False  # standard input and output are terminals (even TERM=dumb)

    @property
    def first_check_path(self) -> Path:
        """The first-run check's answers: a small private file beside the diary."""
        return self.diary_path.with_name(paths.FIRST_CHECK_FILENAME)

    def now(self) -> datetime:
        """The wall-clock time now, timezone-aware."""
        return self.clock()

    def ask(self, prompt: str) -> str:
        """Show ``prompt`` and read one typed line (EOFError at the end of input)."""
        if self.stdin is sys.stdin and self.stdout is sys.stdout:
            return input(prompt)  # line editing, where the readline module is loaded
        self.stdout.write(prompt)
        self.stdout.flush()
        line = self.stdin.readline()
        if not line:
            raise EOFError
        return line.rstrip("\n")

    def say(self, line: str = "") -> None:
        """Write one line to standard output."""
        self.stdout.write(line + "\n")

    def write_json(self, data: object) -> None:
        """Write ``data`` as indented JSON; non-ASCII is escaped, so no control text is raw."""
        import json

        self.stdout.write(json.dumps(data, indent=2, ensure_ascii=True) + "\n")

    def warn(self, message: str) -> None:
        """One warning line on standard error."""
        from crackcoach.textsafe import printable

        self.stderr.write(f"crackcoach: warning: {printable(message, single_line=True)}\n")


def _is_tty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def from_process(environ: Mapping[str, str] = os.environ) -> Env:
    """The environment of this process: its variables, standard streams and clock."""
    stdin_tty, stdout_tty = _is_tty(sys.stdin), _is_tty(sys.stdout)
    return Env(
        diary_path=paths.database_path(environ),
        user_routines_dir=paths.user_routines_dir(environ),
        builtin_routines_dir=paths.builtin_routines_dir(),
        stdin=sys.stdin,
        stdout=sys.stdout,
        stderr=sys.stderr,
        can_ask=stdin_tty,
        interactive=stdin_tty and stdout_tty and environ.get("TERM") != "dumb",
        clock=local_now,
        at_terminal=stdin_tty and stdout_tty,
    )


def silence(stream: TextIO) -> None:
    """Send further output on ``stream`` to the null device: whoever read it has gone."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, stream.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass
