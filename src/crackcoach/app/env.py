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
from functools import partial
from pathlib import Path

from crackcoach import __version__
from crackcoach.base import paths
from crackcoach.base.terminal import is_tty, silence, terminal_width
from crackcoach.base.textsafe import printable
from crackcoach.base.typenames import TYPE_CHECKING, NamedTuple
from crackcoach.base.wrap import wrap
from crackcoach.routines import cache

if TYPE_CHECKING:
    from typing import TextIO


def local_now() -> datetime:
    """The wall-clock time now, aware, in this computer's time zone."""
    return datetime.now().astimezone()


def unwrapped() -> int | None:
    """The width of output that no person reads as it comes: none, lines stay whole."""
    return None


class Places(NamedTuple):
    """Where crackcoach keeps and finds its files (``paths`` says how each is found)."""

    diary_path: Path
    user_routines_dir: Path
    builtin_routines_dir: Path
    docs_dir: Path  # the reference pages (the routine and data formats)
    config_path: Path  # the settings file (TOML)
    user_plans_dir: Path
    builtin_plans_dir: Path
    plan_state_path: Path  # which plan is active, and since when
    systemd_user_dir: Path  # where reminders are installed as a user timer
    session_bus: str  # the desktop's message bus, for notifications sent from cron
    cache_dir: Path | None = None  # routines and plans already read (None: read each time)

    @property
    def first_check_path(self) -> Path:
        """The first-run check's answers: a small private file beside the diary."""
        return self.diary_path.with_name(paths.FIRST_CHECK_FILENAME)

    @classmethod
    def from_environ(cls, environ: Mapping[str, str]) -> Places:
        """The places for these environment variables (``CRACKCOACH_HOME`` moves them)."""
        return cls(
            diary_path=paths.database_path(environ),
            user_routines_dir=paths.user_routines_dir(environ),
            builtin_routines_dir=paths.builtin_routines_dir(),
            docs_dir=paths.docs_dir(),
            config_path=paths.config_path(environ),
            user_plans_dir=paths.user_plans_dir(environ),
            builtin_plans_dir=paths.builtin_plans_dir(),
            plan_state_path=paths.plan_state_path(environ),
            systemd_user_dir=paths.systemd_user_dir(environ),
            session_bus=paths.session_bus(environ),
            cache_dir=paths.cache_dir(environ),
        )

    @classmethod
    def under(cls, home: Path) -> Places:
        """Everything in one folder, as ``CRACKCOACH_HOME=home`` lays it out."""
        return cls.from_environ({paths.HOME_ENV: str(home), "HOME": str(home)})


class Env(NamedTuple):
    """Everything a use case may need from outside the program.

    A NamedTuple rather than a dataclass: ``log`` is timed, and importing
    ``dataclasses`` costs a noticeable part of its start-up.
    """

    places: Places
    stdin: TextIO
    stdout: TextIO
    stderr: TextIO
    can_ask: bool  # standard input is a terminal: a person can answer questions
    interactive: bool  # a person at a full-screen terminal: both are terminals, TERM not dumb
    clock: Callable[[], datetime] = local_now
    at_terminal: bool = False  # standard input and output are terminals (even TERM=dumb)
    # Columns to wrap questions and messages to, asked each time (a terminal can be
    # resized during a session); None when standard output is not a terminal.
    width: Callable[[], int | None] = unwrapped

    def now(self) -> datetime:
        """The wall-clock time now, timezone-aware."""
        return self.clock()

    def routine_cache(self) -> cache.FileCache | None:
        """A cache of routine files already read, for one command (None: no cache folder)."""
        return self._cache(cache.ROUTINES)

    def plan_cache(self) -> cache.FileCache | None:
        """A cache of plan files already read, for one command (None: no cache folder)."""
        return self._cache(cache.PLANS)

    def _cache(self, filename: str) -> cache.FileCache | None:
        if self.places.cache_dir is None:
            return None
        return cache.FileCache(self.places.cache_dir / filename, __version__)


    def ask(self, prompt: str) -> str:
        """Show ``prompt``, wrapped to the width, and read one typed line.

        EOFError at the end of input.
        """
        *above, prompt = wrap(prompt, self.width())
        for line in above:
            self.stdout.write(line + "\n")
        if self.stdin is sys.stdin and self.stdout is sys.stdout:
            if self.interactive:
                _line_editing()
            # Line editing, once readline is loaded; it copes with a one-line prompt
            # only, hence the lines above written first.
            return input(prompt)
        self.stdout.write(prompt)
        self.stdout.flush()
        line = self.stdin.readline()
        if not line:
            raise EOFError
        return line.rstrip("\n")

    def say(self, line: str = "") -> None:
        """Write a message to standard output, wrapped to the width with a hanging indent."""
        for part in wrap(line, self.width()):
            self.stdout.write(part + "\n")

    def tell(self, line: str = "") -> None:
        """A message about what was done (such as "Wrote FILE") on standard error, so that
        standard output holds only what was asked for; wrapped as :meth:`say` wraps."""
        for part in wrap(line, self.width() if is_tty(self.stderr) else None):
            self.stderr.write(part + "\n")

    def write_json(self, data: object) -> None:
        """Write ``data`` as indented JSON; non-ASCII is escaped, so no control text is raw."""
        import json

        self.stdout.write(json.dumps(data, indent=2, ensure_ascii=True) + "\n")

    def warn(self, message: str) -> None:
        """One warning line on standard error."""

        # Wrapped at words for a person at a terminal; one line for a script reading it.
        self.tell(f"crackcoach: warning: {printable(message, single_line=True)}")


_editing_ready = False


def _line_editing() -> None:
    """Arrow keys, Ctrl-A/E and recall of earlier answers in typed answers.

    ``input()`` edits lines once the readline module is loaded. It is loaded
    here, only when a person is at a terminal, because it is slow to import and
    may write control codes. Answers are kept for this run only: no history
    file is written, as they are health notes.
    """
    global _editing_ready
    if _editing_ready:
        return
    _editing_ready = True
    try:
        import readline
    except ImportError:  # a Python built without it: plain input still works
        return
    if "libedit" not in (readline.__doc__ or ""):
        # Bracketed paste wraps each prompt in control codes; plain prompts read better.
        readline.parse_and_bind("set enable-bracketed-paste off")


def usable_zone() -> str | None:
    """Fall back to UTC when Python cannot use the time zone (TZ=UTC+99); what to say then.

    The process's zone is changed (TZ=UTC) so that every local time after this,
    wherever it is worked out, is UTC rather than an error.
    """
    try:
        datetime.now().astimezone()
        return None
    except (OverflowError, ValueError):
        import time

        given = os.environ.get("TZ", "")
        os.environ["TZ"] = "UTC"
        time.tzset()
        return (f"the time zone TZ={given!r} cannot be used (an offset of a day or more?); "
                "times are taken as UTC")


def from_process(environ: Mapping[str, str] = os.environ) -> Env:
    """The environment of this process: its variables, standard streams and clock."""
    problem = usable_zone()
    if problem is not None:
        sys.stderr.write(f"crackcoach: warning: {problem}\n")
    stdin_tty, stdout_tty = is_tty(sys.stdin), is_tty(sys.stdout)
    return Env(
        places=Places.from_environ(environ),
        stdin=sys.stdin,
        stdout=sys.stdout,
        stderr=sys.stderr,
        can_ask=stdin_tty,
        interactive=stdin_tty and stdout_tty and environ.get("TERM") != "dumb",
        clock=local_now,
        at_terminal=stdin_tty and stdout_tty,
        width=partial(terminal_width, sys.stdout, environ) if stdout_tty else unwrapped,
    )


def said_after_saving(env: Env, lines: list[str]) -> None:
    """Say ``lines`` about a change already saved; output that fails does not fail the command.

    The change is made: an exit status of 1 would make a retrying script make it
    twice. So a full disk or a closed terminal on standard output gets one
    warning on standard error, and the command still exits 0.
    """
    try:
        for line in lines:
            env.say(line)
        env.stdout.flush()
    except OSError as exc:
        silence(env.stdout)  # so that the last flush on the way out cannot fail again
        if isinstance(exc, BrokenPipeError):
            return  # the reader left (``| head``): nothing to say
        try:
            env.warn(f"the change was saved, but its confirmation could not be shown "
                     f"({exc.strerror or exc})")
            env.stderr.flush()
        except (OSError, ValueError):
            silence(env.stderr)
