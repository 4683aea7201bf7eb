"""Adding a whole import file to the diary: checked first, then one transaction, linear.

Rows are staged as they are read into a private temporary database file (so
a million rows do not fill memory), and the file's ids and links are checked
there: a bad file is refused before the diary is even opened, so nothing is
created or changed. Then the diary's connection attaches the staging file and
a few set-based statements decide which records the diary already holds and
copy the rest in file order, in one write transaction.

Duplicates count with multiplicity: a record the diary holds k times skips
the first k identical records of the file, and the rest are added. Importing
a backup twice therefore adds nothing the second time, and two identical
entries in an empty diary's backup both come back. Deciding this is one sort
of the file's records with the diary's records in the same time span (a
window function), so it stays n log n even when every row has the same time.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from crackcoach.base import tempfiles
from crackcoach.base.paths import make_private_folder
from crackcoach.base.typenames import TYPE_CHECKING, NamedTuple
from crackcoach.diary import values
from crackcoach.diary.activities import MAX_ACTIVE, Activity
from crackcoach.diary.exchange import MAX_PROBLEMS_SHOWN, BadImport, Item
from crackcoach.diary.records import Clearance, DiaryChange, SessionRecord
from crackcoach.errors import CrackcoachError, DiaryError, InputError
from crackcoach.store import rows
from crackcoach.store.activities import all_activities
from crackcoach.store.results import ImportResult

if TYPE_CHECKING:
    from typing import Any

_S = ", ".join(rows.SESSION_COLUMNS)
# A session is the same session whatever timeline snapshot came with it: a spreadsheet
# table of sessions leaves the timeline out and must still match on import.
_S_KEY = ", ".join(column for column in rows.SESSION_COLUMNS if column != "timeline")
_E = ", ".join(rows.ENTRY_COLUMNS)
_C = "at_utc, at_offset, action, kind, record_id, old, new, undone_utc"  # of `changes`
_K = "at_utc, at_offset, recorded_utc, undone_utc"  # of `clearances`
_SCRATCH = ("import_session_ranks", "import_session_map", "import_session_new",
            "import_entry_dups")
_BATCH = 1000  # rows held before they are written to the staging file
# A record keeps the uid it was exported with, unless the diary holds that uid already
# (a record changed since the export) or the file gave it to an earlier record: then it
# gets a new one, so an import never makes two records one.
_KEPT_UID = ("CASE WHEN s.uid IS NULL OR EXISTS (SELECT 1 FROM main.{table} AS d WHERE "
             "d.uid = s.uid) OR EXISTS (SELECT 1 FROM staging.import_{table} AS o WHERE "
             "o.uid = s.uid AND o.seq < s.seq) THEN NULL ELSE s.uid END")
_RANKED = """
SELECT src, ref, row_number() OVER w AS r,
       sum(src = 0) OVER (w ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS m,
       first_value(ref) OVER w AS head
FROM (SELECT 0 AS src, id AS ref, {cols} FROM main.{table} WHERE {time} BETWEEN ? AND ?
      UNION ALL SELECT 1, seq, {cols} FROM staging.{staged} WHERE {staged_ok})
WINDOW w AS (PARTITION BY {cols} ORDER BY src, ref)
"""


class StagedImport(NamedTuple):
    """An import file's rows, all checked, waiting in a private temporary database."""

    path: str
    source: str


class _Problems:
    """The first problems of each kind, and how many there were in all."""

    def __init__(self) -> None:
        self.first: list[tuple[int, str]] = []
        self.count = 0
        self._kept = 0  # of the current kind

    def add(self, line: int, message: str) -> None:
        self.count += 1
        if self._kept < MAX_PROBLEMS_SHOWN:
            self.first.append((line, message))
            self._kept += 1

    def add_query(self, db: sqlite3.Connection, sql: str, say: Any) -> None:
        """Add a problem per row of ``sql`` (line first, in line order)."""
        self._kept = 0
        for row in db.execute(sql):
            self.add(row[0], say(*row))

    def raise_any(self, source: str) -> None:
        """BadImport listing the first problems in line order, if there were any."""
        if self.count:
            ordered = sorted(self.first, key=lambda problem: problem[0])[:MAX_PROBLEMS_SHOWN]
            raise BadImport(source, [message for _, message in ordered],
                            self.count - len(ordered))


def _attach(db: sqlite3.Connection, path: str) -> None:
    db.execute("ATTACH DATABASE ? AS staging", (path,))
    # Scratch data: no journal, no waiting for the disk.
    db.execute("PRAGMA staging.journal_mode = OFF")
    db.execute("PRAGMA staging.synchronous = OFF")


@contextmanager
def staged(items: Iterable[Item], source: str, diary_path: Path | None = None
           ) -> Iterator[StagedImport]:
    """Read all ``items`` into a private working database and check them there.

    BadImport (every problem with its line) before the block runs if any row
    is wrong; the diary is not involved yet. The working file (0600) is made in
    the diary's folder (the system's temporary folder when ``diary_path`` is
    None) and deleted when the block ends, whatever ends it; one left by a
    killed import is deleted by the next (see :mod:`crackcoach.base.tempfiles`).
    """

    where = Path(diary_path).parent if diary_path is not None else Path(tempfile.gettempdir())
    made_folder = False
    refused = True
    # The working file is made inside the block whose end removes it: a signal that comes
    # the moment it exists still leaves nothing behind.
    try:
        try:
            if not where.is_dir():
                make_private_folder(where)
                made_folder = True
            tempfiles.tidy(where, tempfiles.IMPORT)
            path = str(tempfiles.make(where, tempfiles.IMPORT, ".db"))
        except OSError as exc:
            raise _no_working_file(where, diary_path, exc, made_folder) from None
        db = sqlite3.connect(":memory:", isolation_level=None)
        try:
            with _scratch_errors(where):
                _attach(db, path)
                db.execute(f"CREATE TABLE staging.import_sessions (seq INTEGER PRIMARY KEY, "
                           f"line, file_id, ok, {_S}, uid, new_id)")
                db.execute(f"CREATE TABLE staging.import_entries (seq INTEGER PRIMARY KEY, "
                           f"line, file_id, {_E}, ratings, uid)")
                db.execute("CREATE TABLE staging.import_activities (seq INTEGER PRIMARY KEY, "
                           "line, file_id, name, added_utc, added_offset, removed_utc)")
                db.execute(f"CREATE TABLE staging.import_changes (seq INTEGER PRIMARY KEY, "
                           f"{_C})")
                db.execute(f"CREATE TABLE staging.import_clearances (seq INTEGER PRIMARY KEY, "
                           f"{_K})")
                problems = _Problems()
                db.execute("BEGIN")
                _stage(db, items, problems)
                db.execute("CREATE INDEX staging.import_sessions_by_id ON import_sessions "
                           "(file_id)")
                for table in ("sessions", "entries"):
                    db.execute(f"CREATE INDEX staging.import_{table}_by_uid ON "
                               f"import_{table} (uid) WHERE uid IS NOT NULL")
                _check_ids(db, problems)
                db.execute("COMMIT")
        finally:
            db.close()
        problems.raise_any(source)
        refused = False
        yield StagedImport(path, source)
    finally:
        tempfiles.tidy(where, tempfiles.IMPORT, own=True)  # the working file and its journal
        if made_folder and refused:
            with contextlib.suppress(OSError):
                os.rmdir(where)  # a refused import leaves no trace, not even the folder


def _no_working_file(where: Path, diary_path: Path | None, exc: OSError,
                     made_folder: bool) -> CrackcoachError:
    """Why no working file could be made, in the words opening the diary would use."""

    reason = exc.strerror or str(exc)
    if diary_path is None:
        return CrackcoachError(f"cannot import: no working file can be made in {where} "
                               f"({reason})")
    if not where.is_dir():
        return DiaryError(f"cannot create the diary folder {where}: {reason}")
    if made_folder:
        with contextlib.suppress(OSError):
            os.rmdir(where)
    if os.path.lexists(diary_path):
        return DiaryError(f"cannot open the diary {diary_path}: the file or its folder is not "
                          f"writable ({reason}); check the permissions of {where}")
    return DiaryError(f"cannot create the diary {diary_path}: {reason}; check that {where} "
                      "is writable")


@contextmanager
def _scratch_errors(where: Path) -> Iterator[None]:
    try:
        yield
    except sqlite3.DatabaseError as exc:
        raise CrackcoachError(f"cannot import: no room for working data in "
                              f"{where} ({exc})") from None


def _stage(db: sqlite3.Connection, items: Iterable[Item], problems: _Problems) -> None:
    """Put every row into the staging tables (a bad session only for its id)."""
    add_session = (f"INSERT INTO staging.import_sessions (line, file_id, ok, {_S}, uid) "
                   f"VALUES ({', '.join('?' * (len(rows.SESSION_COLUMNS) + 4))})")
    add_entry = (f"INSERT INTO staging.import_entries (line, file_id, {_E}, ratings, uid) "
                 f"VALUES ({', '.join('?' * (len(rows.ENTRY_COLUMNS) + 4))})")
    bad_session = (None,) * (len(rows.SESSION_COLUMNS) + 1)
    sessions: list[tuple[Any, ...]] = []
    entries: list[tuple[Any, ...]] = []
    for item in items:
        record = item.record
        try:
            if isinstance(record, DiaryChange):
                db.execute(f"INSERT INTO staging.import_changes ({_C}) VALUES "
                           "(?, ?, ?, ?, ?, ?, ?, ?)", _change_columns(record))
            elif isinstance(record, Clearance):
                db.execute(f"INSERT INTO staging.import_clearances ({_K}) VALUES (?, ?, ?, ?)",
                           _clearance_columns(record))
            elif isinstance(record, Activity):
                removed = (None if record.removed_at is None
                           else rows.to_utc_text(record.removed_at))
                db.execute("INSERT INTO staging.import_activities (line, file_id, name, "
                           "added_utc, added_offset, removed_utc) VALUES (?, ?, ?, ?, ?, ?)",
                           (item.line, record.id, record.name,
                            rows.to_utc_text(record.added_at), rows.offset_of(record.added_at),
                            removed))
            elif record is None:
                for problem in item.problems:
                    problems.add(item.line, problem)
                if item.session_id is not None:
                    sessions.append((item.line, item.session_id, 0, *bad_session))
            elif isinstance(record, SessionRecord):
                columns = (rows.session_columns if item.checked else rows.session_row)(record)
                sessions.append((item.line, _file_id(item), 1, *columns, _uid(record.uid)))
            else:
                columns = (rows.entry_columns if item.checked else rows.entry_row)(record)
                ratings = (",".join(f"{a}:{score}" for a, score in record.activities)
                           if record.activities else None)
                entries.append((item.line, _file_id(item), *columns, ratings, _uid(record.uid)))
        except InputError as exc:
            # The file readers check what the store does; this is for records in hand.
            problems.add(item.line, f"line {item.line}: {exc.message}")
        if len(entries) + len(sessions) >= _BATCH:
            db.executemany(add_session, sessions)
            db.executemany(add_entry, entries)
            sessions.clear()
            entries.clear()
    db.executemany(add_session, sessions)
    db.executemany(add_entry, entries)


def _uid(value: str | None) -> str | None:
    """A record's uid if it is one (records in hand are not checked by a reader)."""
    try:
        return None if value is None else values.uid(value)
    except ValueError:
        return None


def _change_columns(change: DiaryChange) -> tuple[Any, ...]:
    undone = None if change.undone_at is None else rows.to_utc_text(change.undone_at)
    return (rows.to_utc_text(change.at), rows.offset_of(change.at), change.action, change.kind,
            change.record_id, change.old, change.new, undone)


def _clearance_columns(clearance: Clearance) -> tuple[Any, ...]:
    undone = None if clearance.undone is None else rows.to_utc_text(clearance.undone)
    return (rows.to_utc_text(clearance.at), rows.offset_of(clearance.at),
            rows.to_utc_text(clearance.recorded), undone)


def _file_id(item: Item) -> int | None:
    """The id a record has in the file (records in hand are checked here)."""
    assert item.record is not None
    found = item.record.id
    if found is None or item.checked:
        return found
    try:
        return values.record_id(found)
    except ValueError as exc:
        raise InputError(f"id: {exc}") from None


def _check_ids(db: sqlite3.Connection, problems: _Problems) -> None:
    """Ids used twice, and entries whose session_id names no session of the file."""
    for table, kind in (("import_sessions", "session"), ("import_entries", "entry")):
        ok = "ok AND " if kind == "session" else ""
        problems.add_query(
            db, f"SELECT line, file_id, previous FROM (SELECT line, file_id, lag(line) OVER "
                f"(PARTITION BY file_id ORDER BY seq) AS previous FROM staging.{table} WHERE "
                f"{ok}file_id IS NOT NULL) WHERE previous IS NOT NULL ORDER BY line",
            lambda line, file_id, previous, kind=kind: (
                f"line {line}: id: {file_id} is also used by the {kind} on line {previous}"))
    problems.add_query(
        db, "SELECT line, file_id, previous FROM (SELECT line, file_id, lag(line) OVER "
            "(PARTITION BY file_id ORDER BY seq) AS previous FROM staging.import_activities) "
            "WHERE previous IS NOT NULL ORDER BY line",
        lambda line, file_id, previous: (
            f"line {line}: id: {file_id} is also used by the activity on line {previous}"))
    problems.add_query(
        db, "SELECT line, session_id FROM staging.import_entries AS e WHERE session_id IS NOT "
            "NULL AND NOT EXISTS (SELECT 1 FROM staging.import_sessions AS s WHERE s.file_id "
            "= e.session_id) ORDER BY line",
        lambda line, session_id: (f"line {line}: session_id: {session_id} does not match the "
                                  "id of any session in this file"))


def add(db: sqlite3.Connection, staged_import: StagedImport,
        write: Any) -> ImportResult:
    """Copy a staged import into the diary on ``db`` in one write transaction.

    ``write`` is the store's write-transaction context manager.
    """
    _attach(db, staged_import.path)
    try:
        with write() as diary:
            had_sessions, had_entries, base = diary.execute(
                "SELECT EXISTS (SELECT 1 FROM main.sessions), EXISTS (SELECT 1 FROM "
                "main.entries), (SELECT coalesce(max(id), 0) FROM main.sessions)").fetchone()
            for table in _SCRATCH:
                diary.execute(f"DROP TABLE IF EXISTS staging.{table}")
            if had_sessions:
                _match_sessions(diary)
            _add_sessions(diary, base)
            diary.execute("UPDATE staging.import_entries SET session_id = (SELECT s.new_id "
                          "FROM staging.import_sessions AS s WHERE s.file_id = "
                          "import_entries.session_id) WHERE session_id IS NOT NULL")
            if had_entries:
                _match_entries(diary)
            result = _add_entries(diary, matched=bool(had_entries),
                                  activity_ids=_add_activities(diary))
            return result._replace(changes_added=_add_changes(diary),
                                   clearances_added=_add_clearances(diary))
    finally:
        db.execute("DETACH DATABASE staging")


def _span(db: sqlite3.Connection, column: str, table: str, where: str = "") -> tuple[Any, Any]:
    found = db.execute(f"SELECT min({column}), max({column}) FROM staging.{table} {where}")
    low, high = found.fetchone()
    return low, high


def _match_sessions(db: sqlite3.Connection) -> None:
    """Point each file session the diary already holds at the diary's copy (new_id)."""
    ranked = _RANKED.format(cols=_S_KEY, table="sessions", time="started_utc",
                            staged="import_sessions", staged_ok="ok")
    db.execute(f"CREATE TABLE staging.import_session_ranks AS SELECT * FROM ({ranked}) "
               "WHERE m > 0", _span(db, "started_utc", "import_sessions", "WHERE ok"))
    db.execute("CREATE INDEX staging.import_session_ranks_by_head ON import_session_ranks "
               "(head, r)")
    # The file's j-th copy of a session matches the diary's j-th copy, if there is one.
    db.execute("CREATE TABLE staging.import_session_map (seq INTEGER PRIMARY KEY, old_id)")
    db.execute("INSERT INTO staging.import_session_map SELECT n.ref, o.ref FROM "
               "staging.import_session_ranks AS n JOIN staging.import_session_ranks AS o "
               "ON o.head = n.head AND o.r = n.r - n.m WHERE n.src = 1 AND n.r - n.m <= n.m")
    db.execute("UPDATE staging.import_sessions SET new_id = (SELECT old_id FROM "
               "staging.import_session_map AS m WHERE m.seq = import_sessions.seq) "
               "WHERE seq IN (SELECT seq FROM staging.import_session_map)")


def _add_sessions(db: sqlite3.Connection, base: int) -> None:
    """Give the new sessions the next ids in file order and copy them into the diary."""
    db.execute("CREATE TABLE staging.import_session_new (seq INTEGER PRIMARY KEY, id)")
    db.execute("INSERT INTO staging.import_session_new SELECT seq, ? + row_number() OVER "
               "(ORDER BY seq) FROM staging.import_sessions WHERE ok AND new_id IS NULL",
               (base,))
    staged_columns = ", ".join(f"s.{column}" for column in rows.SESSION_COLUMNS)
    db.execute(f"INSERT INTO main.sessions (id, {_S}, uid) SELECT n.id, {staged_columns}, "
               f"{_KEPT_UID.format(table='sessions')} FROM staging.import_session_new AS n "
               "JOIN staging.import_sessions AS s USING (seq) ORDER BY n.seq")
    db.execute("UPDATE staging.import_sessions SET new_id = (SELECT id FROM "
               "staging.import_session_new AS n WHERE n.seq = import_sessions.seq) "
               "WHERE ok AND new_id IS NULL")


def _match_entries(db: sqlite3.Connection) -> None:
    """The file's entries the diary already holds (the file's j-th copy: its j-th)."""
    ranked = _RANKED.format(cols=_E, table="entries", time="at_utc", staged="import_entries",
                            staged_ok="1")
    db.execute("CREATE TABLE staging.import_entry_dups (seq INTEGER PRIMARY KEY)")
    db.execute(f"INSERT INTO staging.import_entry_dups SELECT ref FROM ({ranked}) "
               "WHERE src = 1 AND r - m <= m", _span(db, "at_utc", "import_entries"))


def _add_changes(db: sqlite3.Connection) -> int:
    """Copy the file's edits and deletions the diary does not hold yet; how many."""
    return int(db.execute(
        f"INSERT INTO main.changes ({_C}) SELECT {_C} FROM staging.import_changes AS s WHERE "
        "NOT EXISTS (SELECT 1 FROM main.changes AS c WHERE c.at_utc = s.at_utc AND c.action = "
        "s.action AND c.kind = s.kind AND c.old = s.old AND c.new IS s.new) ORDER BY seq"
    ).rowcount)


def _add_clearances(db: sqlite3.Connection) -> int:
    """Copy the file's clearances the diary does not hold yet; how many."""
    return int(db.execute(
        f"INSERT INTO main.clearances ({_K}) SELECT {_K} FROM staging.import_clearances AS s "
        "WHERE NOT EXISTS (SELECT 1 FROM main.clearances AS c WHERE c.at_utc = s.at_utc AND "
        "c.recorded_utc = s.recorded_utc) ORDER BY seq").rowcount)


def _add_activities(db: sqlite3.Connection) -> dict[int, int] | None:
    """The diary's activity for each of the file's (same name, else added); None: the file
    names no activities, so its ratings name the diary's own."""

    staged_activities = list(db.execute(
        "SELECT file_id, name, added_utc, added_offset, removed_utc FROM "
        "staging.import_activities ORDER BY seq"))
    if not staged_activities:
        return None
    known = all_activities(db)
    active = sum(1 for a in known if a.active)
    found: dict[int, int] = {}
    for file_id, name, added_utc, added_offset, removed_utc in staged_activities:
        same = sorted((a for a in known if a.name.casefold() == name.casefold()),
                      key=lambda a: not a.active)
        if same:
            found[file_id] = same[0].id
            continue
        if removed_utc is None and active >= MAX_ACTIVE:
            removed_utc = added_utc  # no room to follow it: kept with its ratings, as removed
        active += removed_utc is None
        cursor = db.execute("INSERT INTO main.activities (name, added_utc, added_offset, "
                            "removed_utc) VALUES (?, ?, ?, ?)",
                            (name, added_utc, added_offset, removed_utc))
        assert cursor.lastrowid is not None
        found[file_id] = cursor.lastrowid
    return found


def _add_ratings(db: sqlite3.Connection, base: int, where: str,
                 activity_ids: dict[int, int] | None) -> None:
    """The ratings of the entries just added (ids ``base`` + their rank in file order)."""
    rated = db.execute(f"SELECT line, id, ratings FROM (SELECT line, ratings, ? + row_number() "
                       f"OVER (ORDER BY seq) AS id FROM staging.import_entries {where}) "
                       "WHERE ratings IS NOT NULL", (base,)).fetchall()
    if not rated:
        return
    diary_ids = {row[0] for row in db.execute("SELECT id FROM main.activities")}
    for line, entry_id, text in rated:
        for pair in text.split(","):
            file_activity, score = (int(part) for part in pair.split(":"))
            activity = (file_activity if activity_ids is None
                        else activity_ids.get(file_activity))
            if activity is None or activity not in diary_ids:
                raise InputError(f"line {line}: activities: activity {file_activity} is not "
                                 "in the file's activities nor the diary's; nothing was "
                                 "imported")
            db.execute("INSERT INTO main.activity_ratings (entry_id, activity_id, score) "
                       "VALUES (?, ?, ?)", (entry_id, activity, score))


def _add_entries(db: sqlite3.Connection, *, matched: bool,
                 activity_ids: dict[int, int] | None = None) -> ImportResult:
    where = "WHERE seq NOT IN (SELECT seq FROM staging.import_entry_dups)" if matched else ""
    base = db.execute("SELECT coalesce(max(id), 0) FROM main.entries").fetchone()[0]
    added = db.execute(f"INSERT INTO main.entries (id, {_E}, uid) SELECT ? + row_number() "
                       f"OVER (ORDER BY seq), {_E}, {_KEPT_UID.format(table='entries')} "
                       f"FROM staging.import_entries AS s {where} ORDER BY seq",
                       (base,)).rowcount
    _add_ratings(db, base, where, activity_ids)
    staged_entries, sessions, sessions_added = db.execute(
        "SELECT (SELECT count(*) FROM staging.import_entries), (SELECT count(*) FROM "
        "staging.import_sessions), (SELECT count(*) FROM staging.import_session_new)"
    ).fetchone()
    return ImportResult(sessions_added, sessions - sessions_added, added,
                        staged_entries - added)
