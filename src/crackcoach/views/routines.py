"""The view of ``crackcoach show``: a routine's steps, instructions and timings."""

from __future__ import annotations

from rich.console import Console
from rich.text import Text

from crackcoach.routines import Routine
from crackcoach.timeline import describe_dose, format_seconds_short, step_seconds, total_seconds
from crackcoach.views.console import safe
from crackcoach.views.routine_list import source_label


def print_routine(out: Console, routine: Routine) -> None:
    """Every step of a routine with its instructions and timings (``crackcoach show``)."""
    header = Text()
    header.append_text(safe(routine.title, "bold", single_line=True))
    header.append_text(safe(f"  ({routine.name}, {source_label(routine)})", "dim"))
    out.print(header)
    if routine.summary:
        out.print(safe(routine.summary))
    if routine.tags:
        out.print(Text("Tags: ") + safe(", ".join(routine.tags)))
    if routine.caution:
        out.print(Text("Caution: ", style="bold yellow") + safe(routine.caution))
    for number, step in enumerate(routine.steps, 1):
        out.print()
        title = Text(f"{number}. ", style="bold")
        title.append_text(safe(step.name, "bold", single_line=True))
        title.append(f"  [{step.kind}] ", style="dim")
        title.append_text(safe(describe_dose(step), single_line=True))  # holds flow cues
        out.print(title)
        detail = f"   get ready {format_seconds_short(step.prepare)}, " if step.prepare else "   "
        out.print(Text(f"{detail}step total {format_seconds_short(step_seconds(step))}",
                       style="dim"))
        for line in step.instructions.strip().splitlines():
            out.print(Text("   ") + safe(line))
        for cue in step.cues:
            out.print(Text("   - ") + safe(cue, "italic"))
        if step.caution:
            out.print(Text("   Caution: ", style="bold yellow") + safe(step.caution))
    out.print()
    count = len(routine.steps)
    out.print(Text(f"Total: {format_seconds_short(round(total_seconds(routine)))} "
                   f"({count} step{'' if count == 1 else 's'})", style="bold"))
