"""Reading a routine file and checking it field by field.

A file is read with the hardened loader in :mod:`crackcoach.base.yamlsafe`;
:func:`check_document` turns that plain data into a
:class:`~crackcoach.routines.model.Routine`, or raises a RoutineError that lists
every problem in the file at once: file, line and column, the field, and what
was expected.
"""

from __future__ import annotations

from pathlib import Path

from crackcoach.base import yamlsafe
from crackcoach.base.checker import Checker, located, type_name
from crackcoach.base.typenames import TYPE_CHECKING
from crackcoach.errors import RoutineError
from crackcoach.routines.cache import FileCache, read_checked
from crackcoach.routines.model import (
    FORMAT_VERSION,
    MAX_NAME_LENGTH,
    MAX_TOTAL_SECONDS,
    ROUTINE_KEYS,
    SLUG,
    VARIANTS,
    Routine,
)
from crackcoach.routines.steps import EQUIPMENT_MOST, check_steps
from crackcoach.routines.timeline import total_seconds

if TYPE_CHECKING:
    from typing import Any


def parse_routine(text: str, source: str = "<text>", *, path: Path | None = None,
                  builtin: bool = False) -> Routine:
    """Parse and check routine ``text``; raise :class:`RoutineError` listing every problem."""
    from crackcoach.base import yamlparse

    try:
        doc = yamlparse.parse(text)
    except yamlsafe.YamlProblem as exc:
        raise RoutineError([located(source, exc)]) from None
    return check_document(doc, source, path, builtin)


def load_routine(path: Path, *, builtin: bool = False, source: str | None = None,
                 cache: FileCache | None = None) -> Routine:
    """Read and check the routine file at ``path``.

    With a ``cache``, data kept from an unchanged file is checked instead of
    parsing the file again (see :mod:`crackcoach.routines.cache`).
    """
    label = source or str(path)
    return read_checked(path, label, lambda doc: check_document(doc, label, path, builtin),
                        RoutineError, cache)


def check_document(doc: yamlsafe.Document, source: str, path: Path | None,
                   builtin: bool) -> Routine:
    """Check parsed routine data field by field; the Routine, or RoutineError with every problem."""
    check = Checker(doc, source)
    data = doc.data
    if not isinstance(data, dict):
        check.problem((), "routine", f"expected a mapping of keys such as version, name, "
                                     f"title and steps, got {type_name(data)}")
        raise RoutineError(check.messages())
    check.known_keys(data, (), "", ROUTINE_KEYS, ROUTINE_KEYS, "a routine")
    check_version(check, data)
    name = check.text(data, "name", (), "routine", limit=MAX_NAME_LENGTH)
    if name is not None and not SLUG.fullmatch(name):
        check.problem(("name",), "name",
                      f"'{name}' is not a valid name; use lowercase letters, digits and "
                      "single hyphens, e.g. 'back-reset'")
    title = check.text(data, "title", (), "routine", limit=80)
    summary = check.text(data, "summary", (), "routine", required=False, limit=400) or ""
    caution = check.text(data, "caution", (), "routine", required=False, limit=1000)
    tags = check.texts(data, "tags", (), "", limit=30, most=20)
    equipment = check.texts(data, "equipment", (), "", limit=40, most=EQUIPMENT_MOST)
    steps = check_steps(check, data)
    if check.problems:
        raise RoutineError(check.messages())
    assert name is not None and title is not None
    routine = Routine(name=name, title=title, summary=summary, tags=tags, caution=caution,
                      equipment=equipment, steps=steps, source=source, path=path,
                      builtin=builtin)
    for which in (None, *VARIANTS):
        total = total_seconds(routine.played_as(which))
        if total >= MAX_TOTAL_SECONDS:
            with_variants = f" with the {which} versions" if which else ""
            check.problem(("steps",), "steps",
                          f"add up to {total / 60:.0f} minutes{with_variants}; a routine must "
                          "take under 2 hours")
            raise RoutineError(check.messages())
    return routine


def check_version(check: Checker, data: dict[str, Any], label: str = "routine") -> None:
    """The format version: missing, newer than this crackcoach reads, or simply wrong."""
    if "version" not in data:
        check.problem((), label, f"'version' is missing; expected version: {FORMAT_VERSION}",
                      missing="version")
        return
    version = data["version"]
    if version == FORMAT_VERSION and not isinstance(version, bool):
        return
    if isinstance(version, int) and not isinstance(version, bool) and version > FORMAT_VERSION:
        check.problem(("version",), "version",
                      f"format version {type_name(version)} needs a newer crackcoach; "
                      f"this one reads version {FORMAT_VERSION}")
    else:
        check.problem(("version",), "version",
                      f"expected {FORMAT_VERSION}, got {type_name(version)}")

