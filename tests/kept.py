"""What the tests of the cache of files already read share: a file left alone, a cache
that counts how often it was used, and the two kinds of file it keeps."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

from crackcoach.plans.reader import load_plan
from crackcoach.routines import cache as file_cache
from crackcoach.routines.cache import FileCache, Stamp
from crackcoach.routines.reader import load_routine

LONG_AGO = time.time() - 86_400


def routine_text(title: str) -> str:
    return (f"version: 1\nname: mine\ntitle: {title}\n"
            "steps:\n  - {name: Walk, kind: timed, seconds: 60, instructions: Walk.}\n")


def plan_text(title: str, hold: int = 20) -> str:
    return (f"version: 1\nname: mine\ntitle: {title}\nweeks:\n  - routines:\n"
            f"      - {{routine: quick-reset, days: daily, hold: {hold}}}\n")


class Kind(NamedTuple):
    """One kind of file the cache keeps: its cache file, a file of it, how it is read."""

    cache_file: str
    text: Callable[[str], str]  # the text of a file of this kind with this title
    load: Callable[..., Any]  # load(path, cache=...) -> what was read, with a .title


KINDS = {"routines": Kind(file_cache.ROUTINES, routine_text, load_routine),
         "plans": Kind(file_cache.PLANS, plan_text, load_plan)}


def settled(path: Path, text: str) -> Path:
    """Write ``text`` to ``path`` and date it a day back, as a file left alone is."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    os.utime(path, (LONG_AGO, LONG_AGO))
    return path


class CountingCache(FileCache):
    """A cache that counts how often kept data was used."""

    hits = 0

    def data(self, file: Path, stamp: Stamp, digest: str) -> object | None:
        found = super().data(file, stamp, digest)
        self.hits += found is not None
        return found
