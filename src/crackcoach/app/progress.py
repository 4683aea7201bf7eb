"""Use cases that read the diary as a whole: ``stats``, ``report``, ``export``, ``import``."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from crackcoach import messages
from crackcoach.app.env import Env
from crackcoach.errors import EXIT_OK, InputError
from crackcoach.values import shown

if TYPE_CHECKING:
    from crackcoach.progress_model import Progress



def stats(env: Env, *, weeks: int, routine: str | None, target: int | None,
          as_of: date | str | None, json_output: bool = False) -> int:
    """``crackcoach stats``: weekly progress on screen, or as JSON.

    ``target`` None means the weekly-target setting.
    """
    result = _progress(env, weeks, routine, weekly_target(env, target), as_of)
    if json_output:
        env.write_json(result.to_dict())
        return EXIT_OK
    from crackcoach import safety
    from crackcoach.views.console import console
    from crackcoach.views.progress import print_stats

    print_stats(console(env.stdout), result, flag_label=safety.label,
                flag_advice=safety.advice_lines(key for e in result.flags for key in e.flags))
    return EXIT_OK


def weekly_target(env: Env, given: int | None) -> int:
    """The --target given, else the weekly-target setting."""
    if given is not None:
        return given
    from crackcoach.app.plans import load_config

    return load_config(env).weekly_target


def report(env: Env, *, weeks: int, output: Path | None, report_format: str,
           routine: str | None, target: int | None, as_of: date | str | None) -> int:
    """``crackcoach report``: the one-page report, on screen or into a file."""
    from crackcoach import report as reports
    from crackcoach import safety

    if report_format not in reports.REPORT_FORMATS:
        raise InputError(f"--format {report_format}: expected markdown or html")
    result = _progress(env, weeks, routine, weekly_target(env, target), as_of)
    text = reports.render(result, report_format, safety.label)
    _emit(env, output, lambda out: out.write(text), f"the {report_format} report")
    return EXIT_OK


def export(env: Env, *, export_format: str, output: Path | None, table: str | None = None,
           safe_cells: bool = False) -> int:
    """``crackcoach export``: every session and diary entry as CSV or JSON, or one table."""
    from crackcoach import backup, exchange, sheets

    if export_format not in exchange.FORMATS:
        raise InputError(f"--format {export_format}: expected csv or json")
    if table is not None and table not in sheets.TABLES:
        raise InputError(f"--table {shown(table)}: expected sessions or entries")
    if export_format == "json" and (table is not None or safe_cells):
        raise InputError(f"{'--table' if table else '--safe-cells'} is for a CSV file: leave "
                         "out --format json (the JSON export is the complete backup)")
    counts = backup.export_diary(env.diary_path, export_format, output, env.stdout,
                                 table=table, safe_cells=safe_cells)
    _wrote(env, output, f"{messages.count(counts.sessions, 'session')} and "
                        f"{messages.count(counts.entries, 'diary entry', 'diary entries')}")
    return EXIT_OK


def import_file(env: Env, files: Sequence[Path]) -> int:
    """``crackcoach import FILE...``: add an export's records; all or nothing."""
    from crackcoach import backup

    result, name = backup.import_files(env.diary_path, files,
                                       getattr(env.stdin, "buffer", None))
    from crackcoach.app.env import said_after_saving

    lines = [messages.imported(result.sessions_added, result.entries_added, name)]
    if result.changes_added:
        lines.append(messages.changes_imported(result.changes_added))
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
    from crackcoach import progress
    from crackcoach.app.plans import load_config

    first_weekday = load_config(env).first_weekday
    from crackcoach import values

    today = env.now().date() if as_of is None else values.read(
        "--as-of", values.day_from(env.now()), as_of)
    if not _EARLIEST <= today <= _LATEST:
        raise InputError(f"--as-of {today.isoformat()}: expected a date from {_EARLIEST} "
                         f"to {_LATEST}")
    path = env.diary_path
    if not os.path.lexists(path):  # nothing logged yet: do not create a diary to read it
        if routine is not None:
            raise InputError(f"--routine {shown(routine)}: the diary has no sessions yet")
        return progress.compute([], [], today=today, weeks=weeks, target=target,
                                first_weekday=first_weekday)
    from crackcoach.store import open_store

    # Every record is read (progress leaves out those after today by their local date), so
    # a damaged one is reported whatever the period.
    with open_store(path, read_only=True) as store:
        if routine is not None:
            known = store.routine_names()
            if routine not in known:
                raise InputError(_unknown_routine(routine, known))
        with store.snapshot():
            return progress.compute(
                store.iter_sessions(routine=routine, timeline=False),
                store.iter_entry_facts(routine=routine), today=today, weeks=weeks,
                target=target, routine=routine, first_weekday=first_weekday)


def verdict(env: Env, today: date, first_weekday: int) -> str:
    """The change verdict ``stats`` gives today, for today's screen.

    Reads only the diary's first weeks (up to its baseline week) and its latest
    ones (back to the week before the latest judged week), so a long diary
    costs no more than a short one; the rule is :func:`crackcoach.progress.compute`'s.
    """
    from crackcoach import progress
    from crackcoach.store import open_store

    with open_store(env.diary_path, read_only=True) as store, store.snapshot():
        first = progress.baseline_slice(store.iter_entries(), first_weekday)
        kept = {entry.id: entry for entry in first}
        latest = progress.latest_slice(
            store.iter_entries(until=_midnight(today + timedelta(days=2)), newest_first=True),
            today, first_weekday)
        kept.update((entry.id, entry) for entry in latest)
    return progress.compute([], kept.values(), today=today,
                            first_weekday=first_weekday).change.verdict


def _midnight(day: date) -> datetime:
    """The start of ``day`` in this computer's time zone."""
    return datetime.combine(day, time.min).astimezone()


def _unknown_routine(routine: str, known: list[str]) -> str:
    from crackcoach.textsafe import printable

    names = ", ".join(printable(n, single_line=True) for n in known) or "none yet"
    return (f"--routine {shown(routine)}: no sessions of that routine in the diary; routines "
            f"in the diary: {names}")


def _emit(env: Env, output: Path | None, write: Callable[[TextIO], object], what: str) -> None:
    """Write to ``output`` (``-`` or none: standard output) as open_output allows."""
    from crackcoach.atomicfile import open_output

    with open_output(output, env.stdout) as out:
        write(out)
    _wrote(env, output, what)


def _wrote(env: Env, output: Path | None, what: str) -> None:
    """Say where a file was written (nothing when it went to standard output)."""
    if output is not None and str(output) != "-":
        from crackcoach.textsafe import printable

        env.stderr.write(messages.wrote(what, printable(str(output), single_line=True)) + "\n")
