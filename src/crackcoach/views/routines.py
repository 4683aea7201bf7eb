"""The view of ``crackcoach show``: a routine's steps, instructions and timings."""

from __future__ import annotations

from rich.console import Console
from rich.text import Text

from crackcoach.routines import VARIANTS, Routine, Step
from crackcoach.timeline import describe_dose, format_seconds_short, step_seconds, total_seconds
from crackcoach.views.console import safe
from crackcoach.views.routine_list import source_label


def print_routine(out: Console, routine: Routine) -> None:
    """Every step of a routine with its instructions and timings (``crackcoach show``).

    Each step's easier and harder versions follow it, indented, as they would
    be played with ``start --easier`` or ``--harder``.
    """
    header = Text()
    header.append_text(safe(routine.title, "bold", single_line=True))
    header.append_text(safe(f"  ({routine.name}, {source_label(routine)})", "dim"))
    out.print(header)
    if routine.summary:
        out.print(safe(routine.summary))
    if routine.tags:
        out.print(Text("Tags: ") + safe(", ".join(routine.tags)))
    equipment = routine.equipment_needed()
    if equipment:
        out.print(Text("You need: ") + safe(", ".join(equipment)))
    if routine.caution:
        out.print(Text("Caution: ", style="bold yellow") + safe(routine.caution))
    for number, step in enumerate(routine.steps, 1):
        out.print()
        _print_step(out, step, Text(f"{number}. ", style="bold"), "   ")
        for which in VARIANTS:
            variant = step.variant(which)
            if variant is not None:
                _print_step(out, variant, Text(f"   {which.capitalize()}: ", style="bold"),
                            "      ")
    out.print()
    count = len(routine.steps)
    out.print(Text(f"Total: {format_seconds_short(round(total_seconds(routine)))} "
                   f"({count} step{'' if count == 1 else 's'})", style="bold"))
    for which in VARIANTS:
        if routine.variant_count(which):
            played = routine.played_as(which)
            out.print(Text(f"With the {which} versions (crackcoach start {routine.name} "
                           f"--{which}): {format_seconds_short(round(total_seconds(played)))}",
                           style="dim"))


def _print_step(out: Console, step: Step, lead: Text, indent: str) -> None:
    title = lead.copy()
    title.append_text(safe(step.name, "bold", single_line=True))
    title.append(f"  [{step.kind}] ", style="dim")
    title.append_text(safe(describe_dose(step), single_line=True))  # holds flow cues
    out.print(title)
    detail = f"{indent}get ready {format_seconds_short(step.prepare)}, " if step.prepare \
        else indent
    out.print(Text(f"{detail}step total {format_seconds_short(step_seconds(step))}",
                   style="dim"))
    if step.why:
        out.print(Text(f"{indent}Why: ", style="italic") + safe(step.why, single_line=True))
    if step.equipment:
        out.print(Text(f"{indent}You need: ") + safe(", ".join(step.equipment)))
    for line in step.instructions.strip().splitlines():
        out.print(Text(indent) + safe(line))
    for cue in step.cues:
        out.print(Text(f"{indent}- ") + safe(cue, "italic"))
    if step.caution:
        out.print(Text(f"{indent}Caution: ", style="bold yellow") + safe(step.caution))
