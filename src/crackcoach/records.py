"""The records that flow from a session to the diary and on to progress.

Plain data classes with no behaviour beyond small conveniences: the runner
produces a :class:`SessionRecord`, the comfort questions produce a
:class:`DiaryEntry`, the store keeps both, and progress reads them back.
Times are timezone-aware datetimes carrying the person's local offset.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal, NamedTuple

Outcome = Literal["completed", "quit", "interrupted"]
OUTCOMES: tuple[Outcome, ...] = ("completed", "quit", "interrupted")

Mobility = Literal["much-worse", "worse", "same", "better", "much-better"]
MOBILITY: tuple[Mobility, ...] = ("much-worse", "worse", "same", "better", "much-better")

Side = Literal["left", "right", "even"]
SIDES: tuple[Side, ...] = ("left", "right", "even")

SCALE_MIN, SCALE_MAX = 0, 10
CRACKS_MAX = 100


class SessionRecord(NamedTuple):
    """What happened in one guided session, finished or not."""

    routine: str
    started_at: datetime
    ended_at: datetime
    planned_seconds: float
    actual_seconds: float
    paused_seconds: float
    steps_completed: tuple[str, ...]
    steps_skipped: tuple[str, ...]
    outcome: Outcome
    timeline: str = "[]"  # JSON snapshot of the phases that were planned
    id: int | None = None


class DiaryEntry(NamedTuple):
    """How the person felt, after a session or on its own.

    Scales are 0-10 (0 = none, 10 = worst imaginable). ``discomfort_before`` is
    only set for entries made around a session.
    """

    at: datetime
    discomfort: int | None = None
    stiffness: int | None = None
    mobility: Mobility | None = None
    tighter_side: Side | None = None
    cracks: int | None = None
    flags: tuple[str, ...] = ()
    note: str | None = None
    discomfort_before: int | None = None
    session_id: int | None = None
    id: int | None = None
