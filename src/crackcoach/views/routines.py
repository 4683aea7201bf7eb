"""The view of ``crackcoach show``: a routine's steps, instructions and timings."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console, Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from crackcoach.base.wrap import reflow
from crackcoach.routines.model import VARIANTS, Routine, Step
from crackcoach.routines.timeline import (
    describe_dose,
    format_seconds_short,
    step_seconds,
    total_seconds,
)
from crackcoach.views.console import hanging, safe
from crackcoach.views.routine_list import source_label


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


def _step(lead: Text, step: Step, indent: int) -> RenderableType:
    """A step's title after ``lead``, then its timings, why, equipment, instructions, cues
    and caution ``indent`` in."""
    title = Table.grid()
    title.add_column(no_wrap=True, width=indent)
    title.add_column()
    name = safe(step.name, "bold", single_line=True)
    name.append(f"  [{step.kind}] ", style="dim")
    name.append_text(safe(describe_dose(step), single_line=True))  # holds flow cues
    title.add_row(lead, name)
    ready = f"get ready {format_seconds_short(step.prepare)}, " if step.prepare else ""
    body: list[RenderableType] = [
        Text(f"{ready}step total {format_seconds_short(step_seconds(step))}", style="dim"),
        *(safe(paragraph) for paragraph in reflow(step.instructions))]
    facts = []
    if step.why:
        facts.append((Text("Why:", style="italic"), safe(step.why, single_line=True)))
    if step.equipment:
        facts.append((Text("You need:"), safe(", ".join(step.equipment))))
    if facts:
        body.insert(1, _labelled(facts))
    if step.cues:
        body.append(hanging((safe(cue, "italic") for cue in step.cues), indent=0))
    if step.caution:
        body.append(_labelled([_caution(step.caution)]))
    return Group(title, Padding(Group(*body), (0, 0, 0, indent)))


def print_routine(out: Console, routine: Routine) -> None:
    """Every step of a routine with its instructions and timings (``crackcoach show``).

    Each step's easier and harder versions follow it, indented, as they would
    be played with ``start --easier`` or ``--harder``.
    """
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
    equipment = routine.equipment_needed()
    if equipment:
        facts.append((Text("You need:"), safe(", ".join(equipment))))
    if routine.caution:
        facts.append(_caution(routine.caution))
    if facts:
        out.print(_labelled(facts))
    count = len(routine.steps)
    indent = len(f"{count}. ")  # the text of every step starts past the widest number
    for number, step in enumerate(routine.steps, 1):
        out.print()
        out.print(_step(Text(f"{number}. ", style="bold"), step, indent))
        for which in VARIANTS:
            variant = step.variant(which)
            if variant is not None:
                lead = Text(f"{which.capitalize()}: ", style="bold")
                out.print(Padding(_step(lead, variant, len(lead)), (0, 0, 0, indent)))
    out.print()
    out.print(Text(f"Total: {format_seconds_short(round(total_seconds(routine)))} "
                   f"({count} step{'' if count == 1 else 's'})", style="bold"))
    for which in VARIANTS:
        if routine.variant_count(which):
            played = routine.played_as(which)
            out.print(Text(f"With the {which} versions (crackcoach start {routine.name} "
                           f"--{which}): {format_seconds_short(round(total_seconds(played)))}",
                           style="dim"))
