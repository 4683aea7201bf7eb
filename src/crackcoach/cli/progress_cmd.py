"""Progress commands: ``stats``, ``report``, ``export``, ``import``."""

from __future__ import annotations

import os
import sys
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from crackcoach.cli.common import print_json
from crackcoach.errors import InputError

if TYPE_CHECKING:
    from crackcoach.progress import Progress

MAX_WEEKS = 520

WeeksOption = Annotated[int, typer.Option(
    "--weeks", min=1, max=MAX_WEEKS, metavar="N", help="How many 7-day windows, ending today.")]
TargetOption = Annotated[int, typer.Option(
    "--target", min=1, max=50, metavar="N", help="Sessions a week you aim for.")]
RoutineOption = Annotated[str | None, typer.Option(
    "--routine", metavar="NAME",
    help="Only this routine's sessions and the entries logged with them.")]
AsOfOption = Annotated[str | None, typer.Option(
    "--as-of", metavar="DATE",
    help="Count the weeks back from DATE (YYYY-MM-DD) instead of today.")]
OutputOption = Annotated[Path | None, typer.Option(
    "--output", "-o", metavar="FILE", help="Write to FILE (atomically) instead of the screen.",
    dir_okay=False)]


def stats(
    weeks: WeeksOption = 8,
    routine: RoutineOption = None,
    target: TargetOption = 3,
    as_of: AsOfOption = None,
    json_output: Annotated[bool, typer.Option(
        "--json", help="Print the figures as JSON instead of charts.")] = False,
) -> None:
    """Show progress over the last weeks: comfort, change, sessions, streaks.

    Weeks are 7-day windows ending today. Change is judged against the first
    week the clinician's way; one session is never judged on its own.

    \b
    Example:
      crackcoach stats --weeks 12 --target 4
    """
    result = _progress(weeks, routine, target, as_of)
    if json_output:
        print_json(result.to_dict())
        return
    from crackcoach.views.progress import print_stats

    print_stats(result, flag_label=_flag_label, flag_advice=_flag_advice(result))


def report(
    weeks: WeeksOption = 8,
    output: OutputOption = None,
    report_format: Annotated[str, typer.Option(
        "--format", metavar="FORMAT", help="markdown or html (one self-contained file).")
    ] = "markdown",
    routine: RoutineOption = None,
    target: TargetOption = 3,
    as_of: AsOfOption = None,
) -> None:
    """Write a one-page progress report to hand to a physiotherapist or doctor.

    \b
    Example:
      crackcoach report --weeks 8 --format html --output report.html
    """
    from crackcoach import report as reports

    if report_format not in reports.REPORT_FORMATS:
        raise InputError(f"--format '{report_format}': expected markdown or html")
    result = _progress(weeks, routine, target, as_of)
    text = reports.render(result, report_format, _flag_label)
    _emit(output, lambda out: out.write(text), f"the {report_format} report")


def export(
    export_format: Annotated[str, typer.Option(
        "--format", metavar="FORMAT", help="csv or json.")] = "csv",
    output: OutputOption = None,
) -> None:
    """Export every session and diary entry as CSV or JSON (columns: docs/data.md).

    \b
    Example:
      crackcoach export --format json --output diary-backup.json
    """
    from crackcoach import backup, exchange, paths

    if export_format not in exchange.FORMATS:
        raise InputError(f"--format '{export_format}': expected csv or json")
    counts = backup.export_diary(paths.database_path(), export_format, output, sys.stdout)
    _wrote(output, f"{counts.sessions} sessions and {counts.entries} diary entries")


def import_file(
    file: Annotated[Path, typer.Argument(
        metavar="FILE", help="A file written by 'crackcoach export' (CSV or JSON), or - "
                             "for standard input.", dir_okay=False)],
) -> None:
    """Add the sessions and entries from an export file; exact duplicates are skipped.

    Every row is checked first: if any is wrong, nothing is imported.

    \b
    Example:
      crackcoach import diary-backup.json
    """
    from crackcoach import backup, paths

    result, name = backup.import_diary(paths.database_path(), file,
                                       getattr(sys.stdin, "buffer", None))
    sys.stdout.write(
        f"Imported {_count(result.sessions_added, 'session')} and "
        f"{_count(result.entries_added, 'diary entry', 'diary entries')} from {name}.\n")
    if result.sessions_skipped or result.entries_skipped:
        sys.stdout.write(
            f"Skipped {_count(result.sessions_skipped, 'session')} and "
            f"{_count(result.entries_skipped, 'diary entry', 'diary entries')} already in "
            "the diary.\n")


def _count(number: int, one: str, many: str = "") -> str:
    return f"{number} {one if number == 1 else (many or one + 's')}"


def _today(as_of: str | None) -> date:
    if as_of is None:
        return datetime.now().astimezone().date()
    try:
        return date.fromisoformat(as_of.strip())
    except ValueError:
        raise InputError(f"--as-of '{as_of}': expected a date like 2024-05-14") from None


def _progress(weeks: int, routine: str | None, target: int, as_of: str | None) -> Progress:
    """Read the period's records from the diary and compute the weekly figures."""
    from crackcoach import paths, progress

    today = _today(as_of)
    path = paths.database_path()
    if not os.path.lexists(path):  # nothing logged yet: do not create a diary just to read it
        if routine is not None:
            raise InputError(f"--routine '{routine}': the diary has no sessions yet")
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
    return (f"--routine '{printable(routine, single_line=True)}': no sessions of that routine "
            f"in the diary; routines in the diary: {names}")


def _emit(output: Path | None, write: Any, what: str) -> None:
    from crackcoach.atomicfile import open_output

    with open_output(output, sys.stdout) as out:
        write(out)
    _wrote(output, what)


def _wrote(output: Path | None, what: str) -> None:
    if output is not None and str(output) != "-":
        from crackcoach.textsafe import printable

        sys.stderr.write(f"Wrote {what} to {printable(str(output), single_line=True)}\n")


def _flag_label(key: str) -> str:
    from crackcoach import safety

    try:
        found = safety.flag(key)
    except InputError:
        return key  # a key from a newer crackcoach: show it as it is
    return f"{found.text} ({safety.TIER_LABELS[found.tier]})"


def _flag_advice(result: Progress) -> list[str]:
    from crackcoach import safety

    keys = {key for event in result.flags for key in event.flags}
    if not keys:
        return []
    lines = ["If a sign is still there, this is what it calls for:"]
    lines += [f"{advice.title}: {advice.text}" for advice, _ in safety.advice_for(keys)]
    lines.append(safety.NOT_A_DIAGNOSIS)
    return lines


def register(app: typer.Typer) -> None:
    """Add the progress commands to ``app``."""
    app.command("stats")(stats)
    app.command("report")(report)
    app.command("export")(export)
    app.command("import")(import_file)
