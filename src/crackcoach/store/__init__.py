"""The diary database: the only package that speaks SQL.

One SQLite file holds the sessions and the diary entries; :func:`open_store`
gives a :class:`Store` to read and write them. The modules inside:

- ``files``: the diary's files before SQLite sees them (links, modes, header bytes)
- ``schema``: the versions of the schema and the migrations between them
- ``opening``: checking, connecting and upgrading, in that order
- ``core``: the open store, its writes and its streaming readers
- ``sqlerrors``: SQLite's errors as one line naming the file
- ``importer``: adding a whole export file in one transaction
- ``results``: what the store hands back besides records

Times are stored twice over: the instant in UTC as fixed-width ISO 8601 text
(so text order is time order and range queries use an index) and the person's
UTC offset in seconds at that moment. They come back as aware datetimes in
that original offset.
"""

from __future__ import annotations

from crackcoach.store.core import Store, staged_import
from crackcoach.store.opening import open_store
from crackcoach.store.results import ImportResult
from crackcoach.store.schema import APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION
from crackcoach.store.sqlerrors import BUSY_TIMEOUT_SECONDS

__all__ = ["APPLICATION_ID", "BUSY_TIMEOUT_SECONDS", "MIGRATIONS", "SCHEMA_VERSION",
           "ImportResult", "Store", "open_store", "staged_import"]
