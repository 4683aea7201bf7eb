"""Exports for a spreadsheet: one table per record type, and cells a spreadsheet cannot run.

``crackcoach export --table sessions`` (or ``entries``) writes one kind of record
per file, with the columns of the CSV export. Each table keeps the ``kind``
column, so it still imports. Every CSV export puts a ``'`` before any text cell
that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return, which a
spreadsheet would otherwise take for a formula, and ``import`` takes it off
again (:func:`unguard`), so the round trip is exact; ``--raw-cells`` writes the
cells as they are (see docs/data.md).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Sequence
from datetime import datetime, timezone

from crackcoach.base.typenames import TYPE_CHECKING
from crackcoach.diary.records import DiaryEntry, SessionRecord
from crackcoach.diary.shapes import ENTRY_FIELDS, SESSION_FIELDS, entry_dict, session_dict

if TYPE_CHECKING:
    from typing import Any, Literal, TextIO, TypeAlias

Table: TypeAlias = "Literal['sessions', 'entries']"
TABLES: tuple[Table, ...] = ("sessions", "entries")
UTC_COLUMN = "utc"  # the record's time in UTC, for sorting and parsing; import ignores it
SESSION_TABLE = ("kind", *(name for name in SESSION_FIELDS if name != "timeline"), UTC_COLUMN)
ENTRY_TABLE = ("kind", *ENTRY_FIELDS, UTC_COLUMN)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
GUARD = "'"
# A ' is added before these (a ' already there gets one more, so it comes back as it was).
_GUARDED = (*FORMULA_STARTS, GUARD)
_ENCODE = json.JSONEncoder(ensure_ascii=False).encode


def safe_cell(value: Any) -> Any:
    """A text cell a spreadsheet shows as text: a ' in front of a formula's first character
    (and in front of a ' that comes before one, so :func:`unguard` gives the text back)."""
    if isinstance(value, str) and (value.startswith(FORMULA_STARTS) or (
            value.startswith(GUARD) and value[1:].startswith(_GUARDED))):
        return GUARD + value
    return value


def unguard(cell: str) -> str:
    """A cell as it was before :func:`safe_cell`: the ' it added taken off."""
    if cell.startswith(GUARD) and cell[1:].startswith(_GUARDED):
        return cell[1:]
    return cell


def utc_text(moment: datetime) -> str:
    """A time in UTC as spreadsheets and pandas read it without help: 2024-05-01 06:30:00."""
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M:%S")


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
                *, safe_cells: bool = True) -> int:
    """Write one record type as a CSV table; how many rows it has."""
    columns: Sequence[str] = SESSION_TABLE if table == "sessions" else ENTRY_TABLE
    kind = "session" if table == "sessions" else "entry"
    writer = csv.writer(LineFeeds(out), lineterminator="\r\n")
    writer.writerow(columns)
    count = 0
    for record in records:
        if isinstance(record, SessionRecord):
            shape, moment = session_dict(record), record.started_at
        else:
            shape, moment = entry_dict(record), record.at
        cells = [kind, *(_cell(shape[name]) for name in columns[1:-1]), utc_text(moment)]
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
