"""The one JSON shape of each record type: used by the export, ``history --json`` and the
diary's record of changes.

Field names are public (scripts read them): add, never rename. ``history
--json`` adds ``"type"`` and ``"at"`` to these (see :func:`history_item`).
"""

from __future__ import annotations

from typing import Any

from crackcoach.diary.records import DiaryEntry, SessionRecord

SESSION_FIELDS = ("id", "routine", "started_at", "ended_at", "planned_seconds",
                  "actual_seconds", "paused_seconds", "steps_completed", "steps_skipped",
                  "outcome", "timeline", "stopped_step", "recorded_afterwards", "uid")
ENTRY_FIELDS = ("id", "at", "discomfort_before", "discomfort", "stiffness", "mobility",
                "tighter_side", "cracks", "flags", "note", "session_id", "uid")


def session_dict(r: SessionRecord) -> dict[str, Any]:
    """A session as JSON-ready data, keys in SESSION_FIELDS order."""
    return {"id": r.id, "routine": r.routine, "started_at": r.started_at.isoformat(),
            "ended_at": r.ended_at.isoformat(), "planned_seconds": float(r.planned_seconds),
            "actual_seconds": float(r.actual_seconds), "paused_seconds": float(r.paused_seconds),
            "steps_completed": list(r.steps_completed), "steps_skipped": list(r.steps_skipped),
            "outcome": r.outcome, "timeline": r.timeline, "stopped_step": r.stopped_step,
            "recorded_afterwards": bool(r.recorded_afterwards), "uid": r.uid}


def entry_dict(e: DiaryEntry) -> dict[str, Any]:
    """A diary entry as JSON-ready data, keys in ENTRY_FIELDS order."""
    return {"id": e.id, "at": e.at.isoformat(), "discomfort_before": e.discomfort_before,
            "discomfort": e.discomfort, "stiffness": e.stiffness, "mobility": e.mobility,
            "tighter_side": e.tighter_side, "cracks": e.cracks, "flags": list(e.flags),
            "note": e.note, "session_id": e.session_id, "uid": e.uid}


def record_dict(record: SessionRecord | DiaryEntry) -> dict[str, Any]:
    """The shape of either record type."""
    if isinstance(record, SessionRecord):
        return session_dict(record)
    return entry_dict(record)


def history_item(record: SessionRecord | DiaryEntry) -> dict[str, Any]:
    """A record as ``history --json`` gives it: ``type``, ``at``, then its shape."""
    if isinstance(record, SessionRecord):
        return {"type": "session", "at": record.started_at.isoformat(), **session_dict(record)}
    return {"type": "entry", **entry_dict(record)}
