"""Routines: the data model and the format's keys and limits.

Plain data only. Reading and checking a routine file is
:mod:`crackcoach.routines.reader`; expanding a routine into timed phases (and so
its length) is :mod:`crackcoach.routines.timeline`. The format is documented in
docs/routines.md.
"""

from __future__ import annotations

from pathlib import Path

from crackcoach.base.checker import Range
from crackcoach.base.patterns import later
from crackcoach.base.typenames import TYPE_CHECKING, NamedTuple
from crackcoach.figures.pose import Figure

if TYPE_CHECKING:
    from typing import Literal, TypeAlias

FORMAT_VERSION = 1
MAX_NAME_LENGTH = 64
MAX_TOTAL_SECONDS = 2 * 60 * 60
SLUG = later(r"[a-z0-9]+(?:-[a-z0-9]+)*")
StepKind: TypeAlias = "Literal['timed', 'hold', 'flow', 'reps']"
STEP_KINDS: tuple[StepKind, ...] = ("timed", "hold", "flow", "reps")
Variant: TypeAlias = "Literal['easier', 'harder']"
VARIANTS: tuple[Variant, ...] = ("easier", "harder")

ROUTINE_KEYS = ("version", "name", "title", "summary", "tags", "caution", "equipment", "steps")
COMMON_STEP_KEYS = ("name", "kind", "instructions", "why", "cues", "caution", "equipment",
                    "figure", "prepare", "easier", "harder")
# A variant's own words: never taken from its step (see routine_steps.py).
VARIANT_TEXT_KEYS = ("name", "instructions", "why", "cues", "caution", "equipment")
KIND_KEYS: dict[str, tuple[str, ...]] = {
    "timed": ("seconds",),
    "hold": ("hold", "reps", "sides", "rest", "switch"),
    "flow": ("seconds", "cycle"),
    "reps": ("reps", "tempo", "hold", "sides", "sets", "rest", "switch"),
}
ALL_STEP_KEYS = tuple(sorted({*COMMON_STEP_KEYS, *(k for ks in KIND_KEYS.values() for k in ks)}))

DEFAULT_PREPARE = 5
DEFAULT_SWITCH = 5


class CyclePhase(NamedTuple):
    """One phase of a flow's repeating cycle, e.g. "exhale - round up" for 6 s."""

    cue: str
    seconds: float


class Step(NamedTuple):
    """One exercise of a routine. Which fields matter depends on ``kind``."""

    name: str
    kind: StepKind
    instructions: str
    cues: tuple[str, ...] = ()
    caution: str | None = None
    why: str | None = None  # one line: what the exercise is for
    equipment: tuple[str, ...] = ()
    prepare: float = DEFAULT_PREPARE
    seconds: float = 0
    hold: float = 0
    reps: int = 1
    sets: int = 1
    tempo: float = 0
    sides: tuple[str, ...] = ()
    rest: float = 0
    switch: float = 0
    cycle: tuple[CyclePhase, ...] = ()
    figure: Figure | None = None  # the pose drawn for it (see figure.py); none in many files
    easier: Step | None = None  # a regression: the same kind of step, made easier
    harder: Step | None = None  # a progression

    def variant(self, which: Variant) -> Step | None:
        """The easier or harder version of this step, if it has one."""
        return self.easier if which == "easier" else self.harder

    def with_variants(self, easier: Step | None = None, harder: Step | None = None) -> Step:
        """A copy of this step with these variants."""
        return self._replace(easier=easier, harder=harder)


class Routine(NamedTuple):
    """A checked routine, ready to be expanded into a timeline."""

    name: str
    title: str
    steps: tuple[Step, ...]
    summary: str = ""
    tags: tuple[str, ...] = ()
    caution: str | None = None
    equipment: tuple[str, ...] = ()
    source: str = "<text>"
    path: Path | None = None
    builtin: bool = False

    def with_steps(self, steps: tuple[Step, ...]) -> Routine:
        """A copy of this routine with other steps."""
        return self._replace(steps=steps)

    def equipment_needed(self) -> tuple[str, ...]:
        """What to have at hand: the routine's equipment, then its steps', each once."""
        found = [*self.equipment, *(item for step in self.steps for item in step.equipment)]
        return tuple(dict.fromkeys(found))

    def played_as(self, which: Variant | None) -> Routine:
        """This routine with each step's easier (or harder) version where it has one."""
        if which is None:
            return self
        return self.with_steps(tuple(step.variant(which) or step for step in self.steps))

    def variant_count(self, which: Variant) -> int:
        """How many steps have an easier (or harder) version."""
        return sum(step.variant(which) is not None for step in self.steps)


HOLD_RANGE = Range(1, 600)
TOP_HOLD_RANGE = Range(0, 600)
REPS_RANGE = Range(1, 50, integer=True)
SETS_RANGE = Range(1, 10, integer=True)
TIMED_RANGE = Range(1, 3600)
FLOW_RANGE = Range(1, 1800)
TEMPO_RANGE = Range(0.5, 60)
CYCLE_RANGE = Range(0.5, 120)
REST_RANGE = Range(0, 600)
SWITCH_RANGE = Range(0, 120)
PREPARE_RANGE = Range(0, 120)
