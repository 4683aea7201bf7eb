"""Test doubles for time and keys: a clock that moves only when told, keys at set times."""

from __future__ import annotations

import math

CTRL_C = "<ctrl-c>"


class FakeClock:
    """A monotonic clock that only moves when told to, in whole milliseconds."""

    def __init__(self) -> None:
        self.ms = 0

    def now(self) -> float:
        return self.ms / 1000


class ScriptedKeys:
    """Key presses at fixed times; waiting moves the fake clock instead of sleeping."""

    def __init__(self, clock: FakeClock, presses: list[tuple[float, str]], *,
                 latency_ms: int = 0) -> None:
        self.clock = clock
        self.presses = sorted((round(at * 1000), key) for at, key in presses)
        self.latency_ms = latency_ms
        self.timeouts: list[float | None] = []

    def read(self, timeout: float | None) -> str | None:
        self.timeouts.append(timeout)
        assert timeout is not None, "the runner must never wait without a timeout"
        wake = self.clock.ms + max(1, math.ceil(round(timeout * 1000, 6)))
        if self.presses and self.presses[0][0] <= wake:
            at, key = self.presses.pop(0)
            self.clock.ms = max(self.clock.ms, at)
            if key == CTRL_C:
                raise KeyboardInterrupt
            return key
        self.clock.ms = wake + self.latency_ms
        return None
