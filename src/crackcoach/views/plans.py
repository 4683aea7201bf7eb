"""Plans as plain text: where you are in one, the plans to choose from, a plan just started.

No Rich: these lines also make up today's screen, which must start fast. Text
from plan files is made safe with :func:`crackcoach.base.textsafe.printable`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, timedelta

from crackcoach.base import weekdays
from crackcoach.base.textsafe import printable
from crackcoach.base.typenames import TYPE_CHECKING
from crackcoach.base.weekdays import day_label
from crackcoach.base.wrap import cut
from crackcoach.plans.dose import describe
from crackcoach.plans.model import FLARE, SOON_SIGN, URGENT_SIGN, Plan, PlanItem
from crackcoach.plans.programme import (
    ItemStatus,
    Standing,
    Week,
    rule_lines,
    sessions_needed,
    weeks_of,
)
from crackcoach.views.columns import Column, render

if TYPE_CHECKING:
    from typing import Any

WIDTH = 100
DONE_MARK, DUE_MARK, IDLE_MARK = "✓", "▸", "·"
MARKS = tuple(f"{mark} " for mark in (DONE_MARK, DUE_MARK, IDLE_MARK))


def clean(text: str) -> str:
    """Text from a file, safe for the terminal and on one line."""
    return printable(text, single_line=True)


def frequency(item: PlanItem) -> str:
    """How often: "every day", "Mon, Wed, Fri", "3 times a week"."""
    if item.days:
        return weekdays.describe(item.days)
    return "once a week" if item.times == 1 else f"{item.times} times a week"


def dose(item: PlanItem, *, steps: bool = True) -> str:
    """The dose beyond the routine itself, e.g. "quick version, holds 30 s", or "".

    ``steps=False`` leaves out the changes to single steps (the week's line on
    today's screen, which must stay short; the plan's outline and the session's
    opening screen give them).
    """
    parts = ["quick version"] if item.quick else []
    if item.hold is not None:
        parts.append(f"holds {item.hold:g} s")
    if item.steps and steps:
        parts.append(clean(describe(item.steps)))
    return ", ".join(parts)


def item_line(status: ItemStatus, titles: Mapping[str, str], *, today: bool = True) -> str:
    """One planned routine in a week: mark, title, how often, how many done."""
    item = status.item
    mark = IDLE_MARK
    if today and status.done_today:
        mark = DONE_MARK
    elif today and status.due_today:
        mark = DUE_MARK
    title = clean(titles.get(item.routine, item.routine))
    extra = [dose(item, steps=False)] if dose(item, steps=False) else []
    if today and status.done_today:
        extra.append("done today")
    tail = f" ({'; '.join(extra)})" if extra else ""
    return f"{mark} {title}, {frequency(item)}: {status.done} of {status.planned}{tail}"


def span(week: Week) -> str:
    """A week's days, e.g. "Mon 17 Nov - Sun 23 Nov"."""
    return f"{day_label(week.start)} - {day_label(week.end)}"


# How a brief line names what makes a plan drop back.
_EVENT_NAMES = {FLARE: "a flare", URGENT_SIGN: "an urgent sign", SOON_SIGN: "a safety sign"}


def where_lines(standing: Standing, titles: Mapping[str, str], *, brief: bool = False
                ) -> list[str]:
    """The plan's title, the week you are on, its routines, and why you are on it
    (``brief``: a coming drop-back names its cause without the figures, which the
    screen says elsewhere)."""
    plan, week = standing.plan, standing.current
    lines = [f"Plan: {clean(plan.title)}",
             f"Week {week.level} of {len(plan.weeks)}, {span(week)}"
             + (", paused" if standing.paused is not None else "")]
    lines += ["  " + item_line(status, titles) for status in week.items]
    note = plan.week(week.level).note
    if note:
        lines.append(clean(note))
    lines += why_lines(standing, brief=brief)
    return lines


def why_lines(standing: Standing, *, brief: bool = False) -> list[str]:
    """The last move of the plan and what is coming, in words."""
    lines = []
    paused = standing.paused
    if paused is not None and paused.cleared is None:
        lines.append(f"Paused while a safety sign is open (since "
                     f"{day_label(paused.opened.date())}): missed sessions do not count.")
    elif paused is not None and paused.cleared is not None:
        lines.append(f"This week is paused: a safety sign was open until "
                     f"{day_label(paused.cleared.date())}; the plan goes on next week.")
    if standing.history:
        lines.append(standing.history[-1].reason)
    elif standing.started == standing.today:
        lines.append("Started today.")
    if standing.completed_on is not None and standing.level == len(standing.plan.weeks):
        lines.append("Plan complete: keep going with this week, or choose another plan.")
    rule = standing.plan.progression
    easing = [e for e in standing.current.events if e.kind in rule.drop_back_after]
    if easing and rule.drop_back_weeks and standing.level > 1 and standing.paused is None:
        after = standing.current.end + timedelta(days=1)
        cause = (f"{_EVENT_NAMES.get(easing[0].kind, 'a setback')} on {day_label(easing[0].day)}"
                 if brief else easing[0].text)
        lines.append(f"After {cause}, the plan drops back on {day_label(after)}.")
    return lines


def standing_text(standing: Standing, titles: Mapping[str, str], width: int = WIDTH) -> str:
    """``crackcoach plan``: where you are, how the plan moves, the weeks so far, the plan."""
    plan = standing.plan
    out = where_lines(standing, titles)
    out += ["", "How it moves"] + ["  " + line for line in rule_lines(plan.progression)]
    if standing.history:
        out += ["", "Weeks so far"]
        for week in standing.history:
            out.append(f"  {span(week)}, week {week.level}: {week.reason}")
    out += ["", f"The plan ({clean(plan.name)}, started {day_label(standing.started)})"]
    out += outline_lines(plan, titles, current=standing.level)
    if plan.caution:
        out += ["", clean(plan.caution)]
    return wrapped(out, width)


def outline_lines(plan: Plan, titles: Mapping[str, str], current: int | None = None
                  ) -> list[str]:
    """Every week of the plan on one line each; the current one marked."""
    lines = []
    for number, week in enumerate(plan.weeks, start=1):
        parts = []
        for item in week.items:
            extra = f" ({dose(item)})" if dose(item) else ""
            parts.append(f"{clean(titles.get(item.routine, item.routine))} "
                         f"{frequency(item)}{extra}")
        mark = DUE_MARK if number == current else " "
        lines.append(f"{mark} week {number}: {'; '.join(parts)}")
    return lines


def catalog_text(plans: Sequence[Plan], width: int = WIDTH) -> str:
    """The plans there are, and how to start one."""
    head = ["No plan is active. A plan says what to do each day for some weeks, and moves "
            "up a week or back as you go.", ""]
    if not plans:
        return wrapped([*head, "No plans found."], width)
    rows = [[p.name, clean(p.title), str(len(p.weeks)), "built-in" if p.builtin else
             str(p.path or p.source)] for p in plans]
    table = render([Column("name"), Column("title", wrap=True), Column("weeks", right=True),
                    Column("source", wrap=True, optional=True)], rows, width=width)
    tail = ["", f"Start one with: crackcoach plan {plans[0].name}",
            "Each plan's weeks: crackcoach plan NAME starts it and shows them."]
    return wrapped(head, width) + table + wrapped(tail, width)


def started_text(plan: Plan, started: date, first_weekday: int, titles: Mapping[str, str],
                 width: int = WIDTH, today: date | None = None) -> str:
    """What ``crackcoach plan NAME`` says once the plan is started (``started`` is today
    unless ``--from`` named an earlier day)."""
    first = weeks_of(started, started, first_weekday)[0]
    when = "today" if today is None or started == today else f"on {day_label(started)}"
    lines = [f"Started {clean(plan.title)} {when}: week 1 runs {day_label(first[0])} - "
             f"{day_label(first[1])}; each week is 7 days."]
    if plan.summary:
        lines.append(clean(plan.summary))
    lines += ["", *outline_lines(plan, titles, current=1), "", "How it moves"]
    lines += ["  " + line for line in rule_lines(plan.progression)]
    lines += ["", "'crackcoach' shows what is planned today; 'crackcoach start' runs it."]
    return wrapped(lines, width)


def wrapped(lines: Sequence[str], width: int) -> str:
    """Each line wrapped to ``width``; wrapped parts line up under the text, past any mark."""
    out = []
    for line in lines:
        if not line.strip():
            out.append("")
            continue
        lead = len(line) - len(line.lstrip(" "))
        hang = lead + (2 if line[lead:lead + 2] in MARKS else 0)
        body = cut(line.strip(), max(20, width - hang))
        out.append(" " * lead + body[0])
        out += [" " * hang + more for more in body[1:]]
    return "".join(item.rstrip() + "\n" for item in out)


def preview_text(plan: Plan, titles: Mapping[str, str], width: int = WIDTH) -> str:
    """``crackcoach plan NAME --preview``: every week with its note, and how it moves."""
    lines = [f"{clean(plan.title)} ({clean(plan.name)}), {len(plan.weeks)} week"
             f"{'s' if len(plan.weeks) != 1 else ''} of 7 days"]
    if plan.summary:
        lines.append(clean(plan.summary))
    lines.append("")
    text = wrapped(lines, width)
    for line, week in zip(outline_lines(plan, titles), plan.weeks, strict=True):
        head, _, body = line.partition(": ")
        hang = len(head) + 2  # wrapped parts line up under the week's routines
        parts = cut(body, max(20, width - hang))
        text += f"{head}: {parts[0]}\n" + "".join(" " * hang + p + "\n" for p in parts[1:])
        if week.note:
            text += wrapped([" " * hang + clean(week.note)], width)
    lines = ["", "How it moves"] + ["  " + line for line in rule_lines(plan.progression)]
    if plan.caution:
        lines += ["", clean(plan.caution)]
    lines += ["", f"Not started. To start it today: crackcoach plan {clean(plan.name)} "
                  f"(or --from DATE for the day it was given to you)."]
    return text + wrapped(lines, width)


def standing_data(standing: Standing) -> dict[str, Any]:
    """Where you are in a plan as JSON-ready data (``plan --json`` and today's screen)."""
    current = standing.current
    last = standing.history[-1] if standing.history else None
    return {
        "name": standing.plan.name, "title": standing.plan.title,
        "started": standing.started.isoformat(), "week": standing.level,
        "weeks": len(standing.plan.weeks),
        "week_start": current.start.isoformat(), "week_end": current.end.isoformat(),
        "planned": current.planned, "done": current.done,
        "needed": sessions_needed(standing.plan.progression, current.planned),
        "routines": [{"routine": s.item.routine, "frequency": frequency(s.item),
                      "dose": dose(s.item), "planned": s.planned, "done": s.done,
                      "due_today": s.due_today, "done_today": s.done_today}
                     for s in current.items],
        "last_move": None if last is None else {
            "move": last.move, "week": last.level, "to_week": last.next_level,
            "on": (last.end + timedelta(days=1)).isoformat(), "reason": last.reason},
        "completed_on": (standing.completed_on.isoformat()
                         if standing.completed_on else None),
    }
