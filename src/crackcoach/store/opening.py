"""Opening the diary: checking its files, connecting, and bringing its schema up to date."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import time
from pathlib import Path

from crackcoach.base import tempfiles
from crackcoach.errors import DiaryError
from crackcoach.store import files, journal, schema
from crackcoach.store.core import Store
from crackcoach.store.sqlerrors import BUSY_TIMEOUT_SECONDS, explain, reported

_MOVE_WAIT = 2.0  # seconds a command waits to move waiting records before going on


def open_store(path: Path, *, create: bool = True, read_only: bool = False) -> Store:
    """Open the diary at ``path``, creating it (and its folder) privately if needed.

    The file and any ``-wal`` beside it are checked as bytes before SQLite
    opens them, so another program's database or write-ahead log is refused
    with every byte left as it was; so is a diary that is a symbolic link.
    Brings an older schema up to date. Raises :class:`DiaryError`, naming the
    file, when it is damaged, belongs to another program, was written by a
    newer crackcoach, or cannot be created or written.

    ``read_only=True`` (for commands that only read) opens the file read-only
    and never creates, migrates or changes it; ``create=False`` opens an
    existing diary for writing but does not create one. Either way a missing
    diary gives an empty store that lives in memory only.
    """
    path = Path(path)
    if journal.waiting_files(path):
        _move_waiting(path)
    if not files.check_path(path):
        if read_only or not create:
            return _empty_store(path)
        files.create(path)
    if files.check_bytes(path) is None and read_only:
        return _empty_store(path)  # an empty file: nothing written into it yet
    return _open_read_only(path) if read_only else _open_for_writing(path)


def _move_waiting(path: Path) -> None:
    """Move the records earlier commands left waiting into the diary, if it lets us now.

    Done even before a command that only reads, so that it sees them; a busy,
    read-only or refused diary leaves them waiting.
    """
    try:
        if not files.check_path(path):
            files.create(path)
        with _open_for_writing(path) as store:
            store.move_waiting(_MOVE_WAIT)
    except DiaryError:
        pass


def _connect(path: Path, target: str, *, uri: bool = False) -> sqlite3.Connection:
    try:
        db = sqlite3.connect(target, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None,
                             check_same_thread=False, uri=uri)
    except sqlite3.Error as exc:
        raise DiaryError(explain(path, "open", exc)) from None
    return db


def _open_for_writing(path: Path) -> Store:
    tempfiles.tidy(path.parent, tempfiles.IMPORT)  # working files of an import that was killed
    files.make_private(path)
    absent = [p for p in files.companions(path) if not os.path.lexists(p)]
    db = _connect(path, str(path))
    try:
        with reported(path, "open"):
            schema.check_owner(db, path)
            _use_wal(db)
            db.execute("PRAGMA synchronous = NORMAL")
            db.execute("PRAGMA temp_store = FILE")  # an import stages its rows on disk
            schema.migrate(db, path)  # before foreign keys: a migration may rebuild a table
            db.execute("PRAGMA foreign_keys = ON")
            schema.check_columns(db, path, schema.SCHEMA_VERSION)
    except BaseException:
        db.close()
        raise
    finally:
        # SQLite gives new -wal/-shm files the diary's mode: a diary refused for being
        # read-only (0400) must not leave 0400 ones that would stop writes once it is not.
        files.make_private_companions(absent)
    store = Store(path, db)
    # A diary SQLite could open only for reading refuses the first write, and may make its
    # -wal/-shm again then, with its own 0400: they become private when the store closes.
    store.after_close = lambda: files.make_private_companions(files.companions(path))
    return store


def _open_read_only(path: Path) -> Store:
    from urllib.parse import quote

    absent = [p for p in files.companions(path) if not os.path.lexists(p)]
    base = f"file:{quote(str(path.absolute()))}?mode=ro"
    db = _connect(path, base, uri=True)
    try:
        try:
            version = schema.check_owner(db, path)
        except sqlite3.OperationalError:
            if len(absent) < 2:
                raise
            # No -wal or -shm, and none can be made (a read-only folder): then no
            # writer can be at work either, so reading the file as it is is safe.
            db.close()
            db = _connect(path, base + "&immutable=1", uri=True)
            version = schema.check_owner(db, path)
        with reported(path, "open"):
            schema.check_columns(db, path, version)
    except sqlite3.DatabaseError as exc:
        db.close()
        raise DiaryError(explain(path, "open", exc)) from None
    except BaseException:
        db.close()
        raise
    # SQLite gives new -wal/-shm files the diary's mode; 0400 ones would stop later writes.
    files.make_private_companions(absent)
    if version == 0:
        # Another process has just created the file and not yet committed its tables:
        # nothing is written in it yet, so it reads as an empty diary.
        db.close()
        return _empty_store(path)
    store = Store(path, db, version=version)
    if len(absent) == 2:
        store.after_close = lambda: _tidy_companions(path)
    return store


def _tidy_companions(path: Path) -> None:
    """Let SQLite remove the -wal/-shm a read-only reader made, if no one else uses them.

    A read-only connection never removes them; the last read-write connection to
    close does, after making sure (with a lock) that it is the last. So one is
    opened and closed; a busy diary, or one that cannot be written, keeps them.
    """
    import sqlite3

    # A diary that cannot be written: such a connection would only read, and could make
    # them again rather than remove them. Either way, any that stayed (or that the reading
    # made after the diary was opened) get private modes, never the diary's 0400.
    if os.access(path, os.W_OK):
        with contextlib.suppress(sqlite3.Error, OSError):
            db = sqlite3.connect(str(path), timeout=0, isolation_level=None)
            try:
                db.execute("SELECT count(*) FROM sqlite_master").fetchone()
            finally:
                db.close()
    files.make_private_companions(files.companions(path))


def _empty_store(path: Path) -> Store:
    db = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
    schema.migrate(db, path)
    return Store(path, db)


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
