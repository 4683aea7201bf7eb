"""The routine loader: what a valid file becomes, and every validation message.

Each error test asserts the whole message a user reads, including the file, the line and
column, the field and what is expected.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from crackcoach.app.routines import routine_to_dict
from crackcoach.base.checker import suggest
from crackcoach.errors import RoutineError
from crackcoach.routines.model import CyclePhase, Routine, Step
from crackcoach.routines.reader import load_routine, parse_routine
from crackcoach.routines.timeline import total_seconds

VALID = """\
version: 1
name: demo
title: Demo routine
summary: A short routine for tests.
tags: [back, test]
caution: Stop if it hurts.
steps:
  - name: Walk
    kind: timed
    seconds: 120
    instructions: |
      Walk at an easy pace.
      Let your arms swing.
    cues: [easy pace, breathe]
  - name: Cat-cow
    kind: flow
    seconds: 60
    cycle:
      - {cue: exhale - round up, seconds: 6}
      - {cue: inhale - sag, seconds: 4}
    instructions: Slowly.
  - name: Rotation
    kind: hold
    hold: 20
    reps: 2
    sides: [left, right]
    rest: 10
    caution: Never force the turn.
    instructions: Turn.
  - name: Bridges
    kind: reps
    reps: 5
    tempo: 2
    hold: 3
    sets: 2
    rest: 30
    prepare: 0
    instructions: Lift.
"""

# A routine whose only step starts at line 5, column 5; extra lines follow from line 8.
STEP_HEAD = """\
version: 1
name: demo
title: Demo
steps:
  - name: S
    kind: {kind}
    instructions: Do it.
"""


COMMON = "name, kind, instructions, why, cues, caution, equipment, figure, prepare, easier, harder"


def step_file(kind: str, *extra: str) -> str:
    """A one-step routine of ``kind`` with ``extra`` step lines (4-space indent added)."""
    return STEP_HEAD.format(kind=kind) + "".join(f"    {line}\n" for line in extra)


def problems(text: str) -> list[str]:
    """The problems parse_routine reports for ``text`` (which must be invalid)."""
    with pytest.raises(RoutineError) as caught:
        parse_routine(text, "f.yaml")
    return caught.value.problems


# --- what a valid file becomes -------------------------------------------------------------


def test_valid_routine_is_read_with_every_field() -> None:
    routine = parse_routine(VALID, "demo.yaml")

    assert routine.name == "demo"
    assert routine.title == "Demo routine"
    assert routine.summary == "A short routine for tests."
    assert routine.tags == ("back", "test")
    assert routine.caution == "Stop if it hurts."
    assert routine.source == "demo.yaml"
    assert routine.builtin is False
    assert [s.kind for s in routine.steps] == ["timed", "flow", "hold", "reps"]


def test_step_fields_and_defaults() -> None:
    walk, flow, hold, reps = parse_routine(VALID).steps

    assert walk == Step(name="Walk", kind="timed",
                        instructions="Walk at an easy pace.\nLet your arms swing.",
                        cues=("easy pace", "breathe"), prepare=5, seconds=120)
    assert flow == Step(name="Cat-cow", kind="flow", instructions="Slowly.", seconds=60,
                        cycle=(CyclePhase("exhale - round up", 6), CyclePhase("inhale - sag", 4)))
    # A hold step with sides switches for 5 s unless told otherwise.
    assert hold == Step(name="Rotation", kind="hold", instructions="Turn.", hold=20, reps=2,
                        sides=("left", "right"), rest=10, switch=5,
                        caution="Never force the turn.")
    assert reps == Step(name="Bridges", kind="reps", instructions="Lift.", reps=5, tempo=2,
                        hold=3, sets=2, rest=30, prepare=0)


def test_defaults_for_hold_and_reps_steps_without_optional_fields() -> None:
    hold = parse_routine(step_file("hold", "hold: 30")).steps[0]
    reps = parse_routine(step_file("reps", "reps: 8")).steps[0]

    assert (hold.reps, hold.rest, hold.switch, hold.sides, hold.prepare) == (1, 0, 0, (), 5)
    assert (reps.tempo, reps.hold, reps.sets, reps.rest, reps.switch) == (3, 0, 1, 0, 0)


def test_estimated_duration_is_computed_from_the_steps() -> None:
    # walk 5+120, flow 5+60, hold 5 + (20+5+20) + (10+20+5+20), reps 0 + 5*(2+3) + 30 + 5*(2+3)
    assert total_seconds(parse_routine(VALID)) == 125 + 65 + 105 + 80


def test_instructions_keep_their_lines_and_text_is_trimmed() -> None:
    text = step_file("timed", "seconds: 10").replace(
        "instructions: Do it.", "instructions: |\n      First line.\n      Second line.\n")
    text = text.replace("title: Demo", "title: '  Demo  '")
    routine = parse_routine(text)

    assert routine.title == "Demo"
    assert routine.steps[0].instructions == "First line.\nSecond line."


def test_a_single_text_is_accepted_where_a_list_of_texts_is_expected() -> None:
    routine = parse_routine(step_file("hold", "hold: 10", "sides: left", "cues: slowly")
                            .replace("title: Demo", "title: Demo\ntags: back"))

    assert routine.tags == ("back",)
    assert routine.steps[0].sides == ("left",)
    assert routine.steps[0].cues == ("slowly",)


def test_numbers_are_accepted_as_text_and_floats_as_seconds() -> None:
    routine = parse_routine(step_file("timed", "seconds: 12.5").replace("title: Demo",
                                                                          "title: 2024"))
    assert routine.title == "2024"
    assert routine.steps[0].seconds == 12.5


def test_version_one_written_as_a_float_is_accepted() -> None:
    assert parse_routine(step_file("timed", "seconds: 5").replace("version: 1", "version: 1.0"))


@pytest.mark.parametrize(("field", "value"), [
    ("hold", 1), ("hold", 600), ("reps", 1), ("reps", 50), ("prepare", 0), ("rest", 0),
])
def test_boundaries_of_the_ranges_are_accepted(field: str, value: int) -> None:
    extra = [f"{field}: {value}"] + ([] if field == "hold" else ["hold: 10"])
    assert parse_routine(step_file("hold", *extra)).steps[0]


def test_routine_to_dict_gives_each_step_its_kind_fields_and_the_total() -> None:
    data = routine_to_dict(parse_routine(step_file("hold", "hold: 10", "sides: [l, r]")))

    assert data == {
        "name": "demo", "title": "Demo", "summary": "", "tags": [], "caution": None,
        "steps": [{"name": "S", "kind": "hold", "instructions": "Do it.", "prepare": 5,
                   "hold": 10, "reps": 1, "sides": ["l", "r"], "rest": 0, "switch": 5,
                   "seconds_total": 30}],
        "seconds": 30, "source": "<text>", "equipment": [],
    }


def test_load_routine_reads_a_file_and_names_it_in_errors(tmp_path: Path) -> None:
    path = tmp_path / "demo.yaml"
    path.write_text(VALID, encoding="utf-8")

    routine = load_routine(path)
    assert isinstance(routine, Routine)
    assert routine.path == path
    assert routine.source == str(path)

    path.write_text("version: 1\nname: demo\ntitle: Demo\nsteps: []\n", encoding="utf-8")
    with pytest.raises(RoutineError) as caught:
        load_routine(path, source="mine.yaml")
    assert caught.value.problems == [
        "mine.yaml:4:8: steps: expected a non-empty list of steps, got an empty list"]


def test_load_routine_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(RoutineError) as missing:
        load_routine(tmp_path / "nope.yaml")
    with pytest.raises(RoutineError) as folder:
        load_routine(tmp_path)
    assert missing.value.problems == [f"{tmp_path / 'nope.yaml'}: no such file"]
    assert folder.value.problems == [f"{tmp_path}: is a folder, not a routine file"]


def test_suggest_names_the_closest_choice_or_nothing() -> None:
    assert suggest("hodl", ("hold", "reps")) == " (did you mean 'hold'?)"
    assert suggest("zzz", ("hold", "reps")) == ""


# --- the routine as a whole ----------------------------------------------------------------


def test_file_that_is_not_a_mapping() -> None:
    assert problems("- a\n- b\n") == [
        "f.yaml:1:1: routine: expected a mapping of keys such as version, name, title and "
        "steps, got a list"]


def test_unknown_top_level_key_suggests_the_closest() -> None:
    text = step_file("timed", "seconds: 5") + "titel: Oops\n"
    assert problems(text) == [
        "f.yaml:9:1: titel: unknown key (did you mean 'title'?); expected one of version, "
        "name, title, summary, tags, caution, equipment, steps"]


def test_unknown_key_without_a_close_match_lists_the_valid_keys() -> None:
    text = step_file("timed", "seconds: 5") + "colour: red\n"
    assert problems(text) == [
        "f.yaml:9:1: colour: unknown key; expected one of version, name, title, summary, "
        "tags, caution, equipment, steps"]


@pytest.mark.parametrize(("version", "message"), [
    ("2", "f.yaml:1:10: version: format version 2 needs a newer crackcoach; this one reads "
          "version 1"),
    ('"1"', "f.yaml:1:10: version: expected 1, got the text '1'"),
    ("0", "f.yaml:1:10: version: expected 1, got 0"),
    ("true", "f.yaml:1:10: version: expected 1, got 'true'"),
    ("1.5", "f.yaml:1:10: version: expected 1, got 1.5"),
    ("[1]", "f.yaml:1:10: version: expected 1, got a list"),
    ("", "f.yaml:1:9: version: expected 1, got nothing"),
])
def test_wrong_version(version: str, message: str) -> None:
    text = step_file("timed", "seconds: 5").replace("version: 1", f"version: {version}")
    assert problems(text) == [message]


def test_missing_version() -> None:
    text = step_file("timed", "seconds: 5").replace("version: 1\n", "")
    assert problems(text) == ["f.yaml:1:1: routine: 'version' is missing; expected version: 1"]


def test_missing_name_title_and_steps_are_all_reported() -> None:
    assert problems("version: 1\nsummary: Nothing else.\n") == [
        "f.yaml:1:1: routine: 'name' is missing; expected non-empty text of at most 64 "
        "characters",
        "f.yaml:1:1: routine: 'title' is missing; expected non-empty text of at most 80 "
        "characters",
        "f.yaml:1:1: routine: 'steps' is missing; expected a list of steps",
    ]


@pytest.mark.parametrize("name", [
    "Back-Reset", "back_reset", "back reset", "-back", "back-", "back--reset", "bäck", "a.b",
])
def test_bad_slugs(name: str) -> None:
    text = step_file("timed", "seconds: 5").replace("name: demo", f"name: '{name}'")
    assert problems(text) == [
        f"f.yaml:2:7: name: '{name}' is not a valid name; use lowercase letters, digits and "
        "single hyphens, e.g. 'back-reset'"]


def test_name_too_long() -> None:
    text = step_file("timed", "seconds: 5").replace("name: demo", "name: " + "a" * 65)
    assert problems(text) == ["f.yaml:2:7: name: is 65 characters long; at most 64 are allowed"]


@pytest.mark.parametrize(("value", "got"), [
    ("[a, b]", "a list"), ("{a: 1}", "a mapping"), ("''", "empty text"), ("~", "nothing"),
    ("yes", "'true'"),
])
def test_title_of_the_wrong_type(value: str, got: str) -> None:
    text = step_file("timed", "seconds: 5").replace("title: Demo", f"title: {value}")
    assert problems(text) == [
        f"f.yaml:3:8: title: expected non-empty text of at most 80 characters, got {got}"]


def test_title_summary_and_caution_too_long() -> None:
    text = step_file("timed", "seconds: 5").replace(
        "title: Demo", f"title: {'t' * 81}\nsummary: {'s' * 401}\ncaution: {'c' * 1001}")
    assert problems(text) == [
        "f.yaml:3:8: title: is 81 characters long; at most 80 are allowed",
        "f.yaml:4:10: summary: is 401 characters long; at most 400 are allowed",
        "f.yaml:5:10: caution: is 1001 characters long; at most 1000 are allowed",
    ]


def test_bad_tags() -> None:
    text = step_file("timed", "seconds: 5").replace("title: Demo",
                                                    "title: Demo\ntags: [back, [x], '']")
    assert problems(text) == [
        "f.yaml:4:14: tags item 2: expected non-empty text of at most 30 characters, got a list",
        "f.yaml:4:19: tags item 3: expected non-empty text of at most 30 characters, got "
        "empty text",
    ]


def test_tags_as_a_mapping_and_too_many_tags() -> None:
    mapping = step_file("timed", "seconds: 5").replace("title: Demo", "title: Demo\ntags: {a: 1}")
    many = step_file("timed", "seconds: 5").replace(
        "title: Demo", "title: Demo\ntags: [" + ", ".join(f"t{i}" for i in range(21)) + "]")
    assert problems(mapping) == [
        "f.yaml:4:7: tags: expected a list of short texts, got a mapping"]
    assert problems(many) == ["f.yaml:4:7: tags: has 21 items; at most 20"]


@pytest.mark.parametrize(("steps", "message"), [
    ("[]", "f.yaml:4:8: steps: expected a non-empty list of steps, got an empty list"),
    ("{a: 1}", "f.yaml:4:8: steps: expected a non-empty list of steps, got a mapping"),
    ("walk", "f.yaml:4:8: steps: expected a non-empty list of steps, got the text 'walk'"),
    ("~", "f.yaml:1:1: routine: 'steps' is missing; expected a list of steps"),
])
def test_steps_that_are_not_a_list(steps: str, message: str) -> None:
    assert problems(f"version: 1\nname: demo\ntitle: Demo\nsteps: {steps}\n") == [message]


def test_too_many_steps() -> None:
    step = "{name: s, kind: timed, seconds: 1, instructions: x}"
    text = f"version: 1\nname: demo\ntitle: Demo\nsteps: [{', '.join([step] * 101)}]\n"
    assert problems(text) == ["f.yaml:4:8: steps: has 101 steps; at most 100 are allowed"]


def test_total_must_stay_under_two_hours() -> None:
    def two(first: int, second: int) -> str:
        return (
            "version: 1\nname: demo\ntitle: Demo\nsteps:\n"
            f"  - {{name: a, kind: timed, seconds: {first}, prepare: 0, instructions: x}}\n"
            f"  - {{name: b, kind: timed, seconds: {second}, prepare: 0, instructions: x}}\n")

    assert total_seconds(parse_routine(two(3600, 3599))) == 7199
    assert problems(two(3600, 3600)) == [
        "f.yaml:5:3: steps: add up to 120 minutes; a routine must take under 2 hours"]


def test_duplicate_keys_are_refused() -> None:
    text = step_file("timed", "seconds: 5").replace("title: Demo", "title: Demo\nname: other")
    assert problems(text) == ["f.yaml:4:1: sets the key 'name' twice (first set on line 2)"]


def test_duplicate_keys_inside_a_step_are_refused() -> None:
    assert problems(step_file("timed", "seconds: 5", "seconds: 6")) == [
        "f.yaml:9:5: sets the key 'seconds' twice (first set on line 8)"]


def test_every_problem_in_a_file_is_reported_in_one_go() -> None:
    text = """\
version: 2
name: Bad_Name
title: Demo
colour: red
steps:
  - name: Rotate
    kind: hold
    hodl: 20
    reps: 99
    sides: [left, left]
  - name: Walk
    kind: timed
    seconds: 0
    instructions: Walk.
  - kind: flow
    seconds: 60
    instructions: Breathe.
"""
    # In the order of the file; the missing 'hold' goes unsaid: 'hodl' already names it.
    assert problems(text) == [
        "f.yaml:1:10: version: format version 2 needs a newer crackcoach; this one reads "
        "version 1",
        "f.yaml:2:7: name: 'Bad_Name' is not a valid name; use lowercase letters, digits and "
        "single hyphens, e.g. 'back-reset'",
        "f.yaml:4:1: colour: unknown key; expected one of version, name, title, summary, tags, "
        "caution, equipment, steps",
        "f.yaml:6:5: step 1 (Rotate): 'instructions' is missing; expected non-empty text of at "
        "most 4000 characters",
        "f.yaml:8:5: step 1 (Rotate) > hodl: unknown key (did you mean 'hold'?); expected one "
        f"of {TAKES['hold']}",
        "f.yaml:9:11: step 1 (Rotate) > reps: expected a whole number from 1 to 50, got 99",
        "f.yaml:10:12: step 1 (Rotate) > sides: names the side 'left' twice; each side is "
        "listed once",
        "f.yaml:13:14: step 2 (Walk) > seconds: expected a number of seconds from 1 to 3600, "
        "got 0",
        "f.yaml:15:5: step 3: 'name' is missing; expected non-empty text of at most 80 "
        "characters",
        "f.yaml:15:5: step 3 > cycle: expected a list of 1 to 10 phases like "
        "{cue: exhale, seconds: 6}, got nothing",
    ]


def test_error_message_joins_all_problems_one_per_line() -> None:
    with pytest.raises(RoutineError) as caught:
        parse_routine("version: 1\n", "f.yaml")
    assert str(caught.value) == "\n".join(caught.value.problems)
    assert len(caught.value.problems) == 3


# --- steps ---------------------------------------------------------------------------------


def test_step_that_is_not_a_mapping() -> None:
    text = "version: 1\nname: demo\ntitle: Demo\nsteps:\n  - just walk\n"
    assert problems(text) == [
        "f.yaml:5:5: step 1: expected a mapping with name, kind and instructions, got the text "
        "'just walk'"]


def test_step_missing_name_kind_and_instructions() -> None:
    text = "version: 1\nname: demo\ntitle: Demo\nsteps:\n  - cues: [x]\n"
    assert problems(text) == [
        "f.yaml:5:5: step 1: 'name' is missing; expected non-empty text of at most 80 "
        "characters",
        "f.yaml:5:5: step 1: 'kind' is missing; expected one of timed, hold, flow, reps",
    ]


@pytest.mark.parametrize(("kind", "got"), [
    ("hodl", "the text 'hodl' (did you mean 'hold'?)"),
    ("stretch", "the text 'stretch'"),
    ("3", "3"),
    ("[hold]", "a list"),
])
def test_unknown_step_kind(kind: str, got: str) -> None:
    assert problems(step_file(kind)) == [
        f"f.yaml:6:11: step 1 (S) > kind: expected one of timed, hold, flow, reps, got {got}"]


def test_unknown_kind_still_reports_unknown_keys() -> None:
    assert problems(step_file("hodl", "colour: red")) == [
        "f.yaml:6:11: step 1 (S) > kind: expected one of timed, hold, flow, reps, got the text "
        "'hodl' (did you mean 'hold'?)",
        "f.yaml:8:5: step 1 (S) > colour: unknown key; expected one of caution, cues, cycle, "
        "easier, equipment, figure, harder, hold, instructions, kind, name, prepare, reps, rest, "
        "seconds, sets, sides, switch, tempo, why",
    ]


def test_typo_in_a_step_key_suggests_the_closest_and_is_reported_once() -> None:
    # Not followed by "'hold' is missing": the suggestion has said it already.
    assert problems(step_file("hold", "hodl: 20")) == [
        "f.yaml:8:5: step 1 (S) > hodl: unknown key (did you mean 'hold'?); expected one of "
        f"{TAKES['hold']}",
    ]


def test_a_key_missing_without_a_look_alike_is_still_reported() -> None:
    assert problems(step_file("hold", "colour: red")) == [
        "f.yaml:5:5: step 1 (S): 'hold' is missing; expected a number of seconds from 1 to 600",
        "f.yaml:8:5: step 1 (S) > colour: unknown key; expected one of name, kind, "
        "instructions, why, cues, caution, equipment, figure, prepare, easier, harder, hold, reps, "
        "sides, rest, switch",
    ]


@pytest.mark.parametrize(("lines", "message"), [
    (["nmae: S", "kind: hold", "instructions: x"],
     "f.yaml:5:5: step 1 > nmae: unknown key (did you mean 'name'?)"),
    (["name: S", "knd: hold", "instructions: x"],
     "f.yaml:6:5: step 1 (S) > knd: unknown key (did you mean 'kind'?)"),
    (["name: S", "kind: hold", "instructoins: x"],
     "f.yaml:7:5: step 1 (S) > instructoins: unknown key (did you mean 'instructions'?)"),
])
def test_a_misspelled_required_key_is_one_problem_not_two(lines: list[str], message: str
                                                         ) -> None:
    text = "version: 1\nname: f\ntitle: T\nsteps:\n  - " + "\n    ".join(
        [*lines, "hold: 20"]) + "\n"
    [problem] = problems(text)
    assert problem.startswith(message)


TAKES = {
    "timed": f"{COMMON}, seconds",
    "hold": f"{COMMON}, hold, reps, sides, rest, switch",
    "flow": f"{COMMON}, seconds, cycle",
    "reps": f"{COMMON}, reps, tempo, hold, sides, sets, rest, switch",
}


@pytest.mark.parametrize(("kind", "needed", "foreign"), [
    ("timed", "seconds: 30", "hold: 20"),
    ("timed", "seconds: 30", "sides: [left, right]"),
    ("hold", "hold: 20", "seconds: 30"),
    ("hold", "hold: 20", "tempo: 2"),
    ("hold", "hold: 20", "cycle: []"),
    ("flow", "seconds: 60\n    cycle: [{cue: in, seconds: 4}]", "reps: 3"),
    ("reps", "reps: 5", "seconds: 30"),
    ("reps", "reps: 5", "cycle: []"),
])
def test_keys_of_another_kind_are_named_with_what_this_kind_takes(
        kind: str, needed: str, foreign: str) -> None:
    key = foreign.split(":")[0]
    line = 8 + needed.count("\n") + 1
    assert problems(step_file(kind, needed, foreign)) == [
        f"f.yaml:{line}:5: step 1 (S) > {key}: is not used by a '{kind}' step; it takes "
        f"{TAKES[kind]}"]


@pytest.mark.parametrize(("value", "got"), [
    ("0", "0"), ("601", "601"), ("0.5", "0.5"), ("-1", "-1"), ("'20'", "the text '20'"),
    ("yes", "'true'"), ("~", "nothing"), (".nan", "nan"), (".inf", "inf"), ("[20]", "a list"),
    ("1" + "0" * 400, "100000000000000000000000000..."),
])
def test_hold_seconds_out_of_range_or_wrong_type(value: str, got: str) -> None:
    assert problems(step_file("hold", f"hold: {value}")) == [
        f"f.yaml:8:11: step 1 (S) > hold: expected a number of seconds from 1 to 600, got {got}"]


@pytest.mark.parametrize(("value", "got"), [("0", "0"), ("51", "51"), ("2.5", "2.5"),
                                            ("'3'", "the text '3'")])
def test_reps_out_of_range_or_not_whole(value: str, got: str) -> None:
    assert problems(step_file("hold", "hold: 20", f"reps: {value}")) == [
        f"f.yaml:9:11: step 1 (S) > reps: expected a whole number from 1 to 50, got {got}"]


@pytest.mark.parametrize(("kind", "lines", "message"), [
    ("hold", ["hold: 20", "rest: 601"],
     "f.yaml:9:11: step 1 (S) > rest: expected a number of seconds from 0 to 600, got 601"),
    ("hold", ["hold: 20", "switch: 121"],
     "f.yaml:9:13: step 1 (S) > switch: expected a number of seconds from 0 to 120, got 121"),
    ("hold", ["hold: 20", "prepare: 121"],
     "f.yaml:9:14: step 1 (S) > prepare: expected a number of seconds from 0 to 120, got 121"),
    ("timed", ["seconds: 10", "prepare: -1"],
     "f.yaml:9:14: step 1 (S) > prepare: expected a number of seconds from 0 to 120, got -1"),
    ("timed", ["seconds: 3601"],
     "f.yaml:8:14: step 1 (S) > seconds: expected a number of seconds from 1 to 3600, got 3601"),
    ("reps", ["reps: 5", "tempo: 0.4"],
     "f.yaml:9:12: step 1 (S) > tempo: expected a number of seconds from 0.5 to 60, got 0.4"),
    ("reps", ["reps: 5", "hold: 601"],
     "f.yaml:9:11: step 1 (S) > hold: expected a number of seconds from 0 to 600, got 601"),
    ("reps", ["reps: 5", "sets: 11"],
     "f.yaml:9:11: step 1 (S) > sets: expected a whole number from 1 to 10, got 11"),
    ("flow", ["seconds: 1801", "cycle: [{cue: in, seconds: 4}]"],
     "f.yaml:8:14: step 1 (S) > seconds: expected a number of seconds from 1 to 1800, got 1801"),
])
def test_other_numbers_out_of_range(kind: str, lines: list[str], message: str) -> None:
    assert problems(step_file(kind, *lines)) == [message]


@pytest.mark.parametrize(("kind", "lines", "missing"), [
    ("timed", [], "'seconds' is missing; expected a number of seconds from 1 to 3600"),
    ("hold", [], "'hold' is missing; expected a number of seconds from 1 to 600"),
    ("reps", [], "'reps' is missing; expected a whole number from 1 to 50"),
    ("flow", ["cycle: [{cue: in, seconds: 4}]"],
     "'seconds' is missing; expected a number of seconds from 1 to 1800"),
])
def test_required_kind_fields(kind: str, lines: list[str], missing: str) -> None:
    assert problems(step_file(kind, *lines)) == [f"f.yaml:5:5: step 1 (S): {missing}"]


def test_sides_named_twice() -> None:
    assert problems(step_file("reps", "reps: 5", "sides: [left, right, left]")) == [
        "f.yaml:9:12: step 1 (S) > sides: names the side 'left' twice; each side is listed once"]


def test_too_many_sides_and_sides_that_are_not_text() -> None:
    assert problems(step_file("hold", "hold: 5", "sides: [a, b, c, d, e]")) == [
        "f.yaml:9:12: step 1 (S) > sides: has 5 items; at most 4"]
    assert problems(step_file("hold", "hold: 5", "sides: [left, {x: 1}]")) == [
        "f.yaml:9:19: step 1 (S) > sides item 2: expected non-empty text of at most 30 "
        "characters, got a mapping"]


def test_bad_cues() -> None:
    assert problems(step_file("timed", "seconds: 5", "cues: {a: 1}")) == [
        "f.yaml:9:11: step 1 (S) > cues: expected a list of short texts, got a mapping"]
    assert problems(step_file("timed", "seconds: 5", f"cues: [ok, {'x' * 121}]")) == [
        "f.yaml:9:16: step 1 (S) > cues item 2: expected non-empty text of at most 120 "
        "characters, got the text 'xxxxxxxxxxxxxxxxxxxxxxxxxxx...'"]


def test_bad_instructions() -> None:
    empty = step_file("timed", "seconds: 5").replace("instructions: Do it.", "instructions: ' '")
    long = step_file("timed", "seconds: 5").replace("Do it.", "x" * 4001)
    assert problems(empty) == [
        "f.yaml:7:19: step 1 (S) > instructions: expected non-empty text of at most 4000 "
        "characters, got empty text"]
    assert problems(long) == [
        "f.yaml:7:19: step 1 (S) > instructions: is 4001 characters long; at most 4000 are "
        "allowed"]


# --- flow cycles ---------------------------------------------------------------------------


@pytest.mark.parametrize(("cycle", "where", "got"), [
    (None, "5:5", "nothing"),
    ("[]", "9:12", "an empty list"),
    ("{cue: in, seconds: 4}", "9:12", "a mapping"),
    ("[" + ", ".join(["{cue: a, seconds: 1}"] * 11) + "]", "9:12", "a list"),
])
def test_flow_cycle_must_be_a_list_of_one_to_ten_phases(
        cycle: str | None, where: str, got: str) -> None:
    lines = ["seconds: 60"] + ([f"cycle: {cycle}"] if cycle is not None else [])
    assert problems(step_file("flow", *lines)) == [
        f"f.yaml:{where}: step 1 (S) > cycle: expected a list of 1 to 10 phases like "
        f"{{cue: exhale, seconds: 6}}, got {got}"]


def test_flow_cycle_phase_problems_are_each_reported() -> None:
    text = step_file("flow", "seconds: 60", "cycle:",
                     "  - {cue: exhale, seconds: 0}",
                     "  - 3",
                     "  - {cue: inhale, secs: 4}",
                     "  - {seconds: 4}",
                     "  - {cue: hold, seconds: 121}")
    assert problems(text) == [
        "f.yaml:10:32: step 1 (S) > cycle 1 > seconds: expected a number of seconds from 0.5 "
        "to 120, got 0",
        "f.yaml:11:9: step 1 (S) > cycle 2: expected a mapping like {cue: exhale, seconds: 6}, "
        "got 3",
        "f.yaml:12:23: step 1 (S) > cycle 3 > secs: unknown key (did you mean 'seconds'?); "
        "expected one of cue, seconds",
        "f.yaml:13:9: step 1 (S) > cycle 4: 'cue' is missing; expected non-empty text of at "
        "most 120 characters",
        "f.yaml:14:30: step 1 (S) > cycle 5 > seconds: expected a number of seconds from 0.5 "
        "to 120, got 121",
    ]


def test_each_problem_stays_on_one_line_even_when_values_hold_line_breaks() -> None:
    text = ('version: "1\\n2"\nname: "a\\nb"\n"ti\\ntle": x\n'
            'steps: [{name: s, kind: "ho\\r\\nld"}]\n')
    assert problems(text) == [
        "f.yaml:1:10: version: expected 1, got the text '1\\n2'",
        "f.yaml:2:7: name: 'a\\nb' is not a valid name; use lowercase letters, digits and "
        "single hyphens, e.g. 'back-reset'",
        "f.yaml:3:1: ti\\ntle: unknown key (did you mean 'title'?); expected one of version, "
        "name, title, summary, tags, caution, equipment, steps",
        "f.yaml:4:25: step 1 (s) > kind: expected one of timed, hold, flow, reps, got the text "
        "'ho\\r\\nld' (did you mean 'hold'?)",
    ]
    assert problems('"a\\nb": 1\n"a\\nb": 2\n') == [
        "f.yaml:2:1: sets the key 'a\\nb' twice (first set on line 1)"]
