"""How sessions and diary entries map to table rows, and the checks they pass first.

No SQL here: :mod:`crackcoach.store` runs the statements. Every record is
checked with the same readers an import uses (:mod:`crackcoach.diary.values`), so a
bad value is refused with a message naming the field and its valid range,
whichever way it came in; the schema's CHECK constraints are the last line of
defence.

Reading goes the other way and trusts nothing: a value an edited or damaged
file holds (a blob, a bad time, broken JSON) raises :class:`Damaged` naming the
record and column, which the store reports as a damaged diary.

Times are stored as fixed-width UTC text (text order is time order, so range
queries can use an index) plus the UTC offset in seconds the person was in.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta, timezone

from crackcoach.base.textsafe import shown
from crackcoach.base.typenames import TYPE_CHECKING
from crackcoach.diary import values
from crackcoach.diary.records import (
    CRACKS_MAX,
    ID_MAX,
    MOBILITY,
    OUTCOMES,
    SCALE_MAX,
    SCALE_MIN,
    SECONDS_MAX,
    SIDES,
    DiaryEntry,
    EntryFact,
    SessionRecord,
)
from crackcoach.errors import InputError

if TYPE_CHECKING:
    from typing import Any

# Stored columns besides ``id``, in the order the row tuples below use.
SESSION_COLUMNS = ("routine", "started_utc", "started_offset", "ended_utc", "ended_offset",
                   "planned_seconds", "actual_seconds", "paused_seconds", "steps_completed",
                   "steps_skipped", "outcome", "timeline", "stopped_step", "recorded_afterwards")
ENTRY_COLUMNS = ("at_utc", "at_offset", "discomfort", "discomfort_before", "stiffness",
                 "mobility", "tighter_side", "cracks", "flags", "note", "session_id")
_DAY_SECONDS = 24 * 3600


class Damaged(ValueError):
    """A stored value that crackcoach cannot have written."""


def to_utc_text(moment: datetime) -> str:
    """The fixed-width UTC text a time is stored as; refuses naive datetimes."""
    return _stored(moment)[0]


def offset_of(moment: datetime) -> int:
    """The UTC offset of an aware time, in whole seconds."""
    return _stored(moment)[1]


def _stored(moment: datetime) -> tuple[str, int]:
    """The UTC text (e.g. 2024-05-01T06:30:00.000000Z) and offset a time is stored as."""
    offset = moment.utcoffset()
    if offset is None:
        raise ValueError(f"the store needs timezone-aware times, got {moment.isoformat()}")
    utc = moment.replace(tzinfo=None) - offset
    return utc.isoformat(timespec="microseconds") + "Z", offset.days * 86400 + offset.seconds


# Reading 100,000 entries would make as many zones otherwise; people have only a few offsets.
_ZONES: dict[int, tuple[timezone, timedelta]] = {}


def from_db(utc_text: Any, offset: Any) -> datetime:
    """A stored time back as an aware datetime in its original offset; Damaged if it is not."""
    try:
        if type(utc_text) is not str or len(utc_text) != 27 or utc_text[-1] != "Z":
            raise ValueError
        zone, shift = _ZONES.get(offset) or _zone(offset)
        return (datetime.fromisoformat(utc_text[:-1]) + shift).replace(tzinfo=zone)
    except (ValueError, OverflowError, TypeError):
        raise Damaged(f"{shown(utc_text)} at offset {shown(offset)} is not a "
                      "time") from None


def _zone(offset: int) -> tuple[timezone, timedelta]:
    if type(offset) is not int:
        raise TypeError(offset)
    shift = timedelta(seconds=offset)
    found = _ZONES[offset] = timezone(shift), shift  # ValueError beyond a day
    return found


# --- writing: checked column values ---------------------------------------------------------

# A record's name in a message, made only when there is a problem to name (a sync checks
# a hundred thousand records that have none).
What = Callable[[], str]


def _checked(what: What, checks: Sequence[tuple[str, Callable[[Any], Any], Any]]) -> list[Any]:
    """Each value through its reader; InputError naming the first field that fails."""
    out = []
    for name, read, value in checks:
        try:
            out.append(None if value is None else read(value))
        except ValueError as exc:
            raise InputError(f"{what()}: {name}: {exc}") from None
    return out


def _time(what: What, name: str, moment: datetime) -> datetime:
    """``moment`` if the diary can keep it; InputError naming ``name`` otherwise."""
    if moment.tzinfo is None or moment.utcoffset() is None:  # a programming error
        raise ValueError(f"the store needs timezone-aware times, got {moment.isoformat()}")
    problem = values.moment_problem(moment)
    if problem:
        raise InputError(f"{what()}: {name}: {moment.isoformat()} {problem}")
    return moment


def _names_text(values: Sequence[str]) -> str:
    return _list_encoder()(list(values)) if values else "[]"


@functools.cache
def _list_encoder() -> Callable[[Any], str]:
    """JSON's encoder, loaded only when a list is written (`log` without flags is timed)."""
    import json

    return json.JSONEncoder(ensure_ascii=False).encode


def _typed(read: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """``read`` for a record's own values: a number given as text is not a number here."""
    def check(value: Any) -> Any:
        if isinstance(value, str):
            raise ValueError(f"{shown(value)} is text; expected a number")
        return read(value)

    return check


_SECONDS, _SCALE, _CRACKS, _ID = (_typed(values.field_seconds), _typed(values.field_scale),
                                  _typed(values.field_cracks), _typed(values.record_id))
_OUTCOME, _MOBILITY_READ, _SIDE = (values.choice(OUTCOMES), values.choice(MOBILITY),
                                   values.choice(SIDES))


def check_session(session: SessionRecord) -> None:
    """InputError naming the first field of ``session`` the diary cannot keep.

    The same readers check an import, so what one way in refuses, every way
    does. A naive time is a programming error (ValueError).
    """
    def what() -> str:
        return f"session of {session.started_at.isoformat()}"

    started = _time(what, "started_at", session.started_at)
    ended = _time(what, "ended_at", session.ended_at)
    _checked(what, (
        ("routine", values.nonempty_text, session.routine),
        ("planned_seconds", _SECONDS, session.planned_seconds),
        ("actual_seconds", _SECONDS, session.actual_seconds),
        ("paused_seconds", _SECONDS, session.paused_seconds),
        ("steps_completed", values.name_list, list(session.steps_completed)),
        ("steps_skipped", values.name_list, list(session.steps_skipped)),
        ("outcome", _OUTCOME, session.outcome),
        ("timeline", values.timeline, session.timeline),
        ("stopped_step", values.nonempty_text, session.stopped_step or None),
        ("recorded_afterwards", values.boolean, session.recorded_afterwards),
    ))
    if ended < started:
        raise InputError(f"{what()}: ended_at: it ends before it starts")


def session_columns(session: SessionRecord) -> tuple[Any, ...]:
    """The column values of a checked session, in SESSION_COLUMNS order."""
    started, started_offset = _stored(session.started_at)
    ended, ended_offset = _stored(session.ended_at)
    return (session.routine, started, started_offset, ended, ended_offset,
            float(session.planned_seconds), float(session.actual_seconds),
            float(session.paused_seconds), _names_text(session.steps_completed),
            _names_text(session.steps_skipped), session.outcome, session.timeline,
            session.stopped_step or None, 1 if session.recorded_afterwards else 0)


def session_row(session: SessionRecord) -> tuple[Any, ...]:
    """The checked column values of a session, in SESSION_COLUMNS order."""
    check_session(session)
    return session_columns(session)


def check_entry(entry: DiaryEntry) -> None:
    """InputError naming the first field of ``entry`` the diary cannot keep."""
    def what() -> str:
        return f"diary entry of {entry.at.isoformat()}"

    _time(what, "at", entry.at)
    # One quick test of the numbers and choices (a sync checks a hundred thousand
    # entries); any that fails goes through its reader, which says what is wrong.
    if (_quick_scale(entry.discomfort) and _quick_scale(entry.discomfort_before)
            and _quick_scale(entry.stiffness) and _quick_choice(entry.mobility, _MOBILITY)
            and _quick_choice(entry.tighter_side, _SIDES) and (entry.cracks is None or (
                type(entry.cracks) is int and 0 <= entry.cracks <= CRACKS_MAX))):
        checks: tuple[tuple[str, Callable[[Any], Any], Any], ...] = ()
    else:
        checks = (
            ("discomfort", _SCALE, entry.discomfort),
            ("discomfort_before", _SCALE, entry.discomfort_before),
            ("stiffness", _SCALE, entry.stiffness),
            ("mobility", _MOBILITY_READ, entry.mobility),
            ("tighter_side", _SIDE, entry.tighter_side),
            ("cracks", _CRACKS, entry.cracks))
    _checked(what, (
        *checks,
        ("flags", values.flags, list(entry.flags) if entry.flags else None),
        ("note", values.field_note, entry.note or None),
        ("session_id", _ID, entry.session_id),
    ))


_ENTRY_SHAPE = frozenset(("at", "discomfort_before", "discomfort", "stiffness", "mobility",
                          "tighter_side", "cracks", "flags", "note", "session_id", "activities"))


def quick_entry_columns(shape: dict[str, Any]) -> tuple[Any, ...] | None:
    """The columns (ENTRY_COLUMNS) of an entry in its JSON shape, if it passes the quick test.

    The quick test is :func:`check_entry`'s, for an entry without flags; None for
    any other, which then goes the long way (a record, then :func:`entry_row`,
    which says what is wrong). A sync receives a hundred thousand entries at once.
    """
    get = shape.get
    discomfort, before, stiffness = get("discomfort"), get("discomfort_before"), get("stiffness")
    mobility, side, cracks = get("mobility"), get("tighter_side"), get("cracks")
    note, session_id = get("note"), get("session_id")
    if not (shape.keys() <= _ENTRY_SHAPE and get("flags") == [] and _quick_scale(discomfort)
            and _quick_scale(before) and _quick_scale(stiffness)
            and _quick_choice(mobility, _MOBILITY) and _quick_choice(side, _SIDES)
            and (cracks is None or (type(cracks) is int and 0 <= cracks <= CRACKS_MAX))
            and (session_id is None or (type(session_id) is int and 0 < session_id <= ID_MAX))
            and (note is None or type(note) is str)):
        return None
    try:
        at, offset = _stored(values.field_moment(get("at")))
        if note:
            values.field_note(note)
    except ValueError:
        return None
    return (at, offset, discomfort, before, stiffness, mobility, side, cracks, "[]",
            note or None, session_id)


def _quick_scale(value: Any) -> bool:
    return value is None or (type(value) is int and SCALE_MIN <= value <= SCALE_MAX)


def _quick_choice(value: Any, options: frozenset[str]) -> bool:
    return value is None or (type(value) is str and value in options)


def entry_columns(entry: DiaryEntry) -> tuple[Any, ...]:
    """The column values of a checked entry, in ENTRY_COLUMNS order.

    An empty note is stored as no note, so it exports and imports back the same.
    """
    at, offset = _stored(entry.at)
    return (at, offset, entry.discomfort, entry.discomfort_before, entry.stiffness,
            entry.mobility, entry.tighter_side, entry.cracks, _names_text(entry.flags),
            entry.note or None, entry.session_id)


def entry_row(entry: DiaryEntry) -> tuple[Any, ...]:
    """The checked column values of a diary entry, in ENTRY_COLUMNS order."""
    check_entry(entry)
    return entry_columns(entry)


# --- reading: rows back to records ----------------------------------------------------------

_MOBILITY, _SIDES, _OUTCOMES = frozenset(MOBILITY), frozenset(SIDES), frozenset(OUTCOMES)


# Sessions of one routine store the same few step lists again and again: each is read once.
_NAMES_SEEN: dict[str, tuple[str, ...]] = {}
_NAMES_KEPT = 256


def _stored_names(text: Any, column: str) -> tuple[str, ...]:
    if text == "[]":
        return ()
    seen = _NAMES_SEEN.get(text) if type(text) is str else None
    if seen is not None:
        return seen
    import json  # only for a list not seen before (see _NAMES_SEEN)

    try:
        names = json.loads(text) if type(text) is str else None
    except (ValueError, RecursionError):
        names = None
    if type(names) is not list or not all(type(n) is str for n in names):
        raise Damaged(f"{column} holds {shown(text)}, not a JSON array of names")
    found = tuple(names)
    if len(_NAMES_SEEN) < _NAMES_KEPT and len(text) < 1000:
        _NAMES_SEEN[text] = found
    return found


def _scale_or_none(value: Any, column: str, high: int = SCALE_MAX) -> None:
    if value is not None and (type(value) is not int or not SCALE_MIN <= value <= high):
        raise Damaged(f"{column} holds {shown(value)}, not a whole number "
                      f"{SCALE_MIN}-{high}")


def _text_or_none(value: Any, column: str, choices: frozenset[str] | None = None) -> None:
    if value is not None and (type(value) is not str or (choices and value not in choices)):
        expected = f"one of {', '.join(sorted(choices))}" if choices else "text"
        raise Damaged(f"{column} holds {shown(value)}, not {expected}")


def _seconds(value: Any, column: str) -> None:
    if type(value) not in (float, int) or not 0 <= value <= SECONDS_MAX:  # NaN fails too
        raise Damaged(f"{column} holds {shown(value)}, not a number of seconds")


def _damaged_session(row: Sequence[Any]) -> Damaged:
    """What is wrong with a sessions row the quick check refused."""
    (_, routine, _, _, _, _, planned, actual, paused, _, _, outcome, timeline,
     stopped_step, recorded) = row
    try:
        if type(routine) is not str or not routine:
            raise Damaged(f"routine holds {shown(routine)}, not a name")
        for value, column in ((planned, "planned_seconds"), (actual, "actual_seconds"),
                              (paused, "paused_seconds")):
            _seconds(value, column)
        _text_or_none(outcome, "outcome", _OUTCOMES)
        _text_or_none(timeline, "timeline")
        _text_or_none(stopped_step, "stopped_step")
        if recorded not in (0, 1):
            raise Damaged(f"recorded_afterwards holds {shown(recorded)}, not 0 or 1")
        if outcome is None or not timeline:
            raise Damaged("outcome or timeline is empty")
    except Damaged as exc:
        return exc
    return Damaged("it holds a value crackcoach cannot have written")


def session_from(row: Sequence[Any]) -> SessionRecord:
    """A sessions row (``id``, SESSION_COLUMNS, then ``uid`` from schema 4) as a SessionRecord.

    Damaged if it is not one.
    """
    (record_id, routine, started_utc, started_offset, ended_utc, ended_offset, planned, actual,
     paused, done, skipped, outcome, timeline, stopped_step, recorded) = row[:15]
    uid = row[15] if len(row) > 15 else None
    if not (recorded in (0, 1) and (uid is None or type(uid) is str)
            and type(routine) is str and routine
            and type(planned) is float and type(actual) is float and type(paused) is float
            and 0 <= planned <= SECONDS_MAX and 0 <= actual <= SECONDS_MAX
            and 0 <= paused <= SECONDS_MAX and outcome in _OUTCOMES
            and type(timeline) is str and timeline
            and (stopped_step is None or type(stopped_step) is str)):
        raise _damaged_session(row[:15])
    # _make: the tuple built in C, without the keyword handling of the constructor.
    return SessionRecord._make((
        routine, from_db(started_utc, started_offset), from_db(ended_utc, ended_offset),
        planned, actual, paused, _stored_names(done, "steps_completed"),
        _stored_names(skipped, "steps_skipped"), outcome, timeline, record_id, stopped_step,
        recorded == 1, uid))


def _damaged_entry(row: Sequence[Any]) -> Damaged:
    """What is wrong with an entries row the quick check refused."""
    _, _, _, discomfort, before, stiffness, mobility, side, cracks, _, note, session_id = row
    try:
        for value, column in ((discomfort, "discomfort"), (before, "discomfort_before"),
                              (stiffness, "stiffness")):
            _scale_or_none(value, column)
        _scale_or_none(cracks, "cracks", CRACKS_MAX)
        _text_or_none(mobility, "mobility", _MOBILITY)
        _text_or_none(side, "tighter_side", _SIDES)
        _text_or_none(note, "note")
        if session_id is not None and type(session_id) is not int:
            raise Damaged(f"session_id holds {shown(session_id)}, not a session's id")
    except Damaged as exc:
        return exc
    return Damaged("it holds a value crackcoach cannot have written")


def entry_from(row: Sequence[Any]) -> DiaryEntry:
    """An entries row (``id``, ENTRY_COLUMNS, then ``uid`` from schema 4) as a DiaryEntry.

    Damaged if it is not one.
    """
    (record_id, at_utc, at_offset, discomfort, before, stiffness, mobility, side, cracks,
     flags, note, session_id) = row[:12]
    uid = row[12] if len(row) > 12 else None
    # One quick test of every value; the slow one only runs to say what is wrong.
    if not ((discomfort is None or (type(discomfort) is int and 0 <= discomfort <= SCALE_MAX))
            and (before is None or (type(before) is int and 0 <= before <= SCALE_MAX))
            and (stiffness is None or (type(stiffness) is int and 0 <= stiffness <= SCALE_MAX))
            and (cracks is None or (type(cracks) is int and 0 <= cracks <= CRACKS_MAX))
            and (mobility is None or mobility in _MOBILITY)
            and (side is None or side in _SIDES)
            and (note is None or type(note) is str)
            and (session_id is None or type(session_id) is int)
            and (uid is None or type(uid) is str)):
        raise _damaged_entry(row[:12])
    return DiaryEntry._make((from_db(at_utc, at_offset), discomfort, stiffness, mobility, side,
                             cracks, () if flags == "[]" else _stored_names(flags, "flags"),
                             note, before, session_id, record_id, (), uid))


# The UTC day, and the local clock time in seconds from that day's midnight (negative or
# past a day when the offset moves the entry to the day before or after), are cut out of
# the stored text by SQLite, so a reader of a whole diary makes no datetime per entry.
ENTRY_FACT_SELECT = ("id, at_utc, at_offset, discomfort, discomfort_before, stiffness, "
                     "mobility, tighter_side, cracks, flags, note, session_id, "
                     "substr(at_utc, 1, 10), substr(at_utc, 12, 2) * 3600 + "
                     "substr(at_utc, 15, 2) * 60 + substr(at_utc, 18, 2) + at_offset")
_DAYS: dict[tuple[str, int], date] = {}
# Every value a column may hold; SQLite gives whole numbers as int, never bool or float.
_SCALE_VALUES = frozenset((None, *range(SCALE_MIN, SCALE_MAX + 1)))
_CRACK_VALUES = frozenset((None, *range(CRACKS_MAX + 1)))
_MOBILITY_VALUES, _SIDE_VALUES = frozenset((None, *MOBILITY)), frozenset((None, *SIDES))


def _local_day(utc_day: str, shift: int) -> date:
    """The local day ``shift`` days from the UTC day (-1, 0 or 1), worked out once each."""
    found = _DAYS.get((utc_day, shift))
    if found is None:
        if len(_DAYS) > 100_000:  # some 130 years of days: a diary that odd gets no cache
            _DAYS.clear()
        found = _DAYS[utc_day, shift] = date.fromisoformat(utc_day) + timedelta(days=shift)
    return found


def entry_fact_from(row: Sequence[Any]) -> EntryFact:
    """A row of ENTRY_FACT_SELECT as an EntryFact; Damaged as :func:`entry_from` would be."""
    (entry_id, at_utc, at_offset, discomfort, before, stiffness, mobility, side, cracks, flags,
     note, session_id, utc_day, local_seconds) = row
    try:
        # The quick test of entry_from (a lookup per value), and of the time's form; a
        # value that fails is looked at again by entry_from, which says what is wrong.
        if not (discomfort in _SCALE_VALUES and before in _SCALE_VALUES
                and stiffness in _SCALE_VALUES and cracks in _CRACK_VALUES
                and mobility in _MOBILITY_VALUES and side in _SIDE_VALUES
                and (note is None or type(note) is str)
                and (session_id is None or type(session_id) is int)
                and type(at_utc) is str and len(at_utc) == 27 and at_utc[-1] == "Z"
                and type(at_offset) is int and -_DAY_SECONDS < at_offset < _DAY_SECONDS):
            raise ValueError
        shift = int(local_seconds // _DAY_SECONDS)
        day = _DAYS.get((utc_day, shift)) or _local_day(utc_day, shift)
    except (ValueError, TypeError, OverflowError):
        entry_from(row[:12])  # says exactly what is wrong, or:
        raise Damaged(f"{shown(at_utc)} at offset {shown(at_offset)} is not a "
                      "time") from None
    marks = () if flags == "[]" else _stored_names(flags, "flags")
    at = from_db(at_utc, at_offset) if marks or note is not None else None
    return EntryFact._make((day, discomfort, before, stiffness, cracks, side, mobility, marks,
                            note, session_id, at, entry_id))
