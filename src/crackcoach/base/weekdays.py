"""Days of the week as people write them: ``mon-fri``, ``mon,wed,fri``, ``daily``.

One reading for plans (``days:``) and reminders (``--days``). Days are numbered
as :meth:`datetime.date.weekday` numbers them: 0 is Monday, 6 is Sunday.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from crackcoach.errors import BadValue

NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
TITLES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
EVERY_DAY: tuple[int, ...] = tuple(range(7))
_WORDS = {"daily": EVERY_DAY, "every-day": EVERY_DAY, "weekdays": (0, 1, 2, 3, 4),
          "weekend": (5, 6), "weekends": (5, 6)}
_LONG = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
EXPECTED = ("days such as mon-fri, mon,wed,fri, daily, weekdays or weekend "
            "(day names: mon tue wed thu fri sat sun)")


def _day(word: str) -> int:
    word = word.strip().lower()
    if word in NAMES:
        return NAMES.index(word)
    if word in _LONG:
        return _LONG.index(word)
    raise BadValue(EXPECTED)


def parse(text: str) -> tuple[int, ...]:
    """The days ``text`` names, sorted; :class:`BadValue` for anything else.

    A range may wrap round the end of the week: ``fri-mon`` is Friday to Monday.
    """
    word = text.strip().lower()
    if word in _WORDS:
        return _WORDS[word]
    days: set[int] = set()
    for part in word.split(","):
        first, dash, last = part.partition("-")
        if not dash:
            days.add(_day(first))
            continue
        start, end = _day(first), _day(last)
        days.update((start + step) % 7 for step in range((end - start) % 7 + 1))
    return tuple(sorted(days))


def describe(days: Iterable[int]) -> str:
    """Days in words: "every day", "Mon-Fri", "Mon, Wed, Fri"."""
    chosen = sorted(set(days))
    if chosen == list(EVERY_DAY):
        return "every day"
    if len(chosen) > 2 and chosen == list(range(chosen[0], chosen[-1] + 1)):
        return f"{TITLES[chosen[0]]}-{TITLES[chosen[-1]]}"
    return ", ".join(TITLES[day] for day in chosen)


def day_label(day: date) -> str:
    """A day as the screens write it: "Tue 18 Nov"."""
    return f"{day:%a} {day.day} {day:%b}"
