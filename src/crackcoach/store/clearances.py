"""The times the person recorded that a professional had seen them (``crackcoach cleared``).

Each closes the urgent and "soon" signs recorded before it (crackcoach.progress.coach).
A clearance is never deleted: ``undo`` marks it undone, so an export still
shows that it was recorded and taken back.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime

from crackcoach.base.typenames import TYPE_CHECKING
from crackcoach.diary.records import Clearance
from crackcoach.store import rows

if TYPE_CHECKING:
    from typing import Any

COLUMNS = ("at_utc", "at_offset", "recorded_utc", "undone_utc")  # besides id (and uid)
SELECT = "id, " + ", ".join(COLUMNS)
_COLUMNS = SELECT


def add(db: sqlite3.Connection, at: datetime, recorded: datetime) -> int:
    """Record a clearance; its id."""
    cursor = db.execute("INSERT INTO clearances (at_utc, at_offset, recorded_utc) "
                        "VALUES (?, ?, ?)",
                        (rows.to_utc_text(at), rows.offset_of(at), rows.to_utc_text(recorded)))
    assert cursor.lastrowid is not None
    return cursor.lastrowid


def every(db: sqlite3.Connection, *, with_undone: bool = False) -> list[Clearance]:
    """The clearances, oldest first (those undone only ``with_undone``)."""
    where = "" if with_undone else " WHERE undone_utc IS NULL"
    return [_from_row(row) for row in db.execute(
        f"SELECT {_COLUMNS} FROM clearances{where} ORDER BY at_utc, id")]


def latest(db: sqlite3.Connection) -> Clearance | None:
    """The clearance typed last here (not received from another machine) and not undone."""
    row = db.execute(f"SELECT {_COLUMNS} FROM clearances WHERE undone_utc IS NULL AND "
                     "received = 0 ORDER BY recorded_utc DESC, id DESC LIMIT 1").fetchone()
    return None if row is None else _from_row(row)


def undo(db: sqlite3.Connection, clearance_id: int, at: datetime) -> None:
    """Mark a clearance undone at ``at``."""
    db.execute("UPDATE clearances SET undone_utc = ? WHERE id = ?",
               (rows.to_utc_text(at), clearance_id))


def row(clearance: Clearance) -> tuple[str, int, str, str | None]:
    """The stored columns (COLUMNS) of a clearance."""
    return (rows.to_utc_text(clearance.at), rows.offset_of(clearance.at),
            rows.to_utc_text(clearance.recorded),
            None if clearance.undone is None else rows.to_utc_text(clearance.undone))


def from_row(row: Any) -> Clearance:
    """A clearance from its row (SELECT first); Damaged when it holds what none can."""
    return _from_row(row[:5])


def _from_row(row: tuple[int, str, int, str, str | None]) -> Clearance:
    clearance_id, at_utc, offset, recorded_utc, undone_utc = row
    return Clearance(clearance_id, rows.from_db(at_utc, offset),
                     rows.from_db(recorded_utc, offset),
                     None if undone_utc is None else rows.from_db(undone_utc, offset))
