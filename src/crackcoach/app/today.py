"""``crackcoach`` with no arguments: today's screen; and what ``start`` runs without a name.

Typed more than any other command, so it loads neither Typer nor Rich: the
screen is plain text (views/today.py), and the diary is only opened when
there is one.
"""

from __future__ import annotations

from datetime import timedelta

from crackcoach.app.common import load_config, routine_folders
from crackcoach.app.env import Env
from crackcoach.app.plans import active_plan, read_records, standing
from crackcoach.app.safety import sign_records
from crackcoach.app.start_options import StartOptions
from crackcoach.app.trend import verdict
from crackcoach.base.typenames import TYPE_CHECKING
from crackcoach.diary.shapes import document
from crackcoach.errors import EXIT_OK, CrackcoachError
from crackcoach.plans import today as today_core
from crackcoach.plans.played import as_played, length_text
from crackcoach.plans.today import RoutineInfo
from crackcoach.progress import adherence, coach
from crackcoach.progress.function import moved
from crackcoach.routines import library
from crackcoach.routines.timeline import total_seconds

if TYPE_CHECKING:
    from typing import Any

    from crackcoach.plans.model import StepChange
    from crackcoach.plans.today import RoutineInfo, Today


def gather(env: Env, *, kept: bool = True) -> tuple[Today, str | None]:
    """Today's figures from the settings, the active plan and the diary; and a plan problem.

    ``kept``: the plan file's data may come from the cache (see :func:`active_plan`).
    """

    config = load_config(env)
    today = env.now().date()
    active = active_plan(env, kept=kept)
    since = adherence.week_start(today, config.first_weekday) - timedelta(
        weeks=today_core.CALENDAR_WEEKS)
    if active.state is not None:  # with the readings the flare rule looks back on
        since = min(since, coach.level_reach(active.state.started))
    records = read_records(env, since)
    trend, trend_week, worsening = "not enough data", None, False
    if records.first_day:
        change = verdict(env, today, config.first_weekday)
        trend, trend_week = change.verdict, change.latest_week
        worsening = change.lasting_worsening
    signed, cleared_at = sign_records(env)
    found = standing(env, active, records, today, config,
                     coach.sign_periods(signed, cleared_at))
    summary = today_core.build(
        sign=coach.open_sign(signed, cleared_at, env.now()), worsening=worsening,
        today=today, standing=found, sessions=records.sessions, entries=records.entries,
        last_entry=records.last_entry, trend=trend, default_routine=config.default_routine,
        weekly_target=config.weekly_target, first_weekday=config.first_weekday)
    summary = summary._replace(trend_week=trend_week)
    if records.first_day:
        from crackcoach.app.progress import function_verdict

        measured = function_verdict(env, today, config.first_weekday)
        if measured is not None:
            function, rated = measured
            which, sentence = moved(trend, function)
            summary = summary._replace(function_trend=function, moved=which,
                                       moved_text=sentence, activities_rated=rated)
    return summary, active.problem


def today(env: Env, *, json_output: bool = False) -> int:
    """``crackcoach`` / ``crackcoach today``: what is planned today and how the weeks went."""
    summary, problem = gather(env)
    infos = _routine_infos(env, summary)
    if json_output:
        from crackcoach.views.today import today_data

        env.write_json(document("today", **today_data(summary, infos)))
    else:
        from crackcoach.views.columns import colour_allowed, drawing_width
        from crackcoach.views.today import today_text

        env.stdout.write(today_text(summary, infos, width=drawing_width(),
                                    colour=colour_allowed(env.stdout)))
    if problem is not None:
        env.warn(problem + "; 'crackcoach plan' says more")
    return EXIT_OK


def _routine_infos(env: Env, summary: Today) -> dict[str, RoutineInfo]:
    """Title and length of each routine the screen names; missing or broken ones left out."""

    # The default routine is named on the screen even when the suggestion is another one
    # (the light routine after a flare), so it is looked up too.
    names = {summary.default_routine}
    if summary.suggestion.routine is not None:
        names.add(summary.suggestion.routine)
    if summary.standing is not None:
        names.update(s.item.routine for s in summary.standing.current.items)
    folders = routine_folders(env)
    cache = env.routine_cache()
    infos = {}
    choice = summary.suggestion
    for name in sorted(names):
        try:
            routine = library.find(name, folders, cache)
            if name == choice.routine and choice.kind == "routine":
                routine = as_played(routine, quick=choice.quick, hold=choice.hold,
                                    steps=_planned_steps(summary), eased=summary.easing)
        except CrackcoachError:
            continue
        infos[name] = RoutineInfo(routine.title, max(1, round(total_seconds(routine) / 60)),
                                  length_text(routine))
    return infos


def _planned_steps(summary: Today) -> tuple[StepChange, ...]:
    """The plan week's changes to single steps of the suggested routine."""
    status = summary.standing.next_item() if summary.standing is not None else None
    if status is None or status.item.routine != summary.suggestion.routine:
        return ()
    return status.item.steps


# -- start without a name ------------------------------------------------------------------

def with_defaults(env: Env, options: StartOptions) -> StartOptions:
    """``options`` completed from the settings, and without a name, today's routine.

    The settings turn on quiet, voice and plain. Without a name the routine is
    today's suggestion (the light routine after a flare, else the plan's next
    routine with its dose, else the default routine); while an urgent or "soon"
    sign is open, the light routine, which the session's opening asks about
    first (app/gate.py).
    """
    config = load_config(env)
    options = options._replace(quiet=options.quiet or config.quiet,
                               voice=options.voice or config.voice,
                               plain=options.plain or config.plain)
    if options.name is not None:
        return options
    summary, problem = gather(env, kept=False)  # what is played comes from the files
    if problem is not None:
        env.warn(problem)
    choice = summary.suggestion
    changes: dict[str, Any] = {"name": choice.routine}
    if choice.kind in ("done", "rest"):
        changes["name"] = _first_planned(summary)
    elif choice.routine is not None and summary.standing is not None:
        if options.hold is None and choice.hold is not None:
            changes["hold"] = choice.hold
        changes["quick"] = options.quick or choice.quick
        changes["steps"] = _planned_steps(summary)
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
    if choice.kind == "advice":
        return f"If you go on after the advice below, it will be the light routine, {name}."
    return f"{choice.why} Running {name} again."

