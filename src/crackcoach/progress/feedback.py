"""What the coach says once an entry is saved: the change within a session, a flare
judged against the person's own level, and the note on cracking several times a day.

Plain lines, no markup; the safety advice itself comes from
:func:`crackcoach.safety.signs.advice_for`, before these lines.
"""

from __future__ import annotations

from datetime import date, timedelta

from crackcoach.diary.checkin import LIGHTER_ROUTINE
from crackcoach.diary.records import DiaryEntry
from crackcoach.progress.coach import flare_against
from crackcoach.safety import signs


def is_flare(entry: DiaryEntry, level: float | None = None) -> bool:
    """Whether ``entry`` is a flare against the person's recent ``level``
    (:mod:`crackcoach.progress.coach`)."""
    return flare_against(entry, level) is not None


def change_line(entry: DiaryEntry) -> str | None:
    """The raw within-session change, e.g. "Discomfort 5 -> 3 (down 2).", or None."""
    before, after = entry.discomfort_before, entry.discomfort
    if before is None or after is None:
        return None
    difference = after - before
    trend = ("no change" if difference == 0
             else f"up {difference}" if difference > 0 else f"down {-difference}")
    return f"Discomfort {before} -> {after} ({trend})."


def day_phrase(day: date, today: date | None) -> str | None:
    """How a sentence names an entry's day: None for today, "yesterday", "on 21 Oct"."""
    if today is None or day == today:
        return None
    if day == today - timedelta(days=1):
        return "yesterday"
    return f"on {day.day} {day:%b}" + (f" {day.year}" if day.year != today.year else "")


def after_session_message(entry: DiaryEntry, *, today: date | None = None,
                          cracks_reminded: bool = False, level: float | None = None
                          ) -> list[str]:
    """Plain lines to show after a saved entry's safety advice: the change, and suggestions.

    ``today`` lets the wording follow the entry's own day ("On 21 Oct a flare:
    ..." for an entry logged afterwards); ``level`` is the person's recent level
    the flare rule compares with (crackcoach.progress.coach); ``cracks_reminded``
    leaves out the several-a-day cracking note when that day already had it.

    The change is a raw difference: one session is too short to judge by the
    weekly improvement thresholds. The safety advice
    (:func:`crackcoach.safety.signs.advice_for`) comes first and alone after an
    urgent sign, so then there are no lines; after a 'soon' sign there is no
    suggestion of a lighter session, since the advice is to pause.
    """
    tiers = signs.tiers_of(entry.flags)
    if "urgent" in tiers:
        return []
    lines = []
    change = change_line(entry)
    if change:
        lines.append(change)
    flare = flare_against(entry, level)
    if flare is not None and "soon" not in tiers:
        when = day_phrase(entry.at.date(), today)
        head = f"{when[0].upper()}{when[1:]} a" if when else "A"
        lines.append(f"{head} flare: {flare.reason}. Next time, try a lighter session: the "
                     f"{LIGHTER_ROUTINE} routine is made for days like this ('crackcoach start "
                     f"{LIGHTER_ROUTINE}'). Ease off anything that hurts.")
    if entry.cracks is not None and entry.cracks >= signs.CRACKS_SEVERAL and \
            not cracks_reminded:
        lines.append(signs.cracks_line(entry.cracks, day_phrase(entry.at.date(), today)))
    return lines
