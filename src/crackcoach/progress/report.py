"""The one-page report for a physiotherapist or doctor, as Markdown or self-contained HTML.

Pure: it turns a :class:`crackcoach.progress.weekly.Progress` into text. The HTML needs
nothing else: the style sheet is inline and the charts are inline SVG (no
network, no JavaScript). Everything the person typed (notes, routine names)
is escaped for the format it lands in, after control characters have been
made visible.
"""

from __future__ import annotations

import html
import math
from collections.abc import Callable, Sequence

from crackcoach.base.clocktext import recorded_time
from crackcoach.base.patterns import later
from crackcoach.base.textsafe import printable
from crackcoach.base.typenames import TYPE_CHECKING
from crackcoach.progress import report_function
from crackcoach.progress.model import Progress, Week
from crackcoach.progress.words import (
    RELIANCE_NOTE,
    adherence_facts,
    left_out,
    num,
    open_sign_text,
    period_text,
    signed,
    status_text,
    worsening_text,
)
from crackcoach.safety import signs

if TYPE_CHECKING:
    from typing import Any, Literal, TypeAlias

ReportFormat: TypeAlias = "Literal['markdown', 'html']"
REPORT_FORMATS: tuple[ReportFormat, ...] = ("markdown", "html")
FlagLabel = Callable[[str], str]

DISCLAIMER = ("This is a self-reported diary kept with crackcoach, a stretching coach. It shows "
              "what the person recorded; it is not a diagnosis or a clinical assessment.")
FLAGS_ADVICE = signs.REPORT_FLAGS_NOTE
SCREEN_NOTE = signs.report_screen_note()

_MD_SPECIAL = later(r"([\\`*_\[\]<>|&#~])")


def _plain(text: str) -> str:
    return printable(text, single_line=True)


def md(text: str) -> str:
    """User text made literal in Markdown: one line, every special character escaped."""
    return _MD_SPECIAL.sub(r"\\\1", _plain(text))


def h(text: str) -> str:
    """User text made literal in HTML."""
    return html.escape(_plain(text), quote=True)


def side_text(p: Progress) -> str | None:
    """How often each side was reported tighter, or None when never asked."""
    if not any(p.sides.values()):
        return None
    return ", ".join(f"{side} {count}" for side, count in p.sides.items())


def stiffness_text(p: Progress) -> str | None:
    """Stiffness in the baseline week and the latest judged week, as a raw difference."""
    change = p.stiffness_change
    if change.baseline is None:
        return None
    if change.latest is None:
        return (f"Stiffness: median {num(change.baseline)} in the baseline week; a later judged "
                "week will show the change.")
    return (f"Stiffness: weekly median {num(change.baseline)} in the baseline week, "
            f"{num(change.latest)} in the latest judged week ({signed(change.difference)}). "
            "There is no agreed threshold for stiffness, so only the raw difference is shown.")


def _flag_text(flags: tuple[str, ...], label: FlagLabel) -> str:
    return "; ".join(label(flag) for flag in flags)


def render(p: Progress, fmt: ReportFormat, flag_label: FlagLabel = str) -> str:
    """The report in ``fmt``."""
    return markdown(p, flag_label) if fmt == "markdown" else html_page(p, flag_label)


# --- Markdown ------------------------------------------------------------------------------

def markdown(p: Progress, flag_label: FlagLabel = str) -> str:
    """The report as Markdown."""
    out = ["# Stretching and comfort diary: progress report", "",
           f"Period: {md(period_text(p))}. Report made {p.today.isoformat()}.", "",
           f"*{DISCLAIMER}*", ""]
    if (sign := open_sign_text(p)) is not None:
        out += ["## A safety sign is open", "", f"**{md(sign)}**", ""]
    out += ["## Safety-screen answers", ""]
    if p.flags:
        out += [FLAGS_ADVICE, "", "| date | answered yes to |", "|---|---|"]
        out += [f"| {recorded_time(f.at)} | {md(_flag_text(f.flags, flag_label))} |"
                for f in p.flags]
        if (more := left_out(p.earlier_flags, "answers")) is not None:
            out += ["", more]
    else:
        out.append("None recorded in this period.")
    out += ["", md(SCREEN_NOTE)]
    out += ["", "## Adherence", ""]
    out += [f"- **{label}:** {md(value)}" for label, value in adherence_facts(p)]
    out += ["", "## Week by week", ""]
    if p.weeks:
        out += _md_table(p)
    else:
        out.append("No sessions or diary entries in this period.")
    out += ["", "## Change against the baseline week", "",
            f"**{p.change.verdict.capitalize()}.** {md(p.change.explanation)}", ""]
    if (lasting := worsening_text(p)) is not None:
        out += [f"**{md(lasting)}**", ""]
    if (stiffness := stiffness_text(p)) is not None:
        out += [md(stiffness), ""]
    out += [f"Rule used: {md(p.rule)}", ""]
    out += report_function.markdown(p, md)
    if p.function is not None and p.function.activities:
        out += [f"**{md(p.moved_text)}**", ""]
    extra = [("Side reported tighter", side_text(p))]
    if p.reliance_note:
        extra.append(("Cracking", RELIANCE_NOTE))
    if any(value for _, value in extra):
        out += ["## Other observations", ""]
        out += [f"- **{label}:** {md(value)}" for label, value in extra if value]
        out.append("")
    out += ["## Notes", ""]
    if (more := left_out(p.earlier_notes, "notes")) is not None:
        out += [more, ""]
    out += ([f"- {recorded_time(n.at)}: {md(n.text)}" for n in p.notes]
            or ["No notes in this period."])
    return "\n".join(out) + "\n"


_HEADINGS = ("Week starting", "Sessions counted", "Partial", "Minutes",
             "Discomfort (readings)", "Stiffness", "Change within sessions", "Cracks a day",
             "Against baseline")
TABLE_NOTE = ("Discomfort and stiffness are weekly medians on 0-10 (0 = none, 10 = worst "
              "imaginable), with the number of discomfort readings. Change within sessions is "
              "the median of discomfort after minus before. A session is counted when it was "
              "completed or at least half of it was done; shorter ones are partial. The "
              "current week is shown so far and judged once it is over.")


def _table_weeks(p: Progress) -> tuple[Week, ...]:
    """The period's weeks, the baseline week first when it comes before them."""
    return ((p.baseline_before_period,) if p.baseline_before_period else ()) + p.weeks


def _row(week: Week, p: Progress) -> tuple[str, ...]:
    status = status_text(week)
    if week is p.baseline_before_period:
        status += " (before the period)"
    return (week.start.isoformat(), str(week.counted), str(week.partial),
            f"{week.minutes:.0f}",
            num(week.discomfort) + (f" ({week.discomfort_readings})"
                                    if week.discomfort_readings else ""),
            num(week.stiffness), signed(week.session_change), num(week.cracks_per_day),
            status)


def _md_table(p: Progress) -> list[str]:
    lines = ["| " + " | ".join(_HEADINGS) + " |", "|" + "---|" * len(_HEADINGS)]
    lines += ["| " + " | ".join(_row(w, p)) + " |" for w in _table_weeks(p)]
    lines += ["", TABLE_NOTE]
    return lines


# --- HTML ----------------------------------------------------------------------------------

_CSS = """
:root { color-scheme: light; }
html { background: #ffffff; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1d1d1f;
       background: #ffffff; max-width: 820px; margin: 24px auto; padding: 0 16px; }
h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 16px; margin: 22px 0 6px; }
h2 { break-after: avoid; page-break-after: avoid; }
.disclaimer { background: #f3f4f6; border-left: 4px solid #6b7280; padding: 8px 12px; }
.flags { background: #fef2f2; border-left: 4px solid #b91c1c; padding: 8px 12px; }
table { border-collapse: collapse; width: 100%; font-size: 13px; background: #ffffff; }
thead { display: table-header-group; }
.wide { overflow-x: auto; }
tr, figure, svg { break-inside: avoid; page-break-inside: avoid; }
th, td { border: 1px solid #d1d5db; padding: 3px 6px; text-align: left; color: #1d1d1f; }
th { background: #f9fafb; } td:first-child { white-space: nowrap; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 0; }
dt { font-weight: 600; } dd { margin: 0; }
.verdict { font-weight: 700; } .muted { color: #4b5563; font-size: 12px; }
.charts { display: flex; flex-wrap: wrap; gap: 6px 18px; }
.charts figure { flex: 1 1 320px; min-width: 0; margin: 4px 0; }
figcaption { font-weight: 600; font-size: 13px; }
svg { display: block; width: 100%; height: auto; background: #ffffff; }
svg text { font: 11px system-ui, sans-serif; }
@page { margin: 10mm; }
@media print {
  html, body { print-color-adjust: exact; -webkit-print-color-adjust: exact; }
  .wide { overflow: visible; }
  body { margin: 0; max-width: none; padding: 0; font-size: 8pt; line-height: 1.2; }
  h1 { font-size: 13pt; } h2 { font-size: 9.5pt; margin: 5px 0 1px; }
  p { margin: 2px 0; } ul { margin: 2px 0; padding-left: 16px; }
  .disclaimer, .flags { padding: 3px 8px; } .flags p, .flags table { font-size: 6.5pt; }
  table { font-size: 7pt; } th, td { padding: 0 3px; } td { white-space: nowrap; }
  .muted { font-size: 6.5pt; } figcaption { font-size: 7.5pt; }
  dl { grid-template-columns: max-content 1fr max-content 1fr; }
  .charts { gap: 0 12px; } .charts figure { flex: 1 1 30%; margin: 0; }
}
"""

DISCOMFORT_COLOUR, STIFFNESS_COLOUR, SESSIONS_COLOUR = "#c2410c", "#1d4ed8", "#047857"


def html_page(p: Progress, flag_label: FlagLabel = str) -> str:
    """The report as one self-contained HTML page."""
    parts = [f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
             f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
             f'<meta name="color-scheme" content="light">\n'
             f"<title>Progress report {h(p.period_start.isoformat())} to "
             f"{h(p.period_end.isoformat())}</title>\n<style>{_CSS}</style>\n</head>\n<body>",
             "<h1>Stretching and comfort diary: progress report</h1>",
             f"<p>Period: {h(period_text(p))}. Report made {h(p.today.isoformat())}.</p>",
             f'<p class="disclaimer">{h(DISCLAIMER)}</p>']
    if (sign := open_sign_text(p)) is not None:
        parts.append(f'<section class="flags"><h2>A safety sign is open</h2><p><strong>'
                     f"{h(sign)}</strong></p></section>")
    parts.append('<section class="flags"><h2>Safety-screen answers</h2>' if p.flags else
                 "<section><h2>Safety-screen answers</h2>")
    if p.flags:
        parts.append(f"<p>{h(FLAGS_ADVICE)}</p><table><thead><tr><th>Date</th><th>Answered "
                     "yes to</th></tr></thead><tbody>")
        parts += [f"<tr><td>{h(recorded_time(f.at))}</td>"
                  f"<td>{h(_flag_text(f.flags, flag_label))}</td></tr>" for f in p.flags]
        parts.append("</tbody></table>")
        if (more := left_out(p.earlier_flags, "answers")) is not None:
            parts.append(f"<p>{h(more)}</p>")
    else:
        parts.append("<p>None recorded in this period.</p>")
    parts.append(f"<p>{h(SCREEN_NOTE)}</p>")
    parts.append("</section><h2>Adherence</h2><dl>")
    parts += [f"<dt>{h(label)}</dt><dd>{h(value)}</dd>" for label, value in adherence_facts(p)]
    parts.append("</dl>")
    parts += _html_weeks(p)
    parts += _html_change(p)
    parts += _html_notes(p)
    parts.append("</body>\n</html>\n")
    return "\n".join(parts)


def _html_weeks(p: Progress) -> list[str]:
    parts = ["<h2>Week by week</h2>"]
    if not p.weeks:
        return [*parts, "<p>No sessions or diary entries in this period.</p>"]
    parts.append('<div class="charts">')
    if any(w.discomfort is not None or w.stiffness is not None for w in p.weeks):
        title = "Weekly median, 0-10 (lower is better)"
        if p.baseline_before_period is not None:
            title += "; the first bar is the baseline week"
        parts.append(bar_chart(_table_weeks(p), [
            ("Discomfort", DISCOMFORT_COLOUR, "discomfort"),
            ("Stiffness", STIFFNESS_COLOUR, "stiffness")], top=10, title=title))
    if function_weeks := report_function.shown_weeks(p):
        parts.append(bar_chart(function_weeks, [
            ("Activities", report_function.FUNCTION_COLOUR, "average")], top=10,
            title="Activities, weekly average 0-10 (higher is better)"))
    if p.sessions:
        top = max(max(w.counted for w in p.weeks), p.target)
        parts.append(bar_chart(p.weeks, [("Counted sessions", SESSIONS_COLOUR, "counted")],
                               top=top, title=f"Counted sessions a week (target {p.target})",
                               line=p.target))
    parts.append("</div>")
    parts.append('<div class="wide"><table><thead><tr>'
                 + "".join(f"<th>{h(x)}</th>" for x in _HEADINGS) + "</tr></thead><tbody>")
    for week in _table_weeks(p):
        cells = _row(week, p)
        parts.append("<tr>" + "".join(
            f'<td class="n">{h(c)}</td>' if 0 < i < 8 else f"<td>{h(c)}</td>"
            for i, c in enumerate(cells)) + "</tr>")
    parts.append(f'</tbody></table></div><p class="muted">{h(TABLE_NOTE)}</p>')
    return parts


def _html_change(p: Progress) -> list[str]:
    parts = ["<h2>Change against the baseline week</h2>",
             f'<p><span class="verdict">{h(p.change.verdict.capitalize())}.</span> '
             f"{h(p.change.explanation)}</p>"]
    if (lasting := worsening_text(p)) is not None:
        parts.append(f"<p><strong>{h(lasting)}</strong></p>")
    if (stiffness := stiffness_text(p)) is not None:
        parts.append(f"<p>{h(stiffness)}</p>")
    parts.append(f'<p class="muted">Rule used: {h(p.rule)}</p>')
    parts += report_function.html(p, h)
    if p.function is not None and p.function.activities:
        parts.append(f'<p class="verdict moved">{h(p.moved_text)}</p>')
    extra = [("Side reported tighter", side_text(p))]
    if p.reliance_note:
        extra.append(("Cracking", RELIANCE_NOTE))
    if any(value for _, value in extra):
        parts.append("<h2>Other observations</h2><dl>")
        parts += [f"<dt>{h(label)}</dt><dd>{h(value)}</dd>" for label, value in extra if value]
        parts.append("</dl>")
    return parts


def _html_notes(p: Progress) -> list[str]:
    if not p.notes:
        return ["<h2>Notes</h2>", "<p>No notes in this period.</p>"]
    more = left_out(p.earlier_notes, "notes")
    return ["<h2>Notes</h2>", *([f"<p>{h(more)}</p>"] if more else []), "<ul>",
            *(f"<li>{h(recorded_time(n.at))}: {h(n.text)}</li>" for n in p.notes),
            "</ul>"]


def bar_chart(weeks: Sequence[Any], series: list[tuple[str, str, str]], *, top: float,
              title: str, line: float | None = None) -> str:
    """Grouped vertical bars, one group per week, each bar labelled with its value.

    Drawn in a 380 by 170 box that scales to the width it is given (the page's,
    or half or a third of it beside the other charts). Every text and line has
    its own colour, so a forced dark mode cannot turn it dark on dark.
    """
    width, height, left, bottom, head = 380, 156, 26, 28, 28
    plot_w, plot_h = width - left - 6, height - bottom - head
    group = plot_w / len(weeks)
    bar = min(22.0, group * 0.8 / len(series))
    top = max(top, 1)
    every = max(1, math.ceil(40 / group))  # week labels far enough apart to read
    ink, faint = "#1d1d1f", "#6b7280"

    def y(value: float) -> float:
        return head + plot_h - plot_h * value / top

    out = [f"<figure><figcaption>{h(title)}</figcaption>"
           f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
           f'preserveAspectRatio="xMinYMin meet" role="img" aria-label="{h(title)}">',
           f'<rect width="{width}" height="{height}" fill="#ffffff"/>']
    legend_x = 0.0
    for name, colour, _ in series:
        out.append(f'<rect x="{legend_x:.0f}" y="3" width="9" height="9" fill="{colour}"/>'
                   f'<text x="{legend_x + 12:.0f}" y="11" fill="{ink}">{h(name)}</text>')
        legend_x += 12 + 6.5 * len(name) + 12
    for tick in _ticks(top):
        out.append(f'<line x1="{left}" x2="{width - 6}" y1="{y(tick):.1f}" y2="{y(tick):.1f}" '
                   f'stroke="#e5e7eb"/><text x="{left - 5}" y="{y(tick) + 4:.1f}" '
                   f'text-anchor="end" fill="{ink}">{tick:g}</text>')
    show_values = group / len(series) >= 11  # room for a figure over each bar
    for i, week in enumerate(weeks):
        x0 = left + group * i + (group - bar * len(series)) / 2
        for j, (_, colour, attribute) in enumerate(series):
            value = getattr(week, attribute)
            x = x0 + bar * j
            if value is None:
                out.append(f'<text x="{x + bar / 2:.1f}" y="{y(0) - 4:.1f}" '
                           f'text-anchor="middle" fill="{faint}">–</text>')
                continue
            out.append(f'<rect x="{x:.1f}" y="{y(value):.1f}" width="{max(bar - 2, 1):.1f}" '
                       f'height="{y(0) - y(value):.1f}" fill="{colour}"/>')
            if show_values:
                out.append(f'<text x="{x + bar / 2 - 1:.1f}" y="{y(value) - 3:.1f}" '
                           f'text-anchor="middle" font-size="9" fill="{ink}">'
                           f'{h(num(value))}</text>')
        if i % every == 0:
            out.append(f'<text x="{left + group * (i + 0.5):.1f}" y="{height - bottom + 14}" '
                       f'text-anchor="middle" font-size="10" fill="{ink}">'
                       f'{week.start.strftime("%d %b")}</text>')
    if line is not None:
        out.append(f'<line x1="{left}" x2="{width - 6}" y1="{y(line):.1f}" y2="{y(line):.1f}" '
                   f'stroke="{ink}" stroke-dasharray="4 3"/>')
    out.append(f'<line x1="{left}" x2="{width - 6}" y1="{y(0):.1f}" y2="{y(0):.1f}" '
               f'stroke="{faint}"/></svg></figure>')
    return "".join(out)


def _ticks(top: float) -> list[float]:
    step = 2.0 if top <= 10 else float(max(1, round(top / 5)))
    if top <= 5:
        step = 1.0
    ticks, value = [], 0.0
    while value <= top + 1e-9:
        ticks.append(value)
        value += step
    return ticks
