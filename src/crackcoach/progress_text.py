"""Progress figures in words: shared by the ``stats`` screen and the report.

Pure wording, no Rich and no markup: each caller escapes or styles the text
for where it lands.
"""

from __future__ import annotations

from crackcoach import safety
from crackcoach.progress import Progress

RELIANCE_NOTE = safety.RELIANCE_NOTE  # the wording is safety.py's


def num(value: float | None, unit: str = "") -> str:
    """A figure for a table: whole numbers without decimals, "–" when missing."""
    if value is None:
        return "–"
    text = f"{value:.0f}" if value == int(value) else f"{value:.1f}"
    return text + unit


def signed(value: float | None) -> str:
    """A change with its sign: +1, −2.5, 0."""
    if value is None:
        return "–"
    return ("+" if value > 0 else "") + num(value)


def period_text(p: Progress) -> str:
    """The period in one sentence."""
    weeks = len(p.weeks) or p.weeks_asked
    scope = f"routine {p.routine}" if p.routine else "all routines"
    return (f"{p.period_start.isoformat()} to {p.period_end.isoformat()} "
            f"({weeks} week{'s' if weeks != 1 else ''}, {scope})")


def adherence_facts(p: Progress) -> list[tuple[str, str]]:
    """Label and value pairs summing up how regularly the routine was done."""
    weeks = len(p.weeks)
    facts = [
        ("Sessions", f"{p.sessions} in {weeks} week{'s' if weeks != 1 else ''}; target "
                     f"{p.target} a week, reached in {p.weeks_on_target} of {weeks}"),
        ("Time stretched", f"{p.minutes:.0f} min in total"),
        ("Streak", f"{p.streaks.current} day{'s' if p.streaks.current != 1 else ''} now; "
                   f"longest {p.streaks.longest}"
                   + (f" (to {p.streaks.longest_ended.isoformat()})"
                      if p.streaks.longest_ended and p.streaks.longest else "")),
    ]
    if p.skipped:
        facts.append(("Skipped most", "; ".join(
            f"{s.step} ({s.skipped} of {s.offered})" for s in p.skipped[:3])))
    return facts
