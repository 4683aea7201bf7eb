"""Routines: the data model, the format's keys and limits, and loading a file.

A routine file is read with the hardened loader in :mod:`crackcoach.yamlsafe`
and checked field by field by :mod:`crackcoach.routine_check`. Every problem
names the file, line and column, the field, and what was expected; all
problems in a file are reported at once. The format is documented in
docs/routines.md.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Literal

from crackcoach.errors import RoutineError

FORMAT_VERSION = 1
MAX_NAME_LENGTH = 64
MAX_TOTAL_SECONDS = 2 * 60 * 60
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
StepKind = Literal["timed", "hold", "flow", "reps"]
STEP_KINDS: tuple[StepKind, ...] = ("timed", "hold", "flow", "reps")

ROUTINE_KEYS = ("version", "name", "title", "summary", "tags", "caution", "steps")
COMMON_STEP_KEYS = ("name", "kind", "instructions", "cues", "caution", "prepare")
KIND_KEYS: dict[str, tuple[str, ...]] = {
    "timed": ("seconds",),
    "hold": ("hold", "reps", "sides", "rest", "switch"),
    "flow": ("seconds", "cycle"),
    "reps": ("reps", "tempo", "hold", "sides", "sets", "rest", "switch"),
}
ALL_STEP_KEYS = tuple(sorted({*COMMON_STEP_KEYS, *(k for ks in KIND_KEYS.values() for k in ks)}))

DEFAULT_PREPARE = 5
DEFAULT_SWITCH = 5


@dataclass(frozen=True)
class CyclePhase:
    """One phase of a flow's repeating cycle, e.g. "exhale - round up" for 6 s."""

    cue: str
    seconds: float


@dataclass(frozen=True)
class Step:
    """One exercise of a routine. Which fields matter depends on ``kind``."""

    name: str
    kind: StepKind
    instructions: str
    cues: tuple[str, ...] = ()
    caution: str | None = None
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


@dataclass(frozen=True)
class Routine:
    """A checked routine, ready to be expanded into a timeline."""

    name: str
    title: str
    steps: tuple[Step, ...]
    summary: str = ""
    tags: tuple[str, ...] = ()
    caution: str | None = None
    source: str = "<text>"
    path: Path | None = None
    builtin: bool = False

    @property
    def seconds(self) -> float:
        """Estimated duration, computed from the steps."""
        from crackcoach.timeline import total_seconds

        return total_seconds(self)

    def with_steps(self, steps: tuple[Step, ...]) -> Routine:
        """A copy of this routine with other steps."""
        return replace(self, steps=steps)


@dataclass(frozen=True)
class Range:
    """The values a numeric field accepts, and how to say so in a message."""

    low: float
    high: float
    integer: bool = False

    def describe(self, unit: str) -> str:
        """E.g. "a whole number from 1 to 50", "a number of seconds from 1 to 600"."""
        kind = "a whole number" if self.integer else "a number"
        of_unit = f" of {unit.strip()}" if unit.strip() else ""
        return f"{kind}{of_unit} from {format_number(self.low)} to {format_number(self.high)}"


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


def format_number(value: float) -> str:
    """A number as written by a person: "20", "2.5"."""
    if isinstance(value, int):
        return str(value)  # float() of a huge YAML integer would overflow
    return str(int(value)) if value.is_integer() else str(value)


def parse_routine(text: str, source: str = "<text>", *, path: Path | None = None,
                  builtin: bool = False) -> Routine:
    """Parse and check routine ``text``; raise :class:`RoutineError` listing every problem."""
    from crackcoach import yamlsafe
    from crackcoach.routine_check import check_document, located

    try:
        doc = yamlsafe.parse(text)
    except yamlsafe.YamlProblem as exc:
        raise RoutineError([located(source, exc)]) from None
    return check_document(doc, source, path, builtin)


def load_routine(path: Path, *, builtin: bool = False, source: str | None = None) -> Routine:
    """Read and check the routine file at ``path``."""
    from crackcoach import yamlsafe
    from crackcoach.routine_check import located

    label = source or str(path)
    try:
        text = yamlsafe.decode(yamlsafe.read_bytes(path))
    except yamlsafe.YamlProblem as exc:
        raise RoutineError([located(label, exc)]) from None
    return parse_routine(text, label, path=path, builtin=builtin)



def step_to_dict(step: Step) -> dict[str, Any]:
    """A step as plain data, with only the fields its kind uses."""
    data: dict[str, Any] = {"name": step.name, "kind": step.kind,
                            "instructions": step.instructions}
    if step.cues:
        data["cues"] = list(step.cues)
    if step.caution:
        data["caution"] = step.caution
    data["prepare"] = step.prepare
    for key in KIND_KEYS[step.kind]:
        value = getattr(step, key)
        if key == "cycle":
            value = [{"cue": p.cue, "seconds": p.seconds} for p in value]
        elif key == "sides":
            value = list(value)
        data[key] = value
    from crackcoach.timeline import step_seconds

    data["seconds_total"] = step_seconds(step)
    return data


def routine_to_dict(routine: Routine, *, steps: bool = True) -> dict[str, Any]:
    """A routine as plain data for ``--json`` output."""
    data: dict[str, Any] = {
        "name": routine.name,
        "title": routine.title,
        "summary": routine.summary,
        "tags": list(routine.tags),
        "caution": routine.caution,
        "steps": [step_to_dict(s) for s in routine.steps] if steps else len(routine.steps),
        "seconds": routine.seconds,
        "source": "built-in" if routine.builtin else str(routine.path or routine.source),
    }
    return data
