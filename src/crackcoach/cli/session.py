"""``crackcoach start``: a routine as a guided, timed session.

The Typer declarations; what the commands do is in :mod:`crackcoach.app.session`.
"""

from typing import Annotated

import typer

from crackcoach.app.start_options import StartOptions
from crackcoach.cli.options import RoutinesDir, complete_routine
from crackcoach.cli.options import env_of as _env
from crackcoach.cli.options import paths_of as _paths
from crackcoach.diary import values


def start(
    ctx: typer.Context,
    name: Annotated[str | None, typer.Argument(
        metavar="NAME", parser=values.utf8, show_default=False,
        autocompletion=complete_routine,
        help="The routine to run (default: today's, as 'crackcoach' shows it; without a "
             "plan, back-reset or your default-routine setting).")
    ] = None,
    dry_run: Annotated[bool, typer.Option(
        "--dry-run", help="Print every phase with its start time and the total; run nothing.")
    ] = False,
    hold: Annotated[float | None, typer.Option(
        "--hold", metavar="SECONDS", parser=values.HOLD,
        help="Seconds to hold each stretch (1-600).")] = None,
    reps: Annotated[int | None, typer.Option(
        "--reps", metavar="N", parser=values.REPS,
        help="Rounds of each stretch and repetitions of each exercise (1-50).")] = None,
    quick: Annotated[bool, typer.Option(
        "--quick", help="A shorter session: one round of everything, holds at most 20 s.")
    ] = False,
    easier: Annotated[bool, typer.Option(
        "--easier", help="Play each step's easier version where it has one ('crackcoach show' "
        "lists them).")] = False,
    harder: Annotated[bool, typer.Option(
        "--harder", help="Play each step's harder version where it has one.")] = False,
    no_log: Annotated[bool, typer.Option(
        "--no-log", help="Skip the comfort diary's questions for this session.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", help="No bell at phase changes.")] = False,
    voice: Annotated[bool, typer.Option(
        "--voice", help="Speak step names and side switches (espeak-ng, espeak or say).")
    ] = False,
    plain: Annotated[bool, typer.Option(
        "--plain", help="One line per phase change, no full-screen view (automatic when not "
        "in a terminal).")] = False,
    routines_dir: RoutinesDir = None,
    yes: Annotated[bool, typer.Option(
        "--yes", "-y", help="Go on with a --hold over 60 s or --reps over 5 without asking "
        "(they are above the usual stretching guidance).")] = False,
) -> int:
    """Run a routine as a guided session with live hold timers.

    Keys while it runs: space pause, n next step, b back (twice: previous step),
    x this hurts (stop, saved as stopped), q quit, ? help. Settings (crackcoach
    config) can turn on --quiet, --voice and --plain for every session.

    \b
    Example:
      crackcoach start desk-hips --quick
    """
    # Loaded here, not at the top: 'start --help' needs none of the session machinery.
    from crackcoach.app.session import start as run_start

    return run_start(_env(ctx), StartOptions(
        name=name, dry_run=dry_run, hold=hold, reps=reps, quick=quick, easier=easier,
        harder=harder, no_log=no_log, quiet=quiet, voice=voice, plain=plain,
        extra_dirs=_paths(routines_dir), yes=yes))
