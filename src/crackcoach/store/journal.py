"""Records waiting for the diary: a private journal file that a busy diary cannot lose.

Another program (a long import, ``sqlite3`` with a transaction open) can hold
the diary's write lock for longer than anyone should wait. A session just
finished, an entry just typed, must not then exist only in memory. So every
record is first written to a journal file in the ``pending`` folder beside the
diary (0700; the file 0600, synced to disk), and only then moved into the
diary, in one transaction with the other records of the same file. Whoever
opens the diary next moves what is still waiting (see :func:`move_waiting`).

A journal file is one JSON object per line: a header, then ``session`` or
``entry`` lines holding the record's column values in the order of
:data:`crackcoach.store.rows.SESSION_COLUMNS` and :data:`crackcoach.store.rows.ENTRY_COLUMNS`.
An entry with ``"of_session": true`` belongs to the session of the same file,
whose id is not known until it is in the diary. Just before the transaction
commits an ``applying`` line is added: if the process is killed between the
commit and the removal of the file, the next one finds the records already in
the diary and does not add them twice.

The process that writes a journal file holds an exclusive ``flock`` on it until
it is done with it, so no other process moves it half-written.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import stat
import time
from collections.abc import Sequence
from pathlib import Path

from crackcoach.base.paths import make_private_folder
from crackcoach.base.typenames import TYPE_CHECKING
from crackcoach.diary.activities import Ratings
from crackcoach.diary.records import DiaryEntry, SessionRecord
from crackcoach.errors import DiaryBusy, DiaryError
from crackcoach.store import rows
from crackcoach.store.activities import set_ratings
from crackcoach.store.sqlerrors import reported

if TYPE_CHECKING:
    from typing import Any

FOLDER_NAME = "pending"
SUFFIX = ".jsonl"
_HEADER = {"crackcoach-pending": 1}
_HEADER_LINE = b'{"crackcoach-pending": 1}\n'
_MAX_BYTES = 4 * 1024 * 1024  # a session and a few entries take a few kilobytes
_MAX_LINES = 1000
_INSERT_SESSION = (f"INSERT INTO sessions ({', '.join(rows.SESSION_COLUMNS)}) VALUES "
                   f"({', '.join('?' * len(rows.SESSION_COLUMNS))})")
_INSERT_ENTRY = (f"INSERT INTO entries ({', '.join(rows.ENTRY_COLUMNS)}) VALUES "
                 f"({', '.join('?' * len(rows.ENTRY_COLUMNS))})")
_FIND_SESSION = ("SELECT id FROM sessions WHERE "
                 + " AND ".join(f"{name} IS ?" for name in rows.SESSION_COLUMNS)
                 + " ORDER BY id LIMIT 1")
_FIND_ENTRY = ("SELECT id FROM entries WHERE "
               + " AND ".join(f"{name} IS ?" for name in rows.ENTRY_COLUMNS)
               + " ORDER BY id LIMIT 1")

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


def _lock(fd: int, *, wait: bool) -> None:
    """An exclusive lock on a journal file; OSError when another process has it."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows: one writer per file by its name
        return
    fcntl.flock(fd, fcntl.LOCK_EX if wait else fcntl.LOCK_EX | fcntl.LOCK_NB)


def folder(diary_path: Path) -> Path:
    """The folder of journal files for the diary at ``diary_path``."""
    return Path(diary_path).parent / FOLDER_NAME


def waiting_files(diary_path: Path) -> list[Path]:
    """The journal files waiting to be moved into the diary, oldest first (cheap when none)."""
    try:
        names = os.listdir(folder(diary_path))
    except OSError:
        return []
    return [folder(diary_path) / name for name in sorted(names) if name.endswith(SUFFIX)]


class Journal:
    """This process's records on their way to the diary.

    :meth:`add_session` and :meth:`add_entry` return once the record is on
    disk; :meth:`move` puts what is waiting into the diary and says whether it
    could. Records added after a move go into a new file.
    """

    def __init__(self, diary_path: Path) -> None:
        self.diary_path = Path(diary_path)
        self._fd: int | None = None
        self._path: Path | None = None
        self._lines: list[dict[str, Any]] = []
        self.session_id: int | None = None  # the id the session got in the diary
        self.last_ids: Moved | None = None  # what the latest move gave each record

    @property
    def waiting(self) -> bool:
        """True while records of this journal are not in the diary yet."""
        return self._fd is not None

    def add_session(self, session: SessionRecord) -> None:
        """Write a session to the journal (synced) before anything else happens."""
        self._append("session", list(rows.session_row(session)))

    def add_entry(self, entry: DiaryEntry, *, of_session: bool = False) -> None:
        """Write an entry to the journal; ``of_session`` links it to this journal's session."""
        row = list(rows.entry_row(entry))
        linked = False
        if of_session:
            if self.session_id is not None:
                row[-1] = self.session_id  # the session is in the diary already
            else:
                linked = True
        self._append("entry", row, of_session=linked, ratings=entry.activities)

    def _append(self, kind: str, row: list[Any], *, of_session: bool = False,
                ratings: Ratings = ()) -> None:
        if self._fd is None:
            self._create()
        assert self._fd is not None
        line: dict[str, Any] = {kind: row}
        if of_session:
            line["of_session"] = True
        if ratings:  # an entry's activity ratings go with it
            line["ratings"] = [list(pair) for pair in ratings]
        self._lines.append(line)
        try:
            _write_all(self._fd, _encoded(line))
            os.fsync(self._fd)
        except OSError as exc:
            self._lines.pop()
            raise JournalUnusable(f"cannot save the record in {self._path}: "
                                  f"{exc.strerror or exc}") from None

    def _create(self) -> None:
        where = folder(self.diary_path)
        try:
            make_private_folder(where)
            info = os.lstat(where)
            if not stat.S_ISDIR(info.st_mode):
                raise DiaryError(f"cannot keep the records waiting for the diary: {where} is "
                                 "not a folder; move it aside")
            for attempt in range(100):
                path = where / f"{time.time_ns():020d}-{os.getpid()}-{attempt}{SUFFIX}"
                try:
                    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_APPEND
                                 | _NOFOLLOW | os.O_CLOEXEC, 0o600)
                except FileExistsError:
                    continue
                break
            else:  # pragma: no cover - a hundred names taken within the same nanoseconds
                raise DiaryError(f"cannot create a journal file in {where}")
            try:
                _lock(fd, wait=True)
                os.fchmod(fd, 0o600)
                _write_all(fd, _HEADER_LINE)
                os.fsync(fd)
            except OSError:
                os.close(fd)
                _remove(path)
                raise
            _sync_folder(where)
        except OSError as exc:
            raise JournalUnusable(f"cannot save the record in {where}: "
                                  f"{exc.strerror or exc}") from None
        self._fd, self._path = fd, path

    def move(self, db: sqlite3.Connection, diary_path: Path) -> bool:
        """Move this journal into the diary; False (all kept in the journal) when it is busy.

        Other problems raise DiaryError; the journal then still holds every record.
        """
        if self._fd is None or self._path is None:
            return True
        try:
            ids = _apply(db, diary_path, self._lines, self._fd, careful=False)
        except DiaryBusy:
            return False
        except DiaryError:
            # Any other refusal is reported as it is: nothing saved, nothing left to add later.
            self.discard()
            raise
        if ids.session_id is not None:
            self.session_id = ids.session_id
        self.last_ids = ids
        _remove(self._path)
        self.close()
        return True

    def discard(self) -> None:
        """Remove the journal file and what it holds (the caller reports why)."""
        if self._path is not None:
            _remove(self._path)
        self.close()

    def close(self) -> None:
        """Let go of the journal file (what it holds waits for the next command)."""
        fd, self._fd, self._path, self._lines = self._fd, None, None, []
        if fd is not None:
            with contextlib.suppress(OSError):
                os.close(fd)  # also ends the flock

    @property
    def file(self) -> Path | None:
        """The journal file in use, if any."""
        return self._path


class JournalUnusable(DiaryError):
    """The journal file cannot be written (a full disk, a read-only folder)."""


class Moved:
    """The ids records got in the diary, in the order of their journal lines."""

    def __init__(self) -> None:
        self.session_id: int | None = None
        self.entry_ids: list[int] = []


def move_waiting(db: sqlite3.Connection, diary_path: Path) -> int:
    """Move every journal file nobody is writing into the diary; how many were moved.

    A busy diary or a damaged file leaves the file where it is, for later.
    """
    moved = 0
    for path in waiting_files(diary_path):
        try:
            fd = os.open(path, os.O_RDWR | os.O_NONBLOCK | _NOFOLLOW | os.O_CLOEXEC)
        except OSError:
            continue
        try:
            try:
                _lock(fd, wait=False)
            except OSError:
                continue  # its writer is still at work
            info = os.fstat(fd)
            if (not stat.S_ISREG(info.st_mode) or info.st_nlink == 0
                    or info.st_size > _MAX_BYTES or info.st_uid != os.getuid()):
                continue
            lines = _read_lines(fd, info.st_size)
            if lines is None:
                continue
            try:
                _apply(db, diary_path, lines, fd,
                       careful=any("applying" in line for line in lines))
            except DiaryBusy:
                break
            except DiaryError:
                continue
            _remove(path)
            moved += 1
        finally:
            os.close(fd)
    return moved


def _read_lines(fd: int, size: int) -> list[dict[str, Any]] | None:
    """The journal's lines; a last line cut short by a kill is left out; None if not ours."""
    data = b""
    while len(data) < size:
        chunk = os.read(fd, size - len(data))
        if not chunk:
            break
        data += chunk
    parts = data.split(b"\n")
    if parts and parts[-1] != b"":
        parts = parts[:-1]  # written only in part: that record was never confirmed
    from json import loads

    found: list[dict[str, Any]] = []
    for number, part in enumerate(parts[:_MAX_LINES]):
        if not part:
            continue
        try:
            line = loads(part)
        except ValueError:
            return None
        if not isinstance(line, dict):
            return None
        if number == 0:
            if line != _HEADER:
                return None
            continue
        found.append(line)
    return found


def _checked_row(line: dict[str, Any], kind: str, columns: Sequence[str]) -> list[Any]:
    row = line.get(kind)
    if (not isinstance(row, list) or len(row) != len(columns)
            or not all(value is None or isinstance(value, (str, int, float)) for value in row)):
        raise DiaryError(f"a {kind} in the journal is damaged")
    convert = rows.session_from if kind == "session" else rows.entry_from
    try:
        record = convert([0, *row])
    except (rows.Damaged, ValueError, TypeError) as exc:
        raise DiaryError(f"a {kind} in the journal is damaged: {exc}") from None
    if isinstance(record, SessionRecord):
        return list(rows.session_row(record))
    assert isinstance(record, DiaryEntry)
    return list(rows.entry_row(record))


def _checked_ratings(line: dict[str, Any]) -> Ratings:
    """An entry line's activity ratings: pairs of an activity id and a 0-10 score."""
    found = line.get("ratings", [])
    if not isinstance(found, list) or not all(
            isinstance(pair, list) and len(pair) == 2
            and all(type(n) is int for n in pair) and 0 <= pair[1] <= 10 for pair in found):
        raise DiaryError("an entry's activity ratings in the journal are damaged")
    return tuple((pair[0], pair[1]) for pair in found)


def _apply(db: sqlite3.Connection, diary_path: Path, lines: list[dict[str, Any]], fd: int, *,
           careful: bool) -> Moved:
    """Add the journal's records in one transaction; ``careful`` skips ones already there."""
    ids = Moved()
    checked: list[tuple[str, list[Any], bool, Ratings]] = []
    for line in lines:
        if "applying" in line:
            continue
        kind = "session" if "session" in line else "entry"
        columns = rows.SESSION_COLUMNS if kind == "session" else rows.ENTRY_COLUMNS
        checked.append((kind, _checked_row(line, kind, columns), line.get("of_session") is True,
                        _checked_ratings(line)))
    with reported(diary_path, "write to"):
        db.execute("BEGIN IMMEDIATE")
        try:
            for kind, row, of_session, ratings in checked:
                if kind == "entry" and of_session:
                    row[-1] = ids.session_id
                found = None
                if careful:
                    found = db.execute(_FIND_SESSION if kind == "session" else _FIND_ENTRY,
                                       row).fetchone()
                if found is not None:
                    new_id = int(found[0])
                else:
                    cursor = db.execute(_INSERT_SESSION if kind == "session" else _INSERT_ENTRY,
                                        row)
                    assert cursor.lastrowid is not None
                    new_id = cursor.lastrowid
                    if ratings:
                        set_ratings(db, new_id, ratings)
                if kind == "session":
                    ids.session_id = new_id
                else:
                    ids.entry_ids.append(new_id)
            with contextlib.suppress(OSError):
                _write_all(fd, b'{"applying": true}\n')
                os.fsync(fd)
            db.execute("COMMIT")
        except BaseException:
            with contextlib.suppress(sqlite3.Error):  # none left if the COMMIT ended it
                db.execute("ROLLBACK")
            raise
    return ids


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def _remove(path: Path) -> None:
    """Remove a journal file, and its folder once it is empty."""
    with contextlib.suppress(OSError):
        os.unlink(path)
        _sync_folder(path.parent)
    with contextlib.suppress(OSError):
        os.rmdir(path.parent)  # fails, as it should, while another file waits there


def _encoded(line: dict[str, Any]) -> bytes:
    """One journal line as JSON, written here: ``log`` is timed and never loads json."""
    parts = []
    for key, value in line.items():
        if isinstance(value, list):
            shown = "[" + ", ".join(_value(item) for item in value) + "]"
        else:
            shown = _value(value)
        parts.append(f"{_value(key)}: {shown}")
    return ("{" + ", ".join(parts) + "}\n").encode("ascii")


def _value(value: Any) -> str:
    if value is None:
        return "null"
    if value is True or value is False:
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise ValueError("a journal value must be a finite number")
        return repr(value)
    text = str(value)
    out = ['"']
    for char in text:
        code = ord(char)
        if char in '"\\':
            out.append("\\" + char)
        elif code < 0x20 or code > 0x7E:
            out.extend(f"\\u{unit:04x}" for unit in _utf16(code))
        else:
            out.append(char)
    out.append('"')
    return "".join(out)


def _utf16(code: int) -> tuple[int, ...]:
    if code < 0x10000:
        return (code,)
    code -= 0x10000
    return (0xD800 + (code >> 10), 0xDC00 + (code & 0x3FF))


def _sync_folder(where: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(where, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)

