"""``crackcoach cleared``, and the open safety sign every command asks about.

The rule itself is :func:`crackcoach.progress.coach.open_sign`; this module only
reads what it needs from the diary (the entries with a sign, and the
clearances), so today's screen, ``start``, ``plan``, ``stats`` and the report
all ask the same question of the same records.
"""

from __future__ import annotations

import os
from datetime import datetime, time

from crackcoach.app.env import Env
from crackcoach.base.typenames import TYPE_CHECKING
from crackcoach.diary import values
from crackcoach.errors import EXIT_OK
from crackcoach.progress import coach

if TYPE_CHECKING:
    from crackcoach.diary.records import DiaryEntry
    from crackcoach.progress.coach import OpenSign, SignPeriod


def sign_records(env: Env, until: datetime | None = None
                 ) -> tuple[list[DiaryEntry], list[datetime]]:
    """The entries that recorded a sign and the clearance times (none without a diary)."""
    if not os.path.lexists(env.places.diary_path):
        return [], []
    from crackcoach.store import open_store

    with open_store(env.places.diary_path, read_only=True) as store, store.snapshot():
        entries = store.sign_entries(until)
        times = [c.at for c in store.clearances()]
    return entries, times


def open_sign(env: Env, now: datetime | None = None) -> OpenSign | None:
    """The urgent or "soon" sign open at ``now`` (default: the clock's now), or None."""

    moment = env.now() if now is None else now
    entries, times = sign_records(env)
    return coach.open_sign(entries, times, moment)


def sign_periods(env: Env) -> list[SignPeriod]:
    """Every stretch of time a sign was open, oldest first."""

    entries, times = sign_records(env)
    return coach.sign_periods(entries, times)


def cleared(env: Env, *, at: str | None = None) -> int:
    """``crackcoach cleared``: record that a professional has seen you about your signs."""
    from crackcoach.store import open_store

    now = env.now()
    moment = now if at is None else values.read("--at", values.moment(now, date_only=True), at)
    if at is not None and ":" not in at and moment.time() == time.min:
        # A day alone: seen that day, so the signs of that day are cleared too.
        moment = min(datetime.combine(moment.date(), time(23, 59, 59), moment.tzinfo), now)
    with open_store(env.places.diary_path) as store:
        entries, times = store.sign_entries(), [c.at for c in store.clearances()]
        store.add_clearance(moment, now)
    before = coach.open_sign(entries, times, moment)
    still = coach.open_sign(entries, [*times, moment], now)  # a sign recorded after it
    when = f"{moment:%a} {moment.day} {moment:%b %Y} {moment:%H:%M}"
    undo_hint = "'crackcoach undo' takes this back."
    if before is not None:
        env.say(f"Recorded that a professional saw you on {when}: the safety sign open since "
                f"{before.since:%a} {before.since.day} {before.since:%b} is cleared. Routines "
                f"and your plan go on as before; {undo_hint}")
    elif still is None:
        env.say(f"Recorded that a professional saw you on {when}. No safety sign was open; "
                f"{undo_hint}")
    else:
        env.say(f"Recorded that a professional saw you on {when}; {undo_hint}")
    if still is not None:
        env.say(coach.sign_words(still))
    return EXIT_OK
