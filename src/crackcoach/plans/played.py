"""A routine as a session will play it, and its length as the session header says it (pure).

Today's screen and ``start`` name the same length: the suggested routine with
its plan dose (``quick``, ``hold``, changes to single steps), or after a stop
for pain its lighter version (:mod:`crackcoach.plans.easing`), built into the same
timeline the session runs.
"""

from __future__ import annotations

from collections.abc import Sequence

from crackcoach.plans import dose, easing
from crackcoach.plans.model import StepChange
from crackcoach.routines import adjust, timeline
from crackcoach.routines.model import Routine


def as_played(routine: Routine, *, quick: bool = False, hold: float | None = None,
              steps: Sequence[StepChange] = (), eased: easing.Easing | None = None
              ) -> Routine:
    """``routine`` with the dose a session applies; lighter instead of the plan's step
    changes while ``eased`` is set."""
    if eased is not None:
        routine = easing.ease(routine, eased).routine
    else:
        routine = dose.apply(routine, steps)
    return adjust.adjust(routine, hold=hold, quick=quick)


def length_text(routine: Routine) -> str:
    """The session's length as its opening screen says it, e.g. "5 min 5 s"."""
    return timeline.format_seconds_short(round(timeline.build(routine).total))
