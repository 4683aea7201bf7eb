"""The first-run check's answers, kept in a small private file beside the diary.

The check asks once, before the first session, whether any of
:data:`crackcoach.safety.signs.CONDITIONS` applies (the wording and the advice are
safety.py's). This module owns the file: it reads and writes the answers and
reads a typed answer. The file is JSON, written whole or not at all, readable
by its owner only (0600, in a 0700 folder), for example::

    {"version": 2, "answered_at": "2024-05-01T20:30:00+02:00", "applies": ["pregnancy"],
     "asked": ["pregnancy", "osteoporosis", ...]}

``asked`` names the questions the person has answered, so that a question
added later is asked once, on its own, and the earlier answers stand. A
version 1 file (written before ``asked`` existed) holds answers to the first
six questions: it is still read, as having asked those.

A file that cannot be read as answers counts as not answered: the check is
simply asked again, which is always safe.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from crackcoach.base import guarded
from crackcoach.base.atomicfile import write_private
from crackcoach.base.typenames import NamedTuple
from crackcoach.errors import BadValue
from crackcoach.safety import signs

FORMAT_VERSION = 2
# The questions a version 1 file answered: the check as it was when that format was written.
VERSION_1_ASKED = ("pregnancy", "osteoporosis", "surgery-fracture", "spine-condition",
                   "recent-fall", "heart-lung")
_NONE_WORDS = {"none", "no", "n", "0", "-"}


class Answers(NamedTuple):
    """What the person answered, and when: the keys of the conditions that apply.

    ``asked`` are the keys of the questions answered (all of today's check
    unless the answers were given before some questions existed).
    """

    applies: tuple[str, ...]
    answered_at: datetime
    asked: tuple[str, ...] = signs.CONDITION_KEYS

    def not_asked(self) -> tuple[signs.Condition, ...]:
        """The questions of today's check that these answers never had."""
        return tuple(c for c in signs.CONDITIONS if c.key not in self.asked)

    def adding(self, more: Answers) -> Answers:
        """These answers with ``more``, answers to questions asked since, added."""
        return Answers(normalise([*self.applies, *more.applies]), more.answered_at,
                       _known([*self.asked, *more.asked]))


MAX_BYTES = 64 * 1024  # a few answers and a date


class Unreadable(NamedTuple):
    """A file is there but holds no answers crackcoach can read, and why."""

    reason: str


def read(path: Path) -> Answers | Unreadable | None:
    """The remembered answers; None when never answered, :class:`Unreadable` when damaged."""

    try:
        raw = guarded.read_bytes(path, MAX_BYTES, follow=False)
        if raw is None:
            return None
        data = guarded.load_json(raw)
    except guarded.Refused as exc:
        return Unreadable(exc.reason)
    try:
        applies = data["applies"]
        answered_at = datetime.fromisoformat(data["answered_at"])
        version = data.get("version")
        asked = VERSION_1_ASKED if version == 1 else data.get("asked")
        if version not in (1, FORMAT_VERSION) or not isinstance(applies, list) or \
                not isinstance(asked, list | tuple) or answered_at.tzinfo is None:
            raise ValueError("not in the expected form")
        return Answers(normalise(applies), answered_at, _known(asked))
    except (ValueError, KeyError, TypeError, BadValue) as exc:
        return Unreadable(f"not in the expected form ({exc})")


def write(path: Path, answers: Answers) -> None:
    """Keep ``answers`` at ``path``: a private folder, a private file, written whole."""
    data = {"version": FORMAT_VERSION, "answered_at": answers.answered_at.isoformat(),
            "applies": list(answers.applies), "asked": list(answers.asked)}
    write_private(path, json.dumps(data, indent=2) + "\n")


def normalise(keys: Sequence[object]) -> tuple[str, ...]:
    """Known condition keys, once each, in the order of the check; BadValue otherwise."""
    wanted = set()
    for key in keys:
        if not isinstance(key, str) or key.strip().lower() not in signs.CONDITION_KEYS:
            raise BadValue(f"one of {', '.join(signs.CONDITION_KEYS)}")
        wanted.add(key.strip().lower())
    return tuple(key for key in signs.CONDITION_KEYS if key in wanted)


def _known(keys: Sequence[object]) -> tuple[str, ...]:
    """The keys of today's questions among ``keys``, in the check's order (others dropped:
    a question a later crackcoach asked is simply not one this one knows)."""
    return tuple(key for key in signs.CONDITION_KEYS if key in keys)


def parse_answer(text: str, asked: Sequence[signs.Condition] = signs.CONDITIONS
                 ) -> tuple[str, ...]:
    """A typed answer: numbers of the list (or keys), spaces or commas between; Enter = none.

    ``asked`` is the numbered list the person saw (every question, or only new ones).
    """
    words = text.replace(",", " ").lower().split()
    if not words or (len(words) == 1 and words[0] in _NONE_WORDS):
        return ()
    count = len(asked)
    keys = []
    for word in words:
        if word.isascii() and word.isdigit() and 1 <= int(word) <= count:
            keys.append(asked[int(word) - 1].key)
        elif word in (c.key for c in asked):
            keys.append(word)
        else:
            raise BadValue(f"numbers from 1 to {count} separated by spaces, or Enter if none "
                           "apply")
    return normalise(keys)
