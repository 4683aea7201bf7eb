"""The routine commands as a user runs them: list, show, validate, new.

Built-in routines are replaced by a small fixture folder so the whole rendered output can be
asserted at the fixed width from conftest.py, whatever the shipped routines say.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from crackcoach.base import paths
from crackcoach.routines.reader import parse_routine
from crackcoach.routines.template import render_template

CAT_COW = """\
version: 1
name: cat-cow
title: Cat-cow
summary: Slow spine flexion and extension on hands and knees.
tags: [back, mobility]
steps:
  - name: Cat-cow
    kind: flow
    seconds: 60
    cycle:
      - {cue: exhale - round up, seconds: 6}
      - {cue: inhale - let it sag, seconds: 4}
    instructions: |
      Hands under shoulders, knees under hips.
      Move slowly with your breath.
    cues: [slow, no jerking]
"""

DESK_HIPS = """\
version: 1
name: desk-hips
title: Desk hips
summary: For long days of sitting.
tags: [hips, desk]
caution: Stop if you feel sharp pain.
steps:
  - name: Hip-flexor stretch
    kind: hold
    hold: 20
    reps: 2
    sides: [left, right]
    rest: 10
    instructions: Half-kneel, tuck the pelvis and squeeze the glute.
    caution: Keep the front knee over the ankle.
  - name: Glute bridge
    kind: reps
    reps: 5
    tempo: 2
    hold: 3
    prepare: 0
    instructions: Lift the hips and hold at the top.
"""

EVENING = """\
version: 1
name: evening
title: Evening unwind
tags: [evening]
steps:
  - name: Walk
    kind: timed
    seconds: 120
    instructions: Walk around the room.
"""



def lines(output: str) -> list[str]:
    """Rendered lines without the padding Rich adds after the last table column."""
    return [line.rstrip() for line in output.splitlines()]


@pytest.fixture
def builtin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fixture folder standing in for the shipped routines."""
    folder = tmp_path / "builtin"
    folder.mkdir()
    (folder / "cat-cow.yaml").write_text(CAT_COW, encoding="utf-8")
    (folder / "desk-hips.yaml").write_text(DESK_HIPS, encoding="utf-8")
    monkeypatch.setattr(paths, "builtin_routines_dir", lambda: folder)
    return folder


@pytest.fixture
def here(tmp_path: Path, builtin: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run from the test's folder with CRACKCOACH_HOME set to the relative path ``home``.

    File names in the output are then short and the same in every run, so rendered text
    wraps at the same places.
    """
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CRACKCOACH_HOME", "home")
    return Path("home")


@pytest.fixture
def user(here: Path) -> Path:
    """The user's routines folder, with one routine of their own."""
    folder = here / "routines"
    folder.mkdir(parents=True)
    (folder / "evening.yaml").write_text(EVENING, encoding="utf-8")
    return folder


# --- list --------------------------------------------------------------------------------------


def test_list_shows_a_table_of_every_routine(cli, user: Path) -> None:
    result = cli("list")

    assert (result.exit_code, result.stderr) == (0, "")
    assert lines(result.stdout) == [
        "name       title           steps  min  tags            source",
        "cat-cow    Cat-cow             1    1  back, mobility  built-in",
        "desk-hips  Desk hips           2    2  hips, desk      built-in",
        "evening    Evening unwind      1    2  evening         home/routines/evening.yaml",
    ]


def test_list_json_gives_the_documented_fields(cli, user: Path) -> None:
    result = cli("list", "--json")

    assert (result.exit_code, result.stderr) == (0, "")
    rows = json.loads(result.stdout)["routines"]
    # Each routine is the whole record show --json gives; its steps counted here.
    assert all(isinstance(r["steps"], list) and r["equipment"] == [] for r in rows)
    rows = [{**r, "steps": len(r["steps"])} for r in rows]
    for row in rows:
        del row["equipment"]
    assert rows == [
        {"name": "cat-cow", "title": "Cat-cow",
         "summary": "Slow spine flexion and extension on hands and knees.",
         "tags": ["back", "mobility"], "caution": None, "steps": 1, "seconds": 65,
         "source": "built-in", "overrides": []},
        {"name": "desk-hips", "title": "Desk hips", "summary": "For long days of sitting.",
         "tags": ["hips", "desk"], "caution": "Stop if you feel sharp pain.", "steps": 2,
         "seconds": 130, "source": "built-in", "overrides": []},
        {"name": "evening", "title": "Evening unwind", "summary": "", "tags": ["evening"],
         "caution": None, "steps": 1, "seconds": 125, "source": str(user / "evening.yaml"),
         "overrides": []},
    ]


def test_list_shows_which_copy_is_used_when_a_user_routine_overrides(cli, user: Path) -> None:
    (user / "cat-cow.yaml").write_text(CAT_COW.replace("title: Cat-cow", "title: My cat-cow"),
                                       encoding="utf-8")

    table = cli("list")
    rows = json.loads(cli("list", "--json").stdout)["routines"]

    assert lines(table.stdout) == [
        "name       title           steps  min  tags            source",
        "cat-cow    My cat-cow          1    1  back, mobility  "
        "home/routines/cat-cow.yaml (overrides",
        "                                                       built-in)",
        "desk-hips  Desk hips           2    2  hips, desk      built-in",
        "evening    Evening unwind      1    2  evening         home/routines/evening.yaml",
    ]
    assert rows[0]["title"] == "My cat-cow"
    assert rows[0]["source"] == str(user / "cat-cow.yaml")
    assert rows[0]["overrides"] == ["built-in"]


def test_list_routines_dir_wins_over_the_user_folder(cli, user: Path, tmp_path: Path) -> None:
    extra = tmp_path / "extra"
    extra.mkdir()
    (extra / "evening.yaml").write_text(EVENING.replace("Evening unwind", "Extra evening"),
                                        encoding="utf-8")

    rows = json.loads(cli("list", "--json", "--routines-dir", str(extra)).stdout)[
        "routines"]

    assert [r["title"] for r in rows] == ["Cat-cow", "Desk hips", "Extra evening"]
    assert rows[2]["overrides"] == [str(user / "evening.yaml")]


def test_list_with_a_missing_routines_dir_is_a_usage_error(cli, builtin: Path,
                                                           tmp_path: Path) -> None:
    result = cli("list", "--routines-dir", str(tmp_path / "nope"))
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        f"crackcoach: error: --routines-dir {tmp_path / 'nope'}: no such folder\n")


def test_a_routines_dir_that_is_a_file_says_a_folder_was_expected(cli, builtin: Path,
                                                                   tmp_path: Path) -> None:
    (tmp_path / "tiny.yaml").write_text("", encoding="utf-8")
    result = cli("list", "--routines-dir", str(tmp_path / "tiny.yaml"))
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (f"crackcoach: error: --routines-dir {tmp_path / 'tiny.yaml'}: "
                             "expected a folder, not a file\n")


def test_list_warns_once_per_broken_file_and_lists_the_rest(cli, user: Path) -> None:
    (user / "broken.yaml").write_text("version: 1\nname: broken\ntitle: B\nsteps: []\nhodl: 3\n",
                                      encoding="utf-8")
    (user / "bad.yaml").write_text("steps: [oops\n", encoding="utf-8")

    result = cli("list")

    assert result.exit_code == 0
    assert [line.split()[0] for line in result.stdout.splitlines()] == [
        "name", "cat-cow", "desk-hips", "evening"]
    assert result.stderr == (
        f"crackcoach: warning: {user / 'bad.yaml'}:2:1: is not valid YAML: did not find "
        "expected ',' or ']'\n"
        f"crackcoach: warning: {user / 'broken.yaml'}:4:8: steps: expected a non-empty list "
        "of steps, got an empty list (and 1 more problem)\n")


def test_list_json_keeps_stdout_clean_when_files_are_broken(cli, user: Path) -> None:
    (user / "bad.yaml").write_text("steps: [oops\n", encoding="utf-8")
    result = cli("list", "--json")
    names = [r["name"] for r in json.loads(result.stdout)["routines"]]
    assert names == ["cat-cow", "desk-hips", "evening"]
    assert result.stderr.count("\n") == 1


def test_list_with_no_routines_at_all(cli, builtin: Path) -> None:
    for path in builtin.iterdir():
        path.unlink()
    assert cli("list").stdout == "No routines found.\n"
    assert json.loads(cli("list", "--json").stdout)["routines"] == []


# --- show --------------------------------------------------------------------------------------


def test_show_prints_every_step_with_timings(cli, builtin: Path) -> None:
    result = cli("show", "desk-hips")

    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == (
        "Desk hips  (desk-hips, built-in)\n"
        "For long days of sitting.\n"
        "Tags:    hips, desk\n"
        "Caution: Stop if you feel sharp pain.\n"
        "\n"
        "1. Hip-flexor stretch  [hold] hold 20 s per side (left, right), 5 s to switch x 2 "
        "rounds, rest 10 s\n"
        "   between rounds\n"  # wrapped under the step's name, not at the margin
        "   get ready 5 s, step total 1 min 45 s\n"
        "   Half-kneel, tuck the pelvis and squeeze the glute.\n"
        "   Caution: Keep the front knee over the ankle.\n"
        "\n"
        "2. Glute bridge  [reps] 5 reps: 1 s into position, hold 3 s, 1 s back\n"
        "   step total 25 s\n"
        "   Lift the hips and hold at the top.\n"
        "\n"
        "Total: 2 min 10 s (2 steps)\n"
    )


def test_show_flow_step_with_cues_and_one_step(cli, builtin: Path) -> None:
    result = cli("show", "cat-cow")

    assert result.stdout == (
        "Cat-cow  (cat-cow, built-in)\n"
        "Slow spine flexion and extension on hands and knees.\n"
        "Tags: back, mobility\n"
        "\n"
        "1. Cat-cow  [flow] 1 min of repeating cycles: exhale - round up 6 s / inhale - let it "
        "sag 4 s\n"
        "   get ready 5 s, step total 1 min 5 s\n"
        # The file's line breaks were only there to keep it narrow: the text flows.
        "   Hands under shoulders, knees under hips. Move slowly with your breath.\n"
        "   - slow\n"
        "   - no jerking\n"
        "\n"
        "Total: 1 min 5 s (1 step)\n"
    )


def test_show_json_gives_each_step_with_its_kind_fields(cli, builtin: Path) -> None:
    result = cli("show", "desk-hips", "--json")

    assert result.exit_code == 0
    assert json.loads(result.stdout)["routine"] == {
        "name": "desk-hips", "title": "Desk hips", "summary": "For long days of sitting.",
        "tags": ["hips", "desk"], "caution": "Stop if you feel sharp pain.",
        "steps": [
            {"name": "Hip-flexor stretch", "kind": "hold",
             "instructions": "Half-kneel, tuck the pelvis and squeeze the glute.",
             "caution": "Keep the front knee over the ankle.", "prepare": 5, "hold": 20,
             "reps": 2, "sides": ["left", "right"], "rest": 10, "switch": 5,
             "seconds_total": 105},
            {"name": "Glute bridge", "kind": "reps",
             "instructions": "Lift the hips and hold at the top.", "prepare": 0, "reps": 5,
             "tempo": 2, "hold": 3, "sides": [], "sets": 1, "rest": 0, "switch": 0,
             "seconds_total": 25},
        ],
        "seconds": 130, "source": "built-in", "equipment": [],
    }


def test_show_uses_the_user_copy_of_a_built_in(cli, user: Path) -> None:
    (user / "cat-cow.yaml").write_text(CAT_COW.replace("title: Cat-cow", "title: Mine"),
                                       encoding="utf-8")
    result = cli("show", "cat-cow")
    assert result.stdout.splitlines()[0] == f"Mine  (cat-cow, {user / 'cat-cow.yaml'})"


def test_show_unknown_name_exits_2_with_the_closest_names(cli, user: Path) -> None:
    result = cli("show", "desk-hip")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        "crackcoach: error: no routine named 'desk-hip'; did you mean desk-hips? "
        "('crackcoach list' shows them all)\n")


@pytest.mark.parametrize("name", ["../evening", "routines/evening", "..", "/etc/passwd"])
def test_show_refuses_paths_as_names(cli, user: Path, name: str) -> None:
    result = cli("show", name)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        f"crackcoach: error: '{name}' is not a routine name; names never contain '/' or '..' "
        "(use 'crackcoach validate PATH' to check a file)\n")


def test_show_a_broken_routine_exits_1_with_every_problem(cli, user: Path) -> None:
    (user / "neck.yaml").write_text("version: 1\nname: neck\n", encoding="utf-8")
    result = cli("show", "neck")
    path = user / "neck.yaml"
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        f"crackcoach: error: {path}:1:1: routine: 'title' is missing; expected non-empty text "
        "of at most 80 characters\n"
        f"crackcoach: error: {path}:1:1: routine: 'steps' is missing; expected a list of steps\n")


def test_show_without_a_name_is_a_usage_error(cli, builtin: Path) -> None:
    result = cli("show")
    assert result.exit_code == 2
    assert result.stderr.startswith("crackcoach: error: Missing argument")


# --- untrusted text is shown, never interpreted ------------------------------------------------

HOSTILE = """\
version: 1
name: hostile
title: "Evil [bold red]x[/] \\e[31mred \\u202eright"
summary: "Sum [link=http://x]y[/link] \\e[2J"
tags: ["[blink]t[/]", "\\e[5mb"]
caution: "[reverse]c[/]"
steps:
  - name: "Step [i]one[/i] \\e]0;title\\a"
    kind: timed
    seconds: 30
    instructions: "Do \\e[31mthis\\e[0m [bold]now[/bold]\\nthen \\u202ethat"
    cues: ["[green]cue[/]", "\\u202ertl cue"]
    caution: "stop \\x9b31m"
"""


@pytest.fixture
def hostile(user: Path) -> Path:
    path = user / "hostile.yaml"
    path.write_text(HOSTILE, encoding="utf-8")
    return path


def test_markup_and_escapes_in_show_are_visible_text(cli, hostile: Path) -> None:
    result = cli("show", "hostile")

    assert result.exit_code == 0
    assert "\x1b" not in result.stdout and "\u202e" not in result.stdout
    assert "\x9b" not in result.stdout and "\x07" not in result.stdout
    assert result.stdout == (
        f"Evil [bold red]x[/] \\x1b[31mred \\u202eright  (hostile, {hostile})\n"
        "Sum [link=http://x]y[/link] \\x1b[2J\n"
        "Tags:    [blink]t[/], \\x1b[5mb\n"
        "Caution: [reverse]c[/]\n"
        "\n"
        "1. Step [i]one[/i] \\x1b]0;title\\x07  [timed] 30 s\n"
        "   get ready 5 s, step total 35 s\n"
        "   Do \\x1b[31mthis\\x1b[0m [bold]now[/bold] then \\u202ethat\n"
        "   - [green]cue[/]\n"
        "   - \\u202ertl cue\n"
        "   Caution: stop \\x9b31m\n"
        "\n"
        "Total: 35 s (1 step)\n"
    )


def test_markup_and_escapes_in_list_are_visible_text(cli, hostile: Path) -> None:
    result = cli("list")

    assert "\x1b" not in result.stdout and "\u202e" not in result.stdout
    assert lines(result.stdout) == [
        "name       title                       steps  min  tags                   source",
        "cat-cow    Cat-cow                         1    1  back, mobility         built-in",
        "desk-hips  Desk hips                       2    2  hips, desk             built-in",
        "evening    Evening unwind                  1    2  evening                "
        "home/routines/evening.yaml",
        "hostile    Evil [bold red]x[/]             1    1  [blink]t[/], \\x1b[5mb  "
        "home/routines/hostile.yaml",
        "           \\x1b[31mred \\u202eright",
    ]


def test_escapes_in_errors_and_warnings_are_visible_text(cli, user: Path) -> None:
    bad = user / "bad.yaml"
    bad.write_text('version: 1\nname: bad\ntitle: "\\e[31m"\nsteps: "\\e[2J"\n', encoding="utf-8")

    listed = cli("list")
    checked = cli("validate", str(bad))
    shown = cli("show", "bad")

    for text in (listed.stderr, checked.stdout, shown.stderr):
        assert "\x1b" not in text
        assert "\\x1b[2J" in text


# --- validate ----------------------------------------------------------------------------------


def test_validate_good_file_exits_0(cli, user: Path) -> None:
    path = user / "evening.yaml"
    result = cli("validate", str(path))
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == f"ok: {path} (evening, 1 step, 2 min)\n1 of 1 routine file valid.\n"


def test_validate_bad_file_exits_1_with_one_message_per_problem_in_line_order(
        cli, tmp_path: Path, builtin: Path) -> None:
    path = tmp_path / "upper.yaml"
    path.write_text("version: 1\nname: upper\ntitle: Upper\nsteps:\n"
                    "  - {name: Turn, kind: hold, hodl: 20, instructions: Turn.}\n"
                    "colour: red\n", encoding="utf-8")

    result = cli("validate", str(path))

    # The misspelled 'hold' is one problem, not also "'hold' is missing".
    assert (result.exit_code, result.stderr) == (1, "")
    assert result.stdout == (
        f"error: {path}:5:30: step 1 (Turn) > hodl: unknown key (did you mean 'hold'?); "
        "expected one of name, kind, instructions, why, cues, caution, equipment, figure, prepare, "
        "easier, harder, hold, reps, sides, rest, switch\n"
        f"error: {path}:6:1: colour: unknown key; expected one of version, name, title, "
        "summary, tags, caution, equipment, steps\n"
        "0 of 1 routine file valid.\n")


def test_validate_mixed_files_and_folders(cli, user: Path, tmp_path: Path) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "neck.yaml").write_text(EVENING.replace("evening", "neck"), encoding="utf-8")
    (folder / "wrong.yaml").write_text(EVENING, encoding="utf-8")
    (folder / "notes.txt").write_text("not a routine", encoding="utf-8")

    result = cli("validate", str(user / "evening.yaml"), str(folder))

    assert result.exit_code == 1
    assert result.stdout == (
        f"ok: {user / 'evening.yaml'} (evening, 1 step, 2 min)\n"
        f"ok: {folder / 'neck.yaml'} (neck, 1 step, 2 min)\n"
        f"error: {folder / 'wrong.yaml'}: name: 'evening' does not match the file name; save it "
        "as evening.yaml or change the name to 'wrong'\n"
        "2 of 3 routine files valid.\n")


def test_validate_without_paths_checks_the_user_routines(cli, user: Path) -> None:
    (user / "bad.yaml").write_text("steps: [oops\n", encoding="utf-8")
    result = cli("validate")
    assert result.exit_code == 1
    assert result.stdout == (
        f"error: {user / 'bad.yaml'}:2:1: is not valid YAML: did not find expected ',' or ']'\n"
        f"ok: {user / 'evening.yaml'} (evening, 1 step, 2 min)\n"
        "1 of 2 routine files valid.\n")


def test_validate_without_paths_and_no_user_routines(cli, builtin: Path) -> None:
    result = cli("validate")
    assert (result.exit_code, result.stdout) == (0, "No routine files to check.\n")


def test_validate_missing_path_is_a_usage_error(cli, builtin: Path, tmp_path: Path) -> None:
    missing = tmp_path / "nope.yaml"
    result = cli("validate", str(missing))
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"crackcoach: error: {missing}: no such file or folder\n"


def test_validate_duplicate_names_in_one_folder(cli, builtin: Path, tmp_path: Path) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "neck.yaml").write_text(EVENING.replace("evening", "neck"), encoding="utf-8")
    (folder / "neck.yml").write_text(EVENING.replace("evening", "neck"), encoding="utf-8")

    result = cli("validate", str(folder))

    assert result.exit_code == 1
    assert result.stdout == (
        f"ok: {folder / 'neck.yaml'} (neck, 1 step, 2 min)\n"
        f"error: {folder / 'neck.yml'}: name: 'neck' is also defined in {folder / 'neck.yaml'}\n"
        "1 of 2 routine files valid.\n")


def test_validate_the_built_in_fixture_folder(cli, builtin: Path) -> None:
    result = cli("validate", str(builtin))
    assert result.exit_code == 0
    assert result.stdout.endswith("2 of 2 routine files valid.\n")


# --- new ---------------------------------------------------------------------------------------


def test_new_writes_a_template_that_validates(cli, here: Path) -> None:
    path = here / "routines" / "evening-back.yaml"

    result = cli("new", "evening-back")

    # What was done goes to standard error: standard output holds only what was asked for.
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr == (
        f"Wrote {path}\nEdit it, then check it with: crackcoach validate {path}\n")
    assert path.read_text(encoding="utf-8") == render_template("evening-back")
    assert path.read_text(encoding="utf-8").startswith("# A crackcoach routine")
    assert cli("validate", str(path)).exit_code == 0
    shown = cli("show", "evening-back")
    assert shown.exit_code == 0
    assert shown.stdout.splitlines()[0] == f"My routine  (evening-back, {path})"


def test_template_parses_with_every_step_kind() -> None:
    routine = parse_routine(render_template("x"), "template")
    assert routine.name == "x"
    assert sorted({s.kind for s in routine.steps}) == ["flow", "hold", "reps", "timed"]


def test_new_never_overwrites_an_existing_file(cli, user: Path) -> None:
    path = user / "evening.yaml"
    before = path.read_text(encoding="utf-8")

    result = cli("new", "evening")

    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        f"crackcoach: error: {path} already exists; edit it, or choose another name\n")
    assert path.read_text(encoding="utf-8") == before


def test_new_refuses_when_a_yml_file_has_the_name(cli, user: Path) -> None:
    (user / "neck.yml").write_text("mine", encoding="utf-8")
    result = cli("new", "neck")
    assert result.exit_code == 1
    assert not (user / "neck.yaml").exists()
    assert (user / "neck.yml").read_text(encoding="utf-8") == "mine"


@pytest.mark.parametrize(("name", "why"), [
    ("../escape", "names never contain '/' or '..' (use 'crackcoach validate PATH' to check a "
                  "file)"),
    ("a/b", "names never contain '/' or '..' (use 'crackcoach validate PATH' to check a file)"),
    ("Evening", "names use lowercase letters, digits and single hyphens, e.g. 'back-reset'"),
    ("my_routine", "names use lowercase letters, digits and single hyphens, e.g. 'back-reset'"),
])
def test_new_refuses_bad_names_and_writes_nothing(cli, home: Path, builtin: Path,
                                                  name: str, why: str) -> None:
    result = cli("new", name)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"crackcoach: error: '{name}' is not a routine name; {why}\n"
    assert not (home / "routines").exists()
    assert not (home / "escape.yaml").exists()


def test_new_print_writes_nothing(cli, home: Path, builtin: Path) -> None:
    result = cli("new", "neck", "--print")
    assert result.stdout == render_template("neck")
    assert not (home / "routines").exists()


# --- help --------------------------------------------------------------------------------------


@pytest.mark.parametrize("command", ["list", "show", "validate", "new"])
def test_every_routine_command_has_help_with_an_example(cli, command: str) -> None:
    result = cli(command, "--help")
    assert result.exit_code == 0
    assert "Example:" in result.stdout
    assert f"crackcoach {command}" in result.stdout


def test_validate_never_says_zero_minutes(cli, here: Path, tmp_path: Path) -> None:
    path = Path("short.yaml")
    path.write_text(EVENING.replace("evening", "short").replace("seconds: 120", "seconds: 10"),
                    encoding="utf-8")
    result = cli("validate", "short.yaml")
    assert result.stdout == "ok: short.yaml (short, 1 step, 1 min)\n1 of 1 routine file valid.\n"


def test_new_refuses_a_name_longer_than_a_routine_name_may_be(cli, home: Path,
                                                              builtin: Path) -> None:
    assert cli("new", "a" * 64).exit_code == 0
    result = cli("new", "b" * 65)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        f"crackcoach: error: '{'b' * 20}...' is not a routine name; names are at most 64 "
        "characters long\n")
    assert not (home / "routines" / f"{'b' * 65}.yaml").exists()


def test_new_when_the_routines_folder_is_a_file(cli, home: Path, builtin: Path) -> None:
    home.mkdir()
    (home / "routines").write_text("not a folder", encoding="utf-8")
    result = cli("new", "neck")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        f"crackcoach: error: cannot create the routines folder {home / 'routines'}: File exists\n")


def test_new_leaves_no_half_written_file_when_writing_fails(
        cli, home: Path, builtin: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from crackcoach.routines import template

    def full_disk(name: str) -> str:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(template, "render_template", full_disk)
    result = cli("new", "neck")
    assert result.exit_code == 1
    assert result.stderr == (
        f"crackcoach: error: cannot write {home / 'routines' / 'neck.yaml'}: No space left on "
        "device\n")
    assert list((home / "routines").iterdir()) == []


def test_validate_checks_a_file_named_twice_once(cli, user: Path) -> None:
    path = str(user / "evening.yaml")
    result = cli("validate", path, path, str(user))
    assert (result.exit_code, result.stdout) == (
        0, f"ok: {path} (evening, 1 step, 2 min)\n1 of 1 routine file valid.\n")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_validate_refuses_a_named_pipe_instead_of_blocking(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    pipe = tmp_path / "pipe.yaml"
    os.mkfifo(pipe)
    result = cli("validate", str(pipe))  # no writer: opening it would block forever
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == (
        f"error: {pipe}: is not a regular file (a pipe or a device?)")
