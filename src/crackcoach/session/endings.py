"""How every command ends on a signal: the ending signals raise, for the whole command.

Kept apart from :mod:`crackcoach.session.interrupts` and built on the ``_signal``
module (``signal`` loads ``enum``): ``log`` is timed, and every command
installs these handlers before it does anything else.
"""

from __future__ import annotations

import _signal  # type: ignore[import-not-found]  # the C module, without enum
from types import FrameType

ENDING_SIGNALS = tuple(getattr(_signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP",
                                                           "SIGQUIT")
                       if hasattr(_signal, name))
SIGINT = int(_signal.SIGINT)

received: int | None = None  # the first ending signal the command got


class Ended(KeyboardInterrupt):
    """A signal ended what was running; ``signum`` says which."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def raise_on_ending_signals() -> None:
    """For the whole command: each ending signal raises :class:`Ended` where the program is.

    So every command ends the same way on any of them: ``finally`` blocks remove
    working files and put the terminal back (line editing restores echo and
    cooked mode), and the exit status is 128 + the signal. A signal the
    command was started with ignored (``nohup``) stays ignored.
    """
    for signum in ENDING_SIGNALS:
        try:
            if _signal.getsignal(signum) == _signal.SIG_IGN:
                continue
            _signal.signal(signum, _raise_ended)
        except (ValueError, OSError):  # not the main thread
            return


def _raise_ended(signum: int, frame: FrameType | None) -> None:
    global received
    if received is None:
        received = signum
    raise Ended(signum)
