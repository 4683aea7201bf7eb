"""Use cases that judge the diary over weeks: ``stats`` and ``report``."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import date, datetime, time
from pathlib import Path

from crackcoach.app.common import load_config, tell_written
from crackcoach.app.env import Env
from crackcoach.app.safety import open_sign
from crackcoach.base.atomicfile import open_output
from crackcoach.base.textsafe import printable
from crackcoach.base.typenames import TYPE_CHECKING
from crackcoach.diary import values
from crackcoach.diary.shapes import document
from crackcoach.diary.values import as_typed
from crackcoach.errors import EXIT_OK, InputError
from crackcoach.progress import function, weekly
from crackcoach.progress import report as reports
from crackcoach.safety import signs
from crackcoach.store import open_store

if TYPE_CHECKING:
    from typing import TextIO

    from crackcoach.progress.coach import OpenSign
    from crackcoach.progress.model import Progress



def stats(env: Env, *, weeks: int, routine: str | None, target: int | None,
          as_of: date | str | None, json_output: bool = False) -> int:
    """``crackcoach stats``: weekly progress on screen, or as JSON.

    ``target`` None means the weekly-target setting.
    """
    result = _progress(env, weeks, routine, weekly_target(env, target), as_of)
    result = result._replace(open_sign=_sign_as_of(env, result.today, as_of))
    if json_output:
        env.write_json(document("stats", **result.to_dict()))
        return EXIT_OK
    from crackcoach.views.console import console
    from crackcoach.views.progress import print_stats

    keys = {key for event in result.flags for key in event.flags}
    print_stats(console(env.stdout), result, flag_label=signs.label,
                flag_advice=signs.advice_lines(keys),
                flag_headlines=[advice.title for advice, _ in signs.advice_for(keys)])
    return EXIT_OK


def weekly_target(env: Env, given: int | None) -> int:
    """The --target given, else the weekly-target setting."""
    if given is not None:
        return given

    return load_config(env).weekly_target


def report(env: Env, *, weeks: int, output: Path | None, report_format: str,
           routine: str | None, target: int | None, as_of: date | str | None) -> int:
    """``crackcoach report``: the one-page report, on screen or into a file."""

    if report_format not in reports.REPORT_FORMATS:
        raise InputError(f"--format {report_format}: expected markdown or html")
    result = _progress(env, weeks, routine, weekly_target(env, target), as_of)
    result = result._replace(open_sign=_sign_as_of(env, result.today, as_of))
    text = reports.render(result, report_format, signs.label)
    _emit(env, output, lambda out: out.write(text), f"the {report_format} report")
    return EXIT_OK




# Weeks are counted back and forward from --as-of: years at the calendar's ends have no room.
_EARLIEST, _LATEST = date(1970, 1, 1), date(2999, 12, 31)


def _progress(env: Env, weeks: int, routine: str | None, target: int,
              as_of: date | str | None) -> Progress:
    """Read the diary up to the period's end, a record at a time, into the weekly figures.

    The whole diary is read (oldest first, the timelines left out): the baseline
    is its first week with enough readings and the verdict its latest judged
    week, whatever the period shown.
    """

    first_weekday = load_config(env).first_weekday

    today = env.now().date() if as_of is None else values.read(
        "--as-of", values.day_from(env.now()), as_of)
    if not _EARLIEST <= today <= _LATEST:
        raise InputError(f"--as-of {today.isoformat()}: expected a date from {_EARLIEST} "
                         f"to {_LATEST}")
    path = env.places.diary_path
    if not os.path.lexists(path):  # nothing logged yet: do not create a diary to read it
        if routine is not None:
            raise InputError(f"--routine {as_typed(routine)}: the diary has no sessions yet")
        return weekly.compute([], [], today=today, weeks=weeks, target=target,
                                first_weekday=first_weekday)

    # Every record is read (progress leaves out those after today by their local date), so
    # a damaged one is reported whatever the period.
    with open_store(path, read_only=True) as store:
        if routine is not None:
            known = store.routine_names()
            if routine not in known:
                raise InputError(_unknown_routine(routine, known))
        with store.snapshot():
            return weekly.compute(
                store.iter_sessions(routine=routine, timeline=False),
                store.iter_entry_facts(routine=routine), today=today, weeks=weeks,
                target=target, routine=routine, first_weekday=first_weekday,
                ratings=store.ratings(routine), activities=store.activities())


def _sign_as_of(env: Env, day: date, as_of: date | str | None) -> OpenSign | None:
    """The safety sign open now, or at the end of the ``--as-of`` day."""

    if as_of is None:
        return open_sign(env)
    return open_sign(env, min(env.now(), datetime.combine(day, time.max).astimezone()))


def function_verdict(env: Env, today: date, first_weekday: int) -> tuple[str, bool] | None:
    """The function verdict ``stats`` gives today, and whether this week has a rating;
    None when no activity was ever named."""
    from crackcoach.store import open_store

    with open_store(env.places.diary_path, read_only=True) as store, store.snapshot():
        activities = store.activities()
        if not activities:
            return None
        ratings = store.ratings()
    found = function.compute(ratings, activities, today=today,
                                     first_weekday=first_weekday)
    return found.verdict, found.rated_this_week or not any(a.active for a in activities)


def _unknown_routine(routine: str, known: list[str]) -> str:
    names = ", ".join(printable(n, single_line=True) for n in known) or "none yet"
    return (f"--routine {as_typed(routine)}: no sessions of that routine in the diary; routines "
            f"in the diary: {names}")


def _emit(env: Env, output: Path | None, write: Callable[[TextIO], object], what: str) -> None:
    """Write to ``output`` (``-`` or none: standard output) as open_output allows."""

    with open_output(output, env.stdout) as out:
        write(out)
    tell_written(env, output, what)
