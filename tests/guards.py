"""Test helpers for the attacker's cases: no hanging on pipes, and file modes that apply."""

from __future__ import annotations

import os
import shutil
import signal
from collections.abc import Iterator
from contextlib import contextmanager

import pytest


def unprivileged_prefix() -> list[str]:
    """A command prefix under which file modes apply, even to root (empty for other users).

    root ignores file modes, so as root the child runs without the capabilities
    that let it (setpriv, from util-linux); the test is skipped without setpriv.
    """
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without setpriv: file modes cannot apply")
    caps = "-dac_override,-dac_read_search,-fowner"
    return [setpriv, f"--inh-caps={caps}", f"--bounding-set={caps}"]


@contextmanager
def no_waiting(seconds: int = 10) -> Iterator[None]:
    """Fail, instead of hanging the suite, if the block waits on a pipe or a device."""
    def stop(*_: object) -> None:
        raise TimeoutError("waited on a pipe or a device")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
