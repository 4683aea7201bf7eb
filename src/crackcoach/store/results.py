"""What the store hands back besides records."""

from __future__ import annotations

from datetime import datetime
from typing import NamedTuple


class ImportResult(NamedTuple):
    """How many records an import added and how many it skipped as already in the diary."""

    sessions_added: int = 0
    sessions_skipped: int = 0
    entries_added: int = 0
    entries_skipped: int = 0


class DiaryChange(NamedTuple):
    """One correction of the diary: an edit or a deletion, and whether it was undone.

    ``old`` and ``new`` hold the record before and after (``new`` is None for a
    deletion) in its JSON shape (:mod:`crackcoach.shapes`), as JSON text.
    """

    id: int | None
    at: datetime
    action: str  # "edit" or "delete"
    kind: str  # "session" or "entry"
    record_id: int
    old: str
    new: str | None = None
    undone_at: datetime | None = None
