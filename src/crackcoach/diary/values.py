"""Reading and checking a value, from wherever it comes: one reader per kind of value.

Every way into the diary reads a value here, against the limits of
:mod:`crackcoach.diary.records`: an option typed on the command line, an answer
typed in the check-in (``parse_*``: empty allowed unless required), a field of an
import or sync file, and a record's own values before the store writes them.
The store checks the rows it reads back against the same limits.

The command line's declarations hand these readers to Typer, and its fast path
calls the very same objects, so both ways of running a command accept the same
values and refuse the others with the same message:
``--target 0: expected a whole number from 1 to 21``. The use cases read the
values that need the clock (``--at``, ``--since``) with :func:`read` too.

A reader takes the typed text and returns the value, or raises
:class:`~crackcoach.errors.BadValue` saying what was expected. Values that are
already converted (the declared defaults) pass through unchanged.

The readers of a file's fields (the ``field_*`` ones where the command line has
a reader of the same kind, and ``record_id``, ``uid``, ``name_list``, ``flags``,
``timeline``, ``boolean``, ``choice``) take any value JSON or CSV gives and
raise ValueError saying what was found and what is expected; the caller puts
the line and field in front of it.
"""

from __future__ import annotations

import contextlib
import math
from collections.abc import Callable, Sequence
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path

from crackcoach.base import weekdays
from crackcoach.base.patterns import later
from crackcoach.base.textsafe import printable, shown
from crackcoach.base.typenames import TYPE_CHECKING
from crackcoach.diary.records import (
    CRACKS_MAX,
    EARLIEST_YEAR,
    FLAGS_MAX,
    ID_MAX,
    LATEST_YEAR,
    MOBILITY,
    NAME_MAX,
    NAMES_MAX,
    NOTE_MAX,
    SCALE_MAX,
    SCALE_MIN,
    SECONDS_MAX,
    SIDES,
    TIMELINE_MAX,
    Mobility,
    Side,
)
from crackcoach.errors import BadValue, InputError
from crackcoach.safety import signs

if TYPE_CHECKING:
    from typing import Any, TypeAlias

Reader: TypeAlias = "Callable[[str], Any]"

_DIGITS = later(r"[0-9]+")
_NONE_WORDS = {"none", "no", "n", "0", "-"}
_NUMBER = later(r"[0-9]+(\.[0-9]+)?")
SHOWN_LIMIT = 40


def as_typed(text: str) -> str:
    """A typed value as an error message shows it: quoted if empty or spaced, long ones cut."""

    value = text if len(text) <= SHOWN_LIMIT else text[:SHOWN_LIMIT - 3] + "..."
    value = printable(value)
    if not value or any(c.isspace() for c in value) or "'" in value:
        return "'" + value.replace("'", "\\'") + "'"
    return value


def read(option: str, reader: Reader, value: Any) -> Any:
    """``value`` read by ``reader``; an InputError naming ``option`` if it does not fit."""
    if not isinstance(value, str):
        return value  # a declared default, already of the right type
    try:
        return reader(value)
    except BadValue as exc:
        raise InputError(f"{option} {as_typed(value)}: expected {exc.expected}") from None


def _utf8(text: str) -> str:
    # Bytes that are not UTF-8 reach Python as lone surrogates; nothing can store them.
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise BadValue("text in UTF-8 (it holds bytes that are not)") from None
    return text


def whole_number(low: int, high: int | None = None) -> Reader:
    """A reader of whole numbers from ``low`` to ``high`` (no upper end when None)."""
    expected = (f"a whole number from {low} to {high}" if high is not None
                else f"a whole number from {low} up")

    def read_whole(text: str) -> int:
        # ASCII digits only: int() would also take "٣", " 3" or "3_0".
        if not _DIGITS.fullmatch(text):
            raise BadValue(expected)
        number = int(text)
        if number < low or (high is not None and number > high):
            raise BadValue(expected)
        return number

    return read_whole


def seconds(low: float, high: float) -> Reader:
    """A reader of a number of seconds from ``low`` to ``high`` (decimals allowed)."""
    expected = f"a number of seconds from {low:g} to {high:g}"

    def read_seconds(text: str) -> float:
        if not _NUMBER.fullmatch(text) or not low <= float(text) <= high:
            raise BadValue(expected)
        number = float(text)
        return int(number) if number.is_integer() else number

    return read_seconds


def minutes(low: float, high: float) -> Reader:
    """A reader of a number of minutes from ``low`` to ``high`` (decimals allowed)."""
    expected = f"a number of minutes from {low:g} to {high:g}"

    def read_minutes(text: str) -> float:
        if not _NUMBER.fullmatch(text.strip()) or not low <= float(text) <= high:
            raise BadValue(expected)
        return float(text)

    return read_minutes


_RECORD_REF = later(r"([es]?)([0-9]{1,18})")


def record_ref(value: str) -> str:
    """A record's id as ``history`` shows it: e12 (or 12) for an entry, s3 for a session."""
    found = _RECORD_REF.fullmatch(value.strip().lower())
    if found is None or int(found.group(2)) < 1:
        raise BadValue("an id as 'crackcoach history' shows it, e.g. e12 (or 12) for a diary "
                       "entry or s3 for a session")
    return f"{found.group(1) or 'e'}{int(found.group(2))}"


def one_of(choices: Sequence[str]) -> Reader:
    """A reader accepting exactly one of ``choices`` (any case)."""
    expected = " or ".join([", ".join(choices[:-1]), choices[-1]] if len(choices) > 1
                           else choices)

    def read_choice(text: str) -> str:
        word = text.strip().lower()
        if word not in choices:
            raise BadValue(expected)
        return word

    return read_choice


def text(limit: int) -> Reader:
    """A reader of free text of at most ``limit`` characters."""
    def read_text(value: str) -> str:
        _utf8(value)
        if len(value) > limit:
            raise BadValue(f"at most {limit} characters")
        return value

    return read_text


def utf8(value: str) -> str:
    """Text in UTF-8 (a name, a date to read later); the use case checks the rest."""
    return _utf8(value)


def day(value: str) -> date:
    """A calendar date, YYYY-MM-DD."""
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise BadValue("a date like 2024-05-14") from None


def day_from(now: datetime) -> Reader:
    """A reader of a calendar date: YYYY-MM-DD, or today, yesterday, 3d, 2w (counted from
    ``now``)."""
    def read_day(value: str) -> date:
        found = _RELATIVE_DAY.fullmatch(value.strip().lower())
        if found is None or found.group(5) is not None:
            try:
                return day(value)
            except BadValue:
                raise BadValue("a date like 2024-05-14, or today, yesterday, 3d or 2w (days "
                               "or weeks ago)") from None
        relative = _relative(value.strip(), now, True)
        assert relative is not None
        return relative.date()

    return read_day


def flag_key(value: str) -> str:
    """The key of a safety sign, as ``crackcoach flags`` lists them."""

    key = value.strip().lower()
    if key not in signs.KEYS:
        raise BadValue(f"a safety-sign key: {', '.join(signs.KEYS)} (see 'crackcoach flags')")
    return key


def activity_rating(value: str) -> str:
    """An activity's rating, ID=SCORE (``2=7`` or ``a2=7``), as ``2=7``."""

    found = read_rating(value)
    if found is None:
        raise BadValue("ID=SCORE: an activity's id ('crackcoach activity list' shows them) "
                       "and a whole number 0-10, e.g. 2=7")
    return f"{found[0]}={found[1]}"


def activity_ref(value: str) -> str:
    """An activity's id as ``activity list`` shows it (a2, or 2), as ``2``."""

    found = read_ref(value)
    if found is None:
        raise BadValue("an activity's id as 'crackcoach activity list' shows it, e.g. a2 "
                       "(or 2)")
    return str(found)


def condition_key(value: str) -> str:
    """The key of a question of the first-run check, as ``crackcoach check --show`` lists them."""

    key = value.strip().lower()
    if key not in signs.CONDITION_KEYS:
        raise BadValue(f"one of {', '.join(signs.CONDITION_KEYS)}")
    return key


def path(value: str) -> Path:
    """A file or folder path; it must not be empty."""
    if not value:
        raise BadValue("a path")
    return Path(_utf8(value))


def file_path(value: str) -> Path:
    """A path naming a file (or - for a standard stream), not a folder."""
    if Path(value).is_dir() and value != "-":
        raise BadValue("a file, not a folder")
    return path(value)


# --- answers typed in the check-in (empty allowed unless required) ---

def _whole_number(text: str, low: int, high: int, required: bool) -> int | None:
    """An answer of ``low`` to ``high`` (space around it allowed); None when empty and not
    ``required``."""
    text = text.strip()
    if not text and not required:
        return None
    number: int = whole_number(low, high)(text)
    return number


def parse_scale(text: str, *, required: bool = True) -> int | None:
    """A 0-10 answer; empty gives None when not ``required``."""
    return _whole_number(text, SCALE_MIN, SCALE_MAX, required)


def parse_cracks(text: str, *, required: bool = False) -> int | None:
    """How many times the back was cracked on purpose today (0-100)."""
    return _whole_number(text, 0, CRACKS_MAX, required)


def _word(text: str) -> str:
    return "-".join(text.strip().lower().replace("_", " ").replace("-", " ").split())


def parse_mobility(text: str, *, required: bool = True) -> Mobility | None:
    """much-worse .. much-better, by name (spaces or hyphens) or by number 1-5."""
    word = _word(text)
    if not word and not required:
        return None
    if _DIGITS.fullmatch(word) and 1 <= int(word) <= len(MOBILITY):
        return MOBILITY[int(word) - 1]
    for choice in MOBILITY:
        if word == choice:
            return choice
    raise BadValue(f"one of {', '.join(MOBILITY)} (or 1-5)")


def parse_side(text: str, *, required: bool = False) -> Side | None:
    """left, right or even (or l, r, e)."""
    word = _word(text)
    if not word and not required:
        return None
    for choice in SIDES:
        if word in (choice, choice[0]):
            return choice
    raise BadValue("left, right or even (l, r, e)")


def parse_note(text: str) -> str | None:
    """A free note: surrounding space trimmed, empty gives None."""
    note = text.strip()
    try:
        note.encode("utf-8")
    except UnicodeEncodeError:  # bytes that were not text (see cli._tolerate_odd_encodings)
        raise BadValue("text (what was typed held bytes that are not)") from None
    if len(note) > NOTE_MAX:
        raise BadValue(f"a note of at most {NOTE_MAX} characters")
    return note or None


def parse_flags(text: str, choices: Sequence[signs.Flag]) -> tuple[str, ...]:
    """Numbers of the listed ``choices`` or flag keys, separated by spaces or commas.

    Empty, "none" or "0" means none. Returns keys in the order of the safety list.
    """
    words = text.replace(",", " ").lower().split()
    if not words or (len(words) == 1 and words[0] in _NONE_WORDS):
        return ()
    expected = (f"numbers from 1 to {len(choices)} separated by spaces, "
                "or Enter for none")
    keys = []
    for word in words:
        if _DIGITS.fullmatch(word) and 1 <= int(word) <= len(choices):
            keys.append(choices[int(word) - 1].key)
        elif word in signs.KEYS:
            keys.append(word)
        else:
            raise BadValue(expected)
    return signs.normalise(keys)


# --- activities' ids and ratings ---

_REF = later(r"a?([0-9]{1,18})")


def read_ref(text: str) -> int | None:
    """The id in ``a3`` or ``3``; None when the text is not an activity's id."""
    found = _REF.fullmatch(text.strip().lower())
    if found is None or int(found.group(1)) < 1:
        return None
    return int(found.group(1))


def read_rating(text: str) -> tuple[int, int] | None:
    """``(id, score)`` from ``ID=SCORE`` (``2=7``, ``a2=7``); None when it is not one."""
    ref, sep, score = text.partition("=")
    activity_id = read_ref(ref) if sep else None
    if activity_id is None or not score.isascii() or not score.isdigit() or len(score) > 2:
        return None
    number = int(score)
    if not SCALE_MIN <= number <= SCALE_MAX:
        return None
    return activity_id, number


def _required(parse: Callable[..., Any]) -> Reader:
    """A reader made of one of the check-in's answer parsers, with an answer required."""
    def read_answer(value: str) -> Any:
        return parse(value, required=True)

    return read_answer


scale = _required(parse_scale)  # a 0-10 reading
mobility = _required(parse_mobility)  # much-worse .. much-better, or 1-5
side = _required(parse_side)  # left, right or even
cracks = _required(parse_cracks)  # deliberate cracks today, 0-100


def note(value: str) -> str:
    """A diary note (surrounding space trimmed)."""
    _utf8(value)
    if len(value.strip()) > NOTE_MAX:
        raise BadValue(f"a note of at most {NOTE_MAX} characters")
    return value.strip()


_CLOCK = later(r"([01]?[0-9]|2[0-3]):([0-5][0-9])")


def clock_time(value: str) -> str:
    """A time of day on the 24-hour clock, HH:MM (returned as written, zero-padded)."""
    found = _CLOCK.fullmatch(value.strip())
    if found is None:
        raise BadValue("a time of day like 08:00 or 18:30 (24-hour clock)")
    return f"{int(found.group(1)):02d}:{found.group(2)}"


def days(value: str) -> str:
    """Days of the week, e.g. mon-fri, mon,wed,fri, weekend or daily; as "mon,tue,..."."""

    _utf8(value)
    return ",".join(weekdays.NAMES[day] for day in weekdays.parse(value))


# Clock skew between devices is fine; a day in the future is a typo.
FUTURE_SLACK_SECONDS = 300
_RELATIVE_DAY = later(r"(today|yesterday|([0-9]{1,4}) ?(d|days?|w|weeks?)( ago)?)"
                      r"(?:[ T]([0-9]{1,2}):([0-9]{2}))?")
_TIME_ONLY = later(r"([0-9]{1,2}):([0-9]{2})")
RELATIVE_FORMS = ("today, yesterday, 3d or 2w (days or weeks ago), each optionally followed by "
                  "a time (yesterday 20:30), or a time alone for today (07:45)")


def _relative(text: str, now: datetime, date_only: bool) -> datetime | None:
    """A relative form as a naive local time, or None when ``text`` is not one.

    Without a time, a day means its midnight where only a date is wanted, and
    the same clock time as now elsewhere ("yesterday" = 24 hours ago).
    """
    word = text.lower()
    with contextlib.suppress(OverflowError, ValueError):
        now = now.astimezone()  # days and clock times are this computer's
    found = _TIME_ONLY.fullmatch(word)
    if found is not None:
        return _at_clock(now.date(), found.group(1), found.group(2))
    found = _RELATIVE_DAY.fullmatch(word)
    if found is None:
        return None
    day_word, number, unit, _, hour, minute = found.groups()
    back = 0 if day_word == "today" else 1 if day_word == "yesterday" else \
        int(number) * (7 if unit.startswith("w") else 1)
    try:
        day = now.date() - timedelta(days=back)
    except OverflowError:
        raise BadValue(f"a time in {EARLIEST_YEAR} or later") from None
    if hour is not None:
        return _at_clock(day, hour, minute)
    if date_only:
        return datetime.combine(day, time.min)
    return datetime.combine(day, now.time().replace(microsecond=0))


def _at_clock(day: date, hour: str, minute: str) -> datetime:
    if int(hour) > 23 or int(minute) > 59:
        raise BadValue("a time of day from 00:00 to 23:59")
    return datetime.combine(day, time(int(hour), int(minute)))


def local(naive: datetime) -> datetime:
    """A naive local time made aware in this computer's zone; BadValue if the clock skips it.

    When the clocks go forward an hour is skipped (02:30 on the last Sunday of March in
    much of Europe); such a time is refused rather than silently moved.
    """
    aware = naive.astimezone()
    if aware.replace(tzinfo=None) != naive and \
            aware.astimezone().replace(tzinfo=None) != naive:
        raise BadValue(f"a time that exists on this computer's clock ({naive:%Y-%m-%d %H:%M} "
                       "was skipped when the clocks went forward; give the time as it was "
                       "shown, or with its UTC offset)")
    return aware


def moment(now: datetime, *, date_only: bool = False) -> Reader:
    """A reader of a date and time up to ``now``: ISO 8601 or a relative form.

    ISO 8601 without an offset means local time; the relative forms are
    RELATIVE_FORMS, counted from ``now``. With ``date_only`` a date alone is
    accepted too (it means its midnight). Times before 1970, more than a few
    minutes after ``now``, or that the local clock skips are refused.
    """
    expected = ("a date or a date and time: ISO 8601 (2024-05-01 or 2024-05-01T20:30) or "
                "today, yesterday, 3d, 2w" if date_only else
                "a date and time: ISO 8601 (2024-05-01T20:30 or 2024-05-01T20:30+02:00), or "
                "'yesterday 20:30', 'today 07:45', or 20:30 for today")

    def read_moment(text: str) -> datetime:
        cleaned = text.strip()
        when = _relative(cleaned, now, date_only)
        if when is None:
            when = _iso(cleaned, expected, date_only)
        # Check the year before converting: local time near year 1 or 9999 cannot be converted.
        if when.year < EARLIEST_YEAR:
            raise BadValue(f"a time in {EARLIEST_YEAR} or later")
        try:
            when = local(when) if when.tzinfo is None else when
            ahead = (when - now).total_seconds()
        except BadValue:
            raise
        except (OverflowError, ValueError):
            ahead = math.inf
        if ahead > FUTURE_SLACK_SECONDS:
            raise BadValue("a time up to now, not in the future")
        return when

    return read_moment


def _iso(cleaned: str, expected: str, date_only: bool) -> datetime:
    if cleaned[-1:] in ("Z", "z"):
        cleaned = cleaned[:-1] + "+00:00"
    if len(cleaned) <= 10 and not date_only:
        raise BadValue(expected)
    try:
        return datetime.fromisoformat(cleaned)
    except ValueError:
        raise BadValue(expected) from None


# Readers shared by the Typer declarations and the fast path's table (one object each,
# so tests/test_fast_path.py can tell that both read a value the same way).
MAX_WEEKS = 520
MAX_TARGET = 21
WEEKS = whole_number(1, MAX_WEEKS)
TARGET = whole_number(1, MAX_TARGET)
LIMIT = whole_number(1)
HOLD = seconds(1, 600)  # start --hold
REPS = whole_number(1, 50)  # start --reps
REPORT_FORMAT = one_of(("markdown", "html"))  # report --format


# --- single values of an import or sync file (and a record's own values): ValueError ---

_FLAG_KEY = later(r"[a-z0-9][a-z0-9_-]{0,63}")
# NUL breaks CSV on Python 3.10 and lone surrogates cannot be written as UTF-8.
_NOT_TEXT = later("[\x00\ud800-\udfff]")
def text_problem(value: str) -> str | None:
    """Why ``value`` cannot be stored as text (a NUL or a lone surrogate), or None."""
    if value.isascii() and "\x00" not in value:
        return None
    found = _NOT_TEXT.search(value)
    if found is None:
        return None
    char = found.group()
    what = "a NUL character" if char == "\x00" else "a lone surrogate"
    return f"holds {what} ({char.encode('unicode_escape').decode()}), which is not text"


def field_text(value: Any, what: str, limit: int) -> str:
    """``value`` if it is text of at most ``limit`` characters that can be stored."""
    if not isinstance(value, str):
        raise ValueError(f"{shown(value)} is not {what}")
    if len(value) > limit:
        raise ValueError(f"is {len(value):,} characters long; at most {limit:,} are allowed")
    problem = text_problem(value)
    if problem:
        raise ValueError(problem)
    return value


_WHOLE = later(r"-?[0-9]+")
_DECIMAL = later(r"-?[0-9]+(?:\.[0-9]*)?(?:[eE][-+]?[0-9]+)?|-?\.[0-9]+(?:[eE][-+]?[0-9]+)?")


def _int(value: Any, low: int, high: int, what: str) -> int:
    if type(value) is int and low <= value <= high:  # the common JSON case
        return value
    if type(value) is str and value.isascii() and value.isdigit() and len(value) < 19:
        number = int(value)  # the common CSV case
        if low <= number <= high:
            return number
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise ValueError(f"{shown(value)} is not {what}")
    try:
        if isinstance(value, str):
            # Only plain ASCII digits: int() would also take "٣", " 3" or "0_3".
            if len(value) > 20 or not _WHOLE.fullmatch(value):
                raise ValueError
            number = int(value, 10)
        else:
            number = value
    except ValueError:
        raise ValueError(f"{shown(value)} is not {what}") from None
    if not low <= number <= high:
        raise ValueError(f"{shown(number)} is out of range; expected {what}")
    return number


def record_id(value: Any) -> int:
    """An id: a whole number of 1 or more (up to SQLite's largest integer)."""
    return _int(value, 1, ID_MAX, "a whole number of 1 or more")


_UID = later(r"[0-9a-f]{32}")


def uid(value: Any) -> str:
    """A globally unique record id: 32 hexadecimal digits (lower case)."""
    if type(value) is str and _UID.fullmatch(value):
        return value
    raise ValueError(f"{shown(value)} is not a record uid (32 hexadecimal digits)")


# The common CSV cells, looked up rather than parsed.
_SMALL = {str(number): number for number in range(max(SCALE_MAX, CRACKS_MAX) + 1)}


def field_scale(value: Any) -> int:
    """A 0-10 reading."""
    number = _SMALL.get(value) if type(value) is str else value if type(value) is int else None
    if number is not None and SCALE_MIN <= number <= SCALE_MAX:
        return number
    return _int(value, SCALE_MIN, SCALE_MAX, f"a whole number {SCALE_MIN}-{SCALE_MAX}")


def field_cracks(value: Any) -> int:
    """Deliberate cracks in a day, 0-100."""
    number = _SMALL.get(value) if type(value) is str else value if type(value) is int else None
    if number is not None and 0 <= number <= CRACKS_MAX:
        return number
    return _int(value, 0, CRACKS_MAX, f"a whole number 0-{CRACKS_MAX}")


def field_seconds(value: Any) -> float:
    """A finite number of seconds from 0 to a year."""
    if isinstance(value, bool) or not isinstance(value, (int, float, str)) or (
            isinstance(value, str) and not _DECIMAL.fullmatch(value)):
        raise ValueError(f"{shown(value)} is not a number of seconds")
    try:
        number = float(value)
    except (ValueError, OverflowError):  # OverflowError: an integer of 400 digits
        raise ValueError(f"{shown(value)} is not a number of seconds") from None
    if not 0 <= number <= SECONDS_MAX:  # NaN fails this too
        raise ValueError(f"{shown(value)} is out of range; expected 0 to {SECONDS_MAX:,} "
                         "seconds")
    return number


def moment_problem(moment: datetime) -> str | None:
    """Why an aware time cannot be kept in the diary, or None."""
    offset = moment.utcoffset()
    if offset is not None and offset.microseconds:
        return "has a UTC offset with a fraction of a second"
    if EARLIEST_YEAR <= moment.year < LATEST_YEAR:
        return None  # the UTC year is at most one more
    expected = f"is out of range; expected a time from {EARLIEST_YEAR} to {LATEST_YEAR}"
    # The local year first: near year 1 or 9999 converting to UTC overflows.
    if not EARLIEST_YEAR <= moment.year <= LATEST_YEAR:
        return expected
    return None if moment.astimezone(timezone.utc).year <= LATEST_YEAR else expected


def field_moment(value: Any) -> datetime:
    """An ISO 8601 date and time with its UTC offset ('Z' counts as +00:00)."""
    if not isinstance(value, str):
        raise ValueError(f"{shown(value)} is not a date and time")
    text = value.strip()
    try:
        if len(text) > 40:
            raise ValueError
        found = datetime.fromisoformat(text[:-1] + "+00:00" if text[-1:] == "Z" else text)
    except ValueError:
        raise ValueError(f"{shown(value)} is not an ISO 8601 date and time "
                         "(e.g. 2024-05-14T08:30:00+02:00)") from None
    if found.tzinfo is None:
        raise ValueError(f"{shown(value)} has no UTC offset (e.g. +02:00)")
    problem = moment_problem(found)
    if problem:
        raise ValueError(f"{shown(value)} {problem}")
    return found


def nonempty_text(value: Any) -> str:
    """A name: text with something other than spaces in it, at most 200 characters."""
    if isinstance(value, str) and not value.strip():
        raise ValueError(f"{shown(value)} is not a non-empty text")
    return field_text(value, "a non-empty text", NAME_MAX)


def field_note(value: Any) -> str:
    """Any text up to 2,000 characters."""
    return field_text(value, "text", NOTE_MAX)


def _list(value: Any) -> list[Any]:
    if value == "[]":
        return []
    if isinstance(value, str):
        value = _json(value, "is not a JSON array such as [\"a\", \"b\"]")
    if not isinstance(value, list):
        raise ValueError(f"{shown(value)} is not a JSON array such as [\"a\", \"b\"]")
    return value


def name_list(value: Any) -> tuple[str, ...]:
    """A JSON array of non-empty texts (step names), as a tuple."""
    items = _list(value)
    if len(items) > NAMES_MAX:
        raise ValueError(f"has {len(items):,} names; at most {NAMES_MAX:,} are allowed")
    for item in items:
        if not isinstance(item, str) or not item:
            raise ValueError("every item must be a non-empty text")
        field_text(item, "text", NAME_MAX)
    return tuple(items)


def flags(value: Any) -> tuple[str, ...]:
    """A JSON array of safety-flag keys."""
    items = _list(value)
    if len(items) > FLAGS_MAX:
        raise ValueError(f"has {len(items):,} keys; at most {FLAGS_MAX} are allowed")
    for item in items:
        if not isinstance(item, str) or not _FLAG_KEY.fullmatch(item):
            raise ValueError(f"{shown(item)} is not a flag key (lower-case letters, digits, "
                             "'-')")
    return tuple(items)


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number JSON allows")


def _json(text: str, expected: str) -> Any:
    import json  # only imports and damaged-diary checks read JSON here

    try:
        return json.loads(text, parse_constant=_no_constant)
    except RecursionError:
        raise ValueError("is nested too deeply") from None
    except ValueError as exc:  # also a number of thousands of digits, or NaN
        detail = getattr(exc, "msg", None) or str(exc).split(":")[0]
        raise ValueError(f"{expected} ({detail})") from None


def timeline(value: Any) -> str:
    """A session's timeline snapshot: a JSON array, or text holding one.

    Kept as the compact text a session writes (the JSON export since version 3
    gives the array itself), so a snapshot comes back from a backup exactly.
    """
    import json

    if isinstance(value, list):
        value = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    text = field_text(value, "a JSON array", TIMELINE_MAX)
    if text == "[]":
        return text
    phases = _json(text, "is not valid JSON text")
    if not isinstance(phases, list):
        raise ValueError("is not a JSON array of phases")
    return json.dumps(phases, ensure_ascii=False, separators=(",", ":"))


_TRUE, _FALSE = frozenset(("true", "1", "yes")), frozenset(("false", "0", "no"))


def boolean(value: Any) -> bool:
    """true or false (a CSV cell may say 1/0 or yes/no too)."""
    if type(value) is bool:
        return value
    word = value.strip().lower() if isinstance(value, str) else None
    if word in _TRUE:
        return True
    if word in _FALSE:
        return False
    raise ValueError(f"{shown(value)} is not true or false")


def choice(options: tuple[str, ...]) -> Callable[[Any], str]:
    """A reader accepting exactly one of ``options``."""
    def parse_choice(value: Any) -> str:
        if value not in options:
            raise ValueError(f"{shown(value)} is not one of {', '.join(options)}")
        return str(value)

    return parse_choice

