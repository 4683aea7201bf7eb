"""Shared fixtures: a private CRACKCOACH_HOME, a fixed terminal width, and an in-process CLI."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from crackcoach.cli import main

WIDTH = 100


@dataclass
class Result:
    """What one in-process run of ``crackcoach`` printed and returned."""

    exit_code: int
    stdout: str
    stderr: str


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every test gets its own empty home and a fixed, colourless terminal."""
    home = tmp_path / "home"
    monkeypatch.setenv("CRACKCOACH_HOME", str(home))
    # Reminders and shell completion write under the person's own home (systemd units,
    # shell start-up files), which CRACKCOACH_HOME does not move: never the real one.
    user = tmp_path / "user"
    monkeypatch.setenv("HOME", str(user))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(user / ".config"))
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(user / "run"))
    monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS", raising=False)
    monkeypatch.setenv("COLUMNS", str(WIDTH))
    monkeypatch.setenv("LINES", "40")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("TERM", "dumb")
    monkeypatch.delenv("CRACKCOACH_DEBUG", raising=False)
    yield


@pytest.fixture
def home(tmp_path: Path) -> Path:
    """The CRACKCOACH_HOME of this test."""
    return tmp_path / "home"


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]):  # type: ignore[no-untyped-def]
    """Run ``crackcoach ARGS...`` in-process and return its exit code and output."""

    def run(*args: str) -> Result:
        try:
            main(list(args))
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        else:  # pragma: no cover - main always exits
            code = 0
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return run
