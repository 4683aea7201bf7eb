"""``crackcoach`` with no arguments: today's screen; and what ``start`` runs without a name.

Typed more than any other command, so it loads neither Typer nor Rich: the
screen is plain text (views/today.py), and the diary is only opened when
there is one.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any

from crackcoach.app.env import Env
from crackcoach.app.plans import active_plan, load_config, read_records, standing
from crackcoach.errors import EXIT_OK, CrackcoachError

if TYPE_CHECKING:
    from crackcoach.app.session import StartOptions
    from crackcoach.today import RoutineInfo, Today


def gather(env: Env, *, with_trend: bool = True) -> tuple[Today, str | None]:
    """Today's figures from the settings, the active plan and the diary; and a plan problem.

    Without ``with_trend`` the trend is left out (choosing a routine does not need it).
    """
    from crackcoach import adherence
    from crackcoach import today as today_core

    config = load_config(env)
    today = env.now().date()
    active = active_plan(env)
    since = adherence.week_start(today, config.first_weekday) - timedelta(
        weeks=today_core.CALENDAR_WEEKS)
    if active.state is not None:
        since = min(since, active.state.started)
    records = read_records(env, since)
    trend = ""
    if with_trend:
        from crackcoach.app.progress import verdict

        trend = verdict(env, today, config.first_weekday) if records.first_day else \
            "not enough data"
    found = standing(active, records, today, config)
    summary = today_core.build(
        today=today, standing=found, sessions=records.sessions, entries=records.entries,
        last_entry=records.last_entry, trend=trend, default_routine=config.default_routine,
        weekly_target=config.weekly_target, first_weekday=config.first_weekday)
    return summary, active.problem


def today(env: Env, *, json_output: bool = False) -> int:
    """``crackcoach`` / ``crackcoach today``: what is planned today and how the weeks went."""
    summary, problem = gather(env)
    infos = _routine_infos(env, summary)
    if json_output:
        from crackcoach.shapes import document
        from crackcoach.views.today import today_data

        env.write_json(document("today", **today_data(summary, infos)))
    else:
        from crackcoach.views.columns import colour_allowed, terminal_width
        from crackcoach.views.today import today_text

        env.stdout.write(today_text(summary, infos, width=terminal_width(),
                                    colour=colour_allowed(env.stdout)))
    if problem is not None:
        env.warn(problem + "; 'crackcoach plan' says more")
    return EXIT_OK


def _routine_infos(env: Env, summary: Today) -> dict[str, RoutineInfo]:
    """Title and length of each routine the screen names; missing or broken ones left out."""
    from crackcoach import library
    from crackcoach.app.routines import routine_folders
    from crackcoach.timeline import total_seconds
    from crackcoach.today import RoutineInfo

    names = {summary.suggestion.routine or summary.default_routine}
    if summary.standing is not None:
        names.update(s.item.routine for s in summary.standing.current.items)
    folders = routine_folders(env)
    cache = env.routine_cache()
    infos = {}
    for name in sorted(names):
        try:
            routine = library.find(name, folders, cache)
        except CrackcoachError:
            continue
        infos[name] = RoutineInfo(routine.title, max(1, round(total_seconds(routine) / 60)))
    return infos


# -- start without a name ------------------------------------------------------------------

def with_defaults(env: Env, options: StartOptions) -> StartOptions:
    """``options`` completed from the settings, and without a name, today's routine.

    The settings turn on quiet, voice and plain. Without a name the routine is
    today's suggestion (the light routine after a flare, else the plan's next
    routine with its dose, else the default routine); after a recent urgent or
    "soon" sign no routine is chosen for the person.
    """
    config = load_config(env)
    options = options._replace(quiet=options.quiet or config.quiet,
                               voice=options.voice or config.voice,
                               plain=options.plain or config.plain)
    if options.name is not None:
        return options
    summary, problem = gather(env, with_trend=False)
    if problem is not None:
        env.warn(problem)
    choice = summary.suggestion
    if choice.kind == "advice":
        assert choice.advice is not None
        raise CrackcoachError(f"{choice.advice.title}: {choice.why} To stretch anyway, name a "
                              "routine: crackcoach start NAME")
    changes: dict[str, Any] = {"name": choice.routine}
    if choice.kind != "routine":
        changes["name"] = _first_planned(summary)
    elif choice.routine is not None and summary.standing is not None:
        if options.hold is None and choice.hold is not None:
            changes["hold"] = choice.hold
        changes["quick"] = options.quick or choice.quick
    if not options.dry_run:
        env.say(_choice_line(summary, str(changes["name"])))
    return options._replace(**changes)


def _first_planned(summary: Today) -> str:
    """The routine to run again when today's plan is done, or on a rest day."""
    if summary.standing is None:
        return summary.default_routine
    items = summary.standing.current.items
    due = [s for s in items if s.due_today] or list(items)
    return due[0].item.routine


def _choice_line(summary: Today, name: str) -> str:
    choice = summary.suggestion
    if choice.kind == "routine":
        return f"{choice.why} Running {name}."
    return f"{choice.why} Running {name} again."

