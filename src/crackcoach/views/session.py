"""What a guided session looks like: the screen before it, the live view, plain lines, the end.

The live view only renders :class:`crackcoach.runner.Snapshot` objects handed
to it by the runner; it keeps no time of its own and never waits. The plain
printer writes one line per phase change for pipes, logs and screen readers.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import TextIO

from rich.console import Console, Group, RenderableType
from rich.live import Live
from rich.text import Text

from crackcoach.records import SessionRecord
from crackcoach.routines import Routine
from crackcoach.runner import Event, Snapshot
from crackcoach.textsafe import printable
from crackcoach.timeline import Phase, Timeline, format_clock, format_seconds_short
from crackcoach.views.console import safe

KEYS_LINE = "space pause · n next step · b back · q quit · ? help"
KEYS_SHORT = "space pause · n next · b back · q quit"  # for terminals under 52 columns
KEYS_HELP = (
    ("space", "pause; press again to resume (a paused clock does not move)"),
    ("n", "skip to the next step"),
    ("b", "back to the start of this step; twice quickly: the previous step"),
    ("q", "end the session now (Ctrl-C does the same)"),
    ("?", "show or hide these keys"),
)
SAFETY = (
    "Warm up first: the opening step is there to get blood moving.",
    "Move slowly and breathe out into each stretch; never bounce or jerk.",
    "Go as far as a mild, easy tension - never into pain.",
    "A crack may happen or not; it is not the aim, so never push or twist to get one.",
    "Stop straight away if you feel sharp, shooting or spreading pain, numbness or "
    "tingling, and have it looked at.",
    "Numbness between the legs, new trouble controlling your bladder or bowels, or new leg "
    "weakness need urgent care today: do not start the routine.",
)
DISCLAIMER = "crackcoach guides a routine; it does not diagnose or treat anything."
START_PROMPT = "Press Enter to start, or q to leave."

_DIGITS = {
    "0": ("███", "█ █", "█ █", "█ █", "███"),
    "1": (" █ ", "██ ", " █ ", " █ ", "███"),
    "2": ("███", "  █", "███", "█  ", "███"),
    "3": ("███", "  █", "███", "  █", "███"),
    "4": ("█ █", "█ █", "███", "  █", "  █"),
    "5": ("███", "█  ", "███", "  █", "███"),
    "6": ("███", "█  ", "███", "█ █", "███"),
    "7": ("███", "  █", "  █", "  █", "  █"),
    "8": ("███", "█ █", "███", "█ █", "███"),
    "9": ("███", "█ █", "███", "  █", "███"),
    ":": (" ", "█", " ", "█", " "),
}
_LABELS = {"prepare": "GET READY", "hold": "HOLD", "rest": "REST", "timed": "GO",
           "move": "MOVE"}
_HOLD_BAR_MARGIN = 12
_SESSION_BAR_MARGIN = 24
_BIG_MIN_HEIGHT = 24
_BIG_MIN_WIDTH = 40
_ROOMY_MIN_HEIGHT = 15  # the smallest frame with its spacer rows takes 14

# -- before the session -------------------------------------------------------------------


def render_prestart(routine: Routine, timeline: Timeline, *, width: int, overrides: str = "",
                    interactive: bool = True) -> RenderableType:
    """Title, length, cautions and the safety reminder shown before the first step."""
    parts: list[RenderableType] = [safe(routine.title, "bold", single_line=True)]
    steps = len(timeline.steps)
    length = Text(f"{format_seconds_short(round(timeline.total))} · {steps} "
                  f"step{'s' if steps != 1 else ''}")
    if overrides:
        length.append(f" · adjusted for this session: {overrides}", style="dim")
    parts.append(length)
    if routine.summary:
        parts.append(safe(routine.summary))
    cautions = _cautions(routine)
    if cautions:
        parts += [Text(), Text("Take care", style="bold yellow"),
                  *_bullets(cautions, "  !", width, "yellow")]
    parts += [Text(), Text("Before you start", style="bold"), *_bullets(list(SAFETY), "  -", width)]
    parts.append(Text(f"  {DISCLAIMER}", style="dim"))
    parts += [Text(), Text(f"Keys during the session: {KEYS_LINE}", style="dim")]
    if interactive:
        parts.append(Text(START_PROMPT, style="bold"))
    return Group(*parts)


def _bullets(items: list[str], mark: str, width: int, style: str = "") -> list[Text]:
    """A list whose wrapped lines stay indented under their first line."""
    lines: list[Text] = []
    indent = " " * (len(mark) + 1)
    for item in items:
        for number, line in enumerate(_wrap(printable(item), max(20, width - len(indent)))):
            lead = Text(f"{mark} ", style=style) if number == 0 else Text(indent)
            lines.append(lead + Text(line))
    return lines


def _cautions(routine: Routine) -> list[str]:
    found = [routine.caution] if routine.caution else []
    found += [f"{step.name}: {step.caution}" for step in routine.steps if step.caution]
    return [" ".join(text.split()) for text in found]


# -- the live view ------------------------------------------------------------------------


def render_session(routine: Routine, snapshot: Snapshot, width: int, height: int
                   ) -> RenderableType:
    """One frame of the live view for a terminal of ``width`` x ``height``.

    In a terminal under :data:`_ROOMY_MIN_HEIGHT` rows the blank spacer rows go
    and every row is cut to one line, so the countdown, what comes next and the
    keys still fit on the screen.
    """
    phase = snapshot.phase
    if phase is None:
        return Text("")
    step = routine.steps[phase.step_index] if phase.step_index < len(routine.steps) else None
    big = height >= _BIG_MIN_HEIGHT and width >= _BIG_MIN_WIDTH
    tight = height < _ROOMY_MIN_HEIGHT
    gap: list[RenderableType] = [] if tight else [Text()]
    rows: list[RenderableType] = [_header(snapshot, width), *gap]
    rows.append(_line(safe(phase.step_name, "bold", single_line=True)))
    rows.append(_line(Text(_capitalise(phase.position) if phase.position else " ")))
    rows += [*gap, _line(_label(phase, snapshot))]
    if big:
        rows += [Text(), _big_number(snapshot.remaining, dim=snapshot.paused), Text()]
    else:
        rows.append(Text(f"{_countdown(snapshot.remaining)} s left", style="bold"))
    rows.append(_line(_bar(snapshot.phase_fraction, width - _HOLD_BAR_MARGIN) + Text(
        f"  {_countdown(snapshot.remaining)} / {format_seconds_short(phase.seconds)}",
        style="dim")))
    rows += gap
    cue = [_line(Text("Cue: ", style="dim") + safe(phase.cue, "bold italic", single_line=True))
           ] if phase.cue and phase.kind != "flow" else []  # a flow's cue is its label
    used = len(rows) + (4 if big else 0)  # the big digits take five lines
    # Lines left once the ones below are in (next, session, keys and their spacers), less one.
    budget = max(0, height - used - len(cue) - 4 - 3 * len(gap))
    # Without room for every key beside the cue and what comes next, the help replaces them.
    help_only = snapshot.help_visible and budget < len(KEYS_HELP)
    if not help_only:
        rows += cue
    if snapshot.help_visible:
        keys = [_line(Text(f"  {key:<7}", style="bold") + Text(text)) for key, text in KEYS_HELP]
        room = height - used - 2 - 2 * len(gap) if help_only else budget
        rows += [*gap, *keys[:max(room, 1)]]
    elif step is not None and budget:
        rows += [*gap, *_instructions(step.instructions, width, budget)]
    if not help_only:
        rows += [*gap, _line(_next_up(snapshot))]
    rows += gap
    rows.append(_line(Text("Session ") + _bar(snapshot.session_fraction,
                                              width - _SESSION_BAR_MARGIN) +
                      Text(f"  {format_clock(math.ceil(snapshot.session_left))} left")))
    rows.append(_line(Text(KEYS_LINE if width >= len(KEYS_LINE) else KEYS_SHORT, style="dim")))
    return Group(*rows)


def _line(text: Text) -> Text:
    """``text`` kept to one line: cut with an ellipsis rather than wrapped."""
    text.no_wrap = True
    text.overflow = "ellipsis"
    return text


def frame_key(snapshot: Snapshot, width: int, height: int) -> tuple[object, ...]:
    """Everything :func:`render_session` shows, coarsened to what can be seen.

    Two snapshots with the same key draw the same frame, so the live view only
    writes to the terminal when something visible changed.
    """
    return (
        width, height, snapshot.phase_index, snapshot.paused, snapshot.suspended,
        snapshot.help_visible,
        _countdown(snapshot.remaining), int(snapshot.position),
        math.ceil(snapshot.session_left),
        _cells(snapshot.phase_fraction, width - _HOLD_BAR_MARGIN),
        _cells(snapshot.session_fraction, width - _SESSION_BAR_MARGIN),
        int(snapshot.paused_seconds) if snapshot.paused else 0,
    )


def _header(snapshot: Snapshot, width: int) -> Text:
    left = safe(snapshot.title, "bold", single_line=True)
    where = f"{format_clock(snapshot.position)} / {format_clock(snapshot.total)}"
    right = Text(f"step {snapshot.step_number} of {snapshot.step_count} · {where}", style="dim")
    if len(left) + 2 + len(right) > width:  # narrow: a shorter right side, then a cut title
        right = Text(f"{snapshot.step_number}/{snapshot.step_count} · {where}", style="dim")
        left.truncate(max(1, width - len(right) - 2), overflow="ellipsis")
    gap = max(2, width - len(left) - len(right))
    return _line(left + Text(" " * gap) + right)


def _label(phase: Phase, snapshot: Snapshot) -> Text:
    if snapshot.paused:
        # Back from Ctrl-Z: `_line` cuts this at the width, so "press space" comes first.
        back = " - welcome back, get into position" if snapshot.suspended else ""
        return Text(f" PAUSED {format_clock(snapshot.paused_seconds)} - press space to resume"
                    f"{back} ", style="bold reverse")
    if phase.kind == "switch":
        text = f"SWITCH TO THE {phase.side.upper()} SIDE" if phase.side else "SWITCH SIDES"
    elif phase.kind == "flow":
        return safe(phase.cue or "FLOW", "bold cyan", single_line=True)
    else:
        text = _LABELS.get(phase.kind, phase.kind.upper())
    style = {"prepare": "bold yellow", "rest": "bold blue", "switch": "bold magenta"}
    return Text(text, style=style.get(phase.kind, "bold green"))


def _countdown(remaining: float) -> str:
    whole = math.ceil(round(remaining, 6))
    return str(whole) if whole < 60 else f"{whole // 60}:{whole % 60:02d}"


def _big_number(remaining: float, *, dim: bool) -> Text:
    glyphs = [_DIGITS[char] for char in _countdown(remaining)]
    lines = ["  ".join(glyph[row].replace("█", "██").replace(" ", "  ") for glyph in glyphs)
             for row in range(5)]
    return Text("\n".join("   " + line for line in lines), style="dim" if dim else "bold")


def _cells(fraction: float, width: int) -> int:
    return round(fraction * max(10, width))


def _bar(fraction: float, width: int) -> Text:
    width = max(10, width)
    done = _cells(fraction, width)
    return Text("█" * done, style="green") + Text("░" * (width - done), style="dim")


def _instructions(text: str, width: int, budget: int) -> list[RenderableType]:
    lines: list[str] = []
    for paragraph in printable(text).strip().splitlines():
        lines += _wrap(paragraph, max(20, width - 2))
    if len(lines) > budget:
        lines = [*lines[:budget - 1], lines[budget - 1].rstrip() + " ..."]
    return [Text(line) for line in lines]


def _wrap(paragraph: str, width: int) -> list[str]:
    words = paragraph.split()
    lines: list[str] = []
    current = ""
    for word in words:
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    return [*lines, current] if current else lines or [""]


def _next_up(snapshot: Snapshot) -> Text:
    after, current = snapshot.next_phase, snapshot.phase
    if after is None:
        return Text("Next: the end of the session", style="dim")
    if current is not None and after.step_index == current.step_index:
        action = f"go for {after.action}" if after.kind == "timed" else after.action
        detail = " - ".join(part for part in (after.position, action) if part)
        return Text("Next: ", style="dim") + safe(detail, single_line=True)
    return Text("Next step: ", style="dim") + safe(after.step_name, "bold", single_line=True)


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


class LiveSessionView:
    """The full-screen live view; a runner listener, used as a context manager."""

    def __init__(self, console: Console, routine: Routine) -> None:
        self._console = console
        self._routine = routine
        self._live = self._new_live()
        self._shown: tuple[object, ...] | None = None

    def _new_live(self) -> Live:
        return Live(console=self._console, screen=True, auto_refresh=False,
                    redirect_stdout=False, redirect_stderr=False, vertical_overflow="crop")

    def __enter__(self) -> LiveSessionView:
        self._live.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._live.stop()

    def on_event(self, event: Event, snapshot: Snapshot) -> None:
        """Redraw from ``snapshot``; the runner calls this a few times a second.

        On "suspend" (Ctrl-Z) the full screen is left and the cursor shown, so
        the shell gets its screen back; on "continue" (``fg``) it is entered
        again and drawn in full.
        """
        if event == "end":
            return
        if event == "suspend":
            self._live.stop()
            return
        if event == "continue":
            self._live.stop()  # a no-op unless the stop was one crackcoach could not catch
            self._live = self._new_live()
            self._live.start()
            self._shown = None
        width, height = self._console.size
        key = frame_key(snapshot, width, height)
        if key == self._shown:
            return  # nothing visible changed: spare the terminal a full redraw
        self._shown = key
        self._live.update(render_session(self._routine, snapshot, width, height), refresh=True)


# -- plain mode and the dry run -----------------------------------------------------------


def phase_line(at: float, phase: Phase) -> str:
    """"[02:40] Thoracic rotation - rep 1 of 2 - left side - hold 20 s"."""
    return f"[{format_clock(round(at, 3))}] {printable(phase.describe(), single_line=True)}"


class PlainPrinter:
    """One line per phase change, for pipes, log files and screen readers; no redraws."""

    def __init__(self, stream: TextIO) -> None:
        self._write: Callable[[str], object] = stream.write
        self._flush = stream.flush

    def on_event(self, event: Event, snapshot: Snapshot) -> None:
        """Print what changed; ticks print nothing."""
        now = f"[{format_clock(round(snapshot.elapsed, 3))}]"
        if event == "phase" and snapshot.phase is not None:
            self._line(phase_line(snapshot.phase_began, snapshot.phase))
        elif event == "pause":
            self._line(f"{now} paused - press space to resume")
        elif event == "resume":
            self._line(f"{now} resumed")
        elif event == "skip":
            self._line(f"{now} skipped to the next step")
        elif event == "back" and snapshot.phase is not None:
            name = printable(snapshot.phase.step_name, single_line=True)
            self._line(f"{now} back to the start of {name}")
        elif event == "help":
            self._line(f"{now} keys: {KEYS_LINE}")
        elif event == "suspend":
            self._line(f"{now} paused - stopped with Ctrl-Z")
        elif event == "continue" and snapshot.paused:
            self._line(f"{now} back - get into position, then press space to resume")

    def _line(self, text: str) -> None:
        self._write(text + "\n")
        self._flush()


def dry_run_text(timeline: Timeline, *, overrides: str = "") -> str:
    """Every phase with its start time, then the total: what ``--dry-run`` prints."""
    title = printable(timeline.title, single_line=True)
    lines = [f"{title} ({timeline.routine})" + (f" - {overrides}" if overrides else "")]
    lines += [phase_line(phase.start, phase) for phase in timeline.phases]
    steps = len(timeline.steps)
    lines.append(f"Total: {format_clock(math.ceil(round(timeline.total, 6)))} "
                 f"({format_seconds_short(round(timeline.total, 1))}, {steps} "
                 f"step{'s' if steps != 1 else ''}, {len(timeline.phases)} phases)")
    return "\n".join(lines) + "\n"


# -- the end ------------------------------------------------------------------------------


def render_summary(record: SessionRecord, title: str, step_count: int) -> RenderableType:
    """Steps completed and skipped, time spent and time paused."""
    heading = {"completed": "Session complete", "quit": "Session ended early",
               "interrupted": "Session interrupted"}[record.outcome]
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
