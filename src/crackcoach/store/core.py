"""An open diary: writing records, and reading them back in time ranges as streams.

Every write is one ``BEGIN IMMEDIATE`` transaction: it is either all in the
file or not at all, and several processes can write at once (WAL mode and a
busy timeout make the later ones wait their turn instead of failing).

Reads are iterators over a cursor, fetched in batches, so a command can walk
a diary of a million entries in constant memory; a value crackcoach cannot
have written (an edited or damaged file) ends the walk with a DiaryError
naming the record. Commands that only read open the file read-only.
"""

from __future__ import annotations

import contextlib
import itertools
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from datetime import datetime
from pathlib import Path
from types import TracebackType

from crackcoach.base.typenames import TYPE_CHECKING
from crackcoach.diary.activities import Activity, Rating
from crackcoach.diary.records import Clearance, DiaryChange, DiaryEntry, EntryFact, SessionRecord
from crackcoach.errors import DiaryBusy, DiaryError
from crackcoach.store import activities as activity_rows
from crackcoach.store import changes, journal, rows, schema
from crackcoach.store import clearances as clearance_rows
from crackcoach.store.journal import Journal, JournalUnusable
from crackcoach.store.results import ImportResult
from crackcoach.store.sqlerrors import BUSY_TIMEOUT_SECONDS
from crackcoach.store.sqlerrors import reported as _reported

_SQLITE_MAX_INTEGER = 2**63 - 1
_PROVE_WAIT = 1.0  # seconds: a busy diary is writable, just not at once
_WAIT_STEP = 0.25  # seconds of each wait for a busy diary
_BATCH = 1000  # rows fetched at a time by the readers
_INSERT_SESSION = (f"INSERT INTO sessions ({', '.join(rows.SESSION_COLUMNS)}) VALUES "
                   f"({', '.join('?' * len(rows.SESSION_COLUMNS))})")
_INSERT_ENTRY = (f"INSERT INTO entries ({', '.join(rows.ENTRY_COLUMNS)}) VALUES "
                 f"({', '.join('?' * len(rows.ENTRY_COLUMNS))})")

if TYPE_CHECKING:
    from typing import Any, TypeVar

    Record = TypeVar("Record", SessionRecord, DiaryEntry, EntryFact)
    _T = TypeVar("_T")


class Store:
    """An open diary database. Use :func:`open_store` to get one."""

    def __init__(self, path: Path, db: sqlite3.Connection, *,
                 version: int = schema.SCHEMA_VERSION) -> None:
        self.path = path
        self._db = db
        self._session_select = schema.session_select(version)
        self._entry_select = schema.entry_select(version)
        self._version = version
        self.after_close: Callable[[], None] | None = None  # tidying once closed

    def __enter__(self) -> Store:
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection; every write has been committed already."""
        self._db.close()
        tidy, self.after_close = self.after_close, None
        if tidy is not None:
            tidy()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        with _reported(self.path, "write to"):
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def add_session(self, session: SessionRecord) -> int:
        """Save a session (its ``id`` is ignored) and return its new id."""
        row = rows.session_row(session)
        with self._write() as db:
            return _inserted(db.execute(_INSERT_SESSION, row))

    def add_entry(self, entry: DiaryEntry) -> int:
        """Save a diary entry (its ``id`` is ignored) and return its new id."""
        row = rows.entry_row(entry)
        with self._write() as db:
            entry_id = _inserted(db.execute(_INSERT_ENTRY, row))
            if entry.activities:
                activity_rows.set_ratings(db, entry_id, entry.activities)
            return entry_id

    # --- activities (see store/activities.py) ----------------------------------------------

    def activities(self) -> list[Activity]:
        """Every activity the person named, removed ones too, in id order."""
        if self._version < schema.ACTIVITIES_VERSION:
            return []
        with _reported(self.path, "read"):
            return self._checked(lambda: activity_rows.all_activities(self._db), "activity")

    def add_activity(self, name: str, at: datetime) -> Activity:
        """Follow a new activity (InputError for a bad name or one too many)."""
        with self._write() as db:
            return activity_rows.add(db, name, at)

    def rename_activity(self, activity_id: int, name: str) -> tuple[Activity, Activity]:
        """Rename an activity; the activity as it was and as it is."""
        with self._write() as db:
            return activity_rows.rename(db, activity_id, name)

    def remove_activity(self, activity_id: int, at: datetime) -> Activity:
        """Stop following an activity; its ratings stay in the diary."""
        with self._write() as db:
            return activity_rows.remove(db, activity_id, at)

    def ratings(self, routine: str | None = None) -> list[Rating]:
        """Every activity rating with its entry's time, oldest first."""
        if self._version < schema.ACTIVITIES_VERSION:
            return []
        with _reported(self.path, "read"):
            return self._checked(lambda: list(activity_rows.iter_ratings(self._db, routine)),
                                 "rating")

    def _checked(self, read: Callable[[], _T], kind: str) -> _T:
        try:
            return read()
        except rows.Damaged as exc:
            raise DiaryError(schema.damaged_message(self.path, f"{kind}: {exc}")) from None

    # --- records that must not be lost (see store/journal.py) --------------------------------

    @contextmanager
    def waiting_at_most(self, seconds: float) -> Iterator[None]:
        """Inside, a write waits at most ``seconds`` for another program's lock."""
        self._db.execute(f"PRAGMA busy_timeout = {max(0, int(seconds * 1000))}")
        try:
            yield
        finally:
            self._db.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_SECONDS * 1000)}")

    def keep(self, journal: Journal, wait: float = BUSY_TIMEOUT_SECONDS) -> bool:
        """Move what ``journal`` holds into the diary, waiting at most ``wait`` s for the lock.

        False when the diary stayed busy: the records wait in the journal,
        safe on disk, for this process to try again or for the next command.
        """
        import time

        # Short waits in turn, so that a signal is acted on between them.
        deadline = time.monotonic() + wait
        while True:
            left = deadline - time.monotonic()
            with self.waiting_at_most(max(0.0, min(left, _WAIT_STEP))):
                if journal.move(self._db, self.path):
                    return True
            if left <= _WAIT_STEP:
                return False

    def move_waiting(self, wait: float) -> int:
        """Move records left waiting by earlier commands into the diary; how many files."""
        with self.waiting_at_most(wait):
            return journal.move_waiting(self._db, self.path)

    def save(self, record: SessionRecord | DiaryEntry,
             wait: float = BUSY_TIMEOUT_SECONDS) -> int | None:
        """Save one record through a journal: its new id, or None while the diary is busy.

        None means the record is on disk in the journal and reaches the diary
        with the next command that opens it.
        """
        journal = Journal(self.path)
        try:
            try:
                if isinstance(record, SessionRecord):
                    journal.add_session(record)
                else:
                    journal.add_entry(record)
            except JournalUnusable:
                # No journal (a full disk, say): straight to the diary, as far as it goes.
                return (self.add_session(record) if isinstance(record, SessionRecord)
                        else self.add_entry(record))
            if not self.keep(journal, wait):
                return None
            moved = journal.last_ids
            assert moved is not None
            return moved.session_id if isinstance(record, SessionRecord) else moved.entry_ids[0]
        finally:
            journal.close()

    # --- corrections (see store/changes.py) ------------------------------------------------

    def find(self, kind: str, record_id: int) -> SessionRecord | DiaryEntry | None:
        """The session or diary entry with this id, or None."""
        with _reported(self.path, "read"):
            return changes.find(self._db, self._session_select, kind, record_id,
                                ratings=self._version >= schema.ACTIVITIES_VERSION)

    def edit_entry(self, record_id: int, entry: DiaryEntry, at: datetime) -> DiaryChange:
        """Replace a diary entry, keeping its old version; InputError when there is none."""
        rows.check_entry(entry)
        with self._write() as db:
            return changes.edit_entry(db, self._session_select, record_id, entry, at)

    def delete(self, kind: str, record_id: int, at: datetime) -> DiaryChange:
        """Delete a session or a diary entry, keeping it as a change that undo puts back."""
        with self._write() as db:
            return changes.delete(db, self._session_select, kind, record_id, at)

    def undo(self, at: datetime) -> tuple[DiaryChange, int] | Clearance | None:
        """Undo the latest edit, deletion or clearance not undone yet; None when there is none.

        Only what this machine did: the changes it recorded, and the clearances
        typed here (not those the sync folder brought). A clearance comes back as
        itself; an edit or deletion as the change and the id of the record put back.
        """
        with self._write() as db:
            clearance = clearance_rows.latest(db)
            if clearance is not None:
                newest_change = db.execute("SELECT max(at_utc) FROM changes WHERE undone_utc "
                                           "IS NULL").fetchone()[0]
                if newest_change is None or newest_change <= rows.to_utc_text(
                        clearance.recorded):
                    assert clearance.id is not None
                    clearance_rows.undo(db, clearance.id, at)
                    return clearance
            return changes.undo(db, self._session_select, at)

    # --- clearances (see store/clearances.py) ----------------------------------------------

    def add_clearance(self, at: datetime, recorded: datetime) -> int:
        """Record that a professional saw the person at ``at`` (typed at ``recorded``)."""
        rows.to_utc_text(at)  # refuses a naive time before the transaction starts
        with self._write() as db:
            return clearance_rows.add(db, at, recorded)

    def clearances(self, *, with_undone: bool = False) -> list[Clearance]:
        """The clearances recorded, oldest first (none in a diary older than schema 4)."""
        if self._version < schema.CLEARANCES_VERSION:
            return []
        with _reported(self.path, "read"):
            return clearance_rows.every(self._db, with_undone=with_undone)

    def sign_entries(self, until: datetime | None = None) -> list[DiaryEntry]:
        """The diary entries that recorded a safety sign (of any tier), oldest first."""
        where, params = _time_range("at_utc", None, until)
        where.append("flags != '[]'")
        sql = f"SELECT {self._entry_select} FROM entries" + _where_order(
            "at_utc", where, False, None, params)
        return list(self._walk(sql, params, rows.entry_from, "entry"))

    def iter_changes(self) -> Iterator[DiaryChange]:
        """Every edit and deletion, oldest first (none in a diary older than schema 3)."""
        if self._version < 3:
            return iter(())
        with _reported(self.path, "read"):
            return iter(list(changes.iter_changes(self._db)))

    def sync(self, machine: str, at: datetime, incoming: Sequence[Any],
             send: Callable[[list[Any]], object],
             own: Callable[[Any], Sequence[Any]] | None = None
             ) -> tuple[list[Any], int, list[str], Any]:
        """Merge ops read from the sync folder and hand this machine's new ones to ``send``.

        One transaction: if ``send`` (which writes the change file) fails, the
        diary is left as it was and the same ops are sent next time. ``own``
        gives more of this machine's ops, of what the diary does not hold (the
        active plan), from the plan's latest change known before this sync.
        Returns the ops sent, how many received ones were new, the changes that
        could not be applied (each named; the rest is applied), and the plan's
        latest change now (an op, or None). See store/sync.py.
        """
        from crackcoach.store import sync

        # Random uids land all over their indexes: a first sync of a large diary
        # needs the pages in memory rather than read and written again and again.
        self._db.execute("PRAGMA cache_size = -65536")
        self._db.execute("PRAGMA temp.cache_size = -65536")
        with self._write() as db:
            # Changes of records kept without a log are found against what the last sync
            # left, and so before anything received is kept.
            edited = sync.edited(db, machine, rows.to_utc_text(at))
            before = sync.plan_state(db)
            stored = sync.known(db, (op.record for op in incoming))
            received = sync.keep(db, incoming)  # first: what came in is not sent back
            out = [*sync.outgoing(db, machine, rows.to_utc_text(at)), *edited,
                   *(own(before) if own is not None else ())]
            changed = [op for op in out if op.action != "add"]
            stored |= sync.known(db, (op.record for op in changed))
            sync.keep(db, out)
            # A record with no op stored before is worked out from the ops in hand.
            in_hand: dict[str, list[Any]] = {}
            for op in itertools.chain(incoming, out):
                if op.record not in stored:
                    in_hand.setdefault(op.record, []).append(op)
            touched = {op.record for op in incoming} | {op.record for op in changed}
            problems = sync.settle(db, touched, {record: ops for record, ops in
                                                 in_hand.items() if record in touched})
            plan = sync.plan_state(db)
            send(out)
        return out, received, problems, plan

    def sync_counts(self) -> dict[str, int]:
        """How many ops the sync folder holds from each machine, as far as this diary knows."""
        if self._version < schema.UID_VERSION:
            return {}
        with _reported(self.path, "read"):
            return {str(m): int(n) for m, n in self._db.execute(
                "SELECT machine, count(*) FROM sync_ops GROUP BY machine ORDER BY machine")}

    def prove_writable(self) -> None:
        """Raise DiaryError now if a write would fail later (a read-only file, say).

        Writes a row and takes it back: only a real write finds every reason
        a file cannot be written to.

        A diary that another program keeps busy is writable: what is saved
        meanwhile waits in a journal (see :meth:`save`).
        """
        try:
            with self.waiting_at_most(_PROVE_WAIT), _reported(self.path, "write to"):
                self._db.execute("BEGIN IMMEDIATE")
                try:
                    self._db.execute("INSERT INTO entries (at_utc, at_offset) VALUES ('', 0)")
                finally:
                    self._db.execute("ROLLBACK")
        except DiaryBusy:
            return

    # --- reading -----------------------------------------------------------------------------

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        """Make every read inside see the diary as it was at the first one.

        Without it each reader sees the diary as it is when it starts, so an
        export could meet an entry whose session was written after the
        sessions were read. Writes by this store are not allowed inside.
        """
        with _reported(self.path, "read"):
            self._db.execute("BEGIN")
        try:
            yield
        finally:
            with _reported(self.path, "read"):
                self._db.execute("COMMIT")

    def iter_sessions(self, since: datetime | None = None, until: datetime | None = None,
                      routine: str | None = None, *, newest_first: bool = False,
                      by_id: bool = False, limit: int | None = None,
                      timeline: bool = True) -> Iterator[SessionRecord]:
        """Sessions that started in ``[since, until)``, one at a time, oldest first.

        ``routine`` keeps one routine's sessions; ``newest_first`` reverses the
        order; ``by_id`` orders by id instead of time (the order they were
        saved or imported in); ``limit`` stops after N; ``timeline=False`` leaves
        the timeline out (as ``[]``), for readers that do not need it. Memory
        stays the same whatever the size of the diary; a damaged row raises
        DiaryError.
        """
        where, params = _time_range("started_utc", since, until)
        if routine is not None:
            where.append("routine = ?")
            params.append(routine)
        select = self._session_select if timeline else self._session_select.replace(
            ", timeline,", ", '[]' AS timeline,")
        sql = f"SELECT {select} FROM sessions" + _where_order(
            "id" if by_id else "started_utc", where, newest_first, limit, params)
        return self._walk(sql, params, rows.session_from, "session")

    def iter_entries(self, since: datetime | None = None, until: datetime | None = None, *,
                     newest_first: bool = False, by_id: bool = False,
                     limit: int | None = None, routine: str | None = None
                     ) -> Iterator[DiaryEntry]:
        """Diary entries made in ``[since, until)``, one at a time, oldest first.

        The options are those of :meth:`iter_sessions`; ``routine`` keeps the
        entries logged after one of that routine's sessions.
        """
        where, params = _time_range("at_utc", since, until)
        if routine is not None:
            where.append("session_id IN (SELECT id FROM sessions WHERE routine = ?)")
            params.append(routine)
        sql = f"SELECT {self._entry_select} FROM entries" + _where_order(
            "id" if by_id else "at_utc", where, newest_first, limit, params)
        rated = self._ratings_by_entry()
        if not rated:
            return self._walk(sql, params, rows.entry_from, "entry")

        def with_ratings(row: Any) -> DiaryEntry:
            entry = rows.entry_from(row)
            found = rated.get(entry.id)  # type: ignore[arg-type]
            return entry if found is None else entry._replace(activities=found)

        return self._walk(sql, params, with_ratings, "entry")

    def _ratings_by_entry(self) -> dict[int, tuple[tuple[int, int], ...]]:
        if self._version < schema.ACTIVITIES_VERSION:
            return {}
        with _reported(self.path, "read"):
            return self._checked(lambda: activity_rows.ratings_by_entry(self._db), "rating")

    def iter_entry_facts(self, routine: str | None = None) -> Iterator[EntryFact]:
        """Every diary entry as the facts progress needs, in the order saved (see EntryFact).

        Read in the table's own order, the quickest; ``routine`` keeps the entries
        logged after one of that routine's sessions.
        """
        where: list[str] = []
        params: list[Any] = []
        if routine is not None:
            where.append("session_id IN (SELECT id FROM sessions WHERE routine = ?)")
            params.append(routine)
        sql = f"SELECT {rows.ENTRY_FACT_SELECT} FROM entries" + _where_order(
            "id", where, False, None, params)
        return self._walk(sql, params, rows.entry_fact_from, "entry")

    def _walk(self, sql: str, params: Sequence[Any], convert: Callable[[Any], Record],
              kind: str) -> Iterator[Record]:
        cursor: sqlite3.Cursor | None = None
        try:
            with _reported(self.path, "read"):
                cursor = self._db.execute(sql, params)
                while batch := cursor.fetchmany(_BATCH):
                    for row in batch:
                        try:
                            record = convert(row)
                        except rows.Damaged as exc:
                            raise DiaryError(schema.damaged_message(
                                self.path, f"{kind} {row[0]}: {exc}")) from None
                        yield record
        finally:
            # A reader left half-way may be closed after its connection: nothing to tidy then.
            with contextlib.suppress(sqlite3.Error):
                if cursor is not None:
                    cursor.close()

    def sessions(self, since: datetime | None = None, until: datetime | None = None,
                 routine: str | None = None, limit: int | None = None, *,
                 newest_first: bool = False) -> list[SessionRecord]:
        """:meth:`iter_sessions` as a list."""
        return list(self.iter_sessions(since, until, routine, newest_first=newest_first,
                                       limit=limit))

    def entries(self, since: datetime | None = None, until: datetime | None = None,
                limit: int | None = None, *, newest_first: bool = False) -> list[DiaryEntry]:
        """:meth:`iter_entries` as a list."""
        return list(self.iter_entries(since, until, newest_first=newest_first, limit=limit))

    def history(self, since: datetime | None = None, limit: int | None = None
                ) -> list[SessionRecord | DiaryEntry]:
        """Sessions and entries from ``since`` on, merged newest first, ``limit`` in all."""
        streams: list[Iterator[SessionRecord | DiaryEntry]] = [
            self.iter_sessions(since=since, limit=limit, newest_first=True),
            self.iter_entries(since=since, limit=limit, newest_first=True)]
        with self.snapshot():
            import heapq  # loaded only here: `log` is timed and never merges
            import itertools

            merged = heapq.merge(*streams, key=_moment, reverse=True)
            return list(itertools.islice(merged, limit))

    def routine_names(self) -> list[str]:
        """The names of the routines that have sessions in the diary, sorted."""
        with _reported(self.path, "read"):
            found = self._db.execute("SELECT DISTINCT routine FROM sessions ORDER BY routine")
            return [str(row[0]) for row in found]

    def counts(self) -> tuple[int, int]:
        """How many sessions and how many diary entries the diary holds."""
        with _reported(self.path, "read"):
            found = self._db.execute("SELECT (SELECT count(*) FROM sessions), "
                                     "(SELECT count(*) FROM entries)").fetchone()
            return int(found[0]), int(found[1])

    def count_since(self, since: datetime | None = None) -> int:
        """How many sessions and diary entries there are from ``since`` on (all: None)."""
        s_where, s_params = _time_range("started_utc", since, None)
        e_where, e_params = _time_range("at_utc", since, None)
        s_sql = "SELECT count(*) FROM sessions" + (" WHERE " + " AND ".join(s_where)
                                                   if s_where else "")
        e_sql = "SELECT count(*) FROM entries" + (" WHERE " + " AND ".join(e_where)
                                                  if e_where else "")
        with _reported(self.path, "read"):
            found = self._db.execute(f"SELECT ({s_sql}), ({e_sql})",
                                     [*s_params, *e_params]).fetchone()
            return int(found[0]) + int(found[1])

    # --- importing ---------------------------------------------------------------------------

    def import_rows(self, items: Iterable[Any], source: str = "import") -> ImportResult:
        """Add the records an import reader yields, in one transaction: all of them or none.

        ``items`` are :class:`crackcoach.diary.exchange.Item` (see
        :func:`crackcoach.diary.importfile.read`). Entries' ``session_id`` name the
        ``id`` of a session in the same file and are changed to the id that
        session gets here. A record the diary already holds is skipped, as
        many times as the diary holds it. Problems with any row raise
        :class:`crackcoach.diary.exchange.BadImport` naming their lines, and nothing
        is written. Time grows linearly (n log n) whatever the data; memory
        stays the same.
        """
        from crackcoach.store import importer

        with importer.staged(items, source, self.path) as staged:
            return self.add_staged(staged)

    def add_staged(self, staged: Any) -> ImportResult:
        """Add an import checked beforehand with :func:`crackcoach.store.staged_import`."""
        from crackcoach.store import importer

        with _reported(self.path, "write to"):
            return importer.add(self._db, staged, self._write)

    def import_records(self, sessions: Iterable[SessionRecord],
                       entries: Iterable[DiaryEntry]) -> ImportResult:
        """:meth:`import_rows` for records in hand (their ``id`` links entries to sessions)."""
        from crackcoach.diary import exchange

        return self.import_rows(exchange.items_of(sessions, entries), "import")


def staged_import(items: Iterable[Any], source: str, diary_path: Path | None = None
                  ) -> AbstractContextManager[Any]:
    """Read and check a whole import before any diary is opened (see :meth:`Store.add_staged`).

    ``with staged_import(importfile.read(src), src.name) as staged:`` raises
    BadImport naming every bad line, before the block runs; a refused file
    thus creates or changes nothing.

    Its working file goes beside ``diary_path`` (None: the system's temporary folder).
    """
    from crackcoach.store import importer

    return importer.staged(items, source, diary_path)


def _moment(record: SessionRecord | DiaryEntry) -> datetime:
    return record.started_at if isinstance(record, SessionRecord) else record.at


def _inserted(cursor: sqlite3.Cursor) -> int:
    assert cursor.lastrowid is not None
    return cursor.lastrowid


def _time_range(column: str, since: datetime | None, until: datetime | None
                ) -> tuple[list[str], list[Any]]:
    where: list[str] = []
    params: list[Any] = []
    if since is not None:
        where.append(f"{column} >= ?")
        params.append(rows.to_utc_text(since))
    if until is not None:
        where.append(f"{column} < ?")
        params.append(rows.to_utc_text(until))
    return where, params


def _where_order(column: str, where: list[str], newest_first: bool, limit: int | None,
                 params: list[Any]) -> str:
    direction = "DESC" if newest_first else "ASC"
    sql = (" WHERE " + " AND ".join(where)) if where else ""
    sql += f" ORDER BY {column} {direction}" + (f", id {direction}" if column != "id" else "")
    if limit is not None:
        sql += " LIMIT ?"
        # SQLite integers stop at 2**63 - 1; any larger limit means "all" anyway.
        params.append(max(0, min(limit, _SQLITE_MAX_INTEGER)))
    return sql
