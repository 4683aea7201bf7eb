"""The diary's side of syncing: its changes as ops, and ops from other machines applied.

Every record has a globally unique ``uid`` (schemas 6 and 7). What this
machine did is found in the diary itself, so nothing extra is written by
``log`` or ``edit``: a record no op names yet is sent as an "add" (as it was
first written: an edit keeps the version before it), each row of ``changes``
as an "edit" or "delete", and each undone change as an "undo" of it. Kinds
without such a log (clearances, activities: small tables) send an "edit"
when a record differs from what its ops say. Every op sent or received is
kept in ``sync_ops``; a record that any new op names is then worked out again
from all of its ops by the merge rule (:mod:`crackcoach.diary.merge`) and
written to its table, so the same ops always give the same diary. Short ids
(``s3``, ``e12``, ``a2``) stay this machine's own; links between records, and
an entry's ratings of activities, travel as uids.

The active plan is not in the diary: its changes are ops of kind ``plan``,
kept here and merged by the same rule (:func:`plan_state`), sent and followed
by the caller.

Adding a record kind is one entry in :data:`KINDS`: its table, how a row
becomes the body an op carries and back, and which other kind its link names
(see docs/sync.md).
"""

from __future__ import annotations

import itertools
import json
import operator
import secrets
import sqlite3
from collections.abc import Callable, Iterable, Sequence

from crackcoach.base.typenames import TYPE_CHECKING, NamedTuple
from crackcoach.diary import exchange, merge, values
from crackcoach.diary.activities import Activity, check_name
from crackcoach.diary.records import Clearance, DiaryEntry, SessionRecord
from crackcoach.diary.shapes import activity_dict, record_dict
from crackcoach.diary.syncfolder import Op, json_value
from crackcoach.errors import DiaryError, InputError
from crackcoach.store import activities as activity_rows
from crackcoach.store import bulk, rows, schema
from crackcoach.store import clearances as clearance_rows

if TYPE_CHECKING:
    from typing import Any

_ENCODE = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
_OP_COLUMNS = "op, machine, at_utc, action, kind, record, body, target, link"
Links = dict[int, str]  # local id -> uid of the records a link may name


class Kind(NamedTuple):
    """How one kind of record travels: everything the sync needs to know about it."""

    table: str
    select: str  # the columns read_row takes, ending with uid
    read_row: Callable[[Any], Any]
    columns: tuple[str, ...]  # the columns the body is written back to
    to_columns: Callable[[Any], tuple[Any, ...]]
    make: Callable[[dict[str, Any]], Any]  # a body back as a record
    order: str  # the column new records are added in the order of (their time)
    link_field: str | None = None  # a field of the body holding another record's local id
    link_kind: str | None = None  # the kind that field names
    shape: Callable[[Any], dict[str, Any]] = record_dict  # a record as its body
    # Its edits are rows of ``changes``; when not, a row that differs from what its ops
    # say is sent as an edit (the table is small: every such record is settled each sync).
    logged: bool = True
    received: str | None = None  # a column set to 1 on a record that came from elsewhere
    # The columns of a body that passes a quick test (None: the long way, make then
    # to_columns); a first sync receives a hundred thousand of them.
    quick: Callable[[dict[str, Any]], tuple[Any, ...] | None] | None = None


KINDS: dict[str, Kind] = {
    "session": Kind("sessions", schema.session_select(schema.SCHEMA_VERSION),
                    rows.session_from, rows.SESSION_COLUMNS, rows.session_row,
                    lambda shape: _session(shape), "started_utc"),
    "entry": Kind("entries", schema.ENTRY_SELECT, rows.entry_from, rows.ENTRY_COLUMNS,
                  rows.entry_row, lambda shape: _entry(shape), "at_utc", "session_id",
                  "session", quick=rows.quick_entry_columns),
    "clearance": Kind("clearances", clearance_rows.SELECT + ", uid", clearance_rows.from_row,
                      clearance_rows.COLUMNS, clearance_rows.row,
                      lambda shape: _clearance(shape), "at_utc",
                      shape=exchange.clearance_object, logged=False, received="received"),
    "activity": Kind("activities", activity_rows.SELECT + ", uid", activity_rows.from_row,
                     activity_rows.COLUMNS, activity_rows.row, lambda shape: _activity(shape),
                     "added_utc", shape=activity_dict, logged=False),
}
ORDER = ("session", "activity", "entry", "clearance")  # a kind after the kinds its links name
PLAN = "plan"  # the kind and the record of the active plan's changes (see plan_state)


def _uid_map(db: sqlite3.Connection, kind: str) -> Links:
    return dict(db.execute(f"SELECT id, uid FROM {KINDS[kind].table}"))


def _body(kind: str, shape: dict[str, Any], links: dict[str, Links]) -> tuple[str, str | None]:
    """The body an op carries (no local ids) and the uid its link names."""
    shape = dict(shape)
    shape.pop("id", None)
    shape.pop("uid", None)  # the op's record
    spec = KINDS[kind]
    link = None
    if spec.link_field is not None:
        local = shape.pop(spec.link_field, None)
        link = None if local is None else links[spec.link_kind or kind].get(local)
    rated = shape.get("activities")
    if kind == "entry" and isinstance(rated, dict) and rated:  # rated by activity uid
        activities = links["activity"]
        shape["activities"] = {activities[int(a)]: score for a, score in rated.items()
                               if a.isdigit() and int(a) in activities}
    return _ENCODE(shape), link


# --- what this machine did ------------------------------------------------------------------

def outgoing(db: sqlite3.Connection, machine: str, at: str) -> list[Op]:
    """This machine's changes that no op carries yet, oldest first (adds before changes)."""
    links = {kind: _uid_map(db, kind) for kind in ("session", "activity")}
    ops: list[Op] = []
    # Deleted here before any sync: sent as added, then deleted.
    for uid, kind, old in db.execute(
            "SELECT record_uid, kind, old FROM changes AS c WHERE id = (SELECT min(id) FROM "
            "changes AS d WHERE d.record_uid = c.record_uid) AND NOT EXISTS (SELECT 1 FROM "
            "sync_ops WHERE record = c.record_uid) AND (SELECT action FROM changes AS l "
            "WHERE l.record_uid = c.record_uid ORDER BY id DESC LIMIT 1) = 'delete'").fetchall():
        if kind in KINDS and not _exists(db, kind, uid):
            ops.append(_add(machine, at, kind, uid, json.loads(old), links))
    ratings = activity_rows.ratings_by_entry(db)
    for kind in ORDER:
        spec = KINDS[kind]
        firsts = dict(db.execute(
            f"SELECT c.record_uid, c.old FROM changes AS c JOIN {spec.table} AS t ON "
            "t.uid = c.record_uid WHERE c.id = (SELECT min(id) FROM changes AS d WHERE "
            "d.record_uid = c.record_uid) AND NOT EXISTS (SELECT 1 FROM sync_ops WHERE "
            "record = c.record_uid)").fetchall()) if spec.logged else {}
        for row in db.execute(f"SELECT {spec.select} FROM {spec.table} AS t WHERE NOT "
                              "EXISTS (SELECT 1 FROM sync_ops WHERE record = t.uid)"):
            uid = row[-1]  # the select ends with it
            if uid in firsts:
                shape = json.loads(firsts[uid])
            else:
                record = _read(spec, row)
                if kind == "entry" and record.id in ratings:
                    record = record._replace(activities=ratings[record.id])
                shape = spec.shape(record)
            ops.append(_add(machine, at, kind, uid, shape, links))
    ops.extend(_changes(db, machine, links))
    return ops


def _exists(db: sqlite3.Connection, kind: str, uid: str) -> bool:
    return db.execute(f"SELECT 1 FROM {KINDS[kind].table} WHERE uid = ?",
                      (uid,)).fetchone() is not None


def _read(spec: Kind, row: Any) -> Any:
    try:
        return spec.read_row(row)
    except rows.Damaged as exc:
        raise DiaryError(f"the diary holds a damaged record ({spec.table} {row[0]}: {exc}); "
                         "nothing was synced") from None


def _add(machine: str, at: str, kind: str, uid: str, shape: dict[str, Any],
         links: dict[str, Links]) -> Op:
    body, link = _body(kind, shape, links)
    return Op(f"a-{uid}", machine, at, "add", kind, uid, body, None, link)


def _changes(db: sqlite3.Connection, machine: str, links: dict[str, Links]) -> list[Op]:
    ops = []
    for uid, record, at, action, kind, new in db.execute(
            "SELECT uid, record_uid, at_utc, action, kind, new FROM changes AS c WHERE NOT "
            "EXISTS (SELECT 1 FROM sync_ops WHERE op = c.uid) ORDER BY id").fetchall():
        body, link = (None, None) if new is None else _body(kind, json.loads(new), links)
        ops.append(Op(uid, machine, at, action, kind, record, body, None, link))
    for uid, record, undone, kind in db.execute(
            "SELECT uid, record_uid, undone_utc, kind FROM changes AS c WHERE undone_utc IS "
            "NOT NULL AND NOT EXISTS (SELECT 1 FROM sync_ops WHERE op = 'u-' || c.uid) "
            "ORDER BY id").fetchall():
        ops.append(Op(f"u-{uid}", machine, undone, "undo", kind, record, None, uid))
    return ops


def edited(db: sqlite3.Connection, machine: str, at: str) -> list[Op]:
    """Records of the kinds without a log that differ from what their ops say: as edits.

    Asked before the ops received are kept, so that the records are compared with
    what the last sync left them as.
    """
    links = {kind: _uid_map(db, kind) for kind in ("session", "activity")}
    ops = []
    for kind, spec in KINDS.items():
        if spec.logged:
            continue
        states = _small_states(db, kind)
        for row in db.execute(f"SELECT {spec.select} FROM {spec.table}"):
            uid = row[-1]
            state = states.get(uid)
            if state is None or state.body is None:
                continue  # sent as an add; or deleted by an op, which nothing here undoes
            record = _read(spec, row)
            if _made_columns(spec, state.body) != spec.to_columns(record):
                body, link = _body(kind, spec.shape(record), links)
                ops.append(Op(f"e-{secrets.token_hex(16)}", machine, at, "edit", kind, uid,
                              body, None, link))
    return ops


def _made_columns(spec: Kind, body: str) -> tuple[Any, ...] | None:
    """The columns a body makes; None when it makes none."""
    try:
        return spec.to_columns(spec.make(json.loads(body)))
    except (TypeError, ValueError, AttributeError, KeyError, RecursionError, InputError):
        return None


def _small_states(db: sqlite3.Connection, kind: str) -> dict[str, Op | None]:
    """Every record of a small kind as its ops say it is (the partial index finds them)."""
    found = db.execute(f"SELECT {_OP_COLUMNS} FROM sync_ops WHERE {schema.SMALL_KINDS} AND "
                       "kind = ? ORDER BY record", (kind,))
    return _merged(Op._make(row) for row in found)


def _merged(ops: Iterable[Op]) -> dict[str, Op | None]:
    """Each record's state from its ops (grouped by record)."""
    return {record: _state_of(list(group))
            for record, group in itertools.groupby(ops, key=lambda op: op.record)}


def plan_state(db: sqlite3.Connection) -> Op | None:
    """The latest change of the active plan any machine sent (None: none sent yet)."""
    return _small_states(db, PLAN).get(PLAN)


# --- keeping ops and applying them ----------------------------------------------------------

def keep(db: sqlite3.Connection, ops: Sequence[Op]) -> int:
    """Add ops to ``sync_ops`` (an op known already is skipped); how many were new.

    Ops of a kind this version does not know are kept too, for the version that does.
    """
    before = db.total_changes
    with bulk.indexes_after(db, "sync_ops", len(ops)):
        db.executemany(f"INSERT OR IGNORE INTO sync_ops ({_OP_COLUMNS}) VALUES "
                       "(?, ?, ?, ?, ?, ?, ?, ?, ?)", ops)
    return db.total_changes - before


def known(db: sqlite3.Connection, records: Iterable[str]) -> set[str]:
    """The records that ``sync_ops`` holds any op of."""
    wanted = set(records)
    if not wanted or db.execute("SELECT 1 FROM sync_ops LIMIT 1").fetchone() is None:
        return set()  # the first sync of this diary
    bulk.fill(db, "sync_wanted", wanted)
    return {record for (record,) in db.execute(
        "SELECT uid FROM temp.sync_wanted AS w WHERE EXISTS (SELECT 1 FROM sync_ops WHERE "
        "record = w.uid)")}


def settle(db: sqlite3.Connection, uids: Iterable[str],
           in_hand: dict[str, list[Op]] | None = None) -> list[str]:
    """Write each of these records as its ops say it is now (see the merge rule).

    ``in_hand``: records all of whose ops are these (they had none stored before
    this sync), worked out without reading their ops back. Returns what could
    not be applied: a record whose change holds a value this diary cannot keep
    stays as it was here, and the change is named.
    """
    in_hand = in_hand or {}
    uids = set(uids)
    problems: list[str] = []
    # Every record to write, and those of them worked out from their stored ops.
    bulk.fill(db, "sync_touched", uids)
    bulk.fill(db, "sync_stored", (u for u in uids if u not in in_hand))
    by_kind: dict[str, list[tuple[str, list[Op]]]] = {}
    for record, ops in in_hand.items():
        by_kind.setdefault(ops[0].kind, []).append((record, ops))
    for kind in ORDER:
        spec = KINDS[kind]
        if spec.link_kind is not None:  # records whose linked record came or went
            _touch(db, "kind = ? AND link IN (SELECT uid FROM temp.sync_touched)", kind)
        if not spec.logged:  # few: all of them, also those an older version kept unapplied
            _touch(db, f"{schema.SMALL_KINDS} AND kind = ?", kind)
        states = _states(db, kind)
        for record, ops in by_kind.get(kind, ()):
            if record not in states:
                states[record] = _state_of(ops)
        for uid in _apply(db, kind, states, problems):
            if kind == "activity":  # entries that rate it, received before it came
                _touch(db, "kind = 'entry' AND instr(body, ?) > 0", f'"{uid}"')
    return problems


def _touch(db: sqlite3.Connection, where: str, value: str) -> None:
    """Write also the records whose ops match ``where``, from their stored ops."""
    found = f"SELECT DISTINCT record FROM sync_ops WHERE {where}"
    db.execute(f"INSERT OR IGNORE INTO temp.sync_stored SELECT record FROM ({found}) WHERE "
               "record NOT IN (SELECT uid FROM temp.sync_touched)", (value,))
    db.execute(f"INSERT OR IGNORE INTO temp.sync_touched {found}", (value,))


def _state_of(ops: list[Op]) -> Op | None:
    """One record's state from all of its ops (most often one: its add)."""
    if len(ops) == 1 and ops[0].action in ("add", "edit"):
        return ops[0]
    undone = {op.target or "" for op in ops if op.action == "undo"}
    return merge.state((op for op in ops if op.action != "undo"), undone)


def _states(db: sqlite3.Connection, kind: str) -> dict[str, Op | None]:
    touched = "record IN (SELECT uid FROM temp.sync_stored) AND kind = ?"
    undone = {target for (target,) in db.execute(
        f"SELECT target FROM sync_ops WHERE {touched} AND action = 'undo'", (kind,))}
    found = db.execute(f"SELECT {_OP_COLUMNS} FROM sync_ops WHERE {touched} AND action != "
                       "'undo' ORDER BY record", (kind,))
    return {record: merge.state(group, undone) for record, group in
            itertools.groupby((Op._make(row) for row in found), key=lambda op: op.record)}


def _apply(db: sqlite3.Connection, kind: str, states: dict[str, Op | None],
           problems: list[str]) -> list[str]:
    """Write each record as its state says; the uids of the records added."""
    spec = KINDS[kind]
    existing = dict(db.execute(f"SELECT uid, id FROM {spec.table} WHERE uid IN (SELECT uid "
                               "FROM temp.sync_touched)"))
    links = ({uid: local for local, uid in _uid_map(db, spec.link_kind).items()}
             if spec.link_kind else {})
    activities = ({uid: local for local, uid in _uid_map(db, "activity").items()}
                  if kind == "entry" else {})
    inserts = []
    rated: dict[str, dict[str, Any]] = {}  # entry uid -> its ratings by activity uid
    for uid, op in states.items():
        local = existing.get(uid)
        if op is None or op.body is None:
            if local is not None:
                _remove(db, kind, local)
            continue
        try:
            values, shape = _columns(spec, kind, op, links)
        except DiaryError as exc:
            problems.append(exc.message)
            continue
        if kind == "entry" and isinstance(shape.get("activities"), dict) and \
                shape["activities"]:
            rated[uid] = shape["activities"]
        if local is None:
            inserts.append((uid, *values))
        else:
            assignments = ", ".join(f"{column} = ?" for column in spec.columns)
            db.execute(f"UPDATE {spec.table} SET {assignments} WHERE id = ?", (*values, local))
    # In time order: new short ids then follow the records' times, as on the machine
    # that made them, and the time index grows at its end.
    inserts.sort(key=operator.itemgetter(spec.columns.index(spec.order) + 1, 0))
    with bulk.indexes_after(db, spec.table, len(inserts)):
        bulk.insert(db, spec.table, ("uid", *spec.columns), inserts,
                    (spec.received, "1") if spec.received else None)
    if rated:
        _rate(db, rated, activities)
    return [row[0] for row in inserts]


def _rate(db: sqlite3.Connection, rated: dict[str, dict[str, Any]],
          activities: dict[str, int]) -> None:
    """Give entries the ratings their bodies name by activity uid.

    A rating of an activity not here yet waits for it (its arrival settles the
    entry again). A body without ratings leaves the entry's as they are: no
    command takes a rating away, and a version before ratings travelled sent
    none.
    """
    for uid, found in rated.items():
        ratings = sorted((activities[a], score) for a, score in found.items()
                         if a in activities and type(score) is int and 0 <= score <= 10)
        if ratings:
            local = db.execute("SELECT id FROM entries WHERE uid = ?", (uid,)).fetchone()[0]
            activity_rows.set_ratings(db, local, tuple(ratings))


def _remove(db: sqlite3.Connection, kind: str, local: int) -> None:
    for spec in KINDS.values():
        if spec.link_kind == kind and spec.link_field is not None:
            db.execute(f"UPDATE {spec.table} SET {spec.link_field} = NULL WHERE "
                       f"{spec.link_field} = ?", (local,))
    if kind == "entry":
        db.execute("DELETE FROM activity_ratings WHERE entry_id = ?", (local,))
    elif kind == "activity":
        db.execute("DELETE FROM activity_ratings WHERE activity_id = ?", (local,))
    db.execute(f"DELETE FROM {KINDS[kind].table} WHERE id = ?", (local,))


def _columns(spec: Kind, kind: str, op: Op, links: dict[str, int]
             ) -> tuple[tuple[Any, ...], dict[str, Any]]:
    assert op.body is not None
    try:
        shape = json_value(op.body)
    except (ValueError, RecursionError):
        shape = None
    if not isinstance(shape, dict):
        raise DiaryError(f"a change from machine {op.machine} ({op.op}) cannot be read: "
                         "its record is not a JSON object")
    if spec.link_field is not None:
        shape[spec.link_field] = None if op.link is None else links.get(op.link)
    if spec.quick is not None and (found := spec.quick(shape)) is not None:
        return found, shape
    try:
        # The usual way: the body's fields are the record's; the store's checks (the
        # import's readers) refuse any value it cannot keep.
        return spec.to_columns(spec.make(shape)), shape
    except (TypeError, ValueError, AttributeError, KeyError, InputError):
        pass
    fields_only = {k: v for k, v in shape.items() if k != "activities"}
    item = exchange.item(0, kind, fields_only.items(), typed=True)  # says what is wrong
    problems = "; ".join(item.problems) or "a value the diary cannot keep"
    raise DiaryError(f"a change from machine {op.machine} ({op.op}) cannot be read: "
                     f"{problems}")


def _session(shape: dict[str, Any]) -> SessionRecord:
    return SessionRecord(**{**shape, "started_at": values.field_moment(shape["started_at"]),
                            "ended_at": values.field_moment(shape["ended_at"]),
                            "steps_completed": tuple(shape["steps_completed"]),
                            "steps_skipped": tuple(shape["steps_skipped"])})


def _entry(shape: dict[str, Any]) -> DiaryEntry:
    # Ratings name activities by uid: written apart from the row (see _rate).
    return DiaryEntry(**{**shape, "at": values.field_moment(shape["at"]),
                         "flags": tuple(shape["flags"]), "activities": ()})


def _clearance(shape: dict[str, Any]) -> Clearance:
    item = exchange.clearance_item(0, shape.items())
    if not isinstance(item.record, Clearance):
        raise ValueError("; ".join(item.problems))
    return item.record


def _activity(shape: dict[str, Any]) -> Activity:
    removed = shape.get("removed_at")
    return Activity(0, check_name(shape["name"]), values.field_moment(shape["added_at"]),
                    None if removed is None else values.field_moment(removed))
