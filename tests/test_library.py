"""Finding routines: precedence between folders, broken files, names and suggestions."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from crackcoach.base.catalog import label
from crackcoach.base.paths import Folder
from crackcoach.errors import InputError, RoutineError, RoutineNotFound
from crackcoach.routines import library
from crackcoach.routines.library import find, routine_files, scan
from guards import unprivileged_prefix


def write(folder: Path, name: str, title: str | None = None, *, filename: str | None = None,
          text: str | None = None) -> Path:
    """Write a small valid routine called ``name`` (or raw ``text``) into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / (filename or f"{name}.yaml")
    path.write_text(text if text is not None else (
        f"version: 1\nname: {name}\ntitle: {title or name.title()}\ntags: [test]\n"
        "steps:\n  - {name: Walk, kind: timed, seconds: 60, instructions: Walk.}\n"),
        encoding="utf-8")
    return path


@pytest.fixture
def folders(tmp_path: Path) -> list[Folder]:
    """Built-in, user and one extra folder, lowest precedence first."""
    return [Folder(tmp_path / "builtin", builtin=True), Folder(tmp_path / "user"),
            Folder(tmp_path / "extra")]


def test_scan_lists_every_routine_sorted_by_name(folders: list[Folder]) -> None:
    builtin, user, _ = folders
    write(builtin.path, "cat-cow")
    write(builtin.path, "back-reset")
    write(user.path, "evening")

    catalog = scan(folders)

    assert [r.name for r in catalog.routines] == ["back-reset", "cat-cow", "evening"]
    assert [r.builtin for r in catalog.routines] == [True, True, False]
    assert catalog.warnings == []
    assert catalog.overridden == {}


def test_user_routine_overrides_the_built_in_one(folders: list[Folder]) -> None:
    builtin, user, _ = folders
    write(builtin.path, "cat-cow", "Built-in cat-cow")
    mine = write(user.path, "cat-cow", "My cat-cow")

    catalog = scan(folders)
    used = catalog.get("cat-cow")

    assert used is not None
    assert (used.title, used.builtin, used.path) == ("My cat-cow", False, mine)
    assert [r.title for r in catalog.overridden["cat-cow"]] == ["Built-in cat-cow"]
    assert find("cat-cow", folders).title == "My cat-cow"


def test_routines_dir_overrides_the_user_folder_and_the_built_in(folders: list[Folder]) -> None:
    builtin, user, extra = folders
    write(builtin.path, "cat-cow", "Built-in")
    write(user.path, "cat-cow", "User")
    write(extra.path, "cat-cow", "Extra")

    catalog = scan(folders)

    assert [r.title for r in catalog.routines] == ["Extra"]
    assert [r.title for r in catalog.overridden["cat-cow"]] == ["Built-in", "User"]
    assert find("cat-cow", folders).title == "Extra"


def test_later_routines_dirs_win_over_earlier_ones(tmp_path: Path) -> None:
    first, second = Folder(tmp_path / "one"), Folder(tmp_path / "two")
    write(first.path, "neck", "First")
    write(second.path, "neck", "Second")

    assert find("neck", [first, second]).title == "Second"
    assert find("neck", [second, first]).title == "First"


def test_broken_user_routine_does_not_hide_the_good_ones(folders: list[Folder]) -> None:
    builtin, user, _ = folders
    write(builtin.path, "cat-cow")
    write(user.path, "evening")
    broken = write(user.path, "broken", text="version: 1\nname: broken\ntitle: B\nsteps: []\n"
                                             "hodl: 3\n")
    bad_yaml = write(user.path, "bad", text="version: 1\nsteps: [oops\n")

    catalog = scan(folders)

    assert [r.name for r in catalog.routines] == ["cat-cow", "evening"]
    assert catalog.warnings == [  # one line per broken file, however many problems it has
        f"{bad_yaml}:3:1: is not valid YAML: did not find expected ',' or ']'",
        f"{broken}:4:8: steps: expected a non-empty list of steps, got an empty list (and 1 "
        "more problem)",  # the first problem in the file
    ]


def test_warning_counts_the_other_problems(folders: list[Folder]) -> None:
    path = write(folders[1].path, "x", text="version: 3\n")
    assert scan(folders).warnings == [
        f"{path}:1:1: routine: 'name' is missing; expected non-empty text of at most 64 "
        "characters (and 3 more problems)"]


def test_broken_user_copy_of_a_built_in_leaves_the_built_in_listed(
        folders: list[Folder]) -> None:
    builtin, user, _ = folders
    write(builtin.path, "cat-cow", "Built-in")
    broken = write(user.path, "cat-cow", text="version: 1\nname: cat-cow\n")

    catalog = scan(folders)

    assert [(r.name, r.title) for r in catalog.routines] == [("cat-cow", "Built-in")]
    assert len(catalog.warnings) == 1
    # Asking for it by name reports the user's broken file rather than silently using the
    # built-in: the user meant to replace it.
    with pytest.raises(RoutineError) as caught:
        find("cat-cow", folders)
    assert caught.value.problems[0] == (
        f"{broken}:1:1: routine: 'title' is missing; expected non-empty text of at most 80 "
        "characters")


def test_duplicate_names_in_one_folder_keep_the_first_and_warn(folders: list[Folder]) -> None:
    user = folders[1]
    write(user.path, "neck", "From yaml")
    second = write(user.path, "neck", "From yml", filename="neck.yml")

    catalog = scan(folders)

    assert [r.title for r in catalog.routines] == ["From yaml"]
    assert catalog.warnings == [
        f"{second}: name: 'neck' is also defined in {user.path / 'neck.yaml'}; this copy is "
        "ignored"]


def test_name_must_match_the_file_name(folders: list[Folder]) -> None:
    path = write(folders[1].path, "neck", filename="shoulders.yaml")

    catalog = scan(folders)

    assert catalog.routines == []
    assert catalog.warnings == [
        f"{path}: name: 'neck' does not match the file name; save it as neck.yaml or change "
        "the name to 'shoulders'"]
    with pytest.raises(RoutineError):
        find("shoulders", folders)


def test_built_in_files_are_named_by_their_bare_file_name(folders: list[Folder]) -> None:
    builtin = folders[0]
    write(builtin.path, "neck", filename="shoulders.yaml")

    assert scan(folders).warnings == [
        "built-in shoulders.yaml: name: 'neck' does not match the file name; save it as "
        "neck.yaml or change the name to 'shoulders'"]
    assert label(builtin.path / "x.yaml", builtin) == "built-in x.yaml"
    assert label(folders[1].path / "x.yaml", folders[1]) == str(folders[1].path / "x.yaml")


def test_find_reads_yml_files_too(folders: list[Folder]) -> None:
    write(folders[1].path, "neck", filename="neck.yml")
    assert find("neck", folders).name == "neck"


def test_routine_files_skips_everything_that_is_not_a_routine_file(tmp_path: Path) -> None:
    folder = tmp_path / "routines"
    write(folder, "b")
    write(folder, "a", filename="a.yml")
    write(folder, "hidden", filename=".hidden.yaml")
    write(folder, "notes", filename="notes.txt")
    (folder / "sub.yaml").mkdir()
    os.mkfifo(folder / "pipe.yaml")  # opening it would block forever

    assert routine_files(folder) == [folder / "a.yml", folder / "b.yaml"]
    assert [r.name for r in scan([Folder(folder)]).routines] == ["a", "b"]


def test_missing_folders_are_simply_empty(tmp_path: Path) -> None:
    assert routine_files(tmp_path / "nowhere") == []
    assert routine_files(write(tmp_path, "x")) == []  # a file, not a folder
    assert scan([Folder(tmp_path / "nowhere", builtin=True)]).routines == []


UNREADABLE_PROBE = """\
import sys
from pathlib import Path
from crackcoach.errors import InputError
from crackcoach.routines.library import routine_files
try:
    routine_files(Path(sys.argv[1]))
except InputError as exc:
    print(exc)
"""


def test_unreadable_folder_is_a_clear_error(tmp_path: Path) -> None:
    # In a child process without the privilege to read any folder (as root: setpriv).
    folder = tmp_path / "locked"
    write(folder, "x")
    folder.chmod(0)
    try:
        told = subprocess.run([*unprivileged_prefix(), sys.executable, "-c", UNREADABLE_PROBE,
                               str(folder)], capture_output=True, text=True, timeout=60,
                              check=True)
    finally:
        folder.chmod(0o755)
    assert told.stdout == f"cannot read the routines folder {folder}: Permission denied\n"


@pytest.mark.parametrize("name", ["../outside", "..", "a/b", "/etc/passwd", "sub/../outside",
                                  "..\\outside", "a..b"])
def test_find_refuses_path_like_names_without_opening_anything(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    inner = Folder(tmp_path / "routines" / "inner")
    write(inner.path, "fine")
    write(tmp_path / "routines", "outside")  # what ../outside would reach

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a path-like name must never be opened")

    monkeypatch.setattr(library, "load_routine", refuse)
    with pytest.raises(InputError) as caught:
        find(name, [inner])
    assert str(caught.value) == (
        f"'{name}' is not a routine name; names never contain '/' or '..' (use 'crackcoach "
        "validate PATH' to check a file)")


@pytest.mark.parametrize("name", ["Cat-Cow", "cat_cow", "", "-x", "cat cow", "cat.cow"])
def test_find_refuses_names_that_are_not_slugs(folders: list[Folder], name: str) -> None:
    with pytest.raises(InputError) as caught:
        find(name, folders)
    assert not isinstance(caught.value, RoutineNotFound)
    assert str(caught.value) == (
        f"'{name}' is not a routine name; names use lowercase letters, digits and single "
        "hyphens, e.g. 'back-reset'")


def test_unknown_name_suggests_the_closest_names(folders: list[Folder]) -> None:
    builtin, user, extra = folders
    for name in ("back-reset", "cat-cow", "desk-hips"):
        write(builtin.path, name)
    write(user.path, "back-rest")
    write(extra.path, "neck")

    with pytest.raises(RoutineNotFound) as close:
        find("bak-reset", folders)
    with pytest.raises(RoutineNotFound) as none:
        find("zzz", folders)

    assert str(close.value) == (
        "no routine named 'bak-reset'; did you mean back-reset, back-rest? ('crackcoach list' "
        "shows them all)")
    assert str(none.value) == "no routine named 'zzz' ('crackcoach list' shows them all)"
    assert close.value.exit_code == 2


def test_unknown_name_with_no_routines_at_all(tmp_path: Path) -> None:
    with pytest.raises(RoutineNotFound) as caught:
        find("cat-cow", [Folder(tmp_path / "none")])
    assert str(caught.value) == "no routine named 'cat-cow' ('crackcoach list' shows them all)"


def test_find_loads_only_the_routine_it_needs(folders: list[Folder]) -> None:
    user = folders[1]
    write(user.path, "neck")
    write(user.path, "broken", text="not: [valid\n")
    assert find("neck", folders).name == "neck"


def test_find_refuses_names_longer_than_any_routine_name(folders: list[Folder]) -> None:
    with pytest.raises(InputError) as caught:
        find("a" * 65, folders)
    assert str(caught.value) == (
        f"'{'a' * 20}...' is not a routine name; names are at most 64 characters long")


def test_crackcoach_home_moves_the_user_routines_and_the_diary(tmp_path: Path) -> None:
    from crackcoach.base import paths

    env = {"CRACKCOACH_HOME": str(tmp_path / "portable")}
    assert paths.user_routines_dir(env) == tmp_path / "portable" / "routines"
    assert paths.database_path(env) == tmp_path / "portable" / "crackcoach.db"


@pytest.mark.parametrize("xdg", [{}, {"XDG_DATA_HOME": "/x/data", "XDG_CONFIG_HOME": "/x/conf"},
                                 {"XDG_DATA_HOME": "relative", "XDG_CONFIG_HOME": ""}])
def test_without_crackcoach_home_the_platform_folders_are_used(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path, xdg: dict[str, str]) -> None:
    # crackcoach works the folders out itself on Linux; they must be platformdirs' own.
    from platformdirs import user_config_dir, user_data_dir

    from crackcoach.base import paths

    monkeypatch.setenv("HOME", str(tmp_path))
    for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME"):
        monkeypatch.delenv(name, raising=False)
    for name, value in xdg.items():
        monkeypatch.setenv(name, value)
    for env in ({"HOME": str(tmp_path), **xdg}, {"HOME": str(tmp_path), "CRACKCOACH_HOME": "  ",
                                                  **xdg}):
        assert paths.user_routines_dir(env) == Path(user_config_dir("crackcoach")) / "routines"
        assert paths.database_path(env) == Path(user_data_dir("crackcoach")) / "crackcoach.db"
        assert paths.config_path(env) == Path(user_config_dir("crackcoach")) / "config.toml"
