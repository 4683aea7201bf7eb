"""The diary's schema: its versions, the migrations between them, and checks on an open file.

The version is kept in ``PRAGMA user_version`` and ``PRAGMA application_id``
marks the file as crackcoach's. Migration N+1 takes a file at version N to
N+1, each in its own transaction.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

from crackcoach.errors import DiaryError
from crackcoach.store.rows import ENTRY_COLUMNS, SESSION_COLUMNS

APPLICATION_ID = 0x63726B63  # "crkc"

_V1 = """
CREATE TABLE sessions (
    id              INTEGER PRIMARY KEY,
    routine         TEXT    NOT NULL,
    started_utc     TEXT    NOT NULL,
    started_offset  INTEGER NOT NULL,
    ended_utc       TEXT    NOT NULL,
    ended_offset    INTEGER NOT NULL,
    planned_seconds REAL    NOT NULL CHECK (planned_seconds >= 0),
    actual_seconds  REAL    NOT NULL CHECK (actual_seconds >= 0),
    paused_seconds  REAL    NOT NULL CHECK (paused_seconds >= 0),
    steps_completed TEXT    NOT NULL DEFAULT '[]',
    steps_skipped   TEXT    NOT NULL DEFAULT '[]',
    outcome         TEXT    NOT NULL CHECK (outcome IN ('completed', 'quit', 'interrupted')),
    timeline        TEXT    NOT NULL DEFAULT '[]'
);
CREATE INDEX sessions_by_start ON sessions (started_utc);
CREATE INDEX sessions_by_routine ON sessions (routine, started_utc);
CREATE TABLE entries (
    id                INTEGER PRIMARY KEY,
    at_utc            TEXT    NOT NULL,
    at_offset         INTEGER NOT NULL,
    discomfort        INTEGER CHECK (discomfort BETWEEN 0 AND 10),
    discomfort_before INTEGER CHECK (discomfort_before BETWEEN 0 AND 10),
    stiffness         INTEGER CHECK (stiffness BETWEEN 0 AND 10),
    mobility          TEXT    CHECK (mobility IN
                              ('much-worse', 'worse', 'same', 'better', 'much-better')),
    tighter_side      TEXT    CHECK (tighter_side IN ('left', 'right', 'even')),
    cracks            INTEGER CHECK (cracks BETWEEN 0 AND 100),
    flags             TEXT    NOT NULL DEFAULT '[]',
    note              TEXT,
    session_id        INTEGER REFERENCES sessions (id)
);
CREATE INDEX entries_by_time ON entries (at_utc);
CREATE INDEX entries_by_session ON entries (session_id);
"""

# A CHECK constraint cannot be altered in place, so sessions is rebuilt (SQLite's
# documented procedure; foreign keys are off while migrations run). Written out in
# full like _V1, so that a released migration never changes when a later one does.
_V2 = """
CREATE TABLE sessions_v2 (
    id              INTEGER PRIMARY KEY,
    routine         TEXT    NOT NULL,
    started_utc     TEXT    NOT NULL,
    started_offset  INTEGER NOT NULL,
    ended_utc       TEXT    NOT NULL,
    ended_offset    INTEGER NOT NULL,
    planned_seconds REAL    NOT NULL CHECK (planned_seconds >= 0),
    actual_seconds  REAL    NOT NULL CHECK (actual_seconds >= 0),
    paused_seconds  REAL    NOT NULL CHECK (paused_seconds >= 0),
    steps_completed TEXT    NOT NULL DEFAULT '[]',
    steps_skipped   TEXT    NOT NULL DEFAULT '[]',
    outcome         TEXT    NOT NULL CHECK (outcome IN
                            ('completed', 'quit', 'interrupted', 'stopped')),
    timeline        TEXT    NOT NULL DEFAULT '[]',
    stopped_step    TEXT
);
INSERT INTO sessions_v2 (id, routine, started_utc, started_offset, ended_utc, ended_offset,
                         planned_seconds, actual_seconds, paused_seconds, steps_completed,
                         steps_skipped, outcome, timeline)
    SELECT id, routine, started_utc, started_offset, ended_utc, ended_offset, planned_seconds,
           actual_seconds, paused_seconds, steps_completed, steps_skipped, outcome, timeline
    FROM sessions;
DROP TABLE sessions;
ALTER TABLE sessions_v2 RENAME TO sessions;
CREATE INDEX sessions_by_start ON sessions (started_utc);
CREATE INDEX sessions_by_routine ON sessions (routine, started_utc);
"""

# Sessions recorded afterwards (`crackcoach done`), and the changes made with `edit`,
# `delete` and `undo`: each keeps the record as it was (and, for an edit, as it became)
# in the export's JSON shape, so an old version can always be put back.
_V3 = """
ALTER TABLE sessions ADD COLUMN recorded_afterwards INTEGER NOT NULL DEFAULT 0
    CHECK (recorded_afterwards IN (0, 1));
CREATE TABLE changes (
    id          INTEGER PRIMARY KEY,
    at_utc      TEXT    NOT NULL,
    at_offset   INTEGER NOT NULL,
    action      TEXT    NOT NULL CHECK (action IN ('edit', 'delete')),
    kind        TEXT    NOT NULL CHECK (kind IN ('session', 'entry')),
    record_id   INTEGER NOT NULL,
    old         TEXT    NOT NULL,
    new         TEXT,
    undone_utc  TEXT
);
CREATE INDEX changes_by_record ON changes (kind, record_id);
"""

# `crackcoach cleared`: the times the person recorded that a professional had seen them,
# which close the safety signs recorded before. ``recorded_utc`` is when it was typed (the
# order `undo` goes by); ``undone_utc`` is set when `undo` took it back.
_V4 = """
CREATE TABLE clearances (
    id           INTEGER PRIMARY KEY,
    at_utc       TEXT    NOT NULL,
    at_offset    INTEGER NOT NULL,
    recorded_utc TEXT    NOT NULL,
    undone_utc   TEXT
);
CREATE INDEX clearances_by_time ON clearances (at_utc);
"""

# Activities the person wants back (the Patient-Specific Functional Scale) and their 0-10
# ratings. A rating belongs to a diary entry, so edit, delete, undo, export and import
# treat it as part of that entry. A removed activity keeps its row and its ratings.
_V5 = """
CREATE TABLE activities (
    id            INTEGER PRIMARY KEY,
    name          TEXT    NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    added_utc     TEXT    NOT NULL,
    added_offset  INTEGER NOT NULL,
    removed_utc   TEXT
);
CREATE TABLE activity_ratings (
    entry_id      INTEGER NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
    activity_id   INTEGER NOT NULL REFERENCES activities (id),
    score         INTEGER NOT NULL CHECK (score BETWEEN 0 AND 10),
    PRIMARY KEY (entry_id, activity_id)
) WITHOUT ROWID;
CREATE INDEX activity_ratings_by_activity ON activity_ratings (activity_id);
"""


# Globally unique ids, so that diaries on several machines can be merged (see
# store/sync.py): every session, entry and change gets a random 128-bit ``uid``
# beside its short id, filled in by a trigger when a writer leaves it out.
# ``sync_ops`` keeps every change known to the sync folder, this machine's and
# the others'. Triggers hold ";" inside, so this script is a list of statements.
_NEW_UID = "lower(hex(randomblob(16)))"
_V6 = (
    "ALTER TABLE sessions ADD COLUMN uid TEXT",
    "ALTER TABLE entries ADD COLUMN uid TEXT",
    "ALTER TABLE changes ADD COLUMN uid TEXT",
    "ALTER TABLE changes ADD COLUMN record_uid TEXT",
    f"UPDATE sessions SET uid = {_NEW_UID}",
    f"UPDATE entries SET uid = {_NEW_UID}",
    f"UPDATE changes SET uid = {_NEW_UID}",
    "UPDATE changes SET record_uid = (SELECT e.uid FROM entries AS e WHERE e.id = "
    "changes.record_id) WHERE action = 'edit'",
    f"UPDATE changes SET record_uid = {_NEW_UID} WHERE record_uid IS NULL",
    "CREATE UNIQUE INDEX sessions_by_uid ON sessions (uid)",
    "CREATE UNIQUE INDEX entries_by_uid ON entries (uid)",
    "CREATE UNIQUE INDEX changes_by_uid ON changes (uid)",
    *(f"CREATE TRIGGER {table}_uid AFTER INSERT ON {table} WHEN NEW.uid IS NULL BEGIN "
      f"UPDATE {table} SET uid = {_NEW_UID} WHERE id = NEW.id; END"
      for table in ("sessions", "entries")),
    f"CREATE TRIGGER changes_uid AFTER INSERT ON changes WHEN NEW.uid IS NULL BEGIN "
    f"UPDATE changes SET uid = {_NEW_UID}, record_uid = coalesce(NEW.record_uid, "
    f"{_NEW_UID}) WHERE id = NEW.id; END",
    """CREATE TABLE sync_ops (
    seq      INTEGER PRIMARY KEY,
    op       TEXT    NOT NULL UNIQUE,
    machine  TEXT NOT NULL,
    at_utc   TEXT NOT NULL,
    action   TEXT NOT NULL,
    kind     TEXT NOT NULL,
    record   TEXT NOT NULL,
    body     TEXT,
    target   TEXT,
    link     TEXT
)""",
    "CREATE INDEX sync_ops_by_record ON sync_ops (record)",
    "CREATE INDEX sync_ops_by_link ON sync_ops (link) WHERE link IS NOT NULL",
    "CREATE INDEX changes_by_record_uid ON changes (record_uid)",
)


# Clearances and activities travel through the sync folder too (store/sync.py): each
# gets a uid as sessions and entries did in version 6. ``received`` marks a clearance
# that came from another machine, which this machine's ``undo`` never takes back.
SMALL_KINDS = "kind IN ('clearance', 'activity', 'plan')"
_V7 = (
    "ALTER TABLE clearances ADD COLUMN uid TEXT",
    "ALTER TABLE clearances ADD COLUMN received INTEGER NOT NULL DEFAULT 0 "
    "CHECK (received IN (0, 1))",
    "ALTER TABLE activities ADD COLUMN uid TEXT",
    f"UPDATE clearances SET uid = {_NEW_UID}",
    f"UPDATE activities SET uid = {_NEW_UID}",
    "CREATE UNIQUE INDEX clearances_by_uid ON clearances (uid)",
    "CREATE UNIQUE INDEX activities_by_uid ON activities (uid)",
    *(f"CREATE TRIGGER {table}_uid AFTER INSERT ON {table} WHEN NEW.uid IS NULL BEGIN "
      f"UPDATE {table} SET uid = {_NEW_UID} WHERE id = NEW.id; END"
      for table in ("clearances", "activities")),
    # The few ops of the small kinds, read in full at every sync (the clause is repeated
    # word for word where it is used, so that SQLite picks this index).
    f"CREATE INDEX sync_ops_small ON sync_ops (kind, record) WHERE {SMALL_KINDS}",
)


def _run_statements(db: sqlite3.Connection, statements: tuple[str, ...]) -> None:
    for statement in statements:
        db.execute(statement)


def _run_script(db: sqlite3.Connection, script: str) -> None:
    # executescript() would COMMIT the open transaction; run statement by statement.
    for statement in script.split(";"):
        if statement.strip():
            db.execute(statement)


# Append only: a released migration is never edited, because files in the wild ran it.
MIGRATIONS: tuple[Callable[[sqlite3.Connection], None], ...] = (
    lambda db: _run_script(db, _V1),
    lambda db: _run_script(db, _V2),
    lambda db: _run_script(db, _V3),
    lambda db: _run_script(db, _V4),
    lambda db: _run_script(db, _V5),
    lambda db: _run_statements(db, _V6),
    lambda db: _run_statements(db, _V7),
)
CLEARANCES_VERSION = 4  # the first version with the clearances table
ACTIVITIES_VERSION = 5  # the first version with the activities tables
UID_VERSION = 6  # the first version with uids and sync_ops
SHARED_VERSION = 7  # the first version whose clearances and activities have uids
SCHEMA_VERSION = len(MIGRATIONS)


def session_select(version: int) -> str:
    """The select list of a sessions row (``id`` then SESSION_COLUMNS) at ``version``.

    A read-only connection cannot migrate an older file, so columns added
    later read as their default there (NULL, or 0 for ``recorded_afterwards``).
    """
    added_later = {"stopped_step": (2, "NULL"), "recorded_afterwards": (3, "0"),
                   "uid": (UID_VERSION, "NULL")}
    return ", ".join(["id", *(column if added_later.get(column, (1, ""))[0] <= version
                              else f"{added_later[column][1]} AS {column}"
                              for column in (*SESSION_COLUMNS, "uid"))])


def entry_select(version: int) -> str:
    """The select list of an entries row (``id``, ENTRY_COLUMNS, ``uid``) at ``version``."""
    uid = "uid" if version >= UID_VERSION else "NULL AS uid"
    return ", ".join(["id", *ENTRY_COLUMNS, uid])


ENTRY_SELECT = entry_select(len(MIGRATIONS))


def check_owner(db: sqlite3.Connection, path: Path) -> int:
    """The schema version, after making sure the file is ours (or empty) and not too new."""
    # One statement, so one consistent snapshot even while another process migrates.
    app_id, version, has_tables = db.execute(
        "SELECT a.application_id, v.user_version, (SELECT count(*) FROM sqlite_master)"
        " FROM pragma_application_id() AS a, pragma_user_version() AS v").fetchone()
    if app_id != APPLICATION_ID and (app_id != 0 or version != 0 or has_tables):
        raise DiaryError(foreign_message(path))
    if version > SCHEMA_VERSION:
        raise DiaryError(newer_message(path, version))
    return int(version)


def foreign_message(path: Path) -> str:
    """What to say about another program's database where the diary should be."""
    return (f"{path} is a database of some other program, not a crackcoach diary; it was "
            "left untouched (set CRACKCOACH_HOME to use another folder)")


def newer_message(path: Path, version: int) -> str:
    """What to say about a diary from a newer crackcoach."""
    return (f"the diary {path} was written by a newer crackcoach (schema version {version}; "
            f"this one knows up to {SCHEMA_VERSION}); upgrade crackcoach (e.g. pip install -U "
            "crackcoach) to use it")


def damaged_message(path: Path, detail: str) -> str:
    """What to say about a diary whose tables or values crackcoach cannot have written."""
    return (f"the diary at {path} is damaged: {detail}; it was left untouched: move it aside "
            "to start a new diary, or put back a backup")


def check_columns(db: sqlite3.Connection, path: Path, version: int) -> None:
    """Refuse a file whose tables lack columns this version reads (an edited file)."""
    if version == 0:
        return
    wanted = {"sessions": session_select(version).split(", "),
              "entries": entry_select(version).split(", ")}
    for table, select in wanted.items():
        found = {row[0] for row in db.execute("SELECT name FROM pragma_table_info(?)",
                                              (table,))}
        if not found:
            raise DiaryError(damaged_message(path, f"it has no {table} table"))
        missing = [c for c in select if " AS " not in c and c not in found]
        if missing:
            raise DiaryError(damaged_message(path, f"the {table} table has no column "
                                                   f"{', '.join(missing)}"))


def migrate(db: sqlite3.Connection, path: Path) -> None:
    """Apply the missing migrations, each in its own transaction."""
    while check_owner(db, path) < SCHEMA_VERSION:
        db.execute("BEGIN IMMEDIATE")
        try:
            # Read again under the write lock: another process may have migrated meanwhile.
            version = check_owner(db, path)
            if version < SCHEMA_VERSION:
                if version:
                    check_columns(db, path, version)
                MIGRATIONS[version](db)
                db.execute(f"PRAGMA user_version = {version + 1}")
                db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")
