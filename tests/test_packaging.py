"""The built-in routines are found after every way of installing crackcoach.

Each test installs a clean copy of the project (the files git would commit: tracked plus
untracked-but-not-ignored, so uncommitted work is tested too) into a fresh virtual
environment and runs the installed console script from an unrelated folder.
The environments see the system site-packages, so the runtime dependencies need no download
when the interpreter already has them; crackcoach itself is always installed into the new
environment. Slow (tens of seconds), but part of the default run and of CI.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

PROJECT = Path(__file__).resolve().parents[1]
TIMEOUT = 600  # seconds; a generous bound for one pip or venv call, not a speed check
JUNK = shutil.ignore_patterns(".git", ".venv", "venv", "__pycache__", "*.pyc", "build", "dist",
                              "*.egg-info", ".pytest_cache", ".mypy_cache", ".ruff_cache",
                              ".hypothesis")


def run(args: list[str | Path], *, cwd: Path, env: dict[str, str] | None = None
        ) -> subprocess.CompletedProcess[str]:
    """Run a command and fail the test, showing its output, if it does not succeed."""
    done = subprocess.run([str(a) for a in args], cwd=cwd, env=env or clean_env(),
                          capture_output=True, text=True, timeout=TIMEOUT, check=False)
    assert done.returncode == 0, f"{args} failed:\n{done.stdout}\n{done.stderr}"
    return done


def clean_env() -> dict[str, str]:
    """This process's environment without anything that points Python at this checkout."""
    env = {k: v for k, v in os.environ.items()
           if k not in {"VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP"}}
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    env["PIP_NO_INPUT"] = "1"
    return env


def project_files() -> list[Path]:
    """Files of the project as git would commit them, relative to its top."""
    try:
        listed = subprocess.run(
            ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
            cwd=PROJECT, capture_output=True, text=True, check=True, timeout=60).stdout
    except (OSError, subprocess.CalledProcessError):
        return []
    return [Path(name) for name in listed.split("\0") if name and (PROJECT / name).is_file()]


def clean_copy(target: Path) -> Path:
    """A copy of the project without build artefacts, caches or virtual environments."""
    files = project_files()
    if not files:  # not a git checkout (e.g. an unpacked sdist): copy the tree instead
        shutil.copytree(PROJECT, target, ignore=JUNK)
        return target
    for name in files:
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(PROJECT / name, target / name)
    return target


FIXTURE = """\
version: 1
name: packaging-check
title: Packaging check
tags: [test]
steps:
  - {name: Walk, kind: timed, seconds: 60, instructions: Walk.}
"""


def shipped_names(source: Path) -> list[str]:
    """Names of the routines the copy ships.

    The mechanism is tested even before the real routines exist: an empty routines/ folder
    gets one fixture routine (test_builtin_routines.py checks the real ones).
    """
    folder = source / "routines"
    if not any(folder.glob("*.yaml")):
        folder.mkdir(exist_ok=True)
        (folder / "packaging-check.yaml").write_text(FIXTURE, encoding="utf-8")
    return sorted(p.stem for p in folder.glob("*.yaml"))


def new_venv(path: Path) -> Path:
    """A fresh virtual environment that can see the system site-packages; its bin folder."""
    run([sys.executable, "-m", "venv", "--system-site-packages", path], cwd=path.parent)
    return path / ("Scripts" if os.name == "nt" else "bin")


def pip_install(bin_dir: Path, *args: str | Path) -> None:
    python = bin_dir / "python"
    has_hatchling = subprocess.run([python, "-c", "import hatchling"], capture_output=True,
                                   check=False, timeout=TIMEOUT).returncode == 0
    isolation = ["--no-build-isolation"] if has_hatchling else []
    run([python, "-m", "pip", "install", "--quiet", *isolation, *args], cwd=bin_dir.parent)


def listed_routines(bin_dir: Path, elsewhere: Path) -> list[dict[str, object]]:
    """``crackcoach list --json`` run by the installed script from an unrelated folder."""
    env = clean_env()
    env["CRACKCOACH_HOME"] = str(elsewhere / "home")  # no user routines
    done = run([bin_dir / "crackcoach", "list", "--json"], cwd=elsewhere, env=env)
    assert done.stderr == ""
    rows: list[dict[str, object]] = json.loads(done.stdout)["routines"]
    return rows


def imported_from(bin_dir: Path, elsewhere: Path) -> Path:
    done = run([bin_dir / "python", "-c", "import crackcoach; print(crackcoach.__file__)"],
               cwd=elsewhere)
    return Path(done.stdout.strip()).resolve()


@pytest.fixture
def elsewhere(tmp_path: Path) -> Path:
    folder = tmp_path / "somewhere-else"
    folder.mkdir()
    return folder


def test_pip_install_finds_the_built_in_routines_from_any_folder(
        tmp_path: Path, elsewhere: Path) -> None:
    source = clean_copy(tmp_path / "clone")
    names = shipped_names(source)
    venv = tmp_path / "venv"
    bin_dir = new_venv(venv)

    pip_install(bin_dir, source)
    shutil.rmtree(source)  # an installed crackcoach must not need the source tree

    assert imported_from(bin_dir, elsewhere).is_relative_to(venv.resolve())
    rows = listed_routines(bin_dir, elsewhere)
    assert sorted(str(r["name"]) for r in rows) == names
    assert {r["source"] for r in rows} == {"built-in"}
    version = run([bin_dir / "python", "-m", "crackcoach", "--version"], cwd=elsewhere)
    assert version.stdout.startswith("crackcoach ")
    # The Quickstart's main job: the default routine is found by name and plays.
    env = {**clean_env(), "CRACKCOACH_HOME": str(elsewhere / "home")}
    plan = run([bin_dir / "crackcoach", "start", "--dry-run"], cwd=elsewhere, env=env)
    assert plan.stdout.splitlines()[0].startswith("Back reset")
    assert "Total" in plan.stdout
    # The reference the template and --help point at is part of the installed program.
    for page, title in (("routine-format", "Routine format (version 1)"),
                        ("data-format", "Your data")):
        shown = run([bin_dir / "crackcoach", "learn", page], cwd=elsewhere, env=env)
        assert shown.stdout.splitlines()[0] == title
    # The built-in plans travel in the package too, and today's screen can follow one.
    started = run([bin_dir / "crackcoach", "plan", "desk-back-8-weeks"], cwd=elsewhere, env=env)
    assert started.stdout.startswith("Started Desk back, eight weeks today")
    assert "Plan: Desk back, eight weeks" in run([bin_dir / "crackcoach"], cwd=elsewhere,
                                                 env=env).stdout


def test_editable_install_finds_the_built_in_routines_from_any_folder(
        tmp_path: Path, elsewhere: Path) -> None:
    source = clean_copy(tmp_path / "clone")
    names = shipped_names(source)
    bin_dir = new_venv(tmp_path / "venv")

    pip_install(bin_dir, "--editable", source)

    assert imported_from(bin_dir, elsewhere).is_relative_to((source / "src").resolve())
    rows = listed_routines(bin_dir, elsewhere)
    assert sorted(str(r["name"]) for r in rows) == names
    assert {r["source"] for r in rows} == {"built-in"}


def test_wheel_carries_the_routines_inside_the_package(tmp_path: Path) -> None:
    source = clean_copy(tmp_path / "clone")
    names = shipped_names(source)
    dist = tmp_path / "dist"
    bin_dir = new_venv(tmp_path / "venv")

    run([bin_dir / "python", "-m", "pip", "wheel", "--quiet", "--no-deps", "--wheel-dir", dist,
         source], cwd=tmp_path)

    [wheel] = dist.glob("crackcoach-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        files = set(archive.namelist())
    assert "crackcoach/__init__.py" in files
    assert "crackcoach/base/paths.py" in files
    assert {f"crackcoach/builtin/routines/{name}.yaml" for name in names} <= files
    plans = {f"crackcoach/builtin/plans/{p.name}" for p in (source / "plans").glob("*.yaml")}
    assert plans <= files
    assert "crackcoach/builtin/plans/desk-back-8-weeks.yaml" in files
    assert not any(f.startswith(("routines/", "plans/", "tests/")) for f in files)
    with zipfile.ZipFile(wheel) as archive:  # the very files of docs/, not copies kept by hand
        for page in ("routines.md", "data.md"):
            shipped = archive.read(f"crackcoach/builtin/docs/{page}")
            assert shipped == (source / "docs" / page).read_bytes()
