"""The report's part on function: the activities' weekly average and each activity.

Pure text, like :mod:`crackcoach.progress.report`, which places these lines.
"""

from __future__ import annotations

from collections.abc import Callable

from crackcoach.progress.function import FunctionChange, FunctionWeek
from crackcoach.progress.model import Progress
from crackcoach.progress.words import num

FUNCTION_COLOUR = "#0e7490"
HEADINGS = ("Activity", "Baseline", "Latest judged", "Change", "Against baseline")


def shown_weeks(p: Progress) -> tuple[FunctionWeek, ...]:
    """The rated weeks of the period, the baseline week first even before it."""
    function = p.function
    if function is None:
        return ()
    return tuple(w for w in function.weeks
                 if w.start >= p.period_start or w.status == "baseline")


def activity_rows(function: FunctionChange) -> list[tuple[str, ...]]:
    """One row per activity that is followed or was rated."""
    rows: list[tuple[str, ...]] = []
    for a in function.activities:
        if not a.active and a.baseline is None:
            continue
        name = f"a{a.id} {a.name}" + ("" if a.active else " (removed)")
        rows.append((name, "–" if a.baseline is None else str(a.baseline),
                     "–" if a.latest is None else str(a.latest),
                     "–" if a.difference is None else f"{a.difference:+d}", a.verdict))
    return rows


def week_text(week: FunctionWeek) -> str:
    """A rated week in a sentence: its average and the activities rated."""
    rated = len(week.scores)
    return (f"{week.start.isoformat()}: {num(week.average)} ({rated} activit"
            f"{'y' if rated == 1 else 'ies'}; {week.status})")


def markdown(p: Progress, md: Callable[[str], str]) -> list[str]:
    """The Markdown section (``md`` escapes user text)."""
    function = p.function
    if function is None or not function.activities:  # no activity ever named
        return []
    out = ["## Function: activities the person wants back", ""]
    if function.baseline is None:
        return [*out, md(function.explanation), ""]
    out += [f"**{function.verdict.capitalize()}.** {md(function.explanation)}", ""]
    out += ["| " + " | ".join(HEADINGS) + " |", "|" + "---|" * len(HEADINGS)]
    out += ["| " + " | ".join(md(c) for c in row) + " |" for row in activity_rows(function)]
    weeks = [week_text(w) for w in shown_weeks(p) if w.average is not None]
    if weeks:
        out += ["", "Weekly average: " + md("; ".join(weeks)) + "."]
    out += ["", f"Rule used: {md(function.rule)}", ""]
    return out


def html(p: Progress, h: Callable[[str], str]) -> list[str]:
    """The HTML section (``h`` escapes user text); the chart is drawn by the report."""
    function = p.function
    if function is None or not function.activities:
        return []
    out = ["<h2>Function: activities the person wants back</h2>"]
    if function.baseline is None:
        return [*out, f"<p>{h(function.explanation)}</p>"]
    out.append(f'<p><span class="verdict">{h(function.verdict.capitalize())}.</span> '
               f"{h(function.explanation)}</p>")
    out.append("<table><thead><tr>" + "".join(f"<th>{h(x)}</th>" for x in HEADINGS)
               + "</tr></thead><tbody>")
    out += ["<tr>" + "".join(f"<td>{h(c)}</td>" for c in row) + "</tr>"
            for row in activity_rows(function)]
    out.append(f'</tbody></table><p class="muted">Rule used: {h(function.rule)}</p>')
    return out
