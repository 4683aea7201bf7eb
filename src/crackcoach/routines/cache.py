"""What routine and plan files held, kept so that listing them does not parse YAML each time.

``crackcoach list``, ``crackcoach plan`` and today's screen read every routine
or plan they show, and loading PyYAML and parsing the files is most of what
they spend. This module owns the cache files in the cache folder, one a kind
(``routines.json``, ``plans.json``), and the one rule for using them
(:func:`read_checked`): for each file read before, the plain data its YAML
held, under the file's stamp (device, inode, size, and the modification and
change times in nanoseconds) and the digest of its bytes. The file's bytes are
read every time (a small read) and kept data is used only when both match: a
file whose stamp differs in any way is parsed again, and so is an edited cache
entry that copied the stamp. The kept data is checked on every use exactly as
data read from the file is, so a routine or plan built from the cache is the
one the file gives.

Two rules keep a stale copy out. A file is kept only if its stamp is the same
after reading as before (nothing changed it meanwhile), and only once it has
been left alone for :data:`SETTLED_SECONDS`: where timestamps are coarse, an
edit within the same tick as the reading would not change the stamp.

The cache is never needed: a missing, damaged, foreign or unreadable cache
file (or one that is not a regular file) means the files themselves are read,
and a cache that cannot be written is left as it is, silently.
"""

from __future__ import annotations

import os
import stat
import time
from collections.abc import Callable
from pathlib import Path

from crackcoach.base import guarded, yamlsafe
from crackcoach.base.atomicfile import write_private
from crackcoach.base.checker import located
from crackcoach.base.typenames import TYPE_CHECKING
from crackcoach.errors import CrackcoachError, RoutineError

if TYPE_CHECKING:
    from typing import Any, TypeVar

    T = TypeVar("T")

ROUTINES = "routines.json"  # the cache file of each kind, in the cache folder
PLANS = "plans.json"
FORMAT = 2  # 2: each entry carries the digest of the bytes it was read from
SETTLED_SECONDS = 2.0
MAX_FILES = 500  # files kept a kind; enough for any folder a person keeps
MAX_BYTES = 16 * 1024 * 1024  # a larger cache file is not read (routine files are < 1 MiB)

Stamp = list[int]


def stamp_of(path: Path) -> Stamp | None:
    """The stamp of the file at ``path`` (links followed), or None if it cannot be read."""
    try:
        found = os.stat(path)
    except (OSError, ValueError):
        return None
    if not stat.S_ISREG(found.st_mode):
        return None
    return [found.st_dev, found.st_ino, found.st_size, found.st_mtime_ns, found.st_ctime_ns]


def content_digest(raw: bytes) -> str:
    """The digest that ties kept data to the bytes of the file it was read from."""
    try:
        # BLAKE2 is built into Python: hashlib would load OpenSSL as well, which costs a
        # command about a third of a bare start and 3.5 MiB, for nothing here.
        from _blake2 import blake2b
    except ImportError:  # a Python built without it
        from hashlib import blake2b
    return blake2b(raw, digest_size=16).hexdigest()


class FileCache:
    """The kept data of the files of one kind, read from ``path`` when first asked for."""

    def __init__(self, path: Path, version: str, clock: Callable[[], float] = time.time
                 ) -> None:
        self.path = path
        self.version = version  # another crackcoach's cache is not used: its checks may differ
        self.clock = clock
        self._files: dict[str, dict[str, Any]] | None = None
        self._changed = False

    def data(self, file: Path, stamp: Stamp, digest: str) -> Any | None:
        """The data kept for ``file`` if kept under ``stamp`` from bytes of ``digest``."""
        kept = self._loaded().get(str(file))
        if kept is None or kept.get("stamp") != stamp or kept.get("digest") != digest:
            return None
        return kept.get("data")

    def keep(self, file: Path, before: Stamp, data: Any, digest: str) -> None:
        """Keep ``data``, read from ``file`` whose stamp was ``before`` the reading."""
        after = stamp_of(file)
        settled = after is not None and self.clock() - after[3] / 1e9 >= SETTLED_SECONDS
        files = self._loaded()
        dropped = files.pop(str(file), None)  # re-added last: the newest are kept longest
        kept = after == before and settled
        if kept:
            files[str(file)] = {"stamp": after, "digest": digest, "data": data}
        if kept or dropped is not None:
            self._changed = True

    def save(self) -> None:
        """Write the cache if anything changed; a failure only means no cache next time."""
        if not self._changed or self._files is None:
            return
        import json

        newest = list(self._files.items())[-MAX_FILES:]
        text = json.dumps({"format": FORMAT, "crackcoach": self.version,
                           "files": dict(newest)}, ensure_ascii=True, separators=(",", ":"))
        try:
            write_private(self.path, text)
        except (CrackcoachError, OSError):
            return
        self._changed = False

    def _loaded(self) -> dict[str, dict[str, Any]]:
        if self._files is None:
            self._files = self._read()
        return self._files

    def _read(self) -> dict[str, dict[str, Any]]:
        try:
            # A FIFO or a link put where the cache belongs must not stop or steer the command.
            raw = guarded.read_bytes(self.path, MAX_BYTES, follow=False)
        except guarded.Refused:
            return {}
        if raw is None:
            return {}
        return self._parse(raw)

    def _parse(self, raw: bytes) -> dict[str, dict[str, Any]]:
        import json

        try:
            content = json.loads(raw)
        except (ValueError, RecursionError):
            return {}
        if (not isinstance(content, dict) or content.get("format") != FORMAT
                or content.get("crackcoach") != self.version):
            return {}
        files = content.get("files")
        if not isinstance(files, dict):
            return {}
        return {name: kept for name, kept in files.items()
                if isinstance(kept, dict) and isinstance(kept.get("stamp"), list)}


def read_checked(path: Path, source: str, check: Callable[[yamlsafe.Document], T],
                 error: type[RoutineError], cache: FileCache | None = None) -> T:
    """Read the YAML file at ``path`` and ``check`` its data; ``error`` tells its problems.

    With a ``cache``, data kept from the unchanged file is checked instead of
    parsing the file again; a file read afresh is offered to the cache.
    ``source`` names the file in messages.
    """
    before = stamp_of(path) if cache is not None else None
    try:
        raw = yamlsafe.read_bytes(path)
    except yamlsafe.YamlProblem as exc:
        raise error([located(source, exc)]) from None
    digest = content_digest(raw) if cache is not None else ""
    if cache is not None and before is not None:
        # Kept data is used only for the very bytes it was read from: an edited cache
        # entry that copies the file's stamp is not trusted.
        kept = cache.data(path, before, digest)
        if kept is not None:
            try:
                return check(yamlsafe.Document(kept))
            except RoutineError:
                pass  # read the file itself: its problems are then told with their lines
    from crackcoach.base import yamlparse  # PyYAML: only for a file not kept

    try:
        doc = yamlparse.parse(yamlsafe.decode(raw))
    except yamlsafe.YamlProblem as exc:
        raise error([located(source, exc)]) from None
    found = check(doc)
    if cache is not None and before is not None:
        cache.keep(path, before, doc.data, digest)
    return found
