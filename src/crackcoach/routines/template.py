"""The commented starting point written by ``crackcoach new``."""

from __future__ import annotations

import os
from pathlib import Path

from crackcoach.base.paths import make_private_folder
from crackcoach.errors import CrackcoachError

TEMPLATE = """\
# A crackcoach routine (format version 1). Every key and its limits:
# crackcoach learn routine-format
# Check it after editing with: crackcoach validate <this file>
version: 1
name: {name}            # must match the file name: {name}.yaml
title: My routine
summary: What this routine is for, in one or two sentences.
tags: [back]
# caution: shown before the session starts (optional)
# equipment: [an exercise mat]   # what to have at hand (optional)

steps:
  # timed: one block of time, e.g. an easy walk to warm up.
  - name: Warm-up walk
    kind: timed
    seconds: 120
    why: Warm muscles stretch more comfortably.   # one line (optional)
    instructions: |
      Walk around at an easy pace and let your arms swing.
    cues: [easy pace, breathe normally]
    figure: walking      # the pose drawn for it (optional; see "Figures")

  # flow: a repeating cycle of phases for the whole duration.
  - name: Cat-cow
    kind: flow
    seconds: 60
    cycle:
      - {{cue: breathe out - round up, seconds: 6}}
      - {{cue: breathe in - lift the chest, seconds: 4}}
    instructions: |
      On hands and knees, move slowly between a rounded and a gently arched back.
    figure:              # a move that changes: a start and an end pose
      start: {{pose: all-fours, bend: 30}}
      end: {{pose: all-fours, bend: -25}}
    # An easier version, played with 'crackcoach start NAME --easier' (a harder one
    # goes under 'harder:'). Its own name and words; the step's timing unless given.
    easier:
      name: Cat-cow on a chair
      instructions: |
        Sitting near the front of a chair, round your back as you breathe out and sit
        tall as you breathe in.

  # hold: a held stretch; each side gets its full hold.
  - name: Seated rotation
    kind: hold
    hold: 20             # seconds per hold (1-600)
    reps: 2              # rounds (1-50)
    sides: [left, right]
    switch: 5            # seconds to change side
    rest: 10             # seconds between rounds
    prepare: 5           # get-ready countdown before the step (default 5)
    instructions: |
      Sit tall. The side named is the way you turn: rest that side's hand behind your
      head and turn your upper body toward that elbow as you breathe out. Stop at mild
      tension.

  # reps: counted movements, optionally with a hold where the movement turns.
  - name: Pelvic tilts
    kind: reps
    reps: 5
    tempo: 4             # seconds per movement, there and back
    hold: 5              # seconds held halfway, e.g. the back pressed down (optional)
    instructions: |
      Lying on your back with knees bent, flatten your lower back into the floor.
"""


def render_template(name: str) -> str:
    """The template text for a routine called ``name``."""
    return TEMPLATE.format(name=name)


def write_new_routine(folder: Path, name: str) -> Path:
    """Create ``folder/name.yaml`` from the template; never overwrite anything."""
    for suffix in (".yaml", ".yml"):
        existing = folder / f"{name}{suffix}"
        try:
            taken = os.path.lexists(existing)
        except OSError as exc:
            raise CrackcoachError(f"cannot look into the routines folder {folder}: "
                                  f"{exc.strerror}") from None
        if taken:
            raise CrackcoachError(f"{existing} already exists; edit it, or choose another name")
    path = folder / f"{name}.yaml"
    try:
        make_private_folder(folder)  # 0700 for what it creates, whatever the umask
    except OSError as exc:
        # e.g. a file where the folder should be: not "routine already exists".
        raise CrackcoachError(f"cannot create the routines folder {folder}: "
                              f"{exc.strerror}") from None
    try:
        # O_EXCL refuses an existing file, and with it a link planted at this name.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise CrackcoachError(f"{path} already exists; edit it, or choose another name") from None
    except OSError as exc:
        raise CrackcoachError(f"cannot write {path}: {exc.strerror}") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(render_template(name))
    except OSError as exc:
        path.unlink(missing_ok=True)  # never leave a half-written routine behind
        raise CrackcoachError(f"cannot write {path}: {exc.strerror}") from None
    return path
