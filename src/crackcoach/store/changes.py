"""Corrections of the diary: editing an entry, deleting a record, undoing the latest of these.

Each correction is one transaction that changes the record and adds a row to
``changes`` holding the record as it was (and after an edit, as it became), in
the export's JSON shape. So an old version can always be put back, by
``undo`` or by hand from an export, and nothing is ever lost to a typo.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import datetime

from crackcoach.base.typenames import TYPE_CHECKING
from crackcoach.diary.records import DiaryChange, DiaryEntry, SessionRecord
from crackcoach.diary.shapes import record_dict
from crackcoach.errors import InputError
from crackcoach.store import rows
from crackcoach.store.activities import ratings_of, set_ratings
from crackcoach.store.schema import ENTRY_SELECT

if TYPE_CHECKING:
    from typing import Any

_CHANGE_COLUMNS = ("at_utc", "at_offset", "action", "kind", "record_id", "old", "new",
                   "undone_utc")


# json is loaded only when a change is kept or read back: 'log' writes through the same
# store and never needs it.
def _encode(value: Any) -> str:
    """Compact JSON, as the changes table keeps a version."""
    import json

    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _decode(text: str) -> Any:
    import json

    return json.loads(text)


def find(db: sqlite3.Connection, session_select: str, kind: str, record_id: int, *,
         ratings: bool = True) -> SessionRecord | DiaryEntry | None:
    """The session or entry with this id, or None.

    ``ratings=False`` for a diary older than the activities tables.
    """
    if kind == "session":
        row = db.execute(f"SELECT {session_select} FROM sessions WHERE id = ?",
                         (record_id,)).fetchone()
        return None if row is None else rows.session_from(row)

    row = db.execute(f"SELECT {ENTRY_SELECT} FROM entries WHERE id = ?", (record_id,)).fetchone()
    if row is None or not ratings:
        return None if row is None else rows.entry_from(row)
    return rows.entry_from(row)._replace(activities=ratings_of(db, record_id))


def _missing(kind: str, record_id: int) -> InputError:
    name = f"session s{record_id}" if kind == "session" else f"diary entry {record_id}"
    return InputError(f"there is no {name} in the diary ('crackcoach history' shows the ids)")


def _table(kind: str) -> str:
    return "sessions" if kind == "session" else "entries"


def record_uid(db: sqlite3.Connection, kind: str, record_id: int) -> str | None:
    """The globally unique id of a session or entry (None when there is no such record)."""
    row = db.execute(f"SELECT uid FROM {_table(kind)} WHERE id = ?", (record_id,)).fetchone()
    return None if row is None else str(row[0])


def _record(db: sqlite3.Connection, at: datetime, action: str, kind: str, record_id: int,
            old: SessionRecord | DiaryEntry, new: SessionRecord | DiaryEntry | None,
            uid: str | None) -> DiaryChange:
    change = DiaryChange(None, at, action, kind, record_id, _encode(record_dict(old)),
                         None if new is None else _encode(record_dict(new)))
    cursor = db.execute(
        f"INSERT INTO changes ({', '.join(_CHANGE_COLUMNS)}, record_uid) VALUES "
        "(?, ?, ?, ?, ?, ?, ?, NULL, ?)",
        (rows.to_utc_text(at), rows.offset_of(at), action, kind, record_id, change.old,
         change.new, uid))
    return change._replace(id=cursor.lastrowid)


def _set_entry(db: sqlite3.Connection, record_id: int, entry: DiaryEntry) -> None:
    values = rows.entry_row(entry)
    assignments = ", ".join(f"{column} = ?" for column in rows.ENTRY_COLUMNS)
    db.execute(f"UPDATE entries SET {assignments} WHERE id = ?", (*values, record_id))
    set_ratings(db, record_id, entry.activities)


def edit_entry(db: sqlite3.Connection, session_select: str, record_id: int,
               entry: DiaryEntry, at: datetime) -> DiaryChange:
    """Replace entry ``record_id`` by ``entry``, keeping the old version; InputError if none."""
    old = find(db, session_select, "entry", record_id)
    if not isinstance(old, DiaryEntry):
        raise _missing("entry", record_id)
    _set_entry(db, record_id, entry)
    new = find(db, session_select, "entry", record_id)  # as stored, for undo to compare
    assert new is not None
    return _record(db, at, "edit", "entry", record_id, old, new,
                   record_uid(db, "entry", record_id))


def delete(db: sqlite3.Connection, session_select: str, kind: str, record_id: int,
           at: datetime) -> DiaryChange:
    """Delete a session or entry, keeping it in ``changes``; InputError if there is none.

    A session with diary entries logged after it is refused: delete those first.
    """
    old = find(db, session_select, kind, record_id)
    if old is None:
        raise _missing(kind, record_id)
    if kind == "session":
        linked = [row[0] for row in db.execute(
            "SELECT id FROM entries WHERE session_id = ? ORDER BY id LIMIT 3", (record_id,))]
        if linked:
            raise InputError(f"session s{record_id} has diary entr"
                             f"{'y' if len(linked) == 1 else 'ies'} "
                             f"{', '.join('e' + str(n) for n in linked)} logged after it; delete "
                             f"{'it' if len(linked) == 1 else 'them'} first, or keep the "
                             "session")
    uid = record_uid(db, kind, record_id)
    if kind == "entry":
        db.execute("DELETE FROM activity_ratings WHERE entry_id = ?", (record_id,))
    db.execute(f"DELETE FROM {_table(kind)} WHERE id = ?", (record_id,))
    return _record(db, at, "delete", kind, record_id, old, None, uid)


def _from_shape(kind: str, text: str) -> SessionRecord | DiaryEntry:
    from crackcoach.diary import exchange

    item = exchange.item(0, kind, _decode(text).items(), typed=True)
    if not isinstance(item.record, (SessionRecord, DiaryEntry)):
        raise InputError(f"the kept version cannot be read back: {'; '.join(item.problems)}")
    return item.record


def undo(db: sqlite3.Connection, session_select: str, at: datetime
         ) -> tuple[DiaryChange, int] | None:
    """Put back what the latest change not yet undone replaced; None when there is none.

    Returns the change and the id of the record put back (a deleted record gets
    its old id back unless a new record has taken it since).
    """
    row = db.execute(f"SELECT id, {', '.join(_CHANGE_COLUMNS)} FROM changes WHERE undone_utc "
                     "IS NULL ORDER BY id DESC LIMIT 1").fetchone()
    if row is None:
        return None
    change = _change_from(row)
    old = _from_shape(change.kind, change.old)
    record_id = change.record_id
    if change.action == "edit":
        current = find(db, session_select, change.kind, record_id)
        if current is None or not _same(record_dict(current), change.new):
            # Changed since without a record of it (an import, say): never overwrite that.
            raise InputError(f"diary entry {record_id} is not as that edit left it; nothing "
                             "was changed")
        assert isinstance(old, DiaryEntry)
        _set_entry(db, record_id, old)
    else:
        uid = db.execute("SELECT record_uid FROM changes WHERE id = ?",
                         (change.id,)).fetchone()[0]
        record_id = _put_back(db, change.kind, record_id, old, uid)
    db.execute("UPDATE changes SET undone_utc = ? WHERE id = ?",
               (rows.to_utc_text(at), change.id))
    return change, record_id


def _same(shape: dict[str, Any], kept: str | None) -> bool:
    """``shape`` is the kept version. One kept before entries had activity ratings has none,
    and one kept before records had uids has no uid: neither counts as a difference."""
    if kept is None:
        return False
    found = _decode(kept)
    if "activities" in shape:
        found.setdefault("activities", {})
    return _without_uid(dict(shape)) == _without_uid(found)


def _without_uid(shape: dict[str, Any]) -> dict[str, Any]:
    """A record's shape less its uid, which changes kept before schema 6 lack."""
    shape.pop("uid", None)
    return shape


def _put_back(db: sqlite3.Connection, kind: str, record_id: int,
              old: SessionRecord | DiaryEntry, uid: str | None) -> int:
    table, columns, values = (
        ("sessions", rows.SESSION_COLUMNS, rows.session_row(old))
        if isinstance(old, SessionRecord) else
        ("entries", rows.ENTRY_COLUMNS, rows.entry_row(old)))
    if isinstance(old, DiaryEntry) and old.session_id is not None and db.execute(
            "SELECT 1 FROM sessions WHERE id = ?", (old.session_id,)).fetchone() is None:
        values = (*values[:-1], None)  # its session was deleted since
    taken = db.execute(f"SELECT 1 FROM {table} WHERE id = ?", (record_id,)).fetchone()
    if uid is not None and db.execute(f"SELECT 1 FROM {table} WHERE uid = ?",
                                      (uid,)).fetchone():
        uid = None  # brought back by the sync folder meanwhile: this is a copy
    placeholders = ", ".join("?" * (len(columns) + 2))
    new_id = None if taken else record_id
    cursor = db.execute(f"INSERT INTO {table} (id, uid, {', '.join(columns)}) VALUES "
                        f"({placeholders})", (new_id, uid, *values))
    assert cursor.lastrowid is not None
    if isinstance(old, DiaryEntry) and old.activities:
        set_ratings(db, cursor.lastrowid, old.activities)
    return cursor.lastrowid


def _change_from(row: Any) -> DiaryChange:
    (change_id, at_utc, at_offset, action, kind, record_id, old, new, undone) = row
    undone_at = None if undone is None else rows.from_db(undone, at_offset)
    return DiaryChange(change_id, rows.from_db(at_utc, at_offset), action, kind, record_id,
                       old, new, undone_at)


def iter_changes(db: sqlite3.Connection) -> Iterator[DiaryChange]:
    """Every change, oldest first."""
    for row in db.execute(f"SELECT id, {', '.join(_CHANGE_COLUMNS)} FROM changes ORDER BY id"):
        yield _change_from(row)
