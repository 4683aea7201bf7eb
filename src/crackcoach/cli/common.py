"""Helpers shared by several commands; no Typer here, so fast paths can use them too."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

from crackcoach.errors import InputError


def routine_folders(extra: list[Path] | None) -> list[Any]:
    """Built-in, user and extra routine folders, lowest precedence first."""
    from crackcoach import paths
    from crackcoach.library import Folder

    folders = [Folder(paths.builtin_routines_dir(), builtin=True),
               Folder(paths.user_routines_dir())]
    for folder in extra or []:
        if not folder.is_dir():
            raise InputError(f"--routines-dir {folder}: no such folder")
        folders.append(Folder(folder))
    return folders


def print_json(data: Any) -> None:
    """Write ``data`` as indented JSON; non-ASCII is escaped, so no control text is raw."""
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=True) + "\n")


def warn(message: str) -> None:
    """One warning line on standard error."""
    from crackcoach.textsafe import printable

    sys.stderr.write(f"crackcoach: warning: {printable(message, single_line=True)}\n")


def silence_stdout() -> None:
    """Send further output to the null device: whoever read it has gone (``| head``)."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def is_interactive() -> bool:
    """True when both standard input and output are terminals."""
    return sys.stdin.isatty() and sys.stdout.isatty() and os.environ.get("TERM") != "dumb"
