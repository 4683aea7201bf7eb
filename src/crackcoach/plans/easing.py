"""After a stop for pain: a lighter session for the next days (pure).

When a session ends with ``x`` ("this hurts"), the sessions of the next
:data:`EASE_DAYS` days (the day of the stop included) play each step's easier
version, and the step that hurt is eased (its easier version) or, where it has
none, left out. The full routine stays one typed word away (see
app/session.py). This module is the one place that decides it: today's screen
says it, ``start`` applies it, both from :func:`after_stop`.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from crackcoach.base.textsafe import printable
from crackcoach.base.typenames import NamedTuple
from crackcoach.base.weekdays import day_label
from crackcoach.diary.records import SessionRecord
from crackcoach.progress.adherence import local_day
from crackcoach.routines.model import Routine, Step

EASE_DAYS = 7  # the day of the stop and the six after it


class Easing(NamedTuple):
    """A recent stop for pain, and the last day the sessions are kept lighter."""

    stopped_on: date
    step: str  # the step during which the person pressed x
    routine: str
    last_day: date

    @property
    def step_shown(self) -> str:
        """The step's name safe for a terminal (it comes from the diary)."""
        return printable(self.step, single_line=True)

    def reason(self, today: date) -> str:
        """Why the session is lighter, e.g. "Last time Seated rotation hurt (Tue 1 Dec)"."""
        when = "today" if self.stopped_on == today else day_label(self.stopped_on)
        return f"Last time {self.step_shown} hurt ({when})"


class Eased(NamedTuple):
    """A routine made lighter: what is played, and what changed, in words."""

    routine: Routine
    eased: tuple[str, ...]  # steps played in their easier version
    left_out: tuple[str, ...]  # steps that hurt and have no easier version

    def words(self) -> str:
        """"easier versions of 3 steps, Seated rotation left out" (or "")."""
        parts = []
        if self.eased:
            count = len(self.eased)
            parts.append(f"easier versions of {count} step{'s' if count != 1 else ''}")
        if self.left_out:
            parts.append(", ".join(printable(n, single_line=True) for n in self.left_out)
                         + " left out")
        return ", ".join(parts)


def after_stop(sessions: Iterable[SessionRecord], today: date) -> Easing | None:
    """The latest stop for pain of the last :data:`EASE_DAYS` days, if there was one."""
    since = today - timedelta(days=EASE_DAYS - 1)
    latest: SessionRecord | None = None
    for session in sessions:
        if session.outcome != "stopped" or not since <= local_day(session) <= today:
            continue
        if latest is None or session.started_at > latest.started_at:
            latest = session
    if latest is None:
        return None
    stopped_on = local_day(latest)
    return Easing(stopped_on, latest.stopped_step or "a step", latest.routine,
                  stopped_on + timedelta(days=EASE_DAYS - 1))


def _hurt(step: Step, name: str) -> bool:
    """True when ``step`` (or its easier version) is the step that hurt."""
    names = {step.name} | ({step.easier.name} if step.easier is not None else set())
    return name.casefold() in {n.casefold() for n in names}


def ease(routine: Routine, easing: Easing) -> Eased:
    """``routine`` with every step's easier version; the step that hurt eased or left out.

    A step that hurt even in its easier version (or has none) is left out,
    unless it is the only step left, which is then played eased.
    """
    steps: list[Step] = []
    eased: list[str] = []
    left_out: list[str] = []
    for step in routine.steps:
        hurt = _hurt(step, easing.step)
        if hurt and (step.easier is None or step.easier.name.casefold() ==
                     easing.step.casefold()):
            left_out.append(step.name)
            continue
        if step.easier is not None:
            steps.append(step.easier)
            eased.append(step.name)
        else:
            steps.append(step)
    if not steps:  # nothing left to play: play it all in the easier versions instead
        return Eased(routine.played_as("easier"), tuple(
            s.name for s in routine.steps if s.easier is not None), ())
    return Eased(routine.with_steps(tuple(steps)), tuple(eased), tuple(left_out))


def summary_line(easing: Easing, today: date) -> str:
    """What today's screen says while sessions are lighter."""
    return (f"{easing.reason(today)}: today's session uses the easier versions, that step "
            f"eased or left out, until {day_label(easing.last_day)}.")
