"""What a person sees in a real 80x24 terminal: the first screen of each long page, and text
that fits.

Each command runs in a pseudo-terminal (the pager is the real ``less``, as a
person gets it) and the screen is read back with pyte, a terminal emulator, so
wide characters take the two cells they take on a screen. The clock is fixed
by a tiny runner. Compared with tests/screens/tty-NAME.txt; ``python
tests/test_tty_screens.py`` rewrites those files when a layout changes on
purpose.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pexpect
import pyte
import pytest

from crackcoach.base.wrap import cells
from homes import first_check_answered, terminal_env

SCREENS_DIR = Path(__file__).resolve().parent / "screens"
ROWS, COLUMNS = 24, 80
TIMEOUT = 30
NOW = datetime(2024, 5, 14, 20, 30, tzinfo=timezone.utc)
TODAY = NOW.date()
# The program with its clock fixed at the time given first (a real process, a real terminal).
RUNNER = ("import sys, datetime\n"
          "import crackcoach.app.env as env\n"
          "now = datetime.datetime.fromisoformat(sys.argv[1])\n"
          "env.local_now = lambda: now\n"
          "from crackcoach.cli import main\n"
          "main(sys.argv[2:])\n")
CJK_NOTE = ("長時間の運転のあと、腰が一日中こわばっていた。ストレッチの後は少し楽になった"
            "ので、明日も続けてみる。")
LESS_PROMPT = (":", "(END)")
needs_less = pytest.mark.skipif(shutil.which("less") is None, reason="less is not installed")


def _environment(home: Path) -> dict[str, str]:
    env = terminal_env(home.parent)
    env.pop("PAGER", None)  # the real pager: less, as a person has it
    # CRACKCOACH_HOME "." in the home itself: the paths on screen are the same in every run.
    env.update(CRACKCOACH_HOME=".", TZ="UTC", TERM="xterm", NO_COLOR="1",
               LESS="FRX", LESSHISTFILE="-")
    return env


def _run(home: Path, *args: str) -> None:
    """Run a command to set things up (no terminal)."""
    subprocess.run([sys.executable, "-c", RUNNER, NOW.isoformat(), *args], cwd=home,
                   env=_environment(home), check=True, capture_output=True, timeout=TIMEOUT)


def _seed(home: Path) -> None:
    """Three weeks of sessions and entries, one with safety signs; a plan started 9 days ago."""
    home.mkdir(parents=True, exist_ok=True)
    first_check_answered(home)
    sessions, entries = [], []
    for number, days_ago in enumerate(range(20, -1, -2), start=1):
        start = datetime.combine(TODAY - timedelta(days=days_ago), datetime.min.time(),
                                 timezone.utc) + timedelta(hours=8)
        sessions.append({
            "id": number, "routine": "back-reset", "started_at": start.isoformat(),
            "ended_at": (start + timedelta(minutes=10)).isoformat(), "planned_seconds": 600.0,
            "actual_seconds": 540.0, "paused_seconds": 0.0, "steps_completed": ["warm-up"],
            "steps_skipped": [], "outcome": "completed"})
        entries.append({"at": (start + timedelta(minutes=11)).isoformat(),
                        "discomfort": 6 if days_ago >= 14 else 4, "stiffness": 5,
                        "discomfort_before": 7 if days_ago >= 14 else 5, "session_id": number,
                        "tighter_side": "left"})
    entries.append({"at": (NOW - timedelta(hours=1)).isoformat(), "discomfort": 5,
                    "stiffness": 4, "flags": ["saddle-numbness", "night-pain"],
                    "note": "after a long drive; the lower back felt tight all evening"})
    backup = home.parent / "seed.json"
    backup.write_text(json.dumps({"format": "crackcoach-export", "version": 3,
                                  "sessions": sessions, "entries": entries}), encoding="utf-8")
    _run(home, "import", str(backup))
    plan_started = (NOW - timedelta(days=9)).isoformat()
    subprocess.run([sys.executable, "-c", RUNNER, plan_started, "plan", "desk-back-8-weeks",
                    "--yes"], cwd=home, env=_environment(home), check=True, capture_output=True,
                   timeout=TIMEOUT)


def screen_of(home: Path, *args: str) -> str:
    """The terminal's first screen for ``crackcoach ARGS``: what it shows when the command ends
    or, for a page taller than the screen, when the pager waits for a key."""
    screen = pyte.Screen(COLUMNS, ROWS)
    stream = pyte.Stream(screen)
    child = pexpect.spawn(sys.executable, ["-c", RUNNER, NOW.isoformat(), *args],
                          env=_environment(home), dimensions=(ROWS, COLUMNS), cwd=str(home),
                          encoding="utf-8", timeout=TIMEOUT)
    paged = False
    while True:
        try:
            stream.feed(child.read_nonblocking(65536, timeout=TIMEOUT))
        except pexpect.EOF:
            break
        if screen.display[-1].strip() in LESS_PROMPT:
            paged = True
            break
    if paged:
        child.send("q")
        child.expect(pexpect.EOF)
    child.close()
    lines = [line.rstrip() for line in screen.display]
    if paged:
        lines[-1] = "[pager: the page goes on]"
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines) + "\n"


SCREENS: dict[str, Callable[[Path], str]] = {
    "plan": lambda home: screen_of(home, "plan"),
    "stats": lambda home: screen_of(home, "stats", "--weeks", "3"),
    "history": lambda home: screen_of(home, "history", "--limit", "40"),
    "config": lambda home: screen_of(home, "config"),
    "long-error": lambda home: screen_of(
        home, "history", "--since", "2024-05-01T20:30:00+05:30 in the evening after work"),
    "cjk-note": lambda home: _cjk_note(),
}


def _cjk_note() -> str:
    """``edit`` confirming a Japanese note, in a diary of its own."""
    home = Path(tempfile.mkdtemp()) / "home"
    home.mkdir()
    try:
        _run(home, "log", "--discomfort", "3", "--stiffness", "2", "--note", "tight")
        return screen_of(home, "edit", "e1", "--note", CJK_NOTE)
    finally:
        shutil.rmtree(home.parent)


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("tty") / "home"
    _seed(home)
    return home


@needs_less
@pytest.mark.parametrize("name", list(SCREENS))
def test_first_screen_is_as_recorded(name: str, seeded: Path) -> None:
    shown = SCREENS[name](seeded)
    recorded = SCREENS_DIR / f"tty-{name}.txt"
    assert shown == recorded.read_text(encoding="utf-8"), (
        f"{name} changed: run python tests/test_tty_screens.py and review tests/screens/")
    assert all(cells(line) <= COLUMNS for line in shown.splitlines())


@needs_less
def test_the_first_screens_show_what_matters_most(seeded: Path) -> None:
    plan = SCREENS["plan"](seeded)
    # Plan weeks are 7 days from the plan's start day.
    assert plan.startswith("Plan: Desk back, eight weeks\nWeek 1 of 8, Sun 12 May")
    stats = SCREENS["stats"](seeded)
    assert "Change against the baseline week:" in stats
    assert stats.endswith("[pager: the page goes on]\n")
    history = SCREENS["history"](seeded)
    assert history.startswith(" id  when")


@needs_less
def test_wrapped_text_breaks_between_words(seeded: Path) -> None:
    error = SCREENS["long-error"](seeded)
    assert error.startswith("crackcoach: error: --since ")
    assert "\n  " in error  # continued with a hanging indent, not cut mid-word
    cjk = SCREENS["cjk-note"](seeded)
    assert CJK_NOTE[:30] in cjk.replace("\n", "").replace(" ", "")


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as folder:
        seeded_home = Path(folder) / "home"
        _seed(seeded_home)
        for screen_name, make in SCREENS.items():
            (SCREENS_DIR / f"tty-{screen_name}.txt").write_text(make(seeded_home),
                                                                 encoding="utf-8")
    print(f"wrote {len(SCREENS)} screens in {SCREENS_DIR}")

