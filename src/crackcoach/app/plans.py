"""``crackcoach plan``: show where you are in a plan, start one, stop it, check plan files.

Also what today's screen and ``start`` share with it: the plan folders, the
active plan, and the diary's records since a day.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from pathlib import Path

from crackcoach.app.common import load_config, plan_folders, routine_folders
from crackcoach.app.env import Env
from crackcoach.app.safety import sign_periods
from crackcoach.app.trend import verdict
from crackcoach.base.textsafe import printable
from crackcoach.base.typenames import TYPE_CHECKING, NamedTuple
from crackcoach.diary import values
from crackcoach.errors import EXIT_FAILURE, EXIT_OK, CrackcoachError, InputError, PlanError
from crackcoach.plans import programme
from crackcoach.plans import reader as plan_file
from crackcoach.plans import state as plan_state
from crackcoach.progress.coach import WORSENING_ADVICE, level_reach
from crackcoach.routines import library

if TYPE_CHECKING:
    from crackcoach.base.config import Config
    from crackcoach.diary.records import DiaryEntry, SessionRecord
    from crackcoach.plans.model import Plan
    from crackcoach.plans.programme import Standing
    from crackcoach.plans.state import ActivePlan
    from crackcoach.progress.coach import SignPeriod


class Records(NamedTuple):
    """The diary's records from a day on, its latest entry and the day it began."""

    sessions: list[SessionRecord]
    entries: list[DiaryEntry]
    last_entry: DiaryEntry | None
    first_day: date | None




def routine_names(env: Env) -> set[str]:
    """The names of every routine there is (files are not read)."""

    return {p.stem for folder in routine_folders(env)
            for p in library.routine_files(folder.path)}


def read_records(env: Env, since: date) -> Records:
    """Sessions and entries from ``since`` on; the diary is never created to read it."""
    if not os.path.lexists(env.places.diary_path):  # a dangling link is the store's to report
        return Records([], [], None, None)
    from crackcoach.store import open_store

    # A day of margin: the store filters in UTC, the calendar goes by each record's own day.
    start = datetime.combine(since - timedelta(days=1), time.min).astimezone()
    with open_store(env.places.diary_path, read_only=True) as store:
        sessions = store.sessions(start)
        entries = store.entries(start)
        latest = store.entries(limit=1, newest_first=True)
        firsts = [s.started_at.date() for s in store.sessions(limit=1)]
        firsts += [e.at.date() for e in store.entries(limit=1)]
    return Records(sessions, entries, latest[0] if latest else None, min(firsts, default=None))


class Active(NamedTuple):
    """The active plan as found: its record, the plan (None if unusable) and why not."""

    state: ActivePlan | None
    plan: Plan | None
    problem: str | None


def active_plan(env: Env, *, kept: bool = True) -> Active:
    """The plan being followed; a plan file gone or broken since is a problem, not a failure.

    ``kept``: what the plan file held may come from the cache; without, the file is read
    (as ``start`` reads what it plays).
    """

    state = plan_state.read(env.places.plan_state_path)
    if state is None:
        return Active(None, None, None)

    try:
        return Active(state, plan_file.find(state.name, plan_folders(env),
                                         cache=env.plan_cache() if kept else None), None)
    except (PlanError, InputError) as exc:
        return Active(state, None, f"your plan '{state.name}' cannot be used: "
                                   f"{exc.lines()[0]}")


def standing(env: Env, active: Active, records: Records, today: date, config: Config,
             signs: Sequence[SignPeriod] | None = None) -> Standing | None:
    """Where the records put you in the active plan today.

    ``signs``: the stretches of time a safety sign was open, if the caller has
    read them already.
    """

    if active.plan is None or active.state is None:
        return None
    if signs is None:
        signs = sign_periods(env)
    return programme.stand(active.plan, active.state.started, today, records.sessions,
                           records.entries, first_weekday=config.first_weekday, signs=signs)




# -- the command ---------------------------------------------------------------------------

def plan(env: Env, name: str | None = None, *, yes: bool = False, stop: bool = False,
         check: Sequence[Path] = (), preview: bool = False, from_day: str | None = None,
         json_output: bool = False) -> int:
    """``crackcoach plan [NAME]``: show the active plan, start NAME, stop, or check files;
    ``--preview`` shows NAME without starting it, ``--from`` starts it on an earlier day."""
    if sum((name is not None, stop, bool(check))) > 1:
        raise InputError("give a plan NAME, --stop or --check, one at a time")
    if (preview or from_day is not None) and name is None:
        raise InputError(f"{'--preview' if preview else '--from'} needs a plan NAME, e.g. "
                         "crackcoach plan desk-back-8-weeks "
                         f"{'--preview' if preview else '--from 2026-12-01'}")
    if preview and from_day is not None:
        raise InputError("--preview shows a plan without starting it; leave out --from")
    if json_output and (name is not None or stop or check):
        raise InputError("--json shows the active plan; give it without NAME, --stop or "
                         "--check")
    if check:
        return check_files(env, check)
    if stop:
        return stop_plan(env)
    if name is not None and preview:
        return preview_plan(env, name)
    if name is not None:
        return begin(env, name, yes=yes, from_day=from_day)
    if json_output:
        return show_json(env)
    return show(env)


def preview_plan(env: Env, name: str) -> int:
    """Every week of plan ``name`` and how it moves, without starting it."""
    from crackcoach.views.plans import preview_text

    chosen = plan_file.find(name, plan_folders(env), routines=routine_names(env),
                            cache=env.plan_cache())
    env.stdout.write(preview_text(chosen, _titles(env, chosen), width=_width()))
    return EXIT_OK


def show_json(env: Env) -> int:
    """The active plan as data: the week, each routine's planned and done counts, the
    reason for the last move (``"plan": null`` when none is active)."""
    from crackcoach.views.plans import standing_data

    active = active_plan(env)
    if active.problem is not None:
        env.warn(active.problem)
    found = None
    if active.plan is not None and active.state is not None:
        today = env.now().date()
        records = read_records(env, min(active.state.started, today))
        found = standing(env, active, records, today, load_config(env))
    env.write_json({"plan": None if found is None else standing_data(found)})
    return EXIT_OK


def show(env: Env) -> int:
    """The active plan and where you are in it; without one, the plans to choose from."""
    from crackcoach.views.plans import catalog_text, standing_text

    active = active_plan(env)
    if active.problem is not None:
        env.warn(active.problem)
    if active.plan is None or active.state is None:

        catalog = plan_file.scan(plan_folders(env), env.plan_cache())
        env.stdout.write(catalog_text(catalog.plans, width=_width()))
        for warning in catalog.warnings:
            env.warn(warning)
        return EXIT_OK
    config = load_config(env)
    today = env.now().date()

    # From the weeks before the start too: the flare rule compares with the recent level.
    records = read_records(env, level_reach(min(active.state.started, today)))
    found = standing(env, active, records, today, config)
    assert found is not None
    env.stdout.write(standing_text(found, _titles(env, found.plan), width=_width()))
    if records.first_day is not None and verdict(env, today,
                                                 config.first_weekday).lasting_worsening:
        from crackcoach.views.plans import wrapped

        env.stdout.write("\n" + wrapped([WORSENING_ADVICE], _width()))
    return EXIT_OK


def _width() -> int:
    from crackcoach.views.columns import drawing_width

    return drawing_width()


def _titles(env: Env, chosen: Plan) -> dict[str, str]:
    """Routine titles for the plan's routines (a missing one is simply left out)."""

    titles = {}
    folders, cache = routine_folders(env), env.routine_cache()
    for name in sorted({i.routine for w in chosen.weeks for i in w.items}):
        try:
            titles[name] = library.find(name, folders, cache).title
        except CrackcoachError:
            continue
    return titles


def _start_day(env: Env, from_day: str | None) -> date:
    """The day a plan starts: today, or the day ``--from`` names (never a day to come)."""
    today = env.now().date()
    if from_day is None:
        return today

    day: date = values.read("--from", values.day_from(env.now()), from_day)
    if day > today:
        raise InputError(f"--from {day.isoformat()}: a plan starts today or on a day that "
                         "has been; expected a date up to today")
    return day


def begin(env: Env, name: str, *, yes: bool, from_day: str | None = None) -> int:
    """Start plan ``name`` today (or on the day ``from_day`` names), asking before another
    plan is replaced."""
    from crackcoach.views.plans import started_text

    first_day = _start_day(env, from_day)
    chosen = plan_file.find(name, plan_folders(env), routines=routine_names(env),
                            cache=env.plan_cache())
    current = plan_state.read(env.places.plan_state_path)
    if current is not None and not yes:
        question = (f"Replace your plan '{current.name}' (started "
                    f"{current.started.isoformat()}) with '{chosen.name}', starting at week 1? "
                    "Your diary keeps every session. [y/N] ")
        if not env.can_ask:
            raise InputError(f"plan '{current.name}' is active (started "
                             f"{current.started.isoformat()}); add --yes to replace it with "
                             f"'{chosen.name}'")
        if env.ask(question).strip().lower() not in ("y", "yes"):
            env.say("Nothing changed.")
            return EXIT_OK
    plan_state.write(env.places.plan_state_path, plan_state.ActivePlan(chosen.name, first_day))
    config = load_config(env)
    env.stdout.write(started_text(chosen, first_day, config.first_weekday, _titles(env, chosen),
                                  width=_width(), today=env.now().date()))
    return EXIT_OK


def stop_plan(env: Env) -> int:
    """Stop following the active plan; the diary is not touched."""

    if plan_state.clear(env.places.plan_state_path):
        env.say("Stopped your plan. Your diary keeps every session; 'crackcoach plan NAME' "
                "starts a plan again.")
    else:
        env.say("No plan is active.")
    return EXIT_OK


def check_files(env: Env, paths: Sequence[Path]) -> int:
    """Check plan files (or the plan files in folders); exit 1 if any is invalid."""

    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(plan_file.plan_files(path))
        elif path.exists():
            files.append(path)
        else:
            raise InputError(f"--check {printable(str(path))}: no such file or folder")
    known = routine_names(env)
    bad = 0
    for path in files:
        try:
            found = plan_file.load_plan(path, routines=known)
        except PlanError as exc:
            bad += 1
            for problem in exc.problems:
                env.say(f"error: {printable(problem)}")
            continue
        count = len(found.weeks)
        env.say(f"ok: {printable(str(path))} ({found.name}, {count} week"
                f"{'s' if count != 1 else ''})")
    env.say(f"{len(files) - bad} of {len(files)} plan file{'s' if len(files) != 1 else ''} "
            "valid.")
    return EXIT_FAILURE if bad else EXIT_OK
