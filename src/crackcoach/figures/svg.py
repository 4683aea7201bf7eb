"""A figure as inline SVG: its key poses side by side, an arrow between start and end.

Drawn from the shapes of :func:`crackcoach.figures.pose.drawing`, the same the
terminal's text drawing uses. The SVG is self-contained (no fonts, links or
scripts), for the exercise sheet.
"""

from __future__ import annotations

import html

from crackcoach.figures.pose import Circle, Curve, Figure, Line, Point, bounds, drawing

BODY, FAR, PROP, FLOOR = "#1f2937", "#9ca3af", "#b45309", "#9ca3af"
_COLOURS = {"body": BODY, "far": FAR, "prop": PROP, "floor": FLOOR}
_PAD = 1.5  # body units around each pose
_ARROW = 5.0  # body units between the start and the end pose
_FIXED = ' vector-effect="non-scaling-stroke"'  # strokes as thick whatever the figure's scale


def figure_svg(figure: Figure, *, width: int = 220, height: int = 90, label: str = "") -> str:
    """``figure`` as one ``<svg>`` element that fits in ``width`` x ``height`` pixels."""
    left, right, top = bounds(figure)
    pose_width = right - left + 2 * _PAD
    poses = figure.poses()
    units_wide = pose_width * len(poses) + _ARROW * (len(poses) - 1)
    units_high = top + 2 * _PAD
    scale = min(height / units_high, width / units_wide)
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{round(units_wide * scale)}" '
           f'height="{round(units_high * scale)}" '
           f'viewBox="0 0 {units_wide:.2f} {units_high:.2f}" role="img" '
           f'aria-label="{html.escape(label, quote=True)}">']
    for number, pose in enumerate(poses):
        offset = number * (pose_width + _ARROW) + _PAD - left

        def at(point: Point, offset: float = offset) -> str:
            return f"{point[0] + offset:.2f},{top + _PAD - point[1]:.2f}"

        floor_y = top + _PAD
        out.append(f'<line x1="{offset + left - _PAD / 2:.2f}" y1="{floor_y:.2f}" '
                   f'x2="{offset + right + _PAD / 2:.2f}" y2="{floor_y:.2f}" '
                   f'stroke="{FLOOR}" stroke-width="1"{_FIXED}/>')
        out.append('<g fill="none" stroke-linecap="round" stroke-linejoin="round">')
        for shape in drawing(pose).shapes:
            colour = _COLOURS[shape.part]
            thick = "1.5" if shape.part == "prop" else "2.2"
            if isinstance(shape, Circle):
                cx, cy = at(shape.centre).split(",")
                out.append(f'<circle cx="{cx}" cy="{cy}" r="{shape.radius:.2f}" '
                           f'stroke="{colour}" stroke-width="{thick}"{_FIXED}/>')
            elif isinstance(shape, Curve):
                out.append(f'<path d="M{at(shape.a)} Q{at(shape.control)} {at(shape.b)}" '
                           f'stroke="{colour}" stroke-width="{thick}"{_FIXED}/>')
            elif isinstance(shape, Line):
                out.append(f'<path d="M{at(shape.a)} L{at(shape.b)}" stroke="{colour}" '
                           f'stroke-width="{thick}"{_FIXED}/>')
        out.append("</g>")
        if number + 1 < len(poses):
            x0 = offset + right + _PAD + 0.8
            x1 = x0 + _ARROW - 1.6
            y = units_high / 2
            out.append(f'<path d="M{x0:.2f},{y:.2f} L{x1:.2f},{y:.2f} M{x1 - 1:.2f},'
                       f'{y - 1:.2f} L{x1:.2f},{y:.2f} L{x1 - 1:.2f},{y + 1:.2f}" '
                       f'fill="none" stroke="{FAR}" stroke-width="1.5"{_FIXED} '
                       'stroke-linecap="round"/>')
    out.append("</svg>")
    return "".join(out)
