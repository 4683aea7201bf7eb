"""Hostile text in a routine, a note or a typed value is shown as plain, visible text everywhere.

One routine carries Rich markup, ANSI escape sequences (colour, clear screen,
an OSC window title with its BEL), other control characters and a
right-to-left override in every field a view shows: title, summary, caution,
step names, instructions, cues, step cautions and a flow step's cycle cues.
Every view must print the markup literally and the control characters as
visible escapes (``\\x1b``, ``\\u202e``), and send none of them raw.
tests/test_cli_routines.py and tests/test_session_view.py cover a few fields
in show, list and one live frame; this covers every field in every view.
"""

from __future__ import annotations

import io
import os
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console

from crackcoach.diary.records import SessionRecord
from crackcoach.routines.reader import load_routine
from crackcoach.routines.timeline import Timeline, build
from crackcoach.session.runner import Snapshot
from crackcoach.views.session import render_prestart, render_session, render_summary
from homes import CRACKCOACH, first_check_answered

# YAML double-quoted escapes: \e is ESC, \a BEL, \b backspace, \r carriage return.
HOSTILE = r"""version: 1
name: evil
title: "T [bold red]x[/] \e]0;title\a \u202eRTL"
summary: "S [link=http://x]y[/link] \e[2J \b\x7f\x9b1m"
caution: "C [blink]c[/] \rback \e[31mHOSTILE"
steps:
  - name: "Hold [bold red]x[/] \e[31mHOSTILE"
    kind: hold
    hold: 1
    prepare: 0
    instructions: "I [link=http://x]y[/link] \e]0;title\a\nsecond \u202eline \e[2J"
    cues: ["cue [reverse]r[/] \e[5mblink"]
    caution: "step caution \e[31mHOSTILE"
  - name: "Flow \u202eRTL [dim]d[/]"
    kind: flow
    seconds: 1
    prepare: 0
    instructions: "flow [bold]b[/bold]"
    cycle:
      - {cue: "in [red]r[/] \e[2J", seconds: 0.5}
      - {cue: "out \e]0;title\a", seconds: 0.5}
"""
# What the fields look like once made safe.
TITLE = "T [bold red]x[/] \\x1b]0;title\\x07 \\u202eRTL"
SUMMARY = "S [link=http://x]y[/link] \\x1b[2J \\x08\\x7f\\x9b1m"
CAUTION = "C [blink]c[/] \\x0dback \\x1b[31mHOSTILE"
CAUTION_JOINED = "C [blink]c[/] back \\x1b[31mHOSTILE"  # the opening screen rejoins words
HOLD = "Hold [bold red]x[/] \\x1b[31mHOSTILE"
INSTRUCTIONS = ("I [link=http://x]y[/link] \\x1b]0;title\\x07", "second \\u202eline \\x1b[2J")
CUE = "cue [reverse]r[/] \\x1b[5mblink"
STEP_CAUTION = "step caution \\x1b[31mHOSTILE"
FLOW = "Flow \\u202eRTL [dim]d[/]"
CYCLE = ("in [red]r[/] \\x1b[2J", "out \\x1b]0;title\\x07")
# A note, a flag, a topic and so on typed by the person.
TYPED = "N [bold red]x[/] \x1b]0;title\x07 \x1b[2J \u202eRTL \x08\x7f\x9b"
TYPED_SHOWN = "N [bold red]x[/] \\x1b]0;title\\x07 \\x1b[2J \\u202eRTL \\x08\\x7f\\x9b"

RAW = ("\x1b", "\x07", "\x08", "\x7f", "\x9b", "\u202e", "\r", "\x00")


def assert_inert(text: str) -> None:
    """No raw escape, control or bidirectional character in ``text``."""
    found = sorted({repr(ch) for ch in RAW if ch in text})
    assert found == [], f"raw {', '.join(found)} in {text!r}"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    path = tmp_path / "routines"
    path.mkdir()
    (path / "evil.yaml").write_text(HOSTILE, encoding="utf-8")
    return path


def routine_options(folder: Path) -> list[str]:
    return ["--routines-dir", str(folder)]


# --- routine commands ------------------------------------------------------------------------

def test_list_shows_the_title_as_text(cli: Any, folder: Path) -> None:
    result = cli("list", *routine_options(folder))
    assert result.exit_code == 0
    assert_inert(result.stdout)
    row = [line for line in result.stdout.splitlines() if line.startswith("evil ")]
    assert len(row) == 1 and "T [bold red]x[/]" in row[0]
    assert "\\x1b]0;title\\x07" in result.stdout and "\\u202eRTL" in result.stdout
    as_json = cli("list", "--json", *routine_options(folder))
    assert_inert(as_json.stdout)
    assert '"title": "T [bold red]x[/] \\u001b]0;title\\u0007 \\u202eRTL"' in as_json.stdout


def test_show_prints_every_field_as_text(cli: Any, folder: Path,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "300")  # the header holds the file's (long) temporary path
    result = cli("show", "evil", *routine_options(folder))
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        f"{TITLE}  (evil, {folder / 'evil.yaml'})",
        SUMMARY,
        f"Caution: {CAUTION}",
        "",
        f"1. {HOLD}  [hold] hold 1 s",
        "   step total 1 s",
        f"   {INSTRUCTIONS[0]} {INSTRUCTIONS[1]}",  # one paragraph, flowing to the width
        f"   - {CUE}",
        f"   Caution: {STEP_CAUTION}",
        "",
        f"2. {FLOW}  [flow] 1 s of repeating cycles: {CYCLE[0]} 0.5 s / {CYCLE[1]} 0.5 s",
        "   step total 1 s",
        "   flow [bold]b[/bold]",
        "",
        "Total: 2 s (2 steps)",
    ]
    assert_inert(result.stdout)


def test_a_folder_name_with_escapes_is_shown_as_text(cli: Any, folder: Path, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "300")
    hostile_folder = tmp_path / "r\x1b[2J\u202e"
    folder.rename(hostile_folder)
    shown_folder = str(tmp_path / "r\\x1b[2J\\u202e")
    show = cli("show", "evil", *routine_options(hostile_folder))
    assert show.stdout.splitlines()[0] == f"{TITLE}  (evil, {shown_folder}/evil.yaml)"
    checked = cli("validate", str(hostile_folder))
    assert checked.stdout == (f"ok: {shown_folder}/evil.yaml (evil, 2 steps, 1 min)\n"
                              "1 of 1 routine file valid.\n")
    listed = cli("list", *routine_options(hostile_folder))
    for text in (show.stdout, checked.stdout, listed.stdout):
        assert_inert(text)


def test_dry_run_prints_names_and_cues_as_text(cli: Any, folder: Path) -> None:
    result = cli("start", "evil", "--dry-run", *routine_options(folder))
    assert result.exit_code == 0
    assert result.stdout == (
        f"{TITLE} (evil)\n"
        f"[00:00] {HOLD} - hold 1 s\n"
        f"[00:01] {FLOW} - {CYCLE[0]}, 0.5 s\n"
        f"[00:01] {FLOW} - {CYCLE[1]}, 0.5 s\n"
        "Total: 00:02 (2 s, 2 steps, 3 phases)\n")


def test_plain_session_through_a_pipe_prints_text(folder: Path, tmp_path: Path) -> None:
    env = {**os.environ, "CRACKCOACH_HOME": str(tmp_path / "home"), "COLUMNS": "200"}
    env.pop("NO_COLOR", None)  # colour codes would be allowed; hostile ones never are
    result = subprocess.run([CRACKCOACH, "start", "evil", "--quiet", "--no-log",
                             *routine_options(folder)], stdin=subprocess.DEVNULL,
                            capture_output=True, text=True, env=env, timeout=30, check=False)
    assert (result.returncode, result.stderr) == (0, "")
    assert_inert(result.stdout)
    lines = result.stdout.splitlines()
    assert lines[:3] == [TITLE, "2 s · 2 steps", SUMMARY]
    for expected in (f"  ! {CAUTION_JOINED}", f"  ! {HOLD}: {STEP_CAUTION}",
                     f"[00:00] {HOLD} - hold 1 s", f"[00:01] {FLOW} - {CYCLE[1]}, 0.5 s",
                     f"Session complete: {TITLE}",
                     f"Done:      2 of 2 steps: {HOLD}, {FLOW}"):
        assert expected in lines


# --- the live view -----------------------------------------------------------------------------

def hostile_timeline(folder: Path) -> tuple[Any, Timeline]:
    routine = load_routine(folder / "evil.yaml")
    return routine, build(routine)


def snapshot(timeline: Timeline, index: int) -> Snapshot:
    phase = timeline.phases[index]
    return Snapshot(
        title=timeline.title, phase=phase, phase_index=index,
        phase_count=len(timeline.phases),
        next_phase=timeline.phases[index + 1] if index + 1 < len(timeline.phases) else None,
        step_number=phase.step_index + 1, step_count=len(timeline.steps),
        remaining=phase.seconds / 2, phase_began=phase.start,
        elapsed=phase.start + phase.seconds / 2, position=phase.start + phase.seconds / 2,
        total=timeline.total, paused=False, paused_seconds=0.0, help_visible=False,
        finished=False, outcome=None)


def draw(renderable: Any, *, colour: bool, width: int = 100, height: int = 30) -> str:
    console = Console(file=io.StringIO(), width=width, height=height, force_terminal=colour,
                      color_system="truecolor" if colour else None, legacy_windows=False)
    console.print(renderable)
    output = console.file.getvalue()  # type: ignore[attr-defined]
    assert isinstance(output, str)
    return output


def assert_no_hostile_codes(text: str) -> None:
    """Only the view's own styling codes: none of the routine's sequences, raw."""
    for raw in ("\x1b]", "\x1b[2J", "\x1b[31m", "\x1b[5m", "\x07", "\x08", "\x7f", "\x9b",
                "\u202e"):
        assert raw not in text, repr(raw)
    assert re.search("\r(?!\n)", text) is None  # a terminal's own line ends are \r\n


def without_styles(text: str) -> str:
    """``text`` without the view's own colour and style codes (checked separately)."""
    return re.sub("\x1b\\[[0-9;]*m", "", text)


@pytest.mark.parametrize("colour", [False, True], ids=["plain", "colour"])
def test_every_live_frame_shows_the_routine_text_as_text(folder: Path, colour: bool) -> None:
    routine, timeline = hostile_timeline(folder)
    frames = [draw(render_session(routine, snapshot(timeline, index), 100, 30), colour=colour)
              for index in range(len(timeline.phases))]
    for frame in frames:
        (assert_no_hostile_codes if colour else assert_inert)(frame)
    hold, first_cycle, second_cycle = [without_styles(frame) for frame in frames]
    assert all(TITLE in frame for frame in (hold, first_cycle, second_cycle))
    assert HOLD in hold and f"Cue: {CUE}" in hold
    assert INSTRUCTIONS[0] in hold and INSTRUCTIONS[1] in hold
    assert f"Next step: {FLOW}" in hold
    assert FLOW in first_cycle and CYCLE[0] in first_cycle
    assert f"Next: {CYCLE[1]}" in first_cycle
    assert CYCLE[1] in second_cycle


@pytest.mark.parametrize("size", [(100, 30), (40, 10)])
def test_small_and_large_frames_keep_the_text_inert(folder: Path,
                                                    size: tuple[int, int]) -> None:
    routine, timeline = hostile_timeline(folder)
    width, height = size
    frame = draw(render_session(routine, snapshot(timeline, 0), width, height), colour=False,
                 width=width, height=height)
    assert_inert(frame)
    assert "[bold red]x[/]" in frame


def test_opening_screen_and_summary_show_the_text(folder: Path) -> None:
    routine, timeline = hostile_timeline(folder)
    opening = draw(render_prestart(routine, timeline, width=100), colour=False)
    assert_inert(opening)
    assert opening.splitlines()[:3] == [TITLE, "2 s · 2 steps", SUMMARY]
    assert f"  ! {CAUTION_JOINED}" in opening.splitlines()
    record = SessionRecord(routine="evil", started_at=_aware(), ended_at=_aware(),
                           planned_seconds=2, actual_seconds=2, paused_seconds=0,
                           steps_completed=(routine.steps[0].name,),
                           steps_skipped=(routine.steps[1].name,), outcome="quit")
    summary = draw(render_summary(record, routine.title, 2), colour=False)
    assert_inert(summary)
    assert summary.splitlines()[:3] == [f"Session ended early: {TITLE}",
                                        f"Steps completed: 1 of 2 ({HOLD})",
                                        f"Skipped: {FLOW}"]


def _aware() -> Any:
    from datetime import datetime, timezone

    return datetime(2024, 5, 1, 8, 0, tzinfo=timezone.utc)


@pytest.mark.slow
def test_the_live_session_in_a_real_terminal_sends_no_hostile_codes(folder: Path,
                                                                    tmp_path: Path) -> None:
    pexpect = pytest.importorskip("pexpect")
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "COLUMNS", "LINES")}
    env.update(TERM="xterm-256color", CRACKCOACH_HOME=str(tmp_path / "home"))
    first_check_answered(tmp_path / "home")
    child = pexpect.spawn(CRACKCOACH, ["start", "evil", "--no-log", "--quiet",
                                       *routine_options(folder)],
                          env=env, dimensions=(30, 100), encoding="utf-8", timeout=30)
    child.logfile_read = io.StringIO()
    child.expect_exact("Press Enter to start")
    child.send("\r")
    child.expect_exact("Session complete: ")
    child.expect(pexpect.EOF)
    child.close()
    output: str = child.logfile_read.getvalue()
    assert child.exitstatus == 0
    assert "Traceback" not in output
    assert_no_hostile_codes(output)
    output = without_styles(output)
    for text in (TITLE, SUMMARY, CAUTION_JOINED, HOLD, CUE, INSTRUCTIONS[0], FLOW, *CYCLE):
        assert text in output, text


# --- the diary, errors and warnings ------------------------------------------------------------

def test_a_note_in_history_is_text(cli: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")  # the whole note on one line
    assert cli("log", "--discomfort", "3", "--stiffness", "2", "--note", TYPED).exit_code == 0
    table = cli("history")
    assert_inert(table.stdout)
    (row,) = table.stdout.splitlines()[1:]
    assert row.rstrip().endswith(f'entry           3          2  "{TYPED_SHOWN}"')
    as_json = cli("history", "--json")
    assert_inert(as_json.stdout)
    assert ('"note": "N [bold red]x[/] \\u001b]0;title\\u0007 \\u001b[2J \\u202eRTL '
            '\\b\\u007f\\u009b"') in as_json.stdout


@pytest.mark.parametrize("args", [
    ["learn", TYPED],
    ["show", TYPED],
    ["start", TYPED, "--dry-run"],
    ["log", "--discomfort", "3", "--stiffness", "2", "--flag", TYPED],
    ["log", "--discomfort", "3", "--stiffness", "2", "--at", TYPED],
    ["history", "--since", TYPED],
    ["list", "--routines-dir", "/nonexistent/" + TYPED],
    ["validate", "/nonexistent/" + TYPED],
], ids=lambda args: args[0] + " " + next(a for a in args[1:] if a.startswith(("-", "/", "N"))))
def test_typed_values_echoed_in_errors_are_text(cli: Any, args: list[str]) -> None:
    result = cli(*args)
    assert result.exit_code == 2
    assert_inert(result.stderr)
    assert len(result.stderr.splitlines()) == 1
    assert "[bold red]x[/] \\x1b]0;title\\x07 \\x1b[2" in result.stderr.replace("\\x1b[2j",
                                                                               "\\x1b[2J")


BROKEN = r"""version: 1
name: broken
title: "B [bold red]x[/] \e]0;title\a \u202eRTL"
steps:
  - name: "S \e[31mHOSTILE"
    kind: "[bold]hold\e[2J"
"""


def test_problems_in_a_hostile_file_are_reported_as_text(cli: Any, folder: Path) -> None:
    (folder / "broken.yaml").write_text(BROKEN, encoding="utf-8")
    listed = cli("list", *routine_options(folder))
    shown = cli("show", "broken", *routine_options(folder))
    started = cli("start", "broken", "--dry-run", *routine_options(folder))
    checked = cli("validate", str(folder / "broken.yaml"))
    assert (shown.exit_code, started.exit_code, checked.exit_code) == (1, 1, 1)
    for text in (listed.stdout, listed.stderr, shown.stderr, started.stderr, checked.stdout):
        assert_inert(text)
    assert listed.stderr.startswith("crackcoach: warning: ")
    assert "[bold]hold\\x1b[2J" in shown.stderr and "[bold]hold\\x1b[2J" in checked.stdout
    assert shown.stderr == started.stderr
