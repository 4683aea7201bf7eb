"""``crackcoach start``: run a routine as a guided, timed session."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated

import typer

from crackcoach.cli.common import routine_folders, silence_stdout, warn
from crackcoach.cli.options import RoutinesDirOption
from crackcoach.errors import EXIT_INTERRUPTED

if TYPE_CHECKING:
    from rich.console import Console

    from crackcoach.records import SessionRecord
    from crackcoach.routines import Routine
    from crackcoach.sound import Sound
    from crackcoach.timeline import Timeline

DEFAULT_ROUTINE = "back-reset"


def start(
    name: Annotated[str, typer.Argument(
        help="The routine to run (see 'crackcoach list').")] = DEFAULT_ROUTINE,
    dry_run: Annotated[bool, typer.Option(
        "--dry-run", help="Print every phase with its start time and the total; run nothing.")
    ] = False,
    hold: Annotated[float | None, typer.Option(
        "--hold", metavar="SECONDS", help="Hold each stretch this long (1-600 s).")] = None,
    reps: Annotated[int | None, typer.Option(
        "--reps", metavar="N", help="Rounds of each stretch and repetitions of each exercise "
        "(1-50).")] = None,
    quick: Annotated[bool, typer.Option(
        "--quick", help="A shorter session: one round of everything, holds at most 20 s.")
    ] = False,
    no_log: Annotated[bool, typer.Option(
        "--no-log", help="Skip the comfort diary's questions for this session.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", help="No bell at phase changes.")] = False,
    voice: Annotated[bool, typer.Option(
        "--voice", help="Speak step names and side switches (espeak-ng, espeak or say).")
    ] = False,
    plain: Annotated[bool, typer.Option(
        "--plain", help="One line per phase change, no full-screen view (automatic when not "
        "in a terminal).")] = False,
    routines_dir: RoutinesDirOption = None,
) -> None:
    """Run a routine as a guided session with live hold timers.

    Keys while it runs: space pause, n next step, b back (twice: previous step),
    q quit, ? help.

    \b
    Examples:
      crackcoach start
      crackcoach start desk-hips --quick
      crackcoach start back-reset --dry-run --hold 30
    """
    from crackcoach import adjust, library, timeline

    adjust.check_overrides(hold, reps)
    routine = library.find(name, routine_folders(routines_dir))
    routine = adjust.adjust(routine, hold=hold, reps=reps, quick=quick)
    plan = timeline.build(routine)
    overrides = adjust.describe_overrides(hold, reps, quick)
    if dry_run:
        from crackcoach.views.session import dry_run_text

        sys.stdout.write(dry_run_text(plan, overrides=overrides))
        return
    check_diary()
    status = run_session(routine, plan, overrides=overrides, no_log=no_log, quiet=quiet,
                         voice=voice, plain=plain)
    if status:
        raise typer.Exit(status)


def check_diary() -> None:
    """Open (or create) the diary before the session starts.

    A damaged, foreign, newer or unwritable diary is then reported before the
    person stretches, not afterwards, when the session could no longer be saved.
    """
    from crackcoach import paths
    from crackcoach.store import open_store

    with open_store(paths.database_path()):
        pass


def run_session(routine: Routine, plan: Timeline, *, overrides: str, no_log: bool,
                quiet: bool, voice: bool, plain: bool) -> int:
    """Show the opening screen, play the session, and hand the record on; the exit status."""
    from crackcoach.cli.common import is_interactive
    from crackcoach.views.console import console
    from crackcoach.views.session import render_prestart

    live = not plain and is_interactive()
    out = console()
    sound = _sound(quiet=quiet, voice=voice)  # says before the opening screen if it cannot speak
    out.print(render_prestart(routine, plan, width=out.width, overrides=overrides,
                              interactive=live))
    if live:
        try:
            started = _wait_for_enter(out)
        except KeyboardInterrupt:
            out.print("No session started.")
            return EXIT_INTERRUPTED
        if not started:
            out.print("No session started.")
            return 0
    try:
        discomfort_before = ask_discomfort_before(no_log)
    except KeyboardInterrupt:
        out.print("\nNo session started.")
        return EXIT_INTERRUPTED
    try:
        record = _play(routine, plan, out, sound, live=live)
    except BrokenPipeError:
        # Whoever read the plain output went away (e.g. `| head`): stop quietly.
        silence_stdout()
        return 0
    finally:
        sound.close()
    if sound.problem:
        warn(sound.problem)
    after_session(record, no_log, title=routine.title, step_count=len(plan.steps),
                  discomfort_before=discomfort_before)
    return EXIT_INTERRUPTED if record.outcome == "interrupted" else 0


def ask_discomfort_before(no_log: bool) -> int | None:
    """The one question before the first step: discomfort now, 0-10 (Enter skips).

    Asked only when someone can answer (standard input is a terminal) and the
    diary is wanted. Ctrl-C here leaves without a session.
    """
    if no_log or not sys.stdin.isatty():
        return None
    from crackcoach.checkin import CheckinCancelled, ask_before

    try:
        return ask_before(input, print)
    except CheckinCancelled:
        raise KeyboardInterrupt from None


def after_session(record: SessionRecord, no_log: bool, *, title: str, step_count: int,
                  discomfort_before: int | None = None) -> None:
    """Print the end summary, keep the session in the diary, then ask how it went.

    The session is saved first, so it is kept even when the questions are
    skipped (``--no-log``, no terminal to answer on) or abandoned with Ctrl-C.
    """
    from datetime import datetime

    from crackcoach import paths
    from crackcoach.store import open_store
    from crackcoach.views.console import console
    from crackcoach.views.session import render_summary

    out = console()
    out.print()
    out.print(render_summary(record, title, step_count))
    with open_store(paths.database_path()) as store:
        session_id = store.add_session(record)
    if no_log:
        out.print("Session saved to your diary.")
        return
    if not sys.stdin.isatty():
        out.print("Session saved to your diary. Note how you feel with 'crackcoach log'.")
        return
    from crackcoach.checkin import CheckinCancelled, ask_after

    out.print()
    try:
        entry = ask_after(input, print, at=datetime.now().astimezone(),
                          before=discomfort_before, session_id=session_id)
    except CheckinCancelled:
        out.print("\nSession saved to your diary, without an entry for how you feel.")
        return
    from crackcoach.views.diary import print_checkin_summary

    with open_store(paths.database_path()) as store:
        store.add_entry(entry)
    out.print("Saved to your diary.")
    print_checkin_summary(entry)


def _wait_for_enter(out: Console) -> bool:
    """True when the person presses Enter, False for q (or Escape)."""
    from crackcoach.keys import CONTINUE, ENTER, open_keys
    from crackcoach.views.session import START_PROMPT

    with open_keys() as keys:
        while True:
            key = keys.read(None)
            if key == ENTER:
                return True
            if key in ("q", "Q"):
                return False
            if key == CONTINUE:  # back from Ctrl-Z: the shell's lines are below the question
                out.print(START_PROMPT, style="bold")


def _sound(*, quiet: bool, voice: bool) -> Sound:
    from crackcoach.sound import Sound, Speaker, find_speech_program, no_speech_message

    speaker = None
    if voice:
        command = find_speech_program()
        if command is None:
            warn(no_speech_message())
        else:
            speaker = Speaker(command)
    return Sound(sys.stdout, bell=not quiet, speaker=speaker)


def _play(routine: Routine, plan: Timeline, out: Console, sound: Sound, *, live: bool
          ) -> SessionRecord:
    """Run the timeline with the live view or the plain printer; the record in every case."""
    from datetime import datetime

    from crackcoach.keys import open_keys
    from crackcoach.runner import MonotonicClock, Runner
    from crackcoach.views.session import LiveSessionView, PlainPrinter

    with open_keys() as keys:
        runner = Runner(plan, MonotonicClock(), keys,
                        wall_clock=lambda: datetime.now().astimezone(),
                        listeners=[sound.on_event])
        try:
            if not live:
                runner.listeners.insert(0, PlainPrinter(sys.stdout).on_event)
                return runner.run()
            with LiveSessionView(out, routine) as view:
                runner.listeners.insert(0, view.on_event)
                return runner.run()
        except Exception as exc:
            # A bug ended the session: still say what was done before the error line.
            if runner.record is not None and not isinstance(exc, OSError):
                from crackcoach.views.session import render_summary

                out.print(render_summary(runner.record, routine.title, len(plan.steps)))
            raise


def register(app: typer.Typer) -> None:
    """Add ``start`` to ``app``."""
    app.command("start")(start)
