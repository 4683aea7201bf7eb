"""What the store hands back besides records."""

from __future__ import annotations

from crackcoach.base.typenames import NamedTuple


class ImportResult(NamedTuple):
    """How many records an import added and how many it skipped as already in the diary."""

    sessions_added: int = 0
    sessions_skipped: int = 0
    entries_added: int = 0
    entries_skipped: int = 0
    changes_added: int = 0  # edits and deletions carried by a JSON export
    clearances_added: int = 0  # 'crackcoach cleared' records carried by a JSON export

