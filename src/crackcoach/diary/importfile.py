"""Reading an import file: which files are taken, how much of them, and their rows as items.

Only a regular file, or standard input given as ``-``, is read: a pipe, a
device or a folder named as the file is refused at once instead of being
waited on or read for ever, and no file may be larger than ``MAX_BYTES``.
Files are read as a stream, a line (CSV) or a record (JSON) at a time, so
memory stays small whatever their size; every row comes back as an
:class:`crackcoach.diary.exchange.Item` with the line it starts on, for
:meth:`crackcoach.store.Store.import_rows`.
"""

from __future__ import annotations

import codecs
import csv
import io
import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from crackcoach.base.jsonstream import ARRAY, JsonError, Member, NotAnObject, ObjectReader
from crackcoach.base.patterns import later
from crackcoach.base.textsafe import printable, shown
from crackcoach.base.typenames import TYPE_CHECKING, NamedTuple
from crackcoach.diary import exchange
from crackcoach.diary.exchange import COLUMNS, BadImport, Format, Item
from crackcoach.diary.records import NOTE_MAX, TIMELINE_MAX
from crackcoach.diary.sheets import GUARD, UTC_COLUMN, unguard
from crackcoach.errors import InputError

if TYPE_CHECKING:
    from typing import Any, BinaryIO, TextIO

MAX_BYTES = 4 * 1024**3  # far beyond a lifetime's diary, short of "for ever"
# One CSV line or JSON record: the longest timeline with room for every other field.
MAX_RECORD_CHARS = TIMELINE_MAX + 16 * NOTE_MAX
_BAD_BYTE = later("[\udc80-\udcff]")  # where undecodable bytes land (surrogateescape)
_KINDS = {"activities": "activity", "sessions": "session", "entries": "entry",
          "changes": "change", "clearances": "clearance"}
_NOT_EXPORT = ('not a crackcoach export (expected an object with "format": '
               f'"{exchange.FORMAT_NAME}")')


class Source(NamedTuple):
    """An import file opened for reading."""

    name: str  # how messages name it
    text: TextIO
    format: Format


def _kind_of(mode: int) -> str | None:
    """What a non-regular file is, for a message; None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a folder"
    return "a named pipe" if stat.S_ISFIFO(mode) else "a device or socket"


@contextmanager
def open_source(file: str | os.PathLike[str], stdin: BinaryIO | None,
                fmt: Format | None = None) -> Iterator[Source]:
    """Open an import file (``-`` is ``stdin``) and find its format.

    InputError, in one line, for a missing or unreadable file, anything that
    is not a regular file, or one over MAX_BYTES. ``fmt`` overrides the
    format, which is otherwise taken from the name, then the first character.
    """

    given = os.fspath(file)
    if given == "-":
        if stdin is None:
            raise InputError("standard input is closed; give a file written by "
                             "'crackcoach export', or pipe one in")
        name, raw, owned = "standard input", stdin, False
    else:
        name = printable(given, single_line=True)
        raw, owned = _open_regular(Path(given), name), True
    binary = io.BufferedReader(_Limited(raw, name, owned), buffer_size=1 << 16)
    try:
        head = binary.peek(1 << 16)
        _check_head(head, name)  # a binary file: say so, not that its "header" is wrong
        found = fmt or exchange.guess_format("" if given == "-" else given,
                                             head[:64].decode("utf-8", "replace"))
    except BaseException:
        binary.close()
        raise
    text = io.TextIOWrapper(binary, encoding="utf-8-sig", errors="surrogateescape",
                            newline="")
    try:
        yield Source(name, text, found)
    finally:
        text.close()


def _open_regular(path: Path, name: str) -> BinaryIO:
    try:
        kind = _kind_of(os.stat(path).st_mode)
        if kind is None:
            # Non-blocking: a pipe put in place meanwhile must not make the open wait.
            handle = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
            info = os.fstat(handle)
            kind = _kind_of(info.st_mode)
            if kind is None and info.st_size <= MAX_BYTES:
                os.set_blocking(handle, True)
                return os.fdopen(handle, "rb", buffering=0)
            os.close(handle)
    except FileNotFoundError:
        raise InputError(f"{name}: no such file") from None
    except OSError as exc:
        raise InputError(f"{name}: cannot read it ({exc.strerror})") from None
    if kind is not None:
        raise InputError(f"{name}: is {kind}, not a regular file; give a file written by "
                         "'crackcoach export', or - to read standard input")
    raise InputError(_too_big(name))


def _too_big(name: str) -> str:
    return (f"{name}: is larger than {MAX_BYTES:,} bytes, the most an import file may hold; "
            "expected a file written by 'crackcoach export'")


class _Limited(io.RawIOBase):
    """A binary stream that refuses to read past MAX_BYTES (standard input has no size)."""

    def __init__(self, inner: BinaryIO, name: str, owned: bool) -> None:
        super().__init__()
        self._inner, self._name, self._owned, self._count = inner, name, owned, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        count = self._inner.readinto(buffer)  # type: ignore[attr-defined]
        self._count += count or 0
        if self._count > MAX_BYTES:
            raise InputError(_too_big(self._name))
        return int(count or 0)

    def close(self) -> None:
        if self._owned and not self.closed:
            self._inner.close()
        super().close()


def _check_head(head: bytes, name: str) -> None:
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError as exc:
        raise _not_utf8(name, head.count(b"\n", 0, exc.start) + 1) from None


def _not_utf8(name: str, line: int) -> InputError:
    return InputError(f"{name}: line {line}: not UTF-8 text; expected a file written by "
                      "'crackcoach export'")


def read(source: Source) -> Iterator[Item]:
    """Every row of the file as an item, in order; BadImport for a file that is not an export."""
    return _csv_items(source) if source.format == "csv" else _json_items(source)


# --- CSV ----------------------------------------------------------------------------------

def _lines(source: Source) -> Iterator[str]:
    number = 0
    while line := source.text.readline(MAX_RECORD_CHARS + 1):
        number += 1
        if len(line) > MAX_RECORD_CHARS:
            raise BadImport(source.name, [f"line {number}: longer than "
                                          f"{MAX_RECORD_CHARS:,} characters"])
        if not line.isascii() and _BAD_BYTE.search(line):
            raise _not_utf8(source.name, number)
        yield line


def _csv_items(source: Source) -> Iterator[Item]:
    reader = csv.reader(_lines(source), strict=True)
    previous_limit = csv.field_size_limit(TIMELINE_MAX + 1)
    try:
        try:
            header = next(reader)
        except StopIteration:
            raise BadImport(source.name, ["the file is empty; expected a CSV header line"]
                            ) from None
        except csv.Error as exc:
            raise BadImport(source.name, [f"line 1: {exc}"]) from None
        _check_columns(header, source.name)
        # The UTC column is derived from a record's own time: not read back.
        utc_at = header.index(UTC_COLUMN) if UTC_COLUMN in header else None
        width = len(header)
        if utc_at is not None:
            header = header[:utc_at] + header[utc_at + 1:]
        kind_at = header.index("kind")
        start = reader.line_num + 1
        while True:
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                detail = (f"a cell is longer than {TIMELINE_MAX:,} characters"
                          if "field limit" in str(exc) else f"not valid CSV ({exc})")
                raise BadImport(source.name, [f"line {start}: {detail}"]) from None
            if utc_at is not None and len(cells) == len(header) + 1:
                del cells[utc_at]
            if len(cells) == len(header):
                # The guard a CSV export puts before formula-like text comes off again.
                cells = [unguard(cell) if cell[:1] == GUARD else cell for cell in cells]
                yield exchange.item(start, cells[kind_at], zip(header, cells, strict=True),
                                    typed=False)
            elif cells:
                yield Item(start, None, (f"line {start}: has {len(cells)} cells, the header "
                                         f"has {width}",))
            start = reader.line_num + 1
    finally:
        csv.field_size_limit(previous_limit)


def _check_columns(header: list[str], source: str) -> None:
    problems = []
    unknown = [c for c in header if c not in COLUMNS and c != UTC_COLUMN]
    if unknown:
        problems.append(f"line 1: unknown column{'s' if len(unknown) > 1 else ''} "
                        f"{', '.join(shown(c) for c in unknown)}; expected: "
                        f"{', '.join(COLUMNS)}")
    # A table of one record type (export --table) needs only that type's columns.
    kinds = [needed for needed in (exchange.SESSION_REQUIRED, exchange.ENTRY_REQUIRED)
             if all(column in header for column in needed)]
    wanted = ("kind", *(kinds[0] if kinds else (*exchange.SESSION_REQUIRED,
                                                 *exchange.ENTRY_REQUIRED)))
    for required in wanted:
        if required not in header:
            problems.append(f"line 1: the column '{required}' is missing")
    if len(set(header)) != len(header):
        problems.append("line 1: a column name appears twice")
    if problems:
        raise BadImport(source, problems)


# --- JSON ---------------------------------------------------------------------------------

def _json_items(source: Source) -> Iterator[Item]:
    def check(piece: str, line: int) -> None:
        found = None if piece.isascii() else _BAD_BYTE.search(piece)
        if found:
            raise _not_utf8(source.name, line + piece.count("\n", 0, found.start()))

    seen: set[str] = set()
    try:
        for member in ObjectReader(source.text.read, MAX_RECORD_CHARS, check).members():
            if not member.element:
                _check_member(member, seen, source.name)
            elif isinstance(member.value, dict):
                yield exchange.item(member.line, _KINDS[member.key], member.value.items(),
                                    typed=True)
            else:
                yield Item(member.line, None, (f"line {member.line}: is not an object",))
    except NotAnObject:
        raise BadImport(source.name, [f"line 1: {_NOT_EXPORT}"]) from None
    except JsonError as exc:
        raise BadImport(source.name, [f"line {exc.line}: not valid JSON ({exc.message})"]
                        ) from None
    if "format" not in seen:
        raise BadImport(source.name, [f"line 1: {_NOT_EXPORT}"])
    if "version" not in seen:
        raise BadImport(source.name, ["line 1: the export version is missing (this "
                                      "crackcoach reads versions 1 to "
                                      f"{exchange.FORMAT_VERSION})"])


def _check_member(member: Member, seen: set[str], source: str) -> None:
    """A top-level member: known, once, and of the right kind; BadImport otherwise."""
    key, line, value = member.key, member.line, member.value
    if key in seen:
        raise BadImport(source, [f'line {line}: "{key}" appears twice'])
    seen.add(key)
    if key == "format" and value != exchange.FORMAT_NAME:
        raise BadImport(source, [f"line {line}: {_NOT_EXPORT}"])
    if key == "version" and (type(value) is not int
                             or value not in exchange.READABLE_VERSIONS):
        found = "an array" if value is ARRAY else shown(value)
        raise BadImport(source, [f"line {line}: export version {found} is not supported "
                                 f"(this crackcoach reads versions 1 to "
                                 f"{exchange.FORMAT_VERSION})"])
    if key in _KINDS and value is not ARRAY:
        raise BadImport(source, [f'line {line}: "{key}" must be an array'])
    if key not in ("format", "version", *_KINDS):
        raise BadImport(source, [f"line {line}: unknown key {shown(key)}; expected "
                                 "format, version, activities, sessions, entries, changes, "
                                 "clearances"])
