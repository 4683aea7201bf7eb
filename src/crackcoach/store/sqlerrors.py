"""SQLite's errors as one line a person can act on, naming the diary file."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from crackcoach.errors import DiaryBusy, DiaryError

BUSY_TIMEOUT_SECONDS = 30.0
# SQLite's errors cannot tell a full disk from other I/O errors; less free space than this can.
_NEARLY_FULL_BYTES = 1024 * 1024


@contextmanager
def reported(path: Path, doing: str) -> Iterator[None]:
    """Turn SQLite's errors into a DiaryError that names the file."""
    try:
        yield
    except sqlite3.DatabaseError as exc:
        if is_busy(exc):
            raise DiaryBusy(explain(path, doing, exc)) from None
        raise DiaryError(explain(path, doing, exc)) from None


def is_busy(exc: sqlite3.Error) -> bool:
    """True when another connection held the lock for longer than the busy timeout."""
    text = str(exc)
    return isinstance(exc, sqlite3.OperationalError) and ("locked" in text or "busy" in text)


def explain(path: Path, doing: str, exc: sqlite3.Error) -> str:
    text = str(exc)
    if _disk_full(path, exc):
        return (f"cannot {doing} the diary {path}: the disk is full ({text}); nothing was "
                "changed: free some space and try again")
    if isinstance(exc, sqlite3.OperationalError):
        if "locked" in text or "busy" in text:
            return (f"cannot {doing} the diary {path}: another program kept it busy for "
                    f"more than {BUSY_TIMEOUT_SECONDS:g} s; try again")
        if "readonly" in text or "unable to open" in text:
            return (f"cannot {doing} the diary {path}: the file or its folder is not "
                    f"writable ({text}); check the permissions of {path.parent}")
        return f"cannot {doing} the diary {path}: {text}"
    if isinstance(exc, sqlite3.IntegrityError):
        return f"cannot {doing} the diary {path}: {text}"
    return (f"the diary {path} is damaged or is not a database ({text}); it was left "
            "untouched: move it aside to start a new diary, or put back a backup")


def _disk_full(path: Path, exc: sqlite3.Error) -> bool:
    """True for a write or journal error on a disk with (almost) no space left."""
    name = getattr(exc, "sqlite_errorname", "")
    if not (name == "SQLITE_FULL" or name.startswith("SQLITE_IOERR")):
        return False
    try:
        info = os.statvfs(path.parent)
    except (OSError, AttributeError):  # no statvfs on Windows
        return name == "SQLITE_FULL"
    return info.f_bavail * info.f_frsize < _NEARLY_FULL_BYTES
