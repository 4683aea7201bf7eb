"""A session as plain lines, for pipes, log files and screen readers, and the dry run.

Nothing is ever redrawn and no escape codes are written: each change is one
new line, so a screen reader reads it once and a log keeps it.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from crackcoach.base.textsafe import printable
from crackcoach.base.typenames import TYPE_CHECKING
from crackcoach.routines.model import Routine, Step
from crackcoach.routines.timeline import Phase, Timeline, cue_at, format_clock, format_seconds_short
from crackcoach.session.runner import Event, Snapshot
from crackcoach.views.session_text import STOP_RULES, keys_line, one_line, paragraphs

if TYPE_CHECKING:
    from typing import TextIO


def phase_line(at: float, phase: Phase) -> str:
    """"[02:40] Thoracic rotation - rep 1 of 2 - left side - hold 20 s"."""
    return f"[{format_clock(round(at, 3))}] {printable(phase.describe(), single_line=True)}"


def stop_line(*, stop_key: bool = False) -> str:
    """The stop rule as one line of plain text, with the key when there is one."""
    key = " Press x to say it hurts; the session ends." if stop_key else ""
    return STOP_RULES[0] + key


class PlainPrinter:
    """One line per change; a runner listener.

    Given the ``routine``, it also prints the guidance the live view shows, so
    someone using a screen reader gets the same: the stop rule when the
    session starts, each step's instructions and caution when the step
    starts, and the cue whenever it changes. Without it, only the phase lines
    and the key actions are printed. ``stop_key`` says the "this hurts" key
    (x) works. No line ends with a space.
    """

    def __init__(self, stream: TextIO, routine: Routine | None = None, *,
                 stop_key: bool = False) -> None:
        self._write: Callable[[str], object] = stream.write
        self._flush = stream.flush
        self._routine = routine
        self._stop_key = stop_key
        self._step: int | None = None  # the step whose guidance was printed last
        self._cue: str | None = None  # the cue printed last

    def on_event(self, event: Event, snapshot: Snapshot) -> None:
        """Print what changed; a tick prints only a cue that changed."""
        now = f"[{format_clock(round(snapshot.elapsed, 3))}]"
        if event == "start" and self._routine is not None:
            self._line(stop_line(stop_key=self._stop_key))
        elif event == "phase" and snapshot.phase is not None:
            self._line(phase_line(snapshot.phase_began, snapshot.phase))
            self._guidance(snapshot.phase)
        elif event == "tick":
            self._cue_change(snapshot)
        elif event == "pause":
            self._line(f"{now} paused - press space to resume")
        elif event == "resume":
            self._line(f"{now} resumed")
        elif event == "skip":
            self._line(f"{now} skipped to the next step")
        elif event == "back" and snapshot.phase is not None:
            name = printable(snapshot.phase.step_name, single_line=True)
            self._line(f"{now} back to the start of {name}")
            self._step = None  # going over the step again: say how it goes again
        elif event == "help":
            self._line(f"{now} keys: {keys_line(stop_key=self._stop_key)}")
        elif event == "suspend":
            self._line(f"{now} paused - stopped with Ctrl-Z")
        elif event == "continue" and snapshot.paused:
            self._line(f"{now} back - get into position, then press space to resume")

    def _step_of(self, phase: Phase) -> Step | None:
        if self._routine is None or phase.step_index >= len(self._routine.steps):
            return None
        return self._routine.steps[phase.step_index]

    def _guidance(self, phase: Phase) -> None:
        """The step's instructions and caution when it starts; the cue when it changed."""
        step = self._step_of(phase)
        if step is None:
            return
        if phase.step_index != self._step:
            self._step = phase.step_index
            self._cue = None
            for paragraph in paragraphs(step.instructions):
                self._line(f"  {paragraph}")
            if step.caution:
                self._line(f"  Take care: {one_line(step.caution)}")
        cue = cue_at(phase, step, 0) if phase.kind != "flow" else None  # a flow's is in its line
        if cue and cue != self._cue:
            self._cue = cue
            self._line(f"  Cue: {printable(cue, single_line=True)}")

    def _cue_change(self, snapshot: Snapshot) -> None:
        """A timed step or a hold moves on to its next cue part of the way through."""
        phase = snapshot.phase
        step = self._step_of(phase) if phase is not None else None
        if phase is None or step is None or phase.kind == "flow":
            return
        done = math.floor(round(phase.seconds - snapshot.remaining, 6))
        cue = cue_at(phase, step, done)
        if cue and cue != self._cue:
            self._cue = cue
            at = format_clock(round(snapshot.phase_began + done, 3))
            self._line(f"[{at}] Cue: {printable(cue, single_line=True)}")

    def _line(self, text: str) -> None:
        self._write(text.rstrip() + "\n")
        self._flush()


def dry_run_text(timeline: Timeline, *, overrides: str = "") -> str:
    """Every phase with its start time, then the total: what ``--dry-run`` prints."""
    title = printable(timeline.title, single_line=True)
    lines = [f"{title} ({timeline.routine})" + (f" - {overrides}" if overrides else "")]
    lines += [phase_line(phase.start, phase) for phase in timeline.phases]
    steps = len(timeline.steps)
    lines.append(f"Total: {format_clock(math.ceil(round(timeline.total, 6)))} "
                 f"({format_seconds_short(round(timeline.total, 1))}, {steps} "
                 f"step{'s' if steps != 1 else ''}, {len(timeline.phases)} phases)")
    return "\n".join(lines) + "\n"
