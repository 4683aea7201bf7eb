"""Use cases that move the diary in and out of files: ``export`` and ``import``."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from crackcoach.app.common import routine_folders, tell_written
from crackcoach.app.env import Env, said_after_saving
from crackcoach.base import messages
from crackcoach.diary import exchange, sheets
from crackcoach.diary.values import as_typed
from crackcoach.errors import EXIT_OK, CrackcoachError, InputError
from crackcoach.routines import library
from crackcoach.store import backup


def export(env: Env, *, export_format: str, output: Path | None, table: str | None = None,
           raw_cells: bool = False, patient_name: str | None = None) -> int:
    """``crackcoach export``: every session and diary entry as CSV or JSON, or one table."""

    if patient_name is not None and export_format != "fhir":
        raise InputError("--patient-name is for --format fhir (the other exports carry no "
                         "name)")
    if export_format == "fhir":
        if table is not None or raw_cells:
            raise InputError(f"{'--table' if table else '--raw-cells'} is for a CSV file; "
                             "leave it out with --format fhir")
        written = backup.export_fhir(env.places.diary_path, output, env.stdout, now=env.now(),
                                     titles=_titles(env),
                                     patient_name=(patient_name or "").strip() or None)
        tell_written(env, output, f"a FHIR bundle of "
                                  f"{messages.count(written.procedures, 'session')} and "
                                  f"{messages.count(written.observations, 'observation')}")
        return EXIT_OK

    if export_format not in exchange.FORMATS:
        raise InputError(f"--format {export_format}: expected csv or json")
    if table is not None and table not in sheets.TABLES:
        raise InputError(f"--table {as_typed(table)}: expected sessions or entries")
    if export_format == "json" and (table is not None or raw_cells):
        raise InputError(f"{'--table' if table else '--raw-cells'} is for a CSV file: leave "
                         "out --format json (the JSON export is the complete backup)")
    counts = backup.export_diary(env.places.diary_path, export_format, output, env.stdout,
                                 table=table, safe_cells=not raw_cells)
    tell_written(env, output, f"{messages.count(counts.sessions, 'session')} and "
                              f"{messages.count(counts.entries, 'diary entry', 'diary entries')}")
    return EXIT_OK


def _titles(env: Env) -> dict[str, str]:
    """Each routine's title by its name; a folder that cannot be read gives no titles."""

    try:
        catalog = library.scan(routine_folders(env), env.routine_cache())
    except CrackcoachError:
        return {}
    return {routine.name: routine.title for routine in catalog.routines}


def import_file(env: Env, files: Sequence[Path]) -> int:
    """``crackcoach import FILE...``: add an export's records; all or nothing."""

    result, name = backup.import_files(env.places.diary_path, files,
                                       getattr(env.stdin, "buffer", None))

    lines = [messages.imported(result.sessions_added, result.entries_added, name)]
    if result.changes_added:
        lines.append(messages.changes_imported(result.changes_added))
    if result.clearances_added:
        lines.append(messages.clearances_imported(result.clearances_added))
    if result.sessions_skipped or result.entries_skipped:
        lines.append(messages.skipped(result.sessions_skipped, result.entries_skipped))
    said_after_saving(env, lines)
    return EXIT_OK
