"""The diary's files before SQLite sees them: the path rule, private creation, and their bytes.

SQLite merges a ``-wal`` file into the database as soon as it reads it, whoever
wrote that file, and creates ``-wal``/``-shm`` files beside it. So before any
connection the diary, its ``-wal`` and its ``-shm`` are checked here as plain
files: none may be a symbolic link or anything but a regular file, and the
newest committed first page (from the ``-wal`` when it holds one, else from the
file) must carry crackcoach's application id. A refusal has then touched
nothing. No SQL here.

The rule for links: the data folder may be a link (people keep their data on
another disk), the diary file may not, so a link can never make crackcoach
create, chmod or write a file outside the data folder.
"""

from __future__ import annotations

import os
import stat
import struct
from collections.abc import Callable, Iterable
from pathlib import Path

from crackcoach.base.paths import make_private_folder
from crackcoach.base.typenames import NamedTuple
from crackcoach.errors import DiaryError
from crackcoach.store import schema

_MAGIC = b"SQLite format 3\x00"
_WAL_MAGIC = (0x377F0682, 0x377F0683)  # checksums little-endian, big-endian
_WAL_HEADER, _FRAME_HEADER = 32, 24
_KINDS = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a named pipe"),
          (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a device"), (stat.S_ISBLK, "a device"))


class Page1(NamedTuple):
    """What the first page of a database says about whose it is."""

    app_id: int
    version: int
    has_tables: bool
    page_size: int

    def ours(self) -> bool:
        """crackcoach's, or a database nobody has written anything into yet."""
        return self.app_id == schema.APPLICATION_ID or (
            self.app_id == 0 and self.version == 0 and not self.has_tables)


_NOT_OURS = Page1(-1, 0, True, 0)


def companions(path: Path) -> tuple[Path, Path]:
    """The ``-wal`` and ``-shm`` files SQLite keeps beside the diary."""
    return Path(f"{path}-wal"), Path(f"{path}-shm")


def _kind(mode: int) -> str:
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def check_path(path: Path) -> bool:
    """True when the diary exists; DiaryError if it or a companion is a link or not a file."""
    for candidate in (path, *companions(path)):
        try:
            info = os.lstat(candidate)
        except FileNotFoundError:
            continue
        except NotADirectoryError:
            raise DiaryError(f"cannot open the diary {path}: {path.parent} is not a "
                             "folder") from None
        except OSError as exc:
            raise DiaryError(f"cannot open the diary {path}: {exc.strerror}") from None
        if stat.S_ISREG(info.st_mode):
            continue
        what = "the diary" if candidate == path else f"{candidate.name} beside the diary"
        if stat.S_ISLNK(info.st_mode):
            raise DiaryError(f"{what} {candidate} is a symbolic link; crackcoach opens only a "
                             "regular file there, so that it never writes outside its data "
                             "folder: replace the link with the file it points to")
        raise DiaryError(f"{what} {candidate} is {_kind(info.st_mode)}, not a regular file; "
                         "it was left untouched: move it aside")
    return os.path.lexists(path)


def create(path: Path) -> None:
    """Create the diary file (0600) and its folder (0700) if they are missing."""
    try:
        make_private_folder(path.parent)
    except FileExistsError:
        raise DiaryError(f"cannot create the diary {path}: {path.parent} is not a "
                         "folder") from None
    except OSError as exc:
        raise DiaryError(f"cannot create the diary folder {path.parent}: "
                         f"{exc.strerror}") from None
    try:
        handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
    except FileExistsError:
        return  # another crackcoach created it a moment ago
    except OSError as exc:
        raise DiaryError(f"cannot create the diary {path}: {exc.strerror}; check that "
                         f"{path.parent} is writable") from None
    os.close(handle)


def make_private(path: Path) -> None:
    """Make the diary readable by its owner only, and its journal files 0600.

    A reader of a read-only diary leaves ``-wal``/``-shm`` with the diary's
    own mode (say 0400), which would make the next write fail.
    """
    _chmod_own(path, lambda mode: mode & 0o700)
    make_private_companions(companions(path))


def make_private_companions(candidates: Iterable[Path]) -> None:
    """Set those of ``candidates`` that exist (journal files) to 0600."""
    for candidate in candidates:
        _chmod_own(candidate, lambda mode: 0o600)


def _chmod_own(path: Path, wanted: Callable[[int], int]) -> None:
    try:
        info = os.lstat(path)
        mode = stat.S_IMODE(info.st_mode)
        if stat.S_ISREG(info.st_mode) and mode != wanted(mode) and info.st_uid == os.geteuid():
            os.chmod(path, wanted(mode))
    except OSError:
        pass  # gone meanwhile, or not ours to change


def check_bytes(path: Path) -> Page1 | None:
    """Refuse, before any connection, a file or ``-wal`` that is not crackcoach's.

    Returns what the newest committed first page says, or None for an empty
    new file. DiaryError for a file that is not a database, another program's
    database or ``-wal``, or a diary from a newer crackcoach.
    """
    wal = companions(path)[0]
    try:
        with open(path, "rb") as handle:
            main = _page1(handle.read(108), path)
        try:
            with open(wal, "rb") as handle:
                junk = _not_a_log(handle.fileno())
                logged = _newest_page1(handle.fileno(), main.page_size if main else None)
        except FileNotFoundError:
            junk, logged = False, None
    except OSError as exc:
        raise DiaryError(f"cannot open the diary {path}: {exc.strerror}") from None
    if junk:
        # SQLite would quietly empty it; it may be someone's file put there by mistake.
        raise DiaryError(f"the diary {path} has a file {wal.name} beside it that is not a "
                         "write-ahead log; both were left untouched: move "
                         f"{wal} aside (it is not part of the diary) to use the diary")
    if (main is not None and not main.ours()) or (main is None and logged is not None
                                                  and not logged.ours()):
        raise DiaryError(schema.foreign_message(path))
    if logged is not None and not logged.ours():
        raise DiaryError(f"the diary {path} has a write-ahead log {wal.name} beside it that "
                         "belongs to some other database; both were left untouched: move "
                         f"{wal} aside (it is not part of the diary) to use the diary")
    current = logged or main
    if current is None:
        return None
    if current.version > schema.SCHEMA_VERSION:
        raise DiaryError(schema.newer_message(path, current.version))
    return current


def _page1(data: bytes, path: Path | None) -> Page1 | None:
    """The identity in a first page's first 108 bytes; None for an empty file."""
    if not data and path is not None:
        return None
    if len(data) < 108 or not data.startswith(_MAGIC):
        if path is None:  # a page inside a -wal: not a database page 1 at all
            return _NOT_OURS
        raise DiaryError(f"the diary {path} is damaged or is not a database (file is not a "
                         "database); it was left untouched: move it aside to start a new "
                         "diary, or put back a backup")
    size = int.from_bytes(data[16:18], "big")
    version, app_id = struct.unpack(">I4xI", data[60:72])
    kind, cells = data[100], int.from_bytes(data[103:105], "big")
    return Page1(app_id, version, kind == 0x05 or cells > 0, 65536 if size == 1 else size)


def _not_a_log(fd: int) -> bool:
    """True for a ``-wal`` holding bytes that do not start as a write-ahead log.

    An empty one, or one of zeros (a header never written), is SQLite's own.
    """
    header = os.pread(fd, _WAL_HEADER, 0)
    if not header.strip(b"\0"):
        return False
    return len(header) < 4 or struct.unpack(">I", header[:4])[0] not in _WAL_MAGIC


def _newest_page1(fd: int, page_size: int | None) -> Page1 | None:
    """The newest committed page 1 in a ``-wal`` (None if it holds none).

    A log for pages of another size belongs to another database; it comes
    back as a page 1 that is not crackcoach's.

    Frames count only while their salts match the header's (as SQLite reads
    them); the chosen frame's checksum is verified, so a torn write is not
    mistaken for another database.
    """
    header = os.pread(fd, _WAL_HEADER, 0)
    if len(header) < _WAL_HEADER:
        return None
    magic, _, size, _, salt1, salt2, sum1, sum2 = struct.unpack(">8I", header)
    if magic not in _WAL_MAGIC or size < 512 or size & (size - 1):
        return None  # not a valid log: SQLite ignores it, so nothing of it can be merged
    if page_size is not None and size != page_size:
        return _NOT_OURS
    order = ">" if magic & 1 else "<"
    limit = os.fstat(fd).st_size
    while True:
        found = _last_committed_page1(fd, size, (salt1, salt2), limit, (sum1, sum2))
        if found is None:
            return None
        offset, seed = found
        frame = os.pread(fd, _FRAME_HEADER + size, offset)
        if _checksum(frame[:8] + frame[_FRAME_HEADER:], seed, order) == struct.unpack(
                ">2I", frame[16:24]):
            return _page1(frame[_FRAME_HEADER:_FRAME_HEADER + 108], None)
        limit = offset  # SQLite stops reading at a bad frame; look before it


def _last_committed_page1(fd: int, size: int, salts: tuple[int, int], limit: int,
                          seed: tuple[int, int]) -> tuple[int, tuple[int, int]] | None:
    """Offset and checksum seed of the last page-1 frame in a committed transaction."""
    frame_size = _FRAME_HEADER + size
    offset, pending, committed = _WAL_HEADER, None, None
    while offset + frame_size <= limit:
        page, commit, salt1, salt2, sum1, sum2 = struct.unpack(
            ">6I", os.pread(fd, _FRAME_HEADER, offset))
        if (salt1, salt2) != salts or page == 0:
            break
        if page == 1:
            pending = (offset, seed)
        if commit and pending is not None:
            committed, pending = pending, None
        seed = (sum1, sum2)
        offset += frame_size
    return committed


def _checksum(data: bytes, seed: tuple[int, int], order: str) -> tuple[int, int]:
    """SQLite's WAL checksum (two running 32-bit sums over pairs of words)."""
    words = struct.unpack(f"{order}{len(data) // 4}I", data)
    first, second = seed
    for index in range(0, len(words), 2):
        first = (first + words[index] + second) & 0xFFFFFFFF
        second = (second + words[index + 1] + first) & 0xFFFFFFFF
    return first, second
