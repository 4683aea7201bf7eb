"""What a stream is (a terminal at all, and how wide it is now), and silencing one whose
reader has gone."""

from __future__ import annotations

import os
from collections.abc import Mapping

from crackcoach.base.typenames import TYPE_CHECKING

if TYPE_CHECKING:
    from typing import TextIO


def is_tty(stream: TextIO) -> bool:
    """True when ``stream`` is a terminal (False for a closed or odd stream)."""
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def terminal_width(stream: TextIO | None, environ: Mapping[str, str] = os.environ
                   ) -> int | None:
    """The width of the terminal ``stream`` writes to, as it is now; None when unknown.

    COLUMNS wins when set, as it does for everything Rich draws. Read without
    shutil (and the fnmatch it loads), so that listing stays fast.
    """
    columns = environ.get("COLUMNS", "")
    if columns.isascii() and columns.isdigit() and int(columns) > 0:
        return int(columns)
    try:
        return os.get_terminal_size(stream.fileno()).columns or None  # type: ignore[union-attr]
    except (OSError, ValueError, AttributeError):
        return None


def silence(stream: TextIO) -> None:
    """Send further output on ``stream`` to the null device: whoever read it has gone."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, stream.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass
