"""The project's own errors.

The core raises these; the command line turns each into one clear line on
standard error and an exit code (2 for bad usage or input, 1 for a failure).
"""

from __future__ import annotations

EXIT_FAILURE = 1
EXIT_USAGE = 2


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


class UsageError(CrackcoachError):
    """The user asked for something malformed or out of range."""

    exit_code = EXIT_USAGE


class RoutineNotFound(UsageError):
    """No routine has the requested name."""


class RoutineError(CrackcoachError):
    """A routine file cannot be used; carries one message per problem."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(problems[0] if len(problems) == 1 else "\n".join(problems))
        self.problems = problems

    def lines(self) -> list[str]:
        """One line per problem."""
        return list(self.problems)


class StoreError(CrackcoachError):
    """The diary database cannot be opened, read or written."""
