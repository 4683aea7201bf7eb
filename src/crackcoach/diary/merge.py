"""The merge rule: what a record is, given every change any machine made to it.

The answer depends only on the set of changes, never on the order they
arrived in, so every machine that has read the same changes holds the same
diary:

- a change that an undo takes back does not count;
- a deletion that counts wins over every edit, whenever either was made (the
  edits are kept: undoing the deletion brings the record back with them);
- otherwise the latest edit wins: latest by the time it was made (UTC), ties
  broken by machine id and then change id, so no two machines can disagree;
- with no edit, the record is as it was added.

Kinds that are never deleted follow the same rule: a clearance's undo and an
activity's rename are edits, and each change of the active plan is an edit of
the one record that says which plan is followed.
"""

from __future__ import annotations

from collections.abc import Iterable

from crackcoach.diary.syncfolder import Op


def stamp(op: Op) -> tuple[str, str, str]:
    """The order of changes for "the latest wins": time, then machine, then id."""
    return op.at, op.machine, op.op


def state(ops: Iterable[Op], undone: set[str]) -> Op | None:
    """The op whose body the record now holds, or None when the record is gone.

    ``ops`` are one record's adds, edits and deletes; ``undone`` the ids of
    changes some undo took back.
    """
    latest_edit: Op | None = None
    latest_add: Op | None = None
    for op in ops:
        if op.op in undone:
            continue
        if op.action == "delete":
            return None
        if op.action == "edit" and (latest_edit is None or stamp(op) > stamp(latest_edit)):
            latest_edit = op
        elif op.action == "add" and (latest_add is None or stamp(op) > stamp(latest_add)):
            latest_add = op
    return latest_edit or latest_add
