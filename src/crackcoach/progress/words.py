"""Progress figures in words: shared by the ``stats`` screen and the report.

Pure wording, no Rich and no markup: each caller escapes or styles the text
for where it lands.
"""

from __future__ import annotations

from crackcoach.progress.coach import WORSENING_ADVICE
from crackcoach.progress.model import Progress, Week
from crackcoach.safety import signs

RELIANCE_NOTE = signs.RELIANCE_NOTE  # the wording is safety.py's


def num(value: float | None, unit: str = "") -> str:
    """A progress figure: whole numbers without decimals, others to one, "–" when missing.

    Medians (whole or half points) read the same in a table and in a sentence: 3, 2.5.
    """
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
    starts = "Sunday" if p.first_weekday == 6 else "Monday"
    # A diary younger than the weeks asked for: say so, rather than show fewer in silence.
    fewer = ", all the diary holds" if weeks < p.weeks_asked else ""
    return (f"{p.period_start.isoformat()} to {p.period_end.isoformat()} "
            f"({weeks} week{'s' if weeks != 1 else ''} from {starts}{fewer}; {scope})")


def sessions_text(sessions: int, counted: int) -> str:
    """'1 counted of 3 sessions, 2 partial': how many sessions counted, of all of them."""
    partial = sessions - counted
    text = f"{counted} counted of {sessions} session{'s' if sessions != 1 else ''}"
    return text + (f", {partial} partial (less than half done)" if partial else "")


def adherence_facts(p: Progress) -> list[tuple[str, str]]:
    """Label and value pairs summing up how regularly the routine was done."""
    complete = p.complete_weeks
    facts = [
        ("Sessions", sessions_text(p.sessions, p.counted)),
        ("Weekly target", f"{p.target} counted sessions, reached in {p.weeks_on_target} of "
                          f"{complete} complete week{'s' if complete != 1 else ''}"),
        ("Time stretched", f"{p.minutes:.0f} min in total, pauses left out"),
        ("Streak", f"{p.streaks.current} day{'s' if p.streaks.current != 1 else ''} in a row "
                   f"now; longest {p.streaks.longest}"
                   + (f" (to {p.streaks.longest_ended.isoformat()})"
                      if p.streaks.longest_ended and p.streaks.longest else "")),
    ]
    if p.recorded_afterwards:
        done = p.recorded_afterwards
        facts.append(("Recorded afterwards", f"{done} session{'s' if done != 1 else ''} done "
                                             "elsewhere, recorded with 'crackcoach done'"))
    if p.skipped:
        facts.append(("Skipped most", "; ".join(
            f"{s.step} ({s.skipped} of {s.offered} times)" for s in p.skipped[:3])))
    return facts


def status_text(week: Week) -> str:
    """A week's place in the change rule, as the tables show it."""
    if week.status == "too few readings":
        return "too few readings to judge"
    return week.status


def left_out(count: int, what: str) -> str | None:
    """'and 12 earlier notes' when a list was cut to its latest items, else None."""
    if not count:
        return None
    return f"... and {count:,} earlier {what} in this period ('crackcoach history' lists them)."


def open_sign_text(p: Progress) -> str | None:
    """The safety sign still open, for the top of ``stats`` and the report; None if none."""
    sign = p.open_sign
    if sign is None:
        return None
    return (f"{sign.advice.title}: the safety sign recorded on {sign.since:%Y-%m-%d} is still "
            "open, with no visit to a professional recorded since ('crackcoach cleared' "
            f"records one). {sign.advice.text}")


def worsening_text(p: Progress) -> str | None:
    """Lasting worsening said plainly (two judged weeks running), or None."""
    return WORSENING_ADVICE if p.change.lasting_worsening else None
