"""How far a session's end drifts from its plan: absolute deadlines vs adding up sleeps.

A 10-minute routine (with a 30 s pause in the middle) is played against the
real monotonic clock sped up 60 times, so it takes about 10 real seconds.
Every redraw really renders the live view (into memory), as in a session.
The same routine is then counted down the naive way - sleep a quarter
second, subtract a quarter second - for comparison.

The figures are real milliseconds: how much later than planned + paused the
session ended on the real clock. Both errors come from per-wake-up costs
(a redraw, a late wake-up) that do not depend on the speed-up, so they are
what a session at normal speed would see: with deadlines only the last
wake-up's lateness remains; adding up sleeps keeps every one of them.

Run:  python bench/session_drift.py
"""

from __future__ import annotations

import io
import time
from datetime import datetime

from rich.console import Console

from crackcoach.routines.model import CyclePhase, Routine, Step
from crackcoach.routines.timeline import Timeline, build
from crackcoach.session.runner import REFRESH_SECONDS, Event, Runner, Snapshot
from crackcoach.views.session import render_session

SPEED = 60.0
PAUSE_AT, RESUME_AT = 200.0, 230.0


class ScaledClock:
    """The monotonic clock, running ``speed`` times faster."""

    def __init__(self, speed: float) -> None:
        self.speed = speed
        self._origin = time.monotonic()

    def now(self) -> float:
        return (time.monotonic() - self._origin) * self.speed


class ScaledKeys:
    """Waits in real time (scaled down) and presses space at the given session times."""

    def __init__(self, clock: ScaledClock, presses: list[float]) -> None:
        self.clock = clock
        self.presses = sorted(presses)

    def read(self, timeout: float | None) -> str | None:
        wait = 1.0 if timeout is None else timeout
        now = self.clock.now()
        if self.presses and self.presses[0] <= now + wait:
            at = self.presses.pop(0)
            time.sleep(max(0.0, at - now) / self.clock.speed)
            return " "
        time.sleep(wait / self.clock.speed)
        return None


def ten_minute_routine() -> Routine:
    """A back-reset-like routine of exactly 10 minutes."""
    return Routine(name="ten", title="Ten minutes", steps=(
        Step("Warm-up walk", "timed", "Walk.", prepare=5, seconds=175),
        Step("Cat-cow", "flow", "Flow.", prepare=5, seconds=60,
             cycle=(CyclePhase("exhale - round up", 6), CyclePhase("inhale - sag", 4))),
        Step("Thoracic rotation", "hold", "Turn.", prepare=5, hold=20, reps=3,
             sides=("left", "right"), switch=5, rest=10),
        Step("Foam roller", "timed", "Roll.", prepare=5, seconds=60),
        Step("Pelvic tilts", "reps", "Tilt.", prepare=5, reps=5, tempo=2, hold=5),
        Step("Knee plank", "hold", "Hold.", prepare=5, hold=20, reps=3, rest=10),
    ))


def _renderer(routine: Routine) -> tuple[Console, list[int]]:
    console = Console(file=io.StringIO(), width=100, height=30, force_terminal=True,
                      color_system="truecolor")
    return console, [0]


def deadline_drift(timeline: Timeline, routine: Routine) -> tuple[float, int]:
    """(end drift in real ms, redraws) for the real runner."""
    console, count = _renderer(routine)

    def draw(event: Event, snapshot: Snapshot) -> None:
        if event == "end":
            return
        count[0] += 1
        console.file = io.StringIO()
        console.print(render_session(routine, snapshot, 100, 30))

    clock = ScaledClock(SPEED)
    runner = Runner(timeline, clock, ScaledKeys(clock, [PAUSE_AT, RESUME_AT]),
                    wall_clock=datetime.now, listeners=[draw])
    began = time.monotonic()
    record = runner.run()
    wall = time.monotonic() - began
    return (wall - (timeline.total + record.paused_seconds) / SPEED) * 1000, count[0]


def summed_sleeps_drift(timeline: Timeline, routine: Routine) -> float:
    """End drift in real ms for a countdown that adds up its sleeps."""
    console, _ = _renderer(routine)
    clock = ScaledClock(SPEED)
    runner = Runner(timeline, clock, ScaledKeys(clock, []), wall_clock=datetime.now)
    snapshot = runner.snapshot()  # any snapshot will do: only the cost of drawing matters
    began = time.monotonic()
    for phase in timeline.phases:
        remaining = phase.seconds
        while remaining > 1e-9:
            console.file = io.StringIO()
            console.print(render_session(routine, snapshot, 100, 30))
            step = min(REFRESH_SECONDS, remaining)
            time.sleep(step / SPEED)
            remaining -= step
    wall = time.monotonic() - began
    return (wall - timeline.total / SPEED) * 1000


def measure() -> dict[str, float]:
    """Play the 10-minute routine both ways; drifts in real milliseconds."""
    routine = ten_minute_routine()
    timeline = build(routine)
    drift, redraws = deadline_drift(timeline, routine)
    return {
        "planned_seconds": timeline.total,
        "paused_seconds": RESUME_AT - PAUSE_AT,
        "speed": SPEED,
        "redraws": float(redraws),
        "deadline_drift_ms": round(drift, 1),
        "summed_sleeps_drift_ms": round(summed_sleeps_drift(timeline, routine), 1),
    }


def main() -> None:
    """Print the figures."""
    figures = measure()
    print(f"10-minute routine at {figures['speed']:g}x speed, "
          f"{figures['paused_seconds']:g} s paused, {figures['redraws']:.0f} redraws")
    print(f"  absolute deadlines: ended {figures['deadline_drift_ms']:+.1f} ms from "
          "planned + paused")
    print(f"  adding up sleeps:   ended {figures['summed_sleeps_drift_ms']:+.1f} ms from planned")


if __name__ == "__main__":
    main()
