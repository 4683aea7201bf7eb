"""The diary's side of syncing: its changes as ops, and ops from other machines applied.

Every record has a globally unique ``uid`` (schema 4). What this machine did
is found in the diary itself, so nothing extra is written by ``log`` or
``edit``: a record no op names yet is sent as an "add" (as it was first
written: an edit keeps the version before it), each row of ``changes`` as an
"edit" or "delete", and each undone change as an "undo" of it. Every op sent
or received is kept in ``sync_ops``; a record that any new op names is then
worked out again from all of its ops by the merge rule
(:mod:`crackcoach.diary.merge`) and written to its table, so the same ops
always give the same diary. Short ids (``s3``, ``e12``) stay this machine's own.

Adding a record kind is one entry in :data:`KINDS`: its table, how a row
becomes the body an op carries and back, and which other kind its link names
(see docs/sync.md).
"""

from __future__ import annotations

import itertools
import json
import sqlite3
from collections.abc import Callable, Iterable

from crackcoach.base.typenames import TYPE_CHECKING, NamedTuple
from crackcoach.diary import exchange, merge, values
from crackcoach.diary.records import DiaryEntry, SessionRecord
from crackcoach.diary.shapes import record_dict
from crackcoach.diary.syncfolder import Op
from crackcoach.errors import DiaryError, InputError
from crackcoach.store import rows, schema

if TYPE_CHECKING:
    from typing import Any

_ENCODE = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
_OP_COLUMNS = "op, machine, at_utc, action, kind, record, body, target, link"
Links = dict[int, str]  # local id -> uid of the records a link may name


class Kind(NamedTuple):
    """How one kind of record travels: everything the sync needs to know about it."""

    table: str
    select: str  # the columns read_row takes, ending with uid
    read_row: Callable[[Any], SessionRecord | DiaryEntry]
    columns: tuple[str, ...]  # the columns the body is written back to
    to_columns: Callable[[SessionRecord | DiaryEntry], tuple[Any, ...]]
    make: Callable[[dict[str, Any]], SessionRecord | DiaryEntry]  # a body back as a record
    order: str  # the column new records are added in the order of (their time)
    link_field: str | None = None  # a field of the body holding another record's local id
    link_kind: str | None = None  # the kind that field names


KINDS: dict[str, Kind] = {
    "session": Kind("sessions", schema.session_select(schema.SCHEMA_VERSION),
                    rows.session_from, rows.SESSION_COLUMNS,
                    lambda record: rows.session_row(record),  # type: ignore[arg-type]
                    lambda shape: _session(shape), "started_utc"),
    "entry": Kind("entries", schema.ENTRY_SELECT, rows.entry_from, rows.ENTRY_COLUMNS,
                  lambda record: rows.entry_row(record),  # type: ignore[arg-type]
                  lambda shape: _entry(shape), "at_utc", "session_id", "session"),
}
ORDER = ("session", "entry")  # a kind after the kinds its links name


def _uid_map(db: sqlite3.Connection, kind: str) -> Links:
    return dict(db.execute(f"SELECT id, uid FROM {KINDS[kind].table}"))


def _body(kind: str, shape: dict[str, Any], links: Links | None) -> tuple[str, str | None]:
    """The body an op carries (no local ids) and the uid its link names."""
    shape = dict(shape)
    shape.pop("id", None)
    shape.pop("uid", None)  # the op's record
    spec = KINDS[kind]
    link = None
    if spec.link_field is not None:
        local = shape.pop(spec.link_field, None)
        link = None if local is None or links is None else links.get(local)
    return _ENCODE(shape), link


# --- what this machine did ------------------------------------------------------------------

def outgoing(db: sqlite3.Connection, machine: str, at: str) -> list[Op]:
    """This machine's changes that no op carries yet, oldest first (adds before changes)."""
    links = {kind: _uid_map(db, KINDS[kind].link_kind or kind)
             for kind in KINDS if KINDS[kind].link_kind}
    ops: list[Op] = []
    # Deleted here before any sync: sent as added, then deleted.
    for uid, kind, old in db.execute(
            "SELECT record_uid, kind, old FROM changes AS c WHERE id = (SELECT min(id) FROM "
            "changes AS d WHERE d.record_uid = c.record_uid) AND NOT EXISTS (SELECT 1 FROM "
            "sync_ops WHERE record = c.record_uid) AND (SELECT action FROM changes AS l "
            "WHERE l.record_uid = c.record_uid ORDER BY id DESC LIMIT 1) = 'delete'").fetchall():
        if kind in KINDS and not _exists(db, kind, uid):
            ops.append(_add(machine, at, kind, uid, json.loads(old), links.get(kind)))
    for kind, spec in KINDS.items():
        firsts = dict(db.execute(
            f"SELECT c.record_uid, c.old FROM changes AS c JOIN {spec.table} AS t ON "
            "t.uid = c.record_uid WHERE c.id = (SELECT min(id) FROM changes AS d WHERE "
            "d.record_uid = c.record_uid) AND NOT EXISTS (SELECT 1 FROM sync_ops WHERE "
            "record = c.record_uid)").fetchall())
        for row in db.execute(f"SELECT {spec.select} FROM {spec.table} AS t WHERE NOT "
                              "EXISTS (SELECT 1 FROM sync_ops WHERE record = t.uid)"):
            uid = row[-1]  # the select ends with it
            shape = (json.loads(firsts[uid]) if uid in firsts
                     else record_dict(_read(spec, row)))
            ops.append(_add(machine, at, kind, uid, shape, links.get(kind)))
    ops.extend(_changes(db, machine, links))
    return ops


def _exists(db: sqlite3.Connection, kind: str, uid: str) -> bool:
    return db.execute(f"SELECT 1 FROM {KINDS[kind].table} WHERE uid = ?",
                      (uid,)).fetchone() is not None


def _read(spec: Kind, row: Any) -> SessionRecord | DiaryEntry:
    try:
        return spec.read_row(row)
    except rows.Damaged as exc:
        raise DiaryError(f"the diary holds a damaged record ({spec.table} {row[0]}: {exc}); "
                         "nothing was synced") from None


def _add(machine: str, at: str, kind: str, uid: str, shape: dict[str, Any],
         links: Links | None) -> Op:
    body, link = _body(kind, shape, links)
    return Op(f"a-{uid}", machine, at, "add", kind, uid, body, None, link)


def _changes(db: sqlite3.Connection, machine: str, links: dict[str, Links]) -> list[Op]:
    ops = []
    for uid, record, at, action, kind, new in db.execute(
            "SELECT uid, record_uid, at_utc, action, kind, new FROM changes AS c WHERE NOT "
            "EXISTS (SELECT 1 FROM sync_ops WHERE op = c.uid) ORDER BY id").fetchall():
        body, link = (None, None) if new is None else _body(kind, json.loads(new),
                                                            links.get(kind))
        ops.append(Op(uid, machine, at, action, kind, record, body, None, link))
    for uid, record, undone, kind in db.execute(
            "SELECT uid, record_uid, undone_utc, kind FROM changes AS c WHERE undone_utc IS "
            "NOT NULL AND NOT EXISTS (SELECT 1 FROM sync_ops WHERE op = 'u-' || c.uid) "
            "ORDER BY id").fetchall():
        ops.append(Op(f"u-{uid}", machine, undone, "undo", kind, record, None, uid))
    return ops


# --- keeping ops and applying them ----------------------------------------------------------

def keep(db: sqlite3.Connection, ops: Iterable[Op]) -> int:
    """Add ops to ``sync_ops`` (an op known already is skipped); how many were new.

    Ops of a kind this version does not know are kept too, for the version that does.
    """
    before = db.total_changes
    db.executemany(f"INSERT OR IGNORE INTO sync_ops ({_OP_COLUMNS}) VALUES "
                   "(?, ?, ?, ?, ?, ?, ?, ?, ?)",
                   ((o.op, o.machine, o.at, o.action, o.kind, o.record, o.body, o.target,
                     o.link) for o in ops))
    return db.total_changes - before


def known(db: sqlite3.Connection, records: Iterable[str]) -> set[str]:
    """The records that ``sync_ops`` holds any op of."""
    return {record for record in set(records) if db.execute(
        "SELECT 1 FROM sync_ops WHERE record = ? LIMIT 1", (record,)).fetchone()}


def settle(db: sqlite3.Connection, uids: Iterable[str],
           in_hand: dict[str, list[Op]] | None = None) -> list[str]:
    """Write each of these records as its ops say it is now (see the merge rule).

    ``in_hand``: records all of whose ops are these (they had none stored before
    this sync), worked out without reading their ops back. Returns what could
    not be applied: a record whose change holds a value this diary cannot keep
    stays as it was here, and the change is named.
    """
    in_hand = in_hand or {}
    problems: list[str] = []
    db.execute("CREATE TEMP TABLE IF NOT EXISTS sync_touched (uid TEXT PRIMARY KEY, "
               "stored INTEGER)")
    db.execute("DELETE FROM temp.sync_touched")
    db.executemany("INSERT OR IGNORE INTO temp.sync_touched VALUES (?, ?)",
                   ((u, u not in in_hand) for u in uids))
    for kind in ORDER:
        spec = KINDS[kind]
        if spec.link_kind is not None:  # records whose linked record came or went
            db.execute("INSERT OR IGNORE INTO temp.sync_touched SELECT DISTINCT record, 1 FROM "
                       "sync_ops WHERE kind = ? AND link IN (SELECT uid FROM "
                       "temp.sync_touched)", (kind,))
        states = _states(db, kind)
        for record, ops in in_hand.items():
            if ops[0].kind == kind and record not in states:
                undone = {op.target or "" for op in ops if op.action == "undo"}
                states[record] = merge.state((op for op in ops if op.action != "undo"), undone)
        _apply(db, kind, states, problems)
    return problems


def _states(db: sqlite3.Connection, kind: str) -> dict[str, Op | None]:
    touched = "record IN (SELECT uid FROM temp.sync_touched WHERE stored) AND kind = ?"
    undone = {target for (target,) in db.execute(
        f"SELECT target FROM sync_ops WHERE {touched} AND action = 'undo'", (kind,))}
    found = db.execute(f"SELECT {_OP_COLUMNS} FROM sync_ops WHERE {touched} AND action != "
                       "'undo' ORDER BY record", (kind,))
    return {record: merge.state(group, undone) for record, group in
            itertools.groupby((Op._make(row) for row in found), key=lambda op: op.record)}


def _apply(db: sqlite3.Connection, kind: str, states: dict[str, Op | None],
           problems: list[str]) -> None:
    spec = KINDS[kind]
    existing = dict(db.execute(f"SELECT uid, id FROM {spec.table} WHERE uid IN (SELECT uid "
                               "FROM temp.sync_touched)"))
    links = ({uid: local for local, uid in _uid_map(db, spec.link_kind).items()}
             if spec.link_kind else {})
    inserts = []
    for uid, op in states.items():
        local = existing.get(uid)
        if op is None or op.body is None:
            if local is not None:
                _remove(db, kind, local)
            continue
        try:
            values = _columns(spec, kind, op, links)
        except DiaryError as exc:
            problems.append(exc.message)
            continue
        if local is None:
            inserts.append((uid, *values))
        else:
            assignments = ", ".join(f"{column} = ?" for column in spec.columns)
            db.execute(f"UPDATE {spec.table} SET {assignments} WHERE id = ?", (*values, local))
    # In time order: new short ids then follow the records' times, as on the machine
    # that made them, and the time index grows at its end.
    at = spec.columns.index(spec.order) + 1
    inserts.sort(key=lambda row: (row[at], row[0]))
    db.executemany(f"INSERT INTO {spec.table} (uid, {', '.join(spec.columns)}) VALUES "
                   f"({', '.join('?' * (len(spec.columns) + 1))})", inserts)


def _remove(db: sqlite3.Connection, kind: str, local: int) -> None:
    for spec in KINDS.values():
        if spec.link_kind == kind and spec.link_field is not None:
            db.execute(f"UPDATE {spec.table} SET {spec.link_field} = NULL WHERE "
                       f"{spec.link_field} = ?", (local,))
    db.execute(f"DELETE FROM {KINDS[kind].table} WHERE id = ?", (local,))


def _columns(spec: Kind, kind: str, op: Op, links: dict[str, int]) -> tuple[Any, ...]:
    assert op.body is not None
    try:
        shape = json.loads(op.body)
    except (ValueError, RecursionError):
        shape = None
    if not isinstance(shape, dict):
        raise DiaryError(f"a change from machine {op.machine} ({op.op}) cannot be read: "
                         "its record is not a JSON object")
    if spec.link_field is not None:
        shape[spec.link_field] = None if op.link is None else links.get(op.link)
    try:
        # The quick way: the body's fields are the record's; the store's checks (the
        # import's readers) refuse any value it cannot keep.
        return spec.to_columns(spec.make(shape))
    except (TypeError, ValueError, AttributeError, InputError):
        pass
    item = exchange.item(0, kind, shape.items(), typed=True)  # says what is wrong
    problems = "; ".join(item.problems) or "a value the diary cannot keep"
    raise DiaryError(f"a change from machine {op.machine} ({op.op}) cannot be read: "
                     f"{problems}")


def _session(shape: dict[str, Any]) -> SessionRecord:
    return SessionRecord(**{**shape, "started_at": values.field_moment(shape["started_at"]),
                            "ended_at": values.field_moment(shape["ended_at"]),
                            "steps_completed": tuple(shape["steps_completed"]),
                            "steps_skipped": tuple(shape["steps_skipped"])})


def _entry(shape: dict[str, Any]) -> DiaryEntry:
    return DiaryEntry(**{**shape, "at": values.field_moment(shape["at"]),
                         "flags": tuple(shape["flags"])})
