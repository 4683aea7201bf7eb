"""The first-run check's answers, kept in a small private file beside the diary.

The check asks once, before the first session, whether any of
:data:`crackcoach.safety.CONDITIONS` applies (the wording and the advice are
safety.py's). This module owns the file: it reads and writes the answers and
reads a typed answer. The file is JSON, written whole or not at all, readable
by its owner only (0600, in a 0700 folder), for example::

    {"version": 1, "answered_at": "2024-05-01T20:30:00+02:00", "applies": ["pregnancy"]}

A file that cannot be read as answers counts as not answered: the check is
simply asked again, which is always safe.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import NamedTuple

from crackcoach import safety
from crackcoach.atomicfile import write_private
from crackcoach.errors import BadValue

FORMAT_VERSION = 1
_NONE_WORDS = {"none", "no", "n", "0", "-"}


class Answers(NamedTuple):
    """What the person answered, and when: the keys of the conditions that apply."""

    applies: tuple[str, ...]
    answered_at: datetime


MAX_BYTES = 64 * 1024  # a few answers and a date


class Unreadable(NamedTuple):
    """A file is there but holds no answers crackcoach can read, and why."""

    reason: str


def read(path: Path) -> Answers | Unreadable | None:
    """The remembered answers; None when never answered, :class:`Unreadable` when damaged."""
    from crackcoach import guarded

    try:
        raw = guarded.read_bytes(path, MAX_BYTES, follow=False)
        if raw is None:
            return None
        data = guarded.load_json(raw)
    except guarded.Refused as exc:
        return Unreadable(exc.reason)
    except UnicodeDecodeError:
        return Unreadable("it is not UTF-8 text")
    try:
        applies = data["applies"]
        answered_at = datetime.fromisoformat(data["answered_at"])
        if data.get("version") != FORMAT_VERSION or not isinstance(applies, list) or \
                answered_at.tzinfo is None:
            raise ValueError("not in the expected form")
        return Answers(normalise(applies), answered_at)
    except (ValueError, KeyError, TypeError, BadValue) as exc:
        return Unreadable(f"not in the expected form ({exc})")


def write(path: Path, answers: Answers) -> None:
    """Keep ``answers`` at ``path``: a private folder, a private file, written whole."""
    data = {"version": FORMAT_VERSION, "answered_at": answers.answered_at.isoformat(),
            "applies": list(answers.applies)}
    write_private(path, json.dumps(data, indent=2) + "\n")


def normalise(keys: Sequence[object]) -> tuple[str, ...]:
    """Known condition keys, once each, in the order of the check; BadValue otherwise."""
    wanted = set()
    for key in keys:
        if not isinstance(key, str) or key.strip().lower() not in safety.CONDITION_KEYS:
            raise BadValue(f"one of {', '.join(safety.CONDITION_KEYS)}")
        wanted.add(key.strip().lower())
    return tuple(key for key in safety.CONDITION_KEYS if key in wanted)


def parse_answer(text: str) -> tuple[str, ...]:
    """A typed answer: numbers of the list (or keys), spaces or commas between; Enter = none."""
    words = text.replace(",", " ").lower().split()
    if not words or (len(words) == 1 and words[0] in _NONE_WORDS):
        return ()
    count = len(safety.CONDITIONS)
    keys = []
    for word in words:
        if word.isascii() and word.isdigit() and 1 <= int(word) <= count:
            keys.append(safety.CONDITIONS[int(word) - 1].key)
        elif word in safety.CONDITION_KEYS:
            keys.append(word)
        else:
            raise BadValue(f"numbers from 1 to {count} separated by spaces, or Enter if none "
                           "apply")
    return normalise(keys)
