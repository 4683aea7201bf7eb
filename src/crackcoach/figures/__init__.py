"""Figures: a step's pose description, its check, and its drawings as SVG and as text."""
