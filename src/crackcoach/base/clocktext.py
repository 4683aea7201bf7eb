"""How a recorded time is written for a person: in the zone it was recorded in.

An entry made at 08:00 in India reads 08:00 wherever the diary is opened later,
with its offset ("08:00 +05:30") when that differs from this machine's offset at
that moment, so a time is never silently moved to another zone. Every screen,
message and report shows times this way; exports write the full ISO form.
"""

from __future__ import annotations

from datetime import datetime, timedelta, tzinfo


def offset_text(offset: timedelta) -> str:
    """An offset from UTC as "+05:30" or "-04:00"."""
    minutes = int(offset.total_seconds() // 60)
    sign = "-" if minutes < 0 else "+"
    hours, rest = divmod(abs(minutes), 60)
    return f"{sign}{hours:02d}:{rest:02d}"


def recorded_time(moment: datetime, machine: tzinfo | None = None, *,
                  fmt: str = "%Y-%m-%d %H:%M") -> str:
    """``moment`` as written in its own zone ("2024-05-01 08:00"), then its offset when it
    is not the one ``machine`` (default: this computer's zone) has at that instant."""
    text = moment.strftime(fmt)
    own = moment.utcoffset()
    if own is None:  # a naive time: nothing to compare
        return text
    here = moment.astimezone(machine).utcoffset()
    return text if here == own else f"{text} {offset_text(own)}"
