"""Activities the person wants back, rated 0-10 once a week (the Patient-Specific
Functional Scale).

An activity is something the back makes hard ("tie my shoes"); up to
:data:`MAX_ACTIVE` are followed at a time. A rating says how well it can be
done now: 0 = unable to do it, 10 = as well as before the problem. Ratings are
part of a diary entry (``DiaryEntry.activities``: ``(activity id, score)``
pairs in id order), so correcting, deleting, exporting and importing an entry
carries its ratings with it.

No SQL here (see :mod:`crackcoach.store.activities`), no Rich, no Typer.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from crackcoach.base.textsafe import shown
from crackcoach.base.typenames import TYPE_CHECKING, NamedTuple
from crackcoach.diary.records import SCALE_MAX, SCALE_MIN
from crackcoach.diary.values import field_text, read_ref

if TYPE_CHECKING:
    from typing import Any

MAX_ACTIVE = 5
NAME_MAX = 120
QUESTION = ("How well can you do it now? 0 = unable to do it, 10 = as well as before the "
            "problem")

Ratings = tuple[tuple[int, int], ...]


class Activity(NamedTuple):
    """An activity the person named; ``removed_at`` is set once it is no longer followed."""

    id: int
    name: str
    added_at: datetime
    removed_at: datetime | None = None

    @property
    def active(self) -> bool:
        """Still followed (asked about, counted in this week's average)."""
        return self.removed_at is None


class Rating(NamedTuple):
    """One activity's score in one diary entry, as the weekly measure reads it."""

    at: datetime
    activity_id: int
    score: int
    entry_id: int


def label(activity_id: int) -> str:
    """An activity's id as screens show it: a3."""
    return f"a{activity_id}"


def check_name(value: Any) -> str:
    """An activity's name, trimmed; ValueError saying what is wrong."""
    if not isinstance(value, str):
        raise ValueError(f"{shown(value)} is not text")
    name = " ".join(value.split())
    if not name:
        raise ValueError("is empty; name what the back makes hard, e.g. 'tie my shoes'")
    return field_text(name, "text", NAME_MAX)


def normal(ratings: Iterable[tuple[int, int]]) -> Ratings:
    """Ratings in id order, the last score given for an id winning."""
    return tuple(sorted(dict(ratings).items()))


def ratings_field(value: Any) -> Ratings:
    """An entry's ``activities`` as an export holds it: ``{"3": 7}`` (JSON text in CSV)."""
    if isinstance(value, str):
        import json

        try:
            value = json.loads(value)
        except (ValueError, RecursionError):
            raise ValueError(f"{shown(value)} is not a JSON object of activity ids "
                             "and scores") from None
    if not isinstance(value, dict):
        raise ValueError(f"{shown(value)} is not an object of activity ids and scores")
    out = []
    for key, score in value.items():
        activity_id = read_ref(key) if isinstance(key, str) else None
        if activity_id is None:
            raise ValueError(f"{shown(key)} is not an activity's id")
        if type(score) is not int or not SCALE_MIN <= score <= SCALE_MAX:
            raise ValueError(f"activity {key}: {shown(score)} is not a whole number "
                             f"{SCALE_MIN}-{SCALE_MAX}")
        out.append((activity_id, score))
    return normal(out)


def ratings_dict(ratings: Ratings) -> dict[str, int]:
    """Ratings as the export writes them: ``{"3": 7}``."""
    return {str(activity_id): score for activity_id, score in ratings}


def shown_ratings(ratings: Ratings, names: dict[int, str] | None = None) -> str:
    """Ratings for a line of text: ``a1 5, a2 7`` (with names when given)."""
    names = names or {}
    return ", ".join(f"{label(i)}{' ' + repr(names[i]) if i in names else ''} {score}"
                     for i, score in ratings)
