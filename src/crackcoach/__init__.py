"""crackcoach: a command-line stretching coach with a private comfort diary."""

__version__ = "0.1.0"
