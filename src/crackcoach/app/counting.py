"""The week a session counts in, read from the settings, the active plan and the diary.

Used by the finish screen of ``start`` and by ``done``; the rule is
:func:`crackcoach.plans.week_count.count_for`.
"""

from __future__ import annotations

from datetime import date, timedelta

from crackcoach.app.common import load_config
from crackcoach.app.env import Env
from crackcoach.app.plans import active_plan, read_records, standing
from crackcoach.base.typenames import TYPE_CHECKING
from crackcoach.plans.week_count import count_for
from crackcoach.progress import adherence

if TYPE_CHECKING:
    from crackcoach.plans.week_count import WeekCount


def week_count(env: Env, day: date) -> WeekCount:
    """How the week holding ``day`` stands: the plan week when a plan is active, else the
    calendar week against the weekly target (the diary read after the session was saved)."""

    config = load_config(env)
    active = active_plan(env)
    since = adherence.week_start(day, config.first_weekday) - timedelta(days=1)
    if active.state is not None:
        since = min(since, active.state.started)
    today = env.now().date()
    records = read_records(env, since)
    found = standing(env, active, records, max(today, day), config)
    return count_for(day, found, records.sessions, weekly_target=config.weekly_target,
                     first_weekday=config.first_weekday)
