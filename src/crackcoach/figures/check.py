"""Checking a step's ``figure`` in a routine file, problem by problem with its place.

A figure is written in one of three ways: a base pose's name
(``figure: standing``); one pose as a mapping (``figure: {pose: all-fours,
bend: 25}``); or two key poses for a move that changes (``figure: {start:
..., end: ...}``, each a name or a mapping). The model and its drawing are
:mod:`crackcoach.figures.pose`; docs/routines.md describes the format.
"""

from __future__ import annotations

from crackcoach.base.checker import Checker, Range, join, suggest, type_name
from crackcoach.base.typenames import TYPE_CHECKING
from crackcoach.figures.pose import (
    ANGLE_KEYS,
    BEND_MOST,
    FIGURE_KEYS,
    POSE_KEYS,
    POSE_NAMES,
    PROPS,
    TURN_MOST,
    Figure,
    Pose,
)

if TYPE_CHECKING:
    from typing import Any

ANGLE_RANGE = Range(-360, 360)
BEND_RANGE = Range(-BEND_MOST, BEND_MOST)
TURN_RANGE = Range(-TURN_MOST, TURN_MOST)
_WANTED = ("a base pose's name, a mapping with 'pose' and the angles that differ, or a "
           "mapping with 'start' and 'end' poses")


def check_figure(check: Checker, item: dict[str, Any], path: tuple[Any, ...], label: str
                 ) -> Figure | None:
    """The ``figure`` of a step or variant in ``item``, if it has a good one."""
    if "figure" not in item:
        return None
    raw = item["figure"]
    where, here = (*path, "figure"), join(label, "figure")
    if isinstance(raw, dict) and any(key in raw for key in FIGURE_KEYS):
        check.known_keys(raw, where, here, FIGURE_KEYS, FIGURE_KEYS, "a figure of two poses")
        poses = {key: _pose(check, raw[key], (*where, key), f"{here} > {key}")
                 for key in FIGURE_KEYS if key in raw}
        for key in FIGURE_KEYS:
            if key not in raw:
                check.problem(where, here, f"'{key}' is missing; a figure of two poses needs "
                                           "both 'start' and 'end'", missing=key)
        start, end = poses.get("start"), poses.get("end")
        return Figure(start, end) if start is not None and end is not None else None
    pose = _pose(check, raw, where, here)
    return Figure(pose) if pose is not None else None


def _pose(check: Checker, raw: Any, where: tuple[Any, ...], label: str) -> Pose | None:
    if isinstance(raw, str):
        return _base(check, raw, where, label)
    if not isinstance(raw, dict):
        check.problem(where, label, f"expected {_WANTED}, got {type_name(raw)}")
        return None
    before = len(check.problems)
    check.known_keys(raw, where, label, POSE_KEYS, POSE_KEYS, "a pose")
    if "pose" not in raw:
        check.problem(where, label, f"'pose' is missing; expected one of "
                                    f"{', '.join(POSE_NAMES)}", missing="pose")
        return None
    base = raw["pose"]
    if not isinstance(base, str):
        check.problem((*where, "pose"), f"{label} > pose",
                      f"expected one of {', '.join(POSE_NAMES)}, got {type_name(base)}")
        return None
    pose = _base(check, base, (*where, "pose"), f"{label} > pose")
    changes = []
    for key in (*ANGLE_KEYS, "bend", "turn"):
        if key in raw:
            allowed = {"bend": BEND_RANGE, "turn": TURN_RANGE}.get(key, ANGLE_RANGE)
            changes.append((key, float(check.number(raw, key, where, label, allowed,
                                                    "degrees "))))
    props = _props(check, raw, where, label) if "props" in raw else None
    if pose is None or len(check.problems) > before:
        return None
    return pose._replace(changes=tuple(changes), props=props)


def _base(check: Checker, name: str, where: tuple[Any, ...], label: str) -> Pose | None:
    if name in POSE_NAMES:
        return Pose(name)
    check.problem(where, label, f"unknown pose '{name}'{suggest(name, POSE_NAMES)}; expected "
                                f"one of {', '.join(POSE_NAMES)}")
    return None


def _props(check: Checker, raw: dict[str, Any], where: tuple[Any, ...], label: str
           ) -> tuple[str, ...]:
    names = check.texts(raw, "props", where, label, limit=20, most=len(PROPS))
    for index, name in enumerate(names):
        if name not in PROPS:
            check.problem((*where, "props", index), f"{join(label, 'props')} item {index + 1}",
                          f"unknown prop '{name}'{suggest(name, PROPS)}; expected any of "
                          f"{', '.join(PROPS)}")
    return tuple(name for name in names if name in PROPS)
