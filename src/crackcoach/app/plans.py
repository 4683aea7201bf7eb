"""``crackcoach plan``: show where you are in a plan, start one, stop it, check plan files.

Also what today's screen and ``start`` share with it: the plan folders, the
active plan, and the diary's records since a day.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from crackcoach.app.env import Env
from crackcoach.errors import EXIT_FAILURE, EXIT_OK, InputError

if TYPE_CHECKING:
    from crackcoach.config import Config
    from crackcoach.library import Folder
    from crackcoach.plan_state import ActivePlan
    from crackcoach.plans import Plan
    from crackcoach.programme import Standing
    from crackcoach.records import DiaryEntry, SessionRecord


class Records(NamedTuple):
    """The diary's records from a day on, its latest entry and the day it began."""

    sessions: list[SessionRecord]
    entries: list[DiaryEntry]
    last_entry: DiaryEntry | None
    first_day: date | None


def plan_folders(env: Env) -> list[Folder]:
    """Built-in plans, then the user's (which win over built-in ones of the same name)."""
    from crackcoach.library import Folder

    return [Folder(env.builtin_plans_dir, builtin=True), Folder(env.user_plans_dir)]


def routine_names(env: Env) -> set[str]:
    """The names of every routine there is (files are not read)."""
    from crackcoach.app.routines import routine_folders
    from crackcoach.library import routine_files

    return {p.stem for folder in routine_folders(env) for p in routine_files(folder.path)}


def read_records(env: Env, since: date) -> Records:
    """Sessions and entries from ``since`` on; the diary is never created to read it."""
    if not os.path.lexists(env.diary_path):  # a dangling link is the store's to report
        return Records([], [], None, None)
    from crackcoach.store import open_store

    # A day of margin: the store filters in UTC, the calendar goes by each record's own day.
    start = datetime.combine(since - timedelta(days=1), time.min).astimezone()
    with open_store(env.diary_path, read_only=True) as store:
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


def active_plan(env: Env) -> Active:
    """The plan being followed; a plan file gone or broken since is a problem, not a failure."""
    from crackcoach import plan_state

    state = plan_state.read(env.plan_state_path)
    if state is None:
        return Active(None, None, None)
    from crackcoach import plan_file  # loads YAML: only when a plan is being followed
    from crackcoach.errors import PlanError

    try:
        return Active(state, plan_file.find(state.name, plan_folders(env)), None)
    except (PlanError, InputError) as exc:
        return Active(state, None, f"your plan '{state.name}' cannot be used: "
                                   f"{exc.lines()[0]}")


def standing(active: Active, records: Records, today: date, config: Config
             ) -> Standing | None:
    """Where the records put you in the active plan today."""
    from crackcoach import programme

    if active.plan is None or active.state is None:
        return None
    return programme.stand(active.plan, active.state.started, today, records.sessions,
                           records.entries, first_weekday=config.first_weekday)


def load_config(env: Env) -> Config:
    """The settings in force."""
    from crackcoach import config

    return config.load(env.config_path)


# -- the command ---------------------------------------------------------------------------

def plan(env: Env, name: str | None = None, *, yes: bool = False, stop: bool = False,
         check: Sequence[Path] = ()) -> int:
    """``crackcoach plan [NAME]``: show the active plan, start NAME, stop, or check files."""
    if sum((name is not None, stop, bool(check))) > 1:
        raise InputError("give a plan NAME, --stop or --check, one at a time")
    if check:
        return check_files(env, check)
    if stop:
        return stop_plan(env)
    if name is not None:
        return begin(env, name, yes=yes)
    return show(env)


def show(env: Env) -> int:
    """The active plan and where you are in it; without one, the plans to choose from."""
    from crackcoach.views.plans import catalog_text, standing_text

    active = active_plan(env)
    if active.problem is not None:
        env.warn(active.problem)
    if active.plan is None or active.state is None:
        from crackcoach import plan_file

        catalog = plan_file.scan(plan_folders(env))
        env.stdout.write(catalog_text(catalog.plans, width=_width()))
        for warning in catalog.warnings:
            env.warn(warning)
        return EXIT_OK
    config = load_config(env)
    today = env.now().date()
    records = read_records(env, min(active.state.started, today))
    found = standing(active, records, today, config)
    assert found is not None
    env.stdout.write(standing_text(found, _titles(env, found.plan), width=_width()))
    return EXIT_OK


def _width() -> int:
    from crackcoach.views.columns import terminal_width

    return terminal_width()


def _titles(env: Env, chosen: Plan) -> dict[str, str]:
    """Routine titles for the plan's routines (a missing one is simply left out)."""
    from crackcoach import library
    from crackcoach.app.routines import routine_folders
    from crackcoach.errors import CrackcoachError

    titles = {}
    folders, cache = routine_folders(env), env.routine_cache()
    for name in sorted({i.routine for w in chosen.weeks for i in w.items}):
        try:
            titles[name] = library.find(name, folders, cache).title
        except CrackcoachError:
            continue
    return titles


def begin(env: Env, name: str, *, yes: bool) -> int:
    """Start plan ``name`` today, asking before another plan is replaced."""
    from crackcoach import plan_file, plan_state
    from crackcoach.views.plans import started_text

    chosen = plan_file.find(name, plan_folders(env), routines=routine_names(env))
    current = plan_state.read(env.plan_state_path)
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
    today = env.now().date()
    plan_state.write(env.plan_state_path, plan_state.ActivePlan(chosen.name, today))
    config = load_config(env)
    env.stdout.write(started_text(chosen, today, config.first_weekday, _titles(env, chosen),
                                  width=_width()))
    return EXIT_OK


def stop_plan(env: Env) -> int:
    """Stop following the active plan; the diary is not touched."""
    from crackcoach import plan_state

    if plan_state.clear(env.plan_state_path):
        env.say("Stopped your plan. Your diary keeps every session; 'crackcoach plan NAME' "
                "starts a plan again.")
    else:
        env.say("No plan is active.")
    return EXIT_OK


def check_files(env: Env, paths: Sequence[Path]) -> int:
    """Check plan files (or the plan files in folders); exit 1 if any is invalid."""
    from crackcoach import plan_file
    from crackcoach.errors import PlanError
    from crackcoach.library import routine_files
    from crackcoach.textsafe import printable

    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(routine_files(path, "plans"))
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
