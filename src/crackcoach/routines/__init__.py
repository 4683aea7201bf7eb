"""Routines: the model, reading and checking their files, steps, variants, cache, timeline."""
