"""Plans as plain text: where you are in one, the plans to choose from, a plan just started.

No Rich: these lines also make up today's screen, which must start fast. Text
from plan files is made safe with :func:`crackcoach.textsafe.printable`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, timedelta

from crackcoach import weekdays
from crackcoach.plans import Plan, PlanItem
from crackcoach.programme import ItemStatus, Standing, Week, rule_lines, weeks_of
from crackcoach.textsafe import printable
from crackcoach.views.columns import Column, render
from crackcoach.weekdays import day_label
from crackcoach.wrap import cut

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


def dose(item: PlanItem) -> str:
    """The dose beyond the routine itself, e.g. "quick version, holds 30 s", or ""."""
    parts = ["quick version"] if item.quick else []
    if item.hold is not None:
        parts.append(f"holds {item.hold:g} s")
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
    extra = [dose(item)] if dose(item) else []
    if today and status.done_today:
        extra.append("done today")
    tail = f" ({'; '.join(extra)})" if extra else ""
    return f"{mark} {title}, {frequency(item)}: {status.done} of {status.planned}{tail}"


def span(week: Week) -> str:
    """A week's days, e.g. "Mon 17 Nov - Sun 23 Nov"."""
    return f"{day_label(week.start)} - {day_label(week.end)}"


def where_lines(standing: Standing, titles: Mapping[str, str]) -> list[str]:
    """The plan's title, the week you are on, its routines, and why you are on it."""
    plan, week = standing.plan, standing.current
    lines = [f"Plan: {clean(plan.title)}",
             f"Week {week.level} of {len(plan.weeks)}, {span(week)}"
             + (", paused" if standing.paused is not None else "")]
    lines += ["  " + item_line(status, titles) for status in week.items]
    note = plan.week(week.level).note
    if note:
        lines.append(clean(note))
    lines += why_lines(standing)
    return lines


def why_lines(standing: Standing) -> list[str]:
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
        lines.append(f"After {easing[0].text}, the plan drops back on {day_label(after)}.")
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


def started_text(plan: Plan, today: date, first_weekday: int, titles: Mapping[str, str],
                 width: int = WIDTH) -> str:
    """What ``crackcoach plan NAME`` says once the plan is started."""
    first = weeks_of(today, today, first_weekday)[0]
    lines = [f"Started {clean(plan.title)} today: week 1 runs {day_label(first[0])} - "
             f"{day_label(first[1])}."]
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
