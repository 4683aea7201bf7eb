"""A live session: the runner and its clock, key presses, signals and sound."""
