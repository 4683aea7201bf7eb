"""The hardened YAML reader: hostile and odd files give a Routine or a RoutineError, nothing else.

Hostile inputs (alias bombs, deep nesting, huge files) run in a child process with a memory
cap and a generous timeout, so a hang or a memory blow-up fails the test instead of taking the
test run down; nothing here asserts how fast anything is.
Every test runs with libyaml's loader (when installed) and with PyYAML's pure-Python one, the
fallback yamlsafe uses when libyaml is missing.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from crackcoach.base import yamlparse
from crackcoach.errors import RoutineError
from crackcoach.routines.model import Routine
from crackcoach.routines.reader import load_routine, parse_routine

VALID = """\
version: 1
name: demo
title: Demo
steps:
  - name: Walk
    kind: timed
    seconds: 60
    instructions: Walk.
"""

LOADERS = ["libyaml", "python"]
HANG_TIMEOUT = 120  # seconds; only a real hang comes anywhere near this
MEMORY_CAP = 1024 * 1024 * 1024  # bytes of address space for the child process


def _has_libyaml() -> bool:
    return hasattr(yaml, "CSafeLoader")


@pytest.fixture(params=LOADERS)
def loader(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Run the test with each YAML loader yamlsafe may use."""
    if request.param == "libyaml" and not _has_libyaml():
        pytest.skip("PyYAML was built without libyaml")
    if request.param == "python":
        monkeypatch.setattr(yamlparse, "_Loader", yaml.SafeLoader)
    yield request.param


CHILD = textwrap.dedent("""\
    import json, resource, sys
    from pathlib import Path
    cap = int(sys.argv[3])
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    import yaml
    from crackcoach.base import yamlparse
    from crackcoach.errors import RoutineError
    from crackcoach.routines.reader import load_routine
    if sys.argv[2] == "python":
        yamlparse._Loader = yaml.SafeLoader
    try:
        routine = load_routine(Path(sys.argv[1]), source="f.yaml")
    except RoutineError as exc:
        print(json.dumps({"error": exc.problems}))
    else:
        print(json.dumps({"routine": routine.name}))
    """)


def load_isolated(tmp_path: Path, content: str | bytes, loader: str) -> dict[str, object]:
    """Load ``content`` as a routine file in a capped child process; return its outcome.

    Anything but a Routine or a RoutineError (a traceback, a MemoryError, a crash, a hang)
    fails the calling test.
    """
    path = tmp_path / "f.yaml"
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    try:
        done = subprocess.run(
            [sys.executable, "-c", CHILD, str(path), loader, str(MEMORY_CAP)],
            capture_output=True, text=True, timeout=HANG_TIMEOUT, check=False)
    except subprocess.TimeoutExpired:
        pytest.fail(f"loading hung for {HANG_TIMEOUT} s")
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    outcome: dict[str, object] = json.loads(done.stdout)
    return outcome


def problems_of(text: str) -> list[str]:
    """The problems reported for routine ``text``."""
    with pytest.raises(RoutineError) as caught:
        parse_routine(text, "f.yaml")
    return caught.value.problems


# --- hostile files, in a child process ------------------------------------------------------


def billion_laughs(levels: int = 9) -> str:
    """Nine levels of nine aliases each: 9**9 values once expanded."""
    lines = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    for level in range(1, levels + 1):
        name, previous = chr(ord("a") + level), chr(ord("a") + level - 1)
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 9) + "]")
    return "\n".join(lines) + "\n"


def billion_laughs_block() -> str:
    text = "a: &a\n" + "  - x\n" * 9
    for level in range(1, 10):
        name, previous = chr(ord("a") + level), chr(ord("a") + level - 1)
        text += f"{name}: &{name}\n" + f"  - *{previous}\n" * 9
    return text


LAUGHS = ("f.yaml:1:4: holds more than 20,000 values (counting each step's fields, and what any "
          "anchors and aliases expand to); a routine or plan file is far smaller")


@pytest.mark.parametrize(("content", "message"), [
    (billion_laughs(), LAUGHS),
    (billion_laughs_block(), LAUGHS),
    (billion_laughs().replace("a: &a", "version: 1\nname: demo\ntitle: Demo\nx: &a")
     .replace("j: &j", "steps: &j"),
     "f.yaml:4:26: holds more than 20,000 values (counting each step's fields, and what any "
     "anchors and aliases expand to); a routine or plan file is far smaller"),
    ("a: &a [*a]\n", "f.yaml:1:4: is nested too deeply (more than 32 levels)"),
    ("a: &a {b: *a}\n", "f.yaml:1:4: is nested too deeply (more than 32 levels)"),
    ("steps: &s [{name: x, kind: timed, more: *s}]\n",
     "f.yaml:1:19: is nested too deeply (more than 32 levels)"),
], ids=["laughs-flow", "laughs-block", "laughs-in-steps", "self-list", "self-map", "self-step"])
@pytest.mark.parametrize("loader_name", LOADERS)
def test_alias_bombs_and_self_references_are_refused(
        tmp_path: Path, content: str, message: str, loader_name: str) -> None:
    if loader_name == "libyaml" and not _has_libyaml():
        pytest.skip("PyYAML was built without libyaml")
    assert load_isolated(tmp_path, content, loader_name) == {"error": [message]}


DEEP = {
    "list": "[" * 10_000 + "]" * 10_000,
    "mapping": "{a: " * 10_000 + "1" + "}" * 10_000,
    "block-list": "- " * 10_000 + "x\n",
}
DEEP_MESSAGE = "is nested too deeply (more than 32 levels)"


@pytest.mark.parametrize("form", list(DEEP))
@pytest.mark.parametrize("loader_name", LOADERS)
def test_ten_thousand_levels_of_nesting_give_a_clear_error(
        tmp_path: Path, form: str, loader_name: str) -> None:
    if loader_name == "libyaml" and not _has_libyaml():
        pytest.skip("PyYAML was built without libyaml")
    # Where the error is reported depends on the libyaml release (newer ones
    # stop at a depth limit of their own); the message must not.
    result = load_isolated(tmp_path, DEEP[form], loader_name)
    assert list(result) == ["error"] and len(result["error"]) == 1
    message = result["error"][0]
    assert message.startswith("f.yaml:") and message.endswith(f": {DEEP_MESSAGE}")


def test_ten_thousand_levels_in_process_never_raise_recursion_error(loader: str) -> None:
    # In-process too: the pure-Python composer recurses, and pytest's own stack is deep.
    for text in DEEP.values():
        assert len(problems_of(text)) == 1


@pytest.mark.parametrize("loader_name", LOADERS)
def test_file_over_one_mebibyte_is_refused_without_being_parsed(
        tmp_path: Path, loader_name: str) -> None:
    if loader_name == "libyaml" and not _has_libyaml():
        pytest.skip("PyYAML was built without libyaml")
    huge = VALID + "# " + "x" * (1024 * 1024) + "\n"
    assert load_isolated(tmp_path, huge, loader_name) == {
        "error": ["f.yaml: is larger than 1 MiB; routine files must be smaller"]}


def test_file_of_exactly_one_mebibyte_is_read(tmp_path: Path, loader: str) -> None:
    path = tmp_path / "demo.yaml"
    padding = 1024 * 1024 - len(VALID) - 3
    path.write_text(VALID + "#" + " " * padding + "\n\n", encoding="utf-8")
    assert path.stat().st_size == 1024 * 1024
    assert load_routine(path).name == "demo"
    path.write_text(VALID + "#" + " " * padding + "\n\n\n", encoding="utf-8")
    with pytest.raises(RoutineError) as caught:
        load_routine(path, source="f.yaml")
    assert caught.value.problems == ["f.yaml: is larger than 1 MiB; routine files must be smaller"]


def test_text_over_one_mebibyte_is_refused_by_parse_routine() -> None:
    assert problems_of(VALID + "#" + "é" * (512 * 1024) + "\n") == [
        "f.yaml: is larger than 1 MiB; routine files must be smaller"]


# --- tags that would build objects -----------------------------------------------------------


@pytest.mark.parametrize(("text", "message"), [
    ("!!python/object/apply:os.system ['touch {marker}']\n",
     "f.yaml:1:1: uses the tag !!python/object/apply:os.system, which routine files do not "
     "allow"),
    ("a: !!python/object:os.system {}\n",
     "f.yaml:1:4: uses the tag !!python/object:os.system, which routine files do not allow"),
    ("a: !!python/object/new:os.system ['touch {marker}']\n",
     "f.yaml:1:4: uses the tag !!python/object/new:os.system, which routine files do not "
     "allow"),
    (VALID.replace("title: Demo", "title: !!python/name:os.system"),
     "f.yaml:3:8: uses the tag !!python/name:os.system, which routine files do not allow"),
    (VALID.replace("kind: timed", "kind: !step timed"),
     "f.yaml:6:11: uses the tag !step, which routine files do not allow"),
    (VALID.replace("  - name: Walk", "  - !step\n    name: Walk"),
     "f.yaml:5:5: uses the tag !step, which routine files do not allow"),
    (VALID.replace("title: Demo", "title: !!binary RGVtbw=="),
     "f.yaml:3:8: uses the tag !!binary, which routine files do not allow"),
    (VALID + "tags: !!set {a, b}\n",
     "f.yaml:9:7: uses the tag !!set, which routine files do not allow"),
    (VALID + "tags: !!omap [a: 1]\n",
     "f.yaml:9:7: uses the tag !!omap, which routine files do not allow"),
    ("%TAG !e! tag:example.com,2000:\n---\na: !e!thing 1\n",
     "f.yaml:3:4: uses the tag tag:example.com,2000:thing, which routine files do not allow"),
], ids=["apply", "object", "new", "name", "custom-scalar", "custom-mapping", "binary", "set",
        "omap", "tag-directive"])
def test_tags_that_build_objects_are_refused_and_nothing_runs(
        tmp_path: Path, loader: str, text: str, message: str) -> None:
    marker = tmp_path / "ran"
    assert problems_of(text.replace("{marker}", str(marker))) == [message]
    assert not marker.exists()


def test_plain_data_tags_are_allowed(loader: str) -> None:
    text = VALID.replace("title: Demo", "title: !!str 12").replace("seconds: 60",
                                                                    "seconds: !!int 60")
    routine = parse_routine(text)
    assert (routine.title, routine.steps[0].seconds) == ("12", 60)


def test_timestamps_stay_text(loader: str) -> None:
    assert parse_routine(VALID.replace("title: Demo", "title: 2024-01-31")).title == "2024-01-31"


# --- odd but ordinary files --------------------------------------------------------------------


def test_more_than_one_document_is_refused(loader: str) -> None:
    message = ("f.yaml:9:1: is not valid YAML: holds more than one YAML document; a routine file "
               "holds exactly one")
    assert problems_of(VALID + "---\n" + VALID) == [message]
    assert problems_of(VALID + "---\n") == [message]


def test_explicit_document_markers_around_one_document_are_fine(loader: str) -> None:
    assert parse_routine("---\n" + VALID + "...\n").name == "demo"


TAB = "tab characters are not allowed for indentation in YAML; indent with spaces"


@pytest.mark.parametrize(("old", "new", "where"), [
    ("    seconds", "\tseconds", "7:1"),  # a key indented with a tab
    ("  - name", "\t- name", "5:1"),  # a list item
    ("  - name: Walk", "  -\tname: Walk", "5:4"),  # after the item's dash
    ("    instructions: Walk.", "    instructions: |\n      Walk.\n\t  Slowly.", "10:1"),
])
def test_tab_indentation_is_named_as_such_with_its_position(
        loader: str, old: str, new: str, where: str) -> None:
    # Both parsers word this their own ways ("found character that cannot start any token",
    # "a tab character that violates indentation"), never saying what to do.
    assert old in VALID
    assert problems_of(VALID.replace(old, new)) == [f"f.yaml:{where}: {TAB}"]


def test_tab_inside_a_quoted_text_is_kept(loader: str) -> None:
    routine = parse_routine(VALID.replace("Walk.", "'Walk\tslowly.'"))
    assert routine.steps[0].instructions == "Walk\tslowly."


def test_byte_order_mark_is_accepted(tmp_path: Path, loader: str) -> None:
    path = tmp_path / "demo.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + VALID.encode())
    assert load_routine(path).name == "demo"
    assert parse_routine("\ufeff" + VALID).name == "demo"


def test_crlf_line_endings_are_accepted_and_lines_still_counted(
        tmp_path: Path, loader: str) -> None:
    path = tmp_path / "demo.yaml"
    text = VALID.replace("Walk.", "|\n      One.\n      Two.")
    path.write_bytes(text.replace("\n", "\r\n").encode())
    assert load_routine(path).steps[0].instructions == "One.\nTwo."

    path.write_bytes(VALID.replace("seconds: 60", "seconds: 0").replace("\n", "\r\n").encode())
    with pytest.raises(RoutineError) as caught:
        load_routine(path, source="f.yaml")
    assert caught.value.problems == [
        "f.yaml:7:14: step 1 (Walk) > seconds: expected a number of seconds from 1 to 3600, "
        "got 0"]


@pytest.mark.parametrize(("raw", "message"), [
    (VALID.replace("Demo", "Café").encode("latin-1"),
     "f.yaml: is not UTF-8 text (byte 0xe9 at offset 32)"),
    (VALID.encode("utf-16"), "f.yaml: is not UTF-8 text (byte 0xff at offset 0)"),
    (b"version: 1\nname: \xff\xfe\n", "f.yaml: is not UTF-8 text (byte 0xff at offset 17)"),
])
def test_bytes_that_are_not_utf8_are_refused(
        tmp_path: Path, loader: str, raw: bytes, message: str) -> None:
    path = tmp_path / "f.yaml"
    path.write_bytes(raw)
    with pytest.raises(RoutineError) as caught:
        load_routine(path, source="f.yaml")
    assert caught.value.problems == [message]


@pytest.mark.parametrize("text", ["", "   \n\n", "# only a comment\n"])
def test_empty_file(tmp_path: Path, loader: str, text: str) -> None:
    path = tmp_path / "f.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RoutineError) as caught:
        load_routine(path, source="f.yaml")
    assert caught.value.problems == [
        "f.yaml: is empty; a routine needs at least version, name, title and steps"]


def test_document_of_nothing(loader: str) -> None:
    assert problems_of("~\n") == [
        "f.yaml:1:1: routine: expected a mapping of keys such as version, name, title and "
        "steps, got nothing"]


@pytest.mark.parametrize(("text", "where"), [
    ("base: &b {kind: timed, seconds: 60, instructions: x}\n"
     + VALID.replace("    kind: timed\n", "    <<: *b\n"), "7:5"),
    (VALID.replace("    kind: timed\n", "    <<: [{kind: timed}]\n"), "6:5"),
])
def test_merge_keys_are_refused(loader: str, text: str, where: str) -> None:
    assert problems_of(text) == [
        f"f.yaml:{where}: uses a merge key (<<), which routine files do not support"]


def test_plain_anchors_and_aliases_are_fine(loader: str) -> None:
    text = VALID.replace("title: Demo", "title: &t Demo\nsummary: *t")
    assert parse_routine(text).summary == "Demo"


def test_the_same_anchor_twice_and_an_undefined_alias(loader: str) -> None:
    assert problems_of("a: &x 1\nb: &x 2\n") == [
        "f.yaml:2:4: is not valid YAML: defines the same anchor twice (first on line 1)"]
    undefined = problems_of(VALID.replace("seconds: 60", "seconds: *sixty"))
    assert undefined == [{
        "libyaml": "f.yaml:7:14: is not valid YAML: found undefined alias",
        "python": "f.yaml:7:14: is not valid YAML: found undefined alias 'sixty'",
    }[loader]]


@pytest.mark.parametrize(("char", "code"), [("\x00", "0000"), ("\x1b", "001B"),
                                            ("\x07", "0007")])
def test_raw_control_characters_give_one_line_with_their_position(
        loader: str, char: str, code: str) -> None:
    assert problems_of(VALID.replace("Walk.", f"Wälk{char}.")) == [
        f"f.yaml:8:23: is not valid YAML: it contains the control character U+{code}, which "
        "YAML does not allow"]


def test_lone_surrogate_in_text_is_a_routine_error(loader: str) -> None:
    assert problems_of("version: 1\ntitle: \ud800\n") == [
        "f.yaml:2:8: is not valid Unicode text (lone surrogate at offset 18)"]


def test_keys_that_are_lists_are_refused(loader: str) -> None:
    assert problems_of("? [a, b]\n: 1\n") == [
        "f.yaml:1:3: has a key that is a list or mapping; keys must be text"]


def test_broken_syntax_names_line_and_column(loader: str) -> None:
    assert problems_of("version: 1\nsteps: [a, b\n") == [{
        "libyaml": "f.yaml:3:1: is not valid YAML: did not find expected ',' or ']'",
        "python": "f.yaml:3:1: is not valid YAML: expected ',' or ']', but got '<stream end>'",
    }[loader]]


def test_nesting_up_to_the_limit_is_read_and_one_deeper_is_refused(loader: str) -> None:
    assert problems_of("[" * 33 + "]" * 33) == [
        "f.yaml:1:1: routine: expected a mapping of keys such as version, name, title and "
        "steps, got a list"]
    assert problems_of("[" * 34 + "]" * 34) == [
        "f.yaml:1:34: is nested too deeply (more than 32 levels)"]


def test_a_large_legitimate_routine_is_within_the_limits(loader: str) -> None:
    cues = ", ".join(f"cue {i}" for i in range(20))
    step = f"  - {{name: s, kind: timed, seconds: 30, instructions: x, cues: [{cues}]}}\n"
    routine = parse_routine("version: 1\nname: big\ntitle: Big\nsteps:\n" + step * 100)
    assert len(routine.steps) == 100


def test_folder_symlink_loop_and_missing_file(tmp_path: Path) -> None:
    loop = tmp_path / "loop.yaml"
    loop.symlink_to(loop)
    with pytest.raises(RoutineError) as looped:
        load_routine(loop, source="loop.yaml")
    assert looped.value.problems == [
        "loop.yaml: cannot be read (Too many levels of symbolic links)"]


def test_every_outcome_is_a_routine_or_a_routine_error(loader: str) -> None:
    # A sweep over the odd inputs above: nothing else may escape.
    texts = [VALID, "", "~", "[]", "{}", "- - -", "a: b: c", "'unterminated", '"\\x"',
             "? ? ?", "&a *a", "!!str", "%YAML 1.1\n---\na", "%YAML 9.9\n---\na", "@", "`",
             "key: |\n bad\nindent", VALID.replace("60", "1e309"), "x: 0o777", "x: 0x_"]
    for text in texts:
        try:
            assert isinstance(parse_routine(text), Routine)
        except RoutineError as exc:
            assert exc.problems and all(isinstance(p, str) for p in exc.problems)
