"""The exercise sheet: a routine as one printable page, a figure beside every step.

What a physiotherapist hands out for a home programme: the routine's title,
the plan week when one is followed, then each step with its figure, its dose,
the key cues, its caution and its easier version, and at the foot the stop
rule and the urgent signs, worded once in :mod:`crackcoach.safety.signs`.

Pure: it turns a routine into one self-contained HTML page (inline style
sheet and SVG; no scripts, fonts or links), laid out to fit one A4 or Letter
page for the built-in routines, with no step split across pages. Text from
the routine file is escaped after control characters are made visible.
"""

from __future__ import annotations

import html

from crackcoach.base.textsafe import printable
from crackcoach.figures.svg import figure_svg
from crackcoach.routines.model import Routine, Step
from crackcoach.routines.timeline import (
    describe_dose,
    format_seconds_short,
    step_seconds,
    total_seconds,
)
from crackcoach.safety import signs

FIGURE_WIDTH, FIGURE_HEIGHT = 160, 62  # pixels: one step's figure, both key poses
NO_FIGURE = "No figure for this step."

_CSS = """
@page { margin: 10mm 12mm; }
* { box-sizing: border-box; }
body { font: 9pt/1.25 system-ui, -apple-system, "Segoe UI", sans-serif; color: #111827;
       max-width: 186mm; margin: 12px auto; padding: 0 8px; }
h1 { font-size: 14pt; margin: 0; }
.lead { margin: 2px 0 6px; color: #374151; }
.plan { margin: 0 0 6px; padding: 3px 8px; background: #eff6ff; border-left: 3px solid #1d4ed8; }
table { border-collapse: collapse; width: 100%; }
tr { break-inside: avoid; page-break-inside: avoid; }
td { border-top: 1px solid #d1d5db; padding: 3px 6px 3px 0; vertical-align: top; }
td.figure { width: 44mm; text-align: center; }
td.figure svg { display: inline-block; break-inside: avoid; }
.name { font-weight: 700; font-size: 10pt; }
.number { color: #6b7280; margin-right: 4px; }
.dose { color: #1f2937; }
.how { margin: 2px 0; }
.cues { margin: 2px 0; font-style: italic; }
.caution { margin: 2px 0; color: #92400e; }
.easier { margin: 2px 0; color: #374151; }
.none { color: #6b7280; font-size: 8.5pt; }
footer { margin-top: 6px; padding: 4px 8px; border: 1px solid #b91c1c; background: #fef2f2;
         break-inside: avoid; page-break-inside: avoid; font-size: 8pt; }
footer p { margin: 2px 0; }
.muted { color: #6b7280; font-size: 8pt; }
@media print { body { margin: 0; max-width: none; padding: 0; } }
"""


def h(text: str) -> str:
    """Text from a file made literal in HTML, on one line."""
    return html.escape(printable(text, single_line=True), quote=True)


def sheet_html(routine: Routine, *, plan_line: str | None = None) -> str:
    """The exercise sheet for ``routine``; ``plan_line`` says the plan week, if one is followed."""
    minutes = max(1, round(total_seconds(routine) / 60))
    parts = [f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
             f"<title>{h(routine.title)}: exercise sheet</title>\n<style>{_CSS}</style>\n"
             "</head>\n<body>",
             f"<h1>{h(routine.title)}</h1>",
             f'<p class="lead">{_lead(routine, minutes)}</p>']
    if plan_line:
        parts.append(f'<p class="plan">{h(plan_line)}</p>')
    parts.append("<table>")
    parts += [_row(number, step) for number, step in enumerate(routine.steps, 1)]
    parts.append("</table>")
    parts.append(_footer())
    parts.append("</body>\n</html>\n")
    return "\n".join(parts)


def _lead(routine: Routine, minutes: int) -> str:
    bits = [f"About {minutes} minute{'' if minutes == 1 else 's'}, {len(routine.steps)} "
            f"step{'' if len(routine.steps) == 1 else 's'}."]
    if routine.summary:
        bits.append(h(routine.summary))
    if routine.equipment_needed():
        bits.append(f"You need: {h(', '.join(routine.equipment_needed()))}.")
    if routine.caution:
        bits.append(f"<strong>{h(routine.caution)}</strong>")
    return " ".join(bits)


def _row(number: int, step: Step) -> str:
    if step.figure is not None:
        picture = figure_svg(step.figure, width=FIGURE_WIDTH, height=FIGURE_HEIGHT,
                             label=printable(step.name, single_line=True))
    else:
        picture = f'<span class="none">{NO_FIGURE}</span>'
    lines = [f'<div><span class="number">{number}.</span><span class="name">{h(step.name)}'
             f'</span> <span class="dose">- {h(_dose(step))}</span></div>',
             f'<p class="how">{h(step.instructions)}</p>']
    if step.cues:
        lines.append(f'<p class="cues">{h("; ".join(step.cues))}</p>')
    if step.caution:
        lines.append(f'<p class="caution"><strong>Caution:</strong> {h(step.caution)}</p>')
    if step.easier is not None:
        lines.append(f'<p class="easier"><strong>Easier:</strong> {h(step.easier.name)} - '
                     f"{h(_first_sentence(step.easier.why or step.easier.instructions))}</p>")
    return (f'<tr><td class="figure">{picture}</td>\n<td>{"".join(lines)}</td></tr>')


def _dose(step: Step) -> str:
    """The dose in words, and the step's whole time when it holds more than one part."""
    dose = describe_dose(step)
    if step.kind == "timed":
        return dose
    return f"{dose} (about {format_seconds_short(round(step_seconds(step)))} in all)"


def _first_sentence(text: str) -> str:
    flat = " ".join(text.split())
    end = flat.find(". ")
    return flat if end < 0 else flat[:end + 1]


def _footer() -> str:
    urgent = [flag.text for flag in signs.FLAGS if flag.tier == "urgent"]
    advice = signs.ADVICE["urgent"]
    return ("<footer>"
            f"<p><strong>Stop rule.</strong> {h(signs.STOP_RULE_IN_FULL)} "
            f"{h(signs.POP_DURING_A_STRETCH)}</p>"
            f"<p><strong>{h(advice.title)}</strong> if you notice any of these: "
            f"{h('; '.join(urgent))}. {h(advice.text)}</p>"
            f'<p class="muted">{h(signs.NOT_A_DIAGNOSIS)} Made with crackcoach, a stretching '
            "coach; it does not diagnose or treat anything.</p>"
            "</footer>")
