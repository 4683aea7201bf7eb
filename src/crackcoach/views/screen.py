"""A full-screen area that sends the terminal only what changed.

A live view that reprints its whole frame every second keeps a terminal (and
an SSH link, and a screen reader watching the screen) busy for nothing: in a
steady hold only a few digits, the end of a bar and the clocks change.
:class:`LineScreen` renders each frame to rows of styled cells, keeps what is
on the screen, and for each row that differs sends only the runs of cells
that changed, each placed with the cursor. A new size, or coming back after
Ctrl-Z, clears the screen and draws it all.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.console import COLOR_SYSTEMS, Console, RenderableType
from rich.segment import Segment
from rich.style import Style

ENTER_SCREEN = "\x1b[?1049h"  # the alternate screen: the shell's screen comes back after
LEAVE_SCREEN = "\x1b[?1049l"
HIDE_CURSOR = "\x1b[?25l"
SHOW_CURSOR = "\x1b[?25h"
CLEAR = "\x1b[H\x1b[J"  # from the top left corner, erase everything below
ERASE_TO_END = "\x1b[K"
# Unchanged cells between two changed runs up to this many are sent again rather than
# skipped: moving the cursor costs about as many bytes.
_JOIN = 8

Cell = tuple[str, Style | None]  # one column: its character ("" right of a wide one), style
_BLANK: Cell = (" ", None)


def move_to(row: int, column: int = 0) -> str:
    """The cursor to ``row`` and ``column`` (both counting from 0)."""
    return f"\x1b[{row + 1};{column + 1}H"


class LineScreen:
    """The alternate screen of ``console``, drawn by difference.

    Only for a console that is a terminal understanding ANSI sequences; on an
    old Windows console (no such sequences) each frame is printed whole.
    """

    def __init__(self, console: Console) -> None:
        self._console = console
        self._shown: list[tuple[Segment, ...]] = []
        self._size: tuple[int, int] | None = None
        self._active = False
        self.bytes_written = 0  # UTF-8 bytes sent to the terminal, for tests and benchmarks

    def enter(self) -> None:
        """Switch to the alternate screen and hide the cursor; the next draw is whole."""
        if not self._active:
            self._active = True
            self.invalidate()
            self._write(ENTER_SCREEN + HIDE_CURSOR)

    def leave(self) -> None:
        """Show the cursor and go back to the screen as it was before :meth:`enter`."""
        if self._active:
            self._active = False
            self._write(SHOW_CURSOR + LEAVE_SCREEN)

    def invalidate(self) -> None:
        """Draw the whole screen next time: something else may have drawn over it."""
        self._shown = []
        self._size = None

    def draw(self, frame: RenderableType, width: int, height: int) -> None:
        """Show ``frame`` on a ``width`` x ``height`` screen, sending only what changed."""
        if not self._active:
            return
        if self._console.legacy_windows:
            self._console.clear()
            self._console.print(frame, crop=True)
            return
        rows = self._render(frame, width, height)
        out = []
        if self._size != (width, height):
            self._size = (width, height)
            self._shown = []
            out.append(CLEAR)
        for number in range(max(len(rows), len(self._shown))):
            old = self._shown[number] if number < len(self._shown) else ()
            new = rows[number] if number < len(rows) else ()
            if old != new:  # only a changed row is taken apart into cells
                out.append(self._changes(number, _cells(old), _cells(new)))
        self._shown = rows
        if out:
            self._write("".join(out))

    def _render(self, frame: RenderableType, width: int, height: int
                ) -> list[tuple[Segment, ...]]:
        """``frame`` as at most ``height`` rows of styled segments, cut at ``width``."""
        console = self._console
        lines = console.render_lines(frame, console.options.update(width=width), pad=False)
        if console.no_color:
            lines = [list(Segment.remove_color(line)) for line in lines]
        return [tuple(line) for line in lines[:height]]

    def _changes(self, row: int, old: list[Cell], new: list[Cell]) -> str:
        """What turns ``old`` into ``new`` on the screen, in runs of changed cells."""
        length = max(len(old), len(new))
        differ = [column for column in range(length)
                  if (old[column] if column < len(old) else _BLANK)
                  != (new[column] if column < len(new) else _BLANK)]
        runs: list[list[int]] = []
        for column in differ:
            if runs and column - runs[-1][1] <= _JOIN:
                runs[-1][1] = column + 1
            else:
                runs.append([column, column + 1])
        out = []
        for start, end in runs:
            while start > 0 and start < len(new) and new[start][0] == "":
                start -= 1  # the right half of a wide character: start with the character
            while end < len(new) and new[end][0] == "":
                end += 1
            if end >= len(new) and len(old) > len(new):
                # The row got shorter: write to its end, then erase the rest in one go.
                out.append(move_to(row, start) + self._styled(new[start:]) + ERASE_TO_END)
            else:
                out.append(move_to(row, start) + self._styled(
                    [new[c] if c < len(new) else _BLANK for c in range(start, end)]))
        return "".join(out)

    def _styled(self, cells: list[Cell]) -> str:
        """``cells`` as text with the console's style codes, one code per run of a style."""
        system = COLOR_SYSTEMS.get(self._console.color_system or "")
        out: list[str] = []
        index = 0
        while index < len(cells):
            style = cells[index][1]
            end = index
            while end < len(cells) and cells[end][1] == style:
                end += 1
            text = "".join(char for char, _ in cells[index:end])
            out.append(style.render(text, color_system=system) if style else text)
            index = end
        return "".join(out)

    def _write(self, text: str) -> None:
        self.bytes_written += len(text.encode("utf-8", "replace"))
        self._console.file.write(text)
        self._console.file.flush()


def _cells(line: tuple[Segment, ...]) -> list[Cell]:
    """One row of segments as cells: a wide character takes two, a combining one none."""
    cells: list[Cell] = []
    for text, style, control in line:
        if control:
            continue
        style = style or None
        for char in text:
            size = cell_len(char)
            if size == 0 and cells:
                cells[-1] = (cells[-1][0] + char, cells[-1][1])
                continue
            cells.append((char, style))
            if size == 2:
                cells.append(("", style))
    return cells
