"""Which plan is active, and since when: one small private file beside the diary.

The file holds only the plan's name and the day it was started; everything
else (which week you are on, what is done) is worked out again from the diary
each time, so it can never disagree with what was recorded.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from crackcoach.base import guarded
from crackcoach.base.atomicfile import write_private
from crackcoach.base.typenames import NamedTuple
from crackcoach.errors import CrackcoachError

STATE_VERSION = 1


MAX_BYTES = 4096  # the file holds a name and a date
# Plans are counted in days and weeks from their start: far-off years only make trouble.
EARLIEST, LATEST = date(1970, 1, 1), date(2999, 12, 31)


class ActivePlan(NamedTuple):
    """The plan being followed: its name and the day it was started."""

    name: str
    started: date


def read(path: Path) -> ActivePlan | None:
    """The active plan, or None when no plan has been started."""

    try:
        raw = guarded.read_bytes(path, MAX_BYTES, follow=False)
        if raw is None:
            return None
        data = guarded.load_json(raw)
    except guarded.Refused as exc:
        raise _unusable(path, exc.reason) from None
    if not isinstance(data, dict) or data.get("version") != STATE_VERSION:
        raise _unusable(path, f"expected version {STATE_VERSION} with a plan and a date")
    try:
        return checked(data.get("plan"), data.get("started"))
    except ValueError as exc:
        raise _unusable(path, str(exc)) from None


def checked(name: object, started: object) -> ActivePlan:
    """A plan's name and start day as the file (or a synced change) holds them; ValueError."""
    try:
        if not isinstance(name, str) or not isinstance(started, str):
            raise ValueError
        if len(started) != len("2026-11-02"):
            raise ValueError
        day = date.fromisoformat(started)
    except ValueError:
        raise ValueError("expected a plan name and a start date like 2026-11-02") from None
    if not EARLIEST <= day <= LATEST:
        raise ValueError(f"the start date {started} is not between {EARLIEST} and {LATEST}")
    return ActivePlan(name, day)


def fields(active: ActivePlan | None) -> dict[str, str | None]:
    """What a change of the active plan carries to other machines (None: no plan)."""
    if active is None:
        return {"plan": None, "started": None}
    return {"plan": active.name, "started": active.started.isoformat()}


def write(path: Path, active: ActivePlan) -> None:
    """Record ``active`` as the plan being followed (atomically, private to the user)."""

    data = {"version": STATE_VERSION, "plan": active.name,
            "started": active.started.isoformat()}
    write_private(path, json.dumps(data, indent=2) + "\n")


def clear(path: Path) -> bool:
    """Forget the active plan; False when there was none."""
    try:
        path.unlink()
    except FileNotFoundError:
        return False
    except OSError as exc:
        raise CrackcoachError(f"cannot remove {path}: {exc.strerror or exc}") from None
    return True


def _unusable(path: Path, why: str) -> CrackcoachError:
    return CrackcoachError(f"{path}: the active-plan file cannot be read ({why}); "
                           "'crackcoach plan --stop' clears it")
