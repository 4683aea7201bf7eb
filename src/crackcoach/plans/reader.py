"""Reading plan files, checking them field by field, and finding them by name.

A plan file is read with the hardened loader in :mod:`crackcoach.base.yamlsafe` and
checked with the routine checker of :mod:`crackcoach.routines.reader`, so its
problems read the same way: file, line and column, the field, what was expected.
Plans live in folders like routines (built-in, then the user's), one file per
plan, called ``<name>.yaml``, found by the rules of :mod:`crackcoach.base.catalog`
and kept, once read, like routines (:mod:`crackcoach.routines.cache`).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from pathlib import Path

from crackcoach.base import catalog, weekdays, yamlsafe
from crackcoach.base.checker import Checker, suggest, type_name
from crackcoach.base.paths import Folder
from crackcoach.base.typenames import TYPE_CHECKING, NamedTuple
from crackcoach.errors import BadValue, InputError, PlanError
from crackcoach.plans.model import (
    DROP_BACK_EVENTS,
    DROP_BACK_RANGE,
    ITEM_HOLD_RANGE,
    ITEM_KEYS,
    LEAST_SESSIONS_RANGE,
    MAX_ITEMS,
    MAX_WEEKS,
    MOVE_UP_CONDITIONS,
    PLAN_KEYS,
    PROGRESSION_KEYS,
    SHARE_RANGE,
    STEP_CHANGE_KEYS,
    STEP_HOLD_RANGE,
    STEP_REPS_RANGE,
    STEP_SETS_RANGE,
    TIMES_RANGE,
    WEEK_KEYS,
    Plan,
    PlanItem,
    PlanWeek,
    Progression,
    StepChange,
)
from crackcoach.routines.cache import FileCache, read_checked
from crackcoach.routines.model import MAX_NAME_LENGTH, SLUG
from crackcoach.routines.reader import check_version

if TYPE_CHECKING:
    from typing import Any, TypeAlias

FieldPath: TypeAlias = "tuple[Any, ...]"  # where a value is in the file: keys and list positions


def load_plan(path: Path, *, source: str | None = None, builtin: bool = False,
              routines: Collection[str] | None = None, cache: FileCache | None = None
              ) -> Plan:
    """Read and check the plan file at ``path``; PlanError lists every problem.

    With ``routines`` (the names of the routines that exist) each routine the
    plan names is looked up too. With a ``cache``, data kept from an unchanged
    file is checked instead of parsing the file again.
    """
    where = source or str(path)
    return read_checked(path, where, lambda doc: check_document(
        doc, where, path=path, builtin=builtin, routines=routines), PlanError, cache)


def check_document(doc: yamlsafe.Document, source: str, *, path: Path | None = None,
                   builtin: bool = False, routines: Collection[str] | None = None) -> Plan:
    """Check parsed plan data; the Plan, or PlanError with every problem."""
    check = Checker(doc, source)
    data = doc.data
    if not isinstance(data, dict):
        check.problem((), "plan", "expected a mapping of keys such as version, name, title "
                                  f"and weeks, got {type_name(data)}")
        raise PlanError(check.messages())
    check.known_keys(data, (), "", PLAN_KEYS, PLAN_KEYS, "a plan")
    check_version(check, data, "plan")
    name = check.text(data, "name", (), "plan", limit=MAX_NAME_LENGTH)
    if name is not None and not SLUG.fullmatch(name):
        check.problem(("name",), "name", f"'{name}' is not a valid name; use lowercase "
                                         "letters, digits and single hyphens, e.g. 'desk-back'")
    title = check.text(data, "title", (), "plan", limit=80)
    summary = check.text(data, "summary", (), "plan", required=False, limit=600) or ""
    caution = check.text(data, "caution", (), "plan", required=False, limit=1000)
    progression = _progression(check, data.get("progression"))
    weeks = _weeks(check, data, routines)
    if check.problems:
        raise PlanError(check.messages())
    assert name is not None and title is not None
    return Plan(name=name, title=title, weeks=weeks, summary=summary, caution=caution,
                progression=progression, source=source, path=path, builtin=builtin)


def _words(check: Checker, raw: Any, where: FieldPath, label: str, allowed: tuple[str, ...]
           ) -> tuple[str, ...] | None:
    """A list of words from ``allowed`` (in their order), or None after a problem."""
    items = [raw] if isinstance(raw, str) else raw
    if not isinstance(items, list):
        check.problem(where, label, f"expected a list of {', '.join(allowed)}, got "
                                    f"{type_name(raw)}")
        return None
    for index, item in enumerate(items):
        if item not in allowed:
            hint = suggest(item, allowed) if isinstance(item, str) else ""
            check.problem((*where, index), label, f"expected one of {', '.join(allowed)}, "
                                                  f"got {type_name(item)}{hint}")
            return None
    return tuple(word for word in allowed if word in items)


def _progression(check: Checker, raw: Any) -> Progression:
    if raw is None:
        return Progression()
    where: FieldPath = ("progression",)
    if not isinstance(raw, dict):
        check.problem(where, "progression", f"expected a mapping with keys such as "
                                            f"least-sessions, got {type_name(raw)}")
        return Progression()
    check.known_keys(raw, where, "progression", PROGRESSION_KEYS, PROGRESSION_KEYS,
                     "progression")
    default = Progression()
    move_up = _words(check, raw.get("move-up-when", list(default.move_up_when)),
                     (*where, "move-up-when"), "progression > move-up-when",
                     MOVE_UP_CONDITIONS)
    if move_up is not None and "discomfort-steady" not in move_up:
        check.problem((*where, "move-up-when"), "progression > move-up-when",
                      "must include discomfort-steady: a plan never moves up while "
                      "discomfort is rising")
    drop_after = _words(check, raw.get("drop-back-after", list(default.drop_back_after)),
                        (*where, "drop-back-after"), "progression > drop-back-after",
                        DROP_BACK_EVENTS)
    return Progression(
        move_up_when=move_up or default.move_up_when,
        move_up_share=int(check.number(raw, "move-up-share", where, "progression",
                                       SHARE_RANGE, "percent ", default.move_up_share)),
        least_sessions=int(check.number(raw, "least-sessions", where, "progression",
                                        LEAST_SESSIONS_RANGE, "sessions ",
                                        default.least_sessions)),
        drop_back_after=drop_after if drop_after is not None else default.drop_back_after,
        drop_back_weeks=int(check.number(raw, "drop-back-weeks", where, "progression",
                                         DROP_BACK_RANGE, "weeks ", default.drop_back_weeks)))


def _weeks(check: Checker, data: dict[str, Any], routines: Collection[str] | None
           ) -> tuple[PlanWeek, ...]:
    raw = data.get("weeks")
    if raw is None:
        check.problem((), "plan", "'weeks' is missing; expected a list of weeks")
        return ()
    if not isinstance(raw, list) or not raw:
        check.problem(("weeks",), "weeks", f"expected a list of weeks, got {type_name(raw)}")
        return ()
    if len(raw) > MAX_WEEKS:
        check.problem(("weeks",), "weeks", f"has {len(raw)} weeks; at most {MAX_WEEKS}")
        return ()
    weeks = [_week(check, item, index, routines) for index, item in enumerate(raw)]
    return tuple(week for week in weeks if week is not None)


def _week(check: Checker, raw: Any, index: int, routines: Collection[str] | None
          ) -> PlanWeek | None:
    path: FieldPath = ("weeks", index)
    label = f"week {index + 1}"
    if not isinstance(raw, dict):
        check.problem(path, label, f"expected a mapping with routines and an optional note, "
                                   f"got {type_name(raw)}")
        return None
    check.known_keys(raw, path, label, WEEK_KEYS, WEEK_KEYS, "a week")
    note = check.text(raw, "note", path, label, required=False, limit=300) or ""
    items = raw.get("routines")
    if not isinstance(items, list) or not items or len(items) > MAX_ITEMS:
        got = "nothing" if items is None else type_name(items)
        check.problem((*path, "routines") if items is not None else path,
                      f"{label} > routines",
                      f"expected a list of 1 to {MAX_ITEMS} routines like "
                      f"{{routine: back-reset, days: daily}}, got {got}")
        return None
    found = [_item(check, item, (*path, "routines", i), f"{label} > routine {i + 1}",
                   routines) for i, item in enumerate(items)]
    names = [item.routine for item in found if item is not None]
    for i, item in enumerate(found):
        if item is not None and names.count(item.routine) > 1 and \
                names.index(item.routine) < i:
            check.problem((*path, "routines", i, "routine"), f"{label} > routine {i + 1}",
                          f"'{item.routine}' is already in this week; list each routine once")
    return PlanWeek(items=tuple(item for item in found if item is not None), note=note)


def _item(check: Checker, raw: Any, path: FieldPath, label: str,
          routines: Collection[str] | None) -> PlanItem | None:
    if not isinstance(raw, dict):
        check.problem(path, label, f"expected a mapping like {{routine: back-reset, times: 3}}, "
                                   f"got {type_name(raw)}")
        return None
    check.known_keys(raw, path, label, ITEM_KEYS, ITEM_KEYS, "a plan's routine")
    name = check.text(raw, "routine", path, label, limit=MAX_NAME_LENGTH)
    if name is not None and not SLUG.fullmatch(name):
        check.problem((*path, "routine"), f"{label} > routine",
                      f"'{name}' is not a routine name; names use lowercase letters, digits "
                      "and single hyphens, e.g. 'back-reset'")
        name = None
    elif name is not None and routines is not None and name not in routines:
        check.problem((*path, "routine"), f"{label} > routine",
                      f"no routine named '{name}'{suggest(name, sorted(routines))} "
                      "('crackcoach list' shows them all)")
        name = None
    days, times = _frequency(check, raw, path, label)
    quick = raw.get("quick", False)
    if not isinstance(quick, bool):
        check.problem((*path, "quick"), f"{label} > quick",
                      f"expected true or false, got {type_name(quick)}")
    hold = check.number(raw, "hold", path, label, ITEM_HOLD_RANGE, "seconds ", 0) if \
        "hold" in raw else None
    steps = _step_changes(check, raw.get("steps"), (*path, "steps"), f"{label} > steps")
    if name is None or (not days and not times):
        return None
    return PlanItem(routine=name, days=days, times=times, quick=quick is True, hold=hold,
                    steps=steps)


def _step_changes(check: Checker, raw: Any, path: FieldPath, label: str
                  ) -> tuple[StepChange, ...]:
    """``steps:``, a mapping of step names to their changes, e.g. {Glute bridge: {reps: 10}}."""
    if raw is None:
        return ()
    if not isinstance(raw, dict) or not raw:
        check.problem(path, label, "expected a mapping of step names to changes, like "
                                   f"{{Glute bridge: {{reps: 10}}}}, got {type_name(raw)}")
        return ()
    changes = []
    for name, change in raw.items():
        where, here = (*path, name), f"{label} > {name}"
        if not isinstance(name, str) or not name.strip() or len(name) > 80:
            check.problem(where, label, "expected a step's name as written in the routine",
                          key=True)
            continue
        if not isinstance(change, dict) or not change:
            check.problem(where, here, "expected a mapping with reps, sets, hold or version, "
                                       f"got {type_name(change)}")
            continue
        check.known_keys(change, where, here, STEP_CHANGE_KEYS, STEP_CHANGE_KEYS,
                         "a step change")
        version = change.get("version")
        if version is not None and version not in ("easier", "harder"):
            check.problem((*where, "version"), f"{here} > version",
                          f"expected easier or harder, got {type_name(version)}")
            version = None
        reps = check.number(change, "reps", where, here, STEP_REPS_RANGE, "", 0)
        sets = check.number(change, "sets", where, here, STEP_SETS_RANGE, "", 0)
        hold = check.number(change, "hold", where, here, STEP_HOLD_RANGE, "seconds ", 0)
        changes.append(StepChange(name, int(reps) if "reps" in change else None,
                                  int(sets) if "sets" in change else None,
                                  hold if "hold" in change else None, version))
    return tuple(changes)


def _frequency(check: Checker, raw: dict[str, Any], path: FieldPath, label: str
               ) -> tuple[tuple[int, ...], int]:
    """(days, times): exactly one of ``days`` or ``times`` must be given."""
    if ("days" in raw) == ("times" in raw):
        check.problem(path, label, "give either 'days' (e.g. daily or [mon, wed, fri]) or "
                                   "'times' (times a week, 1-7), not both" if "days" in raw
                      else "'days' or 'times' is missing; expected days (e.g. daily or "
                           "[mon, wed, fri]) or times a week (1-7)")
        return (), 0
    if "times" in raw:
        return (), int(check.number(raw, "times", path, label, TIMES_RANGE, "times a week "))
    value = raw["days"]
    text = ",".join(str(v) for v in value) if isinstance(value, list) and all(
        isinstance(v, str) for v in value) and value else value
    try:
        if not isinstance(text, str):
            raise BadValue(weekdays.EXPECTED)
        return weekdays.parse(text), 0
    except BadValue as exc:
        check.problem((*path, "days"), f"{label} > days",
                      f"expected {exc.expected}, got {type_name(value)}")
        return (), 0


# -- finding plans ------------------------------------------------------------------------

class Catalog(NamedTuple):
    """Every usable plan by name (later folders win), and one warning per broken file."""

    plans: list[Plan]
    warnings: list[str]


def check_name(name: str) -> None:
    """Refuse anything that is not a plan name (paths above all)."""
    if not SLUG.fullmatch(name) or len(name) > MAX_NAME_LENGTH:
        shown = name if len(name) <= 20 else name[:20] + "..."
        raise InputError(f"'{shown}' is not a plan name; names use lowercase letters, digits "
                         "and single hyphens, e.g. 'desk-back-8-weeks'")


# A plans folder that cannot be read is an error: the plan being followed may be in it.
PLANS = catalog.Kind("plan", error=PlanError, not_found=InputError,
                     listed_by="'crackcoach plan' lists them", check_name=check_name,
                     strict=True)


def plan_files(folder: Path) -> list[Path]:
    """The plan files directly inside ``folder``, by name."""
    return catalog.files(folder, PLANS.plural)


def _reader(routines: Collection[str] | None, cache: FileCache | None
            ) -> Callable[[Path, Folder], Plan]:
    def read(path: Path, folder: Folder) -> Plan:
        return load_plan(path, source=catalog.label(path, folder), builtin=folder.builtin,
                         routines=routines, cache=cache)
    return read


def find(name: str, folders: Sequence[Folder], *, routines: Collection[str] | None = None,
         cache: FileCache | None = None) -> Plan:
    """The plan called ``name``, from the folder with the highest precedence.

    A ``cache`` saves parsing an unchanged file again (see :mod:`crackcoach.routines.cache`).
    """
    try:
        return catalog.find(name, folders, PLANS, _reader(routines, cache))
    finally:
        if cache is not None:
            cache.save()


def scan(folders: Sequence[Folder], cache: FileCache | None = None) -> Catalog:
    """Every plan in ``folders``; a broken file becomes a warning, not a failure."""
    plans, _, warnings = catalog.scan(folders, PLANS, _reader(None, cache))
    if cache is not None:
        cache.save()
    return Catalog(plans, warnings)


def names(folders: Sequence[Folder]) -> list[str]:
    """The names of the plan files in ``folders``, without reading them (for completion)."""
    return catalog.names(folders, PLANS)
