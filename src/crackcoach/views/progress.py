"""The ``stats`` screen: weekly bars with their numbers beside them, safety answers first."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.padding import Padding, PaddingDimensions
from rich.panel import Panel
from rich.segment import Segment
from rich.table import Table
from rich.text import Text

from crackcoach.base.clocktext import recorded_time
from crackcoach.base.textsafe import printable
from crackcoach.base.wrap import HANG, MIN_TEXT, words
from crackcoach.progress.function import FunctionWeek
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
from crackcoach.views.console import Message, hanging, safe

BAR_CELLS = 20
DISCOMFORT_STYLE, STIFFNESS_STYLE, SESSIONS_STYLE = "dark_orange", "blue", "green"
FUNCTION_STYLE = "cyan"
VERDICT_STYLES = {"meaningful improvement": "bold green", "possible worsening": "bold red",
                  "within day-to-day variation": "bold", "not enough data": "bold",
                  "within measurement error": "bold"}
_EIGHTHS = " ▏▎▍▌▋▊▉"


def bar(value: float, top: float, cells: int = BAR_CELLS) -> str:
    """A horizontal bar ``cells`` wide at ``top``, drawn to an eighth of a cell."""
    eighths = round(max(0.0, min(value, top)) / top * cells * 8) if top > 0 else 0
    full, part = divmod(eighths, 8)
    return ("█" * full + (_EIGHTHS[part] if part else "")).ljust(cells)


def _labeller(weeks: Sequence[Week]) -> Callable[[Week], str]:
    """Week labels: day and month, or the full date when the period spans over a year."""
    if len(weeks) > 52:
        return lambda week: week.start.isoformat()
    return lambda week: week.start.strftime("%d %b")


class _Chart:
    """One line per week: label, bar, figure, and a comment that wraps under itself.

    Drawn as segments rather than a Rich table or a Text to wrap, which keeps
    hundreds of weeks quick to draw; the comment is wrapped here, for the width
    drawn at.
    """

    def __init__(self, rows: list[tuple[Text, str]]) -> None:
        self.rows = rows  # (label, bar and figure; comment)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        # Segments straight away: the lines are laid out here, so Rich need not wrap them.
        for index, (head, comment) in enumerate(self.rows):
            if index:
                yield _NEW_LINE
            yield from head.render(console)
            if comment:
                column = head.cell_len + 1
                room = options.max_width - column
                indent = column if room >= MIN_TEXT else HANG
                lines = words(comment, room if room >= MIN_TEXT else options.max_width - HANG)
                if room < MIN_TEXT:
                    yield Segment("\n" + " " * HANG)
                yield Segment(" " + ("\n" + " " * indent).join(lines))
        if self.rows:
            yield _NEW_LINE


_NEW_LINE = Segment.line()


def _chart(weeks: Sequence[Week], row: Callable[[Week], tuple[float | None, str, str]],
           top: float, style: str, *, baseline_first: bool = False) -> _Chart:
    """The weekly chart; ``row`` gives (value, figure, comment), None drawing a dim "no bar"."""
    label = _labeller(weeks)
    rows = []
    for index, week in enumerate(weeks):
        value, figure, comment = row(week)
        if index == 1 and baseline_first:
            rows.append((Text("  ⋮", style="dim"), "(the baseline week, before the period "
                                                   "shown)"))
        head = Text(f"  {label(week)} ")
        if value is None:
            head.append("·".ljust(BAR_CELLS) + f" {figure:>3}", style="dim")
        else:
            head.append(bar(value, top), style=style)
            head.append(f" {figure:>3}", style="bold")
        rows.append((head, comment))
    return _Chart(rows)


def _scale_row(attribute: str, extra: Callable[[Week], str]
               ) -> Callable[[Week], tuple[float | None, str, str]]:
    def row(week: Week) -> tuple[float | None, str, str]:
        value: float | None = getattr(week, attribute)
        if value is None:
            return None, "–", "so far, no readings" if week.so_far else "no readings"
        return value, num(value), extra(week)

    return row


def _readings(count: int) -> str:
    return f"{count} reading{'s' if count != 1 else ''}"


def _discomfort_extra(week: Week) -> str:
    parts = [_readings(week.discomfort_readings)]
    if week.session_change is not None:
        parts.append(f"change within sessions {signed(week.session_change)}")
    if week.status not in ("before baseline", "no readings"):
        parts.append(status_text(week))
    return "; ".join(parts)


def _with_baseline(p: Progress) -> tuple[Week, ...]:
    """The weeks of the charts: the baseline week first when it comes before the period."""
    return ((p.baseline_before_period,) if p.baseline_before_period else ()) + p.weeks


def _sessions_chart(p: Progress) -> _Chart:
    top = max([p.target, *(w.counted for w in p.weeks)])

    def row(w: Week) -> tuple[float | None, str, str]:
        mark = "so far" if w.so_far else "✓" if w.met_target else "·"
        partial = f", {w.partial} partial" if w.partial else ""
        return w.counted, str(w.counted), f"{mark} {w.minutes:.0f} min{partial}"

    return _chart(p.weeks, row, top, SESSIONS_STYLE)


def _indent(renderable: RenderableType, pad: PaddingDimensions = (0, 0, 0, 2)) -> Padding:
    return Padding(renderable, pad, expand=False)


def _heading(title: str, hint: str = "") -> Text:
    text = Text(title, style="bold")
    if hint:
        text.append(f"  {hint}", style="dim")
    return text


def _flags_panel(p: Progress, flag_label: Callable[[str], str], advice: Sequence[str],
                 headlines: Sequence[str] = ()) -> Panel:
    """The signs answered in the period; with ``headlines``, only what each calls for in a
    few words (the whole advice then closes the page), so the verdict stays in view."""
    events = Table.grid(padding=(0, 2))
    events.add_column(no_wrap=True, style="bold")
    events.add_column()
    for event in p.flags:
        events.add_row(recorded_time(event.at), hanging(
            (safe(flag_label(f), single_line=True) for f in event.flags), indent=0))
    body: list[RenderableType] = [events]
    if (more := left_out(p.earlier_flags, "answers")) is not None:
        body.append(Text(more, style="dim"))
    if headlines:
        body += [Text(""), Message(f"{'; '.join(headlines)}. What to do is at the end of "
                                   "this page.", style="bold")]
    else:
        if advice:
            body.append(Text(""))
        body += [Message(line, style="bold") for line in advice]
    return Panel(Group(*body), title="Safety-screen answers in this period",
                 title_align="left", border_style="red")


def _change(p: Progress) -> list[RenderableType]:
    change = p.change
    head = Text("Change against the baseline week: ", style="bold")
    head.append(change.verdict, style=VERDICT_STYLES[change.verdict])
    out: list[RenderableType] = [head, _indent(Text(change.explanation), (0, 0, 0, 2))]
    if (lasting := worsening_text(p)) is not None:
        out.append(_indent(Text(lasting, style="bold red"), (0, 0, 0, 2)))
    stiff = p.stiffness_change
    if stiff.difference is not None and stiff.baseline is not None:
        out.append(_indent(Text(f"Stiffness in the same weeks: median {num(stiff.baseline)} -> "
                                f"{num(stiff.latest)} ({signed(stiff.difference)}); there is "
                                "no agreed threshold, so no verdict.", style="dim"),
                           (0, 0, 0, 2)))
    return out


def _function_chart(p: Progress) -> list[RenderableType]:
    """The activities' weekly average (higher is better), from the rated weeks."""
    function = p.function
    if function is None or not function.weeks:
        return []
    shown = [w for w in function.weeks if w.start >= p.period_start or w.status == "baseline"]
    long_period = len(shown) > 52

    def label(week: FunctionWeek) -> str:
        return week.start.isoformat() if long_period else week.start.strftime("%d %b")

    rows = []
    for week in shown:
        head = Text(f"  {label(week)} ")
        if week.average is None:
            head.append("·".ljust(BAR_CELLS) + "   –", style="dim")
            rows.append((head, "so far, not rated" if week.so_far else "not rated"))
            continue
        head.append(bar(week.average, 10), style=FUNCTION_STYLE)
        head.append(f" {num(week.average):>3}", style="bold")
        rated = len(week.scores)
        comment = f"{rated} activit{'y' if rated == 1 else 'ies'} rated; {week.status}"
        rows.append((head, comment))
    return [Text(""), _heading("Activities (function)", "weekly average, 0-10 (10 = as "
                                                        "before), higher is better"),
            _Chart(rows)]


def _function_change(p: Progress) -> list[RenderableType]:
    function = p.function
    if function is None or not function.activities:  # no activity ever named
        return []
    head = Text("Function against the baseline week: ", style="bold")
    head.append(function.verdict, style=VERDICT_STYLES.get(function.verdict, "bold"))
    out: list[RenderableType] = [Text(""), head,
                                 _indent(Text(function.explanation), (0, 0, 0, 2))]
    for activity in function.activities:
        if not activity.active and activity.baseline is None:
            continue
        line = f"a{activity.id} {printable(activity.name, single_line=True)}: "
        if activity.baseline is None:
            line += "not rated yet"
        elif activity.latest is None:
            line += f"baseline {activity.baseline}; {activity.verdict}"
        else:
            line += (f"{activity.baseline} -> {activity.latest} "
                     f"({activity.difference:+d}); {activity.verdict}")
        if not activity.active:
            line += " (removed)"
        out.append(_indent(Text(line), (0, 0, 0, 2)))
    out += [Text(""), Text(p.moved_text, style="bold")]
    return out


def _cracking(p: Progress) -> list[RenderableType]:
    logged = [w for w in p.weeks if w.cracks_per_day is not None]
    if not logged:
        return []
    top = max(10.0, *(w.cracks_per_day or 0 for w in logged))
    grid = _chart(logged, lambda w: (
        w.cracks_per_day, num(w.cracks_per_day),
        f"a day over {w.crack_days} logged day{'s' if w.crack_days != 1 else ''}"),
        top, "magenta")
    out: list[RenderableType] = [
        Text(""), _heading("Deliberate cracking", "times a day, on days it was logged"),
        grid]
    if p.reliance_note:
        out.append(_indent(Text(RELIANCE_NOTE, style="bold yellow"), (0, 0, 0, 2)))
    return out


def render(p: Progress, *, flag_label: Callable[[str], str] = str,
           flag_advice: Sequence[str] = (), flag_headlines: Sequence[str] = ()
           ) -> RenderableType:
    """The whole ``stats`` screen as one renderable.

    The first screen holds what matters most: the safety answers in short, the
    period and the verdict; the weekly detail follows, and the full advice for
    the signs (when ``flag_headlines`` shortened the box) closes the page.
    """
    parts: list[RenderableType] = []
    if (sign := open_sign_text(p)) is not None:
        parts.append(Panel(Message(sign, style="bold"), title="A safety sign is open",
                           title_align="left", border_style="red"))
    if p.flags:
        parts.append(_flags_panel(p, flag_label, flag_advice, flag_headlines))
    parts.append(Text.assemble(("Progress", "bold"), "  ", safe(period_text(p), single_line=True)))
    parts += _details(p)
    if p.flags and flag_headlines and flag_advice:
        parts += [Text(""), Panel(Group(*(Message(line, style="bold") for line in flag_advice)),
                                  title="What the signs in this period call for",
                                  title_align="left", border_style="red")]
    return Group(*parts)


def _details(p: Progress) -> list[RenderableType]:
    """The verdict, then the weekly charts and counts."""
    parts: list[RenderableType] = []
    if not p.has_data:
        parts.append(Text(
            f"Nothing recorded in the last {p.weeks_asked} weeks yet. Run a routine with "
            "'crackcoach start' or log how you feel with 'crackcoach log'; the weekly "
            "figures appear here as the diary fills."))
        return parts
    parts += [Text(""), *_change(p), *_function_change(p)]
    if any(w.discomfort is not None for w in p.weeks):
        parts += [Text(""), _heading("Discomfort", "weekly median, 0-10 (0 = none), lower is "
                                                   "better"),
                  _chart(_with_baseline(p), _scale_row("discomfort", _discomfort_extra), 10,
                         DISCOMFORT_STYLE, baseline_first=bool(p.baseline_before_period))]
    if any(w.stiffness is not None for w in p.weeks):
        parts += [Text(""), _heading("Stiffness", "weekly median, 0-10 (0 = none)"),
                  _chart(_with_baseline(p), _scale_row(
                      "stiffness", lambda w: _readings(w.stiffness_readings)),
                      10, STIFFNESS_STYLE, baseline_first=bool(p.baseline_before_period))]
    parts += _function_chart(p)
    parts += [Text(""), _heading("Counted sessions a week",
                                 f"target {p.target}; ✓ = reached; partial ones (less than "
                                 "half done) are not counted"),
              _sessions_chart(p) if p.sessions
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
    return parts


def print_stats(out: Console, p: Progress, *, flag_label: Callable[[str], str] = str,
                flag_advice: Sequence[str] = (), flag_headlines: Sequence[str] = ()) -> None:
    """Draw the ``stats`` screen."""
    out.print(render(p, flag_label=flag_label, flag_advice=flag_advice,
                     flag_headlines=flag_headlines))
