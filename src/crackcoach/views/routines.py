"""The view of ``crackcoach show``: a routine's steps, instructions and timings."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console, Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from crackcoach.routines import Routine, Step
from crackcoach.timeline import describe_dose, format_seconds_short, step_seconds, total_seconds
from crackcoach.views.console import hanging, safe
from crackcoach.views.routine_list import source_label
from crackcoach.wrap import reflow


def _labelled(rows: Sequence[tuple[Text, Text]]) -> Table:
    """"Label: text" lines whose text wraps under itself, not under the label."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column()
    for label, text in rows:
        grid.add_row(label, text)
    return grid


def _caution(text: str) -> tuple[Text, Text]:
    return Text("Caution:", style="bold yellow"), safe(text)


def _step(number: int, step: Step, indent: int) -> RenderableType:
    """A step's title, then its timings, instructions, cues and caution ``indent`` in."""
    title = Table.grid()
    title.add_column(no_wrap=True, width=indent)
    title.add_column()
    name = safe(step.name, "bold", single_line=True)
    name.append(f"  [{step.kind}] ", style="dim")
    name.append_text(safe(describe_dose(step), single_line=True))  # holds flow cues
    title.add_row(Text(f"{number}. ", style="bold"), name)
    ready = f"get ready {format_seconds_short(step.prepare)}, " if step.prepare else ""
    body: list[RenderableType] = [
        Text(f"{ready}step total {format_seconds_short(step_seconds(step))}", style="dim"),
        *(safe(paragraph) for paragraph in reflow(step.instructions))]
    if step.cues:
        body.append(hanging((safe(cue, "italic") for cue in step.cues), indent=0))
    if step.caution:
        body.append(_labelled([_caution(step.caution)]))
    return Group(title, Padding(Group(*body), (0, 0, 0, indent)))


def print_routine(out: Console, routine: Routine) -> None:
    """Every step of a routine with its instructions and timings (``crackcoach show``)."""
    title = safe(routine.title, "bold", single_line=True)
    origin = safe(f"({routine.name}, {source_label(routine)})", "dim")
    if title.cell_len + 2 + origin.cell_len <= out.width:
        out.print(title + Text("  ") + origin)
    else:  # a long path: on a line of its own rather than broken under the title
        out.print(title)
        out.print(origin)
    if routine.summary:
        out.print(safe(routine.summary))
    facts = []
    if routine.tags:
        facts.append((Text("Tags:"), safe(", ".join(routine.tags))))
    if routine.caution:
        facts.append(_caution(routine.caution))
    if facts:
        out.print(_labelled(facts))
    count = len(routine.steps)
    indent = len(f"{count}. ")  # the text of every step starts past the widest number
    for number, step in enumerate(routine.steps, 1):
        out.print()
        out.print(_step(number, step, indent))
    out.print()
    out.print(Text(f"Total: {format_seconds_short(round(total_seconds(routine)))} "
                   f"({count} step{'' if count == 1 else 's'})", style="bold"))
