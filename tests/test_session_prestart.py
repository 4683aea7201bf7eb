"""The opening screen: whole at 80x24, and fitted to any terminal so the title stays in view."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from rich.console import Console

from crackcoach.routines.model import Routine, Step
from crackcoach.routines.reader import load_routine
from crackcoach.routines.timeline import build
from crackcoach.safety import signs
from crackcoach.views.session import START_PROMPT, render_prestart

ROUTINES = Path(__file__).resolve().parents[1] / "routines"
BUILTIN = sorted(ROUTINES.glob("*.yaml"))
ROUTINE = Routine(name="r", title="Back reset", steps=(
    Step("Thoracic rotation", "hold", "Turn.", prepare=5, hold=20, reps=2,
         sides=("left", "right"), switch=5, rest=10),
    Step("Cat-cow", "timed", "Round and sag.", prepare=0, seconds=60),
))


def text(renderable: object, width: int, height: int = 40, *, terminal: bool = False) -> str:
    console = Console(file=io.StringIO(), width=width, height=height, color_system=None,
                      force_terminal=terminal)
    console.print(renderable)
    output = console.file.getvalue()  # type: ignore[attr-defined]
    assert isinstance(output, str)
    return re.sub("\x1b\\[[0-9;]*m", "", output)


def test_prestart_names_the_routine_its_length_and_the_safety_points() -> None:
    lines = text(render_prestart(ROUTINE, build(ROUTINE), width=100, overrides="quick"),
                 100).splitlines()
    assert lines[:2] == ["Back reset", "2 min 45 s · 2 steps · adjusted for this session: quick"]
    assert "  - Go as far as a mild, easy tension - never into pain." in lines
    assert lines[-2:] == [
        "Keys during the session: space pause · n next step · b back · q quit · ? help",
        START_PROMPT]
    plain = text(render_prestart(ROUTINE, build(ROUTINE), width=100, interactive=False), 100)
    assert "Press Enter" not in plain and "Keys during the session" in plain  # e.g. --plain
    piped = text(render_prestart(ROUTINE, build(ROUTINE), width=100, interactive=False,
                                 keys=False), 100)
    assert "Keys" not in piped  # no key works without a terminal to type in


def test_keys_are_listed_where_they_work_and_notes_come_just_before_the_prompt() -> None:
    shown = render_prestart(ROUTINE, build(ROUTINE), width=80, interactive=False,
                            stop_key=True, notes=["--voice: no speech program found"])
    assert text(shown, 80).splitlines()[-2:] == [
        "Keys: space pause · n next step · b back · x this hurts · q quit · ? help",
        "--voice: no speech program found"]


def test_back_reset_at_80x24_says_every_point_with_a_row_left_for_the_cursor() -> None:
    """The full reminders no longer fit beside the cautions: the short ones say every point,
    every urgent sign and the neck rule included."""
    routine = load_routine(ROUTINES / "back-reset.yaml")
    shown = text(render_prestart(routine, build(routine), width=80, height=24, stop_key=True),
                 80)
    assert shown == """\
Back reset
10 min 15 s · 6 steps
You need: an exercise mat, a foam roller
Take care
  ! Move slowly and stay in a range that feels like mild tension.
  ! Upper-back foam rolling: Keep the roller on the upper back only. Never roll
    the lower back: there are no ribs there to share the load.
Before you start
  - Warm up, move slowly, go to mild tension - never into pain; never bounce,
    never force a crack, and never crack or twist your neck.
  - Sharp, shooting or spreading pain, numbness or tingling: stop.
  - Urgent care today, and do not start: numbness between the legs; new bladder,
    bowel or sexual problems; new or fast-worsening leg weakness, or pain and
    numbness down both legs; severe pain after a fall or accident; sudden chest
    or upper-back pain with breathlessness or sweating; or dizziness, double
    vision, slurred speech or a sudden headache after a neck crack.
  crackcoach guides a routine; it does not diagnose or treat anything.
Keys: space pause · n next step · b back · x this hurts · q quit · ? help
Press Enter to start, or q to leave.
"""


@pytest.mark.parametrize(("width", "height"), [(100, 30), (80, 24), (60, 24)], ids=str)
@pytest.mark.parametrize("path", BUILTIN, ids=[p.stem for p in BUILTIN])
def test_every_routine_s_opening_screen_fits_with_its_title_and_cautions(
        path: Path, width: int, height: int) -> None:
    routine = load_routine(path)
    for stop_key in (False, True):
        lines = text(render_prestart(routine, build(routine), width=width, height=height,
                                     stop_key=stop_key, overrides="hold 30 s"),
                     width).splitlines()
        assert len(lines) < height, (len(lines), lines)
        assert lines[0] == routine.title and lines[-1] == START_PROMPT
        assert all(len(line) <= width for line in lines)
        shown = " ".join(line.strip() for line in lines)
        for step in routine.steps:
            if step.caution:
                assert " ".join(step.caution.split()) in shown, step.name
        assert "numbness or tingling" in shown and "urgent care today" in shown.lower()
        for flag in signs.FLAGS:  # every urgent sign, whichever version fits
            assert flag.tier != "urgent" or flag.short in shown, flag.key


@pytest.mark.parametrize("path", BUILTIN, ids=[p.stem for p in BUILTIN])
def test_a_first_run_check_reminder_still_leaves_the_title_in_view_at_60x24(path: Path
                                                                            ) -> None:
    routine = load_routine(path)
    note = signs.first_check_reminder(["osteoporosis", "recent-fall"])
    lines = text(render_prestart(routine, build(routine), width=60, height=24, stop_key=True,
                                 notes=[note]), 60).splitlines()
    assert len(lines) < 24 and lines[0] == routine.title and lines[-1] == START_PROMPT
    shown = " ".join(line.strip() for line in lines)
    assert " ".join(note.split()) in shown and "urgent care today" in shown.lower()


def test_without_a_height_it_fits_the_terminal_it_is_printed_on() -> None:
    routine = load_routine(ROUTINES / "back-reset.yaml")
    shown = render_prestart(routine, build(routine), width=60)
    in_a_terminal = text(shown, 60, 24, terminal=True).splitlines()
    in_a_file = text(shown, 60, 24).splitlines()
    assert len(in_a_terminal) < 24 < len(in_a_file)
    assert in_a_terminal[0] == in_a_file[0] == "Back reset"
