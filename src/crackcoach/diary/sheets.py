"""Exports for a spreadsheet: one table per record type, and cells a spreadsheet cannot run.

``crackcoach export --table sessions`` (or ``entries``) writes one kind of record
per file, with the columns of the backup less the session's timeline (a JSON
snapshot that is only useful in the JSON export). Each table keeps the ``kind``
column, so it still imports. ``--safe-cells`` puts a ``'`` before any text cell
that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return, which a
spreadsheet would otherwise take for a formula (see docs/data.md).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Sequence
from typing import Any, Literal, TextIO

from crackcoach.diary.records import DiaryEntry, SessionRecord
from crackcoach.diary.shapes import ENTRY_FIELDS, SESSION_FIELDS, entry_dict, session_dict

Table = Literal["sessions", "entries"]
TABLES: tuple[Table, ...] = ("sessions", "entries")
SESSION_TABLE = ("kind", *(name for name in SESSION_FIELDS if name != "timeline"))
ENTRY_TABLE = ("kind", *ENTRY_FIELDS)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_ENCODE = json.JSONEncoder(ensure_ascii=False).encode


def safe_cell(value: Any) -> Any:
    """A text cell a spreadsheet shows as text: a ' in front of a formula's first character."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _cell(value: Any) -> Any:
    """A value as the CSV export writes it: lists as JSON, true or empty for a flag."""
    if isinstance(value, list):
        return _ENCODE(value) if value else "[]"
    if isinstance(value, dict):  # an entry's activity ratings
        return _ENCODE(value).replace(" ", "") if value else None
    if isinstance(value, bool):
        return "true" if value else ""
    return value


def write_table(table: Table, records: Iterable[SessionRecord | DiaryEntry], out: TextIO,
                *, safe_cells: bool = False) -> int:
    """Write one record type as a CSV table; how many rows it has."""
    columns: Sequence[str] = SESSION_TABLE if table == "sessions" else ENTRY_TABLE
    kind = "session" if table == "sessions" else "entry"
    writer = csv.writer(LineFeeds(out), lineterminator="\r\n")
    writer.writerow(columns)
    count = 0
    for record in records:
        shape = (session_dict(record) if isinstance(record, SessionRecord)
                 else entry_dict(record))
        cells = [kind, *(_cell(shape[name]) for name in columns[1:])]
        writer.writerow([safe_cell(c) for c in cells] if safe_cells else cells)
        count += 1
    return count


class LineFeeds:
    """Ends each row csv.writer writes with LF instead of CRLF.

    With CRLF as its terminator the writer quotes a field holding a lone CR,
    which with LF alone it leaves bare, and the row would break in two on
    reading (a note with a carriage return in it).
    """

    def __init__(self, out: TextIO) -> None:
        self._out = out

    def write(self, row: str) -> int:
        return self._out.write(row[:-2] + "\n")
