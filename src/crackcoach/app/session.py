"""``crackcoach start``: a routine played as a guided, timed session, then the check-in.

The order matters more than anywhere else in the program: the diary is opened
(and so checked) before the opening screen, so an unusable diary is found
before the person stretches; the session record is saved as soon as the
session ends, before anything else is shown or asked, so neither a closed
terminal nor Ctrl-C during the questions can lose it.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from crackcoach.app.env import Env
from crackcoach.errors import EXIT_INTERRUPTED, EXIT_OK

if TYPE_CHECKING:
    from rich.console import Console

    from crackcoach.records import SessionRecord
    from crackcoach.routines import Routine
    from crackcoach.sound import Sound
    from crackcoach.store import Store
    from crackcoach.timeline import Timeline

DEFAULT_ROUTINE = "back-reset"


class StartOptions(NamedTuple):
    """The options of ``crackcoach start``, already read."""

    name: str | None = None  # None: today's routine (see app/today.py with_defaults)
    dry_run: bool = False
    hold: float | None = None
    reps: int | None = None
    quick: bool = False
    no_log: bool = False
    quiet: bool = False
    voice: bool = False
    plain: bool = False
    extra_dirs: Sequence[Path] = ()


def start(env: Env, options: StartOptions) -> int:
    """Run ``options.name`` as a guided session (or print its plan); the exit status."""
    from crackcoach import adjust, library, timeline
    from crackcoach.app.routines import routine_folders
    from crackcoach.app.today import with_defaults

    options = with_defaults(env, options)
    name = options.name if options.name is not None else DEFAULT_ROUTINE
    routine = library.find(name, routine_folders(env, options.extra_dirs))
    routine = adjust.adjust(routine, hold=options.hold, reps=options.reps, quick=options.quick)
    plan = timeline.build(routine)
    overrides = adjust.describe_overrides(options.hold, options.reps, options.quick)
    if options.dry_run:
        from crackcoach.views.session import dry_run_text

        env.stdout.write(dry_run_text(plan, overrides=overrides))
        return EXIT_OK
    from crackcoach.store import open_store

    with open_store(env.diary_path) as store:
        return Session(env, store, routine, plan, options).run(overrides)


class Session:
    """One guided session from the opening screen to the check-in."""

    def __init__(self, env: Env, store: Store, routine: Routine, plan: Timeline,
                 options: StartOptions) -> None:
        from crackcoach.views.console import console

        self.env = env
        self.store = store
        self.routine = routine
        self.plan = plan
        self.options = options
        self.live = not options.plain and env.interactive
        self.out: Console = console(env.stdout)

    def run(self, overrides: str) -> int:
        """Show the opening screen, play the session, keep it, ask how it went."""
        from crackcoach.views.session import render_prestart

        sound = self._sound()  # says before the opening screen if it cannot speak
        self.out.print(render_prestart(self.routine, self.plan, width=self.out.width,
                                       overrides=overrides, interactive=self.live))
        if self.live:
            try:
                started = self._wait_for_enter()
            except KeyboardInterrupt:
                self.out.print("No session started.")
                return EXIT_INTERRUPTED
            if not started:
                self.out.print("No session started.")
                return EXIT_OK
        try:
            discomfort_before = self._ask_discomfort_before()
        except KeyboardInterrupt:
            self.out.print("\nNo session started.")
            return EXIT_INTERRUPTED
        try:
            record, screen_gone = self._play(sound)
        finally:
            sound.close()
        session_id = self._keep(record)
        if screen_gone:
            from crackcoach.app.env import silence

            silence(self.env.stdout)
            return EXIT_OK
        if sound.problem:
            self.env.warn(sound.problem)
        self._after(record, session_id, discomfort_before)
        return EXIT_INTERRUPTED if record.outcome == "interrupted" else EXIT_OK

    def _keep(self, record: SessionRecord) -> int:
        """Save the session; if the diary refuses, still say what was done, then why not."""
        from crackcoach.errors import DiaryError

        try:
            return self.store.add_session(record)
        except DiaryError:
            from crackcoach.views.session import render_summary

            self.out.print(render_summary(record, self.routine.title, len(self.plan.steps)))
            raise

    def _ask_discomfort_before(self) -> int | None:
        """The one question before the first step (only when someone can answer)."""
        if self.options.no_log or not self.env.can_ask:
            return None
        from crackcoach.checkin import CheckinCancelled, ask_before

        try:
            return ask_before(self.env.ask, self.env.say)
        except CheckinCancelled:
            raise KeyboardInterrupt from None

    def _after(self, record: SessionRecord, session_id: int,
               discomfort_before: int | None) -> None:
        """The summary, then how it went: the saved session gets its diary entry."""
        from crackcoach.views.session import render_summary

        out = self.out
        out.print()
        out.print(render_summary(record, self.routine.title, len(self.plan.steps)))
        if self.options.no_log:
            out.print("Session saved to your diary.")
            return
        if not self.env.can_ask:
            out.print("Session saved to your diary. Note how you feel with 'crackcoach log'.")
            return
        from crackcoach.checkin import CheckinCancelled, ask_after

        out.print()
        try:
            entry = ask_after(self.env.ask, self.env.say, at=self.env.now(),
                              before=discomfort_before, session_id=session_id)
        except CheckinCancelled:
            out.print("\nSession saved to your diary, without an entry for how you feel.")
            return
        from crackcoach.views.diary import print_checkin_summary

        self.store.add_entry(entry)
        out.print("Saved to your diary.")
        print_checkin_summary(out, entry)

    def _wait_for_enter(self) -> bool:
        """True when the person presses Enter, False for q (or Escape)."""
        from crackcoach.keys import CONTINUE, ENTER, open_keys
        from crackcoach.views.session import START_PROMPT

        with open_keys(self.env.stdin) as keys:
            while True:
                key = keys.read(None)
                if key == ENTER:
                    return True
                if key in ("q", "Q"):
                    return False
                if key == CONTINUE:  # back from Ctrl-Z: the shell's lines are below the question
                    self.out.print(START_PROMPT, style="bold")

    def _sound(self) -> Sound:
        from crackcoach.sound import Sound, Speaker, find_speech_program, no_speech_message

        speaker = None
        if self.options.voice:
            command = find_speech_program()
            if command is None:
                self.env.warn(no_speech_message())
            else:
                speaker = Speaker(command)
        return Sound(self.env.stdout, bell=not self.options.quiet, speaker=speaker)

    def _play(self, sound: Sound) -> tuple[SessionRecord, bool]:
        """Run the timeline with the live view or the plain printer.

        Returns the record in every case, and whether the screen went away
        (whoever read the plain output left, e.g. ``| head``).
        """
        from crackcoach.keys import open_keys
        from crackcoach.runner import MonotonicClock, Runner
        from crackcoach.views.session import LiveSessionView, PlainPrinter

        with open_keys(self.env.stdin) as keys:
            runner = Runner(self.plan, MonotonicClock(), keys, wall_clock=self.env.clock,
                            listeners=[sound.on_event])
            try:
                if not self.live:
                    runner.listeners.insert(0, PlainPrinter(self.env.stdout).on_event)
                    return runner.run(), False
                with LiveSessionView(self.out, self.routine) as view:
                    runner.listeners.insert(0, view.on_event)
                    return runner.run(), False
            except BrokenPipeError:
                assert runner.record is not None  # the runner keeps a record on any exception
                return runner.record, True
            except Exception as exc:
                # A bug ended the session: keep what was done, then let the error be reported.
                if runner.record is not None:
                    self.store.add_session(runner.record)
                    if not isinstance(exc, OSError):
                        from crackcoach.views.session import render_summary

                        self.out.print(render_summary(runner.record, self.routine.title,
                                                      len(self.plan.steps)))
                raise
