"""Single key presses without Enter: the only module that changes terminal modes.

On POSIX the terminal is put in cbreak mode (no echo, no line editing, but
Ctrl-C still interrupts) and keys are read with ``select`` and a timeout, so
waiting for a key never spins. The previous mode is restored on the way out
in every case: a normal end, an exception, Ctrl-C, or SIGTERM/SIGHUP (which
are turned into ``KeyboardInterrupt`` while the keys are open, so the
restoring code runs). On Windows the console API (``msvcrt``) is polled.
When standard input is not a terminal there are no keys: reading just waits.
"""

from __future__ import annotations

import os
import sys
import time
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType
from typing import Any, TextIO

ENTER = "\n"
ESCAPE = "\x1b"
_CTRL_C = "\x03"


class NoKeys:
    """A key source with no keyboard: reading waits out the timeout and returns nothing."""

    def read(self, timeout: float | None) -> str | None:
        """Sleep for ``timeout`` seconds (an hour at a time when ``None``)."""
        time.sleep(3600 if timeout is None else max(0.0, timeout))
        return None


class PosixKeys:
    """Keys from a terminal in cbreak mode; use it as a context manager."""

    def __init__(self, fd: int) -> None:
        self._fd = fd
        self._saved: list[Any] | None = None
        self._pending: deque[str] = deque()
        self._old_handlers: dict[int, Any] = {}

    def __enter__(self) -> PosixKeys:
        import termios

        self._saved = termios.tcgetattr(self._fd)
        mode = termios.tcgetattr(self._fd)
        mode[3] &= ~(termios.ECHO | termios.ICANON)  # lflags: keep ISIG so Ctrl-C works
        mode[6][termios.VMIN] = 1
        mode[6][termios.VTIME] = 0
        self._trap_signals()
        try:
            termios.tcsetattr(self._fd, termios.TCSADRAIN, mode)
        except BaseException:
            self._untrap_signals()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        self.restore()

    def restore(self) -> None:
        """Put the terminal back as it was; keys typed but not read are dropped."""
        import termios

        try:
            if self._saved is not None:
                termios.tcsetattr(self._fd, termios.TCSAFLUSH, self._saved)
                self._saved = None
        except termios.error:  # the terminal is gone: nothing left to restore
            self._saved = None
        finally:
            self._untrap_signals()

    def read(self, timeout: float | None) -> str | None:
        """The next key, or ``None`` if none came within ``timeout`` seconds."""
        import select

        if self._pending:
            return self._pending.popleft()
        ready, _, _ = select.select([self._fd], [], [], timeout)
        if not ready:
            return None
        data = os.read(self._fd, 64)
        if not data:
            raise EOFError("the terminal closed")
        self._pending.extend(split_keys(data.decode("utf-8", errors="replace")))
        return self._pending.popleft() if self._pending else None

    def _trap_signals(self) -> None:
        import signal

        def interrupt(signum: int, frame: FrameType | None) -> None:
            raise KeyboardInterrupt

        for signum in (signal.SIGTERM, signal.SIGHUP):
            try:
                self._old_handlers[signum] = signal.signal(signum, interrupt)
            except ValueError:  # not the main thread: leave signals alone
                return

    def _untrap_signals(self) -> None:
        import signal

        while self._old_handlers:
            signum, handler = self._old_handlers.popitem()
            signal.signal(signum, handler)


class WindowsKeys:
    """Keys from the Windows console, polled a few dozen times a second."""

    def __enter__(self) -> WindowsKeys:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def read(self, timeout: float | None) -> str | None:
        """The next key, or ``None`` if none came within ``timeout`` seconds."""
        import msvcrt

        end = None if timeout is None else time.monotonic() + timeout
        while True:
            if msvcrt.kbhit():  # type: ignore[attr-defined,unused-ignore]
                key: str = msvcrt.getwch()  # type: ignore[attr-defined,unused-ignore]
                if key in ("\x00", "\xe0"):  # arrows and function keys: drop the second half
                    msvcrt.getwch()  # type: ignore[attr-defined,unused-ignore]
                    continue
                if key == _CTRL_C:
                    raise KeyboardInterrupt
                return ENTER if key == "\r" else key
            if end is not None and time.monotonic() >= end:
                return None
            time.sleep(0.03)


def split_keys(text: str) -> list[str]:
    """Turn raw terminal input into keys; escape sequences (arrows...) are dropped whole."""
    keys: list[str] = []
    index = 0
    while index < len(text):
        char = text[index]
        if char == ESCAPE:
            index = _skip_escape(text, index)
            continue
        if char == _CTRL_C:
            raise KeyboardInterrupt
        keys.append(ENTER if char == "\r" else char)
        index += 1
    return keys


def _skip_escape(text: str, index: int) -> int:
    """Index just past the escape sequence starting at ``index``."""
    index += 1
    if index < len(text) and text[index] in "[O":
        index += 1
        while index < len(text) and not ("@" <= text[index] <= "~"):
            index += 1
        return index + 1
    return index


@contextmanager
def open_keys(stream: TextIO | None = None) -> Iterator[PosixKeys | WindowsKeys | NoKeys]:
    """Keys from ``stream`` (standard input by default) for the duration of a ``with``."""
    stream = sys.stdin if stream is None else stream
    try:
        interactive = stream.isatty()
        fd = stream.fileno()
    except (AttributeError, OSError, ValueError):
        interactive = False
    if not interactive:
        yield NoKeys()
    elif sys.platform == "win32":
        with WindowsKeys() as keys:
            yield keys
    else:
        with PosixKeys(fd) as posix_keys:
            yield posix_keys
