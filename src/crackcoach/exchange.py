"""Export the diary to CSV or JSON, and read such a file back (pure: text in, records out).

The format is documented in docs/data.md. Both formats carry every session and
diary entry, one row or object each, with the same field names. Values survive
a round trip exactly: times keep their offset and microseconds, seconds are
written with Python's shortest exact float form, lists are JSON arrays.

Reading validates every row before anything is handed to the store; any bad
row makes the whole file fail with one message per problem, each naming the
line it starts on.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal, TextIO

from crackcoach import fields
from crackcoach.errors import InputError
from crackcoach.records import (
    MOBILITY,
    OUTCOMES,
    SIDES,
    DiaryEntry,
    SessionRecord,
)

Format = Literal["csv", "json"]
FORMATS: tuple[Format, ...] = ("csv", "json")
FORMAT_NAME = "crackcoach-export"
FORMAT_VERSION = 1

SESSION_FIELDS = ("id", "routine", "started_at", "ended_at", "planned_seconds",
                  "actual_seconds", "paused_seconds", "steps_completed", "steps_skipped",
                  "outcome", "timeline")
ENTRY_FIELDS = ("id", "at", "discomfort_before", "discomfort", "stiffness", "mobility",
                "tighter_side", "cracks", "flags", "note", "session_id")
COLUMNS = ("kind", *SESSION_FIELDS,
           *(name for name in ENTRY_FIELDS if name not in SESSION_FIELDS))
SESSION_REQUIRED = ("routine", "started_at", "ended_at", "planned_seconds", "actual_seconds",
                    "outcome")
ENTRY_REQUIRED = ("at",)
MAX_PROBLEMS_SHOWN = 20


class BadImport(InputError):
    """An import file with problems; nothing from it was written."""

    def __init__(self, source: str, problems: list[str]) -> None:
        shown = problems[:MAX_PROBLEMS_SHOWN]
        more = len(problems) - len(shown)
        lines = [f"{source}: {p}" for p in shown]
        if more:
            lines.append(f"{source}: ... and {more} more problem{'s' if more > 1 else ''}")
        lines.append(f"{source}: nothing was imported")
        super().__init__("\n".join(lines))
        self.problems = problems
        self._lines = lines

    def lines(self) -> list[str]:
        """One line per problem shown, then what happened."""
        return list(self._lines)


@dataclass(frozen=True)
class Parsed:
    """The records read from an export file, with the file's own ids."""

    sessions: list[SessionRecord]
    entries: list[DiaryEntry]


# --- writing ------------------------------------------------------------------------------

def _session_row(record: SessionRecord) -> dict[str, Any]:
    return {
        "id": record.id, "routine": record.routine,
        "started_at": record.started_at.isoformat(), "ended_at": record.ended_at.isoformat(),
        "planned_seconds": float(record.planned_seconds),
        "actual_seconds": float(record.actual_seconds),
        "paused_seconds": float(record.paused_seconds),
        "steps_completed": list(record.steps_completed),
        "steps_skipped": list(record.steps_skipped), "outcome": record.outcome,
        "timeline": record.timeline,
    }


def _entry_row(entry: DiaryEntry) -> dict[str, Any]:
    return {
        "id": entry.id, "at": entry.at.isoformat(), "discomfort_before": entry.discomfort_before,
        "discomfort": entry.discomfort, "stiffness": entry.stiffness, "mobility": entry.mobility,
        "tighter_side": entry.tighter_side, "cracks": entry.cracks, "flags": list(entry.flags),
        "note": entry.note, "session_id": entry.session_id,
    }


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, float):
        return repr(value)
    return str(value)


def write_csv(sessions: Iterable[SessionRecord], entries: Iterable[DiaryEntry],
              out: TextIO) -> None:
    """Write a header and one row per session, then one per entry."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for kind, rows in (("session", map(_session_row, sessions)),
                       ("entry", map(_entry_row, entries))):
        for row in rows:
            writer.writerow([kind if c == "kind" else _csv_cell(row.get(c)) for c in COLUMNS])


def write_json(sessions: Iterable[SessionRecord], entries: Iterable[DiaryEntry],
               out: TextIO) -> None:
    """Write one JSON document; each session and entry sits on a line of its own."""
    out.write(f'{{\n  "format": "{FORMAT_NAME}",\n  "version": {FORMAT_VERSION},\n')
    for name, rows, last in (("sessions", map(_session_row, sessions), False),
                             ("entries", map(_entry_row, entries), True)):
        out.write(f'  "{name}": [')
        index = -1
        for index, row in enumerate(rows):
            out.write(("," if index else "") + "\n    " + json.dumps(row, ensure_ascii=False))
        out.write(("]" if index < 0 else "\n  ]") + ("\n" if last else ",\n"))
    out.write("}\n")


def write(fmt: Format, sessions: Iterable[SessionRecord], entries: Iterable[DiaryEntry],
          out: TextIO) -> None:
    """Write an export in ``fmt`` to ``out``."""
    (write_csv if fmt == "csv" else write_json)(sessions, entries, out)


# --- reading ------------------------------------------------------------------------------

def guess_format(name: str, text: str) -> Format:
    """The format of an import file, from its name or else its first character."""
    lower = name.lower()
    if lower.endswith(".csv"):
        return "csv"
    if lower.endswith(".json"):
        return "json"
    return "json" if text.lstrip("\ufeff \t\r\n").startswith("{") else "csv"


def parse(text: str, fmt: Format, source: str = "import") -> Parsed:
    """Validate a whole export file and return its records; raise BadImport on any problem."""
    text = text.removeprefix("\ufeff")
    rows = _csv_rows(text, source) if fmt == "csv" else _json_rows(text, source)
    return _build(rows, source)


@dataclass
class _Row:
    line: int
    kind: str
    values: dict[str, Any]
    typed: bool = False  # JSON: numbers and arrays must be real numbers and arrays


def _csv_rows(text: str, source: str) -> list[_Row]:
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader)
    except StopIteration:
        raise BadImport(source, ["the file is empty; expected a CSV header line"]) from None
    except csv.Error as exc:
        raise BadImport(source, [f"line 1: {exc}"]) from None
    _check_columns(header, source)
    rows: list[_Row] = []
    start = reader.line_num + 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raise BadImport(source, [f"line {start}: not valid CSV ({exc})"]) from None
        if cells:
            if len(cells) == len(header):
                values = dict(zip(header, cells, strict=True))
            else:
                values = {"": f"has {len(cells)} cells, the header has {len(header)}"}
            rows.append(_Row(start, values.pop("kind", ""), values))
        start = reader.line_num + 1
    return rows


def _check_columns(header: list[str], source: str) -> None:
    problems = []
    unknown = [c for c in header if c not in COLUMNS]
    if unknown:
        problems.append(f"line 1: unknown column{'s' if len(unknown) > 1 else ''} "
                        f"{', '.join(repr(c) for c in unknown)}; expected: {', '.join(COLUMNS)}")
    for required in ("kind", *SESSION_REQUIRED, *ENTRY_REQUIRED):
        if required not in header:
            problems.append(f"line 1: the column '{required}' is missing")
    if len(set(header)) != len(header):
        problems.append("line 1: a column name appears twice")
    if problems:
        raise BadImport(source, problems)


def _json_rows(text: str, source: str) -> list[_Row]:
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise BadImport(source, [f"line {exc.lineno}: not valid JSON ({exc.msg})"]) from None
    if not isinstance(document, dict) or document.get("format") != FORMAT_NAME:
        raise BadImport(source, [f"line 1: not a crackcoach export (expected an object with "
                                 f'"format": "{FORMAT_NAME}")'])
    if document.get("version") != FORMAT_VERSION:
        raise BadImport(source, [f"line 1: export version {document.get('version')!r} is not "
                                 f"supported (this crackcoach reads version {FORMAT_VERSION})"])
    unknown = sorted(set(document) - {"format", "version", "sessions", "entries"})
    if unknown:
        raise BadImport(source, [f"line 1: unknown key {unknown[0]!r}; expected format, "
                                 "version, sessions, entries"])
    lines = _element_lines(text)
    rows: list[_Row] = []
    for key, kind in (("sessions", "session"), ("entries", "entry")):
        items = document.get(key, [])
        if not isinstance(items, list):
            raise BadImport(source, [f'line 1: "{key}" must be an array'])
        for index, item in enumerate(items):
            line = lines.get(key, [])[index] if index < len(lines.get(key, [])) else 1
            if not isinstance(item, dict):
                rows.append(_Row(line, kind, {"": "is not an object"}))
            else:
                rows.append(_Row(line, kind, item, typed=True))
    return rows


def _element_lines(text: str) -> dict[str, list[int]]:
    """The line each element of the top-level arrays starts on.

    A small scanner over text already known to be valid JSON: it tracks
    nesting and skips strings (which cannot hold raw newlines).
    """
    lines: dict[str, list[int]] = {}
    stack: list[str] = []
    line, i, key, expect = 1, 0, "", False
    while i < len(text):
        char = text[i]
        if char == "\n":
            line += 1
        elif char in " \t\r":
            pass
        elif expect and stack == ["{", "["] and char != "]":
            lines[key].append(line)
            expect = False
            continue  # look at this character again as the start of the value
        elif char == '"':
            end = i + 1
            while text[end] != '"':
                end += 2 if text[end] == "\\" else 1
            if len(stack) == 1:
                key = json.loads(text[i:end + 1])
            i = end
        elif char in "{[":
            stack.append(char)
            if stack == ["{", "["]:
                lines[key] = []
                expect = True
        elif char in "}]":
            stack.pop()
        elif char == "," and stack == ["{", "["]:
            expect = True
        i += 1
    return lines


# --- validating ---------------------------------------------------------------------------

class _Problems(Exception):
    """The problems found in one row."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(problems)
        self.problems = problems


def _build(rows: list[_Row], source: str) -> Parsed:
    problems: list[str] = []
    sessions: list[SessionRecord] = []
    entries: list[DiaryEntry] = []
    entry_lines: list[int] = []
    seen: dict[tuple[str, int], int] = {}
    for row in rows:
        if "" in row.values:  # the row could not even be read as fields
            problems.append(f"line {row.line}: {row.values['']}")
            continue
        try:
            if row.typed:
                _check_json_types(row.values)
            if row.kind == "session":
                sessions.append(_session(row.values))
                record_id = sessions[-1].id
            elif row.kind == "entry":
                entries.append(_entry(row.values))
                entry_lines.append(row.line)
                record_id = entries[-1].id
            else:
                raise _Problems([f"kind: {row.kind!r} is not 'session' or 'entry'"])
        except _Problems as exc:
            problems.extend(f"line {row.line}: {p}" for p in exc.problems)
            continue
        if record_id is not None:
            if (row.kind, record_id) in seen:
                problems.append(f"line {row.line}: id: {record_id} is also used by the "
                                f"{row.kind} on line {seen[(row.kind, record_id)]}")
            seen[(row.kind, record_id)] = row.line
    # Ids of bad session rows count too, so one bad session is not reported again per entry.
    session_ids = {_loose_id(r.values.get("id")) for r in rows if r.kind == "session"}
    for entry, line in zip(entries, entry_lines, strict=True):
        if entry.session_id is not None and entry.session_id not in session_ids:
            problems.append(f"line {line}: session_id: {entry.session_id} does not match the "
                            "id of any session in this file")
    if problems:
        raise BadImport(source, problems)
    return Parsed(sessions, entries)


_NUMBERS = ("id", "planned_seconds", "actual_seconds", "paused_seconds", "discomfort_before",
            "discomfort", "stiffness", "cracks", "session_id")
_ARRAYS = ("steps_completed", "steps_skipped", "flags")


def _check_json_types(values: Mapping[str, Any]) -> None:
    problems = [f"{name}: {values[name]!r} is a text; expected a number" for name in _NUMBERS
                if isinstance(values.get(name), str)]
    problems += [f"{name}: {values[name]!r} is a text; expected an array" for name in _ARRAYS
                 if isinstance(values.get(name), str)]
    if problems:
        raise _Problems(problems)


def _loose_id(value: Any) -> int | None:
    try:
        return fields.record_id(value)
    except ValueError:
        return None


def _fields(values: Mapping[str, Any], allowed: tuple[str, ...],
            required: tuple[str, ...], kind: str) -> dict[str, Any]:
    """The row's non-empty values; complain about misplaced, unknown and missing ones."""
    problems = []
    present = {k: v for k, v in values.items() if k and v not in ("", None)}
    for name in present:
        if name not in allowed:
            where = "entries" if name in ENTRY_FIELDS else "sessions" \
                if name in SESSION_FIELDS else None
            problems.append(f"{name}: only {where} have this field; leave it empty on a {kind}"
                            if where else f"{name}: unknown field")
    problems += [f"{name}: required for a {kind}" for name in required if name not in present]
    if problems:
        raise _Problems(problems)
    return present


def _check(present: dict[str, Any], parsers: Mapping[str, Callable[[Any], Any]]
           ) -> dict[str, Any]:
    out: dict[str, Any] = {}
    problems = []
    for name, parse_value in parsers.items():
        if name not in present:
            continue
        try:
            out[name] = parse_value(present[name])
        except ValueError as exc:
            problems.append(f"{name}: {exc}")
    if problems:
        raise _Problems(problems)
    return out


def _session(values: Mapping[str, Any]) -> SessionRecord:
    present = _fields(values, SESSION_FIELDS, SESSION_REQUIRED, "session")
    got = _check(present, {
        "id": fields.record_id, "routine": fields.nonempty_text,
        "started_at": fields.moment, "ended_at": fields.moment,
        "planned_seconds": fields.seconds, "actual_seconds": fields.seconds,
        "paused_seconds": fields.seconds, "steps_completed": fields.name_list,
        "steps_skipped": fields.name_list, "outcome": fields.choice(OUTCOMES),
        "timeline": fields.json_text,
    })
    if got["ended_at"] < got["started_at"]:
        raise _Problems(["ended_at: is before started_at"])
    got.setdefault("paused_seconds", 0.0)
    return SessionRecord(**got)


def _entry(values: Mapping[str, Any]) -> DiaryEntry:
    present = _fields(values, ENTRY_FIELDS, ENTRY_REQUIRED, "entry")
    got = _check(present, {
        "id": fields.record_id, "at": fields.moment, "discomfort_before": fields.scale,
        "discomfort": fields.scale, "stiffness": fields.scale,
        "mobility": fields.choice(MOBILITY), "tighter_side": fields.choice(SIDES),
        "cracks": fields.cracks, "flags": fields.flags, "note": fields.note,
        "session_id": fields.record_id,
    })
    return DiaryEntry(**got)
