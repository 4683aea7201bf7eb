"""Backing up and restoring the whole diary: export to a file or stream, import from one.

Each function is one use case, in the order that keeps a failure harmless:
an export opens the diary before its output, so an unreadable diary never
replaces a good backup with an empty one; an import reads and checks the
whole file before it opens the diary, so a bad file creates or changes
nothing.
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Iterator, Mapping, Sequence
from datetime import datetime
from pathlib import Path

from crackcoach.base.atomicfile import open_output
from crackcoach.base.patterns import later
from crackcoach.base.typenames import TYPE_CHECKING, NamedTuple
from crackcoach.diary import exchange, fhir, importfile, sheets
from crackcoach.diary.exchange import BadImport, Counts, Format, Item
from crackcoach.diary.sheets import Table
from crackcoach.errors import DiaryError
from crackcoach.safety import signs
from crackcoach.store import ImportResult, open_store, staged_import

if TYPE_CHECKING:
    from typing import BinaryIO, TextIO

    from crackcoach.diary.fhir import Written


class Imported(NamedTuple):
    """What an import did, and how to name the file it read."""

    result: ImportResult
    source: str


def export_fhir(db_path: Path, target: str | os.PathLike[str] | None, stdout: TextIO, *,
                now: datetime, titles: Mapping[str, str], patient_name: str | None = None
                ) -> Written:
    """Write the diary as a FHIR R4 Bundle (see :mod:`crackcoach.diary.fhir`), as export does."""

    def sign_text(key: str) -> tuple[str, str]:
        found = next((f for f in signs.FLAGS if f.key == key), None)
        return (key, "unknown") if found is None else (found.text, found.tier)

    with open_store(db_path, read_only=True) as store:
        if not os.path.lexists(db_path) and _holds_data(target):
            raise DiaryError(f"there is no diary at {db_path}, so the export would be empty; "
                             f"{target} was left as it was (is CRACKCOACH_HOME set as usual?)")
        with open_output(target, stdout) as out, store.snapshot():
            return fhir.write(store.iter_sessions(by_id=True, timeline=False),
                              store.iter_entries(by_id=True), store.activities(), out,
                              now=now, titles=titles, sign_text=sign_text,
                              patient_name=patient_name)


def export_diary(db_path: Path, fmt: Format, target: str | os.PathLike[str] | None,
                 stdout: TextIO, *, table: Table | None = None, safe_cells: bool = True
                 ) -> Counts:
    """Write every session and diary entry, in id order, to ``target`` (``-``: ``stdout``).

    ``table`` writes one record type as a spreadsheet table instead (CSV);
    ``safe_cells`` makes text cells safe for a spreadsheet (:mod:`crackcoach.diary.sheets`).

    The diary is opened read-only and read as one snapshot, a record at a
    time. Regular files are replaced atomically (see
    :func:`crackcoach.base.atomicfile.open_output`). With no diary at ``db_path``
    an existing, non-empty file is not replaced by an empty export.
    """
    with open_store(db_path, read_only=True) as store:
        if not os.path.lexists(db_path) and _holds_data(target):
            raise DiaryError(f"there is no diary at {db_path}, so the export would be empty; "
                             f"{target} was left as it was (is CRACKCOACH_HOME set as usual?)")
        with open_output(target, stdout) as out, store.snapshot():
            if table == "sessions":
                return Counts(sheets.write_table(table, store.iter_sessions(by_id=True), out,
                                                 safe_cells=safe_cells), 0)
            if table == "entries":
                return Counts(0, sheets.write_table(table, store.iter_entries(by_id=True), out,
                                                    safe_cells=safe_cells))
            # The CSV export has no timelines: they are not even read for it.
            return exchange.write(fmt, store.iter_sessions(by_id=True, timeline=fmt == "json"),
                                  store.iter_entries(by_id=True), out, store.iter_changes(),
                                  safe_cells=safe_cells,
                                  clearances=store.clearances(with_undone=True),
                                  activities=store.activities())


def _holds_data(target: str | os.PathLike[str] | None) -> bool:
    if target is None or os.fspath(target) == "-":
        return False
    try:
        info = os.stat(target)
    except OSError:
        return False
    return stat.S_ISREG(info.st_mode) and info.st_size > 0


def import_files(db_path: Path, files: Sequence[str | os.PathLike[str]],
                 stdin: BinaryIO | None) -> Imported:
    """:func:`import_diary` for several files at once (the two tables of ``export
    --table``, say): one import, all or nothing, entries linked to sessions in any of them.
    """
    if len(files) == 1:
        return import_diary(db_path, files[0], stdin)
    with contextlib.ExitStack() as stack:
        sources = [stack.enter_context(importfile.open_source(f, stdin)) for f in files]
        lines = _Lines()
        names = " and ".join(source.name for source in sources)
        try:
            staged = stack.enter_context(staged_import(lines.chain(sources), names,
                                                       Path(db_path)))
        except BadImport as exc:
            raise lines.renamed(exc, names) from None
        store = stack.enter_context(open_store(db_path))
        return Imported(store.add_staged(staged), names)


class _Lines:
    """Numbers the lines of several files one after another, and names them back."""

    def __init__(self) -> None:
        self._starts: list[tuple[int, str]] = []  # (first global line - 1, file name)

    def chain(self, sources: Sequence[importfile.Source]) -> Iterator[Item]:
        offset = 0
        for source in sources:
            self._starts.append((offset, source.name))
            last = 0
            try:
                for item in importfile.read(source):
                    last = max(last, item.line)
                    yield item._replace(line=item.line + offset, problems=tuple(
                        _shifted(p, offset) for p in item.problems))
            except BadImport as exc:  # the file as a whole: name it
                raise BadImport(source.name, [f"{source.name}: {p}" for p in exc.problems],
                                exc.more, named=True) from None
            offset += last + 1

    def _local(self, number: int) -> str:
        offset, name = max((start for start in self._starts if start[0] < number),
                           default=(0, ""))
        return f"{name}: line {number - offset}"

    def renamed(self, exc: BadImport, names: str) -> BadImport:
        """``exc`` with each line number turned into the file and line it is."""
        if exc.named:
            return BadImport(names, exc.problems, exc.more, named=True)
        problems = [_LINE.sub(lambda m: self._local(int(m.group(1))), p)
                    for p in exc.problems]
        return BadImport(names, problems, exc.more, named=True)


_LINE = later(r"\bline (\d+)")


def _shifted(problem: str, offset: int) -> str:
    """A problem's "line N: " moved on by ``offset``."""
    return _LINE.sub(lambda found: f"line {int(found.group(1)) + offset}", problem, count=1)


def import_diary(db_path: Path, file: str | os.PathLike[str], stdin: BinaryIO | None,
                 fmt: Format | None = None) -> Imported:
    """Add the records of an export ``file`` (``-``: ``stdin``) to the diary, all or nothing.

    Records the diary already holds are skipped (as many times as it holds
    them). InputError for a file that cannot be read, BadImport naming the
    lines of every problem; either way the diary was not touched.
    """
    with importfile.open_source(file, stdin, fmt) as source, \
            staged_import(importfile.read(source), source.name, Path(db_path)) as staged, \
            open_store(db_path) as store:
        return Imported(store.add_staged(staged), source.name)
