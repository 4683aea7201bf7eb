"""The table of ``crackcoach list``, drawn as plain text so that listing never loads Rich."""

from __future__ import annotations

from crackcoach.routines.library import Catalog
from crackcoach.routines.model import Routine
from crackcoach.routines.timeline import total_seconds
from crackcoach.views.columns import Column, render


def minutes(seconds: float) -> str:
    """Rounded minutes for tables, never "0"."""
    return f"{max(1, round(seconds / 60))}"


def source_label(routine: Routine) -> str:
    """"built-in" or the file the routine comes from."""
    return "built-in" if routine.builtin else str(routine.path or routine.source)


def list_text(catalog: Catalog, *, width: int, colour: bool = False) -> str:
    """The routine table of ``crackcoach list`` as plain text (Rich is not needed for it)."""
    if not catalog.routines:
        return "No routines found.\n"
    columns = (Column("name"), Column("title", wrap=True), Column("steps", right=True),
               Column("min", right=True), Column("tags", wrap=True, optional=True),
               Column("source", wrap=True))
    rows = []
    for routine in catalog.routines:
        source = source_label(routine)
        if routine.name in catalog.overridden:
            source += (" (overrides built-in)" if any(
                r.builtin for r in catalog.overridden[routine.name]) else " (overrides another)")
        rows.append((routine.name, routine.title, str(len(routine.steps)),
                     minutes(total_seconds(routine)), ", ".join(routine.tags), source))
    return render(columns, rows, width=width, colour=colour)
