"""``crackcoach --help``: the program's description and its list of commands, without Typer.

Loading Typer costs about six times a bare Python start, and listing the
commands needs none of it. This module holds the description, the options of
the command itself and each command's summary, and lays them out as Typer's
help does (:mod:`crackcoach.cli.helpformat`): at most 78 columns and at least
50, wrapped at spaces only. :mod:`crackcoach.cli.commands` declares the same
description from here; ``tests/test_help.py`` fails when this page and the one
Typer draws differ at any width, so a summary changed in one place only is
caught.
"""

from __future__ import annotations

import os
import sys

HELP = """A stretching coach for your back, in the terminal.

Guided, timed routines as a controlled alternative to forcing your back to
crack, and a private comfort diary that shows over weeks whether they help.
crackcoach is not a medical device: it does not diagnose or treat anything.

With no command it shows today: what is planned, whether it is done, your
last entry, the trend and twelve weeks of sessions.

\b
Examples:
  crackcoach         what is planned today
  crackcoach start   run today's routine
  crackcoach plan desk-back-8-weeks
  crackcoach log --discomfort 3 --stiffness 2
"""

USAGE = "Usage: crackcoach [OPTIONS] COMMAND [ARGS]..."

OPTIONS = (
    ("-V, --version", "Show the version and exit."),
    ("--install-completion", "Install completion for the current shell."),
    ("--show-completion", "Show completion for the current shell, to copy it or customize "
                          "the installation."),
    ("-h, --help", "Show this message and exit."),
)

# Each command's summary: the first sentence of its help where it is declared
# (crackcoach.cli.commands.COMMANDS says where).
COMMANDS = (
    ("today", "Show today: what is planned, what is done, what to do next."),
    ("start", "Run a routine as a guided session with live hold timers."),
    ("plan", "Follow a plan: weeks of routines that build up as you go."),
    ("list", "List every routine you can start."),
    ("show", "Show a routine's steps, instructions and timings."),
    ("validate", "Check routine files and report every problem."),
    ("new", "Write a commented template routine, ready to edit."),
    ("sheet", "Write a routine as a printable sheet with a figure for each step."),
    ("log", "Note how your back feels, without a session."),
    ("activity", "Name the activities your back makes hard, and rate them."),
    ("history", "Show your sessions and diary entries, newest first."),
    ("edit", "Correct a diary entry: change the values you give, keep the rest."),
    ("delete", "Delete a diary entry or a session, after asking to confirm."),
    ("undo", "Undo the latest edit or delete."),
    ("done", "Record a session you did elsewhere, such as at the gym."),
    ("flags", "List the safety signs, their keys and how urgent each is."),
    ("cleared", "Record that a doctor or physiotherapist has seen you."),
    ("learn", "Read short pages on back cracking, safety, and the file formats."),
    ("check", "Show or change your answer to the first-run safety check."),
    ("stats", "Show progress by week: comfort, change, sessions, streaks."),
    ("report", "Write a one-page report for a physiotherapist or doctor."),
    ("export", "Export every session and diary entry as CSV or JSON."),
    ("import", "Add the sessions and entries from export files."),
    ("config", "Show or change your settings, such as the weekly target."),
    ("remind", "Reminders to stretch: a calendar file or a desktop notification."),
    ("sync", "Sync the diary with your other machines through a shared folder."),
)

INDENT = "  "
NAME_COLUMN_MOST = 30  # as Typer's help: longer names get a line of their own
GAP = 2


def help_width() -> int:
    """The width Typer's help is drawn at: the terminal's (COLUMNS first) less 2, 50 to 78."""
    try:
        width = int(os.environ.get("COLUMNS", ""))  # read as shutil.get_terminal_size does
    except ValueError:
        width = 0
    if width <= 0:
        try:
            width = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            width = 0
        width = width or 80
    return max(min(width, 80) - 2, 50)


def page(width: int) -> str:
    """The whole of ``crackcoach --help`` at ``width`` columns, ending with a newline."""
    parts = [USAGE, "", _description(width), "", "Options:", *_rows(OPTIONS, width), "",
             "Commands:", *_rows(COMMANDS, width)]
    return "\n".join(parts) + "\n"


def _description(width: int) -> str:
    paragraphs = []
    for paragraph in HELP.strip("\n").split("\n\n"):
        lines = paragraph.splitlines()
        if lines[0] == "\b":
            paragraphs.append("\n".join(INDENT + line for line in lines[1:]))
        else:
            paragraphs.append("\n".join(_wrap(" ".join(lines), width, INDENT, INDENT)))
    return "\n\n".join(paragraphs)


def _rows(rows: tuple[tuple[str, str], ...], width: int) -> list[str]:
    """A definition list: names in a column, each text wrapped beside its name."""
    column = min(max(len(name) for name, _ in rows), NAME_COLUMN_MOST) + GAP
    text_width = max(width - column - 2, 10)
    out = []
    for name, text in rows:
        lines = _wrap(text, text_width)
        if len(name) <= column - GAP:
            out.append(f"{INDENT}{name}{' ' * (column - len(name))}{lines[0]}")
        else:
            out.append(INDENT + name)
            out.append(" " * (column + len(INDENT)) + lines[0])
        out.extend(" " * (column + len(INDENT)) + line for line in lines[1:])
    return out


def _wrap(text: str, width: int, first: str = "", rest: str = "") -> list[str]:
    """``text`` in lines of at most ``width`` columns, broken at spaces only."""
    import textwrap

    return textwrap.wrap(text, width, initial_indent=first, subsequent_indent=rest,
                         break_on_hyphens=False)
