"""What a guided session looks like: the screen before it, the live view, plain lines, the end.

This module holds the opening and finish screens and gathers the rest, so a
caller needs one import: the live view is in :mod:`.session_live`, plain
lines and the dry run in :mod:`.session_plain`, the shared wording in
:mod:`.session_text`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Literal, NamedTuple

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.text import Text

from crackcoach.base import messages
from crackcoach.diary.records import SessionRecord
from crackcoach.routines.model import Routine
from crackcoach.routines.timeline import Timeline, format_clock, format_seconds_short
from crackcoach.safety import signs
from crackcoach.views.console import safe
from crackcoach.views.session_live import LiveSessionView, frame_key, render_session
from crackcoach.views.session_plain import PlainPrinter, dry_run_text, phase_line
from crackcoach.views.session_text import (
    DISCLAIMER,
    KEYS_HELP,
    KEYS_LINE,
    KEYS_SHORT,
    SAFETY,
    SAFETY_COMPACT,
    SAFETY_SHORT,
    START_PROMPT,
    cut_lines,
    keys_line,
    one_line,
    paragraphs,
)

__all__ = [
    "DISCLAIMER", "KEYS_HELP", "KEYS_LINE", "KEYS_SHORT", "SAFETY", "START_PROMPT",
    "DiaryNext", "LiveSessionView", "PlainPrinter", "WeekSoFar", "dry_run_text", "frame_key",
    "phase_line", "render_finish", "render_prestart", "render_session", "render_summary",
]

# -- before the session -------------------------------------------------------------------


def render_prestart(routine: Routine, timeline: Timeline, *, width: int,
                    height: int | None = None, overrides: str = "", interactive: bool = True,
                    keys: bool = True, stop_key: bool = False,
                    notes: Sequence[str] = ()) -> RenderableType:
    """Title, length, equipment, cautions and the safety reminder shown before the first step.

    It fits in ``height`` rows, keeping a row for the cursor below the prompt,
    so the title never scrolls out of sight: blank rows go first, then the
    summary, then the safety points are said in fewer words, then (only if
    still needed) the disclaimer, and last the safety points are said in the
    fewest lines, without their heading; the cautions always stay whole. Without
    ``height`` it fits the terminal it is printed on, and is printed whole
    anywhere else (a pipe, a file).

    ``interactive`` adds the "Press Enter" prompt; ``keys`` lists the keys
    (pass False where no key works, e.g. standard input is not a terminal);
    ``stop_key`` adds the "this hurts" key to them; ``notes`` are shown just
    above the prompt, where they are seen (e.g. "--voice: no speech program").
    """
    versions = [_prestart_rows(routine, timeline, width, overrides=overrides,
                               prompt=interactive, keys=keys, stop_key=stop_key,
                               notes=notes, level=level) for level in range(6)]
    if height is not None:
        return Group(*_fitting(versions, height))
    return _FitsTheScreen(versions)


class _FitsTheScreen:
    """The first of several versions that fits the terminal's height when printed."""

    def __init__(self, versions: list[list[Text]]) -> None:
        self._versions = versions

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        if options.is_terminal:
            yield from _fitting(self._versions, options.max_height)
        else:
            yield from self._versions[0]


def _fitting(versions: list[list[Text]], height: int) -> list[Text]:
    """The roomiest version that leaves a row for the cursor, or the most compact one."""
    return next((rows for rows in versions if len(rows) < height), versions[-1])


def _prestart_rows(routine: Routine, timeline: Timeline, width: int, *, overrides: str,
                   prompt: bool, keys: bool, stop_key: bool, notes: Sequence[str],
                   level: int) -> list[Text]:
    """The opening screen, each row one line; higher levels are shorter (see render_prestart)."""
    gap = [Text()] if level == 0 else []
    rows = [_one_row(safe(routine.title, "bold", single_line=True))]
    steps = len(timeline.steps)
    length = f"{format_seconds_short(round(timeline.total))} · {steps} step{'s' * (steps != 1)}"
    rows += [Text(line) for line in cut_lines(length, width)]
    if overrides:
        rows += [Text(line, style="dim")
                 for line in cut_lines(f"adjusted for this session: {one_line(overrides)}",
                                  width)]
        if len(rows) == 3 and len(rows[1]) + 3 + len(rows[2]) <= width:
            rows[1:] = [rows[1] + Text(" · ") + rows[2]]  # on one row when it fits
    if routine.summary and level < 2:
        rows += [Text(line) for paragraph in paragraphs(routine.summary)
                 for line in cut_lines(paragraph, width)]
    equipment = routine.equipment_needed()
    if equipment:
        rows += [Text(line) for line in cut_lines(f"You need: {one_line(', '.join(equipment))}",
                                             width)]
    cautions = _cautions(routine)
    if cautions:
        rows += [*gap, Text("Take care", style="bold yellow"),
                 *_bullets(cautions, "  !", width, "yellow")]
    reminders = SAFETY if level < 3 else SAFETY_SHORT if level < 5 else SAFETY_COMPACT
    heading = [Text("Before you start", style="bold")] if level < 5 else []
    rows += [*gap, *heading, *_bullets(reminders, "  -", width)]
    if level < 4:  # the last to go, and only when a note (e.g. first-run check) needs the room
        rows += [Text(f"  {line}", style="dim") for line in cut_lines(DISCLAIMER, width - 2)]
    rows += gap if keys or prompt else []
    if keys:
        # The long label only when it costs no key: the keys matter more than the words.
        whole = keys_line(width - 25, stop_key=stop_key) == keys_line(stop_key=stop_key)
        label = "Keys during the session: " if whole else "Keys: "
        rows.append(_one_row(Text(label + keys_line(width - len(label), stop_key=stop_key),
                                  style="dim")))
    for note in notes:
        rows += [Text(line, style="bold yellow") for line in cut_lines(one_line(note), width)]
    if prompt:
        rows.append(Text(START_PROMPT, style="bold"))
    return rows


def _one_row(text: Text) -> Text:
    """``text`` kept to one row, cut with an ellipsis."""
    text.no_wrap = True
    text.overflow = "ellipsis"
    return text


def _bullets(items: Iterable[str], mark: str, width: int, style: str = "") -> list[Text]:
    """A list whose wrapped lines stay indented under their first line."""
    lines: list[Text] = []
    indent = " " * (len(mark) + 1)
    for item in items:
        for number, line in enumerate(cut_lines(one_line(item), max(20, width - len(indent)))):
            lead = Text(f"{mark} ", style=style) if number == 0 else Text(indent)
            lines.append(_one_row(lead + Text(line)))
    return lines


def _cautions(routine: Routine) -> list[str]:
    found = [routine.caution] if routine.caution else []
    found += [f"{step.name}: {step.caution}" for step in routine.steps if step.caution]
    return found


# -- the end ------------------------------------------------------------------------------

DiaryNext = Literal["questions", "sign", "saved", "log-later", "waiting"]
"""What follows the finish screen: the comfort questions; only the safety sign that made
the person stop (after ``x``); nothing more (already saved); nothing more and no
terminal to answer on, so ``crackcoach log`` later; or nothing more, saved in the journal
while another program keeps the diary busy."""


class WeekSoFar(NamedTuple):
    """The week this session counted in: sessions in it (this one included), what the week
    asks for, and the week in words (a plan week or the week of the weekly target)."""

    sessions: int
    target: int
    text: str = ""  # e.g. "4 of 10 planned sessions in plan week 3 (Wed 21 Jan - Tue 27 Jan)"


_HEADINGS = {"completed": "Session complete", "quit": "Session ended early",
             "interrupted": "Session interrupted", "stopped": "Session stopped"}
_WELL_DONE = {
    "completed": "Well done: that was the whole routine. Get up slowly.",
    "quit": "Ending early is fine: what you did is kept.",
    "interrupted": "What you did is kept.",
    "stopped": signs.AFTER_STOPPING,
}
_DIARY_NEXT = {
    "questions": "Next: a few questions on how your back feels now, for your comfort diary.",
    "sign": "Next: whether one of these signs made you stop; then a word on what comes next.",
    "saved": "Saved to your diary; 'crackcoach stats' shows how your weeks compare.",
    "log-later": "Saved to your diary. Note how you feel with 'crackcoach log'.",
    "waiting": messages.SESSION_WAITING,
}


def render_summary(record: SessionRecord, title: str, step_count: int) -> RenderableType:
    """Steps completed and skipped, time spent and time paused."""
    heading = _HEADINGS.get(record.outcome, "Session ended")
    rows: list[RenderableType] = [
        Text(f"{heading}: ", style="bold") + safe(title, "bold", single_line=True)]
    done = Text(f"Steps completed: {len(record.steps_completed)} of {step_count}")
    if record.steps_completed:
        done += Text(" (") + safe(", ".join(record.steps_completed), single_line=True) + \
            Text(")")
    rows.append(done)
    if record.steps_skipped:
        rows.append(Text("Skipped: ") + safe(", ".join(record.steps_skipped), single_line=True))
    rows.append(Text(f"Time spent: {format_clock(round(record.actual_seconds))} "
                     f"(planned {format_clock(round(record.planned_seconds))}), "
                     f"paused {format_clock(round(record.paused_seconds))}"))
    return Group(*rows)


def render_finish(record: SessionRecord, *, title: str, step_count: int, width: int,
                  diary: DiaryNext = "questions", week: WeekSoFar | None = None
                  ) -> RenderableType:
    """The finish screen: what was done, the time, a short word on it, and what comes next.

    ``diary`` says what follows (see :data:`DiaryNext`); ``week``, when the
    caller has read it from the diary, adds how the week stands.
    """
    heading = f"{_HEADINGS.get(record.outcome, 'Session ended')}: "
    rows = [_one_row(Text.assemble(Text(heading, style="bold"),
                                   safe(title, "bold", single_line=True)))]
    rows += [Text(line) for line in cut_lines(_WELL_DONE.get(record.outcome, ""), width)]
    rows.append(Text())
    count = f"{len(record.steps_completed)} of {step_count} steps:"
    rows += _labelled("Done", record.steps_completed or ["none"], width, lead=count)
    if record.steps_skipped:
        rows += _labelled("Skipped", record.steps_skipped, width)
    if record.outcome == "stopped" and record.stopped_step:
        rows += _labelled("Hurt at", [record.stopped_step], width)
    active = max(0.0, record.actual_seconds - record.paused_seconds)
    time = f"{_clock(active)} of {_clock(record.planned_seconds)} planned"
    if round(record.paused_seconds) > 0:
        time += f", paused {_clock(record.paused_seconds)}"
    rows += _labelled("Time", [time], width)
    if week is not None:
        reached = " - target reached" if week.sessions >= week.target else ""
        said = week.text or f"{week.sessions} of {week.target} sessions"
        rows += _labelled("This week", [f"{said}{reached}"], width)
    rows.append(Text())
    rows += [Text(line, style="bold") for line in cut_lines(_DIARY_NEXT[diary], width)]
    return Group(*rows)


def _labelled(label: str, items: Sequence[str], width: int, *, lead: str = "") -> list[Text]:
    """"Done:      4 of 6 steps: Cat-cow, ..." with wrapped lines under the text, not the label.

    The items (step names), after ``lead``, are kept whole on a line where they
    fit, so a name is not split between two lines.
    """
    indent = 11
    room = max(20, width - indent)
    lines: list[str] = [lead] if lead else []
    for number, item in enumerate(items):
        words = one_line(item) + ("," if number < len(items) - 1 else "")
        if lines and cell_len(lines[-1]) + 1 + cell_len(words) <= room:
            lines[-1] += " " + words
        else:
            lines += cut_lines(words, room)
    return [_one_row(Text.assemble(Text(f"{label + ':' if number == 0 else '':<{indent}}",
                                        style="dim"), line))
            for number, line in enumerate(lines)]


def _clock(seconds: float) -> str:
    """"4:10", "1:02:40": a time of day-to-day length, without a leading zero."""
    clock = format_clock(round(seconds))
    return clock[1:] if clock.startswith("0") and len(clock) == 5 else clock
