"""Backing up and restoring the whole diary: export to a file or stream, import from one.

Each function is one use case, in the order that keeps a failure harmless:
an export opens the diary before its output, so an unreadable diary never
replaces a good backup with an empty one; an import reads and checks the
whole file before it opens the diary, so a bad file creates or changes
nothing.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import BinaryIO, NamedTuple, TextIO

from crackcoach import exchange, importfile
from crackcoach.atomicfile import open_output
from crackcoach.errors import DiaryError
from crackcoach.exchange import Counts, Format
from crackcoach.store import ImportResult, open_store, staged_import


class Imported(NamedTuple):
    """What an import did, and how to name the file it read."""

    result: ImportResult
    source: str


def export_diary(db_path: Path, fmt: Format, target: str | os.PathLike[str] | None,
                 stdout: TextIO) -> Counts:
    """Write every session and diary entry, in id order, to ``target`` (``-``: ``stdout``).

    The diary is opened read-only and read as one snapshot, a record at a
    time. Regular files are replaced atomically (see
    :func:`crackcoach.atomicfile.open_output`). With no diary at ``db_path``
    an existing, non-empty file is not replaced by an empty export.
    """
    with open_store(db_path, read_only=True) as store:
        if not os.path.lexists(db_path) and _holds_data(target):
            raise DiaryError(f"there is no diary at {db_path}, so the export would be empty; "
                             f"{target} was left as it was (is CRACKCOACH_HOME set as usual?)")
        with open_output(target, stdout) as out, store.snapshot():
            return exchange.write(fmt, store.iter_sessions(by_id=True),
                                  store.iter_entries(by_id=True), out)


def _holds_data(target: str | os.PathLike[str] | None) -> bool:
    if target is None or os.fspath(target) == "-":
        return False
    try:
        info = os.stat(target)
    except OSError:
        return False
    return stat.S_ISREG(info.st_mode) and info.st_size > 0


def import_diary(db_path: Path, file: str | os.PathLike[str], stdin: BinaryIO | None,
                 fmt: Format | None = None) -> Imported:
    """Add the records of an export ``file`` (``-``: ``stdin``) to the diary, all or nothing.

    Records the diary already holds are skipped (as many times as it holds
    them). InputError for a file that cannot be read, BadImport naming the
    lines of every problem; either way the diary was not touched.
    """
    with importfile.open_source(file, stdin, fmt) as source, \
            staged_import(importfile.read(source), source.name) as staged, \
            open_store(db_path) as store:
        return Imported(store.add_staged(staged), source.name)
