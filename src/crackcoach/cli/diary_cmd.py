"""Diary commands: ``log``, ``history``, ``flags``, ``learn``."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated, Any

import typer

from crackcoach.cli.common import print_json
from crackcoach.cli.options import JsonOption
from crackcoach.errors import EXIT_INTERRUPTED, InputError

if TYPE_CHECKING:
    from crackcoach.records import DiaryEntry, SessionRecord

HISTORY_LIMIT = 20


def log(
    discomfort: Annotated[str | None, typer.Option(
        metavar="0-10", help="Discomfort now: 0 = none, 10 = worst imaginable.")] = None,
    stiffness: Annotated[str | None, typer.Option(
        metavar="0-10", help="Stiffness now: 0 = none, 10 = worst imaginable.")] = None,
    mobility: Annotated[str | None, typer.Option(
        metavar="much-worse|worse|same|better|much-better",
        help="How moving feels compared with your last entry.")] = None,
    tighter_side: Annotated[str | None, typer.Option(
        "--tighter-side", metavar="left|right|even", help="Which side feels tighter.")] = None,
    cracks: Annotated[str | None, typer.Option(
        metavar="0-100", help="Times you cracked your back on purpose today.")] = None,
    flag: Annotated[list[str] | None, typer.Option(
        metavar="KEY", help="A safety sign you noticed today (repeatable; see "
                            "'crackcoach flags').")] = None,
    note: Annotated[str | None, typer.Option(metavar="TEXT", help="A note.")] = None,
    at: Annotated[str | None, typer.Option(
        metavar="DATETIME", help="When, for an entry you forgot: ISO 8601 such as "
                                 "2024-05-01T20:30 (local time unless an offset is given). "
                                 "Default: now.")] = None,
) -> None:
    """Note how your back feels, without a session.

    With no options it asks the questions (in a terminal). With options it
    saves the entry at once; --discomfort and --stiffness are then required.

    \b
    Example:
      crackcoach log --discomfort 3 --stiffness 2 --mobility better --note "after a long drive"
    """
    from datetime import datetime

    from crackcoach import paths
    from crackcoach.cli.quicklog import LogOptions, log_with_options

    options = LogOptions(discomfort, stiffness, mobility, tighter_side, cracks, list(flag or []),
                         note, at)
    now = datetime.now().astimezone()
    if sys.stdin.isatty() and options.missing():
        _log_interactively(options, now)
    else:
        log_with_options(options, paths.database_path(), now)


def _log_interactively(options: Any, now: Any) -> None:
    from crackcoach import paths
    from crackcoach.checkin import CheckinCancelled, ask_log
    from crackcoach.cli.quicklog import answers, entry_time, finish

    given = answers(options)  # bad options are refused before any question is asked
    at = entry_time(options, now)
    try:
        entry = ask_log(input, print, at=at, given=given)
    except CheckinCancelled:
        sys.stdout.write("\nStopped: nothing was saved.\n")
        raise typer.Exit(EXIT_INTERRUPTED) from None
    finish(entry, paths.database_path())


def history(
    limit: Annotated[str, typer.Option(metavar="N", help="Show at most N sessions and entries "
                                                         f"(default {HISTORY_LIMIT}).")
                     ] = str(HISTORY_LIMIT),
    since: Annotated[str | None, typer.Option(
        metavar="DATE", help="Only from DATE on (ISO 8601: 2024-05-01 or 2024-05-01T08:00).")
    ] = None,
    json_output: JsonOption = False,
) -> None:
    """Show your sessions and diary entries, newest first.

    \b
    Example:
      crackcoach history --since 2024-05-01 --json
    """
    from datetime import datetime

    from crackcoach import paths
    from crackcoach.cli.quicklog import parse_time, quoted
    from crackcoach.store import open_store

    if not (limit.isascii() and limit.isdigit() and int(limit) >= 1):
        raise InputError(f"--limit {quoted(limit)} is not valid; expected a whole number "
                         "from 1 up")
    start = None
    if since is not None:
        start = parse_time(since, datetime.now().astimezone(), "since", date_only=True)
    # Reading never creates a diary: with none yet, the history is simply empty.
    with open_store(paths.database_path(), read_only=True) as store:
        items = store.history(since=start, limit=int(limit))
    if json_output:
        print_json([record_to_dict(item) for item in items])
    else:
        from crackcoach.views.diary import print_history

        print_history(items)


def record_to_dict(record: SessionRecord | DiaryEntry) -> dict[str, Any]:
    """A session or an entry as JSON-ready data, named like ``log``'s options."""
    from crackcoach.records import SessionRecord

    if isinstance(record, SessionRecord):
        return {"type": "session", "id": record.id, "at": record.started_at.isoformat(),
                "routine": record.routine, "started_at": record.started_at.isoformat(),
                "ended_at": record.ended_at.isoformat(), "outcome": record.outcome,
                "planned_seconds": record.planned_seconds,
                "actual_seconds": record.actual_seconds,
                "paused_seconds": record.paused_seconds,
                "steps_completed": list(record.steps_completed),
                "steps_skipped": list(record.steps_skipped)}
    return {"type": "entry", "id": record.id, "at": record.at.isoformat(),
            "discomfort": record.discomfort, "discomfort_before": record.discomfort_before,
            "stiffness": record.stiffness, "mobility": record.mobility,
            "tighter_side": record.tighter_side, "cracks": record.cracks,
            "flags": list(record.flags), "note": record.note, "session_id": record.session_id}


def flags(json_output: JsonOption = False) -> None:
    """List the safety signs you can record, with their keys and how urgent each is.

    \b
    Example:
      crackcoach flags
    """
    from crackcoach import safety

    if json_output:
        print_json([{"key": f.key, "tier": f.tier, "sign": f.text,
                     "advice": safety.ADVICE[f.tier].text} for f in safety.FLAGS])
        return
    from crackcoach.views.diary import print_flags

    print_flags()


def learn(
    topic: Annotated[str | None, typer.Argument(
        help="The topic to read (a unique start is enough); leave out to list them.",
        show_default=False)] = None,
) -> None:
    """Read short pages on back cracking, stretching safely and when to seek help.

    \b
    Example:
      crackcoach learn myths
    """
    from crackcoach.learn import TOPICS, find_topic
    from crackcoach.views.diary import print_topic, print_topics

    if topic is None:
        print_topics(TOPICS)
    else:
        print_topic(find_topic(topic))


def register(app: typer.Typer) -> None:
    """Add the diary commands to ``app``."""
    app.command("log")(log)
    app.command("history")(history)
    app.command("flags")(flags)
    app.command("learn")(learn)
