"""Use cases that correct the diary: ``edit``, ``delete``, ``undo``; and ``done``, which records
a session done away from the keyboard.

A refusal (no such record, nothing to change, no confirmation) happens before the
diary is opened for writing, so it leaves every byte as it was; a missing diary
is never created to find out that a record is not in it.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from datetime import datetime, timedelta
from pathlib import Path

from crackcoach.app.common import routine_folders
from crackcoach.app.counting import week_count
from crackcoach.app.diary import LogValues, check_activities, confirmation, given_fields
from crackcoach.app.env import Env, said_after_saving
from crackcoach.base import messages
from crackcoach.base.clocktext import recorded_time
from crackcoach.base.textsafe import printable
from crackcoach.base.typenames import TYPE_CHECKING
from crackcoach.diary import values
from crackcoach.diary.activities import normal
from crackcoach.diary.records import Clearance, DiaryEntry, SessionRecord
from crackcoach.errors import EXIT_OK, InputError
from crackcoach.progress.adherence import counted, local_day
from crackcoach.routines import library
from crackcoach.routines.timeline import total_seconds
from crackcoach.session.endings import SIGINT
from crackcoach.store import open_store

if TYPE_CHECKING:
    from typing import Any


def _ref(text: str) -> tuple[str, int]:
    """("entry", 12) for e12 or 12, ("session", 3) for s3."""
    normal = values.read("ID", values.record_ref, text)
    return ("session" if normal[0] == "s" else "entry"), int(normal[1:])


def _name(kind: str, record_id: int) -> str:
    return f"session s{record_id}" if kind == "session" else f"diary entry e{record_id}"


def _find(env: Env, kind: str, record_id: int) -> SessionRecord | DiaryEntry:
    """The record, read without changing the diary; InputError when there is none."""
    found = None
    if os.path.lexists(env.places.diary_path):
        with open_store(env.places.diary_path, read_only=True) as store:
            found = store.find(kind, record_id)
    if found is None:
        raise InputError(f"there is no {_name(kind, record_id)} in the diary ('crackcoach "
                         "history' shows the ids)")
    return found


def describe(record: SessionRecord | DiaryEntry) -> str:
    """One line naming a record and what it holds."""
    if isinstance(record, SessionRecord):
        when = recorded_time(record.started_at)
        return (f"session s{record.id} ({when}): {record.routine}, {record.outcome}, "
                f"{record.actual_seconds / 60:.0f} min")
    return confirmation(record, record.id or 0).removeprefix("Saved ").rstrip(".")


def edit(env: Env, record: str, options: LogValues) -> int:
    """``crackcoach edit ID``: change the given values of a diary entry, keep the old version."""
    kind, record_id = _ref(record)
    if kind == "session":
        raise InputError(f"s{record_id}: a session cannot be edited; delete it ('crackcoach "
                         f"delete s{record_id}') and record it again with 'crackcoach done'")

    check_activities(env, options)
    changes = _changes(env, options)
    if not changes:
        raise InputError("nothing to change: give at least one of log's options, e.g. "
                         f"crackcoach edit e{record_id} --discomfort 3")
    old = _find(env, "entry", record_id)
    assert isinstance(old, DiaryEntry)
    if "activities" in changes:  # a rating given replaces that activity's, others stay

        changes["activities"] = normal((*old.activities, *changes["activities"]))
    new = old._replace(**changes)
    if new == old:
        env.say(f"Diary entry e{record_id} already holds those values; nothing was changed.")
        return EXIT_OK

    with open_store(env.places.diary_path, create=False) as store:
        store.edit_entry(record_id, new, env.now())
    said_after_saving(env, [f"Changed diary entry e{record_id}: {_difference(old, new)}.",
                            "'crackcoach undo' puts the old values back."])
    return EXIT_OK


def _changes(env: Env, options: LogValues) -> dict[str, Any]:
    changes = given_fields(options)
    if options.at is not None:
        changes["at"] = values.read("--at", values.moment(env.now()), options.at)
    return changes


def _difference(old: DiaryEntry, new: DiaryEntry) -> str:
    parts = []
    for name in ("at", "discomfort", "stiffness", "mobility", "tighter_side", "cracks",
                 "flags", "note", "activities"):
        before, after = getattr(old, name), getattr(new, name)
        if before != after:
            parts.append(f"{name.replace('_', ' ')} {_described(before)} -> {_described(after)}")
    return ", ".join(parts)


def _described(value: object) -> str:
    if value is None or value == ():
        return "none"
    if isinstance(value, datetime):
        return recorded_time(value)
    if isinstance(value, tuple):
        return ", ".join(f"a{v[0]} {v[1]}" if isinstance(v, tuple) else str(v) for v in value)
    if isinstance(value, str):
        return values.as_typed(printable(value, single_line=True))
    return str(value)


def delete(env: Env, record: str, *, yes: bool = False) -> int:
    """``crackcoach delete ID``: delete a record after confirming; undo puts it back."""
    kind, record_id = _ref(record)
    if not yes and not env.can_ask:
        raise InputError(f"delete {record}: without a terminal to confirm in, add --yes "
                         f"(crackcoach delete {record} --yes)")
    found = _find(env, kind, record_id)
    if not yes:
        try:
            answer = env.ask(f"Delete {printable(describe(found), single_line=True)}? [y/N] ")
        except (EOFError, KeyboardInterrupt) as exc:
            if getattr(exc, "signum", SIGINT) != SIGINT:
                raise  # kill or a closed terminal: end with that signal, not "Nothing deleted"
            answer = ""
        if answer.strip().lower() not in ("y", "yes"):
            env.say("Nothing was deleted.")
            return EXIT_OK

    with open_store(env.places.diary_path, create=False) as store:
        store.delete(kind, record_id, env.now())
    said_after_saving(env, [f"Deleted {_name(kind, record_id)}. 'crackcoach undo' puts it back."])
    return EXIT_OK


def undo(env: Env) -> int:
    """``crackcoach undo``: put back what the latest edit, delete or clearance changed."""
    if not os.path.lexists(env.places.diary_path):
        env.say("Nothing to undo: the diary has no edits or deletions.")
        return EXIT_OK

    with open_store(env.places.diary_path, create=False) as store:
        result = store.undo(env.now())
    if result is None:
        env.say("Nothing to undo: every edit and deletion has been undone, or there were none.")
        return EXIT_OK
    if isinstance(result, Clearance):
        seen = result.at.strftime("%Y-%m-%d %H:%M")
        env.say(f"Undid 'crackcoach cleared' (seen on {seen}): the safety signs recorded "
                "before it are open again.")
        return EXIT_OK
    change, record_id = result
    of = _record_time(change.old)
    if change.action == "edit":
        line = f"Undid the edit of diary entry e{record_id}{of}: its old values are back."
    else:
        moved = "" if record_id == change.record_id else \
            f" with the new id {'s' if change.kind == 'session' else 'e'}{record_id}"
        line = (f"Undid the deletion of {_name(change.kind, change.record_id)}{of}: it is back"
                f"{moved}.")
    said_after_saving(env, [line])
    return EXIT_OK


def _record_time(kept: str) -> str:
    """" (of 2024-05-01 08:00)": when the record itself was made, read from its kept version
    (the time a person knows it by; the edit or deletion's own time is not it)."""
    import json

    try:
        data = json.loads(kept)
        moment = datetime.fromisoformat(data.get("at") or data["started_at"])
    except (ValueError, KeyError, TypeError, AttributeError):
        return ""
    return f" (of {recorded_time(moment)})"


def done(env: Env, name: str, *, at: str | None = None, minutes: float | None = None,
         extra_dirs: Sequence[Path] = ()) -> int:
    """``crackcoach done ROUTINE``: record a session done away from the keyboard."""

    routine = library.find(name, routine_folders(env, extra_dirs))
    planned = float(total_seconds(routine))
    seconds = planned if minutes is None else minutes * 60
    now = env.now()
    start = (now - timedelta(seconds=seconds) if at is None
             else values.read("--at", values.moment(now), at))
    finished = seconds >= planned
    session = SessionRecord(
        routine=routine.name, started_at=start, ended_at=start + timedelta(seconds=seconds),
        planned_seconds=planned, actual_seconds=seconds, paused_seconds=0.0,
        steps_completed=tuple(step.name for step in routine.steps) if finished else (),
        steps_skipped=(), outcome="completed" if finished else "quit",
        recorded_afterwards=True)
    from crackcoach.store import open_store

    with open_store(env.places.diary_path) as store:
        session_id = store.save(session)  # None: kept in the journal while the diary is busy
    week = week_count(env, local_day(session))
    counts = "counted" if counted(session) else "partial: less than half of it, so not counted"
    which = "the session" if session_id is None else f"session s{session_id}"
    said_after_saving(env, [
        f"Recorded {which}: {routine.name}, {start:%Y-%m-%d %H:%M}, "
        f"{seconds / 60:.0f} min, done away from the keyboard ({counts}).",
        *([messages.ENTRY_WAITING] if session_id is None else []),
        f"Counted in {week.week}: {week.counts()}. Note how you feel with 'crackcoach log'."])
    return EXIT_OK
