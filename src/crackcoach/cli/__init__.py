"""The ``crackcoach`` command: one entry point, and the one place where errors become messages.

:func:`main` builds the environment once (:func:`crackcoach.app.env.from_process`),
hands the words to the fast path (:mod:`crackcoach.cli.fast`) or to Typer
(:mod:`crackcoach.cli.commands`), and turns the core's errors, the parser's
errors and a screen that went away into one line on standard error with the
right exit code (all of them in :mod:`crackcoach.errors`), so no traceback ever
reaches a user.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sys
from collections.abc import Sequence

from crackcoach import __version__
from crackcoach.base.terminal import is_tty, silence
from crackcoach.base.textsafe import printable
from crackcoach.base.wrap import wrap
from crackcoach.errors import (
    EXIT_FAILURE,
    EXIT_INTERRUPTED,
    EXIT_OK,
    CrackcoachError,
    ReaderLeft,
)
from crackcoach.session import endings
from crackcoach.session.endings import raise_on_ending_signals

# typing costs start-up time that --version should not pay: the name alone guards the
# imports only a type checker reads.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from crackcoach.app.env import Env

# Errors writing to the screen itself rather than to a file: a full disk behind a
# redirection, a terminal that was closed.
_OUTPUT_ERRNOS = {errno.ENOSPC, errno.EIO, errno.EDQUOT, errno.EFBIG, errno.EBADF}
# Set by the completion scripts of 'crackcoach --install-completion' (Typer's naming).
COMPLETE_VARIABLE = "_CRACKCOACH_COMPLETE"
# Commands that may change the diary: with a sync-folder setting, they sync when done.
CHANGING = frozenset(("start", "log", "edit", "delete", "undo", "done", "import", "cleared",
                      "activity", "plan"))


def main(argv: Sequence[str] | None = None) -> None:
    """Run the command line and exit with its status."""
    args = list(sys.argv[1:] if argv is None else argv)
    if sys.stdout is None or sys.stderr is None:  # started with >&- or 2>&-
        _closed_output()

    raise_on_ending_signals()
    if args == ["--version"] or args == ["-V"]:
        # Answer without loading the command parser: this is the hottest path.
        sys.exit(_finish(_write_version(__version__)))
    if COMPLETE_VARIABLE in os.environ:
        _complete()  # exits when it could answer
    sys.exit(_finish(run(args)))


def _complete() -> None:
    """Answer the shell's completion request without the command parser, then exit."""
    from crackcoach.cli.complete import answer, fish_has_values

    try:
        if os.environ.get("_TYPER_COMPLETE_FISH_ACTION") == "is-args":
            sys.exit(EXIT_OK if fish_has_values(os.environ, COMPLETE_VARIABLE) else
                     EXIT_FAILURE)
        text = answer(os.environ, COMPLETE_VARIABLE)
    except (OSError, ValueError):  # completion never prints an error into the shell
        sys.exit(EXIT_OK)
    if text is not None:
        with contextlib.suppress(OSError):
            sys.stdout.write(text + ("\n" if text else ""))
            sys.stdout.flush()
        sys.exit(EXIT_OK)


def _write_version(version: str) -> int:
    try:
        sys.stdout.write(f"crackcoach {version}\n")
    except OSError as exc:
        return _output_failed(exc)
    return EXIT_OK


def run(args: list[str], *, fast_path: bool = True) -> int:
    """Run one command and return its exit status (``fast_path=False``: always through Typer).

    Output of a command that only shows something, to a terminal, is held and
    then paged when it is taller than the screen (:mod:`crackcoach.base.pager`).
    """
    _tolerate_odd_encodings()
    if args[:1] == ["help"]:  # crackcoach help [COMMAND]: that command's --help
        args = [*args[1:2], "--help"]
    if "--no-pager" in args:
        args = [word for word in args if word != "--no-pager"]
    elif is_tty(sys.stdout) and COMPLETE_VARIABLE not in os.environ:
        from crackcoach.app.env import Places
        from crackcoach.base import pager  # reads the settings: not for --version

        spool = pager.spool(args, sys.stdout, os.environ,
                            Places.from_environ(os.environ).config_path)
        if spool is not None:
            sys.stdout = spool
            try:
                return _run(args, fast_path)
            finally:
                sys.stdout = spool.terminal
                with contextlib.suppress(BrokenPipeError):
                    pager.show(spool.getvalue(), spool.terminal, os.environ)
    return _run(args, fast_path)



def _run(args: list[str], fast_path: bool) -> int:
    try:
        from crackcoach.app.env import from_process
        from crackcoach.cli.fast import resolve

        # The shell asking for completions runs us with no words: the full parser answers.
        completing = COMPLETE_VARIABLE in os.environ
        direct = resolve(args) if fast_path and not completing else None
        env = from_process()
        if direct is not None:
            return _synced(env, args, direct(env))
        from crackcoach.cli.commands import build_app, command_names

        # A known command first: only that one is built (see build_app).
        only = args[0] if args and args[0] in command_names() and not completing else None
        listing = args in (["--help"], ["-h"])  # the list of commands: none of them runs
        result = build_app(only, listing_only=listing)(args=args, prog_name="crackcoach",
                                                        standalone_mode=False, obj=env)
        status = int(result) if isinstance(result, int) else EXIT_OK
        # The parser turns any KeyboardInterrupt into 130: say which signal it was.
        if status == EXIT_INTERRUPTED and endings.received is not None:
            return _interrupted(endings.Ended(endings.received))
        return _synced(env, args, status)
    except CrackcoachError as exc:
        return report(exc)
    except (KeyboardInterrupt, EOFError) as exc:
        return _interrupted(exc)
    except (BrokenPipeError, ReaderLeft):
        return _reader_gone()
    except Exception as exc:
        outcome = _parser_outcome(exc)
        if outcome is not None:
            return outcome
        if isinstance(exc, OSError) and exc.filename is None and exc.errno in _OUTPUT_ERRNOS:
            return _output_failed(exc)
        return _bug(exc)


def _may_change(args: list[str]) -> bool:
    """Whether ``crackcoach ARGS`` may have changed what is synced (not only shown it)."""
    if not args or args[0] not in CHANGING or {"--help", "-h", "--dry-run"} & set(args):
        return False
    command, words = args[0], args[1:]
    if command == "plan":  # shows, previews or checks, unless it starts or stops a plan
        return "--stop" in words or (
            any(not word.startswith("-") for word in words)
            and not {"--preview", "--check", "--json"} & {w.partition("=")[0] for w in words})
    if command == "activity":  # list (or nothing) only shows
        return bool(words) and words[0] != "list"
    return True


def _synced(env: Env, args: list[str], status: int) -> int:
    """After a command that changed the diary: sync, when a sync folder is set."""
    if status != EXIT_OK or not _may_change(args):
        return status
    try:  # the quick look first: `log` is timed, and most people never set a sync folder
        with open(env.places.config_path, encoding="utf-8", errors="replace") as settings:
            if "sync-folder" not in settings.read(1 << 16):
                return status
    except OSError:
        return status
    from crackcoach.app.sync import after_change

    after_change(env)
    return status


def _finish(status: int) -> int:
    """Flush what is still buffered; a screen that fails now still gets one clear line."""
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        return _reader_gone()
    except OSError as exc:
        return _output_failed(exc) if status == EXIT_OK else status
    return status


def report(exc: CrackcoachError) -> int:
    """Say what went wrong (one line per problem it lists) and return the exit status."""
    _say_error(*exc.lines())
    return exc.exit_code


def _say_error(*messages: str) -> None:
    """One ``crackcoach: error:`` line per message.

    A newline inside a message can only come from something the user typed
    (e.g. ``--at $'x\\ny'``); it is shown as ``\\n`` so that one error stays one line.
    """

    width = _error_width()
    for message in messages:
        one_line = message.replace("\r\n", "\n").replace("\n", "\\n")
        try:
            if width is None:
                sys.stderr.write(f"crackcoach: error: {printable(one_line)}\n")
            else:  # a person reads it: wrapped at words, later lines indented

                for line in wrap(f"crackcoach: error: {printable(one_line)}", width):
                    sys.stderr.write(line + "\n")
            sys.stderr.flush()
        except (OSError, ValueError):  # nowhere left to say it
            return


def _error_width() -> int | None:
    """The width to wrap errors at: the terminal's when standard error is one (COLUMNS wins),
    else None: a script reading them gets each error on one line."""
    if not is_tty(sys.stderr):
        return None
    columns = os.environ.get("COLUMNS", "")
    if columns.isascii() and columns.isdigit() and int(columns) > 0:
        return int(columns)
    try:
        return os.get_terminal_size(sys.stderr.fileno()).columns or None
    except (OSError, ValueError, AttributeError):
        return None


def _interrupted(exc: BaseException | None = None) -> int:
    """Ctrl-C, end of input, or a signal ended the command: 128 + the signal."""
    with contextlib.suppress(OSError, ValueError):
        sys.stderr.write("\ncrackcoach: interrupted\n")
    signum = getattr(exc, "signum", None)
    return 128 + signum if isinstance(signum, int) else EXIT_INTERRUPTED


def _reader_gone() -> int:
    """Whoever read the output went away (``crackcoach list | head``): stop quietly."""
    silence(sys.stdout)
    return EXIT_OK


def _output_failed(exc: OSError) -> int:
    silence(sys.stdout)  # so that the interpreter's own last flush cannot fail again
    _say_error(f"cannot write the output: {exc.strerror or exc}")
    return EXIT_FAILURE


def _closed_output() -> None:
    """Give a closed standard output or error a place to go, and say so if we can."""
    devnull = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 - lives as long as we do
    if sys.stderr is None:
        sys.stderr = devnull
    if sys.stdout is None:
        sys.stdout = devnull
        _say_error("standard output is closed; run the command with somewhere to write to")
        sys.exit(EXIT_FAILURE)


def _tolerate_odd_encodings() -> None:
    """Never fail on a character the terminal's encoding lacks (LC_ALL=C, ascii).

    Typed bytes that are not text in the terminal's encoding reach the answer
    readers as lone surrogates, which they refuse with the valid range, so one
    stray byte does not cost the answers already given.
    """
    for stream, errors in ((sys.stdout, "backslashreplace"), (sys.stderr, "backslashreplace"),
                           (sys.stdin, "surrogateescape")):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(OSError, ValueError):
                reconfigure(errors=errors)


def _bug(exc: Exception) -> int:
    """A bug: say so in one line, and keep the details for debugging."""
    if os.environ.get("CRACKCOACH_DEBUG"):
        raise exc
    _say_error(f"unexpected internal error ({type(exc).__name__}: {exc}); "
               "run again with CRACKCOACH_DEBUG=1 to see the details")
    return EXIT_FAILURE


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
        return _interrupted(exc.__cause__ or exc.__context__)
    if not isinstance(exc, ClickException):
        return None
    if type(exc).__name__ == "NoArgsIsHelpError":
        sys.stdout.write(exc.ctx.get_help() + "\n")  # type: ignore[attr-defined]
        return EXIT_OK
    _say_error(_usage_message(exc))
    return int(exc.exit_code)


def _usage_message(exc: Exception) -> str:
    message = " ".join(str(getattr(exc, "format_message", lambda: exc)()).split())
    # A byte that is not UTF-8 reaches the parser as a lone surrogate, which it shows as
    # '\udcff': say it as the byte it was.
    import re

    message = re.sub(r"\\udc([89a-f][0-9a-f])", r"\\x\1", message)
    ctx = getattr(exc, "ctx", None)
    if ctx is not None:
        message += f" (see '{ctx.command_path} --help')"
    return message
