"""``crackcoach start``: a routine played as a guided, timed session, then the check-in.

The order matters more than anywhere else in the program:

- the diary is opened and proved writable before the opening screen, so an
  unusable diary is found before the person stretches;
- the session record is saved as soon as the session ends, before anything
  else is shown or asked, and no signal can cut that write in half;
- every way a session can end short of SIGKILL (q, Ctrl-C, Ctrl-\\, ``kill``,
  a closed terminal, a reader that left the pipe) still saves it, as
  interrupted where it did not finish, and leaves the terminal as it was.
"""

from __future__ import annotations

from crackcoach.app.common import routine_folders
from crackcoach.app.env import Env
from crackcoach.app.gate import dose_accepted
from crackcoach.app.lighter import (
    Lighter,
    Version,
    reason_line,
    recent_stop,
)
from crackcoach.app.played import played
from crackcoach.app.start_options import StartOptions
from crackcoach.app.today import with_defaults
from crackcoach.base import messages
from crackcoach.base.typenames import TYPE_CHECKING
from crackcoach.errors import EXIT_OK
from crackcoach.plans import easing
from crackcoach.routines import adjust, library, timeline
from crackcoach.session.interrupts import Interrupts

if TYPE_CHECKING:
    from crackcoach.routines.model import Routine

DEFAULT_ROUTINE = "back-reset"


def start(env: Env, options: StartOptions) -> int:
    """Run ``options.name`` as a guided session (or print its plan); the exit status."""

    # A named routine's dry run shows it as written, without reading the diary (fast).
    reads_diary = not (options.dry_run and options.name is not None)
    options = with_defaults(env, options)
    name = options.name if options.name is not None else DEFAULT_ROUTINE
    # The routine file itself, never the cache: what is played is what the file says.
    source = library.find(name, routine_folders(env, options.extra_dirs))
    first = played(env, options, source)
    lighter = None if options.harder or not reads_diary else _lighter(
        env, source, options, Version(first.routine, first.plan, first.overrides))
    if lighter is not None:
        first = first._replace(routine=lighter[1].routine, plan=lighter[1].plan,
                               overrides=lighter[1].overrides)
    if options.dry_run:
        from crackcoach.views.session_plain import dry_run_text

        if lighter is not None:
            env.say(lighter[0].reason)
        env.stdout.write(dry_run_text(first.plan, overrides=first.overrides))
        return EXIT_OK

    if not dose_accepted(env, options.hold, options.reps, yes=options.yes):
        env.say(messages.NO_SESSION_STARTED)
        return EXIT_OK
    from crackcoach.app.session_live import Session
    from crackcoach.store import open_store

    with open_store(env.places.diary_path) as store:
        store.prove_writable()
        with Interrupts() as interrupts:
            session = Session(env, store, source, first, options, interrupts)
            session.lighter = lighter[0] if lighter is not None else None
            return session.run(first.overrides)


def _lighter(env: Env, found: Routine, options: StartOptions, full: Version
             ) -> tuple[Lighter, Version] | None:
    """After a recent stop for pain: the lighter version to play, and the full one kept."""

    stop = recent_stop(env)
    if stop is None:
        return None
    eased = easing.ease(found, stop)
    routine = adjust.adjust(eased.routine, hold=options.hold, reps=options.reps,
                            quick=options.quick)
    words = ", ".join(part for part in (eased.words(), adjust.describe_overrides(
        options.hold, options.reps, options.quick)) if part)
    reason = reason_line(stop, eased.words(), env.now().date())
    return Lighter(reason, full), Version(routine, timeline.build(routine), words)
