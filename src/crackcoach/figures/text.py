"""A figure as a small text drawing, for the terminal: braille dots, two by four a cell.

The shapes are those :func:`crackcoach.figures.pose.drawing` gives the SVG, scaled
into the cells given; both key poses of a figure share one scale and one
place, so alternating them shows the move and not a jump.
"""

from __future__ import annotations

import itertools
import math

from crackcoach.figures.pose import Circle, Curve, Figure, KeyPose, Line, Point, bounds, drawing

_BRAILLE = 0x2800
# The bit of each dot in a braille cell, by (column, row) within the cell.
_DOT_BITS = {(0, 0): 0x01, (0, 1): 0x02, (0, 2): 0x04, (0, 3): 0x40,
             (1, 0): 0x08, (1, 1): 0x10, (1, 2): 0x20, (1, 3): 0x80}


class _Canvas:
    """A grid of braille cells, set dot by dot."""

    def __init__(self, columns: int, rows: int) -> None:
        self.columns, self.rows = columns, rows
        self.cells = [[0] * columns for _ in range(rows)]

    def dot(self, x: float, y: float) -> None:
        column, row = round(x), round(y)
        if 0 <= column < self.columns * 2 and 0 <= row < self.rows * 4:
            self.cells[row // 4][column // 2] |= _DOT_BITS[(column % 2, row % 4)]

    def line(self, a: Point, b: Point) -> None:
        count = max(1, math.ceil(max(abs(b[0] - a[0]), abs(b[1] - a[1])) * 2))
        for i in range(count + 1):
            t = i / count
            self.dot(a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t)

    def circle(self, centre: Point, radius: float) -> None:
        count = max(8, math.ceil(radius * 8))
        for i in range(count):
            angle = 2 * math.pi * i / count
            self.dot(centre[0] + radius * math.cos(angle), centre[1] + radius * math.sin(angle))

    def text(self) -> list[str]:
        return ["".join(chr(_BRAILLE + bits) if bits else " " for bits in row).rstrip()
                for row in self.cells]


def figure_rows(figure: Figure, which: KeyPose, columns: int, rows: int) -> list[str]:
    """The ``which`` pose of ``figure`` in ``rows`` lines of at most ``columns`` cells."""
    left, right, top = bounds(figure)
    width, height = columns * 2, rows * 4
    floor = height - 1  # the bottom row of dots is the floor
    scale = min((width - 1) / max(right - left, 1.0), (height - 2) / max(top, 1.0))
    shift = (width - 1 - (right - left) * scale) / 2 - left * scale
    canvas = _Canvas(columns, rows)

    def place(point: Point) -> Point:
        return (shift + point[0] * scale, floor - point[1] * scale)

    for shape in drawing(figure.pose(which)).shapes:
        if isinstance(shape, Circle):
            canvas.circle(place(shape.centre), max(1.0, shape.radius * scale))
        elif isinstance(shape, Curve):
            points = [place(p) for p in shape.points()]
            for a, b in itertools.pairwise(points):
                canvas.line(a, b)
        elif isinstance(shape, Line):
            canvas.line(place(shape.a), place(shape.b))
    canvas.line((0, floor), (width - 1, floor))
    return canvas.text()
