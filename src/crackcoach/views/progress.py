"""The ``stats`` screen: weekly bars with their numbers beside them, safety answers first."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from rich.console import Console, Group, RenderableType
from rich.padding import Padding, PaddingDimensions
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from crackcoach.progress import Progress, Week
from crackcoach.report import RELIANCE_NOTE, adherence_facts, num, period_text, signed
from crackcoach.views.console import console as make_console
from crackcoach.views.console import safe

BAR_CELLS = 20
DISCOMFORT_STYLE, STIFFNESS_STYLE, SESSIONS_STYLE = "dark_orange", "blue", "green"
VERDICT_STYLES = {"meaningful improvement": "bold green", "possible worsening": "bold red",
                  "within day-to-day variation": "bold", "not enough data": "bold"}
_EIGHTHS = " ▏▎▍▌▋▊▉"


def bar(value: float, top: float, cells: int = BAR_CELLS) -> str:
    """A horizontal bar ``cells`` wide at ``top``, drawn to an eighth of a cell."""
    eighths = round(max(0.0, min(value, top)) / top * cells * 8) if top > 0 else 0
    full, part = divmod(eighths, 8)
    return ("█" * full + (_EIGHTHS[part] if part else "")).ljust(cells)


def _day(week: Week) -> str:
    return week.start.strftime("%d %b")


def _scale_chart(weeks: Sequence[Week], attribute: str, style: str,
                 extra: Callable[[Week], str]) -> Table:
    grid = Table.grid(padding=(0, 1))
    for _ in range(4):
        grid.add_column()
    for week in weeks:
        value: float | None = getattr(week, attribute)
        if value is None:
            grid.add_row(_day(week), Text("·" + " " * (BAR_CELLS - 1), style="dim"),
                         Text(" –", style="dim"), Text("no readings", style="dim"))
        else:
            grid.add_row(_day(week), Text(bar(value, 10), style=style),
                         Text(num(value).rjust(3), style="bold"), extra(week))
    return grid


def _discomfort_extra(week: Week) -> str:
    parts = [f"n={week.discomfort_readings}"]
    if week.session_change is not None:
        parts.append(f"in session {signed(week.session_change)}")
    if week.status not in ("baseline", "before baseline", "no readings",
                           "within day-to-day variation"):
        parts.append(week.status)
    elif week.status == "baseline":
        parts.append("baseline")
    return "  ".join(parts)


def _sessions_chart(p: Progress) -> Table:
    top = max([p.target, *(w.sessions for w in p.weeks)])
    grid = Table.grid(padding=(0, 1))
    for _ in range(5):
        grid.add_column()
    for week in p.weeks:
        tick = Text("✓", style="green") if week.met_target else Text("·", style="dim")
        grid.add_row(_day(week), Text(bar(week.sessions, top), style=SESSIONS_STYLE),
                     Text(str(week.sessions).rjust(3), style="bold"), tick,
                     f"{week.minutes:.0f} min")
    return grid


def _indent(renderable: RenderableType, pad: PaddingDimensions = (0, 0, 0, 2)
            ) -> Padding:
    return Padding(renderable, pad, expand=False)


def _heading(title: str, hint: str = "") -> Text:
    text = Text(title, style="bold")
    if hint:
        text.append(f"  {hint}", style="dim")
    return text


def _flags_panel(p: Progress, flag_label: Callable[[str], str], advice: Sequence[str]
                 ) -> Panel:
    lines = Text()
    for event in p.flags:
        lines.append(event.at.strftime("%Y-%m-%d %H:%M  "), style="bold")
        lines.append_text(safe("; ".join(flag_label(f) for f in event.flags),
                               single_line=True))
        lines.append("\n")
    for line in advice:
        lines.append(line + "\n", style="bold")
    lines.rstrip()
    return Panel(lines, title="Safety-screen answers in this period", title_align="left",
                 border_style="red")


def _change(p: Progress) -> list[RenderableType]:
    change = p.change
    head = Text("Change against the first week: ", style="bold")
    head.append(change.verdict, style=VERDICT_STYLES[change.verdict])
    out: list[RenderableType] = [head, _indent(Text(change.explanation), (0, 0, 0, 2))]
    stiff = p.stiffness_change
    if stiff.difference is not None and stiff.baseline is not None:
        out.append(_indent(Text(f"Stiffness {num(stiff.baseline)} -> {num(stiff.latest)} "
                                f"({signed(stiff.difference)}); no agreed threshold, so no "
                                "verdict.", style="dim"), (0, 0, 0, 2)))
    return out


def _cracking(p: Progress) -> list[RenderableType]:
    logged = [w for w in p.weeks if w.cracks_per_day is not None]
    if not logged:
        return []
    grid = Table.grid(padding=(0, 1))
    for _ in range(4):
        grid.add_column()
    top = max(10.0, *(w.cracks_per_day or 0 for w in logged))
    for week in p.weeks:
        if week.cracks_per_day is None:
            continue
        grid.add_row(_day(week), Text(bar(week.cracks_per_day, top), style="magenta"),
                     Text(num(week.cracks_per_day).rjust(3), style="bold"),
                     f"a day over {week.crack_days} logged day"
                     f"{'s' if week.crack_days != 1 else ''}")
    out: list[RenderableType] = [
        Text(""), _heading("Deliberate cracking", "times a day, on days it was logged"),
        _indent(grid)]
    if p.reliance_note:
        out.append(_indent(Text(RELIANCE_NOTE, style="bold yellow"), (0, 0, 0, 2)))
    return out


def render(p: Progress, *, flag_label: Callable[[str], str] = str,
           flag_advice: Sequence[str] = ()) -> RenderableType:
    """The whole ``stats`` screen as one renderable."""
    parts: list[RenderableType] = []
    if p.flags:
        parts.append(_flags_panel(p, flag_label, flag_advice))
    parts.append(Text.assemble(("Progress", "bold"), "  ", safe(period_text(p), single_line=True)))
    if not p.has_data:
        parts.append(Text(
            f"Nothing recorded in the last {p.weeks_asked} weeks yet. Run a routine with "
            "'crackcoach start' or log how you feel with 'crackcoach log'; the weekly "
            "figures appear here as the diary fills."))
        return Group(*parts)
    if any(w.discomfort is not None for w in p.weeks):
        parts += [Text(""), _heading("Discomfort", "weekly median, 0-10, lower is better"),
                  _indent(_scale_chart(p.weeks, "discomfort", DISCOMFORT_STYLE,
                                       _discomfort_extra))]
    if any(w.stiffness is not None for w in p.weeks):
        parts += [Text(""), _heading("Stiffness", "weekly median, 0-10"),
                  _indent(_scale_chart(p.weeks, "stiffness", STIFFNESS_STYLE,
                                       lambda w: f"n={w.stiffness_readings}"))]
    parts += [Text(""), *_change(p)]
    parts += [Text(""), _heading("Sessions a week", f"target {p.target}; ✓ = reached"),
              _indent(_sessions_chart(p)) if p.sessions
              else Text("  No sessions in this period.")]
    facts = Table.grid(padding=(0, 2))
    facts.add_column(style="bold")
    facts.add_column()
    for label, value in adherence_facts(p):
        facts.add_row(label, safe(value, single_line=True))
    sides = [f"{side} {count}" for side, count in p.sides.items()]
    if any(p.sides.values()):
        facts.add_row("Tighter side", " · ".join(sides))
    parts += [Text(""), _indent(facts, (0, 0, 0, 2))]
    parts += _cracking(p)
    return Group(*parts)


def print_stats(p: Progress, *, flag_label: Callable[[str], str] = str,
                flag_advice: Sequence[str] = (), out: Console | None = None) -> None:
    """Draw the ``stats`` screen on standard output."""
    (out or make_console()).print(render(p, flag_label=flag_label, flag_advice=flag_advice))
