"""Use case of ``crackcoach sheet``: a routine as a printable exercise sheet."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from crackcoach.app.common import load_config, routine_folders, tell_written
from crackcoach.app.env import Env
from crackcoach.app.plans import active_plan, read_records, standing
from crackcoach.base.atomicfile import open_output
from crackcoach.errors import EXIT_OK
from crackcoach.plans.sheet import sheet_html
from crackcoach.routines import library


def sheet(env: Env, name: str, *, output: Path | None = None,
          extra_dirs: Sequence[Path] = ()) -> int:
    """``crackcoach sheet NAME``: the routine as a printable page, on screen or into a file."""

    routine = library.find(name, routine_folders(env, extra_dirs), env.routine_cache())
    text = sheet_html(routine, plan_line=plan_week_line(env, routine.name))
    with open_output(output, env.stdout) as out:  # the guarded path of report and export
        out.write(text)
    tell_written(env, output, "the exercise sheet")
    return EXIT_OK


def plan_week_line(env: Env, routine: str) -> str | None:
    """"Plan: Desk back, week 3 of 8; this routine 3 times a week", or None without a plan."""

    active = active_plan(env)
    if active.plan is None or active.state is None:
        return None
    from crackcoach.views.plans import dose, frequency

    today = env.now().date()
    records = read_records(env, min(active.state.started, today))
    found = standing(env, active, records, today, load_config(env))
    assert found is not None
    line = f"Plan: {found.plan.title}, week {found.level} of {len(found.plan.weeks)}"
    items = [status.item for status in found.current.items if status.item.routine == routine]
    if items:
        how = frequency(items[0]) + (f" ({dose(items[0])})" if dose(items[0]) else "")
        return f"{line}; this routine {how} this week."
    return f"{line}; this routine is not part of this week."
