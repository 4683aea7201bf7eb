"""Readers for single values of an import file: each returns the value or raises ValueError.

The message of the ValueError says what was found and what is expected; the
caller puts the line and field in front of it.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from datetime import datetime
from typing import Any

from crackcoach.records import CRACKS_MAX, SCALE_MAX, SCALE_MIN

_FLAG_KEY = re.compile(r"[a-z0-9][a-z0-9_-]{0,63}")


def _int(value: Any, low: int, high: int | None, what: str) -> int:
    if type(value) is str and value.isascii() and value.isdigit():  # the common CSV case
        number = int(value)
        if number >= low and (high is None or number <= high):
            return number
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise ValueError(f"{value!r} is not {what}")
    try:
        number = int(value) if isinstance(value, int) else int(value.strip(), 10)
    except ValueError:
        raise ValueError(f"{value!r} is not {what}") from None
    if number < low or (high is not None and number > high):
        raise ValueError(f"{number} is out of range; expected {what}")
    return number


def record_id(value: Any) -> int:
    """An id: a whole number of 1 or more."""
    return _int(value, 1, None, "a whole number of 1 or more")


def scale(value: Any) -> int:
    """A 0-10 reading."""
    return _int(value, SCALE_MIN, SCALE_MAX, f"a whole number {SCALE_MIN}-{SCALE_MAX}")


def cracks(value: Any) -> int:
    """Deliberate cracks in a day, 0-100."""
    return _int(value, 0, CRACKS_MAX, f"a whole number 0-{CRACKS_MAX}")


def seconds(value: Any) -> float:
    """A finite number of seconds, 0 or more."""
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise ValueError(f"{value!r} is not a number of seconds")
    try:
        number = float(value)
    except ValueError:
        raise ValueError(f"{value!r} is not a number of seconds") from None
    if not math.isfinite(number) or number < 0:
        raise ValueError(f"{value!r} is out of range; expected 0 or more seconds")
    return number


def moment(value: Any) -> datetime:
    """An ISO 8601 date and time with its UTC offset ('Z' counts as +00:00)."""
    if not isinstance(value, str):
        raise ValueError(f"{value!r} is not a date and time")
    text = value.strip()
    try:
        moment = datetime.fromisoformat(text[:-1] + "+00:00" if text.endswith("Z") else text)
    except ValueError:
        raise ValueError(f"{value!r} is not an ISO 8601 date and time "
                         "(e.g. 2024-05-14T08:30:00+02:00)") from None
    if moment.tzinfo is None:
        raise ValueError(f"{value!r} has no UTC offset (e.g. +02:00)")
    return moment


def nonempty_text(value: Any) -> str:
    """Text with something other than spaces in it."""
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{value!r} is not a non-empty text")
    return value


def note(value: Any) -> str:
    """Any text."""
    if not isinstance(value, str):
        raise ValueError(f"{value!r} is not text")
    return value


def _list(value: Any) -> list[Any]:
    if value == "[]":
        return []
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except json.JSONDecodeError:
            raise ValueError(f"{value!r} is not a JSON array such as [\"a\", \"b\"]") from None
    if not isinstance(value, list):
        raise ValueError(f"{value!r} is not a JSON array such as [\"a\", \"b\"]")
    return value


def name_list(value: Any) -> tuple[str, ...]:
    """A JSON array of non-empty texts, as a tuple."""
    items = _list(value)
    if not all(isinstance(item, str) and item for item in items):
        raise ValueError("every item must be a non-empty text")
    return tuple(items)


def flags(value: Any) -> tuple[str, ...]:
    """A JSON array of safety-flag keys."""
    items = name_list(value)
    for item in items:
        if not _FLAG_KEY.fullmatch(item):
            raise ValueError(f"{item!r} is not a flag key (lower-case letters, digits, '-')")
    return items


def json_text(value: Any) -> str:
    """Text that parses as JSON, kept as it was written."""
    if not isinstance(value, str):
        raise ValueError(f"{value!r} is not JSON text")
    try:
        json.loads(value)
    except json.JSONDecodeError:
        raise ValueError("is not valid JSON text") from None
    return value


def choice(options: tuple[str, ...]) -> Callable[[Any], str]:
    """A reader accepting exactly one of ``options``."""
    def parse_choice(value: Any) -> str:
        if value not in options:
            raise ValueError(f"{value!r} is not one of {', '.join(options)}")
        return str(value)

    return parse_choice
