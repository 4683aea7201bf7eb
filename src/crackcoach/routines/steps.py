"""Checking a routine's steps: the keys of each kind, and their easier and harder versions.

A variant (``easier`` or ``harder``) is a mapping inside its step. It has its
own words - ``name`` and ``instructions`` (required), ``why``, ``cues``,
``caution`` and ``equipment`` - none of which it takes from the step, since
they describe a different position; its timing keys default to the step's,
so a variant names only what it changes. Its kind is always the step's.
"""

from __future__ import annotations

from collections.abc import Callable

from crackcoach.base.checker import Checker, suggest, type_name
from crackcoach.base.typenames import TYPE_CHECKING
from crackcoach.figures.check import check_figure
from crackcoach.routines.model import (
    ALL_STEP_KEYS,
    COMMON_STEP_KEYS,
    CYCLE_RANGE,
    DEFAULT_PREPARE,
    DEFAULT_SWITCH,
    FLOW_RANGE,
    HOLD_RANGE,
    KIND_KEYS,
    PREPARE_RANGE,
    REPS_RANGE,
    REST_RANGE,
    SETS_RANGE,
    STEP_KINDS,
    SWITCH_RANGE,
    TEMPO_RANGE,
    TIMED_RANGE,
    TOP_HOLD_RANGE,
    VARIANT_TEXT_KEYS,
    VARIANTS,
    CyclePhase,
    Step,
    StepKind,
)

if TYPE_CHECKING:
    from typing import Any, TypeAlias

EQUIPMENT_MOST = 6


def check_steps(check: Checker, data: dict[str, Any]) -> tuple[Step, ...]:
    """The routine's ``steps``, each checked; problems are collected by ``check``."""
    raw = data.get("steps")
    if raw is None:
        check.problem((), "routine", "'steps' is missing; expected a list of steps",
                      missing="steps")
        return ()
    if not isinstance(raw, list) or not raw:
        check.problem(("steps",), "steps",
                      f"expected a non-empty list of steps, got {type_name(raw)}")
        return ()
    if len(raw) > 100:
        check.problem(("steps",), "steps", f"has {len(raw)} steps; at most 100 are allowed")
        return ()
    steps = []
    for index, item in enumerate(raw):
        step = _check_step(check, item, index)
        if step is not None:
            steps.append(step)
    return tuple(steps)


def _check_step(check: Checker, item: Any, index: int) -> Step | None:
    path: tuple[Any, ...] = ("steps", index)
    label = f"step {index + 1}"
    if not isinstance(item, dict):
        check.problem(path, label, f"expected a mapping with name, kind and instructions, "
                                   f"got {type_name(item)}")
        return None
    name = check.text(item, "name", path, label, limit=80)
    if name is not None:
        label = f"step {index + 1} ({name})"
    kind = item.get("kind")
    if kind not in STEP_KINDS:
        if "kind" not in item:
            check.problem(path, label,
                          f"'kind' is missing; expected one of {', '.join(STEP_KINDS)}",
                          missing="kind")
        else:
            hint = suggest(kind, STEP_KINDS) if isinstance(kind, str) else ""
            check.problem((*path, "kind"), f"{label} > kind",
                          f"expected one of {', '.join(STEP_KINDS)}, got "
                          f"{type_name(kind)}{hint}")
        check.known_keys(item, path, label, ALL_STEP_KEYS, ALL_STEP_KEYS, "any step")
        return None
    allowed = COMMON_STEP_KEYS + KIND_KEYS[kind]
    check.known_keys(item, path, label, allowed, ALL_STEP_KEYS, f"a '{kind}' step")
    fields = _words(check, item, path, label)
    fields["figure"] = check_figure(check, item, path, label)
    fields["prepare"] = check.number(item, "prepare", path, label, PREPARE_RANGE, "seconds ",
                                     DEFAULT_PREPARE)
    fields.update(_KIND_CHECKS[kind](check, item, path, label, None))
    if name is None or fields["instructions"] is None:
        return None
    step = Step(name=name, kind=kind, **fields)
    variants = {v: _check_variant(check, item, (*path, v), f"{label} > {v}", step)
                for v in VARIANTS if v in item}
    return step.with_variants(**variants)


def _words(check: Checker, item: dict[str, Any], path: tuple[Any, ...], label: str
           ) -> dict[str, Any]:
    """The text fields of a step or a variant: everything but its name and timing."""
    return {
        "instructions": check.text(item, "instructions", path, label, limit=4000),
        "why": check.text(item, "why", path, label, required=False, limit=160, one_line=True),
        "cues": check.texts(item, "cues", path, label, limit=120, most=20),
        "caution": check.text(item, "caution", path, label, required=False, limit=1000),
        "equipment": check.texts(item, "equipment", path, label, limit=40,
                                 most=EQUIPMENT_MOST),
    }


def _check_variant(check: Checker, item: dict[str, Any], path: tuple[Any, ...], label: str,
                   base: Step) -> Step | None:
    """The easier or harder version of ``base``: its own words, the step's timing by default."""
    raw = item[path[-1]]
    if not isinstance(raw, dict):
        check.problem(path, label, f"expected a mapping with name and instructions (and any "
                                   f"timing that differs), got {type_name(raw)}")
        return None
    allowed = (*VARIANT_TEXT_KEYS, "figure", "prepare", *KIND_KEYS[base.kind])
    if "kind" in raw:
        check.problem((*path, "kind"), f"{label} > kind",
                      f"a variant keeps its step's kind ('{base.kind}'); leave 'kind' out",
                      key=True)
    check.known_keys({k: v for k, v in raw.items() if k != "kind"}, path, label, allowed,
                     ALL_STEP_KEYS, f"a variant of a '{base.kind}' step")
    name = check.text(raw, "name", path, label, limit=80)
    fields = _words(check, raw, path, label)
    fields["figure"] = check_figure(check, raw, path, label)  # its own, like its words
    fields["prepare"] = check.number(raw, "prepare", path, label, PREPARE_RANGE, "seconds ",
                                     base.prepare)
    fields.update(_KIND_CHECKS[base.kind](check, raw, path, label, base))
    if name is None or fields["instructions"] is None:
        return None
    return Step(name=name, kind=base.kind, **fields)


def _sides(check: Checker, item: dict[str, Any], path: tuple[Any, ...], label: str,
           base: Step | None) -> tuple[str, ...]:
    if base is not None and "sides" not in item:
        return base.sides
    sides = check.texts(item, "sides", path, label, limit=30, most=4)
    twice = sorted({side for side in sides if sides.count(side) > 1})
    if twice:
        check.problem((*path, "sides"), f"{label} > sides",
                      f"names the side '{twice[0]}' twice; each side is listed once")
    return sides


def _default(base: Step | None, key: str, value: float | None) -> float | None:
    """A variant's timing defaults to its step's; a step's to the format's default."""
    found: float | None = value if base is None else getattr(base, key)
    return found


def _switch(base: Step | None, sides: tuple[str, ...]) -> float:
    if base is not None and base.sides:
        return base.switch
    return DEFAULT_SWITCH if sides else 0


Kinded: TypeAlias = "dict[str, Any]"


def _timed(check: Checker, item: dict[str, Any], path: tuple[Any, ...], label: str,
           base: Step | None) -> Kinded:
    return {"seconds": check.number(item, "seconds", path, label, TIMED_RANGE, "seconds ",
                                    _default(base, "seconds", None))}


def _hold(check: Checker, item: dict[str, Any], path: tuple[Any, ...], label: str,
          base: Step | None) -> Kinded:
    sides = _sides(check, item, path, label, base)
    return {
        "hold": check.number(item, "hold", path, label, HOLD_RANGE, "seconds ",
                             _default(base, "hold", None)),
        "reps": int(check.number(item, "reps", path, label, REPS_RANGE, "",
                                 _default(base, "reps", 1))),
        "sides": sides,
        "rest": check.number(item, "rest", path, label, REST_RANGE, "seconds ",
                             _default(base, "rest", 0)),
        "switch": check.number(item, "switch", path, label, SWITCH_RANGE, "seconds ",
                               _switch(base, sides)),
    }


def _flow(check: Checker, item: dict[str, Any], path: tuple[Any, ...], label: str,
          base: Step | None) -> Kinded:
    seconds = check.number(item, "seconds", path, label, FLOW_RANGE, "seconds ",
                           _default(base, "seconds", None))
    if base is not None and "cycle" not in item:
        return {"seconds": seconds, "cycle": base.cycle}
    raw = item.get("cycle")
    where = (*path, "cycle")
    phases: list[CyclePhase] = []
    if not isinstance(raw, list) or not raw or len(raw) > 10:
        got = "nothing" if raw is None else type_name(raw)
        check.problem(where if raw is not None else path, f"{label} > cycle",
                      f"expected a list of 1 to 10 phases like {{cue: exhale, seconds: 6}}, "
                      f"got {got}", missing="cycle" if raw is None else None)
        return {"seconds": seconds, "cycle": ()}
    for index, phase in enumerate(raw):
        phase_label = f"{label} > cycle {index + 1}"
        if not isinstance(phase, dict):
            check.problem((*where, index), phase_label,
                          f"expected a mapping like {{cue: exhale, seconds: 6}}, "
                          f"got {type_name(phase)}")
            continue
        check.known_keys(phase, (*where, index), phase_label, ("cue", "seconds"),
                         ("cue", "seconds"), "a cycle phase")
        cue = check.text(phase, "cue", (*where, index), phase_label, limit=120)
        length = check.number(phase, "seconds", (*where, index), phase_label, CYCLE_RANGE,
                              "seconds ")
        if cue is not None:
            phases.append(CyclePhase(cue=cue, seconds=length))
    return {"seconds": seconds, "cycle": tuple(phases)}


def _reps(check: Checker, item: dict[str, Any], path: tuple[Any, ...], label: str,
          base: Step | None) -> Kinded:
    sides = _sides(check, item, path, label, base)
    return {
        "reps": int(check.number(item, "reps", path, label, REPS_RANGE, "",
                                 _default(base, "reps", None))),
        "tempo": check.number(item, "tempo", path, label, TEMPO_RANGE, "seconds ",
                              _default(base, "tempo", 3)),
        "hold": check.number(item, "hold", path, label, TOP_HOLD_RANGE, "seconds ",
                             _default(base, "hold", 0)),
        "sets": int(check.number(item, "sets", path, label, SETS_RANGE, "",
                                 _default(base, "sets", 1))),
        "rest": check.number(item, "rest", path, label, REST_RANGE, "seconds ",
                             _default(base, "rest", 0)),
        "sides": sides,
        "switch": check.number(item, "switch", path, label, SWITCH_RANGE, "seconds ",
                               _switch(base, sides)),
    }


KindCheck: TypeAlias = (
    "Callable[[Checker, dict[str, Any], tuple[Any, ...], str, 'Step | None'], Kinded]"
)
_KIND_CHECKS: dict[StepKind, KindCheck] = {"timed": _timed, "hold": _hold, "flow": _flow,
                                           "reps": _reps}
