"""The program in odd surroundings: a broken time zone, odd encodings, stray bytes, tiny
terminals, and output that cannot be written. Each ends in one clear line or in correct
behaviour, never in a traceback or an "unexpected internal error".
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from homes import CRACKCOACH

pexpect = pytest.importorskip("pexpect")
TIMEOUT = 30


def run(home: Path, *args: str | bytes, stdout: int | None = subprocess.PIPE,
        **env: str) -> subprocess.CompletedProcess[bytes]:
    environment = {**os.environ, "CRACKCOACH_HOME": str(home), **env}
    environment.pop("CRACKCOACH_DEBUG", None)
    return subprocess.run([CRACKCOACH, *args], env=environment, stdout=stdout,
                          stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, timeout=TIMEOUT,
                          check=False)


@pytest.fixture
def home(tmp_path: Path) -> Path:
    folder = tmp_path / "home"
    assert run(folder, "log", "--discomfort", "3", "--stiffness", "2", "--note",
               "café ✓").returncode == 0
    return folder


def one_error(result: subprocess.CompletedProcess[bytes]) -> str:
    err = result.stderr.decode("utf-8", "replace")
    assert err.count("\n") == 1 and err.startswith("crackcoach: error: "), err
    return err


@pytest.mark.parametrize("args", [["history"], ["log", "--discomfort", "1", "--stiffness", "1"],
                                  ["stats"], [], ["list"], ["history", "--help"]])
def test_a_time_zone_python_cannot_use_is_named_and_utc_taken(home: Path, args: list[str]
                                                              ) -> None:
    result = run(home, *args, TZ="UTC+99")
    assert result.returncode == 0
    assert result.stderr.decode().splitlines() == [
        "crackcoach: warning: the time zone TZ='UTC+99' cannot be used (an offset of a day "
        "or more?); times are taken as UTC"]


@pytest.mark.parametrize(("args", "shown"), [
    ([b"log", b"--discomfort", b"3", b"--stiffness", b"2", b"--note", b"caf\xe9"],
     "--note caf\\xe9: expected text in UTF-8"),
    ([b"stats", b"--routine", b"\xff"], "--routine \\xff: expected text in UTF-8"),
    ([b"show", b"back\xe9"], "back\\xe9"),
])
def test_bytes_that_are_not_text_in_arguments_are_refused_and_shown(
        home: Path, args: list[bytes], shown: str) -> None:
    result = run(home, *args)
    assert result.returncode == 2
    assert shown in one_error(result)


@pytest.mark.parametrize("encoding", [{"PYTHONIOENCODING": "ascii"},
                                      {"LC_ALL": "C", "PYTHONUTF8": "0"}])
@pytest.mark.parametrize("args", [["history"], ["stats"], ["report"], ["flags"],
                                  ["learn", "myths"], ["show", "back-reset"], ["list"], []])
def test_a_terminal_that_cannot_show_every_character_still_gets_the_page(
        home: Path, args: list[str], encoding: dict[str, str]) -> None:
    result = run(home, *args, **encoding)
    assert (result.returncode, result.stderr) == (0, b"")
    assert result.stdout  # e.g. "caf\xe9" where the terminal cannot show é


def test_a_terminal_of_five_columns_gets_a_readable_page(home: Path) -> None:
    result = run(home, "history", COLUMNS="5")
    assert result.returncode == 0
    assert all(word in result.stdout for word in (b"e1", b"discomfort", b"stiffness", b"caf"))


def test_typed_bytes_that_are_not_text_are_asked_again_and_nothing_is_lost(
        tmp_path: Path) -> None:
    env = {**os.environ, "CRACKCOACH_HOME": str(tmp_path / "home"), "TERM": "xterm"}
    child = pexpect.spawn(CRACKCOACH, ["log"], env=env, timeout=TIMEOUT)
    child.expect(b"Discomfort now")
    child.sendline(b"\xe9")
    child.expect(b"Please enter a whole number from 0 to 10")
    child.sendline(b"3")
    for question in (b"Stiffness", b"moving feels", b"tighter", b"crack your back",
                     b"Numbers separated"):
        child.expect(question)
        child.sendline(b"2" if question == b"Stiffness" else b"")
    child.expect(b"A note")
    child.sendline(b"caf\xe9")
    child.expect(b"Please enter text")
    child.sendline(b"cafe")
    child.expect(b"Saved diary entry e1 .*: discomfort 3, stiffness 2")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full here")
def test_output_that_cannot_be_written(home: Path) -> None:
    with open("/dev/full", "wb") as full:
        saved = run(home, "log", "--discomfort", "4", "--stiffness", "2", stdout=full.fileno())
        exported = run(home, "export", stdout=full.fileno())
        version = run(home, "--version", stdout=full.fileno())
    # The entry is in the diary: a script must not retry and write it twice.
    assert saved.returncode == 0
    assert b"diary entry e2 was saved, but its confirmation could not be shown" in saved.stderr
    assert exported.returncode == 1
    assert "cannot write the output: No space left on device" in one_error(exported)
    assert version.returncode == 1 and one_error(version)


def test_a_closed_standard_output_is_one_line(home: Path) -> None:
    environment = {**os.environ, "CRACKCOACH_HOME": str(home)}
    result = subprocess.run(f"{CRACKCOACH} export --format json >&-", shell=True,
                            env=environment, capture_output=True, timeout=TIMEOUT, check=False)
    assert result.returncode == 1
    assert "standard output is closed" in one_error(result)


@pytest.mark.parametrize("args", [["export"], ["show", "back-reset"], ["learn", "myths"],
                                  ["history"], ["list"], ["stats"], ["flags"]])
def test_a_reader_that_leaves_early_ends_the_command_quietly(home: Path, args: list[str]
                                                            ) -> None:
    environment = {**os.environ, "CRACKCOACH_HOME": str(home)}
    command = " ".join([CRACKCOACH, *args]) + " | head -c 10 > /dev/null; " \
        'echo "status=${PIPESTATUS[0]}"'
    result = subprocess.run(["bash", "-c", command], env=environment, capture_output=True,
                            timeout=TIMEOUT, check=False)
    assert result.stdout.strip() == b"status=0"
    assert b"Traceback" not in result.stderr and b"error" not in result.stderr


@pytest.mark.parametrize(("args", "expected"), [
    (["list"], b"back-reset"),
    (["show", "back-reset"], b"Back reset"),
    (["start", "back-reset", "--dry-run"], b"Warm-up walk"),
])
def test_an_unreadable_routines_folder_leaves_the_built_in_routines(
        tmp_path: Path, args: list[str], expected: bytes) -> None:
    from guards import unprivileged_prefix

    home = tmp_path / "home"
    (home / "routines").mkdir(parents=True)
    (home / "routines").chmod(0)
    try:
        result = subprocess.run([*unprivileged_prefix(), CRACKCOACH, *args],
                                env={**os.environ, "CRACKCOACH_HOME": str(home)},
                                capture_output=True, timeout=TIMEOUT, check=False)
    finally:
        (home / "routines").chmod(0o700)
    assert result.returncode == 0, result.stderr
    assert expected in result.stdout and b"Traceback" not in result.stderr
    if args == ["list"]:  # the folder left out is named
        assert b"cannot read the routines folder" in result.stderr
