"""``crackcoach activity``: the activities the person wants back (add, list, remove, rename)."""

from __future__ import annotations

import os
from collections.abc import Sequence
from datetime import date

from crackcoach.app.common import load_config
from crackcoach.app.env import Env
from crackcoach.base.textsafe import printable
from crackcoach.base.typenames import TYPE_CHECKING
from crackcoach.diary import values
from crackcoach.diary.activities import MAX_ACTIVE, Activity, check_name, label
from crackcoach.diary.checkin import CheckinCancelled, ask_activities
from crackcoach.diary.shapes import activity_dict
from crackcoach.errors import EXIT_OK, InputError
from crackcoach.progress.adherence import week_start

if TYPE_CHECKING:
    from typing import Any

_USAGE = {"list": "crackcoach activity list", "add": "crackcoach activity add TEXT",
          "remove": "crackcoach activity remove ID",
          "rename": "crackcoach activity rename ID TEXT"}


def _id(text: str) -> int:
    return int(values.read("ID", values.activity_ref, text))


def _words(action: str, words: Sequence[str], wanted: int) -> list[str]:
    """``words`` as [id, text] or [text]: too few or too many is bad usage."""
    if action in ("add", "rename"):
        head = list(words[:wanted - 1])
        text = " ".join(words[wanted - 1:])
        if len(words) >= wanted and text.strip():
            return [*head, text]
    elif len(words) == wanted:
        return list(words)
    raise InputError(f"activity {action}: expected {_USAGE[action]}")


def activity(env: Env, action: str, words: Sequence[str], *, json_output: bool = False) -> int:
    """Run one ``activity`` action."""
    from crackcoach.store import open_store

    if action == "list":
        if words:
            raise InputError(f"activity list: expected {_USAGE['list']}")
        found: list[Activity] = []
        if os.path.lexists(env.places.diary_path):
            with open_store(env.places.diary_path, read_only=True) as store:
                found = store.activities()
        return _show(env, found, json_output)
    now = env.now()
    if action == "add":
        (name,) = _words(action, words, 1)
        try:
            check_name(name)  # before the diary is created
        except ValueError as exc:
            raise InputError(f"the activity's name {exc}") from None
        with open_store(env.places.diary_path) as store:
            added = store.add_activity(name, now)
        env.say(f"Following activity {label(added.id)}: {_quoted(added.name)}. Rate it 0-10 "
                f"once a week: crackcoach log --activity {added.id}=SCORE")
        return EXIT_OK
    if action == "rename":
        ref, name = _words(action, words, 2)
        with open_store(env.places.diary_path, create=False) as store:
            old, new = store.rename_activity(_id(ref), name)
        env.say(f"Renamed activity {label(new.id)}: {_quoted(old.name)} -> "
                f"{_quoted(new.name)}; its ratings stay.")
        return EXIT_OK
    if action == "remove":
        (ref,) = _words(action, words, 1)
        with open_store(env.places.diary_path, create=False) as store:
            removed = store.remove_activity(_id(ref), now)
        env.say(f"Removed activity {label(removed.id)} {_quoted(removed.name)}: it is no "
                "longer asked about; its ratings stay in the diary.")
        return EXIT_OK
    raise InputError(f"activity {values.as_typed(action)}: expected list, add, remove or rename")


def due(store: Any, today: date, first_weekday: int) -> list[Activity]:
    """The activities to ask about now: all followed ones, unless one was rated this week."""

    followed = [a for a in store.activities() if a.active]
    if not followed:
        return []
    start = week_start(today, first_weekday)
    if any(start <= r.at.date() <= today for r in store.ratings()):
        return []
    return followed


def ask_due(env: Env, store: Any) -> tuple[tuple[int, int], ...]:
    """Ask this week's ratings when they are due; nothing when not, or when cancelled."""

    asked = due(store, env.now().date(), load_config(env).first_weekday)
    if not asked:
        return ()
    try:
        return ask_activities(env.ask, env.say, asked)
    except CheckinCancelled:
        env.say("")
        return ()


def _quoted(name: str) -> str:
    return "'" + printable(name, single_line=True) + "'"


def _show(env: Env, found: list[Activity], json_output: bool) -> int:
    if json_output:
        env.write_json([activity_dict(a) for a in found])
        return EXIT_OK
    active = [a for a in found if a.active]
    if not active:
        env.say("No activities yet. Name up to 5 things your back makes hard, e.g. "
                "crackcoach activity add \"tie my shoes\"")
    for a in active:
        env.say(f"{label(a.id):>4}  {_quoted(a.name)[1:-1]}  (since "
                f"{a.added_at.strftime('%Y-%m-%d')})")
    removed = len(found) - len(active)
    if active:
        env.say(f"{len(active)} of at most {MAX_ACTIVE}; rate them 0-10 once a week "
                "(0 = unable, 10 = as well as before the problem).")
    if removed:
        kept = "activity keeps its" if removed == 1 else "activities keep their"
        env.say(f"{removed} removed {kept} ratings in the diary.")
    return EXIT_OK
