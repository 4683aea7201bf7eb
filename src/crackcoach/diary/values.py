"""Reading typed values: one small reader per kind of value, and one wording for errors.

The command line's declarations hand these readers to Typer, and its fast path
calls the very same objects, so both ways of running a command accept the same
values and refuse the others with the same message:
``--target 0: expected a whole number from 1 to 21``. The use cases read the
values that need the clock (``--at``, ``--since``) with :func:`read` too.

A reader takes the typed text and returns the value, or raises
:class:`~crackcoach.errors.BadValue` saying what was expected. Values that are
already converted (the declared defaults) pass through unchanged.
"""

from __future__ import annotations

import contextlib
import math
from collections.abc import Callable, Sequence
from datetime import date, datetime, time, timedelta
from pathlib import Path

from crackcoach.base import weekdays
from crackcoach.base.patterns import later
from crackcoach.base.textsafe import printable
from crackcoach.base.typenames import TYPE_CHECKING
from crackcoach.diary import checkin
from crackcoach.diary.activities import read_rating, read_ref
from crackcoach.diary.records import NOTE_MAX
from crackcoach.errors import BadValue, InputError
from crackcoach.safety import signs

if TYPE_CHECKING:
    from typing import Any, TypeAlias

Reader: TypeAlias = "Callable[[str], Any]"

_DIGITS = later(r"[0-9]+")
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


def _required(parse: Callable[..., Any]) -> Reader:
    """A reader made of one of the check-in's answer parsers, with an answer required."""
    def read_answer(value: str) -> Any:
        return parse(value, required=True)

    return read_answer


scale = _required(checkin.parse_scale)  # a 0-10 reading
mobility = _required(checkin.parse_mobility)  # much-worse .. much-better, or 1-5
side = _required(checkin.parse_side)  # left, right or even
cracks = _required(checkin.parse_cracks)  # deliberate cracks today, 0-100


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


EARLIEST_YEAR = 1970
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
