"""The change verdict of ``stats``, read cheaply for today's screen, ``start`` and ``plan``."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from crackcoach.app.env import Env
from crackcoach.base.typenames import TYPE_CHECKING
from crackcoach.progress import weekly

if TYPE_CHECKING:
    from crackcoach.progress.model import Change


def verdict(env: Env, today: date, first_weekday: int) -> Change:
    """The change against the baseline ``stats`` gives today, for today's screen and ``start``.

    Reads only the diary's first weeks (up to its baseline week) and its latest
    ones (back to the week before the latest judged week), so a long diary
    costs no more than a short one; the rule is :func:`crackcoach.progress.weekly.compute`'s.
    """
    from crackcoach.store import open_store

    with open_store(env.places.diary_path, read_only=True) as store, store.snapshot():
        first = weekly.baseline_slice(store.iter_entries(), first_weekday)
        kept = {entry.id: entry for entry in first}
        latest = weekly.latest_slice(
            store.iter_entries(until=_midnight(today + timedelta(days=2)), newest_first=True),
            today, first_weekday)
        kept.update((entry.id, entry) for entry in latest)
    return weekly.compute([], kept.values(), today=today,
                            first_weekday=first_weekday).change


def _midnight(day: date) -> datetime:
    """The start of ``day`` in this computer's time zone."""
    return datetime.combine(day, time.min).astimezone()
