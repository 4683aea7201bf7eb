"""Reading a routine file and checking it field by field.

A file is read with the hardened loader in :mod:`crackcoach.yamlsafe`;
:func:`check_document` turns that plain data into a
:class:`~crackcoach.routines.Routine`, or raises a RoutineError that lists
every problem in the file at once: file, line and column, the field, and what
was expected.
"""

from __future__ import annotations

from difflib import get_close_matches
from pathlib import Path
from typing import Any, NamedTuple

from crackcoach import yamlsafe
from crackcoach.errors import RoutineError
from crackcoach.routines import (
    ALL_STEP_KEYS,
    COMMON_STEP_KEYS,
    CYCLE_RANGE,
    DEFAULT_PREPARE,
    DEFAULT_SWITCH,
    FLOW_RANGE,
    FORMAT_VERSION,
    HOLD_RANGE,
    KIND_KEYS,
    MAX_NAME_LENGTH,
    MAX_TOTAL_SECONDS,
    PREPARE_RANGE,
    REPS_RANGE,
    REST_RANGE,
    ROUTINE_KEYS,
    SETS_RANGE,
    SLUG,
    STEP_KINDS,
    SWITCH_RANGE,
    TEMPO_RANGE,
    TIMED_RANGE,
    TOP_HOLD_RANGE,
    CyclePhase,
    Range,
    Routine,
    Step,
    format_number,
)
from crackcoach.timeline import total_seconds


def parse_routine(text: str, source: str = "<text>", *, path: Path | None = None,
                  builtin: bool = False) -> Routine:
    """Parse and check routine ``text``; raise :class:`RoutineError` listing every problem."""
    try:
        doc = yamlsafe.parse(text)
    except yamlsafe.YamlProblem as exc:
        raise RoutineError([located(source, exc)]) from None
    return check_document(doc, source, path, builtin)


def load_routine(path: Path, *, builtin: bool = False, source: str | None = None) -> Routine:
    """Read and check the routine file at ``path``."""
    label = source or str(path)
    try:
        text = yamlsafe.decode(yamlsafe.read_bytes(path))
    except yamlsafe.YamlProblem as exc:
        raise RoutineError([located(label, exc)]) from None
    return parse_routine(text, label, path=path, builtin=builtin)


def _type_name(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"'{str(value).lower()}'"
    if isinstance(value, (int, float)):
        shown = format_number(value)
        return shown if len(shown) <= 30 else shown[:27] + "..."
    if isinstance(value, str) and not value.strip():
        return "empty text"
    if isinstance(value, str):
        shown = value if len(value) <= 30 else value[:27] + "..."
        return f"the text '{shown}'"
    if isinstance(value, list):
        return "a list" if value else "an empty list"
    if isinstance(value, dict):
        return "a mapping" if value else "an empty mapping"
    return type(value).__name__  # pragma: no cover


def closest(word: str, choices: tuple[str, ...] | list[str]) -> str | None:
    """The choice ``word`` is most likely a typo of, if any is close."""
    close = get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return close[0] if close else None


def suggest(word: str, choices: tuple[str, ...] | list[str]) -> str:
    """' (did you mean X?)' for the closest choice, or an empty string."""
    close = closest(word, choices)
    return f" (did you mean '{close}'?)" if close else ""


class _Problem(NamedTuple):
    """One problem: where it is (for the order), its message, and the key it says is missing."""

    where: tuple[int, int]
    message: str
    missing: tuple[tuple[Any, ...], str] | None = None


class _Checker:
    """Walks the parsed data, collecting every problem with its position."""

    def __init__(self, doc: yamlsafe.Document, source: str) -> None:
        self.doc = doc
        self.source = source
        self.problems: list[_Problem] = []
        # (mapping path, key) for every unknown key that looks like a typo of that key.
        self.typos: set[tuple[tuple[Any, ...], str]] = set()

    def problem(self, path: tuple[Any, ...], label: str, message: str, *,
                key: bool = False, missing: str | None = None) -> None:
        """Note a problem at ``path``; ``missing`` names the key it says is missing."""
        where = self.doc.where(path, key=key)
        place = f"{self.source}:{where[0]}:{where[1]}" if where else self.source
        self.problems.append(_Problem(where or (0, 0), _one_line(f"{place}: {label}: {message}"),
                                      None if missing is None else (path, missing)))

    def messages(self) -> list[str]:
        """Every problem in the order of the file, without a missing key that was misspelled.

        "secnds: unknown key (did you mean 'seconds'?)" already says all there is
        to say; "'seconds' is missing" after it would only repeat it.
        """
        kept = [p for p in self.problems if p.missing is None or p.missing not in self.typos]
        return [p.message for p in sorted(kept, key=lambda p: p.where)]

    def known_keys(self, data: dict[str, Any], path: tuple[Any, ...], label: str,
                   allowed: tuple[str, ...], everything: tuple[str, ...], what: str) -> None:
        for key in data:
            if key in allowed:
                continue
            if key in everything:
                self.problem((*path, key), _join(label, key),
                             f"is not used by {what}; it takes {', '.join(allowed)}", key=True)
            else:
                typo_of = closest(key, allowed)
                if typo_of is not None:
                    self.typos.add((path, typo_of))
                self.problem((*path, key), _join(label, key),
                             f"unknown key{suggest(key, allowed)}; expected one of "
                             f"{', '.join(allowed)}", key=True)

    def text(self, data: dict[str, Any], key: str, path: tuple[Any, ...], label: str, *,
             required: bool = True, limit: int = 200) -> str | None:
        if key not in data:
            if required:
                self.problem(path, label, f"'{key}' is missing; expected {_text_wanted(limit)}",
                             missing=key)
            return None
        value = data[key]
        where = (*path, key)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = format_number(value)
        if not isinstance(value, str) or not value.strip():
            self.problem(where, _join(label, key),
                         f"expected {_text_wanted(limit)}, got {_type_name(value)}")
            return None
        if len(value) > limit:
            self.problem(where, _join(label, key),
                         f"is {len(value)} characters long; at most {limit} are allowed")
            return None
        return value.strip() if "\n" not in value.strip() else value.rstrip()

    def texts(self, data: dict[str, Any], key: str, path: tuple[Any, ...], label: str, *,
              limit: int, most: int) -> tuple[str, ...]:
        value = data.get(key, [])
        where = (*path, key)
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            self.problem(where, _join(label, key),
                         f"expected a list of short texts, got {_type_name(value)}")
            return ()
        if len(value) > most:
            self.problem(where, _join(label, key), f"has {len(value)} items; at most {most}")
            return ()
        result = []
        for index, item in enumerate(value):
            if isinstance(item, (int, float)) and not isinstance(item, bool):
                item = format_number(item)
            if not isinstance(item, str) or not item.strip() or len(item) > limit:
                self.problem((*where, index), f"{_join(label, key)} item {index + 1}",
                             f"expected {_text_wanted(limit)}, got {_type_name(item)}")
                continue
            result.append(item.strip())
        return tuple(result)

    def number(self, data: dict[str, Any], key: str, path: tuple[Any, ...], label: str,
               allowed: Range, unit: str, default: float | None = None) -> float:
        if key not in data:
            if default is None:
                self.problem(path, label,
                             f"'{key}' is missing; expected {allowed.describe(unit)}",
                             missing=key)
                return allowed.low
            return default
        value = data[key]
        wanted = allowed.describe(unit)
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            self.problem((*path, key), _join(label, key),
                         f"expected {wanted}, got {_type_name(value)}")
            return allowed.low
        if allowed.integer and isinstance(value, float) and not value.is_integer():
            self.problem((*path, key), _join(label, key),
                         f"expected {wanted}, got {_type_name(value)}")
            return allowed.low
        if not allowed.low <= value <= allowed.high:
            self.problem((*path, key), _join(label, key),
                         f"expected {wanted}, got {_type_name(value)}")
            return allowed.low
        return int(value) if allowed.integer or float(value).is_integer() else value


# The labels of a whole file: its top-level fields are named alone ("title"), as written.
TOP_LABELS = ("routine", "plan")


def _join(label: str, key: str) -> str:
    return f"{label} > {key}" if label and label not in TOP_LABELS else key


def _text_wanted(limit: int) -> str:
    return f"non-empty text of at most {limit} characters"


def located(source: str, exc: yamlsafe.YamlProblem) -> str:
    """A reader problem as one "file:line:column: message" line."""
    if exc.where is not None:
        return _one_line(f"{source}:{exc.where[0]}:{exc.where[1]}: {exc.message}")
    return _one_line(f"{source}: {exc.message}")


def _one_line(problem: str) -> str:
    # Values and keys quoted in a message may hold line breaks; one problem is one line.
    return problem.replace("\r", "\\r").replace("\n", "\\n")


def check_document(doc: yamlsafe.Document, source: str, path: Path | None,
                   builtin: bool) -> Routine:
    """Check parsed routine data field by field; the Routine, or RoutineError with every problem."""
    check = _Checker(doc, source)
    data = doc.data
    if not isinstance(data, dict):
        check.problem((), "routine", f"expected a mapping of keys such as version, name, "
                                     f"title and steps, got {_type_name(data)}")
        raise RoutineError(check.messages())
    check.known_keys(data, (), "", ROUTINE_KEYS, ROUTINE_KEYS, "a routine")
    _check_version(check, data)
    name = check.text(data, "name", (), "routine", limit=MAX_NAME_LENGTH)
    if name is not None and not SLUG.fullmatch(name):
        check.problem(("name",), "name",
                      f"'{name}' is not a valid name; use lowercase letters, digits and "
                      "single hyphens, e.g. 'back-reset'")
    title = check.text(data, "title", (), "routine", limit=80)
    summary = check.text(data, "summary", (), "routine", required=False, limit=400) or ""
    caution = check.text(data, "caution", (), "routine", required=False, limit=1000)
    tags = check.texts(data, "tags", (), "", limit=30, most=20)
    steps = _check_steps(check, data)
    if check.problems:
        raise RoutineError(check.messages())
    assert name is not None and title is not None
    routine = Routine(name=name, title=title, summary=summary, tags=tags, caution=caution,
                      steps=steps, source=source, path=path, builtin=builtin)
    total = total_seconds(routine)
    if total >= MAX_TOTAL_SECONDS:
        check.problem(("steps",), "steps",
                      f"add up to {total / 60:.0f} minutes; a routine must take under 2 hours")
        raise RoutineError(check.messages())
    return routine


def _check_version(check: _Checker, data: dict[str, Any], label: str = "routine") -> None:
    if "version" not in data:
        check.problem((), label, f"'version' is missing; expected version: {FORMAT_VERSION}",
                      missing="version")
        return
    version = data["version"]
    if version == FORMAT_VERSION and not isinstance(version, bool):
        return
    if isinstance(version, int) and not isinstance(version, bool) and version > FORMAT_VERSION:
        check.problem(("version",), "version",
                      f"format version {_type_name(version)} needs a newer crackcoach; "
                      f"this one reads version {FORMAT_VERSION}")
    else:
        check.problem(("version",), "version",
                      f"expected {FORMAT_VERSION}, got {_type_name(version)}")


def _check_steps(check: _Checker, data: dict[str, Any]) -> tuple[Step, ...]:
    raw = data.get("steps")
    if raw is None:
        check.problem((), "routine", "'steps' is missing; expected a list of steps",
                      missing="steps")
        return ()
    if not isinstance(raw, list) or not raw:
        check.problem(("steps",), "steps",
                      f"expected a non-empty list of steps, got {_type_name(raw)}")
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


def _check_step(check: _Checker, item: Any, index: int) -> Step | None:
    path: tuple[Any, ...] = ("steps", index)
    label = f"step {index + 1}"
    if not isinstance(item, dict):
        check.problem(path, label, f"expected a mapping with name, kind and instructions, "
                                   f"got {_type_name(item)}")
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
                          f"{_type_name(kind)}{hint}")
        check.known_keys(item, path, label, ALL_STEP_KEYS, ALL_STEP_KEYS, "any step")
        return None
    allowed = COMMON_STEP_KEYS + KIND_KEYS[kind]
    check.known_keys(item, path, label, allowed, ALL_STEP_KEYS, f"a '{kind}' step")
    fields: dict[str, Any] = {
        "instructions": check.text(item, "instructions", path, label, limit=4000),
        "cues": check.texts(item, "cues", path, label, limit=120, most=20),
        "caution": check.text(item, "caution", path, label, required=False, limit=1000),
        "prepare": check.number(item, "prepare", path, label, PREPARE_RANGE, "seconds ",
                                DEFAULT_PREPARE),
    }
    fields.update(_KIND_CHECKS[kind](check, item, path, label))
    if name is None or fields["instructions"] is None:
        return None
    return Step(name=name, kind=kind, **fields)


def _sides(check: _Checker, item: dict[str, Any], path: tuple[Any, ...], label: str
           ) -> tuple[str, ...]:
    sides = check.texts(item, "sides", path, label, limit=30, most=4)
    twice = sorted({side for side in sides if sides.count(side) > 1})
    if twice:
        check.problem((*path, "sides"), f"{label} > sides",
                      f"names the side '{twice[0]}' twice; each side is listed once")
    return sides


def _timed(check: _Checker, item: dict[str, Any], path: tuple[Any, ...], label: str
           ) -> dict[str, Any]:
    return {"seconds": check.number(item, "seconds", path, label, TIMED_RANGE, "seconds ")}


def _hold(check: _Checker, item: dict[str, Any], path: tuple[Any, ...], label: str
          ) -> dict[str, Any]:
    sides = _sides(check, item, path, label)
    return {
        "hold": check.number(item, "hold", path, label, HOLD_RANGE, "seconds "),
        "reps": int(check.number(item, "reps", path, label, REPS_RANGE, "", 1)),
        "sides": sides,
        "rest": check.number(item, "rest", path, label, REST_RANGE, "seconds ", 0),
        "switch": check.number(item, "switch", path, label, SWITCH_RANGE, "seconds ",
                               DEFAULT_SWITCH if sides else 0),
    }


def _flow(check: _Checker, item: dict[str, Any], path: tuple[Any, ...], label: str
          ) -> dict[str, Any]:
    seconds = check.number(item, "seconds", path, label, FLOW_RANGE, "seconds ")
    raw = item.get("cycle")
    where = (*path, "cycle")
    phases: list[CyclePhase] = []
    if not isinstance(raw, list) or not raw or len(raw) > 10:
        got = "nothing" if raw is None else _type_name(raw)
        check.problem(where if raw is not None else path, f"{label} > cycle",
                      f"expected a list of 1 to 10 phases like {{cue: exhale, seconds: 6}}, "
                      f"got {got}", missing="cycle" if raw is None else None)
        return {"seconds": seconds, "cycle": ()}
    for index, phase in enumerate(raw):
        phase_label = f"{label} > cycle {index + 1}"
        if not isinstance(phase, dict):
            check.problem((*where, index), phase_label,
                          f"expected a mapping like {{cue: exhale, seconds: 6}}, "
                          f"got {_type_name(phase)}")
            continue
        check.known_keys(phase, (*where, index), phase_label, ("cue", "seconds"),
                         ("cue", "seconds"), "a cycle phase")
        cue = check.text(phase, "cue", (*where, index), phase_label, limit=120)
        length = check.number(phase, "seconds", (*where, index), phase_label, CYCLE_RANGE,
                              "seconds ")
        if cue is not None:
            phases.append(CyclePhase(cue=cue, seconds=length))
    return {"seconds": seconds, "cycle": tuple(phases)}


def _reps(check: _Checker, item: dict[str, Any], path: tuple[Any, ...], label: str
          ) -> dict[str, Any]:
    sides = _sides(check, item, path, label)
    return {
        "reps": int(check.number(item, "reps", path, label, REPS_RANGE, "")),
        "tempo": check.number(item, "tempo", path, label, TEMPO_RANGE, "seconds ", 3),
        "hold": check.number(item, "hold", path, label, TOP_HOLD_RANGE, "seconds ", 0),
        "sets": int(check.number(item, "sets", path, label, SETS_RANGE, "", 1)),
        "rest": check.number(item, "rest", path, label, REST_RANGE, "seconds ", 0),
        "sides": sides,
        "switch": check.number(item, "switch", path, label, SWITCH_RANGE, "seconds ",
                               DEFAULT_SWITCH if sides else 0),
    }


# Other files in the same style (plans) are checked with the same checker and wording.
Checker = _Checker
type_name = _type_name
check_version = _check_version  # plans are at format version 1 too

_KIND_CHECKS = {"timed": _timed, "hold": _hold, "flow": _flow, "reps": _reps}
