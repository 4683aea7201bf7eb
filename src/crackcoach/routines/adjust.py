"""Change a routine for one session: ``--easier``/``--harder``, ``--hold``, ``--reps``, ``--quick``.

Pure functions on the routine model; the routine file is never touched.
``--easier`` and ``--harder`` play each step's easier or harder version
where it has one (the others as written); the rest then apply to what is
played. ``--hold`` sets the hold of every ``hold`` step; ``--reps`` sets the
rounds of ``hold`` steps and the repetitions of ``reps`` steps; ``--quick``
runs one round of everything with holds capped at :data:`QUICK_HOLD_CAP`
seconds. An explicit ``--hold`` or ``--reps`` wins over ``--quick``.
"""

from __future__ import annotations

from crackcoach.errors import InputError
from crackcoach.routines.model import (
    HOLD_RANGE,
    MAX_TOTAL_SECONDS,
    REPS_RANGE,
    Routine,
    Step,
    Variant,
)
from crackcoach.routines.timeline import total_seconds

QUICK_HOLD_CAP = 20


def check_overrides(hold: float | None, reps: int | None) -> None:
    """Refuse override values a routine file could not hold either."""
    if hold is not None and not HOLD_RANGE.low <= hold <= HOLD_RANGE.high:
        raise InputError(f"--hold {_number(hold)}: expected a number of seconds from "
                         f"{_number(HOLD_RANGE.low)} to {_number(HOLD_RANGE.high)}")
    if reps is not None and not REPS_RANGE.low <= reps <= REPS_RANGE.high:
        raise InputError(f"--reps {reps}: expected a whole number from "
                         f"{_number(REPS_RANGE.low)} to {_number(REPS_RANGE.high)}")


def choose_variant(easier: bool, harder: bool) -> Variant | None:
    """The variant ``--easier`` or ``--harder`` asks for; refuses both at once."""
    if easier and harder:
        raise InputError("--easier and --harder: choose one of them for a session")
    return "easier" if easier else "harder" if harder else None


def adjust(routine: Routine, *, hold: float | None = None, reps: int | None = None,
           quick: bool = False, variant: Variant | None = None) -> Routine:
    """``routine`` with the session's overrides applied."""
    check_overrides(hold, reps)
    routine = routine.played_as(variant)
    if hold is None and reps is None and not quick:
        return routine
    steps = tuple(_adjust_step(step, hold, reps, quick) for step in routine.steps)
    adjusted = routine.with_steps(steps)
    seconds = total_seconds(adjusted)
    if seconds >= MAX_TOTAL_SECONDS:
        raise InputError(f"with these options the session would take "
                         f"{seconds / 60:.0f} minutes; a session must take under "
                         "2 hours")
    return adjusted


def describe_overrides(hold: float | None, reps: int | None, quick: bool,
                       variant: tuple[Variant, int] | None = None) -> str:
    """The overrides in words, e.g. "easier versions of 3 steps, quick, hold 30 s", or "".

    ``variant`` is the version chosen and how many steps have it.
    """
    parts = []
    if variant is not None:
        which, count = variant
        parts.append(f"{which} versions of {count} step{'s' if count != 1 else ''}" if count
                     else f"no step has an {which} version" if which == "easier"
                     else f"no step has a {which} version")
    if quick:
        parts.append("quick")
    if hold is not None:
        parts.append(f"hold {_number(hold)} s")
    if reps is not None:
        parts.append(f"{reps} rep{'s' if reps != 1 else ''}")
    return ", ".join(parts)


def _adjust_step(step: Step, hold: float | None, reps: int | None, quick: bool) -> Step:
    if step.kind == "hold":
        new_hold = min(step.hold, QUICK_HOLD_CAP) if quick else step.hold
        new_reps = 1 if quick else step.reps
        return step._replace(hold=hold if hold is not None else new_hold,
                       reps=reps if reps is not None else new_reps)
    if step.kind == "reps":
        changed = step
        if quick:
            changed = changed._replace(sets=1, hold=min(step.hold, QUICK_HOLD_CAP))
        if reps is not None:
            changed = changed._replace(reps=reps)
        return changed
    return step


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"
