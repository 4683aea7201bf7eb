"""The diary database: the only module that speaks SQL.

One SQLite file holds the sessions and the diary entries. The schema carries
its version in ``PRAGMA user_version`` and is brought up to date by an ordered
list of migrations, each applied in its own transaction. ``PRAGMA
application_id`` marks the file as crackcoach's, so a stranger's database is
refused rather than changed.

Every write is one ``BEGIN IMMEDIATE`` transaction: it is either all in the
file or not at all, and several processes can write at once (WAL mode and a
busy timeout make the later ones wait their turn instead of failing).

Times are stored twice over: the instant in UTC as fixed-width ISO 8601 text
(so text order is time order and range queries use an index) and the person's
UTC offset in seconds at that moment. They come back as aware datetimes in
that original offset.
"""

from __future__ import annotations

import os
import sqlite3
import stat
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import Any, NamedTuple

from crackcoach import rows
from crackcoach.errors import DiaryError, InputError
from crackcoach.records import DiaryEntry, SessionRecord

APPLICATION_ID = 0x63726B63  # "crkc"
BUSY_TIMEOUT_SECONDS = 30.0
_SQLITE_MAX_INTEGER = 2**63 - 1
# SQLite's errors cannot tell a full disk from other I/O errors; less free space than this can.
_NEARLY_FULL_BYTES = 1024 * 1024

_V1 = """
CREATE TABLE sessions (
    id              INTEGER PRIMARY KEY,
    routine         TEXT    NOT NULL,
    started_utc     TEXT    NOT NULL,
    started_offset  INTEGER NOT NULL,
    ended_utc       TEXT    NOT NULL,
    ended_offset    INTEGER NOT NULL,
    planned_seconds REAL    NOT NULL CHECK (planned_seconds >= 0),
    actual_seconds  REAL    NOT NULL CHECK (actual_seconds >= 0),
    paused_seconds  REAL    NOT NULL CHECK (paused_seconds >= 0),
    steps_completed TEXT    NOT NULL DEFAULT '[]',
    steps_skipped   TEXT    NOT NULL DEFAULT '[]',
    outcome         TEXT    NOT NULL CHECK (outcome IN ('completed', 'quit', 'interrupted')),
    timeline        TEXT    NOT NULL DEFAULT '[]'
);
CREATE INDEX sessions_by_start ON sessions (started_utc);
CREATE INDEX sessions_by_routine ON sessions (routine, started_utc);
CREATE TABLE entries (
    id                INTEGER PRIMARY KEY,
    at_utc            TEXT    NOT NULL,
    at_offset         INTEGER NOT NULL,
    discomfort        INTEGER CHECK (discomfort BETWEEN 0 AND 10),
    discomfort_before INTEGER CHECK (discomfort_before BETWEEN 0 AND 10),
    stiffness         INTEGER CHECK (stiffness BETWEEN 0 AND 10),
    mobility          TEXT    CHECK (mobility IN
                              ('much-worse', 'worse', 'same', 'better', 'much-better')),
    tighter_side      TEXT    CHECK (tighter_side IN ('left', 'right', 'even')),
    cracks            INTEGER CHECK (cracks BETWEEN 0 AND 100),
    flags             TEXT    NOT NULL DEFAULT '[]',
    note              TEXT,
    session_id        INTEGER REFERENCES sessions (id)
);
CREATE INDEX entries_by_time ON entries (at_utc);
CREATE INDEX entries_by_session ON entries (session_id);
"""

# Migration N+1 takes a database at version N to version N+1. Append only:
# a released migration is never edited, because files in the wild ran it.
MIGRATIONS: tuple[Callable[[sqlite3.Connection], None], ...] = (
    lambda db: _run_script(db, _V1),
)
SCHEMA_VERSION = len(MIGRATIONS)


class ImportResult(NamedTuple):
    """How many records an import added and how many it skipped as exact duplicates."""

    sessions_added: int = 0
    sessions_skipped: int = 0
    entries_added: int = 0
    entries_skipped: int = 0


def _run_script(db: sqlite3.Connection, script: str) -> None:
    # executescript() would COMMIT the open transaction; run statement by statement.
    for statement in script.split(";"):
        if statement.strip():
            db.execute(statement)


class Store:
    """An open diary database. Use :func:`open_store` to get one."""

    def __init__(self, path: Path, db: sqlite3.Connection) -> None:
        self.path = path
        self._db = db

    def __enter__(self) -> Store:
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection; every write has been committed already."""
        self._db.close()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        with _reported(self.path, "write to"):
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def _read(self, sql: str, params: Sequence[Any]) -> list[sqlite3.Row]:
        with _reported(self.path, "read"):
            return self._db.execute(sql, params).fetchall()

    def add_session(self, session: SessionRecord) -> int:
        """Save a session (its ``id`` is ignored) and return its new id."""
        row = rows.session_row(session)
        with self._write() as db:
            return _insert(db, "sessions", row)

    def add_entry(self, entry: DiaryEntry) -> int:
        """Save a diary entry (its ``id`` is ignored) and return its new id."""
        row = rows.entry_row(entry)
        with self._write() as db:
            return _insert(db, "entries", row)

    def sessions(self, since: datetime | None = None, until: datetime | None = None,
                 routine: str | None = None, limit: int | None = None, *,
                 newest_first: bool = False) -> list[SessionRecord]:
        """Sessions that started in ``[since, until)``, oldest first unless ``newest_first``.

        ``limit`` keeps the first N in the chosen order.
        """
        where, params = _time_range("started_utc", since, until)
        if routine is not None:
            where.append("routine = ?")
            params.append(routine)
        sql = "SELECT * FROM sessions" + _where_order("started_utc", where, newest_first,
                                                      limit, params)
        return [rows.session_from(row) for row in self._read(sql, params)]

    def entries(self, since: datetime | None = None, until: datetime | None = None,
                limit: int | None = None, *, newest_first: bool = False) -> list[DiaryEntry]:
        """Diary entries made in ``[since, until)``, oldest first unless ``newest_first``.

        ``limit`` keeps the first N in the chosen order.
        """
        where, params = _time_range("at_utc", since, until)
        sql = "SELECT * FROM entries" + _where_order("at_utc", where, newest_first, limit,
                                                     params)
        return [rows.entry_from(row) for row in self._read(sql, params)]

    def history(self, since: datetime | None = None, limit: int | None = None
                ) -> list[SessionRecord | DiaryEntry]:
        """Sessions and entries from ``since`` on, merged newest first, ``limit`` in all."""
        sessions = self.sessions(since=since, limit=limit, newest_first=True)
        entries = self.entries(since=since, limit=limit, newest_first=True)
        merged: list[SessionRecord | DiaryEntry] = [*sessions, *entries]
        merged.sort(key=lambda r: r.started_at if isinstance(r, SessionRecord) else r.at,
                    reverse=True)
        return merged if limit is None else merged[:limit]

    def prove_writable(self) -> None:
        """Raise DiaryError now if a write would fail later (a read-only file, say).

        Writes a row and takes it back: only a real write finds every reason
        a file cannot be written to.
        """
        with _reported(self.path, "write to"):
            self._db.execute("BEGIN IMMEDIATE")
            try:
                self._db.execute("INSERT INTO entries (at_utc, at_offset) VALUES ('', 0)")
            finally:
                self._db.execute("ROLLBACK")

    def routine_names(self) -> list[str]:
        """The names of the routines that have sessions in the diary, sorted."""
        found = self._read("SELECT DISTINCT routine FROM sessions ORDER BY routine", ())
        return [str(row[0]) for row in found]

    def import_records(self, sessions: Iterable[SessionRecord],
                       entries: Iterable[DiaryEntry]) -> ImportResult:
        """Add sessions and entries in one transaction: all of them or none.

        An entry's ``session_id`` names the ``id`` of one of the given sessions
        and is changed to the id that session gets here. Records identical to
        one already stored (apart from ids) are skipped.
        """
        session_rows = [(s.id, rows.session_row(s)) for s in sessions]
        entry_rows = [(e, rows.entry_row(e)) for e in entries]
        known_ids = {old for old, _ in session_rows if old is not None}
        for entry, _ in entry_rows:
            if entry.session_id is not None and entry.session_id not in known_ids:
                raise InputError(f"diary entry of {entry.at.isoformat()} refers to session "
                                 f"{entry.session_id}, which is not among the imported "
                                 "sessions")
        counts = [0, 0, 0, 0]
        new_ids: dict[int, int] = {}
        with self._write() as db:
            for old_id, row in session_rows:
                new_id, added = _insert_unless_present(db, "sessions", row)
                counts[0 if added else 1] += 1
                if old_id is not None:
                    new_ids[old_id] = new_id
            for entry, row in entry_rows:
                if entry.session_id is not None:
                    row["session_id"] = new_ids[entry.session_id]
                _, added = _insert_unless_present(db, "entries", row)
                counts[2 if added else 3] += 1
        return ImportResult(*counts)


def _insert(db: sqlite3.Connection, table: str, row: dict[str, Any]) -> int:
    columns = ", ".join(row)
    marks = ", ".join("?" for _ in row)
    cursor = db.execute(f"INSERT INTO {table} ({columns}) VALUES ({marks})", list(row.values()))
    assert cursor.lastrowid is not None
    return cursor.lastrowid


_DUPLICATE_INDEX = {"sessions": "sessions_by_start", "entries": "entries_by_time"}


def _insert_unless_present(db: sqlite3.Connection, table: str, row: dict[str, Any]
                           ) -> tuple[int, bool]:
    # IS rather than = so that two NULLs count as equal.
    match = " AND ".join(f"{column} IS ?" for column in row)
    # Look up by time: left to itself the planner may pick entries_by_session, and most
    # entries have no session, so every lookup would walk all of them (quadratic imports).
    index = _DUPLICATE_INDEX[table]
    found = db.execute(f"SELECT id FROM {table} INDEXED BY {index} WHERE {match} LIMIT 1",
                       list(row.values())).fetchone()
    if found is not None:
        return int(found[0]), False
    return _insert(db, table, row), True


def _time_range(column: str, since: datetime | None, until: datetime | None
                ) -> tuple[list[str], list[Any]]:
    where: list[str] = []
    params: list[Any] = []
    if since is not None:
        where.append(f"{column} >= ?")
        params.append(rows.to_utc_text(since))
    if until is not None:
        where.append(f"{column} < ?")
        params.append(rows.to_utc_text(until))
    return where, params


def _where_order(column: str, where: list[str], newest_first: bool, limit: int | None,
                 params: list[Any]) -> str:
    direction = "DESC" if newest_first else "ASC"
    sql = (" WHERE " + " AND ".join(where)) if where else ""
    sql += f" ORDER BY {column} {direction}, id {direction}"
    if limit is not None:
        sql += " LIMIT ?"
        # SQLite integers stop at 2**63 - 1; any larger limit means "all" anyway.
        params.append(max(0, min(limit, _SQLITE_MAX_INTEGER)))
    return sql


@contextmanager
def _reported(path: Path, doing: str) -> Iterator[None]:
    """Turn SQLite's errors into a DiaryError that names the file."""
    try:
        yield
    except sqlite3.DatabaseError as exc:
        raise DiaryError(_explain(path, doing, exc)) from None


def _explain(path: Path, doing: str, exc: sqlite3.Error) -> str:
    text = str(exc)
    if _disk_full(path, exc):
        return (f"cannot {doing} the diary {path}: the disk is full ({text}); nothing was "
                "changed: free some space and try again")
    if isinstance(exc, sqlite3.OperationalError):
        if "locked" in text or "busy" in text:
            return (f"cannot {doing} the diary {path}: another program kept it busy for "
                    f"more than {BUSY_TIMEOUT_SECONDS:g} s; try again")
        if "readonly" in text or "unable to open" in text:
            return (f"cannot {doing} the diary {path}: the file or its folder is not "
                    f"writable ({text}); check the permissions of {path.parent}")
        return f"cannot {doing} the diary {path}: {text}"
    if isinstance(exc, sqlite3.IntegrityError):
        return f"cannot {doing} the diary {path}: {text}"
    return (f"the diary {path} is damaged or is not a database ({text}); it was left "
            "untouched: move it aside to start a new diary, or put back a backup")


def _disk_full(path: Path, exc: sqlite3.Error) -> bool:
    """True for a write or journal error on a disk with (almost) no space left."""
    name = getattr(exc, "sqlite_errorname", "")
    if not (name == "SQLITE_FULL" or name.startswith("SQLITE_IOERR")):
        return False
    try:
        info = os.statvfs(path.parent)
    except (OSError, AttributeError):  # no statvfs on Windows
        return name == "SQLITE_FULL"
    return info.f_bavail * info.f_frsize < _NEARLY_FULL_BYTES


def open_store(path: Path, *, create: bool = True) -> Store:
    """Open the diary at ``path``, creating it (and its folder) privately if needed.

    Brings an older schema up to date. Raises :class:`DiaryError`, naming the
    file, when it is damaged, belongs to another program, was written by a
    newer crackcoach, or cannot be created or written. With ``create=False``
    (for commands that only read) a missing diary is not created: the store
    is then empty and lives in memory only.
    """
    path = Path(path)
    if not create and not os.path.lexists(path):
        return _empty_store(path)
    _prepare_file(path)
    try:
        db = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None,
                             check_same_thread=False)
    except sqlite3.Error as exc:
        raise DiaryError(_explain(path, "open", exc)) from None
    try:
        db.row_factory = sqlite3.Row
        with _reported(path, "open"):
            _check_owner(db, path)
            _use_wal(db)
            db.execute("PRAGMA foreign_keys = ON")
            db.execute("PRAGMA synchronous = NORMAL")
            _migrate(db, path)
    except BaseException:
        db.close()
        raise
    return Store(path, db)


def _empty_store(path: Path) -> Store:
    db = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
    db.row_factory = sqlite3.Row
    _migrate(db, path)
    return Store(path, db)


def _prepare_file(path: Path) -> None:
    folder = path.parent
    try:
        if not folder.exists():
            folder.mkdir(mode=0o700, parents=True)
            os.chmod(folder, 0o700)  # mkdir's mode is reduced by the umask
        elif not folder.is_dir():
            raise DiaryError(f"cannot create the diary {path}: {folder} is not a folder")
    except FileExistsError:
        pass  # another crackcoach created it a moment ago
    except OSError as exc:
        raise DiaryError(f"cannot create the diary folder {folder}: {exc.strerror}") from None
    try:
        handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        _tighten(path)
    except OSError as exc:
        raise DiaryError(f"cannot create the diary {path}: {exc.strerror}; check that "
                         f"{folder} is writable") from None
    else:
        os.close(handle)


def _tighten(path: Path) -> None:
    """Make an existing diary (and its journal files) readable by its owner only."""
    for candidate in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        try:
            info = candidate.stat()
            if (stat.S_ISREG(info.st_mode) and info.st_mode & 0o077
                    and info.st_uid == os.geteuid()):
                os.chmod(candidate, stat.S_IMODE(info.st_mode) & 0o700)
        except OSError:
            continue


def _check_owner(db: sqlite3.Connection, path: Path) -> int:
    """The schema version, after making sure the file is ours (or empty) and not too new."""
    # One statement, so one consistent snapshot even while another process migrates.
    app_id, version, has_tables = db.execute(
        "SELECT a.application_id, v.user_version, (SELECT count(*) FROM sqlite_master)"
        " FROM pragma_application_id() AS a, pragma_user_version() AS v").fetchone()
    if app_id != APPLICATION_ID and (app_id != 0 or version != 0 or has_tables):
        raise DiaryError(f"{path} is a database of some other program, not a crackcoach "
                         "diary; it was left untouched (set CRACKCOACH_HOME to use "
                         "another folder)")
    if version > SCHEMA_VERSION:
        raise DiaryError(f"the diary {path} was written by a newer crackcoach (schema "
                         f"version {version}; this one knows up to {SCHEMA_VERSION}); "
                         "upgrade crackcoach (e.g. pip install -U crackcoach) to use it")
    return int(version)


def _use_wal(db: sqlite3.Connection) -> None:
    """Switch the file to WAL mode once; it is stored in the file."""
    # SQLite answers "database is locked" at once, without waiting for the busy
    # timeout, when two processes switch a new file at the same moment; so wait
    # here, and look again each time: the other process may have done it.
    deadline = time.monotonic() + BUSY_TIMEOUT_SECONDS
    pause = 0.005
    while True:
        try:
            mode = db.execute("PRAGMA journal_mode").fetchone()[0]
            if str(mode).lower() != "wal":
                db.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(pause)
            pause = min(pause * 2, 0.1)


def _migrate(db: sqlite3.Connection, path: Path) -> None:
    """Apply the missing migrations, each in its own transaction."""
    while _check_owner(db, path) < SCHEMA_VERSION:
        db.execute("BEGIN IMMEDIATE")
        try:
            # Read again under the write lock: another process may have migrated meanwhile.
            version = _check_owner(db, path)
            if version < SCHEMA_VERSION:
                MIGRATIONS[version](db)
                db.execute(f"PRAGMA user_version = {version + 1}")
                db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")
