"""What the tests of the cache of files already read share: a file left alone, a cache
that counts how often it was used."""

from __future__ import annotations

import os
import time
from pathlib import Path

from crackcoach.routines.cache import FileCache, Stamp

LONG_AGO = time.time() - 86_400


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
