"""The step's figure beside the countdown, for a terminal with room for it.

Which key pose shows follows the phase: a flow's start pose on the first
phase of its cycle and the end pose on the next (with the breath), a reps
step the pose each movement goes to, a hold the end pose, a timed step the
two in turn; getting ready, switching and resting show the start pose. The
drawing is :func:`crackcoach.figures.text.figure_rows`, from the same pose
description as the exercise sheet's SVG.
"""

from __future__ import annotations

from crackcoach.figures.pose import KeyPose
from crackcoach.figures.text import figure_rows
from crackcoach.routines.model import Step
from crackcoach.routines.timeline import RETURN_CUE, Phase

MIN_WIDTH, MIN_HEIGHT = 100, 30  # smaller terminals keep the layout without a figure
COLUMNS, ROWS = 22, 7  # the drawing: beside the big digits and the blank rows around them
COLUMN = 48  # where it starts: right of the widest countdown ("60:00" takes 39 columns)
TURN_SECONDS = 2  # a timed step's two poses take turns this often


def key_pose(phase: Phase, step: Step, done: int) -> KeyPose:
    """The key pose to show ``done`` whole seconds into ``phase`` of ``step``."""
    if step.figure is None or not step.figure.moves or phase.kind in ("prepare", "switch",
                                                                        "rest"):
        return "start"
    if phase.kind == "flow":
        cues = [part.cue for part in step.cycle]
        index = cues.index(phase.cue) if phase.cue in cues else 0
        return "start" if index % 2 == 0 else "end"
    if step.kind == "reps" and phase.kind == "move":
        if step.hold > 0:  # into position, the hold, then back: a move goes one way
            return "start" if phase.cue == RETURN_CUE else "end"
        return "end" if done < phase.seconds / 2 else "start"
    if phase.kind == "hold":
        return "end"
    return "start" if (done // TURN_SECONDS) % 2 == 0 else "end"


def figure_beside(step: Step | None, phase: Phase, done: int, width: int, height: int
                  ) -> list[str]:
    """The rows of the figure to draw beside the countdown, or none where there is no room."""
    if step is None or step.figure is None or width < MIN_WIDTH or height < MIN_HEIGHT:
        return []
    return figure_rows(step.figure, key_pose(phase, step, done), COLUMNS, ROWS)
