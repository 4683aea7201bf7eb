"""The closing words after ``x`` ("this hurts"): the session again in short, and what next.

Shown after the sign question, so the list of signs has not pushed the
summary out of sight on a small terminal: these lines end the screen.
"""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.text import Text

from crackcoach.diary.records import SessionRecord
from crackcoach.plans.easing import EASE_DAYS
from crackcoach.routines.timeline import format_clock
from crackcoach.views.console import safe
from crackcoach.views.session_text import cut_lines


def _clock(seconds: float) -> str:
    clock = format_clock(round(seconds))
    return clock[1:] if clock.startswith("0") and len(clock) == 5 else clock


def render_stop_close(record: SessionRecord, *, title: str, step_count: int, width: int,
                      lighter_next: bool = True) -> RenderableType:
    """The stopped session in two lines, kind words, and the lighter days to come.

    ``lighter_next`` is False when a sign was chosen whose advice is to pause or
    get help: a lighter session is then not what comes next.
    """
    step = record.stopped_step or "a step"
    head = Text.assemble(Text("Session stopped: ", style="bold"),
                         safe(title, "bold", single_line=True))
    active = max(0.0, record.actual_seconds - record.paused_seconds)
    done = len(record.steps_completed)
    rows: list[RenderableType] = [
        head,
        Text.assemble("It hurt during ", safe(step, "bold", single_line=True),
                      f"; {done} of {step_count} step{'s' if step_count != 1 else ''} done, "
                      f"{_clock(active)} of {_clock(record.planned_seconds)}."),
        Text(),
    ]
    words = ("Stopping when something hurts is the right thing to do, and it is kept in "
             "your diary. Rest, move gently, and be kind to your back today.")
    rows += [Text(line) for line in cut_lines(words, width)]
    if lighter_next:
        shown = safe(step, single_line=True).plain
        rows += [Text(line) for line in cut_lines(
            f"For the next {EASE_DAYS} days 'crackcoach start' plays the easier versions, "
            f"with {shown} eased or left out; the full routine stays a typed word away.",
            width)]
    return Group(*rows)
