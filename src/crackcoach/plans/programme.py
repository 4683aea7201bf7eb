"""Following a plan through the calendar: which week you are on, and why (pure).

A plan's weeks are seven days each, counted from the day the plan starts
(a plan started on a Saturday has its weeks from Saturday to Friday). At the
end of each week the plan's progression rule decides the next one:

- after a flare or a safety sign (those the plan lists), it drops back
  ``drop-back-weeks`` weeks (never below week 1);
- otherwise it moves up when every condition the plan lists holds: at least
  ``move-up-share`` percent of the planned sessions done (80 unless the plan
  says otherwise, rounded up to whole sessions), at least ``least-sessions``
  counted sessions (never one alone), and discomfort not rising by the progress
  rule, with at least one reading that week to judge by;
- otherwise it stays, and the week is repeated;
- and whatever else, when discomfort has been "possible worsening" two weeks
  running (counted from the plan's start), it drops back a week.

A week in which an urgent or "soon" safety sign was open (until
``crackcoach cleared``) is paused instead: it neither moves nor counts.

Everything is worked out again from the diary, so the answer never depends on
when you last looked. Nothing here reads the clock or the disk.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from crackcoach.base.typenames import NamedTuple
from crackcoach.base.weekdays import day_label
from crackcoach.diary.records import DiaryEntry, SessionRecord
from crackcoach.plans.model import (
    DISCOMFORT_STEADY,
    FLARE,
    PLANNED_DONE,
    SOON_SIGN,
    URGENT_SIGN,
    Plan,
    PlanItem,
    Progression,
)
from crackcoach.progress import adherence
from crackcoach.progress.coach import Levels, SignPeriod, open_during, rule_words
from crackcoach.progress.weekly import discomfort_rose, worsening_lasted
from crackcoach.safety.signs import tiers_of


class Event(NamedTuple):
    """Something that makes a plan ease off: a flare or a safety sign, on a day."""

    day: date
    kind: str  # plans.FLARE, URGENT_SIGN or SOON_SIGN
    text: str  # e.g. "a flare on Wed 12 Nov (discomfort reached 7)"


class ItemStatus(NamedTuple):
    """One planned routine in one week: how often it is planned and how often it was done."""

    item: PlanItem
    planned: int
    done: int  # days with a counted session of the routine
    due_today: bool = False
    done_today: bool = False


class Week(NamedTuple):
    """One calendar week of the plan, and what it led to."""

    start: date
    end: date
    level: int  # the plan's week number followed in it (1-based)
    items: tuple[ItemStatus, ...]
    readings: int  # discomfort readings
    events: tuple[Event, ...]
    move: str = ""  # "up", "stay", "back", "paused" or "complete" once the week is over
    next_level: int = 0
    reason: str = ""

    @property
    def planned(self) -> int:
        """Sessions planned in the week."""
        return sum(status.planned for status in self.items)

    @property
    def done(self) -> int:
        """Planned sessions done (each routine at most once a day)."""
        return sum(min(status.done, status.planned) for status in self.items)


class Standing(NamedTuple):
    """Where a person stands in a plan today."""

    plan: Plan
    started: date
    today: date
    history: tuple[Week, ...]  # finished weeks, oldest first
    current: Week
    completed_on: date | None = None  # the day after the last week first ended well
    paused: SignPeriod | None = None  # a safety sign open in this week: the plan waits

    @property
    def level(self) -> int:
        """The plan's week number followed this week."""
        return self.current.level

    def next_item(self) -> ItemStatus | None:
        """What to do next today: a routine due today and not done yet, set days first."""
        waiting = [s for s in self.current.items if s.due_today and not s.done_today]
        waiting.sort(key=lambda s: 0 if s.item.days else 1)
        return waiting[0] if waiting else None


def weeks_of(started: date, today: date, first_weekday: int = 0) -> list[tuple[date, date]]:
    """The plan's weeks from ``started`` up to the one holding ``today`` (at least one).

    Each is seven days from the plan's start, whatever the first day of the
    calendar week (``first_weekday`` is kept for callers; it changes nothing).
    """
    spans = [(started, started + timedelta(days=6))]
    while spans[-1][1] < today:
        last = spans[-1][1]
        spans.append((last + timedelta(days=1), last + timedelta(days=7)))
    return spans


def stand(plan: Plan, started: date, today: date, sessions: Sequence[SessionRecord],
          entries: Sequence[DiaryEntry], *, first_weekday: int = 0,
          signs: Sequence[SignPeriod] = ()) -> Standing:
    """Walk the plan from ``started`` to ``today`` over the diary's records.

    ``signs`` are the stretches of time a safety sign was open
    (:func:`crackcoach.progress.coach.sign_periods`): a week with one open on any of
    its days is paused, neither moving nor judged.
    """
    levels = Levels(entries, first_weekday)  # readings before the start count for the level
    sessions = [s for s in sessions if adherence.local_day(s) >= started]
    entries = [e for e in entries if e.at.date() >= started]

    spans = weeks_of(started, today, first_weekday)
    level, completed_on = 1, None
    history: list[Week] = []
    for start, end in spans[:-1]:
        week = _week(plan, level, start, end, today, sessions, entries, levels)
        sign = open_during(signs, start, end)
        if sign is not None:
            week = _paused(week, sign)
        else:
            week = _decide(plan, week, discomfort_rose(entries, since=started, until=end,
                                                       first_weekday=first_weekday))
            if worsening_lasted(entries, since=started, until=end,
                                first_weekday=first_weekday):
                week = _worsened(week)
        history.append(week)
        if week.move == "complete" and completed_on is None:
            completed_on = end + timedelta(days=1)
        level = week.next_level
    start, end = spans[-1]
    current = _week(plan, level, start, end, today, sessions, entries, levels)
    latest_first = [p for p in reversed(signs) if p.opened.date() <= today]
    return Standing(plan, started, today, tuple(history), current, completed_on,
                    open_during(latest_first, start, end))


def _worsened(week: Week) -> Week:
    """A week that ended two weeks running of possible worsening: one week back."""
    target = max(1, week.level - 1)
    on = day_label(week.end + timedelta(days=1))
    where = f"Dropped back to week {target}" if target < week.level else "Stayed on week 1"
    return _with(week, "back" if target < week.level else "stay", min(target, week.next_level),
                 f"{where} on {on}: discomfort has been up for two weeks running (see a "
                 "doctor or physiotherapist).")


def _paused(week: Week, sign: SignPeriod) -> Week:
    """A week in which a safety sign was open: the plan stays where it was, unjudged."""
    on = day_label(week.end + timedelta(days=1))
    seen = (f", cleared {day_label(sign.cleared.date())}" if sign.cleared is not None
            else "")
    return _with(week, "paused", week.level,
                 f"Paused on week {week.level} on {on}: a safety sign was open (from "
                 f"{day_label(sign.opened.date())}{seen}); missed sessions do not count.")


def _week(plan: Plan, level: int, start: date, end: date, today: date,
          sessions: Sequence[SessionRecord], entries: Sequence[DiaryEntry],
          levels: Levels | None = None) -> Week:
    inside = [s for s in sessions if start <= adherence.local_day(s) <= end]
    days_by_routine: dict[str, set[date]] = {}
    for session in inside:
        if adherence.counted(session):
            days_by_routine.setdefault(session.routine, set()).add(adherence.local_day(session))
    statuses = []
    for item in plan.week(level).items:
        done_days = days_by_routine.get(item.routine, set())
        if item.days:
            planned = sum(1 for n in range((end - start).days + 1)
                          if (start + timedelta(days=n)).weekday() in item.days)
            due = today.weekday() in item.days
        else:
            planned = item.times
            due = len(done_days) < item.times or today in done_days
        statuses.append(ItemStatus(item, planned, len(done_days),
                                   due_today=start <= today <= end and due,
                                   done_today=today in done_days))
    kept = [e for e in entries if start <= e.at.date() <= end]
    readings = sum(1 for e in kept if e.discomfort is not None)
    return Week(start, end, level, tuple(statuses), readings, tuple(events_in(kept, levels)))


def events_in(entries: Sequence[DiaryEntry], levels: Levels | None = None) -> list[Event]:
    """The flares and the urgent or soon safety signs among ``entries``, oldest first.

    ``levels`` holds the readings the flare rule compares with (crackcoach.progress.coach);
    without it only a rise within one session is a flare.
    """
    found = []
    for entry in sorted(entries, key=lambda e: e.at):
        day = entry.at.date()
        when = day_label(day)
        tiers = tiers_of(entry.flags)
        if "urgent" in tiers:
            found.append(Event(day, URGENT_SIGN, f"an urgent safety sign on {when}"))
        elif "soon" in tiers:
            found.append(Event(day, SOON_SIGN, f"a safety sign on {when} (pause and see a "
                                               "professional)"))
        flare = (levels or Levels(())).flare(entry)
        if flare is not None:
            found.append(Event(day, FLARE, f"a flare on {when} ({flare.reason})"))
    return found


def _decide(plan: Plan, week: Week, rose: bool) -> Week:
    """``week`` with its outcome: the next week's number and the reason, in words."""
    rule = plan.progression
    last = len(plan.weeks)
    on = day_label(week.end + timedelta(days=1))
    triggers = [e for e in week.events if e.kind in rule.drop_back_after]
    if triggers and rule.drop_back_weeks:
        target = max(1, week.level - rule.drop_back_weeks)
        if target < week.level:
            return _with(week, "back", target, f"Dropped back to week {target} on {on} after "
                                               f"{triggers[0].text}.")
        return _with(week, "stay", target, f"Stayed on week 1 on {on} after "
                                           f"{triggers[0].text}.")
    unmet = _unmet(rule, week, rose)
    if unmet:
        return _with(week, "stay", week.level, f"Stayed on week {week.level} on {on}: "
                     + "; ".join(unmet) + ".")
    done = (f"{week.done} of {week.planned} planned sessions done"
            if PLANNED_DONE in rule.move_up_when else f"{week.done} sessions done")
    if week.level >= last:
        return _with(week, "complete", last, f"Plan complete on {on}: the last week went "
                                              f"well ({done}, discomfort steady).")
    return _with(week, "up", week.level + 1, f"Moved up to week {week.level + 1} on {on}: "
                                             f"{done}, discomfort steady.")


def _unmet(rule: Progression, week: Week, rose: bool) -> list[str]:
    """The conditions for moving up that the week did not meet, in words."""
    unmet = [event.text for event in week.events]  # even those the plan does not drop back for
    needed = sessions_needed(rule, week.planned)
    if PLANNED_DONE in rule.move_up_when and week.done < needed:
        unmet.append(f"{week.done} of {week.planned} planned sessions done, {needed} "
                     f"({rule.move_up_share}%) needed")
    if week.done < rule.least_sessions:
        unmet.append(f"at least {rule.least_sessions} counted sessions are needed, "
                     f"{week.done} were done")
    if DISCOMFORT_STEADY in rule.move_up_when:
        if week.readings == 0:
            unmet.append("no discomfort reading to judge by (say how you feel after sessions)")
        elif rose:
            unmet.append("discomfort rose (2 or more points above the plan's first week)")
    return unmet


def sessions_needed(rule: Progression, planned: int) -> int:
    """Planned sessions a week needs to move up: the plan's share, rounded up."""
    return -(-planned * rule.move_up_share // 100)


def _with(week: Week, move: str, next_level: int, reason: str) -> Week:
    return week._replace(move=move, next_level=next_level, reason=reason)


def rule_lines(rule: Progression) -> list[str]:
    """The plan's progression rule in plain sentences, for the screen."""
    needs = []
    if PLANNED_DONE in rule.move_up_when:
        needs.append("every planned session done" if rule.move_up_share >= 100 else
                     f"at least {rule.move_up_share}% of the planned sessions done")
    needs.append(f"at least {rule.least_sessions} counted sessions")
    if DISCOMFORT_STEADY in rule.move_up_when:
        needs.append("discomfort not rising (the weekly rule of 'crackcoach stats', "
                     "from the plan's start)")
    lines = [f"Moves up a week after a week with {', '.join(needs[:-1])} and {needs[-1]}; "
             "otherwise the week is repeated. One session alone never moves it up."]
    if FLARE in rule.drop_back_after and rule.drop_back_weeks:
        weeks = f"{rule.drop_back_weeks} week{'s' if rule.drop_back_weeks > 1 else ''}"
        lines.append(f"Drops back {weeks} after a flare. {rule_words()}")
    lines.append("Drops back a week when discomfort has been up two weeks running; pauses "
                 "while a safety sign is open (until 'crackcoach cleared').")
    lines.append("A session counts when it was completed or at least half its time was "
                 "done; each routine counts once a day.")
    return lines
