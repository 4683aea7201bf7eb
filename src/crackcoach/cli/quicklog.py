"""``crackcoach log`` with options: checking them, saving the entry, confirming it.

This module never imports Typer or Rich. ``crackcoach log --discomfort 3
--stiffness 2`` is something people put in shell aliases and scripts, so it
has a fast path (:func:`run_quick`) that reads the options itself and skips
building the whole command parser. Anything it does not fully understand
(``--help``, a typo, missing required options) is left to the Typer command
in :mod:`crackcoach.cli.diary_cmd`, which uses the same functions, so both
paths give the same messages.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from crackcoach.errors import InputError
from crackcoach.records import DiaryEntry

REQUIRED = ("discomfort", "stiffness")
EARLIEST_YEAR = 1970
# Clock skew between devices is fine; a day in the future is a typo.
FUTURE_SLACK_SECONDS = 300

_OPTIONS = {"--discomfort": "discomfort", "--stiffness": "stiffness", "--mobility": "mobility",
            "--tighter-side": "tighter_side", "--cracks": "cracks", "--flag": "flags",
            "--note": "note", "--at": "at"}


class LogOptions:
    """The options of ``crackcoach log`` as typed, not yet checked.

    A plain class rather than a dataclass: ``log`` is timed, and importing
    ``dataclasses`` (with ``inspect``) would be a third of its start-up.
    """

    FIELDS = ("discomfort", "stiffness", "mobility", "tighter_side", "cracks", "flags",
              "note", "at")

    def __init__(self, discomfort: str | None = None, stiffness: str | None = None,
                 mobility: str | None = None, tighter_side: str | None = None,
                 cracks: str | None = None, flags: list[str] | None = None,
                 note: str | None = None, at: str | None = None) -> None:
        self.discomfort = discomfort
        self.stiffness = stiffness
        self.mobility = mobility
        self.tighter_side = tighter_side
        self.cracks = cracks
        self.flags: list[str] = list(flags or [])
        self.note = note
        self.at = at

    def any_given(self) -> bool:
        """True when at least one option was given."""
        return any(getattr(self, name) not in (None, []) for name in self.FIELDS)

    def missing(self) -> list[str]:
        """The required options that were not given, as option names."""
        return [f"--{name}" for name in REQUIRED if getattr(self, name) is None]


def parse_args(args: list[str]) -> LogOptions | None:
    """Read ``log``'s options; None for anything that is not plainly options and values."""
    options = LogOptions()
    rest = list(args)
    while rest:
        word = rest.pop(0)
        name, has_value, value = word.partition("=")
        if name not in _OPTIONS:
            return None
        if not has_value:
            # A value that looks like an option is probably a mistake: let click explain.
            if not rest or rest[0].startswith("-"):
                return None
            value = rest.pop(0)
        target = _OPTIONS[name]
        if target == "flags":
            options.flags.append(value)
        else:
            setattr(options, target, value)
    return options


def quoted(value: str, limit: int = 40) -> str:
    """``value`` in quotes for an error message, shortened when it is long (e.g. a note)."""
    return f"'{value}'" if len(value) <= limit else f"'{value[:limit - 3]}...'"


def _checked(option: str, value: str | None, parse: Any) -> Any:
    from crackcoach.checkin import AnswerError

    if value is None:
        return None
    try:
        return parse(value)
    except AnswerError as exc:
        raise InputError(f"--{option} {quoted(value)} is not valid; "
                         f"expected {exc.expected}") from None


def parse_time(text: str, now: datetime, option: str, *, date_only: bool = False) -> datetime:
    """An ISO 8601 date and time; naive means local time. Dates alone only if ``date_only``.

    Refuses times before 1970 and more than a few minutes after ``now``.
    """
    expected = ("a date or a date and time in ISO 8601 form, e.g. 2024-05-01 or "
                "2024-05-01T20:30" if date_only else
                "a date and time in ISO 8601 form, e.g. 2024-05-01T20:30 or "
                "2024-05-01T20:30+02:00")
    cleaned = text.strip()
    if cleaned[-1:] in ("Z", "z"):
        cleaned = cleaned[:-1] + "+00:00"
    try:
        if len(cleaned) <= 10 and not date_only:
            raise ValueError("a date without a time")
        moment = datetime.fromisoformat(cleaned)
    except ValueError:
        raise InputError(f"--{option} {quoted(text)} is not valid; expected {expected}") from None
    # Check the year before converting: local time near year 1 or 9999 cannot be converted.
    if moment.year < EARLIEST_YEAR:
        raise InputError(f"--{option} {quoted(text)} is too early; "
                         f"expected {EARLIEST_YEAR} or later")
    try:
        moment = moment.astimezone() if moment.tzinfo is None else moment
        ahead = (moment - now).total_seconds()
    except (OverflowError, ValueError):
        ahead = math.inf
    if ahead > FUTURE_SLACK_SECONDS:
        raise InputError(f"--{option} {quoted(text)} is in the future; expected a time up to now")
    return moment


def answers(options: LogOptions) -> dict[str, Any]:
    """The given options checked and converted to DiaryEntry fields; InputError if not valid."""
    from crackcoach import checkin, safety

    result: dict[str, Any] = {
        "discomfort": _checked("discomfort", options.discomfort, checkin.parse_scale),
        "stiffness": _checked("stiffness", options.stiffness, checkin.parse_scale),
        "mobility": _checked("mobility", options.mobility, checkin.parse_mobility),
        "tighter_side": _checked("tighter-side", options.tighter_side,
                                 lambda t: checkin.parse_side(t, required=True)),
        "cracks": _checked("cracks", options.cracks,
                           lambda t: checkin.parse_cracks(t, required=True)),
        "note": _checked("note", options.note, checkin.parse_note),
    }
    given = {key: value for key, value in result.items() if value is not None}
    if options.note is not None:
        given["note"] = result["note"]
    if options.flags:
        given["flags"] = safety.normalise(options.flags)
    return given


def entry_time(options: LogOptions, now: datetime) -> datetime:
    """The entry's time: ``--at`` or now."""
    return parse_time(options.at, now, "at") if options.at is not None else now


def save(entry: DiaryEntry, db_path: Path) -> int:
    """Write one entry to the diary and return its id."""
    from crackcoach.store import open_store

    with open_store(db_path) as store:
        return store.add_entry(entry)


def confirmation(entry: DiaryEntry, entry_id: int) -> list[str]:
    """The lines that confirm a saved entry, then the change and flare notes."""
    from crackcoach.checkin import after_session_message

    parts = [f"{name} {getattr(entry, name)}" for name in
             ("discomfort", "stiffness", "mobility", "tighter_side", "cracks")
             if getattr(entry, name) is not None]
    if entry.flags:
        parts.append("flags " + ", ".join(entry.flags))
    when = entry.at.astimezone().strftime("%Y-%m-%d %H:%M")
    summary = ", ".join(part.replace("_", " ") for part in parts)
    return [f"Saved diary entry {entry_id} ({when}): {summary}.",
            *after_session_message(entry)]


def finish(entry: DiaryEntry, db_path: Path) -> None:
    """Save ``entry``, confirm it, and show the safety advice its flags call for."""
    entry_id = save(entry, db_path)
    sys.stdout.write("".join(f"{line}\n" for line in confirmation(entry, entry_id)))
    if entry.flags:
        sys.stdout.flush()
        from crackcoach.safety import advice_for
        from crackcoach.views.diary import print_advice

        print_advice(advice_for(entry.flags))


def log_with_options(options: LogOptions, db_path: Path, now: datetime) -> None:
    """Non-interactive ``crackcoach log``: check everything, then write one entry."""
    given = answers(options)
    at = entry_time(options, now)
    missing = options.missing()
    if missing:
        raise InputError(f"missing {' and '.join(missing)}: without a terminal to ask in, "
                         "crackcoach log needs at least --discomfort and --stiffness "
                         "(e.g. crackcoach log --discomfort 3 --stiffness 2)")
    finish(DiaryEntry(at=at, **given), db_path)


def quick_runner(args: list[str]) -> Callable[[], int] | None:
    """The fast path of ``crackcoach log OPTIONS``; None when the full parser should run."""
    options = parse_args(args)
    if options is None or options.missing():
        return None

    def run() -> int:
        from crackcoach import paths

        log_with_options(options, paths.database_path(), datetime.now().astimezone())
        return 0

    return run
