"""Today's screen as plain text (no Rich: it is the command typed most), and as data.

From 70 columns the twelve-week calendar stands on the left and the plan,
the last entry, the trend and the streak on its right, so the whole screen
fits 80x24; narrower, they stand one above the other. The suggestion comes
last, where the eye ends.
"""

from __future__ import annotations

from collections.abc import Mapping

from crackcoach.base import weekdays
from crackcoach.base.typenames import TYPE_CHECKING
from crackcoach.base.weekdays import day_label
from crackcoach.diary.records import DiaryEntry
from crackcoach.diary.shapes import entry_dict
from crackcoach.plans.easing import summary_line
from crackcoach.plans.today import CalendarWeek, RoutineInfo, Suggestion, Today
from crackcoach.safety import signs
from crackcoach.views.plans import clean, dose, frequency, where_lines, wrapped

if TYPE_CHECKING:
    from typing import Any

SIDE_BY_SIDE = 70  # columns from which the calendar stands beside the rest
GAP = "   "
HEAT = {0: "·", 1: "▒", 2: "▓"}
FULL = "█"  # three sessions or more in a day
LEGEND = "· none ▒ 1 ▓ 2 █ 3+"
_BOLD, _GREEN, _RESET = "\x1b[1m", "\x1b[32m", "\x1b[0m"


def cell(count: int | None) -> str:
    """A day of the calendar: blank for days to come, shaded by counted sessions."""
    if count is None:
        return " "
    return HEAT.get(count, FULL)


def calendar_lines(weeks: tuple[CalendarWeek, ...], first_weekday: int, *, colour: bool
                   ) -> list[str]:
    """A heading of day letters, one row per week (oldest first) with its total, a legend."""
    letters = " ".join(weekdays.TITLES[(first_weekday + n) % 7][0] for n in range(7))
    lines = [f"Week of  {letters}"]
    for week in weeks:
        cells = " ".join(cell(count) for count in week.days)
        if colour:
            cells = " ".join(f"{_GREEN}{cell(c)}{_RESET}" if c else cell(c) for c in week.days)
        lines.append(f"{week.start.strftime('%d %b')}   {cells}  {week.total:>2}")
    lines.append(LEGEND)
    return lines


def entry_text(entry: DiaryEntry) -> str:
    """The latest entry in a few words: when, and how it felt."""
    parts = [f"{name} {getattr(entry, name)}" for name in ("discomfort", "stiffness")
             if getattr(entry, name) is not None]
    if entry.mobility is not None:
        parts.append(f"moving: {entry.mobility.replace('-', ' ')}")
    if entry.discomfort is None and entry.discomfort_before is not None:
        parts.append(f"discomfort before {entry.discomfort_before}")
    if entry.flags:
        parts.append(f"signs: {sign_words(entry.flags)}")
    when = f"{day_label(entry.at.date())} {entry.at.strftime('%H:%M')}"
    return f"{when}, {', '.join(parts)}" if parts else when


def sign_words(keys: tuple[str, ...]) -> str:
    """Safety signs of an entry in a few words each, e.g. "swelling or warmth"."""

    by_key = {flag.key: flag for flag in signs.FLAGS}
    return "; ".join(clean(by_key[key].short or by_key[key].text) if key in by_key
                     else clean(key) for key in keys)


def trend_text(summary: Today) -> str:
    """The trend line: the verdict and the week it judged, e.g. "Trend, week of 12 Jan:
    within day-to-day variation" (short, to stay on one line beside the calendar)."""
    lasting = ", two weeks running" if summary.worsening else ""
    if summary.trend_week is None:
        return f"Discomfort trend: {summary.trend}{lasting}"
    week = summary.trend_week
    return f"Trend, week of {week.day} {week:%b}: {summary.trend}{lasting}"


def _routine_words(name: str, infos: Mapping[str, RoutineInfo]) -> str:
    info = infos.get(name)
    if info is None:
        return f"{name} (not found: 'crackcoach list' shows the routines there are)"
    return f"{clean(info.title)} ({name}, {info.length or f'{info.minutes} min'})"


def status_lines(summary: Today, infos: Mapping[str, RoutineInfo]) -> list[str]:
    """The plan (or the weekly target), the last entry, the trend and the streak."""
    titles = {name: info.title for name, info in infos.items()}
    if summary.standing is not None:
        lines = where_lines(summary.standing, titles, brief=True)
    else:
        lines = [f"No plan: your routine is {_routine_words(summary.default_routine, infos)}",
                 f"This week: {summary.week_sessions} of {summary.weekly_target} sessions "
                 "(your weekly target)",
                 "Plans that build up over weeks: crackcoach plan"]
    last = summary.last_entry
    lines += ["", f"Last entry: {entry_text(last) if last else 'none yet'}",
              trend_text(summary),
              *([f"Function trend: {summary.function_trend}", summary.moved_text]
                if summary.function_trend else []),
              *([] if summary.activities_rated else
                ["Activities not rated this week: crackcoach log --activity ID=SCORE, or "
                 "the questions after a session"]),
              f"Streak: {summary.streak} day{'s' if summary.streak != 1 else ''} in a row"]
    return lines


def suggestion_lines(choice: Suggestion, infos: Mapping[str, RoutineInfo]) -> list[str]:
    """The one suggestion: a routine to start, today done, a rest day, or the advice."""
    if choice.kind == "advice":
        assert choice.advice is not None
        return [f"{choice.advice.title}: {choice.advice.text}", "  " + choice.why,
                "  'crackcoach learn when-to-seek-help' says more. This is not a diagnosis."]
    if choice.kind != "routine" or choice.routine is None:
        return [f"Today: {choice.why}"]
    extra = []
    if choice.quick:
        extra.append("quick version")
    if choice.hold is not None:
        extra.append(f"holds {choice.hold:g} s")
    more = f", {', '.join(extra)}" if extra else ""
    return [f"Next: crackcoach start, {_routine_words(choice.routine, infos)}{more}",
            "  " + choice.why]


def today_text(summary: Today, infos: Mapping[str, RoutineInfo], *, width: int,
               colour: bool = False) -> str:
    """The whole screen, lines without trailing spaces."""
    day = summary.today
    title = f"crackcoach, {day:%A} {day.day} {day:%B %Y}"
    head = [f"{_BOLD}{title}{_RESET}" if colour else title, ""]
    calendar = calendar_lines(summary.calendar, summary.first_weekday, colour=colour)
    left_width = len(calendar[1]) if not colour else len(calendar_lines(
        summary.calendar, summary.first_weekday, colour=False)[1])
    status = status_lines(summary, infos)
    if width >= SIDE_BY_SIDE:
        right = wrapped(status, width - left_width - len(GAP)).splitlines()
        body = _beside(calendar, right, left_width)
    else:
        body = [*wrapped(status, width).splitlines(), "", *calendar]
    suggestion = suggestion_lines(summary.suggestion, infos)
    if summary.easing is not None and summary.suggestion.kind == "routine":
        suggestion.append("  " + summary_line(summary.easing, summary.today))
    tail = ["", *wrapped(suggestion, width).splitlines()]
    if summary.last_entry is None and not any(w.total for w in summary.calendar):
        tail += ["", "New here? 'crackcoach start' guides you through a routine; "
                     "'crackcoach --help' lists every command."]
    return "".join(line.rstrip() + "\n" for line in [*head, *body, *wrapped(tail, width)
                                                     .splitlines()])


def _beside(left: list[str], right: list[str], left_width: int) -> list[str]:
    """Two columns of lines side by side."""
    rows = max(len(left), len(right))
    plain = [_visible_length(line) for line in left]
    return [(left[i] + " " * (left_width - plain[i]) if i < len(left) else " " * left_width)
            + GAP + (right[i] if i < len(right) else "") for i in range(rows)]


def _visible_length(line: str) -> int:
    return len(line.replace(_GREEN, "").replace(_RESET, ""))


def today_data(summary: Today, infos: Mapping[str, RoutineInfo]) -> dict[str, Any]:
    """The screen's figures as JSON-ready data."""
    plan = None
    if summary.standing is not None:
        standing = summary.standing
        plan = {
            "name": standing.plan.name, "title": standing.plan.title,
            "started": standing.started.isoformat(), "week": standing.level,
            "weeks": len(standing.plan.weeks),
            "week_start": standing.current.start.isoformat(),
            "week_end": standing.current.end.isoformat(),
            "routines": [{"routine": s.item.routine, "frequency": frequency(s.item),
                          "dose": dose(s.item), "planned": s.planned, "done": s.done,
                          "due_today": s.due_today, "done_today": s.done_today}
                         for s in standing.current.items],
            "last_move": standing.history[-1].reason if standing.history else None,
            "completed_on": (standing.completed_on.isoformat()
                             if standing.completed_on else None),
        }
    choice = summary.suggestion
    last = summary.last_entry
    return {
        "today": summary.today.isoformat(),
        "plan": plan,
        "weekly_target": summary.weekly_target,
        "sessions_this_week": summary.week_sessions,
        "sessions_today": summary.done_today,
        "last_entry": None if last is None else entry_dict(last),
        "trend": summary.trend,
        "trend_week": summary.trend_week.isoformat() if summary.trend_week else None,
        "worsening_lasted": summary.worsening,
        "sign_open_since": summary.sign.since.isoformat() if summary.sign else None,
        "function_trend": summary.function_trend or None,
        "moved": summary.moved or None,
        "activities_rated_this_week": summary.activities_rated,
        "streak": summary.streak,
        "calendar": [{"week_start": w.start.isoformat(), "days": list(w.days)}
                     for w in summary.calendar],
        "lighter": None if summary.easing is None else {
            "stopped_on": summary.easing.stopped_on.isoformat(),
            "step": summary.easing.step, "routine": summary.easing.routine,
            "until": summary.easing.last_day.isoformat()},
        "suggestion": {"kind": choice.kind, "routine": choice.routine, "quick": choice.quick,
                       "hold": choice.hold, "why": choice.why,
                       "advice": choice.advice.title if choice.advice else None,
                       "minutes": infos[choice.routine].minutes
                       if choice.routine is not None and choice.routine in infos else None},
    }
