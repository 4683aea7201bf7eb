"""Use cases that read the diary as a whole: ``stats``, ``report``, ``export``, ``import``."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from crackcoach import messages
from crackcoach.app.env import Env
from crackcoach.errors import EXIT_OK, InputError
from crackcoach.values import shown

if TYPE_CHECKING:
    from crackcoach.progress import Progress

MAX_WEEKS = 520


def stats(env: Env, *, weeks: int, routine: str | None, target: int, as_of: date | None,
          json_output: bool = False) -> int:
    """``crackcoach stats``: weekly progress on screen, or as JSON."""
    result = _progress(env, weeks, routine, target, as_of)
    if json_output:
        env.write_json(result.to_dict())
        return EXIT_OK
    from crackcoach import safety
    from crackcoach.views.console import console
    from crackcoach.views.progress import print_stats

    print_stats(console(env.stdout), result, flag_label=safety.label,
                flag_advice=safety.advice_lines(key for e in result.flags for key in e.flags))
    return EXIT_OK


def report(env: Env, *, weeks: int, output: Path | None, report_format: str,
           routine: str | None, target: int, as_of: date | None) -> int:
    """``crackcoach report``: the one-page report, on screen or into a file."""
    from crackcoach import report as reports
    from crackcoach import safety

    if report_format not in reports.REPORT_FORMATS:
        raise InputError(f"--format {report_format}: expected markdown or html")
    result = _progress(env, weeks, routine, target, as_of)
    text = reports.render(result, report_format, safety.label)
    _emit(env, output, lambda out: out.write(text), f"the {report_format} report")
    return EXIT_OK


def export(env: Env, *, export_format: str, output: Path | None) -> int:
    """``crackcoach export``: every session and diary entry as CSV or JSON."""
    from crackcoach import backup, exchange

    if export_format not in exchange.FORMATS:
        raise InputError(f"--format {export_format}: expected csv or json")
    counts = backup.export_diary(env.diary_path, export_format, output, env.stdout)
    _wrote(env, output, f"{counts.sessions} sessions and {counts.entries} diary entries")
    return EXIT_OK


def import_file(env: Env, file: Path) -> int:
    """``crackcoach import FILE``: add an export's records; all or nothing."""
    from crackcoach import backup

    result, name = backup.import_diary(env.diary_path, file, getattr(env.stdin, "buffer", None))
    env.say(messages.imported(result.sessions_added, result.entries_added, name))
    if result.sessions_skipped or result.entries_skipped:
        env.say(messages.skipped(result.sessions_skipped, result.entries_skipped))
    return EXIT_OK


def _progress(env: Env, weeks: int, routine: str | None, target: int, as_of: date | None
              ) -> Progress:
    """Read the period's records from the diary and compute the weekly figures."""
    from crackcoach import progress

    today = as_of or env.now().date()
    path = env.diary_path
    if not os.path.lexists(path):  # nothing logged yet: do not create a diary to read it
        if routine is not None:
            raise InputError(f"--routine {shown(routine)}: the diary has no sessions yet")
        return progress.compute([], [], today=today, weeks=weeks, target=target)
    from crackcoach.store import open_store

    start = progress.windows(today, weeks)[0][0]
    # A day of margin each side: the store filters in UTC, progress by each record's local date.
    since, until = _midnight(start - timedelta(days=1)), _midnight(today + timedelta(days=2))
    with open_store(path, read_only=True) as store:
        sessions = store.sessions(since, until, routine=routine)
        entries = store.entries(since, until)
        firsts = [s.started_at.date() for s in store.sessions(routine=routine, limit=1)]
        if routine is None:
            firsts += [e.at.date() for e in store.entries(limit=1)]
        elif not firsts:
            raise InputError(_unknown_routine(routine, store.routine_names()))
    return progress.compute(sessions, entries, today=today, weeks=weeks, target=target,
                            routine=routine, diary_start=min(firsts, default=None))


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
