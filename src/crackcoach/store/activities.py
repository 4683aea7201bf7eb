"""The activities tables: the activities the person follows and the ratings of each entry.

A rating row belongs to a diary entry (``entry_id``); the functions here run
inside the transaction of the store method that calls them.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import datetime

from crackcoach.base.typenames import TYPE_CHECKING
from crackcoach.diary.activities import MAX_ACTIVE, Activity, Rating, Ratings, check_name, label
from crackcoach.errors import InputError
from crackcoach.store import rows

if TYPE_CHECKING:
    from typing import Any

_LIST_HINT = "('crackcoach activity list' shows them)"
COLUMNS = ("name", "added_utc", "added_offset", "removed_utc")  # besides id (and uid)
SELECT = "id, " + ", ".join(COLUMNS)


def _activity_from(row: tuple[object, ...]) -> Activity:
    activity_id, name, added_utc, added_offset, removed_utc = row
    if type(activity_id) is not int or type(name) is not str:
        raise rows.Damaged(f"activity {activity_id} holds {name!r}, not a name")
    added = rows.from_db(added_utc, added_offset)
    removed = None if removed_utc is None else rows.from_db(removed_utc, added_offset)
    return Activity(activity_id, name, added, removed)


def from_row(row: Any) -> Activity:
    """An activity from its row (SELECT first); Damaged when it holds what none can."""
    return _activity_from(tuple(row[:5]))


def row(activity: Activity) -> tuple[str, str, int, str | None]:
    """The stored columns (COLUMNS) of an activity."""
    removed = activity.removed_at
    return (activity.name, rows.to_utc_text(activity.added_at), rows.offset_of(activity.added_at),
            None if removed is None else rows.to_utc_text(removed))


def all_activities(db: sqlite3.Connection) -> list[Activity]:
    """Every activity, removed ones too, in id order."""
    return [_activity_from(row) for row in db.execute(
        "SELECT id, name, added_utc, added_offset, removed_utc FROM activities ORDER BY id")]


def _get(db: sqlite3.Connection, activity_id: int) -> Activity:
    row = db.execute("SELECT id, name, added_utc, added_offset, removed_utc FROM activities "
                     "WHERE id = ?", (activity_id,)).fetchone()
    if row is None:
        raise InputError(f"there is no activity {label(activity_id)} {_LIST_HINT}")
    return _activity_from(row)


def _same_name(db: sqlite3.Connection, name: str, other_than: int = 0) -> Activity | None:
    for activity in all_activities(db):
        if activity.active and activity.id != other_than and \
                activity.name.casefold() == name.casefold():
            return activity
    return None


def _checked_name(name: str) -> str:
    try:
        return check_name(name)
    except ValueError as exc:
        raise InputError(f"the activity's name {exc}") from None


def add(db: sqlite3.Connection, name: str, at: datetime) -> Activity:
    """Follow a new activity; InputError for a bad or repeated name, or a sixth activity."""
    name = _checked_name(name)
    active = [a for a in all_activities(db) if a.active]
    if len(active) >= MAX_ACTIVE:
        raise InputError(f"you follow {MAX_ACTIVE} activities already, the most there can be; "
                         "remove one first ('crackcoach activity remove ID')")
    same = _same_name(db, name)
    if same is not None:
        raise InputError(f"you follow {name!r} already, as {label(same.id)}")
    cursor = db.execute("INSERT INTO activities (name, added_utc, added_offset) VALUES (?, ?, ?)",
                        (name, rows.to_utc_text(at), rows.offset_of(at)))
    assert cursor.lastrowid is not None
    return Activity(cursor.lastrowid, name, at)


def rename(db: sqlite3.Connection, activity_id: int, name: str) -> tuple[Activity, Activity]:
    """Give an activity a new name (its ratings stay); the activity before and after."""
    name = _checked_name(name)
    old = _get(db, activity_id)
    same = _same_name(db, name, other_than=activity_id)
    if same is not None:
        raise InputError(f"you follow {name!r} already, as {label(same.id)}")
    db.execute("UPDATE activities SET name = ? WHERE id = ?", (name, activity_id))
    return old, old._replace(name=name)


def remove(db: sqlite3.Connection, activity_id: int, at: datetime) -> Activity:
    """Stop following an activity; its ratings are kept in the entries that hold them."""
    old = _get(db, activity_id)
    if not old.active:
        raise InputError(f"activity {label(activity_id)} was removed already")
    db.execute("UPDATE activities SET removed_utc = ? WHERE id = ?",
               (rows.to_utc_text(at), activity_id))
    return old._replace(removed_at=at)


def set_ratings(db: sqlite3.Connection, entry_id: int, ratings: Ratings) -> None:
    """Make ``ratings`` the ratings of entry ``entry_id``; InputError for an unknown activity."""
    db.execute("DELETE FROM activity_ratings WHERE entry_id = ?", (entry_id,))
    for activity_id, score in ratings:
        if db.execute("SELECT 1 FROM activities WHERE id = ?", (activity_id,)).fetchone() \
                is None:
            raise InputError(f"there is no activity {label(activity_id)} {_LIST_HINT}")
        db.execute("INSERT INTO activity_ratings (entry_id, activity_id, score) VALUES (?, ?, ?)",
                   (entry_id, activity_id, score))


def ratings_of(db: sqlite3.Connection, entry_id: int) -> Ratings:
    """The ratings of one entry, in activity id order."""
    return tuple((int(a), int(s)) for a, s in db.execute(
        "SELECT activity_id, score FROM activity_ratings WHERE entry_id = ? "
        "ORDER BY activity_id", (entry_id,)))


def ratings_by_entry(db: sqlite3.Connection) -> dict[int, Ratings]:
    """Every entry's ratings; ratings are weekly, so even years of them stay small."""
    found: dict[int, list[tuple[int, int]]] = {}
    for entry_id, activity_id, score in db.execute(
            "SELECT entry_id, activity_id, score FROM activity_ratings "
            "ORDER BY entry_id, activity_id"):
        if type(score) is not int or not 0 <= score <= 10 or type(activity_id) is not int:
            raise rows.Damaged(f"a rating of entry {entry_id} holds {score!r}, not 0-10")
        found.setdefault(entry_id, []).append((activity_id, score))
    return {entry_id: tuple(pairs) for entry_id, pairs in found.items()}


def iter_ratings(db: sqlite3.Connection, routine: str | None = None) -> Iterator[Rating]:
    """Every rating with its entry's time, oldest first."""
    sql = ("SELECT e.at_utc, e.at_offset, r.activity_id, r.score, r.entry_id "
           "FROM activity_ratings AS r JOIN entries AS e ON e.id = r.entry_id")
    params: tuple[object, ...] = ()
    if routine is not None:
        sql += " WHERE e.session_id IN (SELECT id FROM sessions WHERE routine = ?)"
        params = (routine,)
    for at_utc, at_offset, activity_id, score, entry_id in db.execute(
            sql + " ORDER BY e.at_utc, e.id, r.activity_id", params):
        if type(score) is not int or not 0 <= score <= 10:
            raise rows.Damaged(f"a rating of entry {entry_id} holds {score!r}, not 0-10")
        yield Rating(rows.from_db(at_utc, at_offset), activity_id, score, entry_id)
