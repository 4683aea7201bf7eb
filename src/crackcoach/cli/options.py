"""Command-line options that several commands share, declared once for Typer."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

RoutinesDirOption = Annotated[
    list[Path] | None,
    typer.Option("--routines-dir", metavar="DIR",
                 help="Also read routines from DIR (repeatable; later folders win)."),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]
