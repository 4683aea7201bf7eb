"""The lighter session of ``start`` in the days after a stop for pain.

The rule itself is :mod:`crackcoach.plans.easing`; this module reads the diary for
it and keeps both versions of the session, so the person can still choose the
full one with a typed word.
"""

from __future__ import annotations

from datetime import date, timedelta

from crackcoach.app.env import Env
from crackcoach.app.plans import read_records
from crackcoach.base.typenames import TYPE_CHECKING, NamedTuple
from crackcoach.plans import easing

if TYPE_CHECKING:
    from crackcoach.plans.easing import Easing
    from crackcoach.routines.model import Routine
    from crackcoach.routines.timeline import Timeline

FULL_WORD = "full"


class Version(NamedTuple):
    """A routine as it will be played, its timeline, and its changes in words."""

    routine: Routine
    plan: Timeline
    overrides: str


class Lighter(NamedTuple):
    """Both versions of today's session while sessions are kept lighter."""

    reason: str  # "Last time Seated rotation hurt (Tue 1 Dec): ..."
    full: Version


def recent_stop(env: Env) -> Easing | None:
    """A stop for pain in the diary recent enough to keep today's session lighter."""

    today = env.now().date()
    records = read_records(env, today - timedelta(days=easing.EASE_DAYS))
    return easing.after_stop(records.sessions, today)


def reason_line(stop: Easing, today_eased: str, today: date) -> str:
    """The words on the opening screen, e.g. "Last time X hurt (today): today's session
    uses the easier versions (easier versions of 3 steps, X left out)."."""
    more = f" ({today_eased})" if today_eased else ""
    return f"{stop.reason(today)}: today's session uses the easier versions{more}."


def full_question() -> str:
    """The typed confirmation that gives the full version back."""
    return (f"Press Enter for the lighter session, or type {FULL_WORD} for the full "
            "routine: ")


def wants_full(answer: str) -> bool:
    """True when the person typed the word for the full version."""
    return answer.strip().lower() == FULL_WORD
