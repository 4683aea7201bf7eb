"""Expand a routine into the flat list of timed phases a session plays.

This is a pure function of the routine: the same routine always gives the
same timeline. ``crackcoach start --dry-run`` prints it, the runner plays it,
and the estimated duration of a routine is its total.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator

from crackcoach.base.typenames import TYPE_CHECKING, NamedTuple
from crackcoach.routines.model import Routine, Step

if TYPE_CHECKING:
    from typing import Literal, TypeAlias

PhaseKind: TypeAlias = "Literal['prepare', 'timed', 'hold', 'switch', 'rest', 'flow', 'move']"
CUE_SECONDS = 10.0  # a rotating cue stays up at least this long: time to read it and act on it
HOLD_CUE = "hold the position"  # a reps step's hold: at the top of a lift, or pressed down
RETURN_CUE = "ease back slowly"  # the second half of a rep that has a hold


class Phase(NamedTuple):
    """One stretch of time with a single countdown: a hold, a rest, a switch...

    ``start`` is the offset in seconds from the start of the session. ``rep``,
    ``set`` and ``cycle`` count from 1 and are 0 where they do not apply.
    """

    step_index: int
    step_name: str
    kind: PhaseKind
    seconds: float
    start: float = 0.0
    rep: int = 0
    reps: int = 0
    set: int = 0
    sets: int = 0
    side: str | None = None
    cue: str | None = None
    cycle: int = 0
    cycles: int = 0

    @property
    def end(self) -> float:
        """Offset in seconds at which this phase ends."""
        return self.start + self.seconds

    @property
    def position(self) -> str:
        """Where in the step this phase is, e.g. "rep 2 of 3 - right side"."""
        parts = []
        if self.sets > 1:
            parts.append(f"set {self.set} of {self.sets}")
        if self.reps > 1 and self.rep:
            parts.append(f"rep {self.rep} of {self.reps}")
        if self.cycles > 1:
            parts.append(f"cycle {self.cycle} of {self.cycles}")
        if self.side and self.kind != "switch":
            parts.append(f"{self.side} side")
        return " - ".join(parts)

    @property
    def action(self) -> str:
        """What to do in this phase, with its length, e.g. "hold 20 s"."""
        length = format_seconds_short(self.seconds)
        if self.kind == "prepare":
            return f"get ready {length}"
        if self.kind == "switch":
            target = f" to the {self.side} side" if self.side else ""
            return f"switch{target} {length}"
        if self.kind == "flow":
            return f"{self.cue}, {length}" if self.cue else f"flow {length}"
        if self.kind == "timed":
            return length
        return f"{self.kind} {length}"

    def describe(self) -> str:
        """One line for plain output and the dry run."""
        return " - ".join(part for part in (self.step_name, self.position, self.action) if part)


class Timeline(NamedTuple):
    """Every phase of a routine in order, with the routine's total length."""

    routine: str
    title: str
    phases: tuple[Phase, ...]

    @property
    def total(self) -> float:
        """Planned length of the whole session in seconds."""
        return self.phases[-1].end if self.phases else 0.0

    @property
    def steps(self) -> tuple[tuple[int, str], ...]:
        """(step index, step name) of every step that has phases, in order."""
        seen: dict[int, str] = {}
        for phase in self.phases:
            seen.setdefault(phase.step_index, phase.step_name)
        return tuple(seen.items())

    def to_json(self) -> str:
        """The phases as a JSON list, kept with a session record as its plan."""
        return json.dumps([phase._asdict() for phase in self.phases], ensure_ascii=False,
                          separators=(",", ":"))

    def step_phases(self, step_index: int) -> tuple[Phase, ...]:
        """The phases belonging to one step."""
        return tuple(p for p in self.phases if p.step_index == step_index)

    def first_phase_of_step(self, step_index: int) -> int | None:
        """Index of the first phase of ``step_index``, if that step exists."""
        for index, phase in enumerate(self.phases):
            if phase.step_index == step_index:
                return index
        return None


def build(routine: Routine) -> Timeline:
    """Expand ``routine`` into its timeline."""
    phases: list[Phase] = []
    clock = 0.0
    for index, step in enumerate(routine.steps):
        for phase in _step_phases(index, step):
            if phase.seconds <= 0:
                continue
            phases.append(_at(phase, clock))
            clock = round(clock + phase.seconds, 6)
    return Timeline(routine=routine.name, title=routine.title, phases=tuple(phases))


def total_seconds(routine: Routine) -> float:
    """Planned length of ``routine`` in seconds: exactly ``build(routine).total``."""
    clock = 0.0
    for index, step in enumerate(routine.steps):
        for phase in _step_phases(index, step):
            if phase.seconds > 0:
                clock = round(clock + phase.seconds, 6)  # as build() adds them up
    return clock


def step_seconds(step: Step) -> float:
    """Planned length of one step in seconds, get-ready countdown included."""
    return sum(phase.seconds for phase in _step_phases(0, step) if phase.seconds > 0)


def _at(phase: Phase, start: float) -> Phase:
    return phase._replace(start=start)


def _step_phases(index: int, step: Step) -> Iterator[Phase]:
    first_cue = step.cues[0] if step.cues else None
    first_side = step.sides[0] if step.sides else None
    yield Phase(index, step.name, "prepare", step.prepare, side=first_side, cue=first_cue)
    if step.kind == "timed":
        yield Phase(index, step.name, "timed", step.seconds, cue=first_cue)
    elif step.kind == "hold":
        yield from _hold_phases(index, step)
    elif step.kind == "flow":
        yield from _flow_phases(index, step)
    else:
        yield from _rep_phases(index, step)


def _hold_phases(index: int, step: Step) -> Iterator[Phase]:
    sides: tuple[str | None, ...] = step.sides or (None,)
    for rep in range(1, step.reps + 1):
        here = Phase(index, step.name, "hold", step.hold, rep=rep, reps=step.reps)
        for side_number, side in enumerate(sides):
            if side_number > 0:
                yield here._replace(kind="switch", seconds=step.switch, side=side)
            elif rep > 1:
                yield from _between_rounds(here._replace(side=side), step)
            hold = here._replace(side=side)
            yield hold._replace(cue=cue_at(hold, step, 0))


def _between_rounds(here: Phase, step: Step) -> Iterator[Phase]:
    """The gap before a new round (or set) starts on the first side again."""
    if step.rest > 0:
        yield here._replace(kind="rest", seconds=step.rest, cue=None)
    elif len(step.sides) > 1:
        # Coming back from the last side to the first needs time to turn round too.
        yield here._replace(kind="switch", seconds=step.switch, cue=None)


def _flow_phases(index: int, step: Step) -> Iterator[Phase]:
    period = sum(phase.seconds for phase in step.cycle)
    if period <= 0:
        return
    cycles = max(1, math.ceil(round(step.seconds / period, 6)))
    elapsed = 0.0
    for cycle in range(1, cycles + 1):
        for part in step.cycle:
            length = min(part.seconds, round(step.seconds - elapsed, 6))
            if length <= 0:
                return
            yield Phase(index, step.name, "flow", length, cue=part.cue, cycle=cycle,
                        cycles=cycles)
            elapsed = round(elapsed + length, 6)


def _rep_phases(index: int, step: Step) -> Iterator[Phase]:
    sides: tuple[str | None, ...] = step.sides or (None,)
    for set_number in range(1, step.sets + 1):
        # Gaps before a set or a side belong to no single repetition: rep stays 0.
        gap = Phase(index, step.name, "switch", step.switch, reps=step.reps, set=set_number,
                    sets=step.sets)
        for side_number, side in enumerate(sides):
            if side_number > 0:
                yield gap._replace(side=side)
            elif set_number > 1:
                yield from _between_rounds(gap._replace(side=side), step)
            for rep in range(1, step.reps + 1):
                cue = step.cues[(rep - 1) % len(step.cues)] if step.cues else None
                move = gap._replace(kind="move", rep=rep, side=side)
                if step.hold <= 0:
                    yield move._replace(seconds=step.tempo, cue=cue)
                    continue
                # The hold comes where the movement turns (the top of a bridge, the back
                # pressed down in a tilt): half the tempo to get there, half to come back.
                yield move._replace(seconds=step.tempo / 2, cue=cue)
                yield move._replace(kind="hold", seconds=step.hold, cue=HOLD_CUE)
                yield move._replace(seconds=step.tempo / 2, cue=RETURN_CUE)


def cue_at(phase: Phase, step: Step, into: float) -> str | None:
    """The cue to show ``into`` seconds into ``phase`` of ``step``.

    Timed and hold steps take turns with their cues, as reps steps do with one
    cue per repetition: each hold (each round and side) starts on the cue after
    the one the previous hold started on, and a phase long enough for more
    than one cue moves on to the next every equal share of its length, never
    sooner than :data:`CUE_SECONDS`. Other phases keep the cue they carry.
    """
    cues = step.cues
    if step.kind not in ("timed", "hold") or phase.kind != step.kind or not cues:
        return phase.cue
    first = 0
    if phase.kind == "hold":
        sides = step.sides or (None,)
        side = sides.index(phase.side) if phase.side in sides else 0
        first = (max(1, phase.rep) - 1) * len(sides) + side
    share = max(CUE_SECONDS, phase.seconds / len(cues))
    turns = max(1, math.ceil(round(phase.seconds / share, 6)))
    turn = min(turns - 1, max(0, int(round(into, 6) // share)))
    return cues[(first + turn) % len(cues)]


def format_seconds_short(seconds: float) -> str:
    """"20 s", "1 min", "1 min 30 s", "2.5 s"."""
    if seconds < 60 or not float(seconds).is_integer():
        value = int(seconds) if float(seconds).is_integer() else round(seconds, 1)
        if seconds >= 60:
            minutes, rest = divmod(seconds, 60)
            return f"{int(minutes)} min {round(rest, 1):g} s"
        return f"{value} s"
    minutes, rest = divmod(int(seconds), 60)
    return f"{minutes} min" if rest == 0 else f"{minutes} min {rest} s"


def format_clock(seconds: float) -> str:
    """"02:40" (or "1:02:40" past an hour) for an offset in seconds."""
    whole = int(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"


def describe_dose(step: Step) -> str:
    """The step's timing in words, e.g. "hold 20 s per side (left, right) x 3 rounds"."""
    short = format_seconds_short
    if step.kind == "timed":
        return short(step.seconds)
    if step.kind == "flow":
        cycle = " / ".join(f"{p.cue} {short(p.seconds)}" for p in step.cycle)
        return f"{short(step.seconds)} of repeating cycles: {cycle}"
    if step.kind == "hold":
        text = f"hold {short(step.hold)}"
        text += _per_side(step)
        if step.reps > 1:
            text += f" x {step.reps} rounds"
            if step.rest:
                text += f", rest {short(step.rest)} between rounds"
        return text
    if step.hold:
        half = short(step.tempo / 2)
        text = f"{step.reps} reps: {half} into position, hold {short(step.hold)}, {half} back"
    else:
        text = f"{step.reps} reps of {short(step.tempo)}"
    text += _per_side(step)
    if step.sets > 1:
        text += f" x {step.sets} sets"
        if step.rest:
            text += f", rest {short(step.rest)} between sets"
    return text


def _per_side(step: Step) -> str:
    if not step.sides:
        return ""
    text = f" per side ({', '.join(step.sides)})"
    if len(step.sides) > 1 and step.switch:
        text += f", {format_seconds_short(step.switch)} to switch"
    return text
