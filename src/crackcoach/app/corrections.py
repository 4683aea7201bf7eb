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
from typing import Any

from crackcoach import messages, values
from crackcoach.app.diary import LogValues, confirmation, given_fields
from crackcoach.app.env import Env, said_after_saving
from crackcoach.errors import EXIT_OK, InputError
from crackcoach.records import DiaryEntry, SessionRecord


def _ref(text: str) -> tuple[str, int]:
    """("entry", 12) for e12 or 12, ("session", 3) for s3."""
    normal = values.read("ID", values.record_ref, text)
    return ("session" if normal[0] == "s" else "entry"), int(normal[1:])


def _name(kind: str, record_id: int) -> str:
    return f"session s{record_id}" if kind == "session" else f"diary entry e{record_id}"


def _find(env: Env, kind: str, record_id: int) -> SessionRecord | DiaryEntry:
    """The record, read without changing the diary; InputError when there is none."""
    found = None
    if os.path.lexists(env.diary_path):
        from crackcoach.store import open_store

        with open_store(env.diary_path, read_only=True) as store:
            found = store.find(kind, record_id)
    if found is None:
        raise InputError(f"there is no {_name(kind, record_id)} in the diary ('crackcoach "
                         "history' shows the ids)")
    return found


def describe(record: SessionRecord | DiaryEntry) -> str:
    """One line naming a record and what it holds."""
    if isinstance(record, SessionRecord):
        when = record.started_at.strftime("%Y-%m-%d %H:%M")
        return (f"session s{record.id} ({when}): {record.routine}, {record.outcome}, "
                f"{record.actual_seconds / 60:.0f} min")
    return confirmation(record, record.id or 0).removeprefix("Saved ").rstrip(".")


def edit(env: Env, record: str, options: LogValues) -> int:
    """``crackcoach edit ID``: change the given values of a diary entry, keep the old version."""
    kind, record_id = _ref(record)
    if kind == "session":
        raise InputError(f"s{record_id}: a session cannot be edited; delete it ('crackcoach "
                         f"delete s{record_id}') and record it again with 'crackcoach done'")
    changes = _changes(env, options)
    if not changes:
        raise InputError("nothing to change: give at least one of log's options, e.g. "
                         f"crackcoach edit e{record_id} --discomfort 3")
    old = _find(env, "entry", record_id)
    assert isinstance(old, DiaryEntry)
    new = old._replace(**changes)
    if new == old:
        env.say(f"Diary entry e{record_id} already holds those values; nothing was changed.")
        return EXIT_OK
    from crackcoach.store import open_store

    with open_store(env.diary_path, create=False) as store:
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
                 "flags", "note"):
        before, after = getattr(old, name), getattr(new, name)
        if before != after:
            parts.append(f"{name.replace('_', ' ')} {_shown(before)} -> {_shown(after)}")
    return ", ".join(parts)


def _shown(value: object) -> str:
    from crackcoach.textsafe import printable

    if value is None or value == ():
        return "none"
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, tuple):
        return ", ".join(value)
    if isinstance(value, str):
        return values.shown(printable(value, single_line=True))
    return str(value)


def delete(env: Env, record: str, *, yes: bool = False) -> int:
    """``crackcoach delete ID``: delete a record after confirming; undo puts it back."""
    kind, record_id = _ref(record)
    if not yes and not env.can_ask:
        raise InputError(f"delete {record}: without a terminal to confirm in, add --yes "
                         f"(crackcoach delete {record} --yes)")
    found = _find(env, kind, record_id)
    if not yes:
        from crackcoach.textsafe import printable

        try:
            answer = env.ask(f"Delete {printable(describe(found), single_line=True)}? [y/N] ")
        except (EOFError, KeyboardInterrupt) as exc:
            from crackcoach.endings import SIGINT

            if getattr(exc, "signum", SIGINT) != SIGINT:
                raise  # kill or a closed terminal: end with that signal, not "Nothing deleted"
            answer = ""
        if answer.strip().lower() not in ("y", "yes"):
            env.say("Nothing was deleted.")
            return EXIT_OK
    from crackcoach.store import open_store

    with open_store(env.diary_path, create=False) as store:
        store.delete(kind, record_id, env.now())
    said_after_saving(env, [f"Deleted {_name(kind, record_id)}. 'crackcoach undo' puts it back."])
    return EXIT_OK


def undo(env: Env) -> int:
    """``crackcoach undo``: put back what the latest edit or delete changed."""
    if not os.path.lexists(env.diary_path):
        env.say("Nothing to undo: the diary has no edits or deletions.")
        return EXIT_OK
    from crackcoach.store import open_store

    with open_store(env.diary_path, create=False) as store:
        result = store.undo(env.now())
    if result is None:
        env.say("Nothing to undo: every edit and deletion has been undone, or there were none.")
        return EXIT_OK
    change, record_id = result
    made = change.at.strftime("%Y-%m-%d %H:%M")
    if change.action == "edit":
        line = f"Undid the edit of {made}: diary entry e{record_id} has its old values back."
    else:
        moved = "" if record_id == change.record_id else \
            f" with the new id {'s' if change.kind == 'session' else 'e'}{record_id}"
        line = (f"Undid the deletion of {made}: {_name(change.kind, change.record_id)} is back"
                f"{moved}.")
    said_after_saving(env, [line])
    return EXIT_OK


def done(env: Env, name: str, *, at: str | None = None, minutes: float | None = None,
         extra_dirs: Sequence[Path] = ()) -> int:
    """``crackcoach done ROUTINE``: record a session done away from the keyboard."""
    from crackcoach import library
    from crackcoach.app.routines import routine_folders
    from crackcoach.timeline import total_seconds

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
    from crackcoach.adherence import counted, week_so_far, week_start
    from crackcoach.app.plans import load_config
    from crackcoach.store import open_store

    config = load_config(env)
    monday = week_start(now.date(), config.first_weekday)
    with open_store(env.diary_path) as store:
        session_id = store.save(session)  # None: kept in the journal while the diary is busy
        week = store.sessions(since=datetime.combine(monday - timedelta(days=1),
                                                     datetime.min.time(), now.tzinfo))
    if session_id is None:
        week.append(session)
    done_count, target = week_so_far(week, now.date(), config.weekly_target,
                                     config.first_weekday)
    counts = "counted" if counted(session) else "partial: less than half of it, so not counted"
    which = "the session" if session_id is None else f"session s{session_id}"
    said_after_saving(env, [
        f"Recorded {which}: {routine.name}, {start:%Y-%m-%d %H:%M}, "
        f"{seconds / 60:.0f} min, done away from the keyboard ({counts}).",
        *([messages.ENTRY_WAITING] if session_id is None else []),
        f"This week: {done_count} of {target} sessions. Note how you feel with "
        "'crackcoach log'."])
    return EXIT_OK
