"""The one way crackcoach reads a file of its own by path: a regular file, not too large.

A named pipe, a device or a socket where ``config.toml``, ``plan-state.json``,
``first-check.json``, a routine or the cache belongs would otherwise make a
command wait for ever (a pipe nobody writes to) or read without end
(``/dev/zero``). So every such file is opened without waiting
(``O_NONBLOCK``), checked to be a regular file before a byte is read, and read
only up to a size cap. The program's own state files are opened without
following a symbolic link (``O_NOFOLLOW``); files a person keeps (settings,
routines, plans) may be links. JSON is parsed with its nesting and its
numbers bounded, so a hostile file is one clear line, never a crash.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from crackcoach.base.typenames import TYPE_CHECKING

if TYPE_CHECKING:
    from typing import Any

_KINDS = ((stat.S_ISDIR, "is a folder"), (stat.S_ISFIFO, "is a named pipe"),
          (stat.S_ISSOCK, "is a socket"), (stat.S_ISCHR, "is a device"),
          (stat.S_ISBLK, "is a device"), (stat.S_ISLNK, "is a symbolic link"))
MAX_JSON_DEPTH = 32
MAX_NUMBER_DIGITS = 30
_SCANNED = 256 * 1024  # larger documents (the cache) rely on the parser's own depth limit


class Refused(Exception):
    """The file cannot be used; ``reason`` says why, in words to follow its path."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _size(limit: int) -> str:
    return f"{limit // 1024} KiB" if limit < 1024 * 1024 else f"{limit // (1024 * 1024)} MiB"


def read_bytes(path: Path, limit: int, *, follow: bool = True) -> bytes | None:
    """The bytes of the regular file at ``path``, at most ``limit``; None when there is none.

    Refused (with the reason) for anything but a regular file, a file larger
    than ``limit``, or one that cannot be read; ``follow=False`` also refuses a
    symbolic link.
    """
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOCTTY", 0)
    if not follow:
        flags |= getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        return None
    except OSError as exc:
        if not follow and os.path.islink(path):
            raise Refused("is a symbolic link, not a regular file") from None
        if isinstance(exc, IsADirectoryError):
            raise Refused("is a folder, not a regular file") from None
        raise Refused(f"cannot be read ({exc.strerror or exc})") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            kind = next((name for test, name in _KINDS if test(info.st_mode)), "is not a file")
            raise Refused(f"{kind}, not a regular file")
        if info.st_size > limit:
            raise Refused(f"is larger than {_size(limit)}")
        chunks = []
        left = limit + 1
        while left > 0:
            chunk = os.read(fd, min(left, 65536))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        data = b"".join(chunks)
    except OSError as exc:
        raise Refused(f"cannot be read ({exc.strerror or exc})") from None
    finally:
        os.close(fd)
    if len(data) > limit:
        raise Refused(f"is larger than {_size(limit)}")
    return data


def load_json(raw: bytes | str) -> Any:
    """Parse a small JSON document with bounded nesting and numbers; Refused if it is not."""
    import json

    try:
        text = raw.decode("utf-8") if isinstance(raw, bytes) else raw
    except UnicodeDecodeError:
        raise Refused("it is not UTF-8 text") from None
    if len(text) <= _SCANNED and _depth(text) > MAX_JSON_DEPTH:
        raise Refused(f"is nested more than {MAX_JSON_DEPTH} levels deep")
    try:
        return json.loads(text, parse_int=_small_int, parse_constant=_no_constant)
    except Refused:
        raise
    except (ValueError, RecursionError) as exc:
        raise Refused(f"is not valid JSON ({exc})") from None


def _small_int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_NUMBER_DIGITS:
        raise Refused(f"holds a number of {len(text)} digits")
    return int(text)


def _no_constant(name: str) -> Any:
    raise Refused(f"holds {name}, which is not a number")


def _depth(text: str) -> int:
    """The deepest nesting of brackets outside strings (a cheap pass before parsing)."""
    deepest = depth = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth -= 1
    return deepest
