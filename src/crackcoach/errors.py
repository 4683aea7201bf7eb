"""The project's own errors and the exit codes they map to.

The core raises these; the command line turns each into one clear line on
standard error and its exit code. Every exit code the program uses is defined
here and nowhere else.
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_FAILURE = 1  # something went wrong: an invalid routine file, an unusable diary
EXIT_USAGE = 2  # what the person typed or gave is not acceptable
EXIT_INTERRUPTED = 130  # Ctrl-C (128 + SIGINT)
EXIT_HANGUP = 129  # the terminal went away during a session (128 + SIGHUP)


def exit_for_signal(signum: int) -> int:
    """The exit code of a command ended by signal ``signum``, as shells report it."""
    return 128 + signum


class CrackcoachError(Exception):
    """Base class: a problem the user can understand and act on."""

    exit_code = EXIT_FAILURE

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message

    def lines(self) -> list[str]:
        """What to tell the user, one line each (errors listing several problems have more)."""
        return [self.message]


class InputError(CrackcoachError):
    """Something the person gave (an option value, a name, a file to import) does not fit."""

    exit_code = EXIT_USAGE


class RoutineNotFound(InputError):
    """No routine has the requested name."""


class RoutineError(CrackcoachError):
    """A routine file cannot be used; carries one message per problem."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(problems[0] if len(problems) == 1 else "\n".join(problems))
        self.problems = problems

    def lines(self) -> list[str]:
        """One line per problem."""
        return list(self.problems)


class PlanError(RoutineError):
    """A plan file cannot be used; carries one message per problem."""


class ConfigError(RoutineError):
    """The settings file cannot be used; carries one message per problem."""


class DiaryError(CrackcoachError):
    """The diary cannot be opened, read or written."""


class DiaryBusy(DiaryError):
    """Another program held the diary's write lock for longer than the wait allowed."""


class BadValue(ValueError):
    """A typed value that does not fit; ``expected`` says what would.

    Raised by the small readers of typed text (an answer to a question, an
    option value); the caller names where the value came from.
    """

    def __init__(self, expected: str) -> None:
        super().__init__(f"expected {expected}")
        self.expected = expected


class ReaderLeft(Exception):
    """Whoever read the output went away (``crackcoach list | head``): not a failure.

    A broken pipe becomes this where something between the command and the
    entry point would otherwise turn it into a failure of its own.
    """
