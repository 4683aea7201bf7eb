"""The live session view: one frame per visible change, fitted to the terminal.

The view only renders :class:`crackcoach.session.runner.Snapshot` objects handed to it
by the runner; it keeps no time of its own and never waits. Everything a
frame shows that moves with time is taken in whole seconds, so a frame
changes once a second at most (on the second the countdown changes), and
:class:`~crackcoach.views.screen.LineScreen` sends only the rows that changed.

What a person must read comes first when rows are short: the step's
instructions and caution stay whole, and the big digits, then the blank
rows, give way to them; only a very small terminal cuts the instructions.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from rich.console import Console, Group, RenderableType
from rich.text import Text

from crackcoach.routines.model import Routine, Step
from crackcoach.routines.timeline import Phase, cue_at, format_clock
from crackcoach.session.runner import Event, Snapshot
from crackcoach.views.console import safe
from crackcoach.views.screen import LineScreen
from crackcoach.views.session_figure import COLUMN, figure_beside
from crackcoach.views.session_text import (
    cut_lines,
    key_help,
    keys_line,
    one_line,
    paragraphs,
    stop_rule,
)

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
_LABEL_STYLES = {"prepare": "bold yellow", "rest": "bold blue", "switch": "bold magenta"}
_SESSION_LABEL = "Session "
_BIG_MIN_WIDTH = 40  # the widest countdown ("60:00") in big digits takes 36 columns


def render_session(routine: Routine, snapshot: Snapshot, width: int, height: int, *,
                   stop_key: bool = False) -> RenderableType:
    """One frame of the live view for a terminal of ``width`` x ``height``.

    ``stop_key`` says the "this hurts" key (x) works in this session, so the
    stop rule, the keys line and the help name it.
    """
    return Group(*frame_rows(routine, snapshot, width, height, stop_key=stop_key))


def frame_rows(routine: Routine, snapshot: Snapshot, width: int, height: int, *,
               stop_key: bool = False) -> list[Text]:
    """The frame as rows of text, each exactly one terminal row, at most ``height``."""
    if snapshot.phase is None:
        return []
    parts = _parts(routine, snapshot, snapshot.phase, width, height, stop_key=stop_key)
    big = width >= _BIG_MIN_WIDTH
    for digits, gaps in ((big, True), (False, True), (False, False)):
        rows = parts.stack(digits=digits, gaps=gaps)
        if len(rows) <= height:
            return rows
    return parts.squeeze(height)


def frame_key(snapshot: Snapshot, width: int, height: int) -> tuple[object, ...]:
    """Everything :func:`render_session` shows, in the units it is shown in.

    Two snapshots with the same key draw the same frame, so the live view
    renders only when something visible changed: once a second while the
    clock runs, as the countdown changes.
    """
    done, left = whole_seconds(snapshot)
    return (
        width, height, snapshot.phase_index, snapshot.paused, snapshot.suspended,
        snapshot.help_visible, done, left, int(snapshot.position),
        math.ceil(round(snapshot.session_left, 6)),
        int(snapshot.paused_seconds) if snapshot.paused else 0,
    )


def whole_seconds(snapshot: Snapshot) -> tuple[int, int]:
    """Whole seconds done and left in the current phase; for a whole-second phase they add up."""
    if snapshot.phase is None:
        return 0, 0
    left = math.ceil(round(snapshot.remaining, 6))
    done = math.floor(round(snapshot.phase.seconds - snapshot.remaining, 6))
    return max(0, done), max(0, left)


def minutes_seconds(seconds: float) -> str:
    """"0:07", "4:55", "12:00": whole seconds as m:ss."""
    whole = max(0, math.ceil(round(seconds, 6)))
    return f"{whole // 60}:{whole % 60:02d}"


@dataclass
class _Parts:
    """The pieces of one frame, each already one row per line, before they are stacked."""

    header: Text
    step: Text
    position: Text | None
    label: Text
    countdown: Text | None  # "13 s left"; none while paused
    digits: list[Text]
    bar: Text
    cue: list[Text]
    body: list[Text]
    caution: list[Text]
    stop: Text
    next_up: Text
    session: Text
    keys: Text
    figure: list[str]  # the step's drawing beside the big digits; none without room

    def stack(self, *, digits: bool, gaps: bool) -> list[Text]:
        """Every part, with the big countdown and blank rows between groups as asked."""
        gap = [Text()] if gaps else []
        position = [self.position] if self.position is not None else []
        now = [self.label, *gap, *self.digits, *gap] if digits else [self.now()]
        if digits and gaps and self.figure:
            now = [self.label, *_beside([Text(), *self.digits, Text()], self.figure)]
        return [self.header, *gap, self.step, *position, *gap, *now, _line(self.bar), *gap,
                *self.cue, *self.body, *self.caution, *gap, self.stop, self.next_up, *gap,
                self.session, self.keys]

    def now(self) -> Text:
        """What to do now and, without the big digits, the time left, on one row."""
        if self.countdown is None:
            return self.label
        return _line(Text.assemble(self.label, "  ", self.countdown))

    def squeeze(self, height: int) -> list[Text]:
        """The frame for a terminal too small for all of it.

        The header, step, what to do now, the bar, the stop rule and the keys
        always stay; the other rows go to the caution first, then the cue,
        the instructions, what comes next and the session bar.
        """
        step = self.step.copy()
        if self.position is not None:
            step.append(" · ", style="dim")
            step.append_text(self.position)
        step = _line(step)
        room = max(0, height - 6)
        caution = _cut(self.caution, room)
        room -= len(caution)
        cue = self.cue[:room]
        room -= len(cue)
        body = _cut(self.body, room)
        room -= len(body)
        next_up = [self.next_up][:room]
        room -= len(next_up)
        session = [self.session][:room]
        return [self.header, step, self.now(), _line(self.bar), *cue, *body, *caution,
                self.stop, *next_up, *session, self.keys][:max(height, 1)]


def _parts(routine: Routine, snapshot: Snapshot, phase: Phase, width: int, height: int, *,
           stop_key: bool) -> _Parts:
    step = routine.steps[phase.step_index] if phase.step_index < len(routine.steps) else None
    done, left = whole_seconds(snapshot)
    text, hint = stop_rule(width, stop_key=stop_key)
    stop = Text(text, style="bold")
    if hint:
        stop = Text.assemble(stop, "  ", Text(hint, style="reverse"))
    if snapshot.help_visible:
        body = [_line(Text.assemble(Text(f"  {key:<7}", style="bold"), what))
                for key, what in key_help(stop_key=stop_key)]
    else:
        body = _instructions(step, width)
    return _Parts(
        header=_header(snapshot, width),
        step=_line(safe(phase.step_name, "bold", single_line=True)),
        position=_line(Text(_capitalise(phase.position))) if phase.position else None,
        label=_label(phase, snapshot),
        countdown=None if snapshot.paused else Text(_left(left), style="bold"),
        digits=_big_number(left, dim=snapshot.paused),
        bar=_phase_bar(done, phase.seconds, width),
        cue=[] if snapshot.help_visible else _cue(phase, step, done),
        body=body,
        caution=_caution(step, width),
        stop=_line(stop),
        next_up=_line(_next_up(snapshot)),
        session=_line(_session_bar(snapshot, width)),
        keys=_line(Text(keys_line(width, stop_key=stop_key), style="dim")),
        figure=figure_beside(step, phase, done, width, height),
    )


def _beside(rows: list[Text], figure: list[str]) -> list[Text]:
    """``rows`` with the lines of ``figure`` beside them from column :data:`COLUMN` on."""
    out = []
    for row, drawing in zip(rows, figure, strict=True):
        row = row.copy()
        if drawing:
            row.truncate(COLUMN - 2)
            row.pad_right(COLUMN - row.cell_len)
            row.append(drawing, style="cyan")
        out.append(_line(row))
    return out


def _line(text: Text) -> Text:
    """``text`` kept to one row: cut with an ellipsis rather than wrapped."""
    text.no_wrap = True
    text.overflow = "ellipsis"
    return text


def _cut(rows: list[Text], room: int) -> list[Text]:
    """At most ``room`` of ``rows``; an ellipsis marks the last one kept when some go."""
    if len(rows) <= room:
        return rows
    if room <= 0:
        return []
    last = rows[room - 1].copy()
    last.rstrip()
    last.append(" …")
    return [*rows[:room - 1], _line(last)]


def _header(snapshot: Snapshot, width: int) -> Text:
    left = safe(snapshot.title, "bold", single_line=True)
    where = f"{format_clock(snapshot.position)} / {format_clock(snapshot.total)}"
    right = Text(f"step {snapshot.step_number} of {snapshot.step_count} · {where}", style="dim")
    if left.cell_len + 2 + right.cell_len > width:  # narrow: a shorter right side, then a cut title
        right = Text(f"{snapshot.step_number}/{snapshot.step_count} · {where}", style="dim")
        left.truncate(max(1, width - right.cell_len - 2), overflow="ellipsis")
    gap = max(2, width - left.cell_len - right.cell_len)
    return _line(Text.assemble(left, " " * gap, right))


def _label(phase: Phase, snapshot: Snapshot) -> Text:
    if snapshot.paused:
        # Back from Ctrl-Z: `_line` cuts this at the width, so "press space" comes first.
        back = " - welcome back, get into position" if snapshot.suspended else ""
        return _line(Text(f" PAUSED {format_clock(snapshot.paused_seconds)} - press space to "
                          f"resume{back} ", style="bold reverse"))
    if phase.kind == "switch":
        text = f"SWITCH TO THE {phase.side.upper()} SIDE" if phase.side else "SWITCH SIDES"
    elif phase.kind == "flow":
        return _line(safe(phase.cue or "FLOW", "bold cyan", single_line=True))
    else:
        text = _LABELS.get(phase.kind, phase.kind.upper())
    return _line(Text(text, style=_LABEL_STYLES.get(phase.kind, "bold green")))


def _countdown(left: int) -> str:
    return str(left) if left < 60 else minutes_seconds(left)


def _left(left: int) -> str:
    """"13 s left", "4:55 left"."""
    return f"{left} s left" if left < 60 else f"{minutes_seconds(left)} left"


def _big_number(left: int, *, dim: bool) -> list[Text]:
    glyphs = [_DIGITS[char] for char in _countdown(left)]
    style = "dim" if dim else "bold"
    return [_line(Text("   " + "  ".join(glyph[row].replace("█", "██").replace(" ", "  ")
                                         for glyph in glyphs), style=style))
            for row in range(5)]


def _bar(fraction: float, width: int) -> Text:
    width = max(10, width)
    done = round(min(1.0, max(0.0, fraction)) * width)
    # Appended to an empty text, so neither style spreads to what follows the bar.
    return Text().append("█" * done, style="green").append("░" * (width - done), style="dim")


def _phase_bar(done: int, seconds: float, width: int) -> Text:
    """The bar fills as the phase goes, and its label says how much is done of how much."""
    label = Text(f"  {minutes_seconds(done)} / {minutes_seconds(seconds)}", style="dim")
    return _bar(done / seconds if seconds > 0 else 1.0, width - label.cell_len) + label


def _session_bar(snapshot: Snapshot, width: int) -> Text:
    left = Text(f"  {format_clock(math.ceil(round(snapshot.session_left, 6)))} left")
    done = int(snapshot.position) / snapshot.total if snapshot.total > 0 else 1.0
    return (Text(_SESSION_LABEL) + _bar(done, width - len(_SESSION_LABEL) - left.cell_len)
            + left)


def _cue(phase: Phase, step: Step | None, done: int) -> list[Text]:
    if phase.kind == "flow":  # a flow's cue is its label
        return []
    cue = cue_at(phase, step, done) if step is not None else phase.cue
    if not cue:
        return []
    return [_line(Text.assemble(Text("Cue: ", style="dim"),
                                safe(cue, "bold italic", single_line=True)))]


def _instructions(step: Step | None, width: int) -> list[Text]:
    if step is None:
        return []
    return [Text(line) for paragraph in paragraphs(step.instructions)
            for line in cut_lines(paragraph, width)]


def _caution(step: Step | None, width: int) -> list[Text]:
    """The step's own caution, in every frame of the step: "! Never roll the lower back"."""
    if step is None or not step.caution:
        return []
    lines = cut_lines(one_line(step.caution), width - 2)
    return [Text.assemble(Text("! " if number == 0 else "  ", style="bold yellow"),
                          Text(line, style="yellow")) for number, line in enumerate(lines)]


def _next_up(snapshot: Snapshot) -> Text:
    after, current = snapshot.next_phase, snapshot.phase
    if after is None:
        return Text("Next: the end of the session", style="dim")
    if current is not None and after.step_index == current.step_index:
        action = f"go for {after.action}" if after.kind == "timed" else after.action
        detail = " - ".join(part for part in (after.position, action) if part)
        return Text.assemble(Text("Next: ", style="dim"), safe(detail, single_line=True))
    return Text.assemble(Text("Next step: ", style="dim"),
                         safe(after.step_name, "bold", single_line=True))


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


class LiveSessionView:
    """The full-screen live view; a runner listener, used as a context manager.

    ``stop_key`` says the "this hurts" key (x) works in this session: the
    stop rule, the keys line and the help then name it.
    """

    def __init__(self, console: Console, routine: Routine, *, stop_key: bool = False) -> None:
        self._console = console
        self._routine = routine
        self._stop_key = stop_key
        self._screen = LineScreen(console)
        self._shown: tuple[object, ...] | None = None

    @property
    def bytes_written(self) -> int:
        """Bytes sent to the terminal so far."""
        return self._screen.bytes_written

    def __enter__(self) -> LiveSessionView:
        self._screen.enter()
        return self

    def __exit__(self, *exc: object) -> None:
        self._screen.leave()

    def on_event(self, event: Event, snapshot: Snapshot) -> None:
        """Redraw from ``snapshot`` when something visible changed.

        On "suspend" (Ctrl-Z) the full screen is left and the cursor shown, so
        the shell gets its screen back; on "continue" (``fg``) it is entered
        again and drawn in full.
        """
        if event == "end":
            return
        if event == "suspend":
            self._screen.leave()
            return
        if event == "continue":
            self._screen.enter()
            self._screen.invalidate()  # also after a stop crackcoach could not catch
            self._shown = None
        width, height = self._console.size
        key = frame_key(snapshot, width, height)
        if key == self._shown:
            return  # nothing visible changed: no rendering, nothing sent
        self._shown = key
        self._screen.draw(render_session(self._routine, snapshot, width, height,
                                         stop_key=self._stop_key), width, height)
