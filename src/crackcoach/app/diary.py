"""Use cases of the comfort diary: ``log``, ``history``, ``flags``, ``learn``.

``log`` with options is something people put in aliases and scripts, so this
module stays cheap to import: no Rich, no YAML, and the store is loaded only
when an entry is written.
"""

from __future__ import annotations

import sys
from datetime import datetime
from typing import Any, NamedTuple

from crackcoach import messages, values
from crackcoach.app.env import Env
from crackcoach.errors import EXIT_INTERRUPTED, EXIT_OK, InputError
from crackcoach.records import DiaryEntry, SessionRecord

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

    def missing(self) -> list[str]:
        """The required options that were not given, as option names."""
        return [f"--{name}" for name in REQUIRED if getattr(self, name) is None]


def given_fields(options: LogValues) -> dict[str, Any]:
    """The options that were given, as DiaryEntry fields (``--at`` aside)."""
    from crackcoach import safety

    given: dict[str, Any] = {
        name: getattr(options, name)
        for name in ("discomfort", "stiffness", "mobility", "tighter_side", "cracks")
        if getattr(options, name) is not None}
    if options.note is not None:
        given["note"] = options.note or None
    if options.flags:
        given["flags"] = safety.normalise(options.flags)
    return given


def log(env: Env, options: LogValues) -> int:
    """``crackcoach log``: save one entry, from the options or by asking the questions."""
    given = given_fields(options)
    now = env.now()
    at = values.read("--at", values.moment(now), options.at) if options.at is not None else now
    missing = options.missing()
    if missing and not env.can_ask:
        raise InputError(messages.LOG_NEEDS_TERMINAL.format(missing=" and ".join(missing)))
    if missing:
        from crackcoach.checkin import CheckinCancelled, ask_log

        try:
            entry = ask_log(env.ask, env.say, at=at, given=given)
        except CheckinCancelled:
            env.say("\n" + messages.LOG_STOPPED)
            return EXIT_INTERRUPTED
    else:
        entry = DiaryEntry(at=at, **given)
    from crackcoach.store import open_store

    with open_store(env.diary_path) as store:
        entry_id = store.save(entry)  # None: kept in the journal while the diary is busy
    _confirm(env, entry, entry_id)
    return EXIT_OK


def _confirm(env: Env, entry: DiaryEntry, entry_id: int | None) -> None:
    """Confirm a saved entry; a screen that cannot take it does not undo the save.

    Any safety advice comes before the rest (the urgent box before anything).
    """
    try:
        show_saved(env, entry, messages.ENTRY_WAITING if entry_id is None
                   else confirmation(entry, entry_id))
        env.stdout.flush()
    except OSError as exc:
        if isinstance(exc, BrokenPipeError):
            raise
        env.warn(messages.entry_saved_unseen(entry_id, str(exc.strerror or exc)))


def show_saved(env: Env, entry: DiaryEntry, saved: str) -> None:
    """An entry just saved: its safety advice first, then ``saved`` and the suggestions.

    After an urgent sign the urgent box comes before anything else, even the
    line that confirms the entry, and stands alone: no other tier's advice, no
    change line, no suggestion (see :func:`crackcoach.checkin.after_session_message`).
    """
    from crackcoach import safety
    from crackcoach.checkin import after_session_message

    advice = safety.advice_for(entry.flags)
    urgent = safety.has_urgent(entry.flags)
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
                                      cracks_reminded=_cracks_noted_before(env, entry)):
        env.say(line)


def _cracks_noted_before(env: Env, entry: DiaryEntry) -> bool:
    """True when another entry of the same day already reported cracking several times.

    The note about needing to crack several times a day is then said once for
    that day, not after every entry.
    """
    from crackcoach.safety import CRACKS_SEVERAL

    if entry.cracks is None or entry.cracks < CRACKS_SEVERAL:
        return False
    from datetime import time, timedelta

    from crackcoach.store import open_store

    day = entry.at.date()
    start = datetime.combine(day - timedelta(days=1), time.min, entry.at.tzinfo)
    with open_store(env.diary_path, read_only=True) as store:
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
    when = entry.at.astimezone().strftime("%Y-%m-%d %H:%M")
    summary = ", ".join(part.replace("_", " ") for part in parts)
    return messages.entry_saved(entry_id, when, summary)


def history(env: Env, *, limit: int = HISTORY_LIMIT, since: str | None = None,
            json_output: bool = False) -> int:
    """``crackcoach history``: sessions and diary entries, newest first."""
    from crackcoach.store import open_store

    start: datetime | None = None
    if since is not None:
        start = values.read("--since", values.moment(env.now(), date_only=True), since)
    # Reading never creates a diary: with none yet, the history is simply empty.
    with open_store(env.diary_path, read_only=True) as store:
        # Any limit past what a list can hold means "all of them".
        items = store.history(since=start, limit=min(limit, sys.maxsize))
    if json_output:
        env.write_json([record_to_dict(item) for item in items])
    else:
        from crackcoach.views.console import console
        from crackcoach.views.diary import print_history

        print_history(console(env.stdout), items)
    return EXIT_OK


def record_to_dict(record: SessionRecord | DiaryEntry) -> dict[str, Any]:
    """A session or an entry as ``history --json`` gives it (see :mod:`crackcoach.shapes`)."""
    from crackcoach.shapes import history_item

    return history_item(record)


def flags(env: Env, *, json_output: bool = False) -> int:
    """``crackcoach flags``: the safety signs with their keys and tiers."""
    from crackcoach import safety

    if json_output:
        env.write_json([{"key": f.key, "tier": f.tier, "sign": f.text,
                         "advice": " ".join(filter(None, (safety.ADVICE[f.tier].text, f.note)))}
                        for f in safety.FLAGS])
        return EXIT_OK
    from crackcoach.views.console import console
    from crackcoach.views.diary import print_flags

    print_flags(console(env.stdout))
    return EXIT_OK


def learn(env: Env, topic: str | None = None) -> int:
    """``crackcoach learn [TOPIC]``: the list of pages, or one page."""
    from crackcoach.learn import PAGES, Reference, find_topic
    from crackcoach.views.console import console
    from crackcoach.views.diary import print_topic, print_topics

    if topic is None:
        print_topics(console(env.stdout), PAGES)
        return EXIT_OK
    page = find_topic(topic)
    if isinstance(page, Reference):
        from crackcoach.views.reference import print_reference

        print_reference(console(env.stdout), page.text(env.docs_dir))
    else:
        print_topic(console(env.stdout), page)
    return EXIT_OK
