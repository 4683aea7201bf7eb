"""Single key presses without Enter: the only module that changes terminal modes.

On POSIX the terminal is put in cbreak mode (no echo, no line editing, but
Ctrl-C still interrupts) and keys are read with ``select`` and a timeout, so
waiting for a key never spins. The previous mode is restored on the way out
in every case: a normal end, an exception, or Ctrl-C and the other signals
that :mod:`crackcoach.session.interrupts` turns into a ``KeyboardInterrupt`` while a
session runs. On Windows the console API (``msvcrt``) is polled.
When standard input is not a terminal there are no keys: reading just waits.

Ctrl-Z (SIGTSTP) and ``fg`` (SIGCONT) arrive as two pseudo-keys, so the
program acts on them in its own loop, never inside a signal handler: the
handlers only note the signal and wake :meth:`PosixKeys.read` through a pipe.
:data:`SUSPEND` comes first, so the caller can pause and leave the full screen;
the next read puts the terminal back as it was, really stops the process, and
once it runs again applies cbreak mode once more and returns :data:`CONTINUE`,
so the caller can redraw in full. :data:`CONTINUE` also comes after a stop
crackcoach could not catch (SIGSTOP).
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import FrameType

from crackcoach.base.typenames import TYPE_CHECKING

if TYPE_CHECKING:
    from typing import Any, TextIO

ENTER = "\n"
ESCAPE = "\x1b"
SUSPEND = "<suspend>"  # Ctrl-Z: the next read stops the process until `fg`
CONTINUE = "<continue>"  # the process runs again after a stop: redraw everything
_CTRL_C = "\x03"


class NoKeys:
    """A key source with no keyboard: reading waits out the timeout and returns nothing."""

    def read(self, timeout: float | None) -> str | None:
        """Sleep for ``timeout`` seconds (an hour at a time when ``None``)."""
        time.sleep(3600 if timeout is None else max(0.0, timeout))
        return None


class PosixKeys:
    """Keys from a terminal in cbreak mode; use it as a context manager.

    ``stop`` stops the process (tests pass a stand-in); by default it sends
    SIGTSTP to this process with the default action, as the terminal would.
    """

    def __init__(self, fd: int, *, stop: Callable[[], None] | None = None) -> None:
        self._fd = fd
        self._saved: list[Any] | None = None
        self._cbreak: list[Any] | None = None
        self._pending: deque[str] = deque()
        self._old_handlers: dict[int, Any] = {}
        self._stop = _stop_process if stop is None else stop
        self._wake: tuple[int, int] | None = None  # the self-pipe the signal handlers write to
        self._caught: set[str] = set()  # SUSPEND / CONTINUE seen by a handler, not yet read
        self._stopping = False  # SUSPEND was handed out: the next read stops the process

    def __enter__(self) -> PosixKeys:
        import termios

        self._saved = termios.tcgetattr(self._fd)
        mode = termios.tcgetattr(self._fd)
        mode[3] &= ~(termios.ECHO | termios.ICANON)  # lflags: keep ISIG so Ctrl-C works
        mode[6][termios.VMIN] = 1
        mode[6][termios.VTIME] = 0
        self._cbreak = mode
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
        """The next key, or ``None`` if none came within ``timeout`` seconds.

        Returns :data:`SUSPEND` after Ctrl-Z; the read after that one stops
        the process and returns :data:`CONTINUE` once it runs again.
        """
        import select

        if self._stopping:
            return self._suspend()
        signalled = self._signalled()
        if signalled is not None:
            return signalled
        if self._pending:
            return self._pending.popleft()
        watched = [self._fd] if self._wake is None else [self._fd, self._wake[0]]
        ready, _, _ = select.select(watched, [], [], timeout)
        if self._wake is not None and self._wake[0] in ready:
            _drain(self._wake[0])
            signalled = self._signalled()
            if signalled is not None:
                return signalled
        if self._fd not in ready:
            return None
        data = os.read(self._fd, 64)
        if not data:
            raise EOFError("the terminal closed")
        self._pending.extend(split_keys(data.decode("utf-8", errors="replace")))
        return self._pending.popleft() if self._pending else None

    def _signalled(self) -> str | None:
        """SUSPEND or CONTINUE if a signal handler saw one since the last read."""
        if not self._caught:
            return None
        if self._wake is not None:
            _drain(self._wake[0])
        if SUSPEND in self._caught:
            self._caught.clear()  # a SIGCONT that came with it changes nothing: we stop next
            self._pending.clear()  # as typed-ahead keys: they must not act after `fg`
            self._stopping = True
            return SUSPEND
        if CONTINUE in self._caught:
            self._caught.clear()
            self._apply(self._cbreak)  # someone else stopped us and may have reset the modes
            return CONTINUE
        return None

    def _suspend(self) -> str:
        """Give the terminal back, stop until `fg`, then take it again."""
        self._stopping = False
        self._apply(self._saved, flush=True)  # keys typed before Ctrl-Z must not act after fg
        self._stop()
        self._apply(self._cbreak)
        self._caught.clear()
        if self._wake is not None:
            _drain(self._wake[0])
        return CONTINUE

    def _apply(self, mode: list[Any] | None, *, flush: bool = False) -> None:
        import termios

        if mode is None or self._saved is None:  # not open, or already restored
            return
        with contextlib.suppress(termios.error):  # the terminal is gone: the next read says so
            termios.tcsetattr(self._fd, termios.TCSAFLUSH if flush else termios.TCSADRAIN, mode)

    def _trap_signals(self) -> None:
        """Note Ctrl-Z and `fg` for the main loop; a handler does no more than that."""
        import signal
        import threading

        if threading.current_thread() is not threading.main_thread():
            return  # only the main thread may catch signals
        if signal.getsignal(signal.SIGTSTP) == signal.SIG_IGN:
            return  # whoever started us asked for no stops: keep it that way
        read_end, write_end = os.pipe()
        for end in (read_end, write_end):
            os.set_blocking(end, False)
        self._wake = (read_end, write_end)

        def note(name: str) -> Callable[[int, FrameType | None], None]:
            def handler(signum: int, frame: FrameType | None) -> None:
                self._caught.add(name)
                with contextlib.suppress(OSError):  # a full pipe: a wake-up is waiting already
                    os.write(write_end, b"!")
            return handler

        self._old_handlers[signal.SIGTSTP] = signal.signal(signal.SIGTSTP, note(SUSPEND))
        self._old_handlers[signal.SIGCONT] = signal.signal(signal.SIGCONT, note(CONTINUE))

    def _untrap_signals(self) -> None:
        import signal

        while self._old_handlers:
            signum, handler = self._old_handlers.popitem()
            signal.signal(signum, handler)
        if self._wake is not None:
            for end in self._wake:
                os.close(end)
            self._wake = None


def _drain(fd: int) -> None:
    """Empty the non-blocking wake-up pipe."""
    try:
        while os.read(fd, 64):
            pass
    except (BlockingIOError, InterruptedError):
        pass


def _stop_process() -> None:
    """Stop this process as Ctrl-Z would; returns once it is continued (`fg` or `bg`)."""
    import signal

    ours = signal.signal(signal.SIGTSTP, signal.SIG_DFL)
    try:
        os.kill(os.getpid(), signal.SIGTSTP)
    finally:
        signal.signal(signal.SIGTSTP, ours)


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
