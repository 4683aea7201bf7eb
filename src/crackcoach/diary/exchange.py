"""The export format: writing records as CSV or JSON, and checking rows read back.

The format is documented in docs/data.md. Both formats carry every session and
diary entry, one row or object each, with the same field names. Values survive
a round trip exactly: times keep their offset and microseconds, seconds are
written with Python's shortest exact float form, lists are JSON arrays.

Writing takes iterables and streams, so an export of any size uses little
memory. Reading files is :mod:`crackcoach.diary.importfile`; this module turns one
row's fields into a record, or into problems that each name the row's line.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable, Iterator

from crackcoach.base.textsafe import shown
from crackcoach.base.typenames import TYPE_CHECKING, NamedTuple
from crackcoach.diary import values
from crackcoach.diary.activities import Activity, check_name, ratings_field
from crackcoach.diary.records import (
    MOBILITY,
    OUTCOMES,
    SIDES,
    Clearance,
    DiaryChange,
    DiaryEntry,
    SessionRecord,
)
from crackcoach.diary.shapes import (
    ACTIVITY_FIELDS,
    ENTRY_FIELDS,
    SESSION_FIELDS,
    activity_dict,
    session_dict,
    timeline_array,
)
from crackcoach.diary.sheets import UTC_COLUMN, LineFeeds, safe_cell, utc_text
from crackcoach.errors import InputError

if TYPE_CHECKING:
    from typing import Any, Literal, TextIO, TypeAlias

Format: TypeAlias = "Literal['csv', 'json']"
FORMATS: tuple[Format, ...] = ("csv", "json")
FORMAT_NAME = "crackcoach-export"
# 2 added "changes" (edits and deletions) to the JSON export; 3 added "clearances",
# "activities" and each entry's activity ratings, and writes a session's timeline as
# a JSON array instead of text holding one.
FORMAT_VERSION = 3
READABLE_VERSIONS = (1, 2, 3)
CHANGE_FIELDS = ("id", "at", "action", "kind", "record_id", "old", "new", "undone_at")
CLEARANCE_FIELDS = ("id", "at", "recorded_at", "undone_at")

_ENTRY_ONLY = tuple(name for name in ENTRY_FIELDS if name not in SESSION_FIELDS)
COLUMNS = ("kind", *SESSION_FIELDS, *_ENTRY_ONLY)  # every column a CSV file may have
# The CSV export is for spreadsheets: no timeline (the JSON backup keeps it), and the
# record's time in UTC last, which import ignores.
CSV_COLUMNS = ("kind", *(name for name in SESSION_FIELDS if name != "timeline"), *_ENTRY_ONLY,
               UTC_COLUMN)
SESSION_REQUIRED = ("routine", "started_at", "ended_at", "planned_seconds", "actual_seconds",
                    "outcome")
ENTRY_REQUIRED = ("at",)
MAX_PROBLEMS_SHOWN = 20
_ENCODE = json.JSONEncoder(ensure_ascii=False).encode  # one encoder, not one per row


class BadImport(InputError):
    """An import file with problems; nothing from it was written."""

    def __init__(self, source: str, problems: list[str], more: int = 0, *,
                 named: bool = False) -> None:
        """``problems`` in line order; ``more`` counts further ones not listed.

        ``named``: each problem names its file already (an import of several files).
        """
        shown = problems[:MAX_PROBLEMS_SHOWN]
        more += len(problems) - len(shown)
        lines = [p if named else f"{source}: {p}" for p in shown]
        if more:
            lines.append(f"{source}: ... and {more:,} more problem{'s' if more > 1 else ''}")
        lines.append(f"{source}: nothing was imported")
        super().__init__("\n".join(lines))
        self.problems = shown
        self.more = more
        self.named = named
        self._lines = lines

    def lines(self) -> list[str]:
        """One line per problem shown, then what happened."""
        return list(self._lines)


class Item(NamedTuple):
    """One row of an import file, read and checked.

    ``record`` is None when the row has ``problems`` (each starts with
    "line N: "). ``session_id`` is the id a session row gives itself in the
    file, kept even when the row is bad, so that the entries referring to it
    are not reported as well. ``checked`` says the record passed the same
    checks the store makes (so it need not make them twice).
    """

    line: int
    record: SessionRecord | DiaryEntry | DiaryChange | Clearance | Activity | None
    problems: tuple[str, ...] = ()
    session_id: int | None = None
    checked: bool = False


# --- writing ------------------------------------------------------------------------------

_QUOTE = json.encoder.encode_basestring  # how _ENCODE quotes a text (in C where it can)


def _text(value: str | None) -> str:
    return "null" if value is None else _QUOTE(value)


def _entry_json(e: DiaryEntry) -> str:
    """An entry as the JSON export writes it: exactly ``_ENCODE(shapes.entry_dict(e))``.

    Built directly, as it is the hottest line of a JSON export. A time needs
    no quoting.
    """
    # Numbers inline rather than through a helper: a call fewer each, per entry.
    i, d, b, s, c, sid = (e.id, e.discomfort, e.discomfort_before, e.stiffness, e.cracks,
                          e.session_id)
    return (f'{{"id": {"null" if i is None else i}, "at": "{e.at.isoformat()}", '
            f'"discomfort_before": {"null" if b is None else b}, '
            f'"discomfort": {"null" if d is None else d}, '
            f'"stiffness": {"null" if s is None else s}, "mobility": {_text(e.mobility)}, '
            f'"tighter_side": {_text(e.tighter_side)}, "cracks": {"null" if c is None else c}, '
            f'"flags": {_ENCODE(list(e.flags)) if e.flags else "[]"}, '
            f'"note": {_text(e.note)}, "session_id": {"null" if sid is None else sid}, '
            f'"activities": {_ratings(e.activities)}, "uid": {_text(e.uid)}}}')


def _ratings(ratings: tuple[tuple[int, int], ...]) -> str:
    if not ratings:
        return "{}"
    return "{" + ", ".join(f'"{a}": {score}' for a, score in ratings) + "}"


def _names(values: tuple[str, ...]) -> str:
    return _ENCODE(list(values)) if values else "[]"


class Counts(NamedTuple):
    """How many records an export wrote."""

    sessions: int
    entries: int


class _SafeCells:
    """A csv writer that makes every row's text cells safe for a spreadsheet first."""

    def __init__(self, writer: Any) -> None:
        self._writer = writer

    def writerow(self, row: list[Any]) -> Any:
        return self._writer.writerow([safe_cell(cell) for cell in row])


def write_csv(sessions: Iterable[SessionRecord], entries: Iterable[DiaryEntry],
              out: TextIO, *, safe_cells: bool = True) -> Counts:
    """Write a header and one row per session, then one per entry (CSV_COLUMNS).

    ``safe_cells``: see :func:`crackcoach.diary.sheets.safe_cell` (off: the cells as they are).
    """
    writer: Any = csv.writer(LineFeeds(out), lineterminator="\r\n")
    if safe_cells:
        writer = _SafeCells(writer)
    writer.writerow(CSV_COLUMNS)
    session_tail = [""] * len(_ENTRY_ONLY)
    entry_head = [""] * (len(SESSION_FIELDS) - 3)  # all but id, timeline and the shared uid
    counts = [0, 0]
    # Cells in COLUMNS order. The csv module writes None as an empty cell and numbers
    # with str(), which for a float is its shortest exact form, as the format wants.
    for s in sessions:
        writer.writerow(["session", s.id, s.routine, s.started_at.isoformat(),
                         s.ended_at.isoformat(), float(s.planned_seconds),
                         float(s.actual_seconds), float(s.paused_seconds),
                         _names(s.steps_completed), _names(s.steps_skipped), s.outcome,
                         s.stopped_step, "true" if s.recorded_afterwards else "",
                         s.uid, *session_tail, utc_text(s.started_at)])
        counts[0] += 1
    for e in entries:
        writer.writerow(["entry", e.id, *entry_head, e.uid, e.at.isoformat(), e.discomfort_before,
                         e.discomfort, e.stiffness, e.mobility, e.tighter_side, e.cracks,
                         _ENCODE(list(e.flags)) if e.flags else "[]", e.note, e.session_id,
                         _ratings(e.activities).replace(" ", "") if e.activities else None,
                         utc_text(e.at)])
        counts[1] += 1
    return Counts(*counts)


def change_object(change: DiaryChange) -> dict[str, Any]:
    """An edit or deletion as the JSON export writes it (keys in CHANGE_FIELDS order)."""
    return {"id": change.id, "at": change.at.isoformat(), "action": change.action,
            "kind": change.kind, "record_id": change.record_id,
            "old": _shown_version(change.old),
            "new": None if change.new is None else _shown_version(change.new),
            "undone_at": None if change.undone_at is None else change.undone_at.isoformat()}


def clearance_object(clearance: Clearance) -> dict[str, Any]:
    """A ``crackcoach cleared`` as the JSON export writes it (keys in CLEARANCE_FIELDS order)."""
    return {"id": clearance.id, "at": clearance.at.isoformat(),
            "recorded_at": clearance.recorded.isoformat(),
            "undone_at": None if clearance.undone is None else clearance.undone.isoformat()}


def _shown_version(text: str) -> Any:
    """A kept version of a record in its output shape: a session's timeline as an array."""
    record = json.loads(text)
    if isinstance(record, dict) and isinstance(record.get("timeline"), str):
        record["timeline"] = timeline_array(record["timeline"])
    return record


def _kept_version(record: dict[str, Any]) -> str:
    """A version of a record read from an export, as the record of changes keeps it."""
    if isinstance(record.get("timeline"), list):
        record = {**record, "timeline": values.timeline(record["timeline"])}
    return _COMPACT(record)


def write_json(sessions: Iterable[SessionRecord], entries: Iterable[DiaryEntry],
               out: TextIO, changes: Iterable[DiaryChange] = (),
               clearances: Iterable[Clearance] = (),
               activities: Iterable[Activity] = ()) -> Counts:
    """Write one JSON document; each record, change and clearance on a line of its own."""
    out.write(f'{{\n  "format": "{FORMAT_NAME}",\n  "version": {FORMAT_VERSION},\n')
    counts = Counts(_json_array(out, "sessions", map(_ENCODE, map(session_dict, sessions))),
                    _json_array(out, "entries", map(_entry_json, entries)))
    _json_array(out, "activities", map(_ENCODE, map(activity_dict, activities)))
    _json_array(out, "changes", map(_ENCODE, map(change_object, changes)))
    _json_array(out, "clearances", map(_ENCODE, map(clearance_object, clearances)))
    out.write("}\n")
    return counts


def _json_array(out: TextIO, name: str, elements: Iterator[str]) -> int:
    """One member of the export object, an element a line; how many elements it has."""
    out.write(f'  "{name}": [')
    count = 0
    for element in elements:
        out.write(("," if count else "") + "\n    " + element)
        count += 1
    out.write(("\n  ]" if count else "]") + ("\n" if name == "clearances" else ",\n"))
    return count


def write(fmt: Format, sessions: Iterable[SessionRecord], entries: Iterable[DiaryEntry],
          out: TextIO, changes: Iterable[DiaryChange] = (), *, safe_cells: bool = True,
          clearances: Iterable[Clearance] = (),
          activities: Iterable[Activity] = ()) -> Counts:
    """Write an export in ``fmt`` to ``out``; how many sessions and entries it holds.

    Only JSON carries the changes (the old versions kept by edit and delete) and
    the clearances (``crackcoach cleared``).
    """
    if fmt == "csv":
        return write_csv(sessions, entries, out, safe_cells=safe_cells)
    return write_json(sessions, entries, out, changes, clearances, activities)


# --- checking rows read back ----------------------------------------------------------------

def guess_format(name: str, text: str) -> Format:
    """The format of an import file, from its name or else its first character."""
    lower = name.lower()
    if lower.endswith(".csv"):
        return "csv"
    if lower.endswith(".json"):
        return "json"
    return "json" if text.lstrip("\ufeff \t\r\n").startswith("{") else "csv"


_SESSION_READERS: dict[str, Callable[[Any], Any]] = {
    "id": values.record_id, "routine": values.nonempty_text,
    "started_at": values.field_moment, "ended_at": values.field_moment,
    "planned_seconds": values.field_seconds, "actual_seconds": values.field_seconds,
    "paused_seconds": values.field_seconds, "steps_completed": values.name_list,
    "steps_skipped": values.name_list, "outcome": values.choice(OUTCOMES),
    "timeline": values.timeline, "stopped_step": values.nonempty_text,
    "recorded_afterwards": values.boolean, "uid": values.uid,
}
_ENTRY_READERS: dict[str, Callable[[Any], Any]] = {
    "id": values.record_id, "at": values.field_moment, "discomfort_before": values.field_scale,
    "discomfort": values.field_scale, "stiffness": values.field_scale,
    "mobility": values.choice(MOBILITY), "tighter_side": values.choice(SIDES),
    "cracks": values.field_cracks, "flags": values.flags, "note": values.field_note,
    "session_id": values.record_id, "activities": ratings_field, "uid": values.uid,
}
_NUMBERS = frozenset(("id", "planned_seconds", "actual_seconds", "paused_seconds",
                      "discomfort_before", "discomfort", "stiffness", "cracks", "session_id"))
_ARRAYS = frozenset(("steps_completed", "steps_skipped", "flags"))
_BOOLEANS = frozenset(("recorded_afterwards",))
_OBJECTS = frozenset(("activities",))
_EXPECTED_TYPE = {**dict.fromkeys(_NUMBERS, "a number"),
                  **dict.fromkeys(_BOOLEANS, "true or false"),
                  **dict.fromkeys(_OBJECTS, "an object")}


def item(line: int, kind: Any, pairs: Iterable[tuple[str, Any]], *, typed: bool) -> Item:
    """Check one row's ``(field, value)`` pairs and make its record or its problems.

    ``typed`` is for JSON, where numbers and arrays must be real numbers and
    arrays, not text. Empty values (``""``, ``null``) count as not given.
    """
    required: tuple[str, ...]
    if kind == "change":
        return change_item(line, pairs)
    if kind == "clearance":
        return clearance_item(line, pairs)
    if kind == "activity":
        return activity_item(line, pairs)
    if kind == "session":
        readers, required = _SESSION_READERS, SESSION_REQUIRED
    elif kind == "entry":
        readers, required = _ENTRY_READERS, ENTRY_REQUIRED
    else:
        return Item(line, None, (f"line {line}: kind: {shown(kind)} is not 'session' or "
                                 "'entry'",))
    got: dict[str, Any] = {}
    misplaced: list[str] = []
    problems: list[str] = []
    for name, value in pairs:
        if value == "" or value is None:
            continue
        read = readers.get(name)
        if read is None:
            if name != "kind" or typed:  # a CSV row's kind column has been read already
                misplaced.append(_misplaced(name, kind))
            continue
        try:
            if typed and type(value) is str and (name in _NUMBERS or name in _ARRAYS
                                                 or name in _BOOLEANS or name in _OBJECTS):
                raise ValueError(f"{shown(value)} is a text; expected "
                                 f"{_EXPECTED_TYPE.get(name, 'an array')}")
            got[name] = read(value)
        except ValueError as exc:
            got[name] = None  # given, though wrong
            problems.append(f"{name}: {exc}")
    missing = [f"{name}: required for a {kind}" for name in required if name not in got]
    problems = misplaced + missing + problems
    session_id = got.get("id") if kind == "session" else None
    if not problems and kind == "session" and got["ended_at"] < got["started_at"]:
        problems.append("ended_at: is before started_at")
    if problems:
        return Item(line, None, tuple(f"line {line}: {p}" for p in problems), session_id)
    if kind == "entry":
        return Item(line, DiaryEntry(**got), (), None, True)
    got.setdefault("steps_completed", ())
    got.setdefault("steps_skipped", ())
    got.setdefault("paused_seconds", 0.0)
    return Item(line, SessionRecord(**got), (), session_id, True)


_COMPACT = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
_ACTIONS, _KINDS = ("edit", "delete"), ("session", "entry")


def change_item(line: int, pairs: Iterable[tuple[str, Any]]) -> Item:
    """Check one element of a JSON export's "changes" and make its DiaryChange or problems.

    ``old`` and ``new`` must be records that would import (the same checks), so
    what undo puts back is always a record the diary can hold.
    """
    got = dict(pairs)
    problems = [f"{name}: unknown field" for name in got if name not in CHANGE_FIELDS]
    read: dict[str, Any] = {}
    for name, reader in (("at", values.field_moment), ("action", values.choice(_ACTIONS)),
                         ("kind", values.choice(_KINDS)), ("record_id", values.record_id)):
        try:
            read[name] = reader(got.get(name))
        except ValueError as exc:
            problems.append(f"{name}: {exc}")
    try:
        undone = got.get("undone_at")
        read["undone_at"] = None if undone is None else values.field_moment(undone)
    except ValueError as exc:
        problems.append(f"undone_at: {exc}")
    kind = read.get("kind")
    for name in ("old", "new"):
        value = got.get(name)
        if value is None and name == "new" and read.get("action") == "delete":
            continue
        if not isinstance(value, dict):
            problems.append(f"{name}: expected the record as an object")
        elif kind is not None:
            problems += [f"{name}: {p.split(': ', 1)[1]}"
                         for p in item(line, kind, value.items(), typed=True).problems]
    if read.get("action") == "delete" and got.get("new") is not None:
        problems.append("new: a deletion has no new version (null)")
    if problems:
        return Item(line, None, tuple(f"line {line}: {p}" for p in problems))
    new = got.get("new")
    return Item(line, DiaryChange(None, read["at"], read["action"], read["kind"],
                                  read["record_id"], _kept_version(got["old"]),
                                  None if new is None else _kept_version(new),
                                  read["undone_at"]),
                (), None, True)


def clearance_item(line: int, pairs: Iterable[tuple[str, Any]]) -> Item:
    """Check one element of a JSON export's "clearances" and make its Clearance or problems."""
    got = dict(pairs)
    problems = [f"{name}: unknown field" for name in got if name not in CLEARANCE_FIELDS]
    read: dict[str, Any] = {}
    for name in ("at", "recorded_at", "undone_at"):
        value = got.get(name)
        if value is None and name == "undone_at":
            read[name] = None
            continue
        try:
            read[name] = values.field_moment(value)
        except ValueError as exc:
            problems.append(f"{name}: {exc}")
    if problems:
        return Item(line, None, tuple(f"line {line}: {p}" for p in problems))
    return Item(line, Clearance(None, read["at"], read["recorded_at"], read["undone_at"]),
                (), None, True)


def activity_item(line: int, pairs: Iterable[tuple[str, Any]]) -> Item:
    """Check one element of a JSON export's "activities" and make its Activity or problems."""
    got = dict(pairs)
    problems = [f"{name}: unknown field" for name in got if name not in ACTIVITY_FIELDS]
    read: dict[str, Any] = {}
    for name, reader in (("id", values.record_id), ("name", check_name),
                         ("added_at", values.field_moment), ("removed_at", values.field_moment)):
        value = got.get(name)
        if value is None and name == "removed_at":
            read[name] = None
            continue
        try:
            read[name] = reader(value)
        except ValueError as exc:
            problems.append(f"{name}: {exc}")
    if problems:
        return Item(line, None, tuple(f"line {line}: {p}" for p in problems))
    return Item(line, Activity(read["id"], read["name"], read["added_at"], read["removed_at"]),
                (), None, True)


def _misplaced(name: str, kind: str) -> str:
    where = "entries" if name in ENTRY_FIELDS else "sessions" if name in SESSION_FIELDS \
        else None
    if where:
        return f"{name}: only {where} have this field; leave it empty on a {kind}"
    return f"{shown(name)[1:-1]}: unknown field"


def items_of(sessions: Iterable[SessionRecord], entries: Iterable[DiaryEntry]
             ) -> Iterator[Item]:
    """Records in hand as import items (numbered like lines, sessions first)."""
    line = 0
    for session in sessions:
        line += 1
        yield Item(line, session, (), session.id)
    for entry in entries:
        line += 1
        yield Item(line, entry)
