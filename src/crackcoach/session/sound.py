"""The bell at each phase change, and speech with ``--voice``.

Both are off the critical path: the bell is one byte written to the
terminal, and speech runs in a separate process that the session never waits
for. Nothing here may break a session: a speech program that is missing,
fails to start or dies is reported once and then left alone.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from crackcoach.base.terminal import is_tty
from crackcoach.base.textsafe import printable
from crackcoach.base.typenames import TYPE_CHECKING

if TYPE_CHECKING:
    from typing import TextIO

    from crackcoach.session.runner import Event, Snapshot

# Each program reads the text from standard input, so a step name that begins
# with "-" can never be taken for an option.
SPEECH_PROGRAMS: tuple[tuple[str, ...], ...] = (
    ("espeak-ng", "--stdin"),
    ("espeak", "--stdin"),
    ("say", "-f", "-"),
)
BELL = "\a"


def find_speech_program(which: Callable[[str], str | None] = shutil.which
                        ) -> tuple[str, ...] | None:
    """The first speech program on PATH with its arguments, or ``None``."""
    for name, *args in SPEECH_PROGRAMS:
        path = which(name)
        if path:
            return (path, *args)
    return None


def no_speech_message() -> str:
    """What to tell someone who asked for --voice on a machine that cannot speak."""
    names = ", ".join(program[0] for program in SPEECH_PROGRAMS)
    return (f"--voice: no speech program found (looked for {names} on PATH); "
            "the session runs without speech")


@dataclass
class Speaker:
    """Speaks short texts through an external program without ever waiting for it."""

    command: Sequence[str]
    problem: str | None = None
    _current: subprocess.Popen[bytes] | None = None

    def say(self, text: str) -> None:
        """Start saying ``text``, cutting off whatever is still being said."""
        if self.problem is not None:
            return
        self._stop_current()
        try:
            process = subprocess.Popen(
                list(self.command), stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL, start_new_session=True)
            assert process.stdin is not None
            # A few dozen bytes always fit in the pipe, so this write cannot block.
            process.stdin.write(printable(text, single_line=True).encode("utf-8") + b"\n")
            process.stdin.close()
        except OSError as exc:
            self.problem = f"--voice: {self.command[0]} failed ({exc}); speech is off"
            return
        self._current = process

    def close(self) -> None:
        """Stop speaking and reap the speech process."""
        self._stop_current()

    def _stop_current(self) -> None:
        process, self._current = self._current, None
        if process is None or process.poll() is not None:
            return
        try:
            process.terminate()
            process.wait(timeout=1)
        except (OSError, subprocess.TimeoutExpired):
            process.kill()


class Sound:
    """The bell and the optional voice, driven by what happens in a session."""

    def __init__(self, stream: TextIO | None, *, bell: bool, speaker: Speaker | None) -> None:
        self._stream = stream if bell and stream is not None and is_tty(stream) else None
        self.speaker = speaker
        self._announced_step: int | None = None

    def on_event(self, event: Event, snapshot: Snapshot) -> None:
        """Runner listener: a bell at each phase change; step names and switches spoken."""
        if event == "back":
            self._announced_step = None
        elif event == "end" and snapshot.outcome == "completed":
            self.ring()
            self.say("Session complete.")
        elif event == "phase" and snapshot.phase is not None:
            self.ring()
            if self.speaker is not None:
                self._announce(snapshot)

    def _announce(self, snapshot: Snapshot) -> None:
        phase = snapshot.phase
        assert phase is not None
        if phase.step_index != self._announced_step:
            self._announced_step = phase.step_index
            side = f", {phase.side} side" if phase.side else ""
            self.say(f"{phase.step_name}{side}.")
        elif phase.kind == "switch":
            self.say(f"Switch to the {phase.side} side." if phase.side else "Switch sides.")
        elif phase.kind == "rest":
            self.say("Rest.")

    @property
    def problem(self) -> str | None:
        """A message about speech that stopped working, if it did."""
        return self.speaker.problem if self.speaker else None

    def ring(self) -> None:
        """A short bell, if the bell is on and the output is a terminal."""
        if self._stream is None:
            return
        try:
            self._stream.write(BELL)
            self._stream.flush()
        except (OSError, ValueError):
            self._stream = None

    def say(self, text: str) -> None:
        """Speak ``text`` if speech is on."""
        if self.speaker is not None:
            self.speaker.say(text)

    def close(self) -> None:
        """Stop any speech still running."""
        if self.speaker is not None:
            self.speaker.close()
