"""The signals that end a session early, turned into something a session can finish on.

Ctrl-C (SIGINT), Ctrl-\\ (SIGQUIT), ``kill`` (SIGTERM) and a closed terminal
(SIGHUP) would otherwise end the process where it stands: the session just
done would be lost, and the terminal left in the mode the key reader set.
While :class:`Interrupts` is open each of them raises :class:`Ended` instead
(a ``KeyboardInterrupt``, so every ``finally`` and ``with`` on the way restores
what it changed), and the session is saved as interrupted. Inside
:meth:`Interrupts.shielded` a signal only waits: a diary write is never cut in
half, and the signal acts as soon as the write is done.
"""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType, TracebackType

from crackcoach.base.typenames import TYPE_CHECKING
from crackcoach.session.endings import ENDING_SIGNALS, Ended

if TYPE_CHECKING:
    from typing import Any

__all__ = ["ENDING_SIGNALS", "Ended", "Interrupts"]


class Interrupts:
    """While open (``with``), the ending signals raise :class:`Ended`; the first is kept."""

    def __init__(self) -> None:
        self.received: int | None = None
        self._old: dict[int, Any] = {}
        self._shield = 0
        self._waiting: int | None = None

    def __enter__(self) -> Interrupts:
        for signum in ENDING_SIGNALS:
            try:
                self._old[signum] = signal.signal(signum, self._handle)
            except ValueError:  # not the main thread: signals cannot be caught here
                break
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 tb: TracebackType | None) -> None:
        while self._old:
            signum, handler = self._old.popitem()
            signal.signal(signum, handler)

    def _handle(self, signum: int, frame: FrameType | None) -> None:
        if self.received is None:
            self.received = signum
        if self._shield:
            self._waiting = signum
            return
        raise Ended(signum)

    def hold(self) -> None:
        """From now on a signal only waits, until :meth:`release`."""
        self._shield += 1

    def release(self) -> int | None:
        """End :meth:`hold`; the signal that waited meanwhile, if any (it does not act)."""
        self._shield = max(0, self._shield - 1)
        signum, self._waiting = self._waiting, None
        return signum

    @contextmanager
    def shielded(self) -> Iterator[None]:
        """Let a signal wait until the block is done, then act on it."""
        self._shield += 1
        try:
            yield
        finally:
            self._shield -= 1
        if not self._shield and self._waiting is not None:
            signum, self._waiting = self._waiting, None
            raise Ended(signum)
