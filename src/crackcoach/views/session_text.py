"""The words of a guided session, and fitting them to a width.

Shared by the live view, the plain printer and the opening and finish
screens, so each key and safety line reads the same everywhere.
"""

from __future__ import annotations

import re

from rich.cells import cell_len

from crackcoach.base.textsafe import printable
from crackcoach.base.wrap import cut
from crackcoach.safety import signs

KEYS_LINE = "space pause · n next step · b back · q quit · ? help"
KEYS_SHORT = "space pause · n next · b back · q quit"  # for terminals under 52 columns
# With the "this hurts" key, longest first: the first that fits the width is shown.
_KEYS_WITH_STOP = (
    "space pause · n next step · b back · x this hurts · q quit · ? help",
    "space pause · n next · b back · x hurts · q quit · ? help",
    "space pause · n next · b back · x hurts · q quit",
    "space pause · x hurts · q quit · ? keys",
)
KEYS_HELP = (
    ("space", "pause; press again to resume (a paused clock does not move)"),
    ("n", "skip to the next step"),
    ("b", "back to the start of this step; twice quickly: the previous step"),
    ("q", "end the session now (Ctrl-C: the same, without the questions)"),
    ("?", "show or hide these keys"),
)
STOP_KEY_HELP = ("x", "this hurts: end the session now, saved as stopped")

# The stop rule, shown during every step; longest first, the first that fits is shown.
STOP_RULES = signs.STOP_RULES
STOP_HINTS = ("x = this hurts", "x = hurts")

# The opening screen's safety points, and the same in fewer lines for a screen that would not
# fit the terminal; their words are safety.py's, their layout is this module's.
SAFETY = signs.opening_reminders()
SAFETY_SHORT = signs.opening_reminders_short()
SAFETY_COMPACT = signs.opening_reminders_compact()
DISCLAIMER = "crackcoach guides a routine; it does not diagnose or treat anything."
START_PROMPT = "Press Enter to start, or q to leave."

# A line that starts a list item keeps its own line when a paragraph is joined up.
_ITEM = re.compile(r"(?:[-*•]|\d+[.)])\s")


def keys_line(width: int | None = None, *, stop_key: bool = False) -> str:
    """The keys, in the longest wording that fits ``width`` (the shortest if none does).

    Without a width: the longest wording, for a line that may wrap.
    """
    choices = _KEYS_WITH_STOP if stop_key else (KEYS_LINE, KEYS_SHORT)
    if width is None:
        return choices[0]
    return next((line for line in choices if cell_len(line) <= width), choices[-1])


def key_help(*, stop_key: bool = False) -> tuple[tuple[str, str], ...]:
    """Every key with what it does, for the help shown with ``?``."""
    if not stop_key:
        return KEYS_HELP
    return (*KEYS_HELP[:3], STOP_KEY_HELP, *KEYS_HELP[3:])


def stop_rule(width: int, *, stop_key: bool = False) -> tuple[str, str]:
    """The stop rule and its key hint ("" without the key), together at most ``width`` wide.

    The rule is shortened before the hint is: the hint says what to do about it.
    """
    for hint in STOP_HINTS if stop_key else ("",):
        room = width - (cell_len(hint) + 2 if hint else 0)
        for rule in STOP_RULES:
            if cell_len(rule) <= room:
                return rule, hint
    return STOP_RULES[-1], STOP_HINTS[-1] if stop_key else ""


def paragraphs(text: str) -> list[str]:
    """Routine text made safe, as paragraphs: lines joined up, blank lines between.

    Routine files wrap their text by hand at any width; joining the lines lets
    a view wrap it again to the width it has. A line that starts a list item
    ("- ", "1. ") starts a new paragraph.
    """
    found: list[str] = []
    current: list[str] = []
    # Line breaks of any kind (a lone carriage return too) join up as spaces; every other
    # control character is shown as a visible escape.
    for line in text.splitlines():
        words = printable(line).split()
        if current and (not words or _ITEM.match(line.strip())):
            found.append(" ".join(current))
            current = []
        current += words
    if current:
        found.append(" ".join(current))
    return found


def one_line(text: str) -> str:
    """Routine text made safe, its paragraphs joined into one line."""
    return " ".join(paragraphs(text))


def cut_lines(text: str, width: int) -> list[str]:
    """``text`` broken at spaces into lines of at most ``width`` cells; long words are cut."""
    return cut(text, width, cell_len)
