"""What the coach listens to, each answered by one rule in one place (pure).

Today's screen, ``start``, ``plan``, ``stats`` and the report all ask these
three questions here, so they can never disagree (docs/progress.md):

Is a safety sign open?
    An urgent or "soon" sign stays open from the entry that recorded it until
    the person records that a professional has seen them (``crackcoach
    cleared``, at a time after the sign). There is no clock on it: a sign
    twenty days old is as open as one from this morning.

Is a reading a flare?
    A reading is a flare when it is at least :data:`FLARE_ABOVE` points above
    the person's recent level AND at least :data:`FLARE_FLOOR`, or when it rose
    by :data:`FLARE_RISE` or more from before to after one session. The recent
    level is the median of the readings of the last two weeks, among the eight
    before the reading's week, that had at least two readings each (the
    baseline week is such a week). A steady level, however high, is therefore
    never a flare; before there is a level only the rise within a session
    counts.

Has worsening lasted?
    Two calendar weeks running, both judged "possible worsening" by the
    progress rule, is lasting worsening; :func:`crackcoach.progress.weekly.judge`
    decides it with the verdict, and :data:`WORSENING_ADVICE` says it.

Nothing here reads the clock or the disk.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta

from crackcoach.base.typenames import NamedTuple
from crackcoach.diary.records import DiaryEntry
from crackcoach.progress.adherence import week_start
from crackcoach.safety.signs import Advice, Tier, advice_for, tiers_of

SERIOUS: tuple[Tier, ...] = ("urgent", "soon")
FLARE_ABOVE = 2  # points above the recent level...
FLARE_FLOOR = 4  # ...and at least this reading
FLARE_RISE = 2  # or up this much within one session
LEVEL_WEEKS = 2  # weeks the recent level is taken from
LEVEL_READINGS = 2  # readings a week needs to count towards the level
LEVEL_LOOKBACK_WEEKS = 8  # ...found among this many weeks before the reading's week
CLEARED_HINT = "then record it with 'crackcoach cleared'"


# -- open signs ----------------------------------------------------------------------------

class OpenSign(NamedTuple):
    """An urgent or "soon" sign not cleared yet.

    ``since`` is the first sign recorded after the last clearance, ``latest``
    the newest; ``tier`` is the most urgent of them and ``advice`` what it calls
    for.
    """

    since: datetime
    latest: datetime
    tier: Tier
    keys: tuple[str, ...]
    advice: Advice


class SignPeriod(NamedTuple):
    """A stretch of time in which a sign was open (``cleared`` None: open still)."""

    opened: datetime
    cleared: datetime | None


def serious_keys(entry: DiaryEntry) -> tuple[str, ...]:
    """The urgent and "soon" sign keys an entry recorded."""
    return tuple(key for key in entry.flags if set(tiers_of([key])) & set(SERIOUS))


def open_sign(entries: Iterable[DiaryEntry], clearances: Iterable[datetime],
              now: datetime) -> OpenSign | None:
    """The sign open at ``now``, or None.

    ``entries`` may be any entries in any order (those without a sign are
    passed over); ``clearances`` are the times the person recorded being seen.
    """
    last_clear = max((at for at in clearances if at <= now), default=None)
    signs = sorted((e for e in entries if e.at <= now and serious_keys(e)
                    and (last_clear is None or e.at > last_clear)), key=lambda e: e.at)
    if not signs:
        return None
    keys = tuple(dict.fromkeys(key for e in signs for key in serious_keys(e)))
    advice, _ = advice_for(keys)[0]
    return OpenSign(signs[0].at, signs[-1].at, advice.tier, keys, advice)


def sign_periods(entries: Iterable[DiaryEntry], clearances: Iterable[datetime]
                 ) -> list[SignPeriod]:
    """Every stretch of time a sign was open, oldest first."""
    # A clearance at the very time of a sign closes it, as in open_sign: signs sort first.
    events = sorted([(e.at, 0) for e in entries if serious_keys(e)]
                    + [(at, 1) for at in clearances])
    periods: list[SignPeriod] = []
    opened: datetime | None = None
    for at, is_clearance in events:
        if not is_clearance and opened is None:
            opened = at
        elif is_clearance and opened is not None:
            periods.append(SignPeriod(opened, at))
            opened = None
    if opened is not None:
        periods.append(SignPeriod(opened, None))
    return periods


def open_during(periods: Sequence[SignPeriod], first: date, last: date) -> SignPeriod | None:
    """The first period open on a day from ``first`` to ``last``, or None.

    A sign cleared on ``first`` leaves those days to be judged.
    """
    for period in periods:
        cleared = period.cleared.date() if period.cleared else None
        if period.opened.date() <= last and (cleared is None or cleared > first):
            return period
    return None


def sign_words(sign: OpenSign) -> str:
    """One sentence saying a sign is open and what closes it."""
    what = "An urgent safety sign" if sign.tier == "urgent" else "A safety sign"
    return (f"{what} is open since {_day(sign.since.date())}, until a professional has seen "
            f"you: {CLEARED_HINT}.")


def _day(day: date) -> str:
    return f"{day:%a} {day.day} {day:%b %Y}"


# -- flares --------------------------------------------------------------------------------

class Flare(NamedTuple):
    """Why a reading is a flare, in words (e.g. "discomfort 7, your level is 4")."""

    entry: DiaryEntry
    reason: str


class Levels:
    """Each week's readings of a diary, to find the person's recent level before a day."""

    def __init__(self, entries: Iterable[DiaryEntry], first_weekday: int = 0) -> None:
        self.first_weekday = first_weekday
        self.weeks: dict[date, list[int]] = {}
        for entry in entries:
            if entry.discomfort is not None:
                start = week_start(entry.at.date(), first_weekday)
                self.weeks.setdefault(start, []).append(entry.discomfort)

    def level_before(self, day: date) -> float | None:
        """The recent level for a reading on ``day`` (see the module's docstring)."""
        this_week = week_start(day, self.first_weekday)
        first = this_week - timedelta(weeks=LEVEL_LOOKBACK_WEEKS)
        kept = [start for start in sorted(self.weeks)
                if first <= start < this_week and len(self.weeks[start]) >= LEVEL_READINGS]
        readings = sorted(v for start in kept[-LEVEL_WEEKS:] for v in self.weeks[start])
        if not readings:
            return None
        middle = len(readings) // 2
        return float(readings[middle]) if len(readings) % 2 else \
            (readings[middle - 1] + readings[middle]) / 2

    def flare(self, entry: DiaryEntry) -> Flare | None:
        """Whether ``entry`` is a flare by the rule of the module's docstring, and why."""
        return flare_against(entry, self.level_before(entry.at.date()))


def level_reach(day: date) -> date:
    """The first day whose readings can count towards the level of a reading on ``day``."""
    return day - timedelta(weeks=LEVEL_LOOKBACK_WEEKS + 1)


def flare_against(entry: DiaryEntry, level: float | None) -> Flare | None:
    """``entry`` judged against the recent ``level`` (None: no level yet)."""
    now = entry.discomfort
    if now is None:
        return None
    if entry.discomfort_before is not None and now - entry.discomfort_before >= FLARE_RISE:
        return Flare(entry, f"discomfort rose from {entry.discomfort_before} to {now} "
                            "in one session")
    if level is not None and now >= FLARE_FLOOR and now - level >= FLARE_ABOVE:
        return Flare(entry, f"discomfort {now}, {_points(now - level)} above your recent "
                            f"level of {level:g}")
    return None


def _points(value: float) -> str:
    return f"{value:g} point{'s' if value != 1 else ''}"


def rule_words() -> str:
    """The flare rule in one sentence, for the screens where it acts."""
    return (f"A flare is a reading {FLARE_ABOVE} or more points above your recent level and "
            f"{FLARE_FLOOR} or more, or a rise of {FLARE_RISE} or more within one session; "
            "a steady level is not a flare.")


# -- lasting worsening ---------------------------------------------------------------------

WORSENING_ADVICE = ("Your discomfort has been above your starting level for two weeks "
                    "running. Please see a doctor or physiotherapist about it; until then "
                    "the light routine is suggested.")
