"""Plain text tables for the quick listing commands, without loading Rich.

``crackcoach list`` is typed often, and loading Rich would be a third of its
start-up; a table of short texts needs no more than this. Columns keep their
natural width while the table fits; otherwise the wrapping columns share
what is left and wrap at word boundaries. Lines never end in spaces. Cells
are made safe with :func:`crackcoach.base.textsafe.printable` before they are
measured, so no routine file can put an escape sequence on the terminal.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

from crackcoach.base.terminal import terminal_width
from crackcoach.base.textsafe import printable
from crackcoach.base.typenames import TYPE_CHECKING, NamedTuple
from crackcoach.base.wrap import cells as width_of
from crackcoach.base.wrap import cut

if TYPE_CHECKING:
    from typing import TextIO

GAP = "  "
MIN_WRAP_WIDTH = 8
_BOLD, _RESET = "\x1b[1m", "\x1b[0m"


class Column(NamedTuple):
    """A column: its heading, whether it may wrap, is right-aligned, or may be left out."""

    heading: str
    wrap: bool = False
    right: bool = False
    optional: bool = False  # left out when the table cannot fit the width otherwise


def drawing_width() -> int:
    """The width to draw for: COLUMNS, else the terminal's, else 80."""
    return terminal_width(sys.__stdout__) or 80


def colour_allowed(stream: TextIO) -> bool:
    """True when ``stream`` is a terminal that takes colour, as Rich decides for the other
    screens: NO_COLOR and TERM=dumb say no, FORCE_COLOR says yes (in a pipe too)."""
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


def _widths(columns: Sequence[Column], natural: list[int], least: list[int], width: int
            ) -> list[int]:
    """Column widths: natural ones if they fit, else the wrapping ones share what is left.

    A wrapping column is no narrower than its longest word (``least``), so
    words are not cut, unless the table could not fit the width that way (a
    long path): then words are cut rather than the lines made too long. 0 marks
    an optional column left out to make room.
    """
    widths = list(natural)
    shown = list(range(len(columns)))

    def needed(keep: list[int]) -> int:
        return sum(least[i] if columns[i].wrap else natural[i] for i in keep) + \
            len(GAP) * (len(keep) - 1)

    for index in reversed(range(len(columns))):
        if needed(shown) <= width:
            break
        if columns[index].optional:
            shown.remove(index)
            widths[index] = 0
    if sum(widths[i] for i in shown) + len(GAP) * (len(shown) - 1) <= width:
        return widths
    room = width - len(GAP) * (len(shown) - 1) - sum(
        natural[i] for i in shown if not columns[i].wrap)
    wrapping = sorted((i for i in shown if columns[i].wrap), key=lambda i: natural[i])
    whole_words = needed(shown) <= width
    floor = [least[i] if whole_words else min(least[i], MIN_WRAP_WIDTH) for i in range(len(least))]
    # Narrow columns first: each takes at most an equal share, leaves the later ones at least
    # their floor, and hands back what it does not need.
    for position, index in enumerate(wrapping):
        share = room // (len(wrapping) - position)
        spare = room - sum(floor[i] for i in wrapping[position + 1:])
        widths[index] = max(floor[index], min(natural[index], share, spare))
        room -= widths[index]
    return widths


def render(columns: Sequence[Column], rows: Sequence[Sequence[str]], *, width: int,
           colour: bool = False) -> str:
    """The table as text: a heading line, then each row (wrapped onto more lines if needed).

    With ``colour`` the heading and each row's first cell are bold.
    """
    cells = [[printable(cell, single_line=True) for cell in row] for row in rows]
    natural = [max([width_of(col.heading)] + [width_of(row[i]) for row in cells])
               for i, col in enumerate(columns)]
    least = [min(natural[i], max([width_of(col.heading)] + [width_of(word) for row in cells
                                                            for word in row[i].split()]))
             for i, col in enumerate(columns)]
    widths = _widths(columns, natural, least, width)
    keep = [i for i, w in enumerate(widths) if w]
    columns = [columns[i] for i in keep]
    cells = [[row[i] for i in keep] for row in cells]
    widths = [widths[i] for i in keep]
    heading = GAP.join(_pad(c.heading, w, c.right) for c, w in zip(columns, widths,
                                                                   strict=True)).rstrip()
    out = [f"{_BOLD}{heading}{_RESET}" if colour else heading]
    for row in cells:
        wrapped = [cut(cell, w) if col.wrap else [cell]
                   for cell, col, w in zip(row, columns, widths, strict=True)]
        for number in range(max(len(lines) for lines in wrapped)):
            parts = [_pad(lines[number] if number < len(lines) else "", w, col.right)
                     for lines, col, w in zip(wrapped, columns, widths, strict=True)]
            if colour and number == 0 and parts[0].strip():
                first = parts[0].rstrip()
                parts[0] = f"{_BOLD}{first}{_RESET}{' ' * (len(parts[0]) - len(first))}"
            out.append(GAP.join(parts).rstrip())
    return "".join(line + "\n" for line in out)


def _pad(text: str, width: int, right: bool) -> str:
    """``text`` padded with spaces to ``width`` terminal cells."""
    room = " " * max(0, width - width_of(text))
    return room + text if right else text + room
