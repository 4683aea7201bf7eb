"""What a session plays: the routine with this session's options and the first-run answers.

``--easier``, ``--harder``, ``--hold``, ``--reps`` and ``--quick`` change a
routine for one session (crackcoach.routines.adjust). Some answers of the first-run
check change it too: after a recent hip replacement, for example, a session
plays each step's easier version where it has one (the hip-flexor stretch
standing, no kneeling), unless ``--easier`` or ``--harder`` was given. The
answers are read again after the check is first asked, so the very first
session is adapted as well.
"""

from __future__ import annotations

from crackcoach.app.env import Env
from crackcoach.app.safety import remembered_applies
from crackcoach.base.typenames import TYPE_CHECKING, NamedTuple
from crackcoach.plans import dose
from crackcoach.routines import adjust, timeline
from crackcoach.safety import signs

if TYPE_CHECKING:
    from crackcoach.app.start_options import StartOptions
    from crackcoach.routines.model import Routine, Variant
    from crackcoach.routines.timeline import Timeline


class Played(NamedTuple):
    """The routine as played, its timeline, the overrides in words, and a note saying why
    the first-run answers changed it ("" when they did not)."""

    routine: Routine
    plan: Timeline
    overrides: str
    note: str = ""


def played(env: Env, options: StartOptions, source: Routine) -> Played:
    """``source`` as this session plays it."""
    variant: Variant | None = adjust.choose_variant(options.easier, options.harder)
    note = ""
    if variant is None:
        applies = remembered_applies(env)
        if signs.easier_because(applies):
            variant, note = "easier", signs.easier_note(applies)
    chosen = None if variant is None else (variant, source.variant_count(variant))
    planned = dose.apply(source, options.steps) if options.steps else source
    routine = adjust.adjust(planned, hold=options.hold, reps=options.reps, quick=options.quick,
                            variant=variant)
    overrides = adjust.describe_overrides(options.hold, options.reps, options.quick, chosen)
    if options.steps:  # the plan week's changes come first
        overrides = ", ".join(part for part in (dose.describe(options.steps), overrides) if part)
    return Played(routine, timeline.build(routine), overrides, note)
