"""Adding many rows in one transaction, quickly: a first sync adds a hundred thousand.

Three habits, each measured with ``bench/sync.py``: rows go into a temporary
table in key order (each at the end of its tree); a large batch into a table
with fewer rows is added before the table's indexes are made again (sorting
once beats growing an index key by key); and it is added by one statement
from a table without constraints, so that SQLite sets up the table's CHECK
constraints once rather than once a row. Everything stays inside the
caller's transaction: a failure takes it all back, indexes included.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterable, Iterator, Sequence

from crackcoach.base.typenames import TYPE_CHECKING

if TYPE_CHECKING:
    from typing import Any

BULK = 5000  # rows added at once from which indexes are made again after them


def fill(db: sqlite3.Connection, table: str, uids: Iterable[str]) -> None:
    """A temporary table of these uids, made empty first."""
    db.execute(f"CREATE TEMP TABLE IF NOT EXISTS {table} (uid TEXT PRIMARY KEY) WITHOUT ROWID")
    db.execute(f"DELETE FROM temp.{table}")
    # In key order, each row goes at the end of the table's tree.
    db.executemany(f"INSERT OR IGNORE INTO temp.{table} VALUES (?)",
                   ((uid,) for uid in sorted(uids)))


@contextlib.contextmanager
def indexes_after(db: sqlite3.Connection, table: str, adding: int) -> Iterator[None]:
    """Many rows into a table with fewer: its indexes made again after them, not grown.

    The index of a UNIQUE column (which INSERT OR IGNORE needs) stays.
    """
    size = db.execute(f"SELECT coalesce(max(rowid), 0) FROM {table}").fetchone()[0]
    if adding < BULK or adding < size:
        yield
        return
    made = db.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND "
                      "tbl_name = ? AND sql IS NOT NULL", (table,)).fetchall()
    for name, _ in made:
        db.execute(f"DROP INDEX {name}")
    yield
    for _, sql in made:
        db.execute(sql)


def insert(db: sqlite3.Connection, table: str, columns: Sequence[str],
           rows: Sequence[tuple[Any, ...]], constant: tuple[str, str] | None = None) -> None:
    """Add ``rows`` (values of ``columns``) to ``table`` in this order.

    ``constant``: one more column and the SQL value it takes in every row.
    """
    if not rows:
        return
    names = ", ".join(columns)
    into = f"INSERT INTO {table} ({names}{', ' + constant[0] if constant else ''})"
    value = f", {constant[1]}" if constant else ""
    places = ", ".join("?" * len(columns))
    if len(rows) < BULK:
        db.executemany(f"{into} VALUES ({places}{value})", rows)
        return
    staged = f"temp.bulk_{table}"
    db.execute(f"CREATE TABLE IF NOT EXISTS {staged} ({names})")
    db.executemany(f"INSERT INTO {staged} VALUES ({places})", rows)
    db.execute(f"{into} SELECT {names}{value} FROM {staged} ORDER BY rowid")
    db.execute(f"DELETE FROM {staged}")
