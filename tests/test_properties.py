"""Property tests: whatever text or structure reaches the loader, it returns a Routine or
raises RoutineError with one-line problems naming the file; nothing else ever escapes.
"""

from __future__ import annotations

import json
import math
from typing import Any

import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from crackcoach.app.routines import routine_to_dict
from crackcoach.errors import RoutineError
from crackcoach.routines.model import (
    ALL_STEP_KEYS,
    KIND_KEYS,
    ROUTINE_KEYS,
    Routine,
)
from crackcoach.routines.reader import parse_routine
from crackcoach.routines.timeline import build, total_seconds

SETTINGS = settings(max_examples=300, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


def outcome(text: str) -> Routine | RoutineError:
    """Parse ``text``; a RoutineError is returned, anything else propagates and fails."""
    try:
        routine = parse_routine(text, "f.yaml")
    except RoutineError as exc:
        assert exc.problems, "a RoutineError always carries at least one problem"
        for problem in exc.problems:
            assert problem.startswith("f.yaml"), problem
            assert "\n" not in problem and "\r" not in problem, problem
        return exc
    assert isinstance(routine, Routine)
    # A routine that loads can always be shown, exported and played.
    json.dumps(routine_to_dict(routine))
    assert 0 < total_seconds(routine) < 2 * 60 * 60
    assert math.isclose(build(routine).total, total_seconds(routine))
    return routine


# --- arbitrary text ----------------------------------------------------------------------------

YAML_ALPHABET = st.sampled_from([*" \n\t-:,[]{}&*!|>'\"#%@`?~.\\0123456789aeknstv",
                                 "version", "steps", "name", "kind", "hold", "<<", "!!",
                                 "---", "...", "\ufeff", "\r\n", "é", "\x00", "\x1b"])


@SETTINGS
@given(st.text())
def test_any_text(text: str) -> None:
    outcome(text)


@SETTINGS
@given(st.lists(YAML_ALPHABET, max_size=80).map("".join))
def test_text_made_of_yaml_syntax(text: str) -> None:
    outcome(text)


@SETTINGS
@given(st.binary(max_size=300))
def test_any_bytes_as_a_file(tmp_path_factory: Any, raw: bytes) -> None:
    from crackcoach.routines.reader import load_routine

    path = tmp_path_factory.getbasetemp() / "any-bytes.yaml"
    path.write_bytes(raw)
    try:
        load_routine(path, source="f.yaml")
    except RoutineError as exc:
        assert all(p.startswith("f.yaml") and "\n" not in p for p in exc.problems)


# --- arbitrary structures ----------------------------------------------------------------------

SCALARS = (st.none() | st.booleans() | st.integers() | st.floats() |
           st.text(max_size=20) | st.sampled_from(["timed", "hold", "flow", "reps", "1", ""]))
KEYS = st.text(max_size=12) | st.sampled_from([*ROUTINE_KEYS, *ALL_STEP_KEYS, "cue", "<<"])
STRUCTURES = st.recursive(
    SCALARS,
    lambda children: st.lists(children, max_size=5) | st.dictionaries(KEYS, children,
                                                                      max_size=5),
    max_leaves=40)


def dump(data: Any) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


@SETTINGS
@given(STRUCTURES)
def test_any_structure(data: Any) -> None:
    outcome(dump(data))


@SETTINGS
@given(st.dictionaries(st.sampled_from(ROUTINE_KEYS), STRUCTURES, max_size=7))
def test_any_structure_under_the_routine_keys(data: dict[str, Any]) -> None:
    outcome(dump(data))


# --- routines close to valid -------------------------------------------------------------------

TEXT = st.text(st.characters(blacklist_categories=["Cs", "Cc"]), min_size=1,
               max_size=30).filter(str.strip)
SLUGS = st.from_regex(r"[a-z0-9]{1,8}(-[a-z0-9]{1,8}){0,2}", fullmatch=True)
SIDES = st.lists(st.sampled_from(["left", "right", "front", "back"]), min_size=1, max_size=4,
                 unique=True)


def common(kind: str) -> dict[str, Any]:
    return {"name": TEXT, "kind": st.just(kind), "instructions": TEXT}


def optional(**fields: Any) -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries({}, optional=fields)


def step(kind: str, required: dict[str, Any], extra: dict[str, Any]
         ) -> st.SearchStrategy[dict[str, Any]]:
    shared = {"cues": st.lists(TEXT, max_size=3), "caution": TEXT,
              "prepare": st.integers(0, 120)}
    return st.fixed_dictionaries({**common(kind), **required}, optional={**shared, **extra})


VALID_STEPS = st.one_of(
    step("timed", {"seconds": st.integers(1, 600)}, {}),
    step("hold", {"hold": st.integers(1, 60)},
         {"reps": st.integers(1, 3), "sides": SIDES, "rest": st.integers(0, 60),
          "switch": st.integers(0, 30)}),
    step("flow", {"seconds": st.integers(1, 300),
                  "cycle": st.lists(st.fixed_dictionaries(
                      {"cue": TEXT, "seconds": st.floats(0.5, 20).map(lambda x: round(x, 1))}),
                      min_size=1, max_size=4)}, {}),
    step("reps", {"reps": st.integers(1, 10)},
         {"tempo": st.integers(1, 5), "hold": st.integers(0, 5), "sides": SIDES,
          "sets": st.integers(1, 3), "rest": st.integers(0, 60), "switch": st.integers(0, 30)}),
)
# Sized so that even the longest draw stays under the two-hour limit.
VALID_ROUTINES = st.fixed_dictionaries(
    {"version": st.just(1), "name": SLUGS, "title": TEXT,
     "steps": st.lists(VALID_STEPS, min_size=1, max_size=4)},
    optional={"summary": TEXT, "tags": st.lists(TEXT, max_size=4), "caution": TEXT})


@SETTINGS
@given(VALID_ROUTINES)
def test_generated_valid_routines_load_with_their_values(data: dict[str, Any]) -> None:
    result = outcome(dump(data))
    assert isinstance(result, Routine), result
    assert result.name == data["name"]
    assert [s.kind for s in result.steps] == [s["kind"] for s in data["steps"]]
    for loaded, raw in zip(result.steps, data["steps"], strict=True):
        for key in KIND_KEYS[raw["kind"]]:
            if key in raw and key != "cycle":
                assert getattr(loaded, key) == (tuple(raw[key]) if key == "sides" else raw[key])


MUTATIONS = st.sampled_from(["drop", "replace", "add", "kind", "step-drop", "step-replace",
                             "step-add"])


@SETTINGS
@given(VALID_ROUTINES, MUTATIONS, st.data())
def test_mutated_routines_load_or_fail_cleanly(data: dict[str, Any], mutation: str,
                                               draw: st.DataObject) -> None:
    index = draw.draw(st.integers(0, len(data["steps"]) - 1))
    target = data["steps"][index]
    if mutation == "drop":
        data.pop(draw.draw(st.sampled_from(sorted(data))))
    elif mutation == "replace":
        data[draw.draw(st.sampled_from(sorted(data)))] = draw.draw(STRUCTURES)
    elif mutation == "add":
        data[draw.draw(KEYS)] = draw.draw(STRUCTURES)
    elif mutation == "kind":
        target["kind"] = draw.draw(st.sampled_from(["timed", "hold", "flow", "reps", "hodl"]))
    elif mutation == "step-drop":
        target.pop(draw.draw(st.sampled_from(sorted(target))))
    elif mutation == "step-replace":
        target[draw.draw(st.sampled_from(sorted(target)))] = draw.draw(SCALARS)
    else:
        target[draw.draw(st.sampled_from(ALL_STEP_KEYS))] = draw.draw(SCALARS)
    outcome(dump(data))


@SETTINGS
@given(VALID_ROUTINES, st.text(st.characters(min_codepoint=97, max_codepoint=122), min_size=1,
                               max_size=10))
def test_an_unknown_step_key_is_always_named(data: dict[str, Any], key: str) -> None:
    assume(key not in ALL_STEP_KEYS)
    data["steps"][0][key] = 1
    result = outcome(dump(data))
    assert isinstance(result, RoutineError)
    assert any(f"step 1 ({data['steps'][0]['name'].strip()}) > {key}: unknown key" in p
               for p in result.problems), result.problems
