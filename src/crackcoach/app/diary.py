"""Use cases of the comfort diary: ``log`` and ``history``.

``log`` with options is something people put in aliases and scripts, so this
module stays cheap to import: no Rich and no YAML (the views of ``history``
are loaded by it alone).
"""

from __future__ import annotations

import os
import sys
from datetime import datetime

from crackcoach.app.activities import ask_due
from crackcoach.app.common import load_config
from crackcoach.app.env import Env
from crackcoach.base import messages
from crackcoach.base.clocktext import recorded_time
from crackcoach.base.typenames import TYPE_CHECKING, NamedTuple
from crackcoach.diary import values
from crackcoach.diary.activities import normal
from crackcoach.diary.checkin import CheckinCancelled, ask_log
from crackcoach.diary.records import DiaryEntry, SessionRecord
from crackcoach.diary.shapes import document, history_item
from crackcoach.errors import EXIT_INTERRUPTED, EXIT_OK, InputError
from crackcoach.progress.coach import Levels, level_reach
from crackcoach.progress.feedback import after_session_message
from crackcoach.safety import signs
from crackcoach.safety.signs import CRACKS_SEVERAL
from crackcoach.store import open_store

if TYPE_CHECKING:
    from typing import Any

    from crackcoach.store import Store

REQUIRED = ("discomfort", "stiffness")
HISTORY_LIMIT = 20


class LogValues(NamedTuple):
    """The options of ``crackcoach log``, each already read (None: not given)."""

    discomfort: int | None = None
    stiffness: int | None = None
    mobility: str | None = None
    tighter_side: str | None = None
    cracks: int | None = None
    flags: tuple[str, ...] = ()
    note: str | None = None
    at: str | None = None
    activities: tuple[str, ...] = ()  # ID=SCORE, as values.activity_rating reads them

    def missing(self) -> list[str]:
        """The required options that were not given, as option names.

        Activity ratings alone make an entry of their own (they are weekly).
        """
        if self.activities and self.discomfort is None and self.stiffness is None:
            return []
        return [f"--{name}" for name in REQUIRED if getattr(self, name) is None]


def given_fields(options: LogValues) -> dict[str, Any]:
    """The options that were given, as DiaryEntry fields (``--at`` aside)."""

    given: dict[str, Any] = {
        name: getattr(options, name)
        for name in ("discomfort", "stiffness", "mobility", "tighter_side", "cracks")
        if getattr(options, name) is not None}
    if options.note is not None:
        given["note"] = options.note or None
    if options.flags:
        given["flags"] = signs.normalise(options.flags)
    if options.activities:
        given["activities"] = normal(
            (int(i), int(s)) for i, s in (pair.split("=") for pair in options.activities))
    return given


def check_activities(env: Env, options: LogValues) -> None:
    """InputError naming ``--activity`` when it rates an activity the diary does not have.

    Checked before the diary is opened for writing, so a typo creates nothing.
    """
    if not options.activities:
        return
    import os

    known: set[int] = set()
    if os.path.lexists(env.places.diary_path):
        with open_store(env.places.diary_path, read_only=True) as store:
            known = {a.id for a in store.activities()}
    for pair in options.activities:
        activity_id = int(pair.split("=")[0])
        if activity_id not in known:
            raise InputError(f"--activity {pair}: there is no activity a{activity_id} "
                             "('crackcoach activity list' shows them; 'crackcoach activity "
                             "add TEXT' names one)")


def log(env: Env, options: LogValues) -> int:
    """``crackcoach log``: save one entry, from the options or by asking the questions."""
    check_activities(env, options)
    given = given_fields(options)
    now = env.now()
    at = values.read("--at", values.moment(now), options.at) if options.at is not None else now
    missing = options.missing()
    if missing and not env.can_ask:
        raise InputError(messages.LOG_NEEDS_TERMINAL.format(missing=" and ".join(missing)))
    if missing:
        try:
            entry = ask_log(env.ask, env.say, at=at, given=given)
        except CheckinCancelled:
            env.say("\n" + messages.LOG_STOPPED)
            return EXIT_INTERRUPTED
    else:
        entry = DiaryEntry(at=at, **given)
    twin = _twin(env, entry)
    if twin is not None and not _save_twin(env, twin, asked=bool(missing)):
        return EXIT_OK
    with open_store(env.places.diary_path) as store:
        if missing and not entry.activities:  # asked in a terminal: this week's ratings too
            entry = entry._replace(activities=ask_due(env, store))
        entry_id = store.save(entry)  # None: kept in the journal while the diary is busy
        level = recent_level(env, store, entry)
    _confirm(env, entry, entry_id, level)
    return EXIT_OK


def _twin(env: Env, entry: DiaryEntry) -> DiaryEntry | None:
    """An entry already in the diary with the same values in the same minute, if any (a
    command run twice, a question answered twice)."""
    from datetime import timedelta

    if not os.path.lexists(env.places.diary_path):
        return None
    minute = entry.at.replace(second=0, microsecond=0)
    with open_store(env.places.diary_path, read_only=True) as store:
        found = store.entries(since=minute, until=minute + timedelta(minutes=1))
    same = entry._replace(at=minute, id=None, uid=None)
    return next((e for e in found
                 if e._replace(at=e.at.replace(second=0, microsecond=0), id=None,
                               uid=None) == same),
                None)


def _save_twin(env: Env, twin: DiaryEntry, *, asked: bool) -> bool:
    """Whether to save an entry identical to ``twin``: asked after the questions; with
    options (a script, a command run twice) it is not saved again, and that is no error."""

    name = f"diary entry e{twin.id} ({recorded_time(twin.at)})"
    if asked:
        answer = env.ask(f"The same entry is already in the diary: {name}. Save it again? "
                         "[y/N] ")
        if answer.strip().lower() in ("y", "yes"):
            return True
        env.say("Nothing was saved.")
        return False
    env.say(f"Already in the diary: {name} has these values; nothing was saved.")
    return False


def _confirm(env: Env, entry: DiaryEntry, entry_id: int | None, level: float | None
             ) -> None:
    """Confirm a saved entry; a screen that cannot take it does not undo the save.

    Any safety advice comes before the rest (the urgent box before anything).
    """
    try:
        show_saved(env, entry, messages.ENTRY_WAITING if entry_id is None
                   else confirmation(entry, entry_id), level)
        env.stdout.flush()
    except OSError as exc:
        if isinstance(exc, BrokenPipeError):
            raise
        env.warn(messages.entry_saved_unseen(entry_id, str(exc.strerror or exc)))


def show_saved(env: Env, entry: DiaryEntry, saved: str, level: float | None = None) -> None:
    """An entry just saved: its safety advice first, then ``saved`` and the suggestions.

    ``level`` is the person's recent level (:func:`recent_level`), for the flare rule.

    After an urgent sign the urgent box comes before anything else, even the
    line that confirms the entry, and stands alone: no other tier's advice, no
    change line, no suggestion (see
    :func:`crackcoach.progress.feedback.after_session_message`).
    """

    advice = signs.advice_for(entry.flags)
    urgent = signs.has_urgent(entry.flags)
    if not urgent:
        env.say(saved)
    if advice:
        from crackcoach.views.console import console
        from crackcoach.views.diary import print_advice

        env.stdout.flush()
        print_advice(console(env.stdout), advice[:1] if urgent else advice)
    if urgent:
        env.say(saved)
    for line in after_session_message(entry, today=env.now().date(),
                                      cracks_reminded=_cracks_noted_before(env, entry),
                                      level=level):
        env.say(line)


def recent_level(env: Env, store: Store, entry: DiaryEntry) -> float | None:
    """The person's recent discomfort level before ``entry`` (the flare rule's, coach.py)."""
    if entry.discomfort is None:
        return None
    from datetime import time


    start = datetime.combine(level_reach(entry.at.date()), time.min, entry.at.tzinfo)
    levels = Levels(store.iter_entries(start, entry.at), load_config(env).first_weekday)
    return levels.level_before(entry.at.date())


def _cracks_noted_before(env: Env, entry: DiaryEntry) -> bool:
    """True when another entry of the same day already reported cracking several times.

    The note about needing to crack several times a day is then said once for
    that day, not after every entry.
    """

    if entry.cracks is None or entry.cracks < CRACKS_SEVERAL:
        return False
    from datetime import time, timedelta

    day = entry.at.date()
    start = datetime.combine(day - timedelta(days=1), time.min, entry.at.tzinfo)
    with open_store(env.places.diary_path, read_only=True) as store:
        found = sum(1 for e in store.iter_entries(start, start + timedelta(days=3))
                    if e.at.date() == day and (e.cracks or 0) >= CRACKS_SEVERAL)
    return found > 1  # this entry is saved already, so it is one of them


def confirmation(entry: DiaryEntry, entry_id: int) -> str:
    """The line that confirms a saved entry: its id, time and values."""
    parts = [f"{name} {getattr(entry, name)}" for name in
             ("discomfort", "stiffness", "mobility", "tighter_side", "cracks")
             if getattr(entry, name) is not None]
    if entry.flags:
        parts.append("flags " + ", ".join(entry.flags))
    if entry.activities:
        parts.append("activities " + ", ".join(f"a{i} {s}" for i, s in entry.activities))

    when = recorded_time(entry.at)
    summary = ", ".join(part.replace("_", " ") for part in parts)
    return messages.entry_saved(entry_id, when, summary)


def history(env: Env, *, limit: int = HISTORY_LIMIT, since: str | None = None,
            json_output: bool = False) -> int:
    """``crackcoach history``: sessions and diary entries, newest first."""
    start: datetime | None = None
    if since is not None:
        start = values.read("--since", values.moment(env.now(), date_only=True), since)
    # Reading never creates a diary: with none yet, the history is simply empty.
    with open_store(env.places.diary_path, read_only=True) as store:
        # Any limit past what a list can hold means "all of them".
        items = store.history(since=start, limit=min(limit, sys.maxsize))
        more = store.count_since(start) - len(items) if len(items) == limit else 0
    if json_output:
        env.write_json(document("history", records=[record_to_dict(item) for item in items],
                                more=more))
    else:
        from crackcoach.views.console import console
        from crackcoach.views.diary import print_history

        print_history(console(env.stdout), items, more=more, limit=limit)
    return EXIT_OK


def record_to_dict(record: SessionRecord | DiaryEntry) -> dict[str, Any]:
    """A session or an entry as ``history --json`` gives it (see :mod:`crackcoach.diary.shapes`)."""

    return history_item(record)
