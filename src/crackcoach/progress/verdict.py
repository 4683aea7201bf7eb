"""The change verdict in words: what ``stats``, ``--json`` and the report all say (pure).

Plain text, no markup. Every figure carries its label ("median 3 from 5
readings") so the sentence can be read on its own, by the person or by the
clinician they hand the report to.
"""

from __future__ import annotations

from datetime import date

from crackcoach.base.typenames import TYPE_CHECKING
from crackcoach.progress.words import num
from crackcoach.safety.signs import WORSENING_NOTE

if TYPE_CHECKING:
    from crackcoach.progress.model import Verdict, Week


def day(value: date) -> str:
    """A date as a person reads it: 23 Nov 2026."""
    return f"{value.day} {value:%b %Y}"


def readings(count: int) -> str:
    """'1 reading', '5 readings'."""
    return f"{count} reading{'s' if count != 1 else ''}"


def no_baseline(has_readings: bool) -> str:
    """Why there is no verdict yet: no week has enough readings to be the baseline."""
    if not has_readings:
        return ("No discomfort readings yet. The first calendar week with at least 3 becomes "
                "the baseline; later weeks are compared with it.")
    return ("No calendar week has 3 discomfort readings yet, so there is no baseline to "
            "compare with (one reading is too noisy). Log how you feel on at least 3 days in a "
            "week; that week becomes the baseline.")


def _baseline(baseline: Week) -> str:
    assert baseline.discomfort is not None
    return (f"median {num(baseline.discomfort)} in the baseline week of {day(baseline.start)} "
            f"({readings(baseline.discomfort_readings)})")


def baseline_only(baseline: Week, needed: float | None) -> str:
    """The verdict's text when the baseline is known but no later week is judged yet."""
    head = f"Baseline: {_baseline(baseline)}. "
    return head + ("Each complete week after it with at least 2 readings is compared with it; "
                   "none is yet (the current week is judged once it is over)."
                   + _needed_tail(baseline, needed))


def _needed_tail(baseline: Week, needed: float | None) -> str:
    assert baseline.discomfort is not None
    if baseline.discomfort == 0:
        return (" The baseline week had no discomfort (median 0), so only a rise could "
                "show.")
    if needed is None:
        return (f" A baseline median of {num(baseline.discomfort)} is too low for any drop to "
                "reach the threshold (1 point and 30%), so only a rise could show.")
    return (f" A meaningful improvement needs a weekly median of {num(needed)} or lower in two "
            "weeks running.")


def change(verdict: Verdict, latest: Week, baseline: Week, needed: float | None) -> str:
    """The verdict's text: the latest judged week against the baseline week."""
    assert latest.discomfort is not None and baseline.discomfort is not None
    move = latest.discomfort - baseline.discomfort
    direction = ("no change" if move == 0 else
                 f"{num(abs(move))} point{'s' if abs(move) != 1 else ''} "
                 f"{'lower' if move < 0 else 'higher'}")
    head = (f"Discomfort in the week of {day(latest.start)}: median {num(latest.discomfort)} "
            f"({readings(latest.discomfort_readings)}), against {_baseline(baseline)}: "
            f"{direction}.")
    if verdict == "meaningful improvement":
        return head + (" Lower by enough in two weeks running: a meaningful improvement.")
    if verdict == "possible worsening":
        return f"{head} {WORSENING_NOTE}"
    if latest.status == "lower by enough (1 week)":
        return head + (" Within day-to-day variation for now: lower by enough this week; one "
                       "more week like it would count as a meaningful improvement.")
    return head + " Within day-to-day variation." + _needed_tail(baseline, needed)
