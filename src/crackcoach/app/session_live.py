"""A guided session from the opening screen to the check-in: the part of
``crackcoach start`` that draws, times and keeps a session.

Only a session that is really played loads this module (and with it Rich,
the runner and the diary's journal); ``start --dry-run`` does not. The order
of what it does is set out in :mod:`crackcoach.app.session`.
"""

from __future__ import annotations

import contextlib
import errno
import signal

from crackcoach.app.activities import ask_due
from crackcoach.app.counting import week_count
from crackcoach.app.diary import recent_level, show_saved
from crackcoach.app.env import Env
from crackcoach.app.gate import open_sign_allows
from crackcoach.app.lighter import (
    Lighter,
    full_question,
    wants_full,
)
from crackcoach.app.played import played
from crackcoach.app.safety import before_first_session
from crackcoach.app.start_options import StartOptions
from crackcoach.base import messages
from crackcoach.base.terminal import silence
from crackcoach.base.typenames import TYPE_CHECKING
from crackcoach.diary.checkin import CheckinCancelled, ask_after, ask_before, ask_safety
from crackcoach.diary.records import DiaryEntry
from crackcoach.errors import EXIT_INTERRUPTED, EXIT_OK, DiaryError, exit_for_signal
from crackcoach.safety import signs
from crackcoach.session.interrupts import Interrupts
from crackcoach.session.keys import CONTINUE, ENTER, open_keys
from crackcoach.session.runner import MonotonicClock, Runner
from crackcoach.session.sound import Sound, Speaker, find_speech_program, no_speech_message
from crackcoach.store.journal import Journal, JournalUnusable
from crackcoach.views.console import console
from crackcoach.views.session import (
    START_PROMPT,
    DiaryNext,
    LiveSessionView,
    PlainPrinter,
    WeekSoFar,
    render_finish,
    render_prestart,
    render_summary,
)
from crackcoach.views.session_stop import render_stop_close

if TYPE_CHECKING:
    from rich.console import Console

    from crackcoach.app.played import Played
    from crackcoach.diary.records import SessionRecord
    from crackcoach.routines.model import Routine
    from crackcoach.session.runner import Event, Snapshot
    from crackcoach.store import Store

# A write to the screen that fails with one of these: the terminal or the reader is gone.
_SCREEN_GONE = frozenset({errno.EPIPE, errno.EIO, errno.ENXIO})
# Seconds the finished session waits for a busy diary before the finish screen; it is safe
# in the journal by then, and the run waits longer at its end (see Session._move_at_last).
_FIRST_WAIT = 2.0


class NotStarted(Exception):
    """The person left at the opening screen (q or Escape)."""


class Session:
    """One guided session from the opening screen to the check-in."""

    def __init__(self, env: Env, store: Store, source: Routine, first: Played,
                 options: StartOptions, interrupts: Interrupts) -> None:
        self.env = env
        self.store = store
        self.source = source  # as the file says: what is played may change (see _before)
        self.routine, self.plan, _, self.note = first
        self.options = options
        self.interrupts = interrupts
        self.live = not options.plain and env.interactive
        # A person at a terminal presses Enter to begin, even where the view must be plain.
        self.waits_for_enter = env.at_terminal
        self.out: Console = console(env.stdout)
        self.runner: Runner | None = None
        self.lighter: Lighter | None = None  # set when this session is kept lighter

        # Every record of the session goes through it (see store/journal.py).
        self.journal = Journal(store.path)

    def run(self, overrides: str) -> int:
        """Show the opening screen, play the session, keep it, ask how it went."""
        try:
            return self._run(overrides)
        finally:
            self.journal.close()  # anything still in it waits for the next command

    def _run(self, overrides: str) -> int:
        sound, notes = self._sound()
        try:
            try:
                discomfort_before = self._before(overrides, notes)
            except NotStarted:
                self._say(messages.NO_SESSION_STARTED)
                return EXIT_OK
            except KeyboardInterrupt:
                self._say("\n" + messages.NO_SESSION_STARTED)
                return self._status(None)
            try:
                record, reader_left = self._play(sound)
            finally:
                sound.close()
        except OSError as exc:
            if exc.errno not in _SCREEN_GONE:
                raise
            return self._screen_gone(exc)
        try:
            session_id = self._keep(record)
            if self.interrupts.received is not None:
                # A signal ended the session, or came as it ended: keep what was answered
                # before it, and ask nothing more.
                self._keep_before(discomfort_before)
        finally:
            waiting = self.interrupts.release()  # held since the session ended (see _play)
        if waiting is not None or reader_left:
            silence(self.env.stdout)
            return self._status(record) if waiting is not None else EXIT_OK
        if self.interrupts.received is not None:
            self._say(render_finish(record, title=self.routine.title,
                                    step_count=len(self.plan.steps), width=self.out.width,
                                    diary="waiting" if session_id is None else "log-later"))
            return self._status(record)
        if sound.problem:
            self.env.warn(sound.problem)
        try:
            self._after(record, session_id, discomfort_before)
        except KeyboardInterrupt:
            self._keep_before(discomfort_before)
            self._say("\n" + messages.SESSION_SAVED_NO_ENTRY)
        except OSError as exc:
            if exc.errno not in _SCREEN_GONE:
                raise
            return self._screen_gone(exc)
        if self.interrupts.received is None:
            self._move_at_last()
        return self._status(record)

    def _move_at_last(self) -> None:
        """Records still in the journal: wait for the diary, or say where they wait."""
        if not self.journal.waiting:
            return
        try:
            self._say(messages.DIARY_WAIT)
            moved = self.store.keep(self.journal)
        except KeyboardInterrupt:  # a signal: no more waiting; the journal keeps it all
            moved = False
        self._say(messages.ENTRY_SAVED if moved else messages.STILL_WAITING.format(
            folder=self.journal.file.parent if self.journal.file else ""))

    # -- before ---------------------------------------------------------------------------

    def _before(self, overrides: str, notes: list[str]) -> int | None:
        """A safety sign still open, the first-run check (once), the opening screen, Enter,
        and the question before."""

        if not open_sign_allows(self.env, self.store):
            raise NotStarted
        asked = before_first_session(self.env)
        if self.env.can_ask and self.lighter is None:  # answers just given may change it
            self.routine, self.plan, overrides, self.note = played(self.env, self.options,
                                                                  self.source)
        notes = [*asked, *([self.note] if self.note else []), *notes]
        if self.lighter is not None:
            overrides = self._lighter_or_full(overrides, notes)

        self.out.print(render_prestart(
            self.routine, self.plan, width=self.out.width,
            height=self.out.height if self.env.at_terminal else None, overrides=overrides,
            interactive=self.waits_for_enter, keys=self.env.can_ask, stop_key=self.env.can_ask,
            notes=notes))
        if self.waits_for_enter and not self._wait_for_enter():
            raise NotStarted
        if self.options.no_log or not self.env.can_ask:
            return None

        try:
            return ask_before(self.env.ask, self.env.say)
        except CheckinCancelled:
            raise KeyboardInterrupt from None

    def _lighter_or_full(self, overrides: str, notes: list[str]) -> str:
        """Say why the session is lighter; the full version when the person types for it."""

        assert self.lighter is not None
        if self.env.can_ask:
            self._say(self.lighter.reason)
            try:
                answer = self.env.ask(full_question())
            except EOFError:
                raise KeyboardInterrupt from None
            if wants_full(answer):
                self.routine, self.plan, overrides = self.lighter.full
                notes.append("The full routine, as you asked.")
                return overrides
        notes.append(self.lighter.reason)
        return overrides

    def _wait_for_enter(self) -> bool:
        """True when the person presses Enter, False for q (or Escape)."""

        with open_keys(self.env.stdin) as keys:
            while True:
                key = keys.read(None)
                if key == ENTER:
                    return True
                if key in ("q", "Q"):
                    return False
                if key == CONTINUE:  # back from Ctrl-Z: the shell's lines are below the question
                    self.out.print(START_PROMPT, style="bold")

    def _sound(self) -> tuple[Sound, list[str]]:
        """The bell and voice; and a note for the opening screen if speech is not possible."""

        speaker = None
        notes = []
        if self.options.voice:
            command = find_speech_program()
            if command is None:
                notes.append(no_speech_message())  # shown just above the Enter prompt
            else:
                speaker = Speaker(command)
        return Sound(self.env.stdout, bell=not self.options.quiet, speaker=speaker), notes

    # -- the session ----------------------------------------------------------------------

    def _play(self, sound: Sound) -> tuple[SessionRecord, bool]:
        """Run the timeline with the live view or the plain printer.

        Returns the record in every case, and whether the reader of the plain
        output left (``| head``). From the moment the record exists, signals
        wait until it is saved (:meth:`Interrupts.hold`).
        """

        with open_keys(self.env.stdin) as keys:
            runner = self.runner = Runner(self.plan, MonotonicClock(), keys,
                                          wall_clock=self.env.clock,
                                          listeners=[sound.on_event, self._on_end])
            try:
                if not self.live:
                    printer = PlainPrinter(self.env.stdout, self.routine,
                                           stop_key=self.env.can_ask)
                    runner.listeners.insert(0, printer.on_event)
                    return runner.run(), False
                with LiveSessionView(self.out, self.routine, stop_key=True) as view:
                    runner.listeners.insert(0, view.on_event)
                    return runner.run(), False
            except KeyboardInterrupt:
                # A signal just after the runner finished: the record is made all the same.
                return self._record(runner), False
            except OSError as exc:
                if exc.errno not in _SCREEN_GONE:
                    self._keep_after_a_bug(runner, exc)
                    raise
                return self._record(runner), exc.errno == errno.EPIPE and not self.live
            except Exception as exc:
                self._keep_after_a_bug(runner, exc)
                raise

    def _on_end(self, event: Event, snapshot: Snapshot) -> None:
        """Runner listener: once the session has ended, signals wait until it is saved."""
        if event == "end":
            self.interrupts.hold()

    @staticmethod
    def _record(runner: Runner) -> SessionRecord:
        assert runner.record is not None  # the runner keeps a record on any exception
        return runner.record

    def _keep_after_a_bug(self, runner: Runner, exc: BaseException) -> None:
        """A bug ended the session: keep what was done before the error is reported."""
        if runner.record is None:
            return
        self.store.save(runner.record)
        self.interrupts.release()

        with contextlib.suppress(OSError):
            self.out.print(render_summary(runner.record, self.routine.title,
                                          len(self.plan.steps)))

    # -- after ----------------------------------------------------------------------------

    def _keep(self, record: SessionRecord) -> int | None:
        """Save the session: its id, or None while it waits in the journal for a busy diary.

        If the diary refuses, still say what was done, then why not.
        """

        try:
            try:
                self.journal.add_session(record)
            except JournalUnusable:
                return self.store.add_session(record)  # no journal: straight to the diary
            if self.store.keep(self.journal, _FIRST_WAIT):
                return self.journal.session_id
            return None
        except DiaryError:
            self._say(render_summary(record, self.routine.title, len(self.plan.steps)))
            raise

    def _after(self, record: SessionRecord, session_id: int | None,
               discomfort_before: int | None) -> None:
        """The finish screen, then how it went: the saved session gets its diary entry."""

        out = self.out
        # Stopped because it hurt: only which sign it was is asked, then its advice.
        diary: DiaryNext = ("waiting" if session_id is None and (
                                self.options.no_log or not self.env.can_ask) else
                            "saved" if self.options.no_log else
                            "log-later" if not self.env.can_ask else
                            "sign" if record.outcome == "stopped" else "questions")
        out.print()
        out.print(render_finish(record, title=self.routine.title,
                                step_count=len(self.plan.steps), width=out.width, diary=diary,
                                week=self._week_so_far()))
        if diary not in ("questions", "sign"):
            return

        out.print()
        if session_id is None:
            out.print(messages.SESSION_WAITING)
        if diary == "sign":
            self._after_stop(record, session_id, discomfort_before)
            return
        try:
            entry = ask_after(self.env.ask, self.env.say, at=self.env.now(),
                              before=discomfort_before, session_id=None)
        except CheckinCancelled:
            self._keep_before(discomfort_before)
            out.print("\n" + messages.SESSION_SAVED_NO_ENTRY)
            return
        if diary == "questions" and not signs.has_urgent(entry.flags):
            entry = entry._replace(activities=ask_due(self.env, self.store))
        self._save_entry(entry, session_id)

    def _save_entry(self, entry: DiaryEntry, session_id: int | None) -> None:
        """An entry of this session: through the journal, which links it to the session once
        both are in the diary (see store/journal.py)."""

        with self.interrupts.shielded():
            try:
                self.journal.add_entry(entry, of_session=True)
                moved = self.store.keep(self.journal, 0 if session_id is None else _FIRST_WAIT)
            except JournalUnusable:
                if session_id is None:
                    raise
                self.store.add_entry(entry._replace(session_id=session_id))
                moved = True
        show_saved(self.env, entry, messages.ENTRY_SAVED if moved else messages.ENTRY_WAITING,
                   recent_level(self.env, self.store, entry))

    def _after_stop(self, record: SessionRecord, session_id: int | None,
                    discomfort_before: int | None) -> None:
        """After ``x``: which sign, if any; the entry with every answer; the closing words.

        The entry is written even without a sign, so the score before is kept (with
        neither a score nor a sign there is nothing to keep, and none is written).
        """

        flags: tuple[str, ...] = ()
        try:
            flags = ask_safety(self.env.ask, self.env.say)
        except CheckinCancelled:
            self.out.print()
        if flags or discomfort_before is not None:
            self._save_entry(DiaryEntry(at=self.env.now(), flags=flags,
                                        discomfort_before=discomfort_before), session_id)
        self.out.print()
        self.out.print(render_stop_close(
            record, title=self.routine.title, step_count=len(self.plan.steps),
            width=self.out.width,
            lighter_next=not set(signs.tiers_of(flags)) & {"urgent", "soon"}))

    def _keep_before(self, discomfort_before: int | None) -> None:
        """The answer given before the session, kept when no answers after it will come."""
        if discomfort_before is None or self.options.no_log:
            return

        with self.interrupts.shielded():
            self.journal.add_entry(DiaryEntry(at=self.env.now(),
                                              discomfort_before=discomfort_before),
                                   of_session=True)
            self.store.keep(self.journal, _FIRST_WAIT)

    def _week_so_far(self) -> WeekSoFar:
        """How the week this session counted in stands: the plan week when a plan is active,
        else the calendar week against the weekly target."""

        count = week_count(self.env, self.env.now().date())
        return WeekSoFar(count.done, count.target, count.line())

    # -- endings --------------------------------------------------------------------------

    def _status(self, record: SessionRecord | None) -> int:
        """128 + the signal that ended things; 130 for a session that did not finish."""
        if self.interrupts.received is not None:
            return exit_for_signal(self.interrupts.received)
        if record is None or record.outcome == "interrupted":
            return EXIT_INTERRUPTED
        return EXIT_OK

    def _screen_gone(self, exc: OSError) -> int:
        """The terminal closed, or the reader of the output left: stop quietly."""
        silence(self.env.stdout)
        silence(self.env.stderr)
        if exc.errno == errno.EPIPE and self.interrupts.received is None:
            return EXIT_OK  # a pipe's reader that left is not an error (`| head`)
        return exit_for_signal(self.interrupts.received or signal.SIGHUP)

    def _say(self, line: object) -> None:
        """Show a line unless the screen is gone (then it is simply not shown)."""
        with contextlib.suppress(OSError, ValueError):
            self.out.print(line)
