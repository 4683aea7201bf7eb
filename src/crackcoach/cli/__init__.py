"""The ``crackcoach`` command: one entry point and one place where errors become messages.

Commands live in the modules beside this one; each parses its options, calls
the core, and hands the result to a view. This function turns the core's
errors and the option parser's errors into one line on standard error with
the right exit code, so no traceback ever reaches a user.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

from crackcoach.errors import (
    EXIT_INTERRUPTED,
    CrackcoachError,  # tiny, imports nothing
)


def _say_error(*messages: str) -> None:
    """One ``crackcoach: error:`` line per message.

    A newline inside a message can only come from something the user typed
    (e.g. ``--at $'x\\ny'``); it is shown as ``\\n`` so that one error stays one line.
    """
    from crackcoach.textsafe import printable

    for message in messages:
        one_line = message.replace("\r\n", "\n").replace("\n", "\\n")
        sys.stderr.write(f"crackcoach: error: {printable(one_line)}\n")


def report(exc: CrackcoachError) -> int:
    """Say what went wrong (one line per problem it lists) and return the exit status."""
    _say_error(*exc.lines())
    return exc.exit_code


def main(argv: Sequence[str] | None = None) -> None:
    """Run the command line and exit with its status."""
    args = list(sys.argv[1:] if argv is None else argv)
    if args == ["--version"] or args == ["-V"]:
        # Answer without loading the command parser: this is the hottest path.
        from crackcoach import __version__

        sys.stdout.write(f"crackcoach {__version__}\n")
        sys.exit(0)
    sys.exit(run(args))


def run(args: list[str]) -> int:
    """Run one command and return its exit status."""
    from crackcoach.cli.fastpath import resolve

    try:
        direct = resolve(args)
        if direct is not None:
            return direct()
        from crackcoach.cli.app import build_app

        result = build_app()(args=args, prog_name="crackcoach", standalone_mode=False)
        return int(result) if isinstance(result, int) else 0
    except CrackcoachError as exc:
        return report(exc)
    except (KeyboardInterrupt, EOFError):
        return _interrupted()
    except BrokenPipeError:
        # The reader went away (e.g. `crackcoach list | head`): not an error.
        from crackcoach.cli.common import silence_stdout

        silence_stdout()
        return 0
    except Exception as exc:
        status = _parser_outcome(exc)
        if status is not None:
            return status
        # A bug: say so in one line, and keep the details for debugging.
        if os.environ.get("CRACKCOACH_DEBUG"):
            raise
        _say_error(f"unexpected internal error ({type(exc).__name__}: {exc}); "
                   "run again with CRACKCOACH_DEBUG=1 to see the details")
        return 1


def _interrupted() -> int:
    sys.stderr.write("\ncrackcoach: interrupted\n")
    return EXIT_INTERRUPTED


def _parser_outcome(exc: Exception) -> int | None:
    """The exit status for the option parser's own exceptions; None for anything else."""
    if "typer" not in sys.modules:  # the parser never ran, so it raised nothing
        return None
    import typer

    try:
        from typer._click.exceptions import ClickException
    except ImportError:  # Typer releases built on the click package
        from click.exceptions import ClickException  # type: ignore[no-redef,import-not-found,assignment,unused-ignore]
    if isinstance(exc, typer.Exit):
        return int(exc.exit_code)
    if isinstance(exc, typer.Abort):
        return _interrupted()
    if not isinstance(exc, ClickException):
        return None
    if type(exc).__name__ == "NoArgsIsHelpError":
        sys.stdout.write(exc.ctx.get_help() + "\n")  # type: ignore[attr-defined]
        return 0
    _say_error(_usage_message(exc))
    return int(exc.exit_code)


def _usage_message(exc: Exception) -> str:
    message = " ".join(str(getattr(exc, "format_message", lambda: exc)()).split())
    ctx = getattr(exc, "ctx", None)
    if ctx is not None:
        message += f" (see '{ctx.command_path} --help')"
    return message
