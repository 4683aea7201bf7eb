"""Function over weeks: the activities' ratings judged by the published detectable change (pure).

The Patient-Specific Functional Scale is rated once a week, so it is a weekly
measure. Weeks are the calendar weeks of the discomfort rule. An activity's
value in a week is its latest rating that week; the week's score is the
average of the activities rated that week. The baseline is the first rated
week (for each activity: the first week it was rated). A later complete week
is judged against it with the published detectable change: 2 points on the
average, 3 on one activity. Better by that much in two rated weeks running is
a "meaningful improvement"; worse by that much is a "possible worsening";
anything else is within the scale's measurement error. The current week is
shown, never judged. Higher is better here (10 = as well as before the
problem), the other way round from discomfort.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from crackcoach.base.typenames import TYPE_CHECKING, NamedTuple
from crackcoach.diary.activities import Activity, Rating
from crackcoach.progress.adherence import week_start

if TYPE_CHECKING:
    from typing import Literal, TypeAlias

AVERAGE_POINTS = 2.0  # detectable change of the average (90% confidence)
ACTIVITY_POINTS = 3  # ... and of one activity

FunctionVerdict: TypeAlias = (
    "Literal['not enough data', 'meaningful improvement', 'possible worsening',"
    " 'within measurement error']"
)
FunctionStatus: TypeAlias = (
    "Literal['baseline', 'not rated', 'so far', 'better by enough (1 week)',"
    " 'meaningful improvement', 'possible worsening', 'within measurement error']"
)

RULE = ("Activities are rated 0-10 once a week (0 = unable, 10 = as well as before the "
        "problem). A week's value for an activity is its latest rating that week; the week's "
        "score is the average of the activities rated. Baseline = the first rated week. A "
        "later complete week is compared with it: meaningful improvement = the average up by "
        "at least 2 points (one activity: 3) in two rated weeks running; possible worsening "
        "= down by as much; otherwise within measurement error. The current week is shown "
        "but not judged.")


class FunctionWeek(NamedTuple):
    """One calendar week's ratings."""

    start: date
    average: float | None = None  # None: nothing rated that week
    scores: tuple[tuple[int, int], ...] = ()  # (activity id, its latest rating), id order
    status: FunctionStatus = "not rated"
    so_far: bool = False


class ActivityChange(NamedTuple):
    """One activity: its first rated week against its latest judged one."""

    id: int
    name: str
    active: bool
    verdict: FunctionVerdict
    baseline: int | None = None
    baseline_week: date | None = None
    latest: int | None = None
    latest_week: date | None = None
    difference: int | None = None


class FunctionChange(NamedTuple):
    """The average of the activities in the latest judged week against the baseline week."""

    verdict: FunctionVerdict
    baseline: float | None = None
    baseline_week: date | None = None
    latest: float | None = None
    latest_week: date | None = None
    difference: float | None = None
    rated_weeks: int = 0
    explanation: str = ""
    activities: tuple[ActivityChange, ...] = ()
    weeks: tuple[FunctionWeek, ...] = ()  # every rated week and the current one, oldest first
    rated_this_week: bool = False
    rule: str = RULE


def _step(value: float, baseline: float, points: float) -> FunctionStatus:
    if value - baseline >= points:
        return "better by enough (1 week)"
    if baseline - value >= points:
        return "possible worsening"
    return "within measurement error"


def _run(statuses: list[tuple[date, FunctionStatus]]) -> list[tuple[date, FunctionStatus]]:
    """Better by enough twice running (rated weeks) becomes a meaningful improvement."""
    out: list[tuple[date, FunctionStatus]] = []
    previous_clear = False
    for start, status in statuses:
        clear = status == "better by enough (1 week)"
        out.append((start, "meaningful improvement" if clear and previous_clear else status))
        previous_clear = clear
    return out


def _verdict(status: FunctionStatus | None) -> FunctionVerdict:
    if status in ("meaningful improvement", "possible worsening"):
        return status
    return "not enough data" if status is None else "within measurement error"


def compute(ratings: Iterable[Rating], activities: Sequence[Activity], *, today: date,
            first_weekday: int = 0) -> FunctionChange:
    """The weekly function measure from every rating up to ``today`` (any order)."""
    latest: dict[tuple[date, int], tuple[object, int]] = {}  # (week, activity): (time, score)
    for rating in ratings:
        day = rating.at.date()
        if day > today:
            continue
        key = (week_start(day, first_weekday), rating.activity_id)
        moment = (rating.at, rating.entry_id)
        found = latest.get(key)
        if found is None or moment > found[0]:  # type: ignore[operator]
            latest[key] = (moment, rating.score)
    current = week_start(today, first_weekday)
    by_week: dict[date, dict[int, int]] = {}
    for (start, activity_id), (_, score) in latest.items():
        by_week.setdefault(start, {})[activity_id] = score
    names = {a.id: a for a in activities}
    if not by_week:
        return FunctionChange("not enough data", explanation=_no_ratings(activities))
    starts = sorted(by_week)
    base_start = starts[0]
    base_scores = by_week[base_start]
    base_average = sum(base_scores.values()) / len(base_scores)
    statuses = _run([(s, _step(_average(by_week[s]), base_average, AVERAGE_POINTS))
                     for s in starts[1:] if s < current])
    status_of = dict(statuses)
    weeks = []
    for start in starts if current in by_week else [*starts, current]:
        scores = by_week.get(start, {})
        status: FunctionStatus = ("baseline" if start == base_start else
                                  status_of.get(start, "so far" if start >= current
                                                else "not rated"))
        weeks.append(FunctionWeek(start, _average(scores) if scores else None,
                                  tuple(sorted(scores.items())), status, start >= current))
    last = statuses[-1] if statuses else None
    verdict = _verdict(last[1] if last else None)
    latest_average = _average(by_week[last[0]]) if last else None
    change = FunctionChange(
        verdict, base_average, base_start, latest_average, last[0] if last else None,
        None if latest_average is None else latest_average - base_average,
        len(statuses) + 1, "", _per_activity(by_week, names, current), tuple(weeks),
        current in by_week)
    return change._replace(explanation=explain(change))


def _average(scores: dict[int, int]) -> float:
    return sum(scores.values()) / len(scores)


def _per_activity(by_week: dict[date, dict[int, int]], names: dict[int, Activity],
                  current: date) -> tuple[ActivityChange, ...]:
    found: dict[int, list[tuple[date, int]]] = {}
    for start in sorted(by_week):
        for activity_id, score in by_week[start].items():
            found.setdefault(activity_id, []).append((start, score))
    out = []
    for activity_id in sorted(set(found) | {a for a, act in names.items() if act.active}):
        activity = names.get(activity_id)
        name = activity.name if activity else f"activity {activity_id}"
        active = activity.active if activity else False
        weeks = found.get(activity_id, [])
        if not weeks:
            out.append(ActivityChange(activity_id, name, active, "not enough data"))
            continue
        (base_start, base), judged = weeks[0], [(s, v) for s, v in weeks[1:] if s < current]
        statuses = _run([(s, _step(v, base, ACTIVITY_POINTS)) for s, v in judged])
        if not statuses:
            out.append(ActivityChange(activity_id, name, active, "not enough data", base,
                                      base_start))
            continue
        last_start, last_value = judged[-1]
        out.append(ActivityChange(activity_id, name, active, _verdict(statuses[-1][1]), base,
                                  base_start, last_value, last_start, last_value - base))
    return tuple(out)


def _no_ratings(activities: Sequence[Activity]) -> str:
    if not any(a.active for a in activities):
        return ("No activities named yet: 'crackcoach activity add TEXT' names one your back "
                "makes hard, to follow how well you can do it.")
    return ("No activity rated yet: rate them 0-10 once a week (crackcoach log --activity "
            "ID=SCORE, or the questions after a session).")


def explain(change: FunctionChange) -> str:
    """One or two sentences saying what the function verdict rests on."""
    if change.baseline is None or change.baseline_week is None:
        return change.explanation
    base = (f"Baseline: an average of {change.baseline:.1f} in the week of "
            f"{change.baseline_week.strftime('%d %b %Y')}.")
    if change.latest is None or change.latest_week is None:
        return (f"{base} A later complete rated week is compared with it "
                f"(a change of {AVERAGE_POINTS:g} points counts).")
    shift = f"{change.difference:+.1f}" if change.difference is not None else "?"
    latest = (f"The week of {change.latest_week.strftime('%d %b %Y')}: {change.latest:.1f} "
              f"({shift}).")
    if change.verdict == "meaningful improvement":
        return f"{base} {latest} Up by at least {AVERAGE_POINTS:g} points two rated weeks running."
    if change.verdict == "possible worsening":
        return (f"{base} {latest} Down by {AVERAGE_POINTS:g} points or more: ease off, and "
                "if it stays so, ask a doctor or physiotherapist.")
    return (f"{base} {latest} A change of {AVERAGE_POINTS:g} points on the average "
            "(3 on one activity) is needed to tell it from measurement error.")


def moved(pain: str, function: str) -> tuple[str, str]:
    """Which measure moved, ``pain``, ``function``, ``both`` or ``neither``, and a sentence."""
    pain_moved = pain in ("meaningful improvement", "possible worsening")
    function_moved = function in ("meaningful improvement", "possible worsening")
    word = ("both" if pain_moved and function_moved else "pain" if pain_moved
            else "function" if function_moved else "neither")
    pain_says = {"meaningful improvement": "improved", "possible worsening": "worsened"}
    if word == "both":
        return word, (f"What moved: both pain ({pain_says[pain]}) and function "
                      f"({pain_says[function]}).")
    if word == "pain":
        return word, (f"What moved: pain ({pain_says[pain]}); function {_still(function)}.")
    if word == "function":
        return word, (f"What moved: function ({pain_says[function]}); pain {_still(pain)}.")
    return word, f"What moved: neither yet; pain {_still(pain)}, function {_still(function)}."


def _still(verdict: str) -> str:
    if verdict == "not enough data":
        return "has not enough data yet"
    return "is unchanged (within day-to-day variation)" if verdict.startswith("within day") \
        else "is unchanged (within measurement error)"

