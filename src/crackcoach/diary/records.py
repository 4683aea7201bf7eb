"""The records that flow from a session to the diary and on to progress.

Plain data classes with no behaviour beyond small conveniences: the runner
produces a :class:`SessionRecord`, the comfort questions produce a
:class:`DiaryEntry`, the store keeps both, and progress reads them back.
Times are timezone-aware datetimes carrying the person's local offset.

The limits below are the one set that every way into the diary applies
(``crackcoach log``, a saved session, an import), so anything the diary holds
can be exported and imported back.
"""

from __future__ import annotations

from datetime import date, datetime

from crackcoach.base.typenames import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from typing import Literal, TypeAlias

Outcome: TypeAlias = "Literal['completed', 'quit', 'interrupted', 'stopped']"
# "stopped": the person stopped because something hurt (``stopped_step`` says where).
OUTCOMES: tuple[Outcome, ...] = ("completed", "quit", "interrupted", "stopped")

Mobility: TypeAlias = "Literal['much-worse', 'worse', 'same', 'better', 'much-better']"
MOBILITY: tuple[Mobility, ...] = ("much-worse", "worse", "same", "better", "much-better")

Side: TypeAlias = "Literal['left', 'right', 'even']"
SIDES: tuple[Side, ...] = ("left", "right", "even")

SCALE_MIN, SCALE_MAX = 0, 10
CRACKS_MAX = 100

NOTE_MAX = 2000  # characters in a note
NAME_MAX = 200  # characters in a routine or step name (routine files allow 64 and 80)
NAMES_MAX = 10_000  # step names in steps_completed or steps_skipped
FLAGS_MAX = 100  # safety-sign keys on one entry
# A 2-hour routine of half-second phases snapshots to about 6 million characters.
TIMELINE_MAX = 8 * 1024 * 1024  # characters of a session's timeline snapshot
SECONDS_MAX = 366 * 24 * 3600  # any duration of one session, in seconds
EARLIEST_YEAR, LATEST_YEAR = 1970, 9998  # a year on both the local and the UTC clock
ID_MAX = 2**63 - 1  # SQLite's largest integer


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
    stopped_step: str | None = None  # the step during which a "stopped" session ended
    # Recorded with `crackcoach done` after being done away from the keyboard, not timed.
    recorded_afterwards: bool = False
    uid: str | None = None  # globally unique (schema 4): the same record on every machine


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
    # Activity ratings given with this entry: (activity id, 0-10) pairs in id order
    # (see crackcoach.diary.activities).
    activities: tuple[tuple[int, int], ...] = ()
    uid: str | None = None  # globally unique (schema 4): the same record on every machine


class EntryFact(NamedTuple):
    """What progress needs of a diary entry: its local day, its figures, and its time only
    when it has safety answers or a note (the store then skips making a time per entry)."""

    day: date
    discomfort: int | None
    discomfort_before: int | None
    stiffness: int | None
    cracks: int | None
    tighter_side: Side | None
    mobility: Mobility | None
    flags: tuple[str, ...]
    note: str | None
    session_id: int | None
    at: datetime | None  # set when flags or note are
    id: int | None = None

    @classmethod
    def of(cls, entry: DiaryEntry) -> EntryFact:
        """The facts of an entry in hand."""
        return cls(entry.at.date(), entry.discomfort, entry.discomfort_before, entry.stiffness,
                   entry.cracks, entry.tighter_side, entry.mobility, entry.flags, entry.note,
                   entry.session_id, entry.at, entry.id)


class DiaryChange(NamedTuple):
    """One correction of the diary: an edit or a deletion, and whether it was undone.

    ``old`` and ``new`` hold the record before and after (``new`` is None for a
    deletion) in its JSON shape (:mod:`crackcoach.diary.shapes`), as JSON text.
    """

    id: int | None
    at: datetime
    action: str  # "edit" or "delete"
    kind: str  # "session" or "entry"
    record_id: int
    old: str
    new: str | None = None
    undone_at: datetime | None = None


class Clearance(NamedTuple):
    """One ``crackcoach cleared``: when a professional saw the person, and when it was typed.

    It closes the urgent and "soon" signs recorded before ``at``; ``undone`` is
    set when ``undo`` took it back.
    """

    id: int | None
    at: datetime
    recorded: datetime
    undone: datetime | None = None
