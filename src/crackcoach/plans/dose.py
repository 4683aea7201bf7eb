"""A plan week's changes to single steps of a routine: reps, sets, holds, a version (pure).

A plan's week can ask for more of one step ("Glute bridge: reps 10") or for
its harder version ("Clamshell: version harder") without touching the rest of
the routine. The routine file is never changed; the changed routine is played.
"""

from __future__ import annotations

from collections.abc import Sequence

from crackcoach.base.checker import format_number
from crackcoach.errors import InputError
from crackcoach.plans.model import StepChange
from crackcoach.routines.model import Routine, Step


def apply(routine: Routine, changes: Sequence[StepChange]) -> Routine:
    """``routine`` with each change made to the step it names; InputError for a name that
    is not one of its steps."""
    if not changes:
        return routine
    by_name = {change.step.casefold(): change for change in changes}
    known = {step.name.casefold() for step in routine.steps}
    for change in changes:
        if change.step.casefold() not in known:
            names = ", ".join(step.name for step in routine.steps)
            raise InputError(f"the plan changes a step '{change.step}' that routine "
                             f"'{routine.name}' does not have (its steps: {names})")
    steps = tuple(_changed(step, by_name.get(step.name.casefold())) for step in routine.steps)
    return routine.with_steps(steps)


def _changed(step: Step, change: StepChange | None) -> Step:
    if change is None:
        return step
    if change.version is not None:
        step = step.variant(change.version) or step
    updates: dict[str, float | int] = {}
    if change.reps is not None:
        updates["reps"] = change.reps
    if change.sets is not None:
        updates["sets"] = change.sets
    if change.hold is not None:
        updates["hold"] = change.hold
    return step._replace(**updates)  # type: ignore[arg-type]


def describe(changes: Sequence[StepChange]) -> str:
    """The changes in words, e.g. "Glute bridge 10 reps; Clamshell harder version"."""
    parts = []
    for change in changes:
        said = []
        if change.version is not None:
            said.append(f"{change.version} version")
        if change.sets is not None:
            said.append(f"{change.sets} set{'s' if change.sets != 1 else ''}")
        if change.reps is not None:
            said.append(f"{change.reps} reps")
        if change.hold is not None:
            said.append(f"holds {format_number(change.hold)} s")
        parts.append(f"{change.step} {', '.join(said)}")
    return "; ".join(parts)
