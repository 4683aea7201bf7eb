"""How sessions and diary entries map to table rows, and the checks they pass first.

No SQL here: :mod:`crackcoach.store` runs the statements. Every record is
checked before it is written (the schema's CHECK constraints are the last
line of defence), so a bad value is refused with a message naming the field
and its valid range instead of a bare constraint error.

Times are stored as fixed-width UTC text (text order is time order, so range
queries can use an index) plus the UTC offset in seconds the person was in.
"""

from __future__ import annotations

import functools
import json
import sqlite3
from datetime import datetime, timedelta, timezone
from typing import Any

from crackcoach.errors import InputError
from crackcoach.records import (
    CRACKS_MAX,
    MOBILITY,
    OUTCOMES,
    SCALE_MAX,
    SCALE_MIN,
    SIDES,
    DiaryEntry,
    SessionRecord,
)


def to_utc_text(moment: datetime) -> str:
    """The fixed-width UTC text a time is stored as; refuses naive datetimes."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"the store needs timezone-aware times, got {moment.isoformat()}")
    utc = moment.astimezone(timezone.utc).replace(tzinfo=None)
    return utc.isoformat(timespec="microseconds") + "Z"  # e.g. 2024-05-01T06:30:00.000000Z


def offset_of(moment: datetime) -> int:
    """The UTC offset of an aware time, in seconds."""
    offset = moment.utcoffset()
    assert offset is not None  # to_utc_text has refused naive times already
    return int(offset.total_seconds())


def from_db(utc_text: str, offset: int) -> datetime:
    """A stored time back as an aware datetime in its original offset."""
    moment = datetime.fromisoformat(utc_text.rstrip("Z")).replace(tzinfo=timezone.utc)
    return moment.astimezone(_zone(offset))


@functools.lru_cache(maxsize=64)
def _zone(offset: int) -> timezone:
    # Reading 100,000 entries makes as many zones otherwise; people have only a few offsets.
    return timezone(timedelta(seconds=offset))


def _names(text: str) -> tuple[str, ...]:
    return () if text == "[]" else tuple(json.loads(text))


def _problem(record: str, message: str) -> InputError:
    return InputError(f"{record}: {message}")


def session_row(session: SessionRecord) -> dict[str, Any]:
    """The checked column values of a session; InputError naming a bad field."""
    what = f"session of {session.started_at.isoformat()}"
    if not session.routine.strip():
        raise _problem(what, "the routine name is empty")
    if session.outcome not in OUTCOMES:
        raise _problem(what, f"outcome '{session.outcome}' is not one of {', '.join(OUTCOMES)}")
    for name in ("planned_seconds", "actual_seconds", "paused_seconds"):
        value = getattr(session, name)
        if not isinstance(value, (int, float)) or not 0 <= value < float("inf"):
            raise _problem(what, f"{name} must be a number of seconds from 0 up, not {value!r}")
    if session.ended_at < session.started_at:
        raise _problem(what, "it ends before it starts")
    try:
        json.loads(session.timeline)
    except ValueError:
        raise _problem(what, "the timeline snapshot is not valid JSON") from None
    return {
        "routine": session.routine,
        "started_utc": to_utc_text(session.started_at),
        "started_offset": offset_of(session.started_at),
        "ended_utc": to_utc_text(session.ended_at),
        "ended_offset": offset_of(session.ended_at),
        "planned_seconds": float(session.planned_seconds),
        "actual_seconds": float(session.actual_seconds),
        "paused_seconds": float(session.paused_seconds),
        "steps_completed": json.dumps(list(session.steps_completed), ensure_ascii=False),
        "steps_skipped": json.dumps(list(session.steps_skipped), ensure_ascii=False),
        "outcome": session.outcome,
        "timeline": session.timeline,
    }


def _check_number(what: str, name: str, value: object, low: int, high: int) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise _problem(what, f"{name} must be a whole number from {low} to {high}, "
                             f"not {value!r}")


def entry_row(entry: DiaryEntry) -> dict[str, Any]:
    """The checked column values of a diary entry; InputError naming a bad field."""
    what = f"diary entry of {entry.at.isoformat()}"
    for name in ("discomfort", "discomfort_before", "stiffness"):
        _check_number(what, name, getattr(entry, name), SCALE_MIN, SCALE_MAX)
    _check_number(what, "cracks", entry.cracks, 0, CRACKS_MAX)
    if entry.mobility is not None and entry.mobility not in MOBILITY:
        raise _problem(what, f"mobility must be one of {', '.join(MOBILITY)}")
    if entry.tighter_side is not None and entry.tighter_side not in SIDES:
        raise _problem(what, f"tighter_side must be one of {', '.join(SIDES)}")
    if any(not isinstance(flag, str) or not flag for flag in entry.flags):
        raise _problem(what, "flags must be non-empty keys")
    return {
        "at_utc": to_utc_text(entry.at),
        "at_offset": offset_of(entry.at),
        "discomfort": entry.discomfort,
        "discomfort_before": entry.discomfort_before,
        "stiffness": entry.stiffness,
        "mobility": entry.mobility,
        "tighter_side": entry.tighter_side,
        "cracks": entry.cracks,
        "flags": json.dumps(list(entry.flags), ensure_ascii=False),
        "note": entry.note,
        "session_id": entry.session_id,
    }


def session_from(row: sqlite3.Row) -> SessionRecord:
    """A sessions row as a SessionRecord."""
    return SessionRecord(
        routine=row["routine"],
        started_at=from_db(row["started_utc"], row["started_offset"]),
        ended_at=from_db(row["ended_utc"], row["ended_offset"]),
        planned_seconds=row["planned_seconds"],
        actual_seconds=row["actual_seconds"],
        paused_seconds=row["paused_seconds"],
        steps_completed=_names(row["steps_completed"]),
        steps_skipped=_names(row["steps_skipped"]),
        outcome=row["outcome"],
        timeline=row["timeline"],
        id=row["id"],
    )


def entry_from(row: sqlite3.Row) -> DiaryEntry:
    """An entries row as a DiaryEntry."""
    return DiaryEntry(
        at=from_db(row["at_utc"], row["at_offset"]),
        discomfort=row["discomfort"],
        discomfort_before=row["discomfort_before"],
        stiffness=row["stiffness"],
        mobility=row["mobility"],
        tighter_side=row["tighter_side"],
        cracks=row["cracks"],
        flags=_names(row["flags"]),
        note=row["note"],
        session_id=row["session_id"],
        id=row["id"],
    )
