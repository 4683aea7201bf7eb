"""Use cases that read the diary as a whole: ``stats``, ``report``, ``export``, ``import``."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from datetime import date, datetime, time
from pathlib import Path

from crackcoach.app.common import load_config, routine_folders
from crackcoach.app.env import Env, said_after_saving
from crackcoach.app.signs import open_sign
from crackcoach.base import messages
from crackcoach.base.atomicfile import open_output
from crackcoach.base.textsafe import printable
from crackcoach.base.typenames import TYPE_CHECKING
from crackcoach.diary import values
from crackcoach.diary.shapes import document
from crackcoach.diary.values import as_typed
from crackcoach.errors import EXIT_OK, CrackcoachError, InputError
from crackcoach.progress import function, weekly
from crackcoach.progress import report as reports
from crackcoach.routines import library
from crackcoach.safety import signs
from crackcoach.store import open_store

if TYPE_CHECKING:
    from typing import TextIO

    from crackcoach.progress.coach import OpenSign
    from crackcoach.progress.model import Progress



def stats(env: Env, *, weeks: int, routine: str | None, target: int | None,
          as_of: date | str | None, json_output: bool = False) -> int:
    """``crackcoach stats``: weekly progress on screen, or as JSON.

    ``target`` None means the weekly-target setting.
    """
    result = _progress(env, weeks, routine, weekly_target(env, target), as_of)
    result = result._replace(open_sign=_sign_as_of(env, result.today, as_of))
    if json_output:
        env.write_json(document("stats", **result.to_dict()))
        return EXIT_OK
    from crackcoach.views.console import console
    from crackcoach.views.progress import print_stats

    keys = {key for event in result.flags for key in event.flags}
    print_stats(console(env.stdout), result, flag_label=signs.label,
                flag_advice=signs.advice_lines(keys),
                flag_headlines=[advice.title for advice, _ in signs.advice_for(keys)])
    return EXIT_OK


def weekly_target(env: Env, given: int | None) -> int:
    """The --target given, else the weekly-target setting."""
    if given is not None:
        return given

    return load_config(env).weekly_target


def report(env: Env, *, weeks: int, output: Path | None, report_format: str,
           routine: str | None, target: int | None, as_of: date | str | None) -> int:
    """``crackcoach report``: the one-page report, on screen or into a file."""

    if report_format not in reports.REPORT_FORMATS:
        raise InputError(f"--format {report_format}: expected markdown or html")
    result = _progress(env, weeks, routine, weekly_target(env, target), as_of)
    result = result._replace(open_sign=_sign_as_of(env, result.today, as_of))
    text = reports.render(result, report_format, signs.label)
    _emit(env, output, lambda out: out.write(text), f"the {report_format} report")
    return EXIT_OK


def export(env: Env, *, export_format: str, output: Path | None, table: str | None = None,
           raw_cells: bool = False, patient_name: str | None = None) -> int:
    """``crackcoach export``: every session and diary entry as CSV or JSON, or one table."""
    from crackcoach.diary import exchange, sheets
    from crackcoach.store import backup

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
        _wrote(env, output, f"a FHIR bundle of "
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
    _wrote(env, output, f"{messages.count(counts.sessions, 'session')} and "
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
    from crackcoach.store import backup

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


# Weeks are counted back and forward from --as-of: years at the calendar's ends have no room.
_EARLIEST, _LATEST = date(1970, 1, 1), date(2999, 12, 31)


def _progress(env: Env, weeks: int, routine: str | None, target: int,
              as_of: date | str | None) -> Progress:
    """Read the diary up to the period's end, a record at a time, into the weekly figures.

    The whole diary is read (oldest first, the timelines left out): the baseline
    is its first week with enough readings and the verdict its latest judged
    week, whatever the period shown.
    """

    first_weekday = load_config(env).first_weekday

    today = env.now().date() if as_of is None else values.read(
        "--as-of", values.day_from(env.now()), as_of)
    if not _EARLIEST <= today <= _LATEST:
        raise InputError(f"--as-of {today.isoformat()}: expected a date from {_EARLIEST} "
                         f"to {_LATEST}")
    path = env.places.diary_path
    if not os.path.lexists(path):  # nothing logged yet: do not create a diary to read it
        if routine is not None:
            raise InputError(f"--routine {as_typed(routine)}: the diary has no sessions yet")
        return weekly.compute([], [], today=today, weeks=weeks, target=target,
                                first_weekday=first_weekday)

    # Every record is read (progress leaves out those after today by their local date), so
    # a damaged one is reported whatever the period.
    with open_store(path, read_only=True) as store:
        if routine is not None:
            known = store.routine_names()
            if routine not in known:
                raise InputError(_unknown_routine(routine, known))
        with store.snapshot():
            return weekly.compute(
                store.iter_sessions(routine=routine, timeline=False),
                store.iter_entry_facts(routine=routine), today=today, weeks=weeks,
                target=target, routine=routine, first_weekday=first_weekday,
                ratings=store.ratings(routine), activities=store.activities())


def _sign_as_of(env: Env, day: date, as_of: date | str | None) -> OpenSign | None:
    """The safety sign open now, or at the end of the ``--as-of`` day."""

    if as_of is None:
        return open_sign(env)
    return open_sign(env, min(env.now(), datetime.combine(day, time.max).astimezone()))


def function_verdict(env: Env, today: date, first_weekday: int) -> tuple[str, bool] | None:
    """The function verdict ``stats`` gives today, and whether this week has a rating;
    None when no activity was ever named."""
    from crackcoach.store import open_store

    with open_store(env.places.diary_path, read_only=True) as store, store.snapshot():
        activities = store.activities()
        if not activities:
            return None
        ratings = store.ratings()
    found = function.compute(ratings, activities, today=today,
                                     first_weekday=first_weekday)
    return found.verdict, found.rated_this_week or not any(a.active for a in activities)


def _unknown_routine(routine: str, known: list[str]) -> str:
    names = ", ".join(printable(n, single_line=True) for n in known) or "none yet"
    return (f"--routine {as_typed(routine)}: no sessions of that routine in the diary; routines "
            f"in the diary: {names}")


def _emit(env: Env, output: Path | None, write: Callable[[TextIO], object], what: str) -> None:
    """Write to ``output`` (``-`` or none: standard output) as open_output allows."""

    with open_output(output, env.stdout) as out:
        write(out)
    _wrote(env, output, what)


def _wrote(env: Env, output: Path | None, what: str) -> None:
    """Say where a file was written (nothing when it went to standard output)."""
    if output is not None and str(output) != "-":
        env.stderr.write(messages.wrote(what, printable(str(output), single_line=True)) + "\n")
