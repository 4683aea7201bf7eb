"""The diary in and out of files: ``export`` and ``import``.

The Typer declarations; what the commands do is in :mod:`crackcoach.app.data`.
"""

from pathlib import Path
from typing import Annotated

import typer

from crackcoach.app import data
from crackcoach.cli.options import Output
from crackcoach.cli.options import env_of as _env
from crackcoach.diary import values
from crackcoach.errors import InputError


def export(
    ctx: typer.Context,
    export_format: Annotated[str, typer.Option(
        "--format", metavar="FORMAT", parser=values.one_of(("csv", "json", "fhir")),
        help="csv (the default), json, or fhir (a FHIR R4 bundle for a clinic's "
             "system).")] = "csv",
    output: Output = None,
    table: Annotated[str | None, typer.Option(
        "--table", metavar="TABLE", parser=values.one_of(("sessions", "entries")),
        help="Only one table, for a spreadsheet: sessions or entries.")] = None,
    raw_cells: Annotated[bool, typer.Option(
        "--raw-cells", help="Write CSV cells as they are, without the ' that keeps a "
                            "spreadsheet from running text starting with =, +, - or @ as a "
                            "formula.")] = False,
    safe_cells: Annotated[bool, typer.Option(
        "--safe-cells", hidden=True, help="The default now; kept for scripts.")] = False,
    patient_name: Annotated[str | None, typer.Option(
        "--patient-name", metavar="NAME", parser=values.text(200),
        help="With --format fhir: the name to put on the bundle's Patient (without it the "
             "bundle names nobody).")] = None,
) -> int:
    """Export every session and diary entry as CSV or JSON.

    The JSON export is the complete backup: it also keeps the sessions'
    timelines and the old versions of edited and deleted records. The CSV
    export is for spreadsheets: text that a spreadsheet would run as a formula
    gets a ' in front (import takes it off again), and a last column, utc,
    gives each record's time in UTC. Both import back. --format fhir writes a
    FHIR R4 bundle for a clinic's system (not read back by import).

    'crackcoach learn data-format' describes the columns.

    \b
    Example:
      crackcoach export --format json -o backup.json
    """
    if raw_cells and safe_cells:
        raise InputError("--raw-cells and --safe-cells contradict each other: give one")
    return data.export(_env(ctx), export_format=export_format, output=output,
                           table=table, raw_cells=raw_cells, patient_name=patient_name)


def import_file(
    ctx: typer.Context,
    files: Annotated[list[Path], typer.Argument(
        metavar="FILE", parser=values.file_path,
        help="Files written by 'crackcoach export' (CSV or JSON), or - for standard input; "
             "the two tables of 'export --table' go together.")],
) -> int:
    """Add the sessions and entries from export files.

    Every row is checked first: if any is wrong, nothing is imported. Rows the
    diary already holds exactly are skipped.

    \b
    Example:
      crackcoach import backup.json
    """
    return data.import_file(_env(ctx), files)
