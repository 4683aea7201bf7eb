"""The options of ``crackcoach start``: read by the command line, completed by today's
suggestion (:func:`crackcoach.app.today.with_defaults`), run by
:func:`crackcoach.app.session.start`."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from crackcoach.base.typenames import NamedTuple
from crackcoach.plans.model import StepChange


class StartOptions(NamedTuple):
    """The options of ``crackcoach start``, already read."""

    name: str | None = None  # None: today's routine (app/today.py with_defaults)
    dry_run: bool = False
    hold: float | None = None
    reps: int | None = None
    quick: bool = False
    easier: bool = False
    harder: bool = False
    no_log: bool = False
    quiet: bool = False
    voice: bool = False
    plain: bool = False
    extra_dirs: Sequence[Path] = ()
    yes: bool = False  # go on with a dose above the usual guidance without asking
    steps: tuple[StepChange, ...] = ()  # the plan week's changes to single steps
