"""A step's figure: a pose description, and the stick figure it draws.

A figure is one or two key poses. A pose names a base position (standing,
all-fours, lying on the back...) and may change any of its joint angles or
the props around it. Angles are directions in the picture, in degrees: 0
points right, 90 up, 180 left, 270 down; the figure faces right. ``bend``
curves the spine (more than 0 rounds the back, less than 0 arches it) and
``turn`` turns the shoulders (the rotations).

:func:`drawing` turns a pose into plain shapes in body units, standing on the
floor; the SVG (:mod:`crackcoach.figures.svg`) and the text drawing
(:mod:`crackcoach.figures.text`) both draw those shapes, so one description
gives both pictures. Plain data only: nothing here knows about YAML.
"""

from __future__ import annotations

import math

from crackcoach.base.typenames import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from typing import Literal, TypeAlias

KeyPose: TypeAlias = "Literal['start', 'end']"

# The joint angles a pose may set, and the ranges a routine file may give them.
ANGLE_KEYS = ("trunk", "head", "arm", "forearm", "arm2", "forearm2", "thigh", "shin",
              "thigh2", "shin2")
BEND_MOST = 45
TURN_MOST = 90
PROPS = ("chair", "wall", "roller", "counter")
POSE_KEYS = ("pose", *ANGLE_KEYS, "bend", "turn", "props")
FIGURE_KEYS = ("start", "end")

# Body lengths in units of about 2.5 cm: the sizes only need to look like a person.
TRUNK, NECK, HEAD = 10.0, 1.4, 1.7
UPPER_ARM, FOREARM, THIGH, SHIN = 5.5, 5.0, 7.0, 7.0
SHOULDER_HALF = 1.8  # half the width of the shoulders, seen when they turn

Angles = dict[str, float]


def _pose(props: tuple[str, ...] = (), **angles: float) -> tuple[Angles, tuple[str, ...]]:
    """A base pose: unset far limbs copy the near ones, so they hide behind them."""
    full = {"head": angles.get("trunk", 90.0), "bend": 0.0, "turn": 0.0, **angles}
    for near in ("arm", "forearm", "thigh", "shin"):
        full.setdefault(f"{near}2", full[near])
    return full, props


_CROSSED = {"arm": 295.0, "forearm": 110.0}  # arms crossed over the chest
BASE_POSES: dict[str, tuple[Angles, tuple[str, ...]]] = {
    "standing": _pose(trunk=90, arm=268, forearm=275, thigh=270, shin=270),
    "walking": _pose(trunk=90, arm=290, forearm=310, arm2=250, forearm2=265, thigh=290,
                     shin=275, thigh2=250, shin2=240),
    "all-fours": _pose(trunk=20, head=0, arm=270, forearm=270, thigh=270, shin=180),
    "sitting": _pose(trunk=90, arm=292, forearm=318, thigh=0, shin=270),
    "chair": _pose(("chair",), trunk=90, arm=292, forearm=318, thigh=0, shin=270),
    "cross-legged": _pose(trunk=90, arm=290, forearm=325, thigh=345, shin=190, thigh2=335,
                          shin2=200),
    "lying": _pose(trunk=180, arm=0, forearm=0, thigh=50, shin=290),
    "bridge": _pose(trunk=198, head=180, arm=0, forearm=0, thigh=12, shin=283),
    "roller": _pose(("roller",), trunk=172, head=168, arm=135, forearm=250, thigh=45,
                    shin=283),
    "side-lying": _pose(trunk=180, head=165, arm=300, forearm=20, thigh=330, shin=0),
    "half-kneeling": _pose(trunk=90, arm=280, forearm=200, thigh=0, shin=270, thigh2=262,
                           shin2=180),
    "knee-plank": _pose(trunk=15, head=18, arm=270, forearm=0, thigh=203, shin=180),
    "plank": _pose(trunk=10, head=12, arm=270, forearm=0, thigh=195, shin=195),
    "incline-plank": _pose(("counter",), trunk=35, head=38, arm=270, forearm=0, thigh=215,
                           shin=215),
    "wall": _pose(("wall",), trunk=94, thigh=285, shin=270, **_CROSSED),
}
POSE_NAMES = tuple(BASE_POSES)


class Pose(NamedTuple):
    """One key pose: a base position and the angles and props that differ from it."""

    base: str
    changes: tuple[tuple[str, float], ...] = ()
    props: tuple[str, ...] | None = None  # None: the base pose's props

    def angles(self) -> Angles:
        """Every angle of this pose: the base's, with the changes made."""
        angles = dict(BASE_POSES[self.base][0])
        changed = dict(self.changes)
        for near in ("arm", "forearm", "thigh", "shin"):
            if near in changed and f"{near}2" not in changed and \
                    angles[f"{near}2"] == angles[near]:
                changed[f"{near}2"] = changed[near]  # a far limb hidden behind stays hidden
        if "trunk" in changed and "head" not in changed:
            changed["head"] = angles["head"] + changed["trunk"] - angles["trunk"]
        angles.update(changed)
        return angles

    def prop_names(self) -> tuple[str, ...]:
        """The props drawn with this pose."""
        return BASE_POSES[self.base][1] if self.props is None else self.props


class Figure(NamedTuple):
    """A step's figure: one pose, or a start and an end pose for a move that changes."""

    start: Pose
    end: Pose | None = None

    @property
    def moves(self) -> bool:
        """True when the figure has two key poses."""
        return self.end is not None

    def pose(self, which: KeyPose) -> Pose:
        """The start or end pose (the one pose of a still figure either way)."""
        return self.end if which == "end" and self.end is not None else self.start

    def poses(self) -> tuple[Pose, ...]:
        """Its key poses in order."""
        return (self.start,) if self.end is None else (self.start, self.end)


# --- shapes ---------------------------------------------------------------------------------

Point = tuple[float, float]
Part: TypeAlias = "Literal['body', 'far', 'prop', 'floor']"


class Line(NamedTuple):
    """A straight stroke."""

    a: Point
    b: Point
    part: Part = "body"


class Curve(NamedTuple):
    """A quadratic curve from ``a`` to ``b`` pulled toward ``control``."""

    a: Point
    control: Point
    b: Point
    part: Part = "body"

    def points(self, count: int = 16) -> list[Point]:
        """Points along the curve, ends included."""
        out = []
        for i in range(count + 1):
            t = i / count
            x, y = ((1 - t) ** 2 * a + 2 * (1 - t) * t * c + t ** 2 * b
                    for a, c, b in zip(self.a, self.control, self.b, strict=True))
            out.append((x, y))
        return out


class Circle(NamedTuple):
    """A circle: the head, or a foam roller."""

    centre: Point
    radius: float
    part: Part = "body"


Shape = Line | Curve | Circle


class Drawing(NamedTuple):
    """The shapes of one pose, standing on the floor (y = 0), and their bounds."""

    shapes: tuple[Shape, ...]
    left: float
    right: float
    top: float


def _towards(start: Point, degrees: float, length: float) -> Point:
    angle = math.radians(degrees)
    return (start[0] + length * math.cos(angle), start[1] + length * math.sin(angle))


def _body(pose: Pose) -> list[Shape]:
    """The figure's shapes with the hips at (0, 0)."""
    a = pose.angles()
    hip: Point = (0.0, 0.0)
    shoulder = _towards(hip, a["trunk"], TRUNK)
    middle = _towards(hip, a["trunk"], TRUNK / 2)
    spine = Curve(hip, _towards(middle, a["trunk"] + 90, a["bend"] / BEND_MOST * 5), shoulder)
    front = a["trunk"] - 90
    swing = SHOULDER_HALF * math.sin(math.radians(a["turn"]))
    near_shoulder = _towards(shoulder, front, -swing)
    far_shoulder = _towards(shoulder, front, swing)
    head = Circle(_towards(shoulder, a["head"], NECK + HEAD), HEAD)
    shapes: list[Shape] = []
    if abs(swing) > 0.05:
        shapes.append(Line(near_shoulder, far_shoulder))
    sides: tuple[tuple[str, Part, Point], ...] = (("2", "far", far_shoulder),
                                                   ("", "body", near_shoulder))
    for suffix, part, top in sides:
        knee = _towards(hip, a[f"thigh{suffix}"], THIGH)
        elbow = _towards(top, a[f"arm{suffix}"], UPPER_ARM)
        foot = _towards(knee, a[f"shin{suffix}"], SHIN)
        shapes += [Line(hip, knee, part), Line(knee, foot, part), Line(top, elbow, part),
                   Line(elbow, _towards(elbow, a[f"forearm{suffix}"], FOREARM), part)]
    # The far limbs first, so the near ones are drawn over them.
    shapes.sort(key=lambda s: s.part != "far")
    return [*shapes, spine, head]


def _extent(shapes: list[Shape]) -> tuple[float, float, float, float]:
    """Left, right, bottom and top of ``shapes``."""
    xs: list[float] = []
    ys: list[float] = []
    for shape in shapes:
        if isinstance(shape, Circle):
            (x, y), r = shape.centre, shape.radius
            xs += [x - r, x + r]
            ys += [y - r, y + r]
        else:
            points = shape.points() if isinstance(shape, Curve) else [shape.a, shape.b]
            xs += [p[0] for p in points]
            ys += [p[1] for p in points]
    return min(xs), max(xs), min(ys), max(ys)


def _props(pose: Pose) -> list[Shape]:
    """The props that carry the body (roller, chair, counter); the wall comes after the floor."""
    a = pose.angles()
    hip: Point = (0.0, 0.0)
    out: list[Shape] = []
    names = pose.prop_names()
    if "roller" in names:
        on_back = _towards(_towards(hip, a["trunk"], TRUNK * 0.72), a["trunk"] + 90, 1.8)
        out.append(Circle(on_back, 1.5, "prop"))
    if "chair" in names:
        out.append(Line((-2.5, -0.9), (2.8, -0.9), "prop"))
    if "counter" in names:
        elbow = _towards(_towards(hip, a["trunk"], TRUNK), a["arm"], UPPER_ARM)
        out.append(Line((elbow[0] - 1.5, elbow[1] - 0.5), (elbow[0] + 6.0, elbow[1] - 0.5),
                        "prop"))
    return out


def _standing_props(pose: Pose, shapes: list[Shape], floor: float) -> list[Shape]:
    """Legs of the chair and counter down to the floor, and the wall behind the back."""
    out: list[Shape] = []
    names = pose.prop_names()
    for shape in shapes:
        if isinstance(shape, Line) and shape.part == "prop":
            (x0, y), (x1, _) = shape.a, shape.b
            out += [Line((x0 + 0.3, y), (x0 + 0.3, floor), "prop"),
                    Line((x1 - 0.3, y), (x1 - 0.3, floor), "prop")]
            if "chair" in names and x0 < 0 < x1:
                out.append(Line((x0 + 0.3, y), (x0 + 0.3, y + 7.0), "prop"))
    if "wall" in names:
        left, _, _, top = _extent(shapes)
        out.append(Line((left - 0.4, floor), (left - 0.4, top + 1.5), "prop"))
    return out


def drawing(pose: Pose) -> Drawing:
    """The shapes of ``pose``, moved so that its lowest point rests on the floor at y = 0."""
    body = _body(pose)
    shapes = [*_props(pose), *body]
    _, _, floor, _ = _extent(shapes)
    shapes = [*_standing_props(pose, shapes, floor), *shapes]
    moved = [_moved(shape, -floor) for shape in shapes]
    left, right, _, top = _extent(moved)
    return Drawing(tuple(moved), left, right, top)


def _moved(shape: Shape, up: float) -> Shape:
    if isinstance(shape, Circle):
        return shape._replace(centre=(shape.centre[0], shape.centre[1] + up))
    if isinstance(shape, Curve):
        return shape._replace(a=(shape.a[0], shape.a[1] + up),
                              control=(shape.control[0], shape.control[1] + up),
                              b=(shape.b[0], shape.b[1] + up))
    return shape._replace(a=(shape.a[0], shape.a[1] + up), b=(shape.b[0], shape.b[1] + up))


def bounds(figure: Figure) -> tuple[float, float, float]:
    """Left, right and top of every pose of ``figure``, so its poses share one frame."""
    drawn = [drawing(pose) for pose in figure.poses()]
    return (min(d.left for d in drawn), max(d.right for d in drawn),
            max(d.top for d in drawn))
