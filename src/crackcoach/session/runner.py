"""Play a timeline against a clock and a stream of key presses.

The runner owns all session timing and nothing else: it never draws and never
touches the terminal. Every phase ends at an absolute deadline on a monotonic
clock, and the next phase starts at that deadline rather than at the moment
the loop happened to wake up, so time lost to slow redraws never adds up.
Pausing moves the current deadline by the time spent paused.

Ctrl-Z reaches the runner as the :data:`~crackcoach.session.keys.SUSPEND` key: it
pauses the session (as space does) and tells the listeners, so the view can
leave the screen before the key source stops the process. After ``fg`` the
:data:`~crackcoach.session.keys.CONTINUE` key asks the listeners for a full redraw; the
session stays paused until space, so the person can get back into position.

Listeners (the live view, the plain printer, the bell) are called with an
event name and an immutable :class:`Snapshot` of the state; they hold no
timing logic of their own.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal, Protocol

from crackcoach.diary.records import Outcome, SessionRecord
from crackcoach.routines.timeline import Phase, Timeline
from crackcoach.session.keys import CONTINUE, SUSPEND

Event = Literal["start", "phase", "tick", "pause", "resume", "skip", "back", "help",
                "suspend", "continue", "end"]
Listener = Callable[[Event, "Snapshot"], None]

REFRESH_SECONDS = 0.25  # a few redraws a second while the clock runs
PAUSED_REFRESH_SECONDS = 1.0  # while paused only the paused time changes
BACK_WINDOW_SECONDS = 1.5  # a second `b` within this goes to the previous step

KEY_PAUSE = frozenset({" ", "p"})
KEY_NEXT = frozenset({"n"})
KEY_BACK = frozenset({"b"})
KEY_QUIT = frozenset({"q"})
KEY_STOP = frozenset({"x"})  # "this hurts": ends the session as stopped, at the step it hurt
KEY_HELP = frozenset({"?", "h"})


class Clock(Protocol):
    """A monotonic clock in seconds; only differences between readings matter."""

    def now(self) -> float:
        """The current reading."""
        ...


class KeySource(Protocol):
    """Where key presses come from."""

    def read(self, timeout: float | None) -> str | None:
        """Wait at most ``timeout`` seconds (``None``: forever) for a key; ``None`` if none came."""
        ...


class MonotonicClock:
    """The real clock: :func:`time.monotonic`, which never jumps when the wall clock is set."""

    def now(self) -> float:
        """Seconds on the monotonic clock."""
        return time.monotonic()


@dataclass(frozen=True)
class Snapshot:
    """Everything a view may show about a session at one moment."""

    title: str
    phase: Phase | None
    phase_index: int
    phase_count: int
    next_phase: Phase | None
    step_number: int  # counts from 1
    step_count: int
    remaining: float  # seconds left in the current phase
    phase_began: float  # active session seconds when the current phase began
    elapsed: float  # active session seconds (pauses excluded)
    position: float  # how far along the planned timeline the session is, in seconds
    total: float  # planned length of the session in seconds
    paused: bool
    paused_seconds: float
    help_visible: bool
    finished: bool
    outcome: Outcome | None
    suspended: bool = False  # paused by Ctrl-Z and not resumed since

    @property
    def phase_fraction(self) -> float:
        """How much of the current phase is done, 0 to 1."""
        if self.phase is None or self.phase.seconds <= 0:
            return 1.0
        return min(1.0, max(0.0, 1 - self.remaining / self.phase.seconds))

    @property
    def session_fraction(self) -> float:
        """How much of the planned session is done, 0 to 1."""
        return 1.0 if self.total <= 0 else min(1.0, max(0.0, self.position / self.total))

    @property
    def session_left(self) -> float:
        """Planned seconds left in the session from here."""
        return max(0.0, self.total - self.position)


class Runner:
    """Plays one timeline; call :meth:`run` once and get the session record back."""

    def __init__(
        self,
        timeline: Timeline,
        clock: Clock,
        keys: KeySource,
        *,
        wall_clock: Callable[[], datetime],
        listeners: Sequence[Listener] = (),
        refresh: float = REFRESH_SECONDS,
    ) -> None:
        if not timeline.phases:
            raise ValueError("a timeline without phases cannot be played")
        self.timeline = timeline
        self.listeners: list[Listener] = list(listeners)
        self.record: SessionRecord | None = None
        self._clock = clock
        self._keys = keys
        self._wall_clock = wall_clock
        self._refresh = refresh
        self._step_count = len(timeline.steps)
        self._started_wall: datetime | None = None
        self._t0 = 0.0
        self._index = 0
        self._deadline = 0.0
        self._phase_began = 0.0
        self._paused_at: float | None = None
        self._paused_total = 0.0
        self._last_back: float | None = None
        self._help = False
        self._suspended = False  # paused by Ctrl-Z; cleared when the clock runs again
        self._stopped = False  # between Ctrl-Z and `fg`: nothing is drawn
        self._done = False
        self._quit = False
        self._stopped_in: str | None = None  # the step during which x was pressed
        self._completed: set[int] = set()
        self._skipped: set[int] = set()
        self._outcome: Outcome | None = None

    # -- playing -----------------------------------------------------------------------

    def run(self) -> SessionRecord:
        """Play the whole timeline and return what happened.

        Ctrl-C (``KeyboardInterrupt``) and a lost terminal end the session as
        "interrupted" and still return a record. Any other exception also
        leaves a record in :attr:`record` before it propagates.
        """
        try:
            self._begin()
            while not self._done:
                self._step()
        except (KeyboardInterrupt, EOFError):
            return self._finish("interrupted")
        except BaseException:
            self._finish("interrupted")
            raise
        if self._stopped_in is not None:
            return self._finish("stopped")
        return self._finish("quit" if self._quit else "completed")

    def _step(self) -> None:
        """One turn of the loop: end passed phases, redraw, wait for a key or the next tick."""
        now = self._clock.now()
        self._catch_up(now)
        if self._done:
            return
        if not self._stopped:
            self._emit("tick")
        # Measure again after drawing, so a slow redraw shortens the wait instead of
        # making this wake-up late.
        key = self._keys.read(self._wait(self._clock.now()))
        if key is not None:
            self._press(key.lower() if len(key) == 1 else key)

    def snapshot(self) -> Snapshot:
        """The state right now, for a view."""
        return self._snapshot(self._clock.now())

    def _begin(self) -> None:
        self._started_wall = self._wall_clock()
        self._t0 = self._clock.now()
        self._enter(0, self._t0)
        self._emit("start")
        self._emit("phase")

    def _enter(self, index: int, at: float) -> None:
        """Make phase ``index`` current, starting (or waiting, if paused) at ``at``."""
        self._index = index
        self._deadline = at + self.timeline.phases[index].seconds
        self._phase_began = self._active(at)

    def _catch_up(self, now: float) -> None:
        """End every phase whose deadline has passed; each next one starts at that deadline."""
        while not self._done and self._paused_at is None and now >= self._deadline:
            ended = self.timeline.phases[self._index]
            if self._is_last_of_step(self._index):
                self._completed.add(ended.step_index)
                self._skipped.discard(ended.step_index)
            if self._index + 1 >= len(self.timeline.phases):
                self._done = True
                return
            self._enter(self._index + 1, self._deadline)
            self._emit("phase")

    def _wait(self, now: float) -> float:
        """How long to wait for a key: until the next redraw or the deadline, if sooner."""
        if self._paused_at is not None:
            return PAUSED_REFRESH_SECONDS
        remaining = self._deadline - now
        # Wake when the remaining time crosses a multiple of the refresh interval, so
        # the whole seconds shown change on time and the redraws stay evenly spaced.
        below = math.ceil(round(remaining / self._refresh, 9)) - 1
        wait = remaining - below * self._refresh
        return max(0.0, min(wait, remaining))

    # -- keys ---------------------------------------------------------------------------

    def _press(self, key: str) -> None:
        now = self._clock.now()
        self._catch_up(now)  # a key that comes just after a deadline acts on the new phase
        if self._done:
            return
        if key == SUSPEND:
            self._suspend(now)
        elif key == CONTINUE:
            self._stopped = False
            self._emit("continue")
        elif key in KEY_PAUSE:
            self._toggle_pause(now)
        elif key in KEY_NEXT:
            self._skip(now)
        elif key in KEY_BACK:
            self._back(now)
        elif key in KEY_STOP:
            self._stopped_in = self.timeline.phases[self._index].step_name
            self._done = True
        elif key in KEY_QUIT:
            self._quit = True
            self._done = True
        elif key in KEY_HELP:
            self._help = not self._help
            self._emit("help")

    def _toggle_pause(self, now: float) -> None:
        if self._paused_at is None:
            self._paused_at = now
            self._emit("pause")
        else:
            self._resume(now)
            self._emit("resume")

    def _suspend(self, now: float) -> None:
        """Ctrl-Z: pause (if not paused already) before the process stops."""
        if self._paused_at is None:
            self._paused_at = now
        self._suspended = True
        self._stopped = True
        self._emit("suspend")

    def _resume(self, now: float) -> None:
        self._suspended = False
        if self._paused_at is not None:
            paused = now - self._paused_at
            self._deadline += paused
            self._paused_total += paused
            self._paused_at = None

    def _skip(self, now: float) -> None:
        """Leave the current step for the first phase of the next one."""
        step = self.timeline.phases[self._index].step_index
        if step not in self._completed:
            self._skipped.add(step)
        following = next((i for i in range(self._index + 1, len(self.timeline.phases))
                          if self.timeline.phases[i].step_index != step), None)
        if following is None:
            self._done = True
            return
        self._enter(following, self._reference(now))
        self._emit("skip")
        self._emit("phase")

    def _back(self, now: float) -> None:
        """Restart the current step; a quick second press goes to the previous step."""
        step = self.timeline.phases[self._index].step_index
        quick = self._last_back is not None and now - self._last_back <= BACK_WINDOW_SECONDS
        self._last_back = now
        target = step
        if quick:
            earlier = [p.step_index for p in self.timeline.phases if p.step_index < step]
            target = earlier[-1] if earlier else step
        index = self.timeline.first_phase_of_step(target)
        assert index is not None  # the target step has phases by construction
        self._enter(index, self._reference(now))
        self._emit("back")
        self._emit("phase")

    def _reference(self, now: float) -> float:
        """When a phase entered now really starts: at once, or on resume while paused."""
        return self._paused_at if self._paused_at is not None else now

    # -- state --------------------------------------------------------------------------

    def _active(self, at: float) -> float:
        open_pause = at - self._paused_at if self._paused_at is not None else 0.0
        return at - self._t0 - self._paused_total - open_pause

    def _is_last_of_step(self, index: int) -> bool:
        phases = self.timeline.phases
        return index + 1 >= len(phases) or phases[index + 1].step_index != phases[index].step_index

    def _snapshot(self, now: float) -> Snapshot:
        phases = self.timeline.phases
        phase = phases[self._index]
        reference = self._paused_at if self._paused_at is not None else now
        remaining = 0.0 if self._done else min(phase.seconds, max(0.0, self._deadline - reference))
        if self._done and self._outcome == "completed":
            position = self.timeline.total
        else:
            position = phase.start + phase.seconds - remaining
        open_pause = now - self._paused_at if self._paused_at is not None else 0.0
        return Snapshot(
            title=self.timeline.title,
            phase=phase,
            phase_index=self._index,
            phase_count=len(phases),
            next_phase=phases[self._index + 1] if self._index + 1 < len(phases) else None,
            step_number=phase.step_index + 1,
            step_count=self._step_count,
            remaining=remaining,
            phase_began=self._phase_began,
            elapsed=self._active(now),
            position=position,
            total=self.timeline.total,
            paused=self._paused_at is not None,
            paused_seconds=self._paused_total + open_pause,
            help_visible=self._help,
            finished=self._done,
            outcome=self._outcome,
            suspended=self._suspended,
        )

    def _emit(self, event: Event) -> None:
        if not self.listeners:
            return
        snapshot = self._snapshot(self._clock.now())
        for listener in self.listeners:
            listener(event, snapshot)

    def _finish(self, outcome: Outcome) -> SessionRecord:
        if self.record is not None:
            return self.record
        now = self._clock.now()
        if self._started_wall is None:  # failed before the first phase began
            self._started_wall = self._wall_clock()
            self._t0 = now
        if outcome == "completed" and self._paused_at is None and not self._quit:
            # The session ended at the last deadline, not when the loop noticed it.
            now = min(now, self._deadline)
        self._resume(now)
        self._done = True
        self._outcome = outcome
        actual = max(0.0, now - self._t0)
        names = dict(self.timeline.steps)
        self.record = SessionRecord(
            routine=self.timeline.routine,
            started_at=self._started_wall,
            ended_at=self._started_wall + timedelta(seconds=actual),
            planned_seconds=self.timeline.total,
            actual_seconds=round(actual, 3),
            paused_seconds=round(self._paused_total, 3),
            steps_completed=tuple(names[i] for i in sorted(self._completed)),
            steps_skipped=tuple(names[i] for i in sorted(self._skipped)),
            outcome=outcome,
            timeline=self.timeline.to_json(),
            stopped_step=self._stopped_in if outcome == "stopped" else None,
        )
        self._emit("end")
        return self.record
