"""Views of the comfort diary: history, safety flags and advice, learn pages."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, tzinfo

from rich import box
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.padding import Padding
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from crackcoach.base.clocktext import recorded_time
from crackcoach.diary.records import DiaryEntry, SessionRecord
from crackcoach.progress.adherence import counted
from crackcoach.safety import signs
from crackcoach.safety.learn import Page, Topic
from crackcoach.views.console import hanging, safe

_PANEL_STYLE: dict[signs.Tier, str] = {"urgent": "bold red", "soon": "yellow",
                                        "check-up": "cyan"}


def local_time(moment: datetime, tz: tzinfo | None = None) -> str:
    """A stored time as "2024-05-01 20:30" in the zone it was recorded in, with its offset
    when that is not ``tz``'s (default: this machine's zone); see
    :mod:`crackcoach.base.clocktext`."""
    return recorded_time(moment, tz)


def advice_panel(advice: signs.Advice, flags: Sequence[signs.Flag]) -> Panel:
    """One tier's advice in a box, the urgent one heavy and red so it cannot be missed."""
    parts: list[RenderableType] = [Text(advice.text)]
    if flags:
        parts += [Text(""), Text("You noted:"), hanging(flag.text for flag in flags)]
        parts += [item for flag in flags if flag.note for item in (Text(""), Text(flag.note))]
    parts += [Text(""), Text(signs.NOT_A_DIAGNOSIS, style="dim")]
    urgent = advice.tier == "urgent"
    title = f"URGENT: {advice.title.upper()}" if urgent else advice.title
    return Panel(Group(*parts), title=title, title_align="left",
                 style=_PANEL_STYLE[advice.tier], box=box.HEAVY if urgent else box.ROUNDED,
                 expand=False)


def print_advice(out: Console, advice: Sequence[tuple[signs.Advice, Sequence[signs.Flag]]]
                 ) -> None:
    """The safety advice for flagged signs, most urgent first."""
    for item, flags in advice:
        out.print(advice_panel(item, flags))


def print_flags(out: Console) -> None:
    """Every safety-screen key with its tier and meaning (``crackcoach flags``)."""
    table = Table(box=None, pad_edge=False, header_style="bold")
    table.add_column("key", no_wrap=True)
    table.add_column("tier", no_wrap=True)
    table.add_column("sign")
    for flag in signs.FLAGS:
        table.add_row(Text(flag.key, style="bold"),
                      Text(signs.TIER_LABELS[flag.tier], style=_PANEL_STYLE[flag.tier]),
                      flag.text)
    out.print(table)
    out.print()
    out.print(Text("While you stretch: ", style="bold") + Text(signs.STOP_RULE_IN_FULL))
    for tier in signs.TIERS:
        advice = signs.ADVICE[tier]
        out.print(Text(f"{advice.title} ({tier}):", style="bold"))
        out.print(Padding(Text(advice.text), (0, 0, 0, 2)))
    for flag in signs.FLAGS:
        if flag.note:
            out.print(Text(f"{flag.key}:", style="bold"))
            out.print(Padding(Text(flag.note), (0, 0, 0, 2)))
    out.print()
    out.print(signs.NOT_A_DIAGNOSIS)
    out.print("Record a sign with: crackcoach log --flag KEY")


def print_topics(out: Console, topics: Sequence[Page]) -> None:
    """The list of ``crackcoach learn`` topics."""
    table = Table(box=None, pad_edge=False, show_header=False)
    table.add_column("topic", no_wrap=True, style="bold")
    table.add_column("about")
    for topic in topics:
        table.add_row(topic.key, topic.summary)
    out.print(table)
    out.print()
    out.print("Read one with: crackcoach learn TOPIC")


def print_topic(out: Console, topic: Topic) -> None:
    """One ``crackcoach learn`` page."""
    out.print(Text(topic.title, style="bold"))
    for section in topic.sections:
        out.print()
        if section.heading:
            out.print(Text(section.heading, style="bold"))
        for index, paragraph in enumerate(section.paragraphs):
            if index:
                out.print()
            out.print(Text(paragraph))
        if section.bullets:
            out.print(hanging(section.bullets))


def _scale(entry: DiaryEntry) -> str:
    if entry.discomfort is None:
        return ""
    if entry.discomfort_before is None:
        return str(entry.discomfort)
    return f"{entry.discomfort_before} -> {entry.discomfort}"


def _minutes(seconds: float) -> str:
    return f"{seconds / 60:.0f}" if seconds >= 60 or seconds == 0 else "<1"


def record_label(record: SessionRecord | DiaryEntry) -> str:
    """The id a person types for a record: s3 for a session, e12 for a diary entry."""
    prefix = "s" if isinstance(record, SessionRecord) else "e"
    return "" if record.id is None else f"{prefix}{record.id}"


def _session_details(session: SessionRecord) -> Text:
    details = safe(session.routine, "bold", single_line=True)
    steps = len(session.steps_completed)
    if session.recorded_afterwards:
        return details + Text(f" recorded afterwards, {_minutes(session.actual_seconds)} min"
                              f"{'' if counted(session) else ' (partial)'}")
    text = (f" {session.outcome}, {_minutes(session.actual_seconds)} of "
            f"{_minutes(session.planned_seconds)} min, {steps} step{'s' if steps != 1 else ''}")
    if not counted(session):
        text += " (partial)"
    if session.steps_skipped:
        text += f", {len(session.steps_skipped)} skipped"
    details += Text(text)
    if session.outcome == "stopped" and session.stopped_step:
        details += Text(", hurt at ") + safe(session.stopped_step, single_line=True)
    return details


# Long notes are cut in the table so one entry stays a few lines; --json has them whole.
NOTE_SHOWN = 160


def _entry_details(entry: DiaryEntry) -> Text:
    parts = []
    if entry.mobility:
        parts.append(Text(f"moving {entry.mobility.replace('-', ' ')}"))
    if entry.tighter_side:
        parts.append(Text("even on both sides" if entry.tighter_side == "even"
                          else f"{entry.tighter_side} side tighter"))
    if entry.cracks is not None:
        parts.append(Text(f"cracked {entry.cracks}x"))
    if entry.activities:
        parts.append(Text("activities " + ", ".join(f"a{a} {score}"
                                                     for a, score in entry.activities)))
    if entry.flags:
        tiers = signs.tiers_of(entry.flags)
        parts.append(Text("flags: " + ", ".join(entry.flags),
                          style=_PANEL_STYLE[tiers[0]] if tiers else "bold"))
    if entry.note:
        note = entry.note if len(entry.note) <= NOTE_SHOWN else entry.note[:NOTE_SHOWN - 1] + "…"
        parts.append(safe(f'"{note}"', single_line=True))
    return Text(", ").join(parts)


# Below this many columns the two figures move into the details, which would
# otherwise be squeezed to a few characters and cut inside words.
HISTORY_COMPACT_BELOW = 82


def _figures(entry: DiaryEntry) -> Text:
    parts = [f"{name} {value}" for name, value in (("discomfort", _scale(entry)),
                                                   ("stiffness", entry.stiffness))
             if value not in ("", None)]
    if entry.discomfort is None and entry.discomfort_before is not None:
        parts.insert(0, f"discomfort before {entry.discomfort_before}")
    return Text(", ".join(parts))


def history_table(items: Sequence[SessionRecord | DiaryEntry], tz: tzinfo | None = None,
                  *, compact: bool = False) -> Table:
    """Sessions and entries in one table, in the order given.

    ``compact`` leaves out the discomfort and stiffness columns and starts the
    details with them instead, for narrow screens.
    """
    table = Table(box=None, pad_edge=False, header_style="bold")
    table.add_column("id", no_wrap=True, justify="right")
    table.add_column("when", no_wrap=True)
    table.add_column("type", no_wrap=True)
    if not compact:
        table.add_column("discomfort", justify="right", no_wrap=True)
        table.add_column("stiffness", justify="right", no_wrap=True)
    table.add_column("details", ratio=1, overflow="fold")
    for item in items:
        if isinstance(item, SessionRecord):
            figures: list[str | Text] = [] if compact else ["", ""]
            table.add_row(record_label(item), local_time(item.started_at, tz), "session",
                          *figures, _session_details(item))
        elif compact:
            details = Text(", ").join(t for t in (_figures(item), _entry_details(item)) if t)
            table.add_row(record_label(item), local_time(item.at, tz), "entry", details)
        else:
            stiffness = "" if item.stiffness is None else str(item.stiffness)
            table.add_row(record_label(item), local_time(item.at, tz), "entry", _scale(item),
                          stiffness, _entry_details(item))
    return table


class _History:
    """The history table, laid out for the width it is drawn at."""

    def __init__(self, items: Sequence[SessionRecord | DiaryEntry], tz: tzinfo | None) -> None:
        self.items = items
        self.tz = tz

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield history_table(self.items, self.tz,
                            compact=options.max_width < HISTORY_COMPACT_BELOW)


def print_history(out: Console, items: Sequence[SessionRecord | DiaryEntry],
                  tz: tzinfo | None = None, *, more: int = 0, limit: int = 0) -> None:
    """``crackcoach history``: the table, or how to start one when there is nothing yet.

    ``more``: how many older records the ``limit`` left out, said under the table.
    """
    if not items:
        out.print("Nothing in your diary yet. Run a routine with 'crackcoach start', or note "
                  "how you feel with 'crackcoach log'.")
        return
    out.print(_History(items, tz))
    if more:
        record = "record" if more == 1 else "records"
        out.print(f"{more:,} older {record} not shown; 'crackcoach history --limit "
                  f"{limit + more}' lists them all.", highlight=False, markup=False)
