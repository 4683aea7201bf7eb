"""Readers for single values of an import file: each returns the value or raises ValueError.

The message of the ValueError says what was found and what is expected; the
caller puts the line and field in front of it. The limits are those of
:mod:`crackcoach.diary.records`, the same for every way data gets into the diary.
Values are quoted shortened, so a 5 MB note makes a one-line message.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timezone

from crackcoach.base.patterns import later
from crackcoach.base.textsafe import shown
from crackcoach.base.typenames import TYPE_CHECKING
from crackcoach.diary.records import (
    CRACKS_MAX,
    EARLIEST_YEAR,
    FLAGS_MAX,
    ID_MAX,
    LATEST_YEAR,
    NAME_MAX,
    NAMES_MAX,
    NOTE_MAX,
    SCALE_MAX,
    SCALE_MIN,
    SECONDS_MAX,
    TIMELINE_MAX,
)

if TYPE_CHECKING:
    from typing import Any

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


def _text(value: Any, what: str, limit: int) -> str:
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


def scale(value: Any) -> int:
    """A 0-10 reading."""
    number = _SMALL.get(value) if type(value) is str else value if type(value) is int else None
    if number is not None and SCALE_MIN <= number <= SCALE_MAX:
        return number
    return _int(value, SCALE_MIN, SCALE_MAX, f"a whole number {SCALE_MIN}-{SCALE_MAX}")


def cracks(value: Any) -> int:
    """Deliberate cracks in a day, 0-100."""
    number = _SMALL.get(value) if type(value) is str else value if type(value) is int else None
    if number is not None and 0 <= number <= CRACKS_MAX:
        return number
    return _int(value, 0, CRACKS_MAX, f"a whole number 0-{CRACKS_MAX}")


def seconds(value: Any) -> float:
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


def moment(value: Any) -> datetime:
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
    return _text(value, "a non-empty text", NAME_MAX)


def note(value: Any) -> str:
    """Any text up to 2,000 characters."""
    return _text(value, "text", NOTE_MAX)


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
        _text(item, "text", NAME_MAX)
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
    text = _text(value, "a JSON array", TIMELINE_MAX)
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

