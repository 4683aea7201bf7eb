"""Whole screens as a person reads them at 60, 80 and 100 columns.

Each screen is compared with its file in tests/screens/ (NAME-WIDTH.txt). When
a layout changes on purpose, ``python tests/test_screens.py`` rewrites the
files, and their diff is what to review. Whatever the width, every screen must
also keep within it, and no line may end in a space.
"""

from __future__ import annotations

import contextlib
import io
import os
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from rich.cells import cell_len

from crackcoach.app import diary
from crackcoach.app.env import Env, Places
from crackcoach.base import paths
from crackcoach.cli import main
from crackcoach.diary import checkin
from crackcoach.diary.records import DiaryEntry, SessionRecord
from crackcoach.progress import feedback
from crackcoach.safety.learn import REFERENCES, Reference
from crackcoach.store import open_store

SCREENS_DIR = Path(__file__).resolve().parent / "screens"
WIDTHS = (60, 80, 100)
UTC = timezone.utc
TODAY = date(2024, 5, 14)
NOW = datetime(2024, 5, 14, 20, 30, tzinfo=UTC)

ROUTINE = """\
version: 1
name: evening-back
title: Evening back
summary: A gentle routine before bed, for a back that has sat at a desk all day long.
tags: [back, evening]
caution: Move slowly, and stop at anything sharp. A pop that comes by itself is fine; never
  push for one.
steps:
  - name: Warm-up walk
    kind: timed
    seconds: 120
    instructions: |
      Walk at an easy pace, indoors or out, and let your arms swing loosely.
      Warm muscles stretch more comfortably than cold ones.
    cues: [easy pace, breathe normally]
  - name: Seated thoracic rotation
    kind: hold
    hold: 20
    reps: 2
    sides: [left, right]
    rest: 10
    instructions: |
      Sit tall, one hand behind your head, and turn your upper body toward that elbow
      as you breathe out. Stop at mild tension and keep breathing while you hold.
    caution: Turn from the chest, not the neck, and never force the last few degrees.
  - name: Cat-cow
    kind: flow
    seconds: 60
    cycle:
      - {cue: exhale - round up, seconds: 6}
      - {cue: inhale - let the belly sink, seconds: 4}
    instructions: On hands and knees, move slowly between a rounded and an arched back.
"""


def _seed(home: Path) -> None:
    """Three weeks of sessions and entries, the last one with safety signs."""
    sessions, entries = [], []
    for days_ago in range(20, -1, -2):
        day = datetime.combine(TODAY - timedelta(days=days_ago), datetime.min.time(), UTC)
        start = day + timedelta(hours=8)
        sessions.append(SessionRecord(
            "back-reset", start, start + timedelta(minutes=10), 600.0, 540.0, 0.0,
            ("Warm-up walk", "Cat-cow"), ("Upper-back foam rolling",) if days_ago < 6 else (),
            "completed", id=len(sessions) + 1))
        level = 6 if days_ago >= 14 else 4
        entries.append(DiaryEntry(
            start + timedelta(minutes=11), discomfort=level, stiffness=5,
            discomfort_before=level + 1, mobility="better", tighter_side="left", cracks=1,
            session_id=len(sessions)))
    entries.append(DiaryEntry(
        NOW - timedelta(hours=1), discomfort=5, stiffness=4, tighter_side="right", cracks=4,
        flags=("saddle-numbness", "night-pain"),
        note="after a long drive; the lower back felt tight all evening and the hips too"))
    with open_store(home / "crackcoach.db") as store:
        store.import_records(sessions, entries)


@contextlib.contextmanager
def _terminal(width: int, home: Path) -> Iterator[None]:
    """A colourless terminal ``width`` columns wide, in UTC, working in ``home``.

    CRACKCOACH_HOME is "." there, so the paths on screen ("routines/...") are
    the same in every run.
    """
    wanted = {"COLUMNS": str(width), "LINES": "24", "CRACKCOACH_HOME": ".",
              "NO_COLOR": "1", "TERM": "dumb", "TZ": "UTC"}
    saved = {name: os.environ.get(name) for name in wanted}
    folder = Path.cwd()
    os.environ.update(wanted)
    time.tzset()
    os.chdir(home)
    try:
        yield
    finally:
        os.chdir(folder)
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        time.tzset()


def _command(*args: str) -> Callable[[Path], str]:
    """A screen that is what ``crackcoach ARGS`` prints."""
    def run(home: Path) -> str:
        out = io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
            try:
                main(list(args))
            except SystemExit as exc:
                assert not exc.code, f"crackcoach {' '.join(args)} exited with {exc.code}"
        return out.getvalue()

    return run


class _Typing(io.StringIO):
    """Standard input at a terminal: each answer is echoed where it is typed."""

    def __init__(self, answers: list[str], screen: io.StringIO) -> None:
        super().__init__("".join(f"{answer}\n" for answer in answers))
        self.screen = screen

    def readline(self, size: int | None = -1) -> str:  # type: ignore[override]
        line = super().readline()
        self.screen.write(line)
        return line


def _asking(home: Path, answers: list[str]) -> tuple[Env, io.StringIO]:
    screen = io.StringIO()
    width = int(os.environ["COLUMNS"])
    return Env(places=Places.under(home),
               stdin=_Typing(answers, screen), stdout=screen, stderr=io.StringIO(),
               can_ask=True, interactive=True, clock=lambda: NOW,
               width=lambda: width), screen


def _log_questions(home: Path) -> str:
    """``crackcoach log`` asking every question, a wrong answer, and the confirmation."""
    env, screen = _asking(home, ["4", "11", "3", "", "left", "2", "1 10", "after a long drive"])
    assert diary.log(env, diary.LogValues()) == 0
    return screen.getvalue()


def _log_confirmation(home: Path) -> str:
    """``crackcoach log`` with options, at a terminal: the confirmation and the advice."""
    env, screen = _asking(home, [])
    assert diary.log(env, diary.LogValues(
        discomfort=7, stiffness=2, mobility="much-better", tighter_side="left", cracks=2,
        flags=("saddle-numbness",), at="2024-05-14T20:00")) == 0
    return screen.getvalue()


def _session_questions(home: Path) -> str:
    """The questions around a session, as ``crackcoach start`` asks them."""
    env, screen = _asking(home, ["6", "4", "3", "4", "", "", "", ""])
    before = checkin.ask_before(env.ask, env.say)
    entry = checkin.ask_after(env.ask, env.say, at=NOW, before=before)
    for line in feedback.after_session_message(entry):
        env.say(line)
    return screen.getvalue()


AS_OF = ("--as-of", TODAY.isoformat())
SCREENS: dict[str, Callable[[Path], str]] = {
    "learn": _command("learn"),
    "learn-safe-stretching": _command("learn", "safe-stretching"),
    "learn-when-to-seek-help": _command("learn", "when-to-seek-help"),
    "flags": _command("flags"),
    "history": _command("history", "--limit", "5"),
    "stats": _command("stats", "--weeks", "3", *AS_OF),
    "show": _command("show", "evening-back"),
    "list": _command("list"),
    "log-confirmation": _log_confirmation,
    "log-questions": _log_questions,
    "log-confirmation-piped": _command(
        "log", "--discomfort", "7", "--stiffness", "2", "--mobility", "much-better",
        "--tighter-side", "left", "--cracks", "2", "--flag", "saddle-numbness", "--at",
        "2024-05-14T20:00"),
    "session-questions": _session_questions,
}


def render(name: str, width: int) -> str:
    """Screen ``name`` at ``width`` columns, drawn in a fresh home with the test diary."""
    with tempfile.TemporaryDirectory() as folder, _terminal(width, Path(folder)):
        home = Path(folder)
        (home / "routines").mkdir()
        (home / "routines" / "evening-back.yaml").write_text(ROUTINE, encoding="utf-8")
        _seed(home)
        return SCREENS[name](home)


def screen_file(name: str, width: int) -> Path:
    return SCREENS_DIR / f"{name}-{width}.txt"


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", sorted(SCREENS))
def test_screen_is_as_recorded(name: str, width: int) -> None:
    shown = render(name, width)
    assert shown == screen_file(name, width).read_text(encoding="utf-8"), (
        f"{name} at {width} columns changed: run python tests/test_screens.py and review "
        "the diff of tests/screens/")


# What is written to a pipe is not wrapped; a question shown at a terminal ends in the
# space before the answer, which stays when the answer is empty.
PIPED = {"log-confirmation-piped"}
QUESTIONS = {"log-questions", "session-questions"}


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", sorted(SCREENS.keys() - PIPED))
def test_screen_fits_its_width(name: str, width: int) -> None:
    for line in render(name, width).splitlines():
        assert cell_len(line) <= width, f"{name}: wider than {width}: {line!r}"


@pytest.mark.parametrize("name", sorted(SCREENS.keys() - QUESTIONS))
def test_no_line_ends_in_a_space(name: str) -> None:
    for line in render(name, 60).splitlines():
        assert line == line.rstrip(), f"{name}: ends in a space: {line!r}"


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("page", REFERENCES, ids=lambda page: page.key)
def test_reference_pages_are_the_documentation_drawn_to_fit(page: Reference, width: int
                                                             ) -> None:
    source = (paths.docs_dir() / page.filename).read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory() as folder, _terminal(width, Path(folder)):
        shown = _command("learn", page.key)(Path(folder)).splitlines()
    headings = [line.lstrip("#").strip() for line in source.splitlines() if line.startswith("#")]
    assert headings and all(heading in shown for heading in headings)  # flush left, whole
    for line in shown:
        assert cell_len(line) <= width, f"wider than {width}: {line!r}"
        assert line == line.rstrip(), f"ends in a space: {line!r}"


@pytest.mark.parametrize("width", WIDTHS)
def test_the_routine_example_stays_valid_yaml_where_its_comments_wrap(width: int) -> None:
    source = (paths.docs_dir() / "routines.md").read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory() as folder, _terminal(width, Path(folder)):
        shown = _command("learn", "routine-format")(Path(folder)).splitlines()
    example = shown[shown.index("A full example") + 1:shown.index("Keys")]
    written = source.splitlines()
    for line in example:
        text = line.strip()
        if text and not text.startswith("#"):  # a comment moved or continued is still one
            # Code (or its text, continued) at the indentation it has in the example; the
            # drawing adds one column of padding.
            code, indent = text.split(" # ")[0].strip(), len(line) - len(line.lstrip()) - 1
            assert any(code in w and len(w) - len(w.lstrip()) == indent for w in written), (
                f"not in the example: {line!r}")


def test_log_confirmation_wraps_between_words_under_itself() -> None:
    # The example broke at the edge: "tighter side left" / ", cracks 2.".
    # (The urgent box of its sign comes first: the confirmation follows it.)
    shown = render("log-confirmation", 80).splitlines()
    first = next(i for i, line in enumerate(shown) if line.startswith("Saved diary entry"))
    assert shown[first:first + 2] == [
        "Saved diary entry e13 (2024-05-14 20:00): discomfort 7, stiffness 2, mobility",
        "  much-better, tighter side left, cracks 2, flags saddle-numbness.",
    ]


def test_piped_log_keeps_its_confirmation_on_one_line() -> None:
    # Nobody reads a pipe as it comes: a script gets one line per message.
    shown = render("log-confirmation-piped", 60).splitlines()
    [saved] = [line for line in shown if line.startswith("Saved diary entry e13")]
    assert saved.startswith("Saved diary entry e13 (2024-05-14 20:00): discomfort 7, ")
    assert saved.endswith("cracks 2, flags saddle-numbness.")


if __name__ == "__main__":
    SCREENS_DIR.mkdir(exist_ok=True)
    for screen in sorted(SCREENS):
        for columns in WIDTHS:
            screen_file(screen, columns).write_text(render(screen, columns), encoding="utf-8")
    print(f"wrote {len(SCREENS) * len(WIDTHS)} screens in {SCREENS_DIR}", file=sys.stderr)
