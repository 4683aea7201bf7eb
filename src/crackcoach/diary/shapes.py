"""The one JSON shape of each record type: used by the export, every ``--json`` output and
the diary's record of changes.

Field names are public (scripts read them): add, never rename. ``history
--json`` adds ``"type"`` and ``"at"`` to these (see :func:`history_item`).
Every ``--json`` output is one object opened by ``"format": "crackcoach/<kind>"``
and ``"version"`` (see :func:`document`); docs/cli.md documents each shape.

A session's ``timeline`` is a JSON array in every output; the diary keeps it
as the text it was written as (:func:`stored_session_dict`), which is what its
record of changes compares.
"""

from __future__ import annotations

from crackcoach.base.typenames import TYPE_CHECKING, NamedTuple
from crackcoach.diary.activities import Activity
from crackcoach.diary.records import DiaryEntry, SessionRecord

if TYPE_CHECKING:
    from typing import Any

OUTPUT_VERSION = 1  # of every ``--json`` output; raised when a shape changes incompatibly

SESSION_FIELDS = ("id", "routine", "started_at", "ended_at", "planned_seconds",
                  "actual_seconds", "paused_seconds", "steps_completed", "steps_skipped",
                  "outcome", "timeline", "stopped_step", "recorded_afterwards", "uid")
ENTRY_FIELDS = ("id", "at", "discomfort_before", "discomfort", "stiffness", "mobility",
                "tighter_side", "cracks", "flags", "note", "session_id", "activities", "uid")
ACTIVITY_FIELDS = ("id", "name", "added_at", "removed_at")


def document(kind: str, **members: Any) -> dict[str, Any]:
    """A ``--json`` output: its format name and version, then ``members`` in order."""
    return {"format": f"crackcoach/{kind}", "version": OUTPUT_VERSION, **members}


def timeline_array(text: str) -> list[Any]:
    """A timeline snapshot, kept as JSON text, as the array it holds."""
    if text == "[]":
        return []
    import json  # only here: 'log' reads these shapes and never needs json

    value = json.loads(text)
    return value if isinstance(value, list) else []


def session_dict(r: SessionRecord) -> dict[str, Any]:
    """A session as JSON-ready data, keys in SESSION_FIELDS order, the timeline an array."""
    data = stored_session_dict(r)
    data["timeline"] = timeline_array(r.timeline)
    return data


def stored_session_dict(r: SessionRecord) -> dict[str, Any]:
    """A session as the diary's record of changes keeps it: the timeline as its text."""
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
            "note": e.note, "session_id": e.session_id,
            "activities": {str(a): score for a, score in e.activities}, "uid": e.uid}


def activity_dict(a: Activity) -> dict[str, Any]:
    """An activity as JSON-ready data, keys in ACTIVITY_FIELDS order."""
    return {"id": a.id, "name": a.name, "added_at": a.added_at.isoformat(),
            "removed_at": None if a.removed_at is None else a.removed_at.isoformat()}


def record_dict(record: SessionRecord | DiaryEntry) -> dict[str, Any]:
    """Either record type as the diary's record of changes keeps it."""
    if isinstance(record, SessionRecord):
        return stored_session_dict(record)
    return entry_dict(record)


def history_item(record: SessionRecord | DiaryEntry) -> dict[str, Any]:
    """A record as ``history --json`` gives it: ``type``, ``at``, then its shape."""
    if isinstance(record, SessionRecord):
        return {"type": "session", "at": record.started_at.isoformat(), **session_dict(record)}
    return {"type": "entry", **entry_dict(record)}


ROUTINE_FIELDS = ("name", "title", "summary", "tags", "caution", "steps", "seconds", "source",
                  "equipment")
FLAG_FIELDS = ("key", "tier", "sign", "advice")
STATS_MEMBERS = (
    "today", "weeks_asked", "target", "routine", "period_start", "period_end", "weeks",
    "sessions", "entries", "minutes", "weeks_on_target", "streaks", "change",
    "stiffness_change", "skipped", "sides", "mobility", "flags", "notes", "reliance_note",
    "rule", "first_weekday", "counted", "partial", "complete_weeks", "baseline_before_period",
    "earlier_notes", "earlier_flags", "recorded_afterwards", "open_sign", "function", "moved",
    "moved_text", "week_starts_on")
TODAY_MEMBERS = ("today", "plan", "weekly_target", "sessions_this_week", "sessions_today",
                 "last_entry", "trend", "trend_week", "worsening_lasted", "sign_open_since",
                 "function_trend", "moved", "activities_rated_this_week", "streak", "calendar",
                 "lighter", "suggestion")


class Output(NamedTuple):
    """One ``--json`` output as documented: the command, its kind and its members in order."""

    command: str
    kind: str
    members: tuple[str, ...]
    records: str  # what the members hold, in words (the record shapes are RECORDS)


OUTPUTS = (
    Output("today --json", "today", TODAY_MEMBERS,
           "last_entry is an entry (or null); the rest are the screen's figures"),
    Output("list --json", "routines", ("routines",),
           "routines: routines, each with overrides (the files it hides) added"),
    Output("show NAME --json", "routine", ("routine",), "routine: a routine"),
    Output("history --json", "history", ("records", "more"),
           "records: history records, newest first; more: how many older ones --limit "
           "left out"),
    Output("flags --json", "flags", ("flags",), "flags: flags, in the order of the check"),
    Output("stats --json", "stats", STATS_MEMBERS,
           "the figures of the screen; notes and flags hold entries' ids"),
)
RECORDS: dict[str, tuple[str, ...]] = {
    "session": SESSION_FIELDS,
    "entry": ENTRY_FIELDS,
    "history record": ("type", "at", "...the fields of a session or an entry"),
    "routine": ROUTINE_FIELDS,
    "flag": FLAG_FIELDS,
}
