"""The bell and speech never get in a session's way; raw terminal input becomes keys."""

from __future__ import annotations

import io
import sys
import time
from pathlib import Path

import pytest

from crackcoach.routines.model import Routine, Step
from crackcoach.routines.timeline import build
from crackcoach.session.keys import ENTER, NoKeys, split_keys
from crackcoach.session.runner import Snapshot
from crackcoach.session.sound import Sound, Speaker, find_speech_program, no_speech_message

TIMELINE = build(Routine(name="r", title="R", steps=(
    Step("Rotation", "hold", "Turn.", prepare=0, hold=5, sides=("left", "right"), switch=2),)))


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


class FakeSpeaker(Speaker):
    def __init__(self) -> None:
        super().__init__(command=("speak",))
        self.said: list[str] = []

    def say(self, text: str) -> None:
        self.said.append(text)


def at(index: int) -> Snapshot:
    phase = TIMELINE.phases[index]
    return Snapshot(title="R", phase=phase, phase_index=index, phase_count=3, next_phase=None,
                    step_number=1, step_count=1, remaining=phase.seconds,
                    phase_began=phase.start, elapsed=phase.start, position=phase.start,
                    total=TIMELINE.total, paused=False, paused_seconds=0, help_visible=False,
                    finished=False, outcome=None)


def test_speech_programs_are_found_in_order_of_preference() -> None:
    found = {"say": "/usr/bin/say", "espeak": "/usr/bin/espeak"}
    assert find_speech_program(found.get) == ("/usr/bin/espeak", "--stdin")
    assert find_speech_program({"say": "/usr/bin/say"}.get) == ("/usr/bin/say", "-f", "-")
    assert find_speech_program(lambda name: None) is None
    assert "espeak-ng, espeak, say" in no_speech_message()


def test_a_speech_program_that_cannot_start_turns_speech_off_quietly(tmp_path: Path) -> None:
    speaker = Speaker(command=(str(tmp_path / "missing-espeak"), "--stdin"))
    speaker.say("Rotation")
    assert speaker.problem is not None and "missing-espeak" in speaker.problem
    speaker.say("again")  # no second attempt, no exception
    speaker.close()


def test_text_goes_to_the_speech_program_on_standard_input(tmp_path: Path) -> None:
    heard = tmp_path / "heard.txt"
    program = f"import sys; open({str(heard)!r}, 'w').write(sys.stdin.read())"
    speaker = Speaker(command=(sys.executable, "-c", program))
    speaker.say("-w /tmp/not-an-option\x1b[2J")
    deadline = time.monotonic() + 10
    while not heard.exists() or not heard.read_text():
        assert time.monotonic() < deadline, "the speech program never got the text"
        time.sleep(0.02)
    speaker.close()
    assert heard.read_text() == "-w /tmp/not-an-option\\x1b[2J\n"


def test_bell_at_each_phase_and_voice_for_steps_and_switches() -> None:
    terminal, speaker = Terminal(), FakeSpeaker()
    sound = Sound(terminal, bell=True, speaker=speaker)
    for index in range(3):
        sound.on_event("phase", at(index))
    sound.on_event("tick", at(2))
    assert terminal.getvalue() == "\a\a\a"
    assert speaker.said == ["Rotation, left side.", "Switch to the right side."]


def test_quiet_or_a_pipe_means_no_bell() -> None:
    terminal, pipe = Terminal(), io.StringIO()
    Sound(terminal, bell=False, speaker=None).on_event("phase", at(0))
    Sound(pipe, bell=True, speaker=None).on_event("phase", at(0))
    assert terminal.getvalue() == pipe.getvalue() == ""


def test_raw_input_becomes_keys_and_escape_sequences_are_dropped() -> None:
    assert split_keys(" n\r") == [" ", "n", ENTER]
    assert split_keys("\x1b[A\x1b[1;5Cq\x1bOPb") == ["q", "b"]
    with pytest.raises(KeyboardInterrupt):
        split_keys("\x03")


def test_without_a_terminal_reading_keys_just_waits() -> None:
    assert NoKeys().read(0.01) is None
